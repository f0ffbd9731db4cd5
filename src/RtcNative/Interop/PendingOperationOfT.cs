namespace RtcNative.Interop;

/// <summary>A <see cref="PendingOperation"/> whose outcome completes a <see cref="Task{TResult}"/>
/// (continuations run asynchronously, never inline on the dispatcher).</summary>
internal sealed class PendingOperation<TResult> : PendingOperation
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _cancellation;

    public PendingOperation(RTCPeerConnection owner, string name, CancellationToken cancellationToken)
        : base(owner, name)
    {
        if (cancellationToken.CanBeCanceled)
        {
            // Cancelling completes the task only: the native operation runs on and its outcome is ignored.
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingOperation<TResult>)state!)._completion.TrySetCanceled(token), this);
        }
    }

    public Task<TResult> Task => _completion.Task;

    public override void Fault(Exception exception)
    {
        _cancellation.Dispose();
        _completion.TrySetException(exception);
    }

    protected override void Succeed(object? result)
    {
        _cancellation.Dispose();
        _completion.TrySetResult((TResult)result!);
    }
}
