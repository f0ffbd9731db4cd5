namespace RtcNative;

/// <summary>The W3C strings of <see cref="RTCSdpType"/>.</summary>
internal static class SdpTypeNames
{
    public static string ToW3C(RTCSdpType type) => type switch
    {
        RTCSdpType.Offer => "offer",
        RTCSdpType.Pranswer => "pranswer",
        RTCSdpType.Answer => "answer",
        RTCSdpType.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an RTCSdpType."),
    };

    public static bool TryParse(string text, out RTCSdpType type)
    {
        switch (text)
        {
            case "offer": type = RTCSdpType.Offer; return true;
            case "pranswer": type = RTCSdpType.Pranswer; return true;
            case "answer": type = RTCSdpType.Answer; return true;
            case "rollback": type = RTCSdpType.Rollback; return true;
            default: type = default; return false;
        }
    }
}
