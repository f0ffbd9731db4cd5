namespace RtcNative;

/// <summary>How the TLS certificate of a <c>turns:</c> server is checked (<see cref="RTCIceServer.TlsCertificatePolicy"/>;
/// libwebrtc's <c>TlsCertPolicy</c>).</summary>
public enum TlsCertificatePolicy
{
    /// <summary>The certificate must chain to a trusted root (libwebrtc's built-in roots or
    /// <see cref="RTCIceServer.TlsTrustedRootCertificatesPem"/>), be valid now, and name the URL's host.</summary>
    Secure,

    /// <summary>No check at all: any certificate and host name is accepted, so anyone on the path can
    /// impersonate the TURN server. For tests and closed networks only; prefer a trusted root.</summary>
    InsecureNoCheck,
}
