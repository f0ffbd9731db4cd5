namespace RtcNative;

/// <summary>
/// A W3C DOMException or RTCError raised by the WebRTC engine. <see cref="ErrorName"/> is the
/// DOMException name ("InvalidStateError", "OperationError", ...); W3C TypeErrors and RangeErrors
/// are usage errors and surface as <see cref="ArgumentException"/> instead.
/// </summary>
public class RTCException : Exception
{
    /// <summary>Creates an exception with the given W3C error name.</summary>
    /// <param name="errorName">The DOMException name, e.g. "InvalidStateError".</param>
    /// <param name="message">What happened; defaults to the error name.</param>
    public RTCException(string errorName, string? message = null)
        : this(errorName, message, innerException: null)
    {
    }

    /// <summary>Creates an exception with the given W3C error name and the exception that caused it.</summary>
    public RTCException(string errorName, string? message, Exception? innerException)
        : base(string.IsNullOrEmpty(message) ? errorName : message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorName);
        ErrorName = errorName;
    }

    /// <summary>The W3C DOMException name: "InvalidStateError", "InvalidAccessError",
    /// "InvalidModificationError", "OperationError", "SyntaxError", "NotSupportedError", "NetworkError", ...</summary>
    public string ErrorName { get; }

    /// <summary>The RTCError <c>errorDetail</c>, or null for a plain DOMException.</summary>
    public RTCErrorDetailType? ErrorDetail { get; init; }

    /// <summary>The 1-based line of a malformed SDP (with <see cref="RTCErrorDetailType.SdpSyntaxError"/>), when known.</summary>
    public int? SdpLineNumber { get; init; }

    /// <summary>The SCTP cause code of an <see cref="RTCErrorDetailType.SctpFailure"/>, when known.</summary>
    public int? SctpCauseCode { get; init; }
}
