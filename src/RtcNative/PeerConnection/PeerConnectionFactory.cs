using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// Owns what a set of connections shares: libwebrtc's PeerConnectionFactory with its threads,
/// codecs, network settings and audio device. Create one per configuration and reuse it;
/// <see cref="Default"/> serves <c>new RTCPeerConnection()</c>.
/// </summary>
public sealed class PeerConnectionFactory : IDisposable
{
    private static readonly Lazy<PeerConnectionFactory> DefaultFactory = new(() => new PeerConnectionFactory(isDefault: true));

    private readonly RtcnFactoryHandle _handle;
    private readonly bool _isDefault;
    private readonly ILogger? _libWebRtcLogger; // registered with LibWebRtcLogRouter while the factory lives
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

        try
        {
            _handle = CreateNative(options, out var audioDevice);
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

        Log.FactoryCreated(Logger, options.IncludeLoopback, AudioDevice);
    }

    private static unsafe RtcnFactoryHandle CreateNative(PeerConnectionFactoryOptions options, out AudioDeviceKind audioDevice)
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
        };
        var status = RtcnNativeMethods.rtcn_factory_create(&native, out var handle);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            handle.Dispose();
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

    /// <summary>The audio device in use: <see cref="AudioDeviceKind.Auto"/> resolves to Platform or Dummy.</summary>
    public AudioDeviceKind AudioDevice { get; }

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

    /// <summary>Releases the native factory; connections made by it keep working until they are disposed.
    /// Stops routing libwebrtc's log lines to this factory's logger (and detaches the process-wide sink when
    /// no other live factory's logger wants them). Idempotent and safe from any thread.</summary>
    public void Dispose()
    {
        if (_isDefault || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _handle.Dispose();
        if (_libWebRtcLogger is not null)
        {
            LibWebRtcLogRouter.Unregister(_libWebRtcLogger);
        }

        Log.FactoryDisposed(Logger);
    }

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
    }
}
