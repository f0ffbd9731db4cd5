using Microsoft.Extensions.Logging;
using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

/// <summary>
/// A connection to a remote peer (W3C RTCPeerConnection): offer/answer signaling, ICE, and data
/// channels. Every member is safe from any thread and from inside event handlers; no getter waits for
/// libwebrtc (the engine pushes its state with the events and completions that change it). Events of the
/// connection and of its channels are raised one at a time, in engine order, on a dispatcher (RtcNative's event threads,
/// or a captured <see cref="SynchronizationContext"/>), never on a libwebrtc thread; operations complete in
/// the order they were chained, with asynchronous continuations.
/// </summary>
public sealed partial class RTCPeerConnection : IDisposable, IAsyncDisposable, IDispatchTarget, INativeOwner
{
    private static int s_lastNumber;

    private readonly RtcnPeerConnectionHandle _handle;
    private readonly EventDispatcher _dispatcher;
    private readonly PeerConnectionFactory _factory;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guards the mirrors of the engine's state against a concurrent Close, and the sets below. Never held
    // across a native call or a user handler.
    private readonly Lock _sync = new();
    private readonly HashSet<PendingOperation> _pending = [];
    private readonly HashSet<RTCDataChannel> _channels = []; // not yet disposed: disposed with the connection
    private RTCSignalingState _signalingState = RTCSignalingState.Stable;
    private RTCIceGatheringState _iceGatheringState = RTCIceGatheringState.New;
    private RTCIceConnectionState _iceConnectionState = RTCIceConnectionState.New;
    private RTCPeerConnectionState _connectionState = RTCPeerConnectionState.New;
    private bool _closed;
    private int _disposed;

    /// <summary>Creates a connection with <see cref="PeerConnectionFactory.Default"/>.</summary>
    /// <param name="configuration">ICE servers and policies; null for the defaults.</param>
    /// <exception cref="RTCException">"SyntaxError" for a malformed ICE server URL, "InvalidAccessError"
    /// for a TURN server without credentials or an expired certificate.</exception>
    /// <exception cref="ArgumentException">A configuration member is out of range.</exception>
    public RTCPeerConnection(RTCConfiguration? configuration = null)
        : this(PeerConnectionFactory.Default, configuration)
    {
    }

    internal unsafe RTCPeerConnection(PeerConnectionFactory factory, RTCConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(factory);
        configuration ??= new RTCConfiguration();
        ConfigurationValidator.Validate(configuration);
        ConfigurationValidator.ValidateCertificatesNotExpired(configuration);
        _configuration = configuration.Clone(); // GetConfiguration's copy, immune to later edits of the caller's

        _factory = factory;
        Number = Interlocked.Increment(ref s_lastNumber);
        Logger = factory.Logger;
        _dispatcher = new EventDispatcher(Logger, factory.CaptureSynchronizationContext ? SynchronizationContext.Current : null);

        // The native side only holds a weak handle: the program decides how long the wrapper lives.
        var userData = NativeUserData.Create(this);
        var created = false;
        _dispatcher.Pause(); // no event before the handle is stored
        try
        {
            using var strings = new Utf8StringArena();
            var native = ToNative(configuration, strings);
            var status = RtcnNativeMethods.rtcn_peer_connection_create(factory.Handle, &native, userData, out _handle);
            if (status != RtcnStatus.Ok)
            {
                var error = RtcnErrors.LastError(status);
                _handle.Dispose();
                throw error;
            }

            created = true;
        }
        finally
        {
            if (!created)
            {
                NativeUserData.FreeUnused(userData); // no native object took it
            }

            _dispatcher.Resume();
        }

        factory.Track(this);
        Log.ConnectionCreated(Logger, Number);
    }

    /// <summary>The offer/answer state; equals the event's value inside a <see cref="SignalingStateChange"/> handler.
    /// Other threads see it change when the task of the operation that changed it completes.</summary>
    public RTCSignalingState SignalingState
    {
        get
        {
            ThrowIfDisposed();
            lock (_sync)
            {
                return InStep ? _stepSignalingState : _signalingState;
            }
        }
    }

    /// <summary>Whether ICE is gathering candidates.</summary>
    public RTCIceGatheringState IceGatheringState => ReadState(ref _iceGatheringState);

    /// <summary>The aggregate ICE state.</summary>
    public RTCIceConnectionState IceConnectionState => ReadState(ref _iceConnectionState);

    /// <summary>The aggregate ICE and DTLS state.</summary>
    public RTCPeerConnectionState ConnectionState => ReadState(ref _connectionState);

    /// <summary>For log messages: which connection of the process this is.</summary>
    internal int Number { get; }

    internal ILogger Logger { get; }

    /// <summary>The dispatcher of this connection's events (tests pause it to observe states between events).</summary>
    internal EventDispatcher Dispatcher => _dispatcher;

    /// <summary>Raised (on the calling thread) when <see cref="Close"/> or <see cref="Dispose"/> ends the connection:
    /// those raise no public event, so the wait helpers listen here instead of polling.</summary>
    internal event Action? Ended;

    private bool IsClosed
    {
        get
        {
            lock (_sync)
            {
                return _closed;
            }
        }
    }

    /// <summary>Closes the connection (W3C close()): its channels close and pending operations fault with
    /// "InvalidStateError". Idempotent and never blocks; after it returns no event of the connection is raised, only
    /// the close events of its data channels, and no operation completes successfully. Does nothing after
    /// <see cref="Dispose"/>.</summary>
    public void Close()
    {
        if (Volatile.Read(ref _disposed) != 0 || !MarkClosed())
        {
            return;
        }

        try
        {
            var status = RtcnNativeMethods.rtcn_peer_connection_close(_handle);
            if (status is not (RtcnStatus.Ok or RtcnStatus.ErrorClosed))
            {
                Log.CallFailed(Logger, Number, "close", RtcnErrors.LastError(status));
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: the release closed it.
        }

        Log.ConnectionClosed(Logger, Number);
    }

    /// <summary>Closes the connection without raising further events, disposes its data channels (created or
    /// announced) and releases the native connection. Never blocks and never waits for a handler; callable from
    /// inside one. Pending operations fault. Afterwards every member but Close and Dispose throws
    /// <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        MarkClosed();
        _dispatcher.Dispose(); // events stop; the engine's completions of pending operations still run
        RTCDataChannel[] channels;
        lock (_sync)
        {
            channels = [.. _channels];
            _channels.Clear();
        }

        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        DisposeTransceivers();
        _handle.Dispose(); // the native release returns at once; libwebrtc tears down on its own thread
        _factory.Forget(this);
        Log.ConnectionDisposed(Logger, Number);
    }

    /// <summary>Disposes the connection, then completes once the native side released it: libwebrtc's connection is
    /// closed and destroyed and no callback of it will run.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return new ValueTask(_released.Task);
    }

    void INativeOwner.OnNativeReleased() => _released.TrySetResult();

    /// <summary>Queues an event of this connection.</summary>
    internal void Post(ConnectionEvent kind, object? payload = null, long value = 0) =>
        _dispatcher.Enqueue(new DispatchItem(this, (int)kind, payload, value));

    /// <summary>Queues an event of one of this connection's channels or an operation's completion, in the same order.</summary>
    internal void Post(IDispatchTarget target, object? payload, int kind = 0, long value = 0) =>
        _dispatcher.Enqueue(new DispatchItem(target, kind, payload, value));

    /// <summary>Throws <see cref="ObjectDisposedException"/> after Dispose.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static unsafe RtcnConfiguration ToNative(RTCConfiguration configuration, Utf8StringArena strings)
    {
        var servers = strings.AddArray<RtcnIceServer>(configuration.IceServers.Count);
        for (var i = 0; i < configuration.IceServers.Count; i++)
        {
            var server = configuration.IceServers[i];
            var urls = server.Urls.Select(url => IceServerUrl.Parse(url).EngineText).ToArray();
            servers[i] = new RtcnIceServer
            {
                Urls = strings.Add(urls),
                UrlCount = urls.Length,
                Username = strings.Add(server.Username),
                Credential = strings.Add(server.Credential),
                TlsCertPolicy = server.TlsCertificatePolicy switch
                {
                    TlsCertificatePolicy.Secure => RtcnTlsCertPolicy.Secure,
                    TlsCertificatePolicy.InsecureNoCheck => RtcnTlsCertPolicy.InsecureNoCheck,
                    _ => throw new ArgumentOutOfRangeException(nameof(configuration), server.TlsCertificatePolicy, "Not a TlsCertificatePolicy."),
                },
                TlsTrustedRootsPem = strings.Add(server.TlsTrustedRootCertificatesPem),
            };
        }

        var certificates = strings.AddArray<RtcnCertificatePem>(configuration.Certificates.Count);
        for (var i = 0; i < configuration.Certificates.Count; i++)
        {
            var certificate = configuration.Certificates[i];
            certificates[i] = new RtcnCertificatePem
            {
                PrivateKey = strings.Add(certificate.PrivateKeyPem),
                Certificate = strings.Add(certificate.CertificatePem),
            };
        }

        return new RtcnConfiguration
        {
            IceServers = servers,
            IceServerCount = configuration.IceServers.Count,
            Certificates = certificates,
            CertificateCount = configuration.Certificates.Count,
            IceTransportPolicy = configuration.IceTransportPolicy.ToNative(),
            BundlePolicy = configuration.BundlePolicy.ToNative(),
            RtcpMuxPolicy = configuration.RtcpMuxPolicy.ToNative(),
            IceCandidatePoolSize = configuration.IceCandidatePoolSize,
        };
    }

    private T ReadState<T>(ref T mirror) where T : struct, Enum
    {
        ThrowIfDisposed();
        lock (_sync)
        {
            return mirror;
        }
    }

    /// <summary>Sets the closed state (spec: without events); false when already closed.</summary>
    private bool MarkClosed()
    {
        RTCDataChannel[] channels;
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }

            _closed = true;
            _signalingState = RTCSignalingState.Closed;
            _iceConnectionState = RTCIceConnectionState.Closed;
            _connectionState = RTCPeerConnectionState.Closed;
            CloseTransportsLocked();
            channels = [.. _channels];
        }

        KeepAlive.Release(this);
        Ended?.Invoke();
        foreach (var channel in channels)
        {
            channel.OnConnectionClosed(); // they now read as closed: wake their waiters
        }

        return true;
    }

    /// <summary>Roots an active connection while it is open (call under <see cref="_sync"/>).</summary>
    private void MarkActive()
    {
        if (!_closed)
        {
            KeepAlive.Hold(this);
        }
    }
}
