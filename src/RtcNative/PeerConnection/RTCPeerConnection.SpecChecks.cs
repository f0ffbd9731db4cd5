using RtcNative.Interop;

namespace RtcNative;

// The webrtc-pc behaviours libwebrtc (M109) leaves out, made on the C# side: canTrickleIceCandidates,
// addIceCandidate's usernameFragment check, rollback only from the matching "have-*-offer" state,
// and setLocalDescription of a typed description without SDP.
public sealed partial class RTCPeerConnection
{
    private int _descriptionVersion; // bumped whenever the engine's descriptions may have changed
    private RemoteSummaryCache? _remoteSummaries;

    /// <summary>Whether the remote peer accepts trickled candidates: null until a remote description is set,
    /// then whether it carries <c>a=ice-options:trickle</c>. When false, send the local description once
    /// <see cref="IceGatheringState"/> is complete instead of trickling candidates.</summary>
    public bool? CanTrickleIceCandidates
    {
        get
        {
            var remote = RemoteDescription;
            return remote is null ? null : SdpSummary.Parse(remote.Sdp).SupportsTrickle;
        }
    }

    /// <summary>Whether a setLocalDescription or setRemoteDescription is queued or running: the engine's state
    /// may then differ from what its descriptions show now.</summary>
    private bool HasPendingDescriptionChange(bool remoteOnly)
    {
        lock (_sync)
        {
            foreach (var operation in _pending)
            {
                if (operation.Name == "setRemoteDescription" || (!remoteOnly && operation.Name == "setLocalDescription"))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// webrtc-pc lets a local rollback undo only a local offer and a remote rollback only a remote offer;
    /// libwebrtc accepts either in both states. The state is read from the engine's pending descriptions,
    /// which is exact while no description change is queued; while one is, the engine decides when it runs.
    /// </summary>
    private RTCException? RollbackStateError(string operation, bool local)
    {
        if (IsClosed || HasPendingDescriptionChange(remoteOnly: false))
        {
            return null;
        }

        var pendingLocal = PendingLocalDescription is not null;
        var pendingRemote = PendingRemoteDescription is not null;
        var otherSidesOffer = local ? pendingRemote && !pendingLocal : pendingLocal && !pendingRemote;
        return otherSidesOffer
            ? new RTCException(DomErrorNames.InvalidState,
                $"{operation}(rollback): the signaling state is {(local ? "have-remote-offer" : "have-local-offer")}; " +
                $"only {(local ? "setRemoteDescription" : "setLocalDescription")} can roll that offer back.")
            : null;
    }

    /// <summary>
    /// webrtc-pc rejects a candidate whose usernameFragment matches no ICE ufrag of its m-section in an applied
    /// remote description; libwebrtc keeps such a candidate instead. Checked against the engine's current and
    /// pending remote descriptions unless a setRemoteDescription is queued (then the one it applies is not known
    /// yet and the engine's own checks decide). Missing remote descriptions and unknown m-sections are left to
    /// the engine, which reports them with the spec's errors.
    /// </summary>
    private RTCException? UsernameFragmentError(RTCIceCandidateInit? candidate)
    {
        if (candidate is not { UsernameFragment: { } ufrag } || (candidate.SdpMid is null && candidate.SdpMLineIndex is null)
            || IsClosed || HasPendingDescriptionChange(remoteOnly: true))
        {
            return null;
        }

        var sectionFound = false;
        foreach (var remote in RemoteSummaries())
        {
            if (remote?.Find(candidate.SdpMid, candidate.SdpMLineIndex) is not { } section)
            {
                continue;
            }

            sectionFound = true;
            if (section.IceUsernameFragment == ufrag)
            {
                return null;
            }
        }

        return sectionFound
            ? new RTCException(DomErrorNames.Operation,
                $"addIceCandidate: usernameFragment \"{ufrag}\" matches no ICE ufrag of that m-section in the remote description.")
            : null;
    }

    /// <summary>The engine's current and pending remote descriptions, parsed; cached until the next signaling state
    /// change or description operation, since every addIceCandidate checks them and reading them serializes the
    /// whole SDP on libwebrtc's thread.</summary>
    private SdpSummary?[] RemoteSummaries()
    {
        var version = Volatile.Read(ref _descriptionVersion);
        if (Volatile.Read(ref _remoteSummaries) is { } cached && cached.Version == version)
        {
            return cached.Summaries;
        }

        var current = CurrentRemoteDescription;
        var pending = PendingRemoteDescription;
        var fresh = new RemoteSummaryCache(version,
            [current is null ? null : SdpSummary.Parse(current.Sdp), pending is null ? null : SdpSummary.Parse(pending.Sdp)]);
        Volatile.Write(ref _remoteSummaries, fresh); // a change meanwhile bumped the version: the next call reads again
        return fresh.Summaries;
    }

    /// <summary>The engine's descriptions may have changed: drop what was parsed from them.</summary>
    private void DescriptionsChanged() => Interlocked.Increment(ref _descriptionVersion);

    private sealed record RemoteSummaryCache(int Version, SdpSummary?[] Summaries);

    /// <summary>setLocalDescription({type, sdp: ""}): webrtc-pc creates the offer or answer, then applies it
    /// with the requested type (so a pranswer stays a pranswer; an offer in "have-remote-offer" fails there).</summary>
    private async Task SetCreatedLocalDescriptionAsync(RTCSdpType type, CancellationToken cancellationToken)
    {
        var created = type == RTCSdpType.Offer
            ? await CreateOfferAsync(null, cancellationToken).ConfigureAwait(false)
            : await CreateAnswerAsync(null, cancellationToken).ConfigureAwait(false);
        await SetLocalDescriptionAsync(new RTCSessionDescriptionInit(type, created.Sdp), cancellationToken).ConfigureAwait(false);
    }
}
