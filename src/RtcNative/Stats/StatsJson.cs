using System.Collections.ObjectModel;
using System.Text.Json;

namespace RtcNative;

/// <summary>Converts stats member values between JSON and the CLR types <see cref="RTCStats"/> exposes.</summary>
internal static class StatsJson
{
    /// <summary>A JSON value as long (integral numbers), double, string, bool, null, a list or a dictionary.</summary>
    public static object? ReadValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer : value.GetDouble(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(ReadValue).ToArray().AsReadOnly(),
        JsonValueKind.Object => new ReadOnlyDictionary<string, object?>(
            value.EnumerateObject().ToDictionary(property => property.Name, property => ReadValue(property.Value), StringComparer.Ordinal)),
        _ => null,
    };

    public static void WriteMembers(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> members)
    {
        foreach (var (name, value) in members)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case long integer: writer.WriteNumberValue(integer); break;
            case double number when double.IsFinite(number): writer.WriteNumberValue(number); break;
            case double: writer.WriteNullValue(); break; // JSON.stringify writes NaN and infinities as null
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case IReadOnlyDictionary<string, object?> record:
                writer.WriteStartObject();
                WriteMembers(writer, record);
                writer.WriteEndObject();
                break;
            case IEnumerable<object?> sequence:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default: throw new InvalidOperationException($"A stats member holds a {value.GetType().Name}, which has no JSON form.");
        }
    }
}
