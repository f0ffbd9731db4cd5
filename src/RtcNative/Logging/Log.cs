using Microsoft.Extensions.Logging;
using RtcNative.Interop;

namespace RtcNative;

/// <summary>The log messages of RtcNative (our own calls; libwebrtc's lines are routed separately).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Factory created (loopback {IncludeLoopback}, audio device {AudioDevice}, threads {ThreadLayout})")]
    public static partial void FactoryCreated(ILogger logger, bool includeLoopback, AudioDeviceKind audioDevice, ThreadLayout threadLayout);

    [LoggerMessage(2, LogLevel.Debug, "Factory disposed")]
    public static partial void FactoryDisposed(ILogger logger);

    [LoggerMessage(3, LogLevel.Debug, "Connection {Connection} created")]
    public static partial void ConnectionCreated(ILogger logger, int connection);

    [LoggerMessage(4, LogLevel.Debug, "Connection {Connection} closed")]
    public static partial void ConnectionClosed(ILogger logger, int connection);

    [LoggerMessage(5, LogLevel.Debug, "Connection {Connection} disposed")]
    public static partial void ConnectionDisposed(ILogger logger, int connection);

    [LoggerMessage(6, LogLevel.Debug, "Connection {Connection}: {Operation} started")]
    public static partial void OperationStarted(ILogger logger, int connection, string operation);

    [LoggerMessage(7, LogLevel.Debug, "Connection {Connection}: {Operation} failed")]
    public static partial void OperationFailed(ILogger logger, int connection, string operation, Exception exception);

    [LoggerMessage(8, LogLevel.Debug, "Connection {Connection}: {Operation} completed")]
    public static partial void OperationCompleted(ILogger logger, int connection, string operation);

    [LoggerMessage(9, LogLevel.Debug, "Connection {Connection}: data channel \"{Label}\" created")]
    public static partial void DataChannelCreated(ILogger logger, int connection, string label);

    [LoggerMessage(10, LogLevel.Debug, "Connection {Connection}: the remote peer opened a data channel")]
    public static partial void DataChannelAnnounced(ILogger logger, int connection);

    [LoggerMessage(11, LogLevel.Debug, "Connection {Connection}: {Member} failed")]
    public static partial void CallFailed(ILogger logger, int connection, string member, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "An event handler of {Target} threw; the following events are still raised")]
    public static partial void EventHandlerFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "A native callback failed and its event was dropped")]
    public static partial void CallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(15, LogLevel.Debug, "Connection {Connection}: {Operation} canceled before it started")]
    public static partial void OperationCanceled(ILogger logger, int connection, string operation);

    [LoggerMessage(14, LogLevel.Debug, "Factory creation failed")]
    public static partial void FactoryCreationFailed(ILogger logger, Exception exception);

    /// <summary>One of libwebrtc's own lines, at the level its severity maps to (category RtcNative.LibWebRtc).</summary>
    [LoggerMessage(16, LogLevel.Warning, "The captured SynchronizationContext refused a post (it was closed?); this connection's events and completions now run on RtcNative's event threads")]
    public static partial void ContextPostFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 100, Message = "{Line}")]
    public static partial void LibWebRtcLine(ILogger logger, LogLevel level, string line);

    [LoggerMessage(101, LogLevel.Warning, "{Count} libwebrtc log lines were dropped: the loggers fell more than {Capacity} lines behind")]
    public static partial void LibWebRtcLinesDropped(ILogger logger, long count, int capacity);

    [LoggerMessage(102, LogLevel.Debug, "libwebrtc log sink changed from {Previous} to {Current}")]
    public static partial void LibWebRtcSinkChanged(ILogger logger, RtcnLogSeverity previous, RtcnLogSeverity current);
}
