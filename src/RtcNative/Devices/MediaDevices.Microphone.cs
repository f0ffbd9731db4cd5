using RtcNative.Interop;

namespace RtcNative;

// Microphone tracks, for getUserMedia (which resolves constraints into a device id and MicrophoneOptions).
public sealed partial class MediaDevices
{
    /// <summary>A live track capturing the audio input <paramref name="deviceId"/> ("default" or an id from
    /// <see cref="EnumerateDevicesAsync"/>) on a native thread, processed as <paramref name="options"/> asks. The track
    /// carries only this input; stopping it (and its clones) releases the device. When the input goes away the track
    /// ends and raises <see cref="MediaStreamTrack.Ended"/> (clones end too, without the event).</summary>
    /// <exception cref="RTCException">"NotFoundError": no audio input has that id; "NotReadableError": the input
    /// could not be opened.</exception>
    internal unsafe MediaStreamTrack OpenMicrophone(string deviceId, MicrophoneOptions options, MediaTrackConstraints? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(options);
        var devices = AudioDeviceList.Query();
        var name = devices.InputName(deviceId)
            ?? throw new RTCException(DomErrorNames.NotFound, $"No audio input has the id '{deviceId}'.");
        var groupId = devices.Inputs.FirstOrDefault(d => d.DeviceId == deviceId)?.GroupId;
        var native = new RtcnMicrophoneOptions
        {
            EchoCancellation = options.EchoCancellation ? 1 : 0,
            NoiseSuppression = options.NoiseSuppression ? 1 : 0,
            AutoGainControl = options.AutoGainControl ? 1 : 0,
            SampleRate = options.SampleRate,
            ChannelCount = options.ChannelCount,
        };
        var status = RtcnNativeMethods.rtcn_microphone_open(Factory.Handle, name, &native, null, out var track);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            track.Dispose();
            throw error;
        }

        var microphone = MediaStreamTrack.FromNative(track);
        microphone.AttachMicrophone(new MicrophoneSettings(deviceId, groupId, options), constraints);
        MicrophoneEndWatcher.Watch(microphone.StartDeviceTrackGroup());
        return microphone;
    }

    /// <summary>getUserMedia's audio half (the <see cref="AudioCaptureProvider"/>): SelectSettings over every audio
    /// input's configurations, then <see cref="OpenMicrophone"/>. Each input offers 48 kHz (what Chrome reports for a
    /// PulseAudio input; the server resamples, and ALSA's plug layer where the device needs it), mono or stereo, and
    /// each processing switch on or off; the order of the candidates breaks ties as Chrome's defaults do: the default
    /// input, mono, processing on.</summary>
    private Task<MediaStreamTrack> SelectAndOpenMicrophoneAsync(MediaTrackConstraints constraints, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var inputs = AudioDeviceList.Query().Inputs;
            if (inputs.Count == 0)
            {
                throw new RTCException(DomErrorNames.NotFound, "NotFoundError: no microphone is available (no PulseAudio server or ALSA device, or no input).");
            }

            var selected = ConstraintSelection.Select(MicrophoneCandidates(inputs), constraints);
            var options = (MicrophoneOptions)selected.Candidate.Tag!;
            cancellationToken.ThrowIfCancellationRequested();
            return OpenMicrophone(selected.Candidate.DeviceId!, options, constraints);
        }, cancellationToken);

    private static List<SettingsCandidate> MicrophoneCandidates(IReadOnlyList<MediaDeviceInfo> inputs)
    {
        bool[] onFirst = [true, false];
        var candidates = new List<SettingsCandidate>(inputs.Count * 16);
        foreach (var input in inputs)
        {
            foreach (var channels in (int[])[1, 2])
            {
                foreach (var echo in onFirst)
                {
                    foreach (var noise in onFirst)
                    {
                        foreach (var gain in onFirst)
                        {
                            var options = new MicrophoneOptions
                            {
                                EchoCancellation = echo, NoiseSuppression = noise, AutoGainControl = gain,
                                SampleRate = 48000, ChannelCount = channels,
                            };
                            candidates.Add(new SettingsCandidate
                            {
                                DeviceId = input.DeviceId, GroupId = input.GroupId,
                                SampleRate = options.SampleRate, ChannelCount = channels,
                                EchoCancellation = echo, NoiseSuppression = noise, AutoGainControl = gain,
                                Tag = options,
                            });
                        }
                    }
                }
            }
        }

        return candidates;
    }
}
