namespace RtcNative.Interop;

/// <summary>An rtcn_peer_connection reference; its release also stops the connection's callbacks.</summary>
internal sealed class RtcnPeerConnectionHandle : RtcnObjectHandle
{
    public RtcnPeerConnectionHandle()
    {
    }

    protected override RtcnStatus Release(nint native) => RtcnNativeMethods.rtcn_peer_connection_release(native);
}
