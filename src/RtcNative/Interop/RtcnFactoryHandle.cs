namespace RtcNative.Interop;

/// <summary>An rtcn_factory reference.</summary>
internal sealed class RtcnFactoryHandle : RtcnObjectHandle
{
    public RtcnFactoryHandle()
    {
    }

    protected override RtcnStatus Release(nint native) => RtcnNativeMethods.rtcn_factory_release(native);
}
