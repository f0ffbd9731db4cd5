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
    internal unsafe MediaStreamTrack OpenMicrophone(string deviceId, MicrophoneOptions options)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(options);
        var name = AudioDeviceList.Query().InputName(deviceId)
            ?? throw new RTCException(DomErrorNames.NotFound, $"No audio input has the id '{deviceId}'.");
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
        MicrophoneEndWatcher.Watch(microphone);
        return microphone;
    }
}
