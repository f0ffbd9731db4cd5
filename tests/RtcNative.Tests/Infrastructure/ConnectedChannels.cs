namespace RtcNative.Tests;

/// <summary>A connected pair of peers with a data channel open on both sides.</summary>
internal sealed class ConnectedChannels : IDisposable
{
    private ConnectedChannels(PeerPair peers, RTCDataChannel local, RTCDataChannel remote, int[] opens)
    {
        Peers = peers;
        Local = local;
        Remote = remote;
        OpenCounts = opens;
    }

    public PeerPair Peers { get; }

    /// <summary>The caller's channel.</summary>
    public RTCDataChannel Local { get; }

    /// <summary>The callee's channel, from its DataChannel event.</summary>
    public RTCDataChannel Remote { get; }

    /// <summary>How often Open was raised: [local, remote].</summary>
    public int[] OpenCounts { get; }

    /// <summary>The callee's channel state seen inside its DataChannel handler.</summary>
    public RTCDataChannelState? RemoteStateInDataChannelEvent { get; private set; }

    /// <param name="editAnswer">Rewrites the answer's SDP before the caller applies it.</param>
    /// <param name="offerEdit">Rewrites the offer's SDP before the callee applies it.</param>
    public static async Task<ConnectedChannels> OpenAsync(PeerConnectionFactory factory, string label = "chat", RTCDataChannelInit? init = null,
        Func<string, string>? editAnswer = null, Func<string, string>? offerEdit = null)
    {
        var peers = new PeerPair(factory);
        var opens = new int[2];
        var local = peers.Caller.CreateDataChannel(label, init);
        var localOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.Open += (_, _) =>
        {
            Interlocked.Increment(ref opens[0]);
            localOpen.TrySetResult();
        };

        RTCDataChannelState? stateInEvent = null;
        var remoteOpen = new TaskCompletionSource<RTCDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        peers.Callee.DataChannel += (_, e) =>
        {
            stateInEvent = e.Channel.ReadyState;
            e.Channel.Open += (sender, _) =>
            {
                Interlocked.Increment(ref opens[1]);
                remoteOpen.TrySetResult((RTCDataChannel)sender!);
            };
        };

        await peers.NegotiateAsync(editAnswer, offerEdit);
        await localOpen.Task.WithTimeout();
        var remote = await remoteOpen.Task.WithTimeout();
        return new ConnectedChannels(peers, local, remote, opens) { RemoteStateInDataChannelEvent = stateInEvent };
    }

    /// <summary>A pair negotiated out of band: both sides create the channel with <paramref name="id"/>; no DataChannel event.</summary>
    public static async Task<ConnectedChannels> OpenNegotiatedAsync(PeerConnectionFactory factory, ushort id, string label = "agreed")
    {
        var peers = new PeerPair(factory);
        var init = new RTCDataChannelInit { Negotiated = true, Id = id };
        var local = peers.Caller.CreateDataChannel(label, init);
        var remote = peers.Callee.CreateDataChannel(label, init);
        var opens = new int[2];
        var localOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remoteOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.Open += (_, _) =>
        {
            Interlocked.Increment(ref opens[0]);
            localOpen.TrySetResult();
        };
        remote.Open += (_, _) =>
        {
            Interlocked.Increment(ref opens[1]);
            remoteOpen.TrySetResult();
        };

        await peers.NegotiateAsync();
        await Task.WhenAll(localOpen.Task, remoteOpen.Task).WithTimeout();
        return new ConnectedChannels(peers, local, remote, opens);
    }

    public void Dispose()
    {
        Local.Dispose();
        Remote.Dispose();
        Peers.Dispose();
    }
}
