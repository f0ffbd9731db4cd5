namespace RtcNative.Interop;

/// <summary>Which W3C method a <see cref="PendingOperation"/> runs.</summary>
internal enum OperationKind
{
    CreateOffer,
    CreateAnswer,
    SetLocalDescription,
    SetRemoteDescription,
    AddIceCandidate,
    GetStats,
}

internal static class OperationKindNames
{
    /// <summary>The W3C method name, for messages and logs.</summary>
    public static string W3CName(this OperationKind kind) => kind switch
    {
        OperationKind.CreateOffer => "createOffer",
        OperationKind.CreateAnswer => "createAnswer",
        OperationKind.SetLocalDescription => "setLocalDescription",
        OperationKind.SetRemoteDescription => "setRemoteDescription",
        OperationKind.AddIceCandidate => "addIceCandidate",
        OperationKind.GetStats => "getStats",
        _ => kind.ToString(),
    };
}
