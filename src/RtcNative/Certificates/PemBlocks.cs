using System.Text.RegularExpressions;

namespace RtcNative;

/// <summary>Finds the private key block and the certificate block in PEM text (RFC 7468 framing).</summary>
internal static partial class PemBlocks
{
    /// <exception cref="FormatException">Not exactly one private key and one certificate block.</exception>
    public static (string PrivateKey, string Certificate) Split(string pem)
    {
        string? privateKey = null;
        string? certificate = null;
        foreach (Match block in Block().Matches(pem))
        {
            var label = block.Groups["label"].Value;
            var text = block.Value.ReplaceLineEndings("\n") + "\n";
            if (label == "CERTIFICATE")
            {
                certificate = certificate is null ? text : throw new FormatException("The PEM text holds more than one certificate.");
            }
            else if (label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                privateKey = privateKey is null ? text : throw new FormatException("The PEM text holds more than one private key.");
            }
        }

        if (privateKey is null || certificate is null)
        {
            throw new FormatException("The PEM text needs a PRIVATE KEY block and a CERTIFICATE block.");
        }

        return (privateKey, certificate);
    }

    // The begin and end labels must match (the backreference); the body is base64 lines.
    [GeneratedRegex(@"-----BEGIN (?<label>[A-Z0-9 ]+)-----[\sA-Za-z0-9+/=]*?-----END \k<label>-----")]
    private static partial Regex Block();
}
