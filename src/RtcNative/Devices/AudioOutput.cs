using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// Where a factory's remote audio plays (after HTMLMediaElement.setSinkId): the platform audio device
/// (<see cref="AudioDeviceKind.Platform"/>) plays every received audio track of the factory's connections on one
/// output. Reached as <see cref="PeerConnectionFactory.AudioOutput"/>. With the headless or dummy device nothing
/// plays: choosing an output or a volume then fails with "InvalidStateError".
/// </summary>
public sealed class AudioOutput
{
    private readonly PeerConnectionFactory _factory;
    private readonly Lock _lock = new();
    private string _sinkId = "";

    internal AudioOutput(PeerConnectionFactory factory) => _factory = factory;

    /// <summary>The output's device id ("" = the platform's default, as in the spec).</summary>
    public string SinkId
    {
        get
        {
            lock (_lock)
            {
                return _sinkId;
            }
        }
    }

    /// <summary>Plays on the audio output <paramref name="deviceId"/> (an "audiooutput" id from
    /// <see cref="MediaDevices.EnumerateDevicesAsync"/>, "default", or "" for the default); playout restarts there.</summary>
    /// <exception cref="RTCException">"NotFoundError": no audio output has that id; "InvalidStateError": the factory's
    /// audio device plays nowhere (headless or dummy).</exception>
    public Task SetSinkIdAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return Task.Run(() =>
        {
            RequirePlatform();
            string? name = null;
            if (deviceId.Length > 0)
            {
                name = AudioDeviceList.Query().OutputName(deviceId)
                    ?? throw new RTCException(DomErrorNames.NotFound, $"No audio output has the id '{deviceId}'.");
            }

            lock (_lock)
            {
                RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_factory_set_playout_device(_factory.Handle, name));
                _sinkId = deviceId;
            }
        }, cancellationToken);
    }

    /// <summary>The playout volume, 0 (silent) to 1 (the output's full volume); kept across outputs and calls.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0..1.</exception>
    /// <exception cref="RTCException">"InvalidStateError": the factory's audio device plays nowhere.</exception>
    public double Volume
    {
        get
        {
            RequirePlatform();
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_factory_get_playout_volume(_factory.Handle, out var volume));
            return volume;
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0.0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            RequirePlatform();
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_factory_set_playout_volume(_factory.Handle, value));
        }
    }

    private void RequirePlatform()
    {
        if (_factory.AudioDevice != AudioDeviceKind.Platform)
        {
            throw new RTCException(DomErrorNames.InvalidState,
                $"This factory's audio device ({_factory.AudioDevice}) plays nowhere: create the factory with AudioDeviceKind.Platform to choose an audio output.");
        }
    }
}
