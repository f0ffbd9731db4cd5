using RtcNative.Interop;

namespace RtcNative;

// getConfiguration() and setConfiguration().
public sealed partial class RTCPeerConnection
{
    // Serializes SetConfiguration calls, so the stored copy is the one applied last. Held across the
    // native call, which only hops to the signaling thread and never waits on a handler.
    private readonly Lock _configurationSync = new();
    private RTCConfiguration _configuration;

    /// <summary>A copy of the configuration in use (W3C getConfiguration()): what the constructor and
    /// <see cref="SetConfiguration"/> were given, with every member. Works after <see cref="Close"/>.</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public RTCConfiguration GetConfiguration()
    {
        ThrowIfDisposed();
        lock (_configurationSync)
        {
            return _configuration.Clone();
        }
    }

    /// <summary>Changes the ICE servers, ICE transport policy and candidate pool size (W3C setConfiguration()).
    /// The new ICE servers apply to the next gathering (e.g. after <see cref="RestartIce"/>).</summary>
    /// <param name="configuration">The whole configuration; its <see cref="RTCConfiguration.Certificates"/> may
    /// be empty, meaning unchanged.</param>
    /// <exception cref="ArgumentException">A member is null or out of range (a W3C TypeError).</exception>
    /// <exception cref="RTCException">"InvalidStateError" once closed; "SyntaxError" or "InvalidAccessError" for
    /// ICE servers as in the constructor; "InvalidModificationError" when the bundle policy, rtcp-mux policy or
    /// certificates differ from the connection's, or the pool size changes after a local description was set.</exception>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public unsafe void SetConfiguration(RTCConfiguration configuration)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(configuration);
        if (IsClosed)
        {
            throw new RTCException(DomErrorNames.InvalidState, "setConfiguration: the RTCPeerConnection is closed.");
        }

        ConfigurationValidator.Validate(configuration);
        var requested = configuration.Clone();
        lock (_configurationSync)
        {
            using (var strings = new Utf8StringArena())
            {
                var native = ToNative(requested, strings);
                var status = RtcnNativeMethods.rtcn_peer_connection_set_configuration(_handle, &native);
                if (status != RtcnStatus.Ok)
                {
                    var error = RtcnErrors.LastError(status);
                    Log.CallFailed(Logger, Number, "setConfiguration", error);
                    throw error;
                }
            }

            if (requested.Certificates.Count == 0)
            {
                requested.Certificates = _configuration.Certificates;
            }

            _configuration = requested;
        }
    }
}
