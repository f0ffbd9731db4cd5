using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RtcNative;

/// <summary>
/// Reads and writes the JSON of W3C dictionaries the way a browser's toJSON()/JSON.stringify
/// does: members in IDL order, absent nullable members as null, and no escaping of characters
/// that JavaScript leaves alone (ICE credentials contain '+' and '/').
/// </summary>
/// <remarks>
/// Each dictionary shape has one reader (a function of an <see cref="ObjectReader"/>) and one
/// member writer. The entry points here give that one shape the
/// three error contracts it needs: <see cref="Parse{T}"/> throws <see cref="FormatException"/>
/// (<c>FromJson</c>), <see cref="TryParse{T}"/> returns false (<c>TryFromJson</c>), and
/// <see cref="Read{T}"/> throws <see cref="JsonException"/> (the System.Text.Json converters).
/// </remarks>
internal static class W3CJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON text of one object, written by <paramref name="writeMembers"/>.</summary>
    public static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteObject(writer, state, writeMembers);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one object to <paramref name="writer"/> (whose options, such as indentation
    /// and escaping, apply), its members written by <paramref name="writeMembers"/>.</summary>
    public static void WriteObject<TState>(Utf8JsonWriter writer, TState state, Action<Utf8JsonWriter, TState> writeMembers)
    {
        writer.WriteStartObject();
        writeMembers(writer, state);
        writer.WriteEndObject();
    }

    /// <summary>Parses <paramref name="json"/> as the JSON object of <paramref name="what"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a JSON object or <paramref name="read"/> rejected it.</exception>
    public static T Parse<T>(string json, string what, Func<ObjectReader, T> read)
        where T : class
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
            return TryRead(document.RootElement, what, read, out var value, out var error)
                ? value
                : throw new FormatException(error);
        }
    }

    /// <summary>Parses <paramref name="json"/> as the JSON object of <paramref name="what"/>; false,
    /// never an exception, when it is null, not JSON, or not that object.</summary>
    public static bool TryParse<T>(string? json, string what, Func<ObjectReader, T> read, [NotNullWhen(true)] out T? value)
        where T : class
    {
        value = null;
        if (json is null)
        {
            return false;
        }

        JsonDocument document;
        try
        {
            // System.Text.Json has no non-throwing parser; the exception stays inside this method.
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            return TryRead(document.RootElement, what, read, out value, out _);
        }
    }

    /// <summary>Reads the next JSON value of <paramref name="reader"/> as the object of
    /// <paramref name="what"/>; for a <c>JsonConverter</c>'s Read.</summary>
    /// <exception cref="JsonException">The value is not that object (the converter contract).</exception>
    public static T Read<T>(ref Utf8JsonReader reader, string what, Func<ObjectReader, T> read)
        where T : class
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return TryRead(document.RootElement, what, read, out var value, out var error)
            ? value
            : throw new JsonException(error);
    }

    private static bool TryRead<T>(
        JsonElement root,
        string what,
        Func<ObjectReader, T> read,
        [NotNullWhen(true)] out T? value,
        [NotNullWhen(false)] out string? error)
        where T : class
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            value = null;
            error = $"The JSON of {what} must be an object, not {root.ValueKind}.";
            return false;
        }

        var members = new ObjectReader(root, what);
        var result = read(members);
        error = members.Error;
        value = error is null ? result : null;
        return error is null;
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

    /// <summary>
    /// The members of one JSON object, read with WebIDL's rules for a dictionary: names are
    /// case-sensitive and unknown members are ignored. A member of the wrong type does not throw: it
    /// records the first problem in <see cref="Error"/> and gives a placeholder, so one shape reader
    /// serves every error contract.
    /// </summary>
    internal sealed class ObjectReader
    {
        private readonly JsonElement _element;
        private readonly string _what;

        public ObjectReader(JsonElement element, string what)
        {
            _element = element;
            _what = what;
        }

        /// <summary>The first problem found, or null while the object is valid.</summary>
        public string? Error { get; private set; }

        /// <summary>Whether the member is present (with any value, null included).</summary>
        public bool Has(string name) => _element.TryGetProperty(name, out _);

        /// <summary>Records <paramref name="message"/> unless an earlier problem was recorded.</summary>
        public void Fail(string message) => Error ??= message;

        /// <summary>A member that must be present and a string; "" when it is not.</summary>
        public string RequiredString(string name)
        {
            if (_element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString()!;
            }

            Fail($"The JSON of {_what} needs a string member \"{name}\".");
            return "";
        }

        /// <summary>A string member that may be absent or null.</summary>
        public string? OptionalString(string name)
        {
            if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            Fail($"The member \"{name}\" of {_what} must be a string or null.");
            return null;
        }

        /// <summary>An unsigned short member that may be absent or null.</summary>
        public ushort? OptionalUInt16(string name)
        {
            if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt16(out var number))
            {
                return number;
            }

            Fail($"The member \"{name}\" of {_what} must be an integer from 0 to 65535, or null.");
            return null;
        }
    }
}
