using System.Text.Json.Nodes;

namespace RtcNative.Janus;

/// <summary>
/// A handle attached to one plugin in a <see cref="JanusSession"/>: one PeerConnection's worth of signaling.
/// Requests go with <see cref="SendMessageAsync"/> (a plugin request, with a description when there is one) and
/// <see cref="TrickleAsync"/>; everything Janus sends about the handle that answers no request (plugin events such
/// as a VideoRoom's new publishers, and the core's "webrtcup", "media", "slowlink", "hangup", "trickle") is kept in
/// order and awaited with <see cref="WaitForEventAsync"/>. Thread-safe.
/// </summary>
public sealed class JanusHandle
{
    // Janus answers a request carrying an offer after its ICE gathering; plugins may queue requests.
    private static readonly TimeSpan s_defaultAnswerTimeout = TimeSpan.FromSeconds(20);
    private const int MaxKeptEvents = 1000;

    private readonly JanusSession _session;
    private readonly Uri _uri;
    private readonly List<JanusEvent> _events = [];
    private readonly List<(Func<JanusEvent, bool> Match, TaskCompletionSource<JanusEvent> Completion)> _waiters = [];
    private Exception? _fault;

    internal JanusHandle(JanusSession session, string plugin, long id, Uri uri)
    {
        _session = session;
        Plugin = plugin;
        Id = id;
        _uri = uri;
    }

    /// <summary>The plugin's package name.</summary>
    public string Plugin { get; }

    /// <summary>The handle id Janus gave.</summary>
    public long Id { get; }

    /// <summary>The events received so far that answered no request, oldest first (the last 1000).</summary>
    public IReadOnlyList<JanusEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Sends a plugin request and returns the plugin's answer: its synchronous "success" or, after Janus's
    /// "ack", the asynchronous event answering the request (with Janus's description, if it sent one).</summary>
    /// <param name="body">The plugin request (e.g. <c>{"request":"join","ptype":"publisher","room":1234}</c>).</param>
    /// <param name="jsep">A description to send with it (an offer, or the answer to Janus's offer).</param>
    /// <param name="timeout">How long to wait for an asynchronous answer; default 20 s.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="JanusException">Janus or the plugin refused (the plugin's error_code and error).</exception>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="ArgumentException">The description is neither an offer nor an answer, or the timeout is not positive.</exception>
    public Task<JanusEvent> SendMessageAsync(JsonObject body, RTCSessionDescriptionInit? jsep = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var jsepMember = jsep is null ? null : JanusJsep.FromDescription(jsep);
        var wait = timeout ?? s_defaultAnswerTimeout;
        if (wait <= TimeSpan.Zero)
        {
            throw new ArgumentException("The timeout must be positive", nameof(timeout));
        }

        return SendMessageCoreAsync(body, jsepMember, wait, cancellationToken);
    }

    private async Task<JanusEvent> SendMessageCoreAsync(JsonObject body, JsonObject? jsep, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var what = $"{Plugin} request {(string?)body["request"] ?? body.ToJsonString()}";
        var transaction = JanusSession.NewTransaction();
        var request = new JsonObject { ["janus"] = "message", ["transaction"] = transaction, ["body"] = body.DeepClone() };
        if (jsep is not null)
        {
            request["jsep"] = jsep;
        }

        var answer = _session.ExpectTransaction(transaction);
        try
        {
            var reply = await _session.RequestAsync(_uri, request, what, cancellationToken).ConfigureAwait(false);
            var result = (string?)reply["janus"] == "success"
                ? new JanusEvent(reply)
                : await answer.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            ThrowIfPluginError(result, what);
            return result;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Janus did not answer {what} within {timeout.TotalSeconds} s");
        }
        finally
        {
            _session.ForgetTransaction(transaction);
        }
    }

    /// <summary>Sends one of the PeerConnection's candidates to Janus, or null (the IceCandidate event's end of
    /// gathering) as Janus's "completed".</summary>
    /// <exception cref="JanusException">Janus refused the candidate.</exception>
    public async Task TrickleAsync(RTCIceCandidate? candidate, CancellationToken cancellationToken = default)
    {
        var request = new JsonObject { ["janus"] = "trickle", ["candidate"] = JanusJsep.FromCandidate(candidate) };
        await _session.RequestAsync(_uri, request, "a trickled candidate", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for an event about this handle that answered no request and satisfies <paramref name="match"/>;
    /// events received before the call count (the first match among them is returned).</summary>
    /// <param name="match">Which event, e.g. <c>e =&gt; e.Kind == "webrtcup"</c>.</param>
    /// <param name="timeout">The bound.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="TimeoutException">No such event within <paramref name="timeout"/>.</exception>
    /// <exception cref="ArgumentException">The timeout is not positive.</exception>
    public Task<JanusEvent> WaitForEventAsync(Func<JanusEvent, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The timeout must be positive", nameof(timeout));
        }

        return WaitForEventCoreAsync(match, timeout, cancellationToken);
    }

    private async Task<JanusEvent> WaitForEventCoreAsync(Func<JanusEvent, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<JanusEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_events)
        {
            if (_events.FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            if (_fault is not null)
            {
                throw _fault;
            }

            _waiters.Add((match, completion));
        }

        try
        {
            return await completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching event on {Plugin} handle {Id} within {timeout.TotalSeconds} s; received: " +
                string.Join(", ", Events.Select(e => e.Kind + (e.PluginData is { } data ? " " + data.ToJsonString() : ""))));
        }
        finally
        {
            lock (_events)
            {
                _waiters.RemoveAll(w => w.Completion == completion);
            }
        }
    }

    /// <summary>Hangs up the handle's PeerConnection on the server (the handle stays attached).</summary>
    public async Task HangupAsync(CancellationToken cancellationToken = default) =>
        await _session.RequestAsync(_uri, new JsonObject { ["janus"] = "hangup" }, "a hangup", cancellationToken).ConfigureAwait(false);

    /// <summary>Detaches the handle from its plugin (which hangs up its PeerConnection).</summary>
    /// <exception cref="JanusException">Janus refused (e.g. the handle is gone already).</exception>
    public async Task DetachAsync(CancellationToken cancellationToken = default)
    {
        await _session.RequestAsync(_uri, new JsonObject { ["janus"] = "detach" }, "a detach", cancellationToken).ConfigureAwait(false);
        _session.ForgetHandle(Id);
    }

    internal void Deliver(JanusEvent janusEvent)
    {
        List<TaskCompletionSource<JanusEvent>> matched = [];
        lock (_events)
        {
            _events.Add(janusEvent);
            if (_events.Count > MaxKeptEvents)
            {
                _events.RemoveAt(0);
            }

            foreach (var waiter in _waiters.Where(w => w.Match(janusEvent)).ToList())
            {
                _waiters.Remove(waiter);
                matched.Add(waiter.Completion);
            }
        }

        foreach (var completion in matched)
        {
            completion.TrySetResult(janusEvent);
        }
    }

    internal void Fail(Exception fault)
    {
        List<TaskCompletionSource<JanusEvent>> waiting;
        lock (_events)
        {
            _fault ??= fault;
            waiting = [.. _waiters.Select(w => w.Completion)];
            _waiters.Clear();
        }

        foreach (var completion in waiting)
        {
            completion.TrySetException(fault);
        }
    }

    private static void ThrowIfPluginError(JanusEvent result, string what)
    {
        JanusSession.ThrowIfError(result.Message, what);
        if (result.PluginData?["error_code"] is JsonValue code)
        {
            throw new JanusException(code.GetValue<int>(), (string?)result.PluginData["error"] ?? "(no reason)", what);
        }
    }
}
