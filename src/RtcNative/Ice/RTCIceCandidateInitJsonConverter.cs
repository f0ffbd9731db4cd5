using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>
/// Reads and writes an <see cref="RTCIceCandidateInit"/> with System.Text.Json in the browser's
/// <c>toJSON()</c> shape, <c>{"candidate":"...","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"..."}</c>:
/// absent members are written as null, as browsers do, and accepted when null or omitted.
/// </summary>
/// <remarks>
/// The type carries this converter in a <see cref="JsonConverterAttribute"/>, so nothing needs
/// registering. Member names are the W3C ones, case-sensitive, whatever the options' naming policy;
/// the writer's own settings (indentation, the options' <see cref="JsonSerializerOptions.Encoder"/>)
/// apply. JSON null is a null candidate, handled by the serializer. The converter is public so that
/// source-generated <see cref="JsonSerializerContext"/>s (Native AOT) can create it.
/// </remarks>
public sealed class RTCIceCandidateInitJsonConverter : JsonConverter<RTCIceCandidateInit>
{
    /// <inheritdoc/>
    /// <exception cref="JsonException">The value is not the JSON of an ICE candidate.</exception>
    public override RTCIceCandidateInit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IceCandidateJson.Read(ref reader);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, RTCIceCandidateInit value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        IceCandidateJson.Write(writer, value.Candidate, value.SdpMid, value.SdpMLineIndex, value.UsernameFragment);
    }
}
