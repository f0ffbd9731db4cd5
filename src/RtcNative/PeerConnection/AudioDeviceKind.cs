namespace RtcNative;

/// <summary>Which audio device a <see cref="PeerConnectionFactory"/> drives.</summary>
public enum AudioDeviceKind
{
    /// <summary>The platform device (on Linux: PulseAudio when its server answers, else ALSA when it lists an output);
    /// <see cref="Headless"/> when there is none.</summary>
    Auto,

    /// <summary>The platform device; creating the factory fails when there is none.</summary>
    Platform,

    /// <summary>libwebrtc's dummy device: silent, and nothing pulls playout, so remote audio reaches no sink
    /// (a <see cref="MediaStreamTrackProcessor"/> on a remote audio track receives nothing). Use
    /// <see cref="Headless"/> to process remote audio without hardware.</summary>
    Dummy,

    /// <summary>No hardware, for servers and tests: playout is pulled every 10 ms, so remote audio reaches
    /// processors (nothing is played), and nothing is recorded.</summary>
    Headless,
}
