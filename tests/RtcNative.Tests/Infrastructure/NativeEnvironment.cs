using System.Runtime.InteropServices;

namespace RtcNative.Tests;

/// <summary>
/// The C environment (environ) of this process, which native code reads with getenv. .NET's
/// Environment.SetEnvironmentVariable changes only .NET's own copy, so libpulse inside librtcnative would not
/// see it. Not thread-safe against concurrent getenv in native threads (glibc): change it only while no
/// factory is being created.
/// </summary>
internal static partial class NativeEnvironment
{
    /// <summary>Sets (or, with null, unsets) the variables; disposing the result puts back what was there before.</summary>
    public static IDisposable Set(params (string Name, string? Value)[] variables)
    {
        var previous = variables.Select(v => (v.Name, Get(v.Name))).ToArray();
        foreach (var (name, value) in variables)
        {
            SetOne(name, value);
        }

        return new Restore(previous);
    }

    public static string? Get(string name) => Marshal.PtrToStringUTF8(getenv(name));

    private static void SetOne(string name, string? value)
    {
        var rc = value is null ? unsetenv(name) : setenv(name, value, 1);
        if (rc != 0)
        {
            throw new InvalidOperationException($"setting {name} in the native environment failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private sealed class Restore((string Name, string? Value)[] previous) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                foreach (var (name, value) in previous.Reverse())
                {
                    SetOne(name, value);
                }
            }
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv(string name);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int unsetenv(string name);
}
