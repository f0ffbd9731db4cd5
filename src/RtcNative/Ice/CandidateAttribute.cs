using System.Globalization;

namespace RtcNative;

/// <summary>
/// The fields of an ICE candidate-attribute (RFC 8839 section 5.1):
/// <c>candidate:foundation component transport priority address port typ type [raddr a] [rport p] *(name value)</c>.
/// </summary>
internal sealed record CandidateAttribute(
    string Foundation,
    RTCIceComponent? Component,
    uint Priority,
    string Address,
    RTCIceProtocol? Protocol,
    ushort Port,
    RTCIceCandidateType? Type,
    RTCIceTcpCandidateType? TcpType,
    string? RelatedAddress,
    ushort? RelatedPort,
    string? UsernameFragment)
{
    private const string Prefix = "candidate:";

    /// <summary>Parses the attribute value, with or without a leading "a=". Values outside the
    /// W3C enums (an unknown transport or type) leave only that field null; a structurally broken
    /// attribute gives false, as browsers then leave every parsed field null.</summary>
    public static bool TryParse(string text, out CandidateAttribute? parsed)
    {
        parsed = null;
        var value = text.StartsWith("a=", StringComparison.Ordinal) ? text[2..] : text;
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var tokens = value[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 8
            || !uint.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component)
            || !uint.TryParse(tokens[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
            || !ushort.TryParse(tokens[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !tokens[6].Equals("typ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string? relatedAddress = null, usernameFragment = null;
        ushort? relatedPort = null;
        RTCIceTcpCandidateType? tcpType = null;
        for (var i = 8; i < tokens.Length; i += 2)
        {
            if (i + 1 >= tokens.Length)
            {
                return false; // an extension name without its value
            }

            var extension = tokens[i + 1];
            switch (tokens[i].ToLowerInvariant())
            {
                case "raddr":
                    relatedAddress = extension;
                    break;
                case "rport" when ushort.TryParse(extension, NumberStyles.None, CultureInfo.InvariantCulture, out var rport):
                    relatedPort = rport;
                    break;
                case "rport":
                    return false;
                case "tcptype":
                    tcpType = ParseTcpType(extension);
                    break;
                case "ufrag":
                    usernameFragment = extension;
                    break;
            }
        }

        parsed = new CandidateAttribute(
            Foundation: tokens[0],
            Component: component switch { 1 => RTCIceComponent.Rtp, 2 => RTCIceComponent.Rtcp, _ => null },
            Priority: priority,
            Address: tokens[4],
            Protocol: tokens[2].ToLowerInvariant() switch { "udp" => RTCIceProtocol.Udp, "tcp" => RTCIceProtocol.Tcp, _ => null },
            Port: port,
            Type: ParseType(tokens[7]),
            TcpType: tcpType,
            RelatedAddress: relatedAddress,
            RelatedPort: relatedPort,
            UsernameFragment: usernameFragment);
        return true;
    }

    private static RTCIceCandidateType? ParseType(string type) => type.ToLowerInvariant() switch
    {
        "host" => RTCIceCandidateType.Host,
        "srflx" => RTCIceCandidateType.Srflx,
        "prflx" => RTCIceCandidateType.Prflx,
        "relay" => RTCIceCandidateType.Relay,
        _ => null,
    };

    private static RTCIceTcpCandidateType? ParseTcpType(string type) => type.ToLowerInvariant() switch
    {
        "active" => RTCIceTcpCandidateType.Active,
        "passive" => RTCIceTcpCandidateType.Passive,
        "so" => RTCIceTcpCandidateType.So,
        _ => null,
    };
}
