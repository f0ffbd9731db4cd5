namespace RtcNative;

/// <summary>
/// The key algorithm of <see cref="RTCPeerConnection.GenerateCertificateAsync"/> (a WebCrypto
/// AlgorithmIdentifier with webrtc-pc's RTCCertificateExpiration member). Supported:
/// <c>{ Name = "ECDSA", NamedCurve = "P-256" }</c> and
/// <c>{ Name = "RSASSA-PKCS1-v1_5", ModulusLength = 2048, PublicExponent = [1, 0, 1], Hash = "SHA-256" }</c>
/// (modulus 1024 to 8192 bits, exponent 65537).
/// </summary>
public sealed class AlgorithmIdentifier
{
    /// <summary>The WebCrypto algorithm name, matched case-insensitively: "ECDSA" or "RSASSA-PKCS1-v1_5".</summary>
    public string Name { get; set; } = "";

    /// <summary>The curve of an ECDSA key: "P-256" is the one supported.</summary>
    public string? NamedCurve { get; set; }

    /// <summary>The RSA modulus length in bits.</summary>
    public int? ModulusLength { get; set; }

    /// <summary>The RSA public exponent as big-endian bytes: [1, 0, 1] is 65537.</summary>
    public byte[]? PublicExponent { get; set; }

    /// <summary>The RSA signature hash: "SHA-256" is the one supported.</summary>
    public string? Hash { get; set; }

    /// <summary>How long the certificate is valid, in milliseconds from now (RTCCertificateExpiration);
    /// null for the engine's default of 30 days. The engine counts whole seconds and caps it at a year.</summary>
    public ulong? Expires { get; set; }

    /// <summary>An algorithm given by name alone (WebCrypto allows a plain string).</summary>
    public static implicit operator AlgorithmIdentifier(string name) => new() { Name = name };
}
