using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>
/// Reads and writes an <see cref="RTCSessionDescription"/> with System.Text.Json in the browser's
/// <c>toJSON()</c> shape, <c>{"type":"offer","sdp":"..."}</c>; reading builds
/// <c>new RTCSessionDescription(init)</c> from what <see cref="RTCSessionDescriptionInitJsonConverter"/> reads.
/// </summary>
/// <remarks>
/// The type carries this converter in a <see cref="JsonConverterAttribute"/>, so nothing needs
/// registering. Member names are the W3C ones, case-sensitive, whatever the options' naming policy;
/// the writer's own settings (indentation, the options' <see cref="JsonSerializerOptions.Encoder"/>)
/// apply. JSON null is a null description, handled by the serializer. The converter is public so that
/// source-generated <see cref="JsonSerializerContext"/>s (Native AOT) can create it.
/// </remarks>
public sealed class RTCSessionDescriptionJsonConverter : JsonConverter<RTCSessionDescription>
{
    /// <inheritdoc/>
    /// <exception cref="JsonException">The value is not the JSON of a session description.</exception>
    public override RTCSessionDescription Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(SessionDescriptionJson.Read(ref reader));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, RTCSessionDescription value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        SessionDescriptionJson.Write(writer, value.Type, value.Sdp);
    }
}
