using System.Threading.Channels;

namespace RtcNative.Tests;

/// <summary>Collects the messages of a data channel for bounded, ordered waiting.</summary>
internal sealed class MessageCollector
{
    private readonly Channel<RTCMessageEventArgs> _messages = Channel.CreateUnbounded<RTCMessageEventArgs>();

    public MessageCollector(RTCDataChannel channel) => channel.Message += (_, e) => _messages.Writer.TryWrite(e);

    public async Task<RTCMessageEventArgs[]> TakeAsync(int count)
    {
        var taken = new RTCMessageEventArgs[count];
        for (var i = 0; i < count; i++)
        {
            taken[i] = await _messages.Reader.ReadAsync().AsTask().WithTimeout();
        }

        return taken;
    }
}
