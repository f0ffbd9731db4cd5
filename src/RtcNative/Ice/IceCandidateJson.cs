namespace RtcNative;

/// <summary>The toJSON() shape shared by RTCIceCandidateInit and RTCIceCandidate.</summary>
internal static class IceCandidateJson
{
    public static string Write(string candidate, string? sdpMid, ushort? sdpMLineIndex, string? usernameFragment) =>
        W3CJson.Write((candidate, sdpMid, sdpMLineIndex, usernameFragment), static (writer, c) =>
        {
            writer.WriteString("candidate", c.candidate);
            W3CJson.WriteNullableString(writer, "sdpMid", c.sdpMid);
            W3CJson.WriteNullableNumber(writer, "sdpMLineIndex", c.sdpMLineIndex);
            W3CJson.WriteNullableString(writer, "usernameFragment", c.usernameFragment);
        });
}
