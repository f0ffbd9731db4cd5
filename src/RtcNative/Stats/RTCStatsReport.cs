using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace RtcNative;

/// <summary>
/// The result of <see cref="RTCPeerConnection.GetStatsAsync"/> (W3C RTCStatsReport): a read-only
/// map from stats id to <see cref="RTCStats"/>, in the engine's order.
/// </summary>
public sealed class RTCStatsReport : IReadOnlyDictionary<string, RTCStats>
{
    private readonly OrderedDictionary<string, RTCStats> _stats;

    private RTCStatsReport(OrderedDictionary<string, RTCStats> stats) => _stats = stats;

    /// <inheritdoc/>
    public int Count => _stats.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _stats.Keys;

    /// <inheritdoc/>
    public IEnumerable<RTCStats> Values => _stats.Values;

    /// <inheritdoc/>
    public RTCStats this[string key] => _stats[key];

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _stats.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out RTCStats value) => _stats.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, RTCStats>> GetEnumerator() => _stats.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The report in the webrtc-stats JSON shape: an object keyed by id, as a browser's
    /// <c>JSON.stringify(Object.fromEntries(report))</c> gives it.</summary>
    public string ToJson() => W3CJson.Write(_stats, static (writer, stats) =>
    {
        foreach (var (id, entry) in stats)
        {
            writer.WritePropertyName(id);
            writer.WriteStartObject();
            StatsJson.WriteMembers(writer, entry.Members);
            writer.WriteEndObject();
        }
    });

    /// <summary>Reads the native report: a JSON array of stats objects.</summary>
    /// <exception cref="FormatException">The text is not such an array.</exception>
    internal static RTCStatsReport FromNativeJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The native stats report is not a JSON array.");
            }

            var stats = new OrderedDictionary<string, RTCStats>(StringComparer.Ordinal);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var entry = RTCStats.FromJson(element);
                stats[entry.Id] = entry;
            }

            return new RTCStatsReport(stats);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The native stats report is not valid JSON.", exception);
        }
    }
}
