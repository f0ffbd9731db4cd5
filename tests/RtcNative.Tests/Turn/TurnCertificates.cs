using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RtcNative.Tests;

/// <summary>
/// Certificates for TURNS made by the test (ECDSA P-256): a private CA, server certificates it issues, and a
/// self-signed one no one trusts. A server certificate for <c>turns:127.0.0.1</c> names 127.0.0.1 as a DNS name as
/// well as an IP address: libwebrtc checks the URL's host with OpenSSL's X509_check_host, which compares DNS names
/// (and the CN when there is none), not IP addresses.
/// </summary>
internal sealed class TurnCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TurnCertificates()
    {
        var request = new CertificateRequest("CN=RtcNative Test TURN CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The private CA (with its key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The CA certificate as PEM, what a client trusts.</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>A server certificate the CA issues for <paramref name="hostName"/>.</summary>
    public PemPair IssueServer(string hostName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(key, hostName);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number
        // Within the CA's own validity (a later notAfter is refused by CertificateRequest.Create).
        using var certificate = request.Create(Authority, Authority.NotBefore, Authority.NotAfter.AddMinutes(-1), serial);
        return new PemPair(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A self-signed server certificate for <paramref name="hostName"/>: no CA anyone trusts.</summary>
    public static PemPair SelfSigned(string hostName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = ServerRequest(key, hostName).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return new PemPair(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
    }

    private static CertificateRequest ServerRequest(ECDsa key, string hostName)
    {
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        if (IPAddress.TryParse(hostName, out var address))
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }
}
