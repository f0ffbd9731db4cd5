using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// A DTLS certificate with its private key (W3C RTCCertificate), from
/// <see cref="RTCPeerConnection.GenerateCertificateAsync"/> or <see cref="FromPem"/>; pass it in
/// <see cref="RTCConfiguration.Certificates"/> so the connection's SDP fingerprint is this one.
/// Beyond browsers, <see cref="ToPem"/> and <see cref="FromPem"/> let a service keep its identity
/// across restarts. Immutable; two certificates are equal when key and certificate are.
/// </summary>
public sealed class RTCCertificate : IEquatable<RTCCertificate>
{
    private readonly RTCDtlsFingerprint _fingerprint;

    private RTCCertificate(string privateKeyPem, string certificatePem, DateTimeOffset expires, RTCDtlsFingerprint fingerprint)
    {
        PrivateKeyPem = privateKeyPem;
        CertificatePem = certificatePem;
        Expires = expires;
        _fingerprint = fingerprint;
    }

    /// <summary>When the certificate stops being valid (second precision, as X.509 stores it).</summary>
    public DateTimeOffset Expires { get; }

    internal string PrivateKeyPem { get; }

    internal string CertificatePem { get; }

    /// <summary>The certificate's fingerprints: its SHA-256 one (W3C getFingerprints()).</summary>
    public IReadOnlyList<RTCDtlsFingerprint> GetFingerprints() => [_fingerprint];

    /// <summary>The private key PEM followed by the certificate PEM. Keep it secret: it holds the private key.</summary>
    public string ToPem() => PrivateKeyPem + CertificatePem;

    /// <summary>Reads a certificate written by <see cref="ToPem"/> (or any PEM text with one private key
    /// block and one certificate block, in either order).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="pem"/> is null.</exception>
    /// <exception cref="FormatException">The text lacks a block, a block does not parse, or the key
    /// does not belong to the certificate.</exception>
    public static RTCCertificate FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var (privateKey, certificate) = PemBlocks.Split(pem);
        return FromPemPair(privateKey, certificate);
    }

    /// <summary>A certificate from the two PEM strings; the native side checks that they parse and match.</summary>
    /// <exception cref="FormatException">They do not.</exception>
    internal static unsafe RTCCertificate FromPemPair(string privateKeyPem, string certificatePem)
    {
        using var strings = new Utf8StringArena();
        var native = new RtcnCertificatePem { PrivateKey = strings.Add(privateKeyPem), Certificate = strings.Add(certificatePem) };
        var status = RtcnNativeMethods.rtcn_certificate_inspect(&native, out var expiresMs, out var algorithm, out var value);
        if (status != RtcnStatus.Ok)
        {
            var error = RtcnErrors.LastError(status);
            throw status == RtcnStatus.ErrorInvalidArgument ? new FormatException(error.Message, error) : error;
        }

        try
        {
            var fingerprint = new RTCDtlsFingerprint
            {
                Algorithm = Utf8.Decode(algorithm) ?? "",
                // webrtc-pc wants lower case; the engine writes SDP's upper case.
                Value = (Utf8.Decode(value) ?? "").ToLowerInvariant(),
            };
            return new RTCCertificate(privateKeyPem, certificatePem, DateTimeOffset.FromUnixTimeMilliseconds(expiresMs), fingerprint);
        }
        finally
        {
            RtcnNativeMethods.rtcn_free((nint)algorithm);
            RtcnNativeMethods.rtcn_free((nint)value);
        }
    }

    /// <inheritdoc/>
    public bool Equals(RTCCertificate? other) =>
        other is not null && PrivateKeyPem == other.PrivateKeyPem && CertificatePem == other.CertificatePem;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RTCCertificate);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CertificatePem);
}
