using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RtcNative.Interop;

namespace RtcNative.Tests;

// libwebrtc's sink is process-wide: these tests assume no other test holds a factory with a logger meanwhile
// (NUnit runs this assembly's tests one at a time).
public sealed class LoggingTests
{
    [Test]
    public async Task OwnCallsAndFailuresAreLoggedAtDebug()
    {
        var provider = new RecordingProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(provider));
        using var factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions
        {
            AudioDevice = AudioDeviceKind.Dummy,
            IncludeLoopback = true,
            NetworkInterfaces = ["lo"],
            LoggerFactory = loggerFactory,
        });
        using var connection = factory.CreatePeerConnection();

        await connection.CreateOfferAsync().WithTimeout();
        Assert.That(async () => await connection.CreateAnswerAsync().WithTimeout(), Throws.TypeOf<RTCException>());

        Assert.That(await Timeouts.PollAsync(() => provider.Own.Any(l => l.Text.Contains("createAnswer failed"))), Is.True,
            string.Join(Environment.NewLine, provider.Own.Select(l => l.Text)));
        Assert.That(provider.Own.Select(l => l.Text), Has.Some.Contains("Connection").And.Contains("created"));
        Assert.That(provider.Own.Select(l => l.Text), Has.Some.Contains("createOffer completed"));
        Assert.That(provider.Own.Select(l => l.Level), Has.All.EqualTo(LogLevel.Debug));
    }

    [Test]
    public void WithoutALoggerTheLibWebRtcSinkStaysDetached()
    {
        using var factory = TestFactory.CreateLoopback();
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.None));

        // A logger that has none of the mapped levels enabled for libwebrtc's category does not attach it either.
        using var quiet = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug)
            .AddFilter(LibWebRtcLogRouter.Category, LogLevel.None).AddProvider(new RecordingProvider()));
        using var quietFactory = CreateFactory(quiet);
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.None));
    }

    [Test]
    public void TheSinkFollowsTheLowestLevelAnyLiveFactoryWantsAndDetachesWithTheLast()
    {
        using var warnings = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(new RecordingProvider()));
        using var debug = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(new RecordingProvider()));
        using var trace = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(new RecordingProvider()));

        var warningFactory = CreateFactory(warnings);
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.Warning));
        var traceFactory = CreateFactory(trace);
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.Verbose));
        var debugFactory = CreateFactory(debug);
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.Verbose));

        traceFactory.Dispose();
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.Info), "libwebrtc INFO maps to Debug");
        debugFactory.Dispose();
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.Warning));
        warningFactory.Dispose();
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.None));
        warningFactory.Dispose();
        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.None), "Dispose is idempotent");
    }

    [Test]
    public async Task LibWebRtcLinesReachTheLoggerOfEveryFactoryThatAskedOffLibWebRtcThreads()
    {
        var tracing = new RecordingProvider();
        var debugging = new RecordingProvider();
        var warning = new RecordingProvider();
        using var traceLoggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(tracing));
        using var debugLoggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(debugging));
        using var warningLoggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(warning));
        using var traceFactory = CreateFactory(traceLoggers);
        using var debugFactory = CreateFactory(debugLoggers);
        using var warningFactory = CreateFactory(warningLoggers);

        // The connection lives on the warning-only factory: the sink is global, the lines reach every logger that wants them.
        using (var channels = await ConnectedChannels.OpenAsync(warningFactory))
        {
            channels.Local.Send("logged");
        }

        Assert.That(await Timeouts.PollAsync(() => tracing.LibWebRtcLines.Any(l => l.Level == LogLevel.Trace)
                && debugging.LibWebRtcLines.Any(l => l.Level == LogLevel.Debug)), Is.True,
            $"trace logger: {tracing.LibWebRtcLines.Count} lines, debug logger: {debugging.LibWebRtcLines.Count} lines");

        var lines = tracing.LibWebRtcLines.ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.Select(l => l.Level), Has.All.AnyOf(LogLevel.Trace, LogLevel.Debug, LogLevel.Warning, LogLevel.Error));
            Assert.That(lines.Select(l => l.Text), Has.All.Not.EndsWith("\n"));
            Assert.That(debugging.LibWebRtcLines.Select(l => l.Level), Has.None.EqualTo(LogLevel.Trace));
            Assert.That(warning.LibWebRtcLines.Select(l => l.Level), Has.All.AnyOf(LogLevel.Warning, LogLevel.Error));
            Assert.That(lines.Select(l => l.Thread), Has.None.StartsWith("rtcn-"), "a logger ran on a libwebrtc thread");
            Assert.That(lines.Select(l => l.IsThreadPoolThread), Has.All.True);
        }
    }

    [Test]
    public async Task FactoriesSharingALoggerFactoryGetEachLineOnce()
    {
        var provider = new RecordingProvider();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(provider));
        using var first = CreateFactory(loggers);
        using (var second = CreateFactory(loggers))
        {
            LibWebRtcLogRouter.Post(RtcnLogSeverity.Warning, "shared line");
            Assert.That(await Timeouts.PollAsync(() => provider.LibWebRtcLines.Any(l => l.Text == "shared line")), Is.True);
            await Task.Delay(100);
            Assert.That(provider.LibWebRtcLines.Count(l => l.Text == "shared line"), Is.EqualTo(1));
        }

        Assert.That(LibWebRtcLogRouter.AttachedSeverity, Is.EqualTo(RtcnLogSeverity.Warning), "the first factory still wants warnings");
    }

    [Test]
    public async Task AFloodIsBoundedAndTheDropsAreReported()
    {
        var gate = new ManualResetEventSlim(false);
        var provider = new RecordingProvider { Gate = gate };
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(provider));
        using var factory = CreateFactory(loggers);
        var droppedBefore = LibWebRtcLogRouter.DroppedLineCount;
        try
        {
            // The first line blocks the drain inside the logger; the queue then fills and the rest are dropped.
            const int Extra = 500;
            for (var i = 0; i < LibWebRtcLogRouter.Capacity + Extra + 1; i++)
            {
                LibWebRtcLogRouter.Post(RtcnLogSeverity.Warning, $"flood {i}");
            }

            Assert.That(LibWebRtcLogRouter.DroppedLineCount - droppedBefore, Is.GreaterThanOrEqualTo(Extra));
        }
        finally
        {
            gate.Set();
        }

        Assert.That(await Timeouts.PollAsync(() => provider.LibWebRtc.Any(l => l.Text.Contains("lines were dropped"))), Is.True);
        Assert.That(provider.LibWebRtc.Count(l => l.Text.StartsWith("flood ", StringComparison.Ordinal)), Is.LessThanOrEqualTo(LibWebRtcLogRouter.Capacity + 1));
    }

    [Test]
    public async Task AThrowingLoggerDoesNotStopTheOthers()
    {
        var good = new RecordingProvider();
        using var throwing = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(new ThrowingProvider()));
        using var recording = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(good));
        using var throwingFactory = CreateFactory(throwing);
        using var goodFactory = CreateFactory(recording);

        LibWebRtcLogRouter.Post(RtcnLogSeverity.Error, "first");
        LibWebRtcLogRouter.Post(RtcnLogSeverity.Error, "second");

        Assert.That(await Timeouts.PollAsync(() => good.LibWebRtc.Count(l => l.Text is "first" or "second") == 2), Is.True);
    }

    private static PeerConnectionFactory CreateFactory(ILoggerFactory loggers) => new(new PeerConnectionFactoryOptions
    {
        IncludeLoopback = true,
        NetworkInterfaces = ["lo"],
        AudioDevice = AudioDeviceKind.Dummy,
        LoggerFactory = loggers,
    });

    internal readonly record struct Line(string Category, int EventId, LogLevel Level, string Text, string Thread, bool IsThreadPoolThread);

    /// <summary>Records every line with its category and the thread that logged it.</summary>
    internal sealed class RecordingProvider : ILoggerProvider
    {
        public ConcurrentQueue<Line> Lines { get; } = new();

        /// <summary>When set, logging waits on it (a slow logger).</summary>
        public ManualResetEventSlim? Gate { get; init; }

        public IEnumerable<Line> Own => Lines.Where(l => l.Category == "RtcNative");

        /// <summary>Everything logged in libwebrtc's category (its lines, drop reports, sink changes).</summary>
        public IReadOnlyCollection<Line> LibWebRtc => Lines.Where(l => l.Category == "RtcNative.LibWebRtc").ToArray();

        /// <summary>libwebrtc's own lines only.</summary>
        public IReadOnlyCollection<Line> LibWebRtcLines => Lines.Where(l => l.Category == "RtcNative.LibWebRtc" && l.EventId == 100).ToArray();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(RecordingProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                provider.Gate?.Wait(Timeouts.Event);
                provider.Lines.Enqueue(new Line(category, eventId.Id, logLevel, formatter(state, exception), ThreadNames.Current(), Thread.CurrentThread.IsThreadPoolThread));
            }
        }
    }

    private sealed class ThrowingProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("a broken logger");

        public void Dispose()
        {
        }
    }
}
