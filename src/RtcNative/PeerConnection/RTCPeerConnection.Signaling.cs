using RtcNative.Interop;

namespace RtcNative;

// Offer/answer, ICE candidates and the description attributes.
public sealed partial class RTCPeerConnection
{
    /// <summary>The pending local description if there is one, else the current one.</summary>
    public RTCSessionDescription? LocalDescription => GetDescription(RtcnDescriptionSlot.Local);

    /// <summary>The local description negotiated in the last completed offer/answer exchange.</summary>
    public RTCSessionDescription? CurrentLocalDescription => GetDescription(RtcnDescriptionSlot.CurrentLocal);

    /// <summary>The local description of the exchange in progress.</summary>
    public RTCSessionDescription? PendingLocalDescription => GetDescription(RtcnDescriptionSlot.PendingLocal);

    /// <summary>The pending remote description if there is one, else the current one.</summary>
    public RTCSessionDescription? RemoteDescription => GetDescription(RtcnDescriptionSlot.Remote);

    /// <summary>The remote description negotiated in the last completed offer/answer exchange.</summary>
    public RTCSessionDescription? CurrentRemoteDescription => GetDescription(RtcnDescriptionSlot.CurrentRemote);

    /// <summary>The remote description of the exchange in progress.</summary>
    public RTCSessionDescription? PendingRemoteDescription => GetDescription(RtcnDescriptionSlot.PendingRemote);

    /// <summary>Creates an offer (W3C createOffer()).</summary>
    /// <returns>The offer, to apply with <see cref="SetLocalDescriptionAsync"/>. The task faults with an
    /// <see cref="RTCException"/> ("InvalidStateError" once closed, "OperationError", ...).</returns>
    public unsafe Task<RTCSessionDescriptionInit> CreateOfferAsync(RTCOfferOptions? options = null, CancellationToken cancellationToken = default)
    {
        var native = new RtcnOfferOptions
        {
            IceRestart = options?.IceRestart == true ? 1 : 0,
            OfferToReceiveAudio = ToTriState(options?.OfferToReceiveAudio),
            OfferToReceiveVideo = ToTriState(options?.OfferToReceiveVideo),
        };
        return RunOperation<RTCSessionDescriptionInit, RtcnOfferOptions>("createOffer", native, cancellationToken,
            static (handle, offerOptions, userData) => RtcnNativeMethods.rtcn_peer_connection_create_offer(handle, &offerOptions, userData));
    }

    /// <summary>Creates an answer to the applied remote offer (W3C createAnswer()).</summary>
    /// <returns>The answer; the task faults with "InvalidStateError" without a remote offer.</returns>
    public Task<RTCSessionDescriptionInit> CreateAnswerAsync(RTCAnswerOptions? options = null, CancellationToken cancellationToken = default) =>
        RunOperation<RTCSessionDescriptionInit, int>("createAnswer", 0, cancellationToken,
            static (handle, _, userData) => RtcnNativeMethods.rtcn_peer_connection_create_answer(handle, userData));

    /// <summary>Applies a local description (W3C setLocalDescription()). With null the connection creates the
    /// description the signaling state calls for (an offer, or an answer to a remote offer); an offer, answer or
    /// pranswer with empty SDP is created with <see cref="CreateOfferAsync"/> or <see cref="CreateAnswerAsync"/>
    /// first and then applied with that type. A rollback is valid only in "have-local-offer".
    /// <see cref="SignalingStateChange"/> is raised before the task completes.</summary>
    public Task SetLocalDescriptionAsync(RTCSessionDescriptionInit? description = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (description is { Type: not RTCSdpType.Rollback, Sdp.Length: 0 })
        {
            return SetCreatedLocalDescriptionAsync(description.Type, cancellationToken);
        }

        if (description is { Type: not RTCSdpType.Rollback } && NativeText.SdpNulError(description.Sdp) is { } nul)
        {
            return Task.FromException(nul);
        }

        if (description?.Type == RTCSdpType.Rollback && RollbackStateError("setLocalDescription", local: true) is { } wrongState)
        {
            return Task.FromException(wrongState);
        }

        // null: libwebrtc's implicit description (type ignored); a rollback ignores any SDP given, as the spec says.
        var type = description?.Type.ToNative() ?? RtcnSdpType.Offer;
        var sdp = description is null || description.Type == RTCSdpType.Rollback ? null : description.Sdp;
        return RunOperation<object?, (RtcnSdpType Type, string? Sdp)>("setLocalDescription", (type, sdp), cancellationToken,
            static (handle, d, userData) => RtcnNativeMethods.rtcn_peer_connection_set_local_description(handle, d.Type, d.Sdp, userData));
    }

    /// <summary>Applies the remote peer's description (W3C setRemoteDescription()). A malformed SDP faults the
    /// task with "OperationError" and <see cref="RTCErrorDetailType.SdpSyntaxError"/>, leaving the state unchanged.
    /// A remote offer in "have-local-offer" rolls the local offer back first (glare); a rollback is valid only
    /// in "have-remote-offer".</summary>
    public Task SetRemoteDescriptionAsync(RTCSessionDescriptionInit description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ThrowIfDisposed();
        if (description.Type != RTCSdpType.Rollback && NativeText.SdpNulError(description.Sdp) is { } nul)
        {
            return Task.FromException(nul);
        }

        if (description.Type == RTCSdpType.Rollback && RollbackStateError("setRemoteDescription", local: false) is { } wrongState)
        {
            return Task.FromException(wrongState);
        }

        var type = description.Type.ToNative();
        return RunOperation<object?, (RtcnSdpType Type, string Sdp)>("setRemoteDescription", (type, description.Sdp), cancellationToken,
            static (handle, d, userData) => RtcnNativeMethods.rtcn_peer_connection_set_remote_description(handle, d.Type, d.Sdp, userData));
    }

    /// <summary>Adds a candidate the remote peer gathered (W3C addIceCandidate()); null, or an empty
    /// <see cref="RTCIceCandidateInit.Candidate"/>, signals the end of candidates. The task faults with
    /// "InvalidStateError" without a remote description, and with "OperationError" for a malformed candidate,
    /// an unknown SdpMid, an SdpMLineIndex beyond the m-sections, or a UsernameFragment of no applied remote
    /// description.</summary>
    /// <exception cref="ArgumentException">A candidate with neither SdpMid nor SdpMLineIndex (a W3C TypeError).</exception>
    public unsafe Task AddIceCandidateAsync(RTCIceCandidateInit? candidate = null, CancellationToken cancellationToken = default)
    {
        if (candidate is { Candidate.Length: > 0, SdpMid: null, SdpMLineIndex: null })
        {
            throw new ArgumentException("An ICE candidate needs SdpMid or SdpMLineIndex; both are null.", nameof(candidate));
        }

        ThrowIfDisposed();
        if (candidate is not null && (NativeText.HasNul(candidate.Candidate) || NativeText.HasNul(candidate.SdpMid)
            || NativeText.HasNul(candidate.UsernameFragment)))
        {
            return Task.FromException(new RTCException(DomErrorNames.Operation, "The ICE candidate is malformed: it holds a U+0000 character."));
        }

        if (UsernameFragmentError(candidate) is { } mismatch)
        {
            return Task.FromException(mismatch);
        }

        return RunOperation<object?, RTCIceCandidateInit?>("addIceCandidate", candidate, cancellationToken,
            static (handle, c, userData) =>
            {
                if (c is null)
                {
                    return RtcnNativeMethods.rtcn_peer_connection_add_ice_candidate(handle, null, userData);
                }

                using var strings = new Utf8StringArena();
                var native = new RtcnIceCandidateInit
                {
                    Candidate = strings.Add(c.Candidate),
                    SdpMid = strings.Add(c.SdpMid),
                    SdpMlineIndex = c.SdpMLineIndex ?? -1,
                    UsernameFragment = strings.Add(c.UsernameFragment),
                };
                return RtcnNativeMethods.rtcn_peer_connection_add_ice_candidate(handle, &native, userData);
            });
    }

    /// <summary>Asks for an ICE restart in the next offer (W3C restartIce()); raises <see cref="NegotiationNeeded"/>.</summary>
    public void RestartIce()
    {
        ThrowIfDisposed();
        if (IsClosed)
        {
            return;
        }

        var status = RtcnNativeMethods.rtcn_peer_connection_restart_ice(_handle);
        if (status is not (RtcnStatus.Ok or RtcnStatus.ErrorClosed))
        {
            throw RtcnErrors.LastError(status);
        }
    }

    /// <summary>Tracks the operation; false once closed. Makes the connection active (kept alive while open).</summary>
    internal bool TrackOperation(PendingOperation operation)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }

            _pending.Add(operation);
            MarkActive();
            return true;
        }
    }

    internal void ForgetOperation(PendingOperation operation)
    {
        lock (_sync)
        {
            // Before it stops counting as pending, so that no check sees neither the operation nor its effect.
            if (operation.Name is "setLocalDescription" or "setRemoteDescription")
            {
                DescriptionsChanged();
            }

            _pending.Remove(operation);
        }
    }

    private static int ToTriState(bool? value) => value switch { null => -1, false => 0, true => 1 };

    private static RTCException ClosedError(string operation) =>
        new(DomErrorNames.InvalidState, $"{operation}: the RTCPeerConnection is closed.");

    /// <summary>
    /// Starts a native async operation (TAP rules: usage errors throw, every other error faults the task).
    /// <paramref name="start"/> gets the op_user_data and must return the native call's status directly,
    /// so that the thread-local last error is still the call's when it is read.
    /// </summary>
    private Task<TResult> RunOperation<TResult, TState>(string name, TState state, CancellationToken cancellationToken,
        Func<RtcnPeerConnectionHandle, TState, nint, RtcnStatus> start)
    {
        ThrowIfDisposed();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var operation = new PendingOperation<TResult>(this, name, cancellationToken);
        if (!TrackOperation(operation))
        {
            operation.Abandon();
            return Task.FromException<TResult>(ClosedError(name));
        }

        RtcnStatus status;
        try
        {
            status = start(_handle, state, operation.UserData);
        }
        catch
        {
            ForgetOperation(operation);
            operation.Abandon();
            throw;
        }

        if (status == RtcnStatus.Ok)
        {
            Log.OperationStarted(Logger, Number, name);
            return operation.Task;
        }

        var error = RtcnErrors.LastError(status);
        ForgetOperation(operation);
        operation.Abandon();
        Log.OperationFailed(Logger, Number, name, error);
        if (RtcnErrors.IsUsageError(error))
        {
            throw error;
        }

        return Task.FromException<TResult>(error);
    }

    private void FaultPendingOperations(string reason)
    {
        PendingOperation[] pending;
        lock (_sync)
        {
            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (var operation in pending)
        {
            operation.Fault(new RTCException(DomErrorNames.InvalidState, $"{operation.Name}: {reason}"));
        }
    }

    private unsafe RTCSessionDescription? GetDescription(RtcnDescriptionSlot slot)
    {
        ThrowIfDisposed();
        var status = RtcnNativeMethods.rtcn_peer_connection_get_description(_handle, slot, out var present, out var type, out var sdp);
        if (status != RtcnStatus.Ok)
        {
            throw RtcnErrors.LastError(status);
        }

        if (present == 0)
        {
            return null;
        }

        try
        {
            return new RTCSessionDescription(type.ToPublic(), Utf8.Decode(sdp) ?? "");
        }
        finally
        {
            RtcnNativeMethods.rtcn_free((nint)sdp);
        }
    }
}
