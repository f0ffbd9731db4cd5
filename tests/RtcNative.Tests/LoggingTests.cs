using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RtcNative.Tests;

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

        Assert.That(await Timeouts.PollAsync(() => provider.Lines.Any(l => l.Contains("createAnswer failed"))), Is.True,
            string.Join(Environment.NewLine, provider.Lines));
        Assert.That(provider.Lines, Has.Some.Contains("Connection").And.Contains("created"));
        Assert.That(provider.Lines, Has.Some.Contains("createOffer completed"));
        Assert.That(provider.Levels, Has.All.EqualTo(LogLevel.Debug));
    }

    private sealed class RecordingProvider : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<LogLevel> Levels { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Levels.Enqueue(logLevel);
            Lines.Enqueue(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
