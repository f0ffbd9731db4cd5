namespace RtcNative;

/// <summary>A range of real numbers a track can take (W3C DoubleRange, in <see cref="MediaTrackCapabilities"/>).</summary>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public sealed record DoubleRange(double Min, double Max);
