namespace RtcNative.Janus;

/// <summary>
/// Janus refused a request: a core error (<c>{"janus":"error","error":{"code":..,"reason":..}}</c>, codes from Janus's
/// apierror.h, e.g. 458 "no such session") or a plugin error (<c>error_code</c>/<c>error</c> in the plugin's data,
/// e.g. the VideoRoom's 426 "no such room").
/// </summary>
public sealed class JanusException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">Janus's error code.</param>
    /// <param name="reason">Janus's reason text.</param>
    /// <param name="request">What was asked (for the message).</param>
    public JanusException(int code, string reason, string request)
        : base($"Janus refused {request}: {code} {reason}")
    {
        Code = code;
        Reason = reason;
    }

    /// <summary>Janus's error code.</summary>
    public int Code { get; }

    /// <summary>Janus's reason text.</summary>
    public string Reason { get; }
}
