namespace RtcNative;

/// <summary>Pixel formats of <see cref="VideoFrame"/> and of the pixels written to a <see cref="VideoTrackGenerator"/>,
/// named by byte order in memory as WebCodecs does (<see cref="Rgba"/> = R, G, B, A bytes).</summary>
public enum VideoPixelFormat
{
    /// <summary>Planar 4:2:0: a Y plane, then U and V planes of half the width and height (rounded up).</summary>
    I420 = 0,

    /// <summary>Semi-planar 4:2:0: a Y plane, then one plane of interleaved U and V bytes.</summary>
    NV12 = 1,

    /// <summary>Packed, 4 bytes per pixel: R, G, B, A.</summary>
    Rgba = 2,

    /// <summary>Packed, 4 bytes per pixel: B, G, R, A.</summary>
    Bgra = 3,

    /// <summary>Packed, 4 bytes per pixel: A, R, G, B.</summary>
    Argb = 4,
}
