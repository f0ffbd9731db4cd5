namespace RtcNative.Tests;

/// <summary>The operating system's name of the current thread: what libwebrtc named its threads
/// (rtcn-network, rtcn-worker, rtcn-signaling) is visible here even where the managed Thread.Name is not.</summary>
internal static class ThreadNames
{
    public static string Current()
    {
        try
        {
            return File.ReadAllText("/proc/thread-self/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return Thread.CurrentThread.Name ?? "";
        }
        catch (UnauthorizedAccessException)
        {
            return Thread.CurrentThread.Name ?? "";
        }
    }

    /// <summary>Whether the current thread is one of libwebrtc's (by its OS name).</summary>
    public static bool IsLibWebRtcThread() => Current().StartsWith("rtcn-", StringComparison.Ordinal);
}
