using System.Runtime.InteropServices;

namespace RtcNative.Interop;

/// <summary>The one way to take a handle an ABI call returned through an out parameter that may be NULL.</summary>
internal static class HandleResults
{
    /// <summary>The handle, or null when the call returned NULL (then disposed); throws the call's error (the handle
    /// disposed first) when it failed.</summary>
    public static T? Take<T>(RtcnStatus status, T handle) where T : SafeHandle
    {
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            handle.Dispose();
            throw error;
        }

        if (handle.IsInvalid)
        {
            handle.Dispose();
            return null;
        }

        return handle;
    }

    /// <summary>The handle of a call that succeeded (a handle is then never NULL), or the call's error, thrown after
    /// the handle is disposed.</summary>
    public static T Created<T>(RtcnStatus status, T handle) where T : SafeHandle
    {
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            handle.Dispose();
            throw error;
        }

        return handle;
    }
}
