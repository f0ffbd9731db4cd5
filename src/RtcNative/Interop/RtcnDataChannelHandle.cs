namespace RtcNative.Interop;

/// <summary>An rtcn_data_channel reference; its release stops the channel's callbacks.</summary>
internal sealed class RtcnDataChannelHandle : RtcnObjectHandle
{
    public RtcnDataChannelHandle()
    {
    }

    /// <summary>Takes the reference that the peer_connection_data_channel callback hands over.</summary>
    public RtcnDataChannelHandle(nint channel) : base(channel)
    {
    }

    protected override RtcnStatus Release(nint native) => RtcnNativeMethods.rtcn_data_channel_release(native);
}
