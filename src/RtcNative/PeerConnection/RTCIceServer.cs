namespace RtcNative;

/// <summary>A STUN or TURN server (W3C RTCIceServer), with RtcNative's TLS settings for <c>turns:</c> servers.</summary>
public sealed class RTCIceServer
{
    /// <summary>The server's URLs: <c>stun:host[:port]</c>, <c>stuns:</c>, <c>turn:host[:port][?transport=udp|tcp]</c>, <c>turns:</c>.</summary>
    public IList<string> Urls { get; set; } = new List<string>();

    /// <summary>The TURN username; required for turn: and turns: URLs. For a server with coturn's
    /// <c>use-auth-secret</c>, make it and <see cref="Credential"/> with <see cref="TurnRestCredentials"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The TURN credential (password); required for turn: and turns: URLs.</summary>
    public string? Credential { get; set; }

    /// <summary>
    /// RtcNative extension (libwebrtc's <c>IceServer::tls_cert_policy</c>; no W3C member): how the TLS certificate of
    /// a <c>turns:</c> URL is checked. <see cref="TlsCertificatePolicy.Secure"/> (the default, as in browsers) refuses a
    /// certificate that does not lead to a trusted root or does not name the URL's host: that server then yields no
    /// relay candidate. Ignored for other URLs.
    /// </summary>
    public TlsCertificatePolicy TlsCertificatePolicy { get; set; } = TlsCertificatePolicy.Secure;

    /// <summary>
    /// RtcNative extension: PEM text (<c>-----BEGIN CERTIFICATE-----</c> blocks) of one or more CA certificates
    /// trusted for <c>turns:</c> servers besides libwebrtc's built-in roots, so a TURN server with a certificate of a
    /// private CA is reached securely: the chain and validity period are checked against these roots and the
    /// certificate must still name the URL's host, as a DNS subject alternative name (or, when it has none, the
    /// subject CN): libwebrtc checks it with OpenSSL's <c>X509_check_host</c>, which does not compare IP address
    /// entries, so a certificate for <c>turns:10.0.0.5</c> lists <c>10.0.0.5</c> as a DNS name. null for none. libwebrtc takes trust anchors per connection, so the roots of every server
    /// of a configuration are trusted for each of its <c>turns:</c> servers.
    /// </summary>
    public string? TlsTrustedRootCertificatesPem { get; set; }

    /// <summary>A copy with its own URL list (the values are immutable).</summary>
    internal RTCIceServer Clone() => new()
    {
        Urls = new List<string>(Urls),
        Username = Username,
        Credential = Credential,
        TlsCertificatePolicy = TlsCertificatePolicy,
        TlsTrustedRootCertificatesPem = TlsTrustedRootCertificatesPem,
    };
}
