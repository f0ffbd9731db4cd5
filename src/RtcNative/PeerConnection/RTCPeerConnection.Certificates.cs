using RtcNative.Interop;

namespace RtcNative;

// Certificate generation (W3C RTCPeerConnection.generateCertificate()).
public sealed partial class RTCPeerConnection
{
    /// <summary>Generates a DTLS certificate for <see cref="RTCConfiguration.Certificates"/>. Key generation
    /// runs on the thread pool (RSA 2048 takes about 0.1 s), never on the caller's thread.</summary>
    /// <param name="keygenAlgorithm">The key algorithm; null for ECDSA P-256.</param>
    /// <param name="cancellationToken">Cancels the task; a key generation already running finishes unobserved.</param>
    /// <returns>The certificate; the task faults with an <see cref="RTCException"/> "NotSupportedError" for an
    /// algorithm or parameter the engine cannot use.</returns>
    /// <exception cref="ArgumentException">A member the algorithm requires is missing (a W3C TypeError).</exception>
    public static Task<RTCCertificate> GenerateCertificateAsync(AlgorithmIdentifier? keygenAlgorithm = null, CancellationToken cancellationToken = default)
    {
        CertificateAlgorithm algorithm;
        try
        {
            algorithm = CertificateAlgorithm.Normalize(keygenAlgorithm);
        }
        catch (RTCException exception)
        {
            return Task.FromException<RTCCertificate>(exception);
        }

        // WaitAsync: cancelling ends the wait even while the native generation runs on.
        return Task.Run(() => Generate(algorithm), cancellationToken).WaitAsync(cancellationToken);
    }

    private static unsafe RTCCertificate Generate(CertificateAlgorithm algorithm)
    {
        var status = RtcnNativeMethods.rtcn_certificate_generate(algorithm.KeyType, algorithm.ModulusLength, algorithm.PublicExponent,
            algorithm.ExpiresMs, out var privateKey, out var certificate);
        if (status != RtcnStatus.Ok)
        {
            throw RtcnErrors.LastError(status);
        }

        try
        {
            return RTCCertificate.FromPemPair(Utf8.Decode(privateKey) ?? "", Utf8.Decode(certificate) ?? "");
        }
        finally
        {
            RtcnNativeMethods.rtcn_free((nint)privateKey);
            RtcnNativeMethods.rtcn_free((nint)certificate);
        }
    }
}
