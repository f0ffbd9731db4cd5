using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>
/// Trickle ICE between two in-process peers: forwards each candidate one side gathers (the final
/// null included) to the other side, in order, once the other side has a remote description
/// (as a signaling app must queue them).
/// </summary>
internal sealed class CandidateRelay
{
    private readonly RTCPeerConnection _to;
    private readonly TaskCompletionSource _remoteDescriptionSet = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sync = new();
    private Task _tail = Task.CompletedTask;

    public CandidateRelay(RTCPeerConnection from, RTCPeerConnection to)
    {
        _to = to;
        from.IceCandidate += (_, e) =>
        {
            Gathered.Enqueue(e.Candidate);
            lock (_sync)
            {
                _tail = ForwardAfter(_tail, e.Candidate);
            }
        };
    }

    /// <summary>What the sending side gathered, in order (null = end of gathering).</summary>
    public ConcurrentQueue<RTCIceCandidate?> Gathered { get; } = new();

    /// <summary>Errors of AddIceCandidateAsync on the receiving side.</summary>
    public ConcurrentQueue<Exception> Errors { get; } = new();

    /// <summary>Completes once the end of gathering was forwarded (every candidate before it was added).</summary>
    public Task AllForwardedAsync() => _allForwarded.Task.WithTimeout();

    private readonly TaskCompletionSource _allForwarded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tells the relay that the receiving side now has a remote description.</summary>
    public void RemoteDescriptionSet() => _remoteDescriptionSet.TrySetResult();

    private async Task ForwardAfter(Task previous, RTCIceCandidate? candidate)
    {
        // ConfigureAwait(false): the handler may run on a test's own SynchronizationContext, which is gone
        // once the test ends while late candidates still trickle in.
        await previous.ConfigureAwait(false);
        await _remoteDescriptionSet.Task.ConfigureAwait(false);
        try
        {
            await _to.AddIceCandidateAsync(candidate).WithTimeout().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Errors.Enqueue(exception);
        }

        if (candidate is null)
        {
            _allForwarded.TrySetResult();
        }
    }
}
