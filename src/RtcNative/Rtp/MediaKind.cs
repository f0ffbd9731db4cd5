namespace RtcNative;

/// <summary>The kind of a track or transceiver (W3C "audio" / "video").</summary>
public enum MediaKind
{
    /// <summary>"audio".</summary>
    Audio,

    /// <summary>"video".</summary>
    Video,
}
