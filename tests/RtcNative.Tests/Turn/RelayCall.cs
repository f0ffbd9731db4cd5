namespace RtcNative.Tests;

/// <summary>
/// Two in-process peers, each with a configuration of its own (TURN servers, relay-only policy), wired for trickle
/// ICE, negotiated (caller offers) and with a data channel open on both sides. The candidates each side gathered
/// are kept for assertions.
/// </summary>
internal sealed class RelayCall : IDisposable
{
    private RelayCall(RTCPeerConnection caller, RTCPeerConnection callee)
    {
        Caller = caller;
        Callee = callee;
        CallerCandidates = new CandidateRelay(caller, callee);
        CalleeCandidates = new CandidateRelay(callee, caller);
    }

    public RTCPeerConnection Caller { get; }

    public RTCPeerConnection Callee { get; }

    public CandidateRelay CallerCandidates { get; }

    public CandidateRelay CalleeCandidates { get; }

    /// <summary>The caller's channel.</summary>
    public RTCDataChannel Local { get; private set; } = null!;

    /// <summary>The callee's channel.</summary>
    public RTCDataChannel Remote { get; private set; } = null!;

    /// <summary>Every candidate both sides gathered (the end-of-candidates nulls left out).</summary>
    public IReadOnlyList<RTCIceCandidate> GatheredCandidates =>
        CallerCandidates.Gathered.Concat(CalleeCandidates.Gathered).OfType<RTCIceCandidate>().ToList();

    /// <summary>Connects the two peers and opens a channel (each step bounded by <see cref="Timeouts.Event"/>);
    /// disposes them when that fails.</summary>
    /// <param name="beforeNegotiation">Subscribes to the connections before anything is gathered.</param>
    public static async Task<RelayCall> ConnectAsync(PeerConnectionFactory factory, RTCConfiguration callerConfiguration,
        RTCConfiguration calleeConfiguration, RTCDataChannelInit? channel = null, Action<RelayCall>? beforeNegotiation = null)
    {
        var call = new RelayCall(factory.CreatePeerConnection(callerConfiguration), factory.CreatePeerConnection(calleeConfiguration));
        try
        {
            beforeNegotiation?.Invoke(call);
            var remote = new TaskCompletionSource<RTCDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            call.Callee.DataChannel += (_, e) => e.Channel.Open += (sender, _) => remote.TrySetResult((RTCDataChannel)sender!);
            call.Local = call.Caller.CreateDataChannel("relayed", channel);
            await call.NegotiateAsync();
            await call.Local.WaitForOpenAsync().WithTimeout();
            call.Remote = await remote.Task.WithTimeout();
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>Offer from the caller, answer from the callee (also after <c>RestartIce</c>: the offer then
    /// carries new ICE credentials).</summary>
    public async Task NegotiateAsync()
    {
        await Caller.SetLocalDescriptionAsync().WithTimeout();
        await Callee.SetRemoteDescriptionAsync(Caller.LocalDescription!.ToInit()).WithTimeout();
        CallerCandidates.RemoteDescriptionSet();
        await Callee.SetLocalDescriptionAsync().WithTimeout();
        await Caller.SetRemoteDescriptionAsync(Callee.LocalDescription!.ToInit()).WithTimeout();
        CalleeCandidates.RemoteDescriptionSet();
    }

    /// <summary>The selected candidate pair in <paramref name="connection"/>'s stats: polls (at most
    /// <see cref="Timeouts.Event"/>) until the transport names one, then returns it with its local and remote
    /// candidates.</summary>
    public static async Task<(RTCStats Pair, RTCStats LocalCandidate, RTCStats RemoteCandidate)> SelectedPairAsync(RTCPeerConnection connection)
    {
        var deadline = DateTime.UtcNow + Timeouts.Event;
        while (true)
        {
            var report = await connection.GetStatsAsync().WithTimeout();
            var transport = report.Values.FirstOrDefault(stats => stats.Type == "transport");
            if (transport?["selectedCandidatePairId"] is string pairId && report.TryGetValue(pairId, out var pair)
                && pair["localCandidateId"] is string localId && report.TryGetValue(localId, out var local)
                && pair["remoteCandidateId"] is string remoteId && report.TryGetValue(remoteId, out var remote))
            {
                return (pair, local, remote);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no selected candidate pair in the stats: {report.ToJson()}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Caller.Dispose();
        Callee.Dispose();
    }
}
