using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace RtcNative;

/// <summary>The toJSON() shape shared by RTCSessionDescriptionInit and RTCSessionDescription:
/// <c>{"type":"offer","sdp":"..."}</c>. The one reader and writer of that shape, used by
/// <c>FromJson</c>, <c>TryFromJson</c>, <c>ToJson</c> and the System.Text.Json converters.</summary>
internal static class SessionDescriptionJson
{
    private const string What = "a session description";

    /// <summary>The JSON text, as <c>ToJson()</c> gives it.</summary>
    public static string Write(RTCSdpType type, string sdp) => W3CJson.Write((type, sdp), WriteMembers);

    /// <summary>Writes the object to a serializer's writer.</summary>
    public static void Write(Utf8JsonWriter writer, RTCSdpType type, string sdp) =>
        W3CJson.WriteObject(writer, (type, sdp), WriteMembers);

    /// <exception cref="FormatException">The text is not the JSON of a session description.</exception>
    public static RTCSessionDescriptionInit Parse(string json) => W3CJson.Parse(json, What, ReadMembers);

    public static bool TryParse(string? json, [NotNullWhen(true)] out RTCSessionDescriptionInit? description) =>
        W3CJson.TryParse(json, What, ReadMembers, out description);

    /// <exception cref="JsonException">The value is not the JSON of a session description.</exception>
    public static RTCSessionDescriptionInit Read(ref Utf8JsonReader reader) => W3CJson.Read(ref reader, What, ReadMembers);

    private static void WriteMembers(Utf8JsonWriter writer, (RTCSdpType Type, string Sdp) description)
    {
        writer.WriteString("type", SdpTypeNames.ToW3C(description.Type));
        writer.WriteString("sdp", description.Sdp);
    }

    private static RTCSessionDescriptionInit ReadMembers(W3CJson.ObjectReader json)
    {
        var typeText = json.RequiredString("type");
        if (!SdpTypeNames.TryParse(typeText, out var type))
        {
            // Kept only when "type" was a string: a missing one was recorded first.
            json.Fail($"\"{typeText}\" is not an RTCSdpType (offer, pranswer, answer, rollback).");
        }

        // WebIDL's default for an absent sdp is "".
        var sdp = json.Has("sdp") ? json.RequiredString("sdp") : "";
        return new RTCSessionDescriptionInit(type, sdp);
    }
}
