namespace RtcNative.Tests;

/// <summary>A caller and a callee on one factory, wired for trickle ICE, with the offer/answer exchange.</summary>
internal sealed class PeerPair : IDisposable
{
    public PeerPair(PeerConnectionFactory factory)
        : this(factory, factory)
    {
    }

    /// <summary>The caller on one factory, the callee on another (e.g. a different audio device).</summary>
    public PeerPair(PeerConnectionFactory callerFactory, PeerConnectionFactory calleeFactory)
    {
        Caller = callerFactory.CreatePeerConnection();
        Callee = calleeFactory.CreatePeerConnection();
        CallerCandidates = new CandidateRelay(Caller, Callee);
        CalleeCandidates = new CandidateRelay(Callee, Caller);
    }

    public RTCPeerConnection Caller { get; }

    public RTCPeerConnection Callee { get; }

    /// <summary>Candidates the caller gathered, forwarded to the callee.</summary>
    public CandidateRelay CallerCandidates { get; }

    /// <summary>Candidates the callee gathered, forwarded to the caller.</summary>
    public CandidateRelay CalleeCandidates { get; }

    /// <summary>Offer from the caller, answer from the callee, every step bounded.</summary>
    /// <param name="editAnswer">Rewrites the answer's SDP before the caller applies it (the callee keeps its own).</param>
    /// <param name="editOffer">Rewrites the offer's SDP before the callee applies it (the caller keeps its own).</param>
    public async Task NegotiateAsync(Func<string, string>? editAnswer = null, Func<string, string>? editOffer = null)
    {
        var offer = await Caller.CreateOfferAsync().WithTimeout();
        await Caller.SetLocalDescriptionAsync(offer).WithTimeout();
        var received = editOffer is null ? offer : new RTCSessionDescriptionInit(RTCSdpType.Offer, editOffer(offer.Sdp));
        await Callee.SetRemoteDescriptionAsync(received).WithTimeout();
        CallerCandidates.RemoteDescriptionSet();
        var answer = await Callee.CreateAnswerAsync().WithTimeout();
        await Callee.SetLocalDescriptionAsync(answer).WithTimeout();
        var applied = editAnswer is null ? answer : new RTCSessionDescriptionInit(RTCSdpType.Answer, editAnswer(answer.Sdp));
        await Caller.SetRemoteDescriptionAsync(applied).WithTimeout();
        CalleeCandidates.RemoteDescriptionSet();
    }

    /// <summary>Completes once both connections are connected.</summary>
    public Task ConnectedAsync() => Task.WhenAll(StateAsync(Caller, RTCPeerConnectionState.Connected), StateAsync(Callee, RTCPeerConnectionState.Connected));

    public void Dispose()
    {
        Caller.Dispose();
        Callee.Dispose();
    }

    /// <summary>Completes when <paramref name="connection"/> reaches <paramref name="state"/> (now or later).</summary>
    public static Task StateAsync(RTCPeerConnection connection, RTCPeerConnectionState state) =>
        StateWait.ReachedAsync(() => connection.ConnectionState, h => connection.ConnectionStateChange += h, state);
}
