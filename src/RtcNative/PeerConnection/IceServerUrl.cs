using System.Globalization;
using System.Net;
using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// A parsed STUN/TURN URL: <c>stun:host[:port]</c> and <c>stuns:</c> (RFC 7064),
/// <c>turn:host[:port][?transport=udp|tcp]</c> and <c>turns:</c> (RFC 7065).
/// </summary>
internal readonly record struct IceServerUrl(string Scheme, string Host, ushort? Port, string? Transport)
{
    public bool IsTurn => Scheme is "turn" or "turns";

    /// <summary>The URL as the engine takes it: libwebrtc matches the scheme case-sensitively, while
    /// URL schemes are case-insensitive (a browser's URL parser lowercases them).</summary>
    public string EngineText => $"{Scheme}:{Host}{(Port is null ? "" : $":{Port}")}{(Transport is null ? "" : $"?transport={Transport}")}";

    /// <exception cref="RTCException">"SyntaxError": not a STUN or TURN URL, as webrtc-pc requires.</exception>
    public static IceServerUrl Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw SyntaxError(url, "it is empty");
        }

        var colon = url.IndexOf(':');
        var scheme = colon < 0 ? "" : url[..colon].ToLowerInvariant();
        if (scheme is not ("stun" or "stuns" or "turn" or "turns"))
        {
            throw SyntaxError(url, "the scheme must be stun, stuns, turn or turns");
        }

        var rest = url[(colon + 1)..];
        if (rest.StartsWith("//", StringComparison.Ordinal) || rest.Contains('#') || rest.Contains('@') || rest.Contains('\0') || rest.Any(char.IsWhiteSpace))
        {
            throw SyntaxError(url, "it must be scheme:host[:port] with no authority, fragment, spaces or U+0000");
        }

        string? transport = null;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            var query = rest[(question + 1)..];
            rest = rest[..question];
            if (scheme is "stun" or "stuns")
            {
                throw SyntaxError(url, "a STUN URL has no query");
            }

            transport = query switch
            {
                "transport=udp" => "udp",
                "transport=tcp" => "tcp",
                _ => throw SyntaxError(url, "the only query allowed is transport=udp or transport=tcp"),
            };
        }

        var (host, port) = SplitHostPort(url, rest);
        return new IceServerUrl(scheme, host, port, transport);
    }

    private static (string Host, ushort? Port) SplitHostPort(string url, string hostPort)
    {
        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(hostPort[1..close], out _))
            {
                throw SyntaxError(url, "the IPv6 address in brackets is malformed");
            }

            host = hostPort[..(close + 1)];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                portText = after.StartsWith(':') ? after[1..] : throw SyntaxError(url, "unexpected text after the IPv6 address");
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            portText = colon < 0 ? null : hostPort[(colon + 1)..];
            if (host.Length == 0 || host.Contains(':') || host.Contains('/') || host.Contains('[') || host.Contains(']'))
            {
                throw SyntaxError(url, "the host is missing or malformed");
            }
        }

        if (portText is null)
        {
            return (host, null);
        }

        if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
        {
            throw SyntaxError(url, "the port must be a number from 1 to 65535");
        }

        return (host, port);
    }

    private static RTCException SyntaxError(string? url, string reason) =>
        new(DomErrorNames.Syntax, $"\"{url}\" is not a valid ICE server URL: {reason}.");
}
