using RtcNative.Interop;

namespace RtcNative;

// Creating, announcing and tracking data channels.
public sealed partial class RTCPeerConnection
{
    /// <summary>Creates a data channel (W3C createDataChannel()). Its <see cref="RTCDataChannel.Open"/> event
    /// is never raised before this method returns.</summary>
    /// <param name="label">The channel's label, at most 65535 UTF-8 bytes.</param>
    /// <param name="options">Reliability, protocol and negotiation options; null for an ordered, reliable, in-band channel.</param>
    /// <exception cref="ArgumentException">An invalid option (a W3C TypeError): both MaxPacketLifeTime and
    /// MaxRetransmits, Negotiated without Id, a negotiated Id of 65535, a label or protocol over 65535 bytes.
    /// (The Id of a channel that is not negotiated is ignored: the engine picks one by DTLS role.)</exception>
    /// <exception cref="RTCException">"InvalidStateError" once closed; "OperationError" when the engine
    /// cannot create it (e.g. an Id beyond what it supports, or already in use).</exception>
    public unsafe RTCDataChannel CreateDataChannel(string label, RTCDataChannelInit? options = null)
    {
        ThrowIfDisposed();
        options ??= new RTCDataChannelInit();
        DataChannelInitValidator.Validate(label, options);
        if (IsClosed)
        {
            throw new RTCException(DomErrorNames.InvalidState, "createDataChannel: the RTCPeerConnection is closed.");
        }

        var channel = new RTCDataChannel(this, label, options);
        var attached = false;
        _dispatcher.Pause(); // the channel's events wait until it holds its handle
        try
        {
            using var strings = new Utf8StringArena();
            var init = new RtcnDataChannelInit
            {
                Ordered = options.Ordered ? 1 : 0,
                MaxPacketLifeTime = options.MaxPacketLifeTime ?? -1,
                MaxRetransmits = options.MaxRetransmits ?? -1,
                Protocol = strings.Add(options.Protocol),
                Negotiated = options.Negotiated ? 1 : 0,
                Id = options.Negotiated ? options.Id ?? -1 : -1, // webrtc-pc ignores the id of an in-band channel
            };
            var status = RtcnNativeMethods.rtcn_peer_connection_create_data_channel(_handle, label, &init, channel.UserData, out var handle);
            if (status != RtcnStatus.Ok)
            {
                var error = RtcnErrors.LastError(status);
                handle.Dispose();
                throw error;
            }

            channel.Attach(handle);
            attached = true;
            if (!TrackChannel(channel))
            {
                channel.Dispose(); // the connection was disposed meanwhile
                ThrowIfDisposed();
            }
        }
        catch (Exception exception)
        {
            if (!attached)
            {
                channel.Abandon();
            }

            Log.CallFailed(Logger, Number, "createDataChannel", exception);
            throw;
        }
        finally
        {
            _dispatcher.Resume();
        }

        Log.DataChannelCreated(Logger, Number, label);
        return channel;
    }

    /// <summary>
    /// Called inside the native data-channel callback: wraps the channel the remote peer opened and
    /// queues the DataChannel event. Returns the channel's user_data, or 0 to decline it once the
    /// connection is closed or disposed (the native side then releases it). No ABI call here.
    /// </summary>
    internal nint AcceptRemoteDataChannel(nint native)
    {
        lock (_sync)
        {
            if (_closed || Volatile.Read(ref _disposed) != 0)
            {
                return 0;
            }

            var channel = new RTCDataChannel(this, new RtcnDataChannelHandle(native));
            _channels.Add(channel);
            Post(ConnectionEvent.DataChannel, channel);
            return channel.UserData;
        }
    }

    /// <summary>Whether the connection was closed: its channels then read as closed (webrtc-pc close() sets
    /// their state without events). Lock-free, since Send reads it on every call.</summary>
    internal bool ClosesItsChannels => Volatile.Read(ref _closed);

    /// <summary>Stops tracking a channel that was disposed.</summary>
    internal void ForgetChannel(RTCDataChannel channel)
    {
        lock (_sync)
        {
            _channels.Remove(channel);
        }
    }

    private bool TrackChannel(RTCDataChannel channel)
    {
        lock (_sync)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return false;
            }

            _channels.Add(channel);
            MarkActive();
            return true;
        }
    }
}
