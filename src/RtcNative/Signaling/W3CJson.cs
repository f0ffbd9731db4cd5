using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RtcNative;

/// <summary>
/// Reads and writes the JSON of W3C dictionaries the way a browser's toJSON()/JSON.stringify
/// does: members in IDL order, absent nullable members as null, and no escaping of characters
/// that JavaScript leaves alone (ICE credentials contain '+' and '/').
/// </summary>
internal static class W3CJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writeMembers(writer, state);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses <paramref name="json"/> as a JSON object and hands it to <paramref name="read"/>.</summary>
    /// <exception cref="FormatException">The text is not a JSON object or <paramref name="read"/> rejected it.</exception>
    public static T ReadObject<T>(string json, string what, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The text is not the JSON of {what}: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The JSON of {what} must be an object, not {document.RootElement.ValueKind}.");
            }

            return read(document.RootElement);
        }
    }

    /// <summary>A member that must be present and a string.</summary>
    public static string RequiredString(JsonElement element, string name, string what) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"The JSON of {what} needs a string member \"{name}\".");

    /// <summary>A string member that may be absent or null.</summary>
    public static string? OptionalString(JsonElement element, string name, string what)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"The member \"{name}\" of {what} must be a string or null.");
    }

    /// <summary>An unsigned short member that may be absent or null.</summary>
    public static ushort? OptionalUInt16(JsonElement element, string name, string what)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt16(out var number)
            ? number
            : throw new FormatException($"The member \"{name}\" of {what} must be an integer from 0 to 65535, or null.");
    }

    public static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteNullableNumber(Utf8JsonWriter writer, string name, ushort? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, value.Value);
        }
    }
}
