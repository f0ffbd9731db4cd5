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
    ReplaceTrack,
    SetParameters,
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
        OperationKind.ReplaceTrack => "replaceTrack",
        OperationKind.SetParameters => "setParameters",
        _ => kind.ToString(),
    };

    /// <summary>Whether the operation runs in the connection's operations chain (offer/answer and candidates);
    /// the others (stats, sender calls) complete in their own order.</summary>
    public static bool IsChained(this OperationKind kind) => kind <= OperationKind.AddIceCandidate;
}
