namespace RtcNative;

/// <summary>W3C RTCDegradationPreference: what a video sender gives up first when bandwidth or CPU is short.</summary>
public enum RTCDegradationPreference
{
    /// <summary>"maintain-framerate": lower the resolution first.</summary>
    MaintainFramerate,

    /// <summary>"maintain-resolution": lower the frame rate first.</summary>
    MaintainResolution,

    /// <summary>"balanced": both.</summary>
    Balanced,
}
