namespace RtcNative;

/// <summary>The toJSON() shape shared by RTCSessionDescriptionInit and RTCSessionDescription.</summary>
internal static class SessionDescriptionJson
{
    public static string Write(RTCSdpType type, string sdp) =>
        W3CJson.Write((type, sdp), static (writer, description) =>
        {
            writer.WriteString("type", SdpTypeNames.ToW3C(description.type));
            writer.WriteString("sdp", description.sdp);
        });
}
