using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// WebCrypto's normalization of an <see cref="AlgorithmIdentifier"/> for certificate generation,
/// reduced to what the engine can make: ECDSA P-256, or RSASSA-PKCS1-v1_5 with SHA-256.
/// </summary>
internal readonly record struct CertificateAlgorithm(RtcnKeyType KeyType, int ModulusLength, uint PublicExponent, ulong ExpiresMs)
{
    private const string Ecdsa = "ECDSA";
    private const string Rsa = "RSASSA-PKCS1-v1_5";

    /// <summary>Normalizes <paramref name="algorithm"/>; null is ECDSA P-256.</summary>
    /// <exception cref="ArgumentException">A member the algorithm requires is missing (a W3C TypeError).</exception>
    /// <exception cref="RTCException">"NotSupportedError": an algorithm or parameter the engine cannot use.</exception>
    public static CertificateAlgorithm Normalize(AlgorithmIdentifier? algorithm)
    {
        // W3C's expires: 0 means "expires now"; the ABI's 0 means "the default", and the engine
        // counts whole seconds, so 1 ms gives the W3C meaning.
        var expires = algorithm?.Expires switch { null => 0UL, 0 => 1UL, var ms => ms.Value };
        if (algorithm is null)
        {
            return new CertificateAlgorithm(RtcnKeyType.EcdsaP256, 0, 0, expires);
        }

        if (string.Equals(algorithm.Name, Ecdsa, StringComparison.OrdinalIgnoreCase))
        {
            var curve = algorithm.NamedCurve ?? throw new ArgumentException("ECDSA needs NamedCurve.", nameof(algorithm));
            return curve == "P-256"
                ? new CertificateAlgorithm(RtcnKeyType.EcdsaP256, 0, 0, expires)
                : throw NotSupported($"the curve {curve} is not supported; use P-256");
        }

        if (string.Equals(algorithm.Name, Rsa, StringComparison.OrdinalIgnoreCase))
        {
            var modulus = algorithm.ModulusLength ?? throw new ArgumentException("RSASSA-PKCS1-v1_5 needs ModulusLength.", nameof(algorithm));
            var exponent = algorithm.PublicExponent ?? throw new ArgumentException("RSASSA-PKCS1-v1_5 needs PublicExponent.", nameof(algorithm));
            var hash = algorithm.Hash ?? throw new ArgumentException("RSASSA-PKCS1-v1_5 needs Hash.", nameof(algorithm));
            if (!string.Equals(hash, "SHA-256", StringComparison.OrdinalIgnoreCase))
            {
                throw NotSupported($"the hash {hash} is not supported; use SHA-256");
            }

            if (!TryReadExponent(exponent, out var value) || value != 65537 || modulus is < 1024 or > 8192)
            {
                throw NotSupported("RSA needs ModulusLength 1024 to 8192 and PublicExponent [1, 0, 1] (65537)");
            }

            return new CertificateAlgorithm(RtcnKeyType.Rsa, modulus, value, expires);
        }

        throw NotSupported($"the algorithm \"{algorithm.Name}\" is not supported; use ECDSA or RSASSA-PKCS1-v1_5");
    }

    // WebCrypto's BigInteger: big-endian, leading zeros allowed.
    private static bool TryReadExponent(byte[] bytes, out uint value)
    {
        value = 0;
        foreach (var b in bytes)
        {
            if (value > (uint.MaxValue >> 8))
            {
                return false;
            }

            value = (value << 8) | b;
        }

        return bytes.Length > 0;
    }

    private static RTCException NotSupported(string reason) =>
        new(DomErrorNames.NotSupported, $"generateCertificate: {reason}.");
}
