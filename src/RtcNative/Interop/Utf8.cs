using System.Runtime.InteropServices;
using System.Text;

namespace RtcNative.Interop;

/// <summary>UTF-8 conversions at the ABI boundary.</summary>
internal static unsafe class Utf8
{
    /// <summary>Copies a NUL-terminated UTF-8 string; null for a NULL pointer.</summary>
    public static string? Decode(byte* text) =>
        text is null ? null : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));

    /// <summary>The UTF-8 length of a string, as the W3C byte limits count it.</summary>
    public static int ByteCount(string text) => Encoding.UTF8.GetByteCount(text);
}
