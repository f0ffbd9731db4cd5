using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcNative;

/// <summary>
/// Reads and writes an <see cref="RTCIceCandidate"/> with System.Text.Json in the browser's
/// <c>toJSON()</c> shape, <c>{"candidate":"...","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"..."}</c>
/// (the parsed fields are not written, as in browsers); reading builds
/// <c>new RTCIceCandidate(init)</c>, which parses the candidate, from what
/// <see cref="RTCIceCandidateInitJsonConverter"/> reads.
/// </summary>
/// <remarks>
/// The type carries this converter in a <see cref="JsonConverterAttribute"/>, so nothing needs
/// registering. Member names are the W3C ones, case-sensitive, whatever the options' naming policy;
/// the writer's own settings (indentation, the options' <see cref="JsonSerializerOptions.Encoder"/>)
/// apply. JSON null is a null candidate, handled by the serializer. The converter is public so that
/// source-generated <see cref="JsonSerializerContext"/>s (Native AOT) can create it.
/// </remarks>
public sealed class RTCIceCandidateJsonConverter : JsonConverter<RTCIceCandidate>
{
    /// <inheritdoc/>
    /// <exception cref="JsonException">The value is not the JSON of an ICE candidate, or has neither
    /// <c>sdpMid</c> nor <c>sdpMLineIndex</c> (which <see cref="RTCIceCandidate(RTCIceCandidateInit)"/> rejects).</exception>
    public override RTCIceCandidate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var init = IceCandidateJson.Read(ref reader);
        try
        {
            return new RTCIceCandidate(init);
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, RTCIceCandidate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        IceCandidateJson.Write(writer, value.Candidate, value.SdpMid, value.SdpMLineIndex, value.UsernameFragment);
    }
}
