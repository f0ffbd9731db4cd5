using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RtcNative.Interop;

namespace RtcNative;

/// <summary>The checks webrtc-pc makes on an RTCConfiguration before it reaches the engine.</summary>
internal static class ConfigurationValidator
{
    /// <exception cref="ArgumentException">A member is null or out of its range (W3C TypeError).</exception>
    /// <exception cref="RTCException">An ICE server URL is malformed ("SyntaxError") or a TURN
    /// server lacks its credentials ("InvalidAccessError").</exception>
    public static void Validate(RTCConfiguration configuration)
    {
        if (configuration.IceServers is null)
        {
            throw new ArgumentException("RTCConfiguration.IceServers must not be null.", nameof(configuration));
        }

        if (configuration.IceCandidatePoolSize is < 0 or > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(configuration), configuration.IceCandidatePoolSize,
                "RTCConfiguration.IceCandidatePoolSize must be from 0 to 255.");
        }

        if (!Enum.IsDefined(configuration.IceTransportPolicy) || !Enum.IsDefined(configuration.BundlePolicy)
            || !Enum.IsDefined(configuration.RtcpMuxPolicy))
        {
            throw new ArgumentException("An RTCConfiguration policy holds a value outside its enum.", nameof(configuration));
        }

        if (configuration.Certificates is null || configuration.Certificates.Any(certificate => certificate is null))
        {
            throw new ArgumentException("RTCConfiguration.Certificates and its items must not be null.", nameof(configuration));
        }

        foreach (var server in configuration.IceServers)
        {
            Validate(server);
        }
    }

    /// <summary>The constructor's check (webrtc-pc: "If a certificate has expired, throw an InvalidAccessError").
    /// setConfiguration does not make it: there the certificates can only be the ones already in use.</summary>
    /// <exception cref="RTCException">"InvalidAccessError": a certificate has expired.</exception>
    public static void ValidateCertificatesNotExpired(RTCConfiguration configuration)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var certificate in configuration.Certificates)
        {
            if (certificate.Expires <= now)
            {
                throw new RTCException(DomErrorNames.InvalidAccess, $"The certificate expired at {certificate.Expires:O}.");
            }
        }
    }

    private static void Validate(RTCIceServer? server)
    {
        if (server?.Urls is null)
        {
            throw new ArgumentException("An RTCIceServer and its Urls must not be null.", nameof(server));
        }

        if (server.Urls.Count == 0)
        {
            throw new RTCException(DomErrorNames.Syntax, "An RTCIceServer needs at least one URL.");
        }

        if (NativeText.HasNul(server.Username) || NativeText.HasNul(server.Credential))
        {
            throw new ArgumentException("An RTCIceServer's Username and Credential cannot hold U+0000 characters.", nameof(server));
        }

        if (!Enum.IsDefined(server.TlsCertificatePolicy))
        {
            throw new ArgumentException("RTCIceServer.TlsCertificatePolicy holds a value outside its enum.", nameof(server));
        }

        ValidateTrustedRoots(server.TlsTrustedRootCertificatesPem);
        foreach (var url in server.Urls)
        {
            var parsed = IceServerUrl.Parse(url);
            if (parsed.IsTurn && (server.Username is null || server.Credential is null))
            {
                throw new RTCException(DomErrorNames.InvalidAccess, $"The TURN server {url} needs a Username and a Credential.");
            }
        }
    }

    /// <summary>The trusted roots must be PEM certificates: the engine would otherwise refuse them with a less clear message.</summary>
    private static void ValidateTrustedRoots(string? pem)
    {
        if (pem is null)
        {
            return;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            throw new ArgumentException($"RTCIceServer.TlsTrustedRootCertificatesPem holds a malformed certificate: {exception.Message}", nameof(pem), exception);
        }

        if (certificates.Count == 0 || NativeText.HasNul(pem))
        {
            throw new ArgumentException("RTCIceServer.TlsTrustedRootCertificatesPem must hold at least one -----BEGIN CERTIFICATE----- block and no U+0000.", nameof(pem));
        }

        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
