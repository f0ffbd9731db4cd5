using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RtcNative.Janus;

/// <summary>
/// A session on a Janus server through its HTTP transport (Janus's "REST" API): created with
/// <see cref="CreateAsync"/>, it long-polls the session's events in the background, sends a keepalive on a timer,
/// attaches plugin handles (<see cref="AttachAsync"/>) and routes each event to its handle. Disposing destroys the
/// session on the server (bounded) and stops both loops. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// await using var session = await JanusSession.CreateAsync(new Uri("http://127.0.0.1:8088/janus"));
/// var echo = await session.AttachAsync("janus.plugin.echotest");
/// var trickles = new List&lt;Task&gt;();   // kept and awaited: a refused candidate is not lost in an async void handler
/// pc.IceCandidate += (_, e) => { lock (trickles) trickles.Add(echo.TrickleAsync(e.Candidate)); };
/// var offer = await pc.CreateOfferAsync();
/// await pc.SetLocalDescriptionAsync(offer);
/// var reply = await echo.SendMessageAsync(new JsonObject { ["audio"] = true, ["video"] = true }, offer);
/// await pc.SetRemoteDescriptionAsync(reply.Jsep!);
/// await echo.WaitForEventAsync(e => e.Kind == "webrtcup", TimeSpan.FromSeconds(20));
/// </code>
/// </example>
public sealed class JanusSession : IAsyncDisposable
{
    /// <summary>What one request may take (Janus answers at once; plugins' asynchronous answers may take longer:
    /// see <see cref="JanusHandle.SendMessageAsync"/>).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    // Janus holds a long poll for 30 s, then answers with a keepalive.
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromSeconds(45);
    private const int MaxEventsPerPoll = 10;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _sessionUri;
    private readonly ConcurrentDictionary<long, JanusHandle> _handles = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JanusEvent>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _poll = Task.CompletedTask;
    private Task _keepalive = Task.CompletedTask;
    private Exception? _fault;
    private int _disposed;

    private JanusSession(HttpClient http, bool ownsHttp, Uri serverUri, long id)
    {
        _http = http;
        _ownsHttp = ownsHttp;
        ServerUri = serverUri;
        Id = id;
        _sessionUri = new Uri(serverUri.AbsoluteUri.TrimEnd('/') + "/" + id);
    }

    /// <summary>The server's API root, such as http://127.0.0.1:8088/janus.</summary>
    public Uri ServerUri { get; }

    /// <summary>The session id Janus gave.</summary>
    public long Id { get; }

    /// <summary>Why the event loop stopped, if it failed: the server went away, or forgot the session (noticed at the
    /// next keepalive or poll: Janus keeps a destroyed session's pending long poll open for up to 30 s). Once set,
    /// every wait of the session's handles fails with it.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Creates a session on the server at <paramref name="serverUri"/> and starts its event loop and keepalive.</summary>
    /// <param name="serverUri">The API root (Janus's <c>base_path</c>, "/janus" by default).</param>
    /// <param name="keepaliveInterval">How often to send a keepalive: less than the server's session_timeout
    /// (60 s by default); default 25 s.</param>
    /// <param name="http">A client to use (not disposed by the session); null for one of the session's own.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <exception cref="ArgumentException">The URI is not absolute http(s), or the interval is not positive.</exception>
    /// <exception cref="JanusException">Janus refused.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public static Task<JanusSession> CreateAsync(Uri serverUri, TimeSpan? keepaliveInterval = null, HttpClient? http = null,
        CancellationToken cancellationToken = default)
    {
        // Usage errors are thrown synchronously (.NET's TAP rule), everything else faults the task.
        ArgumentNullException.ThrowIfNull(serverUri);
        if (!serverUri.IsAbsoluteUri || (serverUri.Scheme != Uri.UriSchemeHttp && serverUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Janus's HTTP API needs an absolute http or https URI, not '{serverUri}'", nameof(serverUri));
        }

        var interval = keepaliveInterval ?? TimeSpan.FromSeconds(25);
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentException("The keepalive interval must be positive", nameof(keepaliveInterval));
        }

        return CreateCoreAsync(serverUri, interval, http, cancellationToken);
    }

    private static async Task<JanusSession> CreateCoreAsync(Uri serverUri, TimeSpan interval, HttpClient? http, CancellationToken cancellationToken)
    {
        var client = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            var reply = await PostAsync(client, serverUri, new JsonObject { ["janus"] = "create" }, "create a session", cancellationToken)
                .ConfigureAwait(false);
            var id = reply["data"]?["id"]?.GetValue<long>() ?? throw new FormatException("Janus's create answer has no data.id: " + reply.ToJsonString());
            var session = new JanusSession(client, http is null, serverUri, id);
            session._poll = Task.Run(session.PollLoopAsync);
            session._keepalive = Task.Run(() => session.KeepaliveLoopAsync(interval));
            return session;
        }
        catch
        {
            if (http is null)
            {
                client.Dispose();
            }

            throw;
        }
    }

    /// <summary>Attaches a handle to <paramref name="plugin"/> (its package name, e.g. "janus.plugin.videoroom").</summary>
    /// <exception cref="ArgumentException">The plugin name is empty.</exception>
    /// <exception cref="JanusException">Janus refused (e.g. 460 "no such plugin").</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public Task<JanusHandle> AttachAsync(string plugin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plugin);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return AttachCoreAsync(plugin, cancellationToken);
    }

    private async Task<JanusHandle> AttachCoreAsync(string plugin, CancellationToken cancellationToken)
    {
        var reply = await RequestAsync(_sessionUri, new JsonObject { ["janus"] = "attach", ["plugin"] = plugin }, $"attach to {plugin}", cancellationToken)
            .ConfigureAwait(false);
        var id = reply["data"]?["id"]?.GetValue<long>() ?? throw new FormatException("Janus's attach answer has no data.id: " + reply.ToJsonString());
        var handle = new JanusHandle(this, plugin, id, new Uri(_sessionUri.AbsoluteUri + "/" + id));
        _handles[id] = handle;
        return handle;
    }

    /// <summary>Destroys the session on the server (its handles are detached and their PeerConnections hung up) and
    /// stops the event loop and keepalive. Idempotent; bounded by <see cref="RequestTimeout"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (Fault is null)
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                await PostAsync(_http, _sessionUri, new JsonObject { ["janus"] = "destroy" }, "destroy the session", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or JanusException or OperationCanceledException)
        {
            // the server is gone or forgot the session already: nothing left to destroy
        }
        finally
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_poll, _keepalive).ConfigureAwait(false);
            FailPending(new ObjectDisposedException(nameof(JanusSession)));
            _stop.Dispose();
            if (_ownsHttp)
            {
                _http.Dispose();
            }
        }
    }

    /// <summary>Posts <paramref name="body"/> to <paramref name="uri"/> (the session's or a handle's) and returns
    /// Janus's synchronous answer ("success" or "ack").</summary>
    internal async Task<JsonObject> RequestAsync(Uri uri, JsonObject body, string what, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        linked.CancelAfter(RequestTimeout);
        return await PostAsync(_http, uri, body, what, linked.Token).ConfigureAwait(false);
    }

    /// <summary>Registers a wait for the asynchronous answer to <paramref name="transaction"/> (before the request
    /// is posted, so an answer that overtakes the "ack" is not lost).</summary>
    internal TaskCompletionSource<JanusEvent> ExpectTransaction(string transaction)
    {
        var completion = new TaskCompletionSource<JanusEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = completion;
        if (Fault is { } fault)
        {
            completion.TrySetException(fault);
        }

        return completion;
    }

    internal void ForgetTransaction(string transaction) => _pending.TryRemove(transaction, out _);

    internal void ForgetHandle(long id) => _handles.TryRemove(id, out _);

    internal static string NewTransaction() => Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 8).ToLowerInvariant();

    private static async Task<JsonObject> PostAsync(HttpClient http, Uri uri, JsonObject body, string what, CancellationToken cancellationToken)
    {
        body["transaction"] ??= NewTransaction();
        using var response = await http.PostAsJsonAsync(uri, body, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false)
            ?? throw new FormatException($"Janus answered {what} with null");
        ThrowIfError(reply, what);
        return reply;
    }

    internal static void ThrowIfError(JsonObject reply, string what)
    {
        if ((string?)reply["janus"] == "error")
        {
            throw new JanusException(reply["error"]?["code"]?.GetValue<int>() ?? 0, (string?)reply["error"]?["reason"] ?? "(no reason)", what);
        }
    }

    // One long poll at a time, each bounded by s_pollTimeout; ends when the session is disposed or the server fails.
    private async Task PollLoopAsync()
    {
        var uri = new Uri($"{_sessionUri.AbsoluteUri}?maxev={MaxEventsPerPoll}");
        while (!_stop.IsCancellationRequested)
        {
            JsonNode? reply;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(s_pollTimeout);
                reply = await _http.GetFromJsonAsync<JsonNode>(uri, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
            {
                Stop(new HttpRequestException($"Janus's event poll for session {Id} failed: {exception.Message}", exception));
                return;
            }

            var messages = reply switch
            {
                JsonArray array => array.OfType<JsonObject>().ToList(),
                JsonObject single => [single],
                _ => [],
            };
            foreach (var message in messages)
            {
                if ((string?)message["janus"] == "error")
                {
                    // The poll itself was refused (458: the server forgot the session): polling again would only
                    // be refused again, at once.
                    Stop(new JanusException(message["error"]?["code"]?.GetValue<int>() ?? 0, (string?)message["error"]?["reason"] ?? "(no reason)",
                        $"the event poll of session {Id}"));
                    return;
                }

                Dispatch(message);
            }
        }
    }

    private void Dispatch(JsonObject message)
    {
        var kind = (string?)message["janus"];
        if (kind is "keepalive" or "ack")
        {
            return;
        }

        if (kind == "timeout")
        {
            Stop(new JanusException(0, "the session timed out on the server", "the session"));
            return;
        }

        var janusEvent = new JanusEvent(message);
        if (janusEvent.Transaction is { } transaction && _pending.TryRemove(transaction, out var completion))
        {
            completion.TrySetResult(janusEvent);
            return;
        }

        if (message["sender"]?.GetValue<long>() is { } sender && _handles.TryGetValue(sender, out var handle))
        {
            handle.Deliver(janusEvent);
        }
    }

    private async Task KeepaliveLoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await RequestAsync(_sessionUri, new JsonObject { ["janus"] = "keepalive" }, "a keepalive", _stop.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is HttpRequestException or JanusException ||
                                                  (exception is OperationCanceledException && !_stop.IsCancellationRequested))
                {
                    Stop(exception);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    private void Stop(Exception fault)
    {
        Interlocked.CompareExchange(ref _fault, fault, null);
        FailPending(fault);
        foreach (var handle in _handles.Values)
        {
            handle.Fail(fault);
        }
    }

    private void FailPending(Exception fault)
    {
        foreach (var transaction in _pending.Keys)
        {
            if (_pending.TryRemove(transaction, out var completion))
            {
                completion.TrySetException(fault);
            }
        }
    }
}
