using System.Runtime.InteropServices;

namespace RtcNative.Interop;

/// <summary>A wrapper whose native object carries a user_data that comes back through user_data_released.</summary>
internal interface INativeOwner
{
    /// <summary>The native side released the object: none of its callbacks runs any more and its native teardown
    /// finished. Called once, on any thread (a libwebrtc thread, or a native background thread for a factory);
    /// must not block.</summary>
    void OnNativeReleased();
}

/// <summary>
/// The user_data of a native object: a weak GCHandle to its wrapper (the native side must not keep the wrapper
/// alive; <see cref="KeepAlive"/> roots the ones that must live). Freed when the native side hands it back through
/// user_data_released, which comes after the object's last callback, so no trampoline ever sees a freed handle;
/// or at once when the native object was never created.
/// </summary>
internal static class NativeUserData
{
    public static nint Create(INativeOwner owner) => GCHandle.ToIntPtr(GCHandle.Alloc(owner, GCHandleType.Weak));

    /// <summary>user_data_released: tells the wrapper (when it still exists) and frees the handle.</summary>
    public static void Released(nint userData)
    {
        var handle = GCHandle.FromIntPtr(userData);
        try
        {
            (handle.Target as INativeOwner)?.OnNativeReleased();
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Frees a user_data that no native object took (creation failed or was declined).</summary>
    public static void FreeUnused(nint userData)
    {
        if (userData != 0)
        {
            GCHandle.FromIntPtr(userData).Free();
        }
    }

    /// <summary>The wrapper behind a user_data; null once it was collected (its events are then dropped).</summary>
    public static T? Target<T>(nint userData) where T : class =>
        userData == 0 ? null : GCHandle.FromIntPtr(userData).Target as T;
}
