using System.Collections.Concurrent;

namespace RtcNative.Tests;

/// <summary>
/// Records a connection's SignalingStateChange events, each with the SignalingState property read inside the
/// handler, interleaved with markers the test adds when a task completed: shows that an event came before
/// the task that caused it completed (webrtc-pc fires signalingstatechange before resolving).
/// </summary>
internal sealed class SignalingRecorder
{
    private readonly ConcurrentQueue<string> _entries = new();

    public SignalingRecorder(RTCPeerConnection connection) =>
        connection.SignalingStateChange += (sender, state) =>
            _entries.Enqueue(state == ((RTCPeerConnection)sender!).SignalingState ? state.ToString() : $"{state} (property differs)");

    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>Awaits <paramref name="task"/> (bounded), then records <paramref name="marker"/>.</summary>
    public async Task MarkAsync(Task task, string marker)
    {
        await task.WithTimeout();
        _entries.Enqueue(marker);
    }

    public async Task<T> MarkAsync<T>(Task<T> task, string marker)
    {
        var result = await task.WithTimeout();
        _entries.Enqueue(marker);
        return result;
    }
}
