namespace RtcNative;

/// <summary>Which audio device a <see cref="PeerConnectionFactory"/> drives.</summary>
public enum AudioDeviceKind
{
    /// <summary>The platform device (PulseAudio, then ALSA on Linux); the silent dummy device when none initializes.</summary>
    Auto,

    /// <summary>The platform device; creating the factory fails when none initializes.</summary>
    Platform,

    /// <summary>No device: silent playout and capture, for servers and tests.</summary>
    Dummy,
}
