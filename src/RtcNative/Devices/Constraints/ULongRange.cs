namespace RtcNative;

/// <summary>A range of whole numbers a track can take (W3C ULongRange, in <see cref="MediaTrackCapabilities"/>).</summary>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public sealed record ULongRange(uint Min, uint Max);
