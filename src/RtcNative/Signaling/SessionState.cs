using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// The connection's session as the engine pushed it with an operation's completion or a gathered candidate: the
/// signaling states the operation entered (one event each), the four description attributes, whether the remote
/// peer trickles, and the transports. The connection applies it on its dispatcher, in the same step that raises
/// the events and completes the operation, so what a getter returns always matches the events already raised.
/// </summary>
internal sealed record SessionState(
    IReadOnlyList<RTCSignalingState> SignalingChanges,
    RTCSignalingState SignalingState,
    RTCSessionDescription? CurrentLocal,
    RTCSessionDescription? PendingLocal,
    RTCSessionDescription? CurrentRemote,
    RTCSessionDescription? PendingRemote,
    bool? CanTrickleIceCandidates,
    TransportSnapshot Transports)
{
    /// <summary>A new connection's session.</summary>
    public static readonly SessionState Initial = new([], RTCSignalingState.Stable, null, null, null, null, null, TransportSnapshot.None);

    /// <summary>Copies a session state handed to a callback (borrowed); null stays null.</summary>
    public static unsafe SessionState? FromNative(RtcnSessionState* state)
    {
        if (state is null)
        {
            return null;
        }

        var changes = new RTCSignalingState[state->SignalingChangeCount];
        for (var i = 0; i < changes.Length; i++)
        {
            changes[i] = state->SignalingChanges[i].ToPublic();
        }

        return new SessionState(
            changes,
            state->SignalingState.ToPublic(),
            Description(state->CurrentLocal),
            Description(state->PendingLocal),
            Description(state->CurrentRemote),
            Description(state->PendingRemote),
            state->CanTrickleIceCandidates switch { 0 => false, 1 => true, _ => null },
            TransportSnapshot.FromNative(state->Transports));
    }

    private static unsafe RTCSessionDescription? Description(in RtcnSessionDescription description) =>
        description.Sdp is null ? null : new RTCSessionDescription(description.Type.ToPublic(), Utf8.Decode(description.Sdp) ?? "");
}
