using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// Owns what a set of connections shares: libwebrtc's PeerConnectionFactory with its threads,
/// codecs, network settings and audio device. Create one per configuration and reuse it;
/// <see cref="Default"/> serves <c>new RTCPeerConnection()</c>. Disposing it disposes every connection it made.
/// </summary>
public sealed class PeerConnectionFactory : IDisposable, IAsyncDisposable, INativeOwner
{
    /// <summary>The environment variable that picks the default <see cref="RtcNative.ThreadLayout"/> ("shared" or "split").</summary>
    public const string ThreadLayoutVariable = "RTCNATIVE_THREAD_LAYOUT";

    private static readonly Lazy<PeerConnectionFactory> DefaultFactory = new(() => new PeerConnectionFactory(isDefault: true));

    private readonly RtcnFactoryHandle _handle;
    private readonly bool _isDefault;
    private readonly ILogger? _libWebRtcLogger; // registered with LibWebRtcLogRouter while the factory lives
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sync = new();
    // Not yet disposed: disposed with the factory. Weak: a connection the program dropped is still collected (its
    // finalizer releases it, and the native factory closes it at release anyway).
    private readonly ConditionalWeakTable<RTCPeerConnection, object?> _connections = new();
    private int _disposed;

    /// <summary>Creates a factory.</summary>
    /// <param name="options">Networking, audio and logging options; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="RTCException">The engine could not be created (e.g. no platform audio device with <see cref="AudioDeviceKind.Platform"/>).</exception>
    /// <exception cref="DllNotFoundException">The native library librtcnative could not be loaded.</exception>
    public PeerConnectionFactory(PeerConnectionFactoryOptions? options = null)
        : this(options ?? new PeerConnectionFactoryOptions(), isDefault: false)
    {
    }

    private PeerConnectionFactory(bool isDefault)
        : this(new PeerConnectionFactoryOptions(), isDefault)
    {
    }

    private PeerConnectionFactory(PeerConnectionFactoryOptions options, bool isDefault)
    {
        Validate(options);
        NativeRuntime.EnsureInitialized();
        _isDefault = isDefault;
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("RtcNative");

        // Registered before the engine starts, so that its start-up lines are routed too.
        _libWebRtcLogger = options.LoggerFactory?.CreateLogger(LibWebRtcLogRouter.Category);
        if (_libWebRtcLogger is not null)
        {
            LibWebRtcLogRouter.Register(_libWebRtcLogger);
        }

        ThreadLayout = options.ThreadLayout ?? DefaultThreadLayout();
        CaptureSynchronizationContext = options.CaptureSynchronizationContext;
        try
        {
            _handle = CreateNative(options, ThreadLayout, this, out var audioDevice);
            AudioDevice = audioDevice;
        }
        catch (Exception exception)
        {
            if (_libWebRtcLogger is not null)
            {
                LibWebRtcLogRouter.Unregister(_libWebRtcLogger);
            }

            Log.FactoryCreationFailed(Logger, exception);
            throw;
        }

        Log.FactoryCreated(Logger, options.IncludeLoopback, AudioDevice, ThreadLayout);
    }

    private static unsafe RtcnFactoryHandle CreateNative(PeerConnectionFactoryOptions options, ThreadLayout layout, INativeOwner owner,
        out AudioDeviceKind audioDevice)
    {
        using var strings = new Utf8StringArena();
        var native = new RtcnFactoryOptions
        {
            IncludeLoopback = options.IncludeLoopback ? 1 : 0,
            NetworkInterfaces = strings.Add(options.NetworkInterfaces),
            NetworkInterfaceCount = options.NetworkInterfaces?.Count ?? 0,
            MinPort = options.MinPort,
            MaxPort = options.MaxPort,
            AudioDevice = options.AudioDevice.ToNative(),
            ThreadLayout = layout.ToNative(),
        };
        var userData = NativeUserData.Create(owner);
        var status = RtcnNativeMethods.rtcn_factory_create(&native, userData, out var handle);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            handle.Dispose();
            NativeUserData.FreeUnused(userData);
            throw error;
        }

        status = RtcnNativeMethods.rtcn_factory_get_audio_device(handle, out var kind);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            handle.Dispose();
            throw error;
        }

        audioDevice = kind.ToPublic();
        return handle;
    }

    /// <summary>The factory of <c>new RTCPeerConnection()</c>, created with default options on first use
    /// and kept for the life of the process (disposing it does nothing).</summary>
    public static PeerConnectionFactory Default => DefaultFactory.Value;

    /// <summary>The audio device in use: <see cref="AudioDeviceKind.Auto"/> resolves to Platform or Headless.</summary>
    public AudioDeviceKind AudioDevice { get; }

    /// <summary>The factory's devices (microphones, speakers, cameras, screens): <c>navigator.mediaDevices</c>.</summary>
    public MediaDevices MediaDevices => LazyInitializer.EnsureInitialized(ref _mediaDevices, () => new MediaDevices(this));

    private MediaDevices? _mediaDevices;

    /// <summary>Where this factory's remote audio plays, and how loud (the platform audio device only).</summary>
    public AudioOutput AudioOutput => LazyInitializer.EnsureInitialized(ref _audioOutput, () => new AudioOutput(this));

    private AudioOutput? _audioOutput;

    /// <summary>The thread layout in use (the option, or its default).</summary>
    public ThreadLayout ThreadLayout { get; }

    internal bool CaptureSynchronizationContext { get; }

    internal ILogger Logger { get; }

    internal RtcnFactoryHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Creates a connection.</summary>
    /// <param name="configuration">ICE servers and policies; null for the defaults.</param>
    /// <exception cref="RTCException">"SyntaxError" for a malformed ICE server URL, "InvalidAccessError"
    /// for a TURN server without credentials.</exception>
    /// <exception cref="ArgumentException">A configuration member is out of range.</exception>
    public RTCPeerConnection CreatePeerConnection(RTCConfiguration? configuration = null)
    {
        if (_libWebRtcLogger is not null)
        {
            // Cheap, and picks up loggers reconfigured since the factory was created (e.g. a changed minimum level).
            LibWebRtcLogRouter.Refresh();
        }

        return new RTCPeerConnection(this, configuration);
    }

    /// <summary>How many native objects (factories, connections, channels, operations) are alive in the process.</summary>
    internal static long GetLiveNativeObjectCount() => NativeRuntime.LiveObjectCount();

    /// <summary>Disposes every connection the factory made (their channels too), stops its
    /// <see cref="RtcNative.MediaDevices.DeviceChange"/> watching and releases the native factory; never blocks: libwebrtc's threads stop on a native background thread once nothing uses them. Stops routing
    /// libwebrtc's log lines to this factory's logger (and detaches the process-wide sink when no other live
    /// factory's logger wants them). Idempotent and safe from any thread. Does nothing on <see cref="Default"/>.</summary>
    public void Dispose()
    {
        if (_isDefault || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        RTCPeerConnection[] connections;
        lock (_sync)
        {
            connections = [.. _connections.Select(entry => entry.Key)];
            _connections.Clear();
        }

        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        Volatile.Read(ref _mediaDevices)?.StopWatching();
        _handle.Dispose();
        if (_libWebRtcLogger is not null)
        {
            LibWebRtcLogRouter.Unregister(_libWebRtcLogger);
        }

        Log.FactoryDisposed(Logger);
    }

    /// <summary>Disposes the factory, then completes once its native side is gone: every connection it made was
    /// released and libwebrtc's threads stopped. (Completes at once for <see cref="Default"/>, which is never
    /// disposed.)</summary>
    public ValueTask DisposeAsync()
    {
        if (_isDefault)
        {
            return ValueTask.CompletedTask;
        }

        Dispose();
        return new ValueTask(_released.Task);
    }

    void INativeOwner.OnNativeReleased() => _released.TrySetResult();

    /// <summary>A connection this factory made: disposed with it.</summary>
    internal void Track(RTCPeerConnection connection)
    {
        lock (_sync)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _connections.AddOrUpdate(connection, null);
                return;
            }
        }

        connection.Dispose(); // the factory was disposed meanwhile
        ObjectDisposedException.ThrowIf(true, this);
    }

    internal void Forget(RTCPeerConnection connection)
    {
        lock (_sync)
        {
            _connections.Remove(connection);
        }
    }

    private static ThreadLayout DefaultThreadLayout() =>
        Environment.GetEnvironmentVariable(ThreadLayoutVariable)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "shared" => RtcNative.ThreadLayout.Shared,
            "split" => RtcNative.ThreadLayout.Split,
            var other => throw new ArgumentException(
                $"The environment variable {ThreadLayoutVariable} is \"{other}\": use \"shared\" or \"split\".", nameof(PeerConnectionFactoryOptions)),
        };

    private static void Validate(PeerConnectionFactoryOptions options)
    {
        if (options.MinPort is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinPort, "MinPort must be from 0 to 65535.");
        }

        if (options.MaxPort is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPort, "MaxPort must be from 0 to 65535.");
        }

        if (options.MaxPort != 0 && options.MinPort > options.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinPort, $"MinPort {options.MinPort} is above MaxPort {options.MaxPort}.");
        }

        if (options.NetworkInterfaces?.Any(string.IsNullOrEmpty) == true)
        {
            throw new ArgumentException("NetworkInterfaces must not contain null or empty names.", nameof(options));
        }

        if (!Enum.IsDefined(options.AudioDevice))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AudioDevice, "Not an AudioDeviceKind.");
        }

        if (options.ThreadLayout is { } layout && !Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(options), layout, "Not a ThreadLayout.");
        }
    }
}
