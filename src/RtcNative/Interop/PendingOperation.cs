using System.Runtime.InteropServices;
using RtcNative.Threading;

namespace RtcNative.Interop;

/// <summary>
/// One native async operation in flight. A normal GCHandle to it is the operation's
/// op_user_data: it keeps the operation (and so its connection) alive until the native side
/// completes it, which it does exactly once; the completion trampoline frees the handle and
/// queues the outcome on the connection's dispatcher, so events the engine raised before the
/// completion (e.g. a signaling state change) reach handlers before the task completes.
/// </summary>
internal abstract class PendingOperation : IDispatchTarget
{
    private nint _userData;

    protected PendingOperation(RTCPeerConnection owner, string name)
    {
        Owner = owner;
        Name = name;
        _userData = GCHandle.ToIntPtr(GCHandle.Alloc(this));
    }

    public RTCPeerConnection Owner { get; }

    /// <summary>The W3C method name, for logs.</summary>
    public string Name { get; }

    /// <summary>The op_user_data to pass to the native call.</summary>
    public nint UserData => _userData;

    /// <summary>Called by a completion trampoline (on a native thread): frees the GCHandle and
    /// queues <paramref name="outcome"/> (a result, null, or an exception) on the owner's dispatcher.</summary>
    public static void Complete(nint userData, object? outcome)
    {
        var handle = GCHandle.FromIntPtr(userData);
        var operation = (PendingOperation)handle.Target!;
        operation._userData = 0;
        handle.Free();
        operation.Owner.Post(operation, outcome);
    }

    /// <summary>Frees the GCHandle after the native call failed: then no completion ever comes.</summary>
    public void Abandon()
    {
        var userData = Interlocked.Exchange(ref _userData, 0);
        if (userData != 0)
        {
            GCHandle.FromIntPtr(userData).Free();
        }
    }

    /// <summary>Faults the task unless it already finished; the later native completion is then ignored.</summary>
    public abstract void Fault(Exception exception);

    protected abstract void Succeed(object? result);

    void IDispatchTarget.Dispatch(in DispatchItem item)
    {
        Owner.ForgetOperation(this);
        if (item.Payload is Exception exception)
        {
            Log.OperationFailed(Owner.Logger, Owner.Number, Name, exception);
            Fault(exception);
        }
        else
        {
            Log.OperationCompleted(Owner.Logger, Owner.Number, Name);
            Succeed(item.Payload);
        }
    }
}
