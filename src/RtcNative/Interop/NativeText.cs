using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// Strings cross into the engine as NUL-terminated UTF-8, so a U+0000 inside one would silently
/// cut it short there. These checks turn such input into the error the whole string deserves.
/// </summary>
internal static class NativeText
{
    public static bool HasNul(string? text) => text is not null && text.Contains('\0');

    /// <summary>OperationError with SdpSyntaxError at the line holding the NUL, as the engine reports
    /// other malformed SDP; null when <paramref name="sdp"/> has no NUL.</summary>
    public static RTCException? SdpNulError(string? sdp)
    {
        if (sdp is null || !HasNul(sdp))
        {
            return null;
        }

        var line = 1 + sdp.AsSpan(0, sdp.IndexOf('\0')).Count('\n');
        return new RTCException(DomErrorNames.Operation, $"Failed to parse SessionDescription: line {line} holds a U+0000 character.")
        {
            ErrorDetail = RTCErrorDetailType.SdpSyntaxError,
            SdpLineNumber = line,
        };
    }
}
