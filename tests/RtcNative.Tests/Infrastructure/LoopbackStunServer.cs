using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RtcNative.Tests;

/// <summary>
/// A STUN "server" on 127.0.0.1 that answers every Binding Request with a Binding Error Response (RFC 8489
/// section 14.8), so that ICE gathering reports an icecandidateerror at once instead of after the 39.75 s
/// timeout of an unanswered server. It also counts the requests, which shows when gathering started.
/// Nothing leaves the loopback interface.
/// </summary>
internal sealed class LoopbackStunServer : IDisposable
{
    private const ushort BindingRequest = 0x0001;
    private const ushort BindingErrorResponse = 0x0111;
    private const ushort ErrorCodeAttribute = 0x0009;
    private const uint MagicCookie = 0x2112A442;

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private int _requests;

    public LoopbackStunServer(int errorCode, string reason)
    {
        ErrorCode = errorCode;
        Reason = reason;
        _loop = ServeAsync();
    }

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    public string Url => $"stun:127.0.0.1:{Port}";

    public int ErrorCode { get; }

    public string Reason { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Completes when the first Binding Request arrives.</summary>
    public Task FirstRequest => _firstRequest.Task;

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket's disposal.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var request = received.Buffer;
            if (request.Length < 20 || BinaryPrimitives.ReadUInt16BigEndian(request) != BindingRequest
                || BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(4)) != MagicCookie)
            {
                continue;
            }

            Interlocked.Increment(ref _requests);
            _firstRequest.TrySetResult();
            var response = ErrorResponse(request.AsSpan(8, 12));
            try
            {
                await _socket.SendAsync(response, received.RemoteEndPoint, _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    /// <summary>Header (type, length, cookie, the request's transaction id), then ERROR-CODE: two zero bytes,
    /// the class (hundreds), the number (the rest), the UTF-8 reason padded to four bytes.</summary>
    private byte[] ErrorResponse(ReadOnlySpan<byte> transactionId)
    {
        var reason = Encoding.UTF8.GetBytes(Reason);
        var valueLength = 4 + reason.Length;
        var padded = (valueLength + 3) & ~3;
        var message = new byte[20 + 4 + padded];
        BinaryPrimitives.WriteUInt16BigEndian(message, BindingErrorResponse);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)(4 + padded));
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), MagicCookie);
        transactionId.CopyTo(message.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(20), ErrorCodeAttribute);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(22), (ushort)valueLength);
        message[26] = (byte)(ErrorCode / 100);
        message[27] = (byte)(ErrorCode % 100);
        reason.CopyTo(message.AsSpan(28));
        return message;
    }
}
