using System.Runtime.InteropServices;

namespace RtcNative.Interop;

/// <summary>
/// A reference to one native rtcn_* object. Besides the native reference it owns the weak
/// GCHandle that the native side carries as the object's user_data: it is freed only after the
/// native release returned, because release waits for a running callback of that object and no
/// callback comes afterwards, so no trampoline can ever see a freed GCHandle.
/// </summary>
internal abstract class RtcnObjectHandle : SafeHandle
{
    private nint _userData;

    /// <summary>For LibraryImport's <c>out</c> marshalling.</summary>
    protected RtcnObjectHandle() : base(0, ownsHandle: true)
    {
    }

    /// <summary>Takes over a reference the native side handed us (e.g. inside a callback).</summary>
    protected RtcnObjectHandle(nint existing) : base(0, ownsHandle: true) => SetHandle(existing);

    public override bool IsInvalid => handle == 0;

    /// <summary>Hands over the GCHandle passed as this object's user_data; freed after the release.</summary>
    public void AdoptUserData(GCHandle userData) => _userData = GCHandle.ToIntPtr(userData);

    protected sealed override bool ReleaseHandle()
    {
        var status = Release(handle);
        var userData = Interlocked.Exchange(ref _userData, 0);
        if (userData != 0)
        {
            GCHandle.FromIntPtr(userData).Free();
        }

        return status == RtcnStatus.Ok;
    }

    /// <summary>Calls the matching rtcn_*_release.</summary>
    protected abstract RtcnStatus Release(nint native);
}
