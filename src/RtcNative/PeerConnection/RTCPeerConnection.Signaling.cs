using RtcNative.Interop;

namespace RtcNative;

// Offer/answer, ICE candidates, the operations chain and the session mirror.
//
// The engine runs createOffer, createAnswer, setLocalDescription, setRemoteDescription and addIceCandidate one at a
// time in call order (webrtc-pc's operations chain) and checks each one's preconditions when its turn comes. Each
// completion carries the session after it (signaling states entered, the four descriptions, the transports); the
// dispatcher applies that, raises the events and completes the task in one step, so the getters below (which
// read the mirror, never the engine) always agree with the events already raised.
public sealed partial class RTCPeerConnection
{
    private SessionState _session = SessionState.Initial; // under _sync: what every thread sees

    // The chained operations in call order (under _sync). One that fails before reaching the engine (a closed
    // connection, an SDP the engine cannot even take) waits here with its outcome until every operation chained
    // before it completed, so that no completion overtakes an earlier one.
    private readonly LinkedList<PendingOperation> _chain = [];
    private readonly Dictionary<PendingOperation, OperationOutcome> _failedEarly = [];

    // While the dispatcher applies an operation's session (raising its events before completing its task), the new
    // session is visible only on that thread (its handlers see it, as in webrtc-pc); everyone else sees it from the
    // moment the task completes, as the spec changes the state in the task that resolves the promise.
    private int _stepThread; // managed thread id of that dispatcher step, 0 outside one (under _sync)
    private SessionState? _stepSession;
    private RTCSignalingState _stepSignalingState;

    /// <summary>The pending local description if there is one, else the current one.</summary>
    public RTCSessionDescription? LocalDescription => ReadSession(static s => s.PendingLocal ?? s.CurrentLocal);

    /// <summary>The local description negotiated in the last completed offer/answer exchange.</summary>
    public RTCSessionDescription? CurrentLocalDescription => ReadSession(static s => s.CurrentLocal);

    /// <summary>The local description of the exchange in progress.</summary>
    public RTCSessionDescription? PendingLocalDescription => ReadSession(static s => s.PendingLocal);

    /// <summary>The pending remote description if there is one, else the current one.</summary>
    public RTCSessionDescription? RemoteDescription => ReadSession(static s => s.PendingRemote ?? s.CurrentRemote);

    /// <summary>The remote description negotiated in the last completed offer/answer exchange.</summary>
    public RTCSessionDescription? CurrentRemoteDescription => ReadSession(static s => s.CurrentRemote);

    /// <summary>The remote description of the exchange in progress.</summary>
    public RTCSessionDescription? PendingRemoteDescription => ReadSession(static s => s.PendingRemote);

    /// <summary>Whether the remote peer accepts trickled candidates: null until a remote description is set,
    /// then whether it carries <c>a=ice-options:trickle</c>. When false, send the local description once
    /// <see cref="IceGatheringState"/> is complete instead of trickling candidates.</summary>
    public bool? CanTrickleIceCandidates => ReadSession(static s => s.CanTrickleIceCandidates);

    /// <summary>Creates an offer (W3C createOffer()).</summary>
    /// <param name="options">ICE restart and the legacy offerToReceive members; null for none.</param>
    /// <param name="cancellationToken">Honoured only while the operation waits for its turn in the connection's
    /// operations chain: then it is not performed and the task is canceled. Once started it runs to completion
    /// and the task reports its outcome.</param>
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
        return RunOperation(OperationKind.CreateOffer, native, cancellationToken, static result => (RTCSessionDescriptionInit)result!,
            static (handle, offerOptions, userData) => RtcnNativeMethods.rtcn_peer_connection_create_offer(handle, &offerOptions, userData));
    }

    /// <summary>Creates an answer to the applied remote offer (W3C createAnswer()).</summary>
    /// <param name="options">Unused (the W3C dictionary has no members left).</param>
    /// <param name="cancellationToken">As for <see cref="CreateOfferAsync"/>: honoured only before the operation starts.</param>
    /// <returns>The answer; the task faults with "InvalidStateError" without a remote offer.</returns>
    public Task<RTCSessionDescriptionInit> CreateAnswerAsync(RTCAnswerOptions? options = null, CancellationToken cancellationToken = default) =>
        RunOperation(OperationKind.CreateAnswer, 0, cancellationToken, static result => (RTCSessionDescriptionInit)result!,
            static (handle, _, userData) => RtcnNativeMethods.rtcn_peer_connection_create_answer(handle, userData));

    /// <summary>Applies a local description (W3C setLocalDescription()). With null the connection creates the
    /// description the signaling state calls for (an offer, or an answer to a remote offer). An offer, answer or
    /// pranswer with empty SDP applies the last offer or answer <see cref="CreateOfferAsync"/> or
    /// <see cref="CreateAnswerAsync"/> created ([[LastCreatedOffer]], [[LastCreatedAnswer]]), or one created now
    /// when there is none. A rollback is valid only while this side's offer is pending. Raises
    /// <see cref="SignalingStateChange"/> in the step that completes the task.</summary>
    /// <param name="description">The description, or null for the implicit one.</param>
    /// <param name="cancellationToken">As for <see cref="CreateOfferAsync"/>: honoured only before the operation
    /// starts, so a canceled task means the description was not applied.</param>
    public Task SetLocalDescriptionAsync(RTCSessionDescriptionInit? description = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (description is { Type: not RTCSdpType.Rollback } && NativeText.SdpNulError(description.Sdp) is { } nul)
        {
            return FailOrdered<object?>(OperationKind.SetLocalDescription, nul);
        }

        // null: the implicit description; a rollback ignores any SDP given, as the spec says; a typed one without
        // SDP is the engine's [[LastCreated...]].
        var type = description?.Type.ToNative() ?? RtcnSdpType.Implicit;
        var sdp = description is null || description.Type == RTCSdpType.Rollback || description.Sdp.Length == 0 ? null : description.Sdp;
        return RunOperation<object?, (RtcnSdpType Type, string? Sdp)>(OperationKind.SetLocalDescription, (type, sdp), cancellationToken, static _ => null,
            static (handle, d, userData) => RtcnNativeMethods.rtcn_peer_connection_set_local_description(handle, d.Type, d.Sdp, userData));
    }

    /// <summary>Applies the remote peer's description (W3C setRemoteDescription()). A malformed SDP faults the
    /// task with "OperationError" and <see cref="RTCErrorDetailType.SdpSyntaxError"/>, leaving the state unchanged.
    /// A remote offer in "have-local-offer" rolls the local offer back first (glare); a rollback is valid only
    /// while the remote peer's offer is pending. m= sections of unknown media types or protocols are kept and
    /// rejected (port 0) in the answer, as JSEP says.</summary>
    /// <param name="description">The remote description.</param>
    /// <param name="cancellationToken">As for <see cref="CreateOfferAsync"/>: honoured only before the operation
    /// starts, so a canceled task means the description was not applied.</param>
    public Task SetRemoteDescriptionAsync(RTCSessionDescriptionInit description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ThrowIfDisposed();
        if (description.Type != RTCSdpType.Rollback && NativeText.SdpNulError(description.Sdp) is { } nul)
        {
            return FailOrdered<object?>(OperationKind.SetRemoteDescription, nul);
        }

        var type = description.Type.ToNative();
        var sdp = description.Type == RTCSdpType.Rollback ? null : description.Sdp;
        return RunOperation<object?, (RtcnSdpType Type, string? Sdp)>(OperationKind.SetRemoteDescription, (type, sdp), cancellationToken, static _ => null,
            static (handle, d, userData) => RtcnNativeMethods.rtcn_peer_connection_set_remote_description(handle, d.Type, d.Sdp, userData));
    }

    /// <summary>Adds a candidate the remote peer gathered (W3C addIceCandidate()); null, or an empty
    /// <see cref="RTCIceCandidateInit.Candidate"/>, signals the end of candidates. The task faults with
    /// "InvalidStateError" without a remote description, and with "OperationError" for a malformed candidate,
    /// an unknown SdpMid, an SdpMLineIndex beyond the m-sections, or a UsernameFragment matching no ICE ufrag of
    /// that section in the remote descriptions (checked when the candidate's turn comes in the operations chain).</summary>
    /// <param name="candidate">The candidate, or null for end-of-candidates.</param>
    /// <param name="cancellationToken">As for <see cref="CreateOfferAsync"/>: honoured only before the operation starts.</param>
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
            return FailOrdered<object?>(OperationKind.AddIceCandidate,
                new RTCException(DomErrorNames.Operation, "The ICE candidate is malformed: it holds a U+0000 character."));
        }

        return RunOperation<object?, RTCIceCandidateInit?>(OperationKind.AddIceCandidate, candidate, cancellationToken, static _ => null,
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

    /// <summary>Asks for an ICE restart in the next offer (W3C restartIce()); raises <see cref="NegotiationNeeded"/>.
    /// Takes effect for every offer created after it returns.</summary>
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

    /// <summary>Dispatcher: an operation ended. Applies the session it left, raising the events it causes, then
    /// completes its task, atomically with <see cref="Close"/>: once Close returned no operation succeeds.</summary>
    internal void CompleteOperation(PendingOperation operation, OperationOutcome outcome)
    {
        ForgetOperation(operation);
        lock (_sync)
        {
            _chain.Remove(operation);
            ReleaseEarlyFailuresLocked(); // queued right behind this completion
        }

        var state = outcome.State;
        if (state is not null)
        {
            RaiseSessionEvents(state);
        }

        var error = outcome.Error;
        Action? succeed = null;
        if (error is null && !outcome.Canceled)
        {
            try
            {
                succeed = operation.PrepareSuccess(outcome.Result);
            }
            catch (Exception exception)
            {
                error = exception;
            }
        }

        lock (_sync)
        {
            if (state is not null)
            {
                CommitStepLocked(state);
            }

            if (_closed && operation.Kind != OperationKind.GetStats)
            {
                // Chrome resolves getStats after close (a report of what is left); every other operation rejects.
                error = ClosedError(operation.Kind);
                operation.TryFault(error);
            }
            else if (outcome.Canceled)
            {
                operation.TryCancel();
            }
            else if (error is not null)
            {
                operation.TryFault(error);
            }
            else
            {
                succeed!();
            }
        }

        if (outcome.Canceled)
        {
            Log.OperationCanceled(Logger, Number, operation.Name);
        }
        else if (error is not null)
        {
            Log.OperationFailed(Logger, Number, operation.Name, error);
        }
        else
        {
            Log.OperationCompleted(Logger, Number, operation.Name);
        }
    }

    /// <summary>A cancellation request for an operation the engine accepted (any thread; never blocks).</summary>
    internal void CancelNative(PendingOperation operation)
    {
        try
        {
            RtcnNativeMethods.rtcn_peer_connection_cancel_operation(_handle, operation.UserData);
        }
        catch (ObjectDisposedException)
        {
            // Disposed: the engine completes the operation with the closed error.
        }
    }

    /// <summary>Dispatcher: starts applying an operation's session. Descriptions first (webrtc-pc sets them before
    /// the signaling state changes), then the transports, then one <see cref="SignalingStateChange"/> per state entered;
    /// the descriptions and signaling state stay visible only to this thread until <see cref="CommitStepLocked"/>.</summary>
    private void RaiseSessionEvents(SessionState state)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }

            _stepThread = Environment.CurrentManagedThreadId;
            _stepSession = state;
            _stepSignalingState = _signalingState;
        }

        ApplyTransports(state.Transports);
        foreach (var change in state.SignalingChanges)
        {
            lock (_sync)
            {
                if (_closed || _stepSignalingState == change)
                {
                    continue;
                }

                _stepSignalingState = change;
            }

            SignalingStateChange?.Invoke(this, change);
        }
    }

    /// <summary>Makes the step's session everyone's (call under <see cref="_sync"/>, with the task's completion).</summary>
    private void CommitStepLocked(SessionState state)
    {
        if (!_closed && ReferenceEquals(_stepSession, state))
        {
            _session = state;
            _signalingState = _stepSignalingState;
        }

        _stepThread = 0;
        _stepSession = null;
    }

    /// <summary>Dispatcher: a session that comes with an event rather than an operation (a gathered candidate: the
    /// local description carries it before the event is raised): everyone's at once.</summary>
    private void ApplySession(SessionState state)
    {
        RaiseSessionEvents(state);
        lock (_sync)
        {
            CommitStepLocked(state);
        }
    }

    private T ReadSession<T>(Func<SessionState, T> read)
    {
        ThrowIfDisposed();
        lock (_sync)
        {
            return read(InStep ? _stepSession! : _session);
        }
    }

    /// <summary>Whether this thread is the dispatcher applying an operation's session (call under <see cref="_sync"/>).</summary>
    private bool InStep => _stepThread != 0 && _stepThread == Environment.CurrentManagedThreadId && !_closed;

    /// <summary>Tracks the operation (and chains it, unless it is getStats); false once closed (unless allowed then:
    /// getStats, as in Chrome). Makes the connection active (kept alive while open).</summary>
    private bool TrackOperation(PendingOperation operation, bool allowClosed)
    {
        lock (_sync)
        {
            if (operation.Kind.IsChained())
            {
                _chain.AddLast(operation);
            }

            if (_closed && !allowClosed)
            {
                return false;
            }

            _pending.Add(operation);
            MarkActive();
            return true;
        }
    }

    /// <summary>Completes an operation that failed before the engine had it, in its place in the chain.</summary>
    private void FailInTurn(PendingOperation operation, Exception error)
    {
        var outcome = new OperationOutcome(null, error, false, null, FromNative: false);
        lock (_sync)
        {
            if (!operation.Kind.IsChained() || !_chain.Contains(operation))
            {
                Post(operation, outcome); // not chained: nothing to wait for
                return;
            }

            _failedEarly[operation] = outcome;
            ReleaseEarlyFailuresLocked();
        }
    }

    /// <summary>Posts the early failures at the head of the chain (call under <see cref="_sync"/>).</summary>
    private void ReleaseEarlyFailuresLocked()
    {
        while (_chain.First is { } head && _failedEarly.Remove(head.Value, out var outcome))
        {
            _chain.RemoveFirst();
            Post(head.Value, outcome);
        }
    }

    private void ForgetOperation(PendingOperation operation)
    {
        lock (_sync)
        {
            _pending.Remove(operation);
        }
    }

    private static int ToTriState(bool? value) => value switch { null => -1, false => 0, true => 1 };

    private RTCException ClosedError(OperationKind kind) =>
        new(DomErrorNames.InvalidState,
            $"{kind.W3CName()}: the RTCPeerConnection was {(Volatile.Read(ref _disposed) != 0 ? "disposed" : "closed")}.");

    /// <summary>
    /// Starts a native async operation (TAP rules: usage errors throw; every other failure faults the task, through
    /// the connection's ordered path, after whatever is queued before it). <paramref name="start"/> gets the
    /// op_user_data and must return the native call's status directly, so that the thread-local last error is still
    /// the call's when it is read.
    /// </summary>
    private Task<TResult> RunOperation<TResult, TState>(OperationKind kind, TState state, CancellationToken cancellationToken,
        Func<object?, TResult> convert, Func<RtcnPeerConnectionHandle, TState, nint, RtcnStatus> start)
    {
        ThrowIfDisposed();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken); // never queued: not performed
        }

        var operation = new PendingOperation<TResult>(this, kind, cancellationToken, convert);
        if (!TrackOperation(operation, allowClosed: kind == OperationKind.GetStats))
        {
            operation.Abandon();
            FailInTurn(operation, ClosedError(kind));
            return operation.Task;
        }

        RtcnStatus status;
        try
        {
            status = start(_handle, state, operation.UserData);
        }
        catch
        {
            Unchain(operation);
            operation.Abandon();
            throw;
        }

        if (status == RtcnStatus.Ok)
        {
            operation.ForwardCancellation();
            Log.OperationStarted(Logger, Number, operation.Name);
            return operation.Task;
        }

        var error = RtcnErrors.LastError(status);
        operation.Abandon();
        if (RtcnErrors.IsUsageError(error))
        {
            Unchain(operation);
            Log.OperationFailed(Logger, Number, operation.Name, error);
            throw error;
        }

        ForgetOperation(operation);
        FailInTurn(operation, error);
        return operation.Task;
    }

    /// <summary>A failure found before the engine was asked, reported in the operation's turn like the engine's.</summary>
    private Task<TResult> FailOrdered<TResult>(OperationKind kind, Exception error)
    {
        var operation = new PendingOperation<TResult>(this, kind, CancellationToken.None, static _ => default!);
        operation.Abandon();
        TrackOperation(operation, allowClosed: true);
        FailInTurn(operation, error);
        return operation.Task;
    }

    /// <summary>Takes back an operation that never started (a usage error is thrown instead).</summary>
    private void Unchain(PendingOperation operation)
    {
        lock (_sync)
        {
            _pending.Remove(operation);
            _chain.Remove(operation);
            ReleaseEarlyFailuresLocked();
        }
    }
}
