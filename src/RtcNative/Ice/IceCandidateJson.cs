using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace RtcNative;

/// <summary>The toJSON() shape shared by RTCIceCandidateInit and RTCIceCandidate:
/// <c>{"candidate":"...","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"..."}</c>, absent members
/// written as null and accepted when omitted. The one reader and writer of that shape, used by
/// <c>FromJson</c>, <c>TryFromJson</c>, <c>ToJson</c> and the System.Text.Json converters.</summary>
internal static class IceCandidateJson
{
    private const string What = "an ICE candidate";

    /// <summary>The JSON text, as <c>ToJson()</c> gives it.</summary>
    public static string Write(string candidate, string? sdpMid, ushort? sdpMLineIndex, string? usernameFragment) =>
        W3CJson.Write((candidate, sdpMid, sdpMLineIndex, usernameFragment), WriteMembers);

    /// <summary>Writes the object to a serializer's writer.</summary>
    public static void Write(Utf8JsonWriter writer, string candidate, string? sdpMid, ushort? sdpMLineIndex, string? usernameFragment) =>
        W3CJson.WriteObject(writer, (candidate, sdpMid, sdpMLineIndex, usernameFragment), WriteMembers);

    /// <exception cref="FormatException">The text is not the JSON of an ICE candidate.</exception>
    public static RTCIceCandidateInit Parse(string json) => W3CJson.Parse(json, What, ReadMembers);

    public static bool TryParse(string? json, [NotNullWhen(true)] out RTCIceCandidateInit? candidate) =>
        W3CJson.TryParse(json, What, ReadMembers, out candidate);

    /// <exception cref="JsonException">The value is not the JSON of an ICE candidate.</exception>
    public static RTCIceCandidateInit Read(ref Utf8JsonReader reader) => W3CJson.Read(ref reader, What, ReadMembers);

    private static void WriteMembers(
        Utf8JsonWriter writer,
        (string Candidate, string? SdpMid, ushort? SdpMLineIndex, string? UsernameFragment) c)
    {
        writer.WriteString("candidate", c.Candidate);
        W3CJson.WriteNullableString(writer, "sdpMid", c.SdpMid);
        W3CJson.WriteNullableNumber(writer, "sdpMLineIndex", c.SdpMLineIndex);
        W3CJson.WriteNullableString(writer, "usernameFragment", c.UsernameFragment);
    }

    private static RTCIceCandidateInit ReadMembers(W3CJson.ObjectReader json) => new()
    {
        Candidate = json.RequiredString("candidate"),
        SdpMid = json.OptionalString("sdpMid"),
        SdpMLineIndex = json.OptionalUInt16("sdpMLineIndex"),
        UsernameFragment = json.OptionalString("usernameFragment"),
    };
}
