namespace RtcNative;

/// <summary>Options of <see cref="RTCDataChannelStream"/> and <see cref="RTCDataChannelPipe"/>.</summary>
public sealed class RTCDataChannelStreamOptions
{
    /// <summary>Writes wait while <see cref="RTCDataChannel.BufferedAmount"/> is at or above this many bytes
    /// (default 1 MiB). With <see cref="MaxMessageSize"/> it must fit in the channel's send queue (16 MiB).</summary>
    public ulong HighWaterMark { get; set; } = 1024 * 1024;

    /// <summary>Waiting writes resume once <see cref="RTCDataChannel.BufferedAmount"/> fell to this many bytes
    /// (default 256 KiB). It becomes the channel's <see cref="RTCDataChannel.BufferedAmountLowThreshold"/>.</summary>
    public ulong LowWaterMark { get; set; } = 256 * 1024;

    /// <summary>The largest message a write sends; longer writes are split (default 65536: RFC 8841's default
    /// when the remote SDP has no <c>a=max-message-size</c>). A remote peer that accepts less lowers it to its own
    /// limit. Raise it up to the connection's SCTP maximum message size (262144 with libwebrtc peers) for fewer,
    /// larger messages.</summary>
    public int MaxMessageSize { get; set; } = 64 * 1024;

    /// <summary>Leave the channel open when the stream or pipe is disposed (default false: it is closed).</summary>
    public bool LeaveOpen { get; set; }

    internal RTCDataChannelStreamOptions Validated()
    {
        if (MaxMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "MaxMessageSize must be positive.");
        }

        if (HighWaterMark == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HighWaterMark), HighWaterMark, "HighWaterMark must be positive.");
        }

        if (HighWaterMark + (ulong)MaxMessageSize > RtcNative.Interop.RtcnConstants.RTCN_DATA_CHANNEL_SEND_QUEUE_BYTES)
        {
            throw new ArgumentOutOfRangeException(nameof(HighWaterMark), HighWaterMark,
                $"HighWaterMark plus MaxMessageSize must fit in the data channel's send queue of {RtcNative.Interop.RtcnConstants.RTCN_DATA_CHANNEL_SEND_QUEUE_BYTES} bytes.");
        }

        if (LowWaterMark >= HighWaterMark)
        {
            throw new ArgumentOutOfRangeException(nameof(LowWaterMark), LowWaterMark, $"LowWaterMark must be below HighWaterMark ({HighWaterMark}).");
        }

        return new RTCDataChannelStreamOptions
        {
            HighWaterMark = HighWaterMark,
            LowWaterMark = LowWaterMark,
            MaxMessageSize = MaxMessageSize,
            LeaveOpen = LeaveOpen,
        };
    }
}
