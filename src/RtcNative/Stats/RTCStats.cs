using System.Collections.ObjectModel;
using System.Text.Json;

namespace RtcNative;

/// <summary>
/// One stats object of an <see cref="RTCStatsReport"/> (W3C RTCStats and its webrtc-stats
/// subtypes): "peer-connection", "transport", "candidate-pair", "local-candidate",
/// "remote-candidate", "certificate", "data-channel", ... Its members carry the webrtc-stats
/// names ("bytesSent", "messagesSent", ...), including "id", "type" and "timestamp" as in
/// JavaScript. Values are <see cref="long"/> for integral numbers, else <see cref="double"/>;
/// <see cref="string"/>; <see cref="bool"/>; <see cref="IReadOnlyList{T}"/> of those for
/// sequences; <see cref="IReadOnlyDictionary{TKey, TValue}"/> for records.
/// </summary>
public sealed class RTCStats
{
    private RTCStats(string id, string type, DateTimeOffset timestamp, IReadOnlyDictionary<string, object?> members)
    {
        Id = id;
        Type = type;
        Timestamp = timestamp;
        Members = members;
    }

    /// <summary>The stats object's id, unique within the report and stable across reports.</summary>
    public string Id { get; }

    /// <summary>The webrtc-stats type string: "data-channel", "candidate-pair", ...</summary>
    public string Type { get; }

    /// <summary>When the engine took these values (the "timestamp" member, milliseconds since the Unix epoch).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Every member, by its webrtc-stats name, in the engine's order.</summary>
    public IReadOnlyDictionary<string, object?> Members { get; }

    /// <summary>A member's value, or null when the object has no such member.</summary>
    public object? this[string member] => Members.TryGetValue(member, out var value) ? value : null;

    /// <summary>The object as JSON, as JSON.stringify(stats) gives it in a browser.</summary>
    public string ToJson() => W3CJson.Write(Members, StatsJson.WriteMembers);

    /// <summary>Reads one object of the native report.</summary>
    /// <exception cref="FormatException">It lacks a string id or type.</exception>
    internal static RTCStats FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A stats entry is not a JSON object.");
        }

        var members = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            members[property.Name] = StatsJson.ReadValue(property.Value);
        }

        if (members.GetValueOrDefault("id") is not string id || members.GetValueOrDefault("type") is not string type)
        {
            throw new FormatException("A stats entry lacks its id or type.");
        }

        var milliseconds = members.GetValueOrDefault("timestamp") switch
        {
            long value => value,
            double value => value,
            _ => 0.0,
        };
        var timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond));
        return new RTCStats(id, type, timestamp, new ReadOnlyDictionary<string, object?>(members));
    }
}
