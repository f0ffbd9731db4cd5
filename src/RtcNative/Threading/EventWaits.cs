namespace RtcNative.Threading;

/// <summary>
/// Waiting for an event-completed task with a safety net: some ends raise no event (a disposed channel
/// or connection raises nothing more; a local <c>Close()</c> raises no state change), so a waiter also
/// re-checks the state it waits for now and then. Events complete the wait at once; the poll only bounds
/// how long a wait can outlive the object it waits on.
/// </summary>
internal static class EventWaits
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Awaits <paramref name="signal"/>, calling <paramref name="isOver"/> every <see cref="PollInterval"/>;
    /// returns when the signal completes or <paramref name="isOver"/> returns true. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is canceled first.</summary>
    public static async Task WaitAsync(Task signal, Func<bool> isOver, CancellationToken cancellationToken)
    {
        while (!signal.IsCompleted)
        {
            using (var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var delay = Task.Delay(PollInterval, poll.Token);
                var first = await Task.WhenAny(signal, delay).ConfigureAwait(false);
                poll.Cancel(); // releases the timer when the signal won
                if (first == signal)
                {
                    break;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (isOver())
            {
                return;
            }
        }

        await signal.ConfigureAwait(false);
    }

    /// <summary>The blocking form of <see cref="WaitAsync"/>.</summary>
    public static void Wait(Task signal, Func<bool> isOver, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (signal.Wait(PollInterval, cancellationToken))
                {
                    break;
                }
            }
            catch (AggregateException exception) when (exception.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerExceptions[0]);
            }

            if (isOver())
            {
                return;
            }
        }

        signal.GetAwaiter().GetResult();
    }
}
