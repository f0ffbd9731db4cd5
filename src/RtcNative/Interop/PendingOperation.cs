using System.Runtime.InteropServices;
using RtcNative.Threading;

namespace RtcNative.Interop;

/// <summary>How an operation ended, as its completion carries it to the connection's dispatcher.</summary>
/// <param name="Result">The result on success (a description, the stats JSON), else null.</param>
/// <param name="Error">The failure, or null on success.</param>
/// <param name="Canceled">The engine did not perform it: canceled before its turn in the operations chain.</param>
/// <param name="State">The session after the operation, when the engine says it changed.</param>
/// <param name="FromNative">The engine's own completion (the last thing it says about the operation).</param>
internal sealed record OperationOutcome(object? Result, Exception? Error, bool Canceled, SessionState? State, bool FromNative);

/// <summary>
/// One native async operation in flight. A normal GCHandle to it is the operation's op_user_data: it keeps the
/// operation (and so its connection) alive until the engine completes it, which it does exactly once, in the order
/// of the connection's operations chain and of its events. The completion trampoline only queues the outcome on the
/// connection's dispatcher; there the connection applies the session state, raises its events and completes the
/// task, in one step. A cancellation request is forwarded to the engine, which honours it only while the operation
/// still waits for its turn.
/// </summary>
internal abstract class PendingOperation : IDispatchTarget
{
    private GCHandle _self;
    private CancellationTokenRegistration _cancellation;
    private int _handleFreed;

    protected PendingOperation(RTCPeerConnection owner, OperationKind kind, CancellationToken cancellationToken)
    {
        Owner = owner;
        Kind = kind;
        CancellationToken = cancellationToken;
        _self = GCHandle.Alloc(this);
    }

    public RTCPeerConnection Owner { get; }

    public OperationKind Kind { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The W3C method name, for messages and logs.</summary>
    public string Name => Kind.W3CName();

    /// <summary>The op_user_data to pass to the native call.</summary>
    public nint UserData => GCHandle.ToIntPtr(_self);

    public abstract Task Task { get; }

    /// <summary>Once the engine accepted the operation: a cancellation asks it not to start the operation.</summary>
    public void ForwardCancellation()
    {
        if (CancellationToken.CanBeCanceled)
        {
            _cancellation = CancellationToken.UnsafeRegister(static state =>
            {
                var operation = (PendingOperation)state!;
                operation.Owner.CancelNative(operation);
            }, this);
        }
    }

    /// <summary>Called by a completion trampoline (on a native thread): queues the outcome on the owner's dispatcher.</summary>
    public static unsafe void Complete(nint userData, RtcnError* error, object? result, SessionState? state)
    {
        var operation = (PendingOperation)GCHandle.FromIntPtr(userData).Target!;
        var canceled = error is not null && error->Status == RtcnStatus.ErrorCanceled;
        var exception = error is null || canceled ? null : RtcnErrors.FromNative(error);
        operation.Owner.Post(operation, new OperationOutcome(result, exception, canceled, state, FromNative: true));
    }

    /// <summary>The native call failed: no completion will ever come.</summary>
    public void Abandon() => FreeHandle();

    void IDispatchTarget.Dispatch(in DispatchItem item)
    {
        var outcome = (OperationOutcome)item.Payload!;
        if (outcome.FromNative)
        {
            // No cancellation call may run with a freed op_user_data (it could name a newer operation).
            _cancellation.Dispose();
            FreeHandle();
        }

        Owner.CompleteOperation(this, outcome);
    }

    /// <summary>Converts the engine's result (throws when it is unusable); the returned action completes the task
    /// with it, so the connection can complete under its lock without converting there.</summary>
    public abstract Action PrepareSuccess(object? result);

    public abstract bool TryFault(Exception exception);

    public abstract bool TryCancel();

    private void FreeHandle()
    {
        if (Interlocked.Exchange(ref _handleFreed, 1) == 0)
        {
            _self.Free();
        }
    }
}

/// <summary>A <see cref="PendingOperation"/> whose outcome completes a <see cref="Task{TResult}"/> (continuations run
/// asynchronously, never inline on the dispatcher).</summary>
internal sealed class PendingOperation<TResult> : PendingOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<object?, TResult> _convert;

    public PendingOperation(RTCPeerConnection owner, OperationKind kind, CancellationToken cancellationToken, Func<object?, TResult> convert)
        : base(owner, kind, cancellationToken) => _convert = convert;

    public override Task<TResult> Task => _completion.Task;

    public override Action PrepareSuccess(object? result)
    {
        var value = _convert(result);
        return () => _completion.TrySetResult(value);
    }

    public override bool TryFault(Exception exception) => _completion.TrySetException(exception);

    public override bool TryCancel() => _completion.TrySetCanceled(CancellationToken);
}
