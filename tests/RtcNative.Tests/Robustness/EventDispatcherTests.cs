using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcNative.Threading;

namespace RtcNative.Tests;

public sealed class EventDispatcherTests
{
    [Test]
    public async Task RunsItemsOneAtATimeInOrder()
    {
        using var dispatcher = new EventDispatcher(NullLogger.Instance);
        var target = new RecordingTarget(expected: 1000);

        for (var i = 0; i < 1000; i++)
        {
            dispatcher.Enqueue(new DispatchItem(target, i));
        }

        await target.Done.WithTimeout();
        Assert.That(target.Kinds, Is.EqualTo(Enumerable.Range(0, 1000)));
        Assert.That(target.MaxConcurrency, Is.EqualTo(1));
    }

    [Test]
    public async Task KeepsOrderWhenManyThreadsEnqueue()
    {
        using var dispatcher = new EventDispatcher(NullLogger.Instance);
        var target = new RecordingTarget(expected: 4 * 500);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                dispatcher.Enqueue(new DispatchItem(target, thread * 1000 + i));
            }
        })));

        await target.Done.WithTimeout();
        Assert.That(target.MaxConcurrency, Is.EqualTo(1));
        for (var thread = 0; thread < 4; thread++)
        {
            var ofThread = target.Kinds.Where(k => k / 1000 == thread).ToArray();
            Assert.That(ofThread, Is.EqualTo(Enumerable.Range(thread * 1000, 500)), "per-producer order");
        }
    }

    [Test]
    public async Task AThrowingItemIsLoggedAndTheNextOnesStillRun()
    {
        var logger = new CountingLogger();
        using var dispatcher = new EventDispatcher(logger);
        var target = new RecordingTarget(expected: 3) { ThrowOn = 1 };

        for (var i = 0; i < 3; i++)
        {
            dispatcher.Enqueue(new DispatchItem(target, i));
        }

        await target.Done.WithTimeout();
        Assert.That(target.Kinds, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(logger.Errors, Is.EqualTo(1));
    }

    [Test]
    public async Task PauseHoldsItemsBackUntilResume()
    {
        using var dispatcher = new EventDispatcher(NullLogger.Instance);
        var target = new RecordingTarget(expected: 2);

        dispatcher.Pause();
        dispatcher.Enqueue(new DispatchItem(target, 0));
        dispatcher.Enqueue(new DispatchItem(target, 1));
        await Task.Delay(100);
        Assert.That(target.Kinds, Is.Empty);
        dispatcher.Resume();

        await target.Done.WithTimeout();
        Assert.That(target.Kinds, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public async Task DisposeDropsQueuedAndLaterItems()
    {
        var dispatcher = new EventDispatcher(NullLogger.Instance);
        var target = new RecordingTarget(expected: 1);

        dispatcher.Pause();
        dispatcher.Enqueue(new DispatchItem(target, 0));
        dispatcher.Dispose();
        dispatcher.Resume();
        dispatcher.Enqueue(new DispatchItem(target, 1));
        await Task.Delay(100);

        Assert.That(target.Kinds, Is.Empty);
    }

    private sealed class RecordingTarget(int expected) : IDispatchTarget
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<int> _kinds = [];
        private int _running;

        public int? ThrowOn { get; init; }

        public int MaxConcurrency { get; private set; }

        public Task Done => _done.Task;

        public int[] Kinds
        {
            get
            {
                lock (_kinds)
                {
                    return [.. _kinds];
                }
            }
        }

        public void Dispatch(in DispatchItem item)
        {
            var running = Interlocked.Increment(ref _running);
            MaxConcurrency = Math.Max(MaxConcurrency, running);
            Thread.SpinWait(50);
            lock (_kinds)
            {
                _kinds.Add(item.Kind);
                if (_kinds.Count == expected)
                {
                    _done.TrySetResult();
                }
            }

            Interlocked.Decrement(ref _running);
            if (item.Kind == ThrowOn)
            {
                throw new InvalidOperationException("a buggy handler");
            }
        }
    }

    private sealed class CountingLogger : ILogger
    {
        private int _errors;

        public int Errors => Volatile.Read(ref _errors);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error && exception is not null)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }
}
