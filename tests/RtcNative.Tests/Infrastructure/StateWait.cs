namespace RtcNative.Tests;

/// <summary>Waits for an object's state, whether it is reached already or later (bounded by WithTimeout).</summary>
internal static class StateWait
{
    /// <summary>Completes when <paramref name="current"/> reads <paramref name="state"/> or a change event
    /// (subscribed by <paramref name="subscribe"/> before the current state is read) carries it.</summary>
    public static Task ReachedAsync<T>(Func<T> current, Action<EventHandler<T>> subscribe, T state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, s) =>
        {
            if (EqualityComparer<T>.Default.Equals(s, state))
            {
                reached.TrySetResult();
            }
        });
        if (EqualityComparer<T>.Default.Equals(current(), state))
        {
            reached.TrySetResult();
        }

        return reached.Task.WithTimeout();
    }
}
