using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RtcNative.Interop;

/// <summary>The media sink trampoline: runs on libwebrtc's media threads (decoder, audio), so it only signals the
/// processor's reader: no ABI call, no blocking, no allocation.</summary>
internal static class MediaSinkCallbacks
{
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static void OnMediaSinkAvailable(nint userData)
    {
        try
        {
            NativeUserData.Target<MediaStreamTrackProcessor>(userData)?.OnAvailable();
        }
        catch
        {
            // Nothing may escape into native code; a processor that was collected needs no signal.
        }
    }
}
