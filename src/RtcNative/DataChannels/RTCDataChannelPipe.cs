using System.Buffers;
using System.IO.Pipelines;

namespace RtcNative;

/// <summary>
/// A data channel as an <see cref="IDuplexPipe"/> (not part of the W3C API).
/// <list type="bullet">
/// <item><see cref="Input"/> yields the bytes of received messages in order (message boundaries are not kept)
/// and completes when the channel closes; it throws <see cref="IOException"/> when the channel failed.
/// Messages are collected from the pipe's creation on: create it before the remote side can send.</item>
/// <item>Bytes written to <see cref="Output"/> are sent as binary messages of up to
/// <see cref="RTCDataChannelStreamOptions.MaxMessageSize"/> bytes, coalescing small writes, in the background.
/// Backpressure: sending waits while <see cref="RTCDataChannel.BufferedAmount"/> is at or above
/// <see cref="RTCDataChannelStreamOptions.HighWaterMark"/>, and <see cref="PipeWriter.FlushAsync"/> waits
/// while that many bytes more are pending in the pipe.</item>
/// <item>Completing <see cref="Output"/> sends what is pending, then closes the channel (unless
/// <see cref="RTCDataChannelStreamOptions.LeaveOpen"/>): a data channel has no half-close, so this also ends
/// <see cref="Input"/>. <see cref="DisposeAsync"/> completes both sides the same way. "Sends" means hands to the
/// engine: see <see cref="RTCDataChannel.Close"/> on what this libwebrtc drops at close.</item>
/// </list>
/// </summary>
public sealed class RTCDataChannelPipe : IDuplexPipe, IAsyncDisposable
{
    private readonly RTCDataChannelStreamOptions _options;
    private readonly RTCDataChannelStream _stream;
    private readonly Pipe _output;
    private readonly Task _sending;
    private int _disposed;

    /// <summary>Wraps <paramref name="channel"/>; create it before the remote side can send.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The channel was disposed.</exception>
    public RTCDataChannelPipe(RTCDataChannel channel, RTCDataChannelStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _options = (options ?? new RTCDataChannelStreamOptions()).Validated();
        var streamOptions = _options.Validated();
        streamOptions.LeaveOpen = true; // the pipe decides when the channel closes
        _stream = new RTCDataChannelStream(channel, streamOptions);
        Channel = channel;

        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        var pending = (long)Math.Min(_options.HighWaterMark, long.MaxValue / 2);
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: pending,
            resumeWriterThreshold: Math.Max(1, Math.Min(pending, (long)_options.LowWaterMark)),
            useSynchronizationContext: false));
        Output = _output.Writer;
        _sending = Task.Run(SendLoopAsync);
    }

    /// <summary>The wrapped channel.</summary>
    public RTCDataChannel Channel { get; }

    /// <inheritdoc/>
    public PipeReader Input { get; }

    /// <inheritdoc/>
    public PipeWriter Output { get; }

    /// <summary>Completes when everything written to <see cref="Output"/> was handed to the channel after
    /// <see cref="Output"/> was completed; faults with <see cref="IOException"/> when sending failed.</summary>
    public Task Sending => _sending;

    /// <summary>Completes <see cref="Output"/> (pending bytes are still sent, then the channel closes unless
    /// <see cref="RTCDataChannelStreamOptions.LeaveOpen"/>) and <see cref="Input"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Output.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _sending.ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The channel closed or failed meanwhile: nothing more can be sent.
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        byte[]? chunk = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.IsEmpty)
                {
                    reader.AdvanceTo(buffer.End);
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        break;
                    }

                    continue;
                }

                // One message per round, so the writer's backpressure eases as messages leave.
                var message = buffer.Slice(0, Math.Min(buffer.Length, _options.MaxMessageSize));
                if (message.IsSingleSegment)
                {
                    await _stream.WriteAsync(message.First).ConfigureAwait(false);
                }
                else
                {
                    chunk ??= ArrayPool<byte>.Shared.Rent(_options.MaxMessageSize);
                    var length = (int)message.Length;
                    message.CopyTo(chunk);
                    await _stream.WriteAsync(chunk.AsMemory(0, length)).ConfigureAwait(false);
                }

                reader.AdvanceTo(message.End);
            }

            await reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var error = exception as IOException ?? new IOException($"Sending on the data channel failed: {exception.Message}", exception);
            await reader.CompleteAsync(error).ConfigureAwait(false);
            throw error;
        }
        finally
        {
            if (chunk is not null)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            if (!_options.LeaveOpen)
            {
                Channel.Close(); // does nothing once the channel is disposed
            }
        }
    }
}
