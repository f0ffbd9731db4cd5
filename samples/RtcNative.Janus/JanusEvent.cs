using System.Text.Json.Nodes;

namespace RtcNative.Janus;

/// <summary>
/// One message from Janus about a plugin handle: a plugin's answer or event (<see cref="Kind"/> "event" or
/// "success", with <see cref="PluginData"/> and maybe a <see cref="Jsep"/>), or a core notification such as
/// "webrtcup", "media", "slowlink", "hangup", "trickle" or "detached".
/// </summary>
public sealed class JanusEvent
{
    internal JanusEvent(JsonObject message)
    {
        Message = message;
        Kind = (string?)message["janus"] ?? "";
        Transaction = (string?)message["transaction"];
        PluginData = message["plugindata"]?["data"] as JsonObject;
        Plugin = (string?)message["plugindata"]?["plugin"];
        Jsep = message["jsep"] is JsonObject jsep ? JanusJsep.ToDescription(jsep) : null;
    }

    /// <summary>The message's "janus" member ("event", "success", "webrtcup", "media", "hangup", ...).</summary>
    public string Kind { get; }

    /// <summary>The transaction this message answers, if any.</summary>
    public string? Transaction { get; }

    /// <summary>The plugin's package name ("janus.plugin.videoroom"), when the message carries plugin data.</summary>
    public string? Plugin { get; }

    /// <summary>The plugin's own data (<c>plugindata.data</c>), when present.</summary>
    public JsonObject? PluginData { get; }

    /// <summary>The session description Janus sent with the message (an offer or an answer), when present.</summary>
    public RTCSessionDescriptionInit? Jsep { get; }

    /// <summary>The whole message as received.</summary>
    public JsonObject Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message.ToJsonString();
}
