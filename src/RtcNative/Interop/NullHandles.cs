namespace RtcNative.Interop;

/// <summary>The NULL an optional handle parameter takes (e.g. replace_track without a track).</summary>
internal sealed partial class RtcnMediaTrackHandle
{
    /// <summary>A handle that passes NULL (a SafeHandle parameter cannot be null itself).</summary>
    public static RtcnMediaTrackHandle Null => new();
}
