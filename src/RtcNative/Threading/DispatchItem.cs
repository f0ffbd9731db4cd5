namespace RtcNative.Threading;

/// <summary>
/// One queued event: what the target needs to raise it, copied out of the native callback.
/// A struct so that queueing allocates nothing beyond the payload itself.
/// </summary>
/// <param name="Target">Who raises the event.</param>
/// <param name="Kind">Which event, in the target's own numbering.</param>
/// <param name="Payload">Copied data (a byte[], a string, an exception, ...), if any.</param>
/// <param name="Value">A scalar argument (a state, a byte count, an event id), if any.</param>
internal readonly record struct DispatchItem(IDispatchTarget Target, int Kind, object? Payload = null, long Value = 0);
