namespace RtcNative;

/// <summary>
/// What <see cref="MediaDevices.GetDisplayMediaAsync"/> captures (after the W3C DisplayMediaStreamOptions and the
/// displaySurface and frameRate constraints). There is no picker: the caller names the surface. Video only.
/// </summary>
public sealed class DisplayMediaStreamOptions
{
    /// <summary>The X display to capture, such as ":99"; null uses the DISPLAY environment variable.</summary>
    public string? Display { get; init; }

    /// <summary>"monitor" (the whole screen, the default) or "window" (one window, named by <see cref="WindowId"/>
    /// or <see cref="WindowTitle"/>). "browser" (a tab) does not exist here.</summary>
    public string DisplaySurface { get; init; } = "monitor";

    /// <summary>For "window": the X window id of the window to capture.</summary>
    public ulong? WindowId { get; init; }

    /// <summary>For "window" without <see cref="WindowId"/>: the first top-level window whose title contains this
    /// text.</summary>
    public string? WindowTitle { get; init; }

    /// <summary>Frames captured per second, 1 to 120; null = 30 (Chrome's default for getDisplayMedia).</summary>
    public double? FrameRate { get; init; }
}
