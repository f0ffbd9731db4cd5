namespace RtcNative.Threading;

/// <summary>An object whose events an <see cref="EventDispatcher"/> delivers.</summary>
internal interface IDispatchTarget
{
    /// <summary>Raises the event <paramref name="item"/> describes; runs on the dispatcher, one item at a time.</summary>
    void Dispatch(in DispatchItem item);
}
