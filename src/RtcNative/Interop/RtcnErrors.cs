namespace RtcNative.Interop;

/// <summary>
/// Maps rtcn_status and rtcn_error to .NET exceptions: TypeError and RangeError become
/// ArgumentException (usage errors), everything else an <see cref="RTCException"/> with the
/// W3C error name.
/// </summary>
internal static unsafe class RtcnErrors
{
    /// <summary>Throws the exception for a failed call; reads the thread-local last error, so call it
    /// right after the failing call, on the same thread, with no other ABI call in between.</summary>
    public static void ThrowIfFailed(RtcnStatus status)
    {
        if (status != RtcnStatus.Ok)
        {
            throw LastError(status);
        }
    }

    /// <summary>The exception for the failing call that just returned <paramref name="status"/> on this thread.</summary>
    public static Exception LastError(RtcnStatus status)
    {
        RtcnError error;
        if (RtcnNativeMethods.rtcn_get_last_error(&error) != RtcnStatus.Ok)
        {
            return Create(status, RtcnErrorDetail.None, 0, -1, null);
        }

        return Create(status, error.Detail, error.SdpLineNumber, error.SctpCauseCode, Utf8.Decode(error.Message));
    }

    /// <summary>The exception for an error handed to a callback (borrowed: copied here).</summary>
    public static Exception FromNative(RtcnError* error) =>
        Create(error->Status, error->Detail, error->SdpLineNumber, error->SctpCauseCode, Utf8.Decode(error->Message));

    public static Exception Create(RtcnStatus status, RtcnErrorDetail detail, int sdpLineNumber, int sctpCauseCode, string? message)
    {
        message = string.IsNullOrEmpty(message) ? null : message;
        return status switch
        {
            RtcnStatus.ErrorInvalidArgument => new ArgumentException(message ?? "Invalid argument."),
            RtcnStatus.ErrorRange => new ArgumentOutOfRangeException(paramName: null, message ?? "Value out of range."),
            _ => new RTCException(ErrorName(status), message)
            {
                ErrorDetail = ToDetail(detail),
                SdpLineNumber = sdpLineNumber > 0 ? sdpLineNumber : null,
                SctpCauseCode = sctpCauseCode >= 0 && detail == RtcnErrorDetail.SctpFailure ? sctpCauseCode : null,
            },
        };
    }

    /// <summary>Whether an exception is a W3C TypeError/RangeError, which TAP throws synchronously.</summary>
    public static bool IsUsageError(Exception exception) => exception is ArgumentException;

    private static string ErrorName(RtcnStatus status) => status switch
    {
        RtcnStatus.ErrorInvalidState or RtcnStatus.ErrorClosed => DomErrorNames.InvalidState,
        RtcnStatus.ErrorInvalidAccess => DomErrorNames.InvalidAccess,
        RtcnStatus.ErrorInvalidModification => DomErrorNames.InvalidModification,
        RtcnStatus.ErrorSyntax => DomErrorNames.Syntax,
        RtcnStatus.ErrorNotSupported => DomErrorNames.NotSupported,
        RtcnStatus.ErrorNetwork => DomErrorNames.Network,
        RtcnStatus.ErrorInvalidCharacter => DomErrorNames.InvalidCharacter,
        RtcnStatus.ErrorNotReadable => DomErrorNames.NotReadable,
        RtcnStatus.ErrorNotFound => DomErrorNames.NotFound,
        _ => DomErrorNames.Operation, // OPERATION, INTERNAL and any status newer than this assembly
    };

    private static RTCErrorDetailType? ToDetail(RtcnErrorDetail detail) => detail switch
    {
        RtcnErrorDetail.DataChannelFailure => RTCErrorDetailType.DataChannelFailure,
        RtcnErrorDetail.DtlsFailure => RTCErrorDetailType.DtlsFailure,
        RtcnErrorDetail.FingerprintFailure => RTCErrorDetailType.FingerprintFailure,
        RtcnErrorDetail.SctpFailure => RTCErrorDetailType.SctpFailure,
        RtcnErrorDetail.SdpSyntaxError => RTCErrorDetailType.SdpSyntaxError,
        RtcnErrorDetail.HardwareEncoderNotAvailable => RTCErrorDetailType.HardwareEncoderNotAvailable,
        RtcnErrorDetail.HardwareEncoderError => RTCErrorDetailType.HardwareEncoderError,
        _ => null,
    };
}
