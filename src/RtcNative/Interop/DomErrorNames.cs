namespace RtcNative.Interop;

/// <summary>The DOMException names that RTCException carries.</summary>
internal static class DomErrorNames
{
    public const string InvalidState = "InvalidStateError";
    public const string InvalidAccess = "InvalidAccessError";
    public const string InvalidModification = "InvalidModificationError";
    public const string Operation = "OperationError";
    public const string Syntax = "SyntaxError";
    public const string NotSupported = "NotSupportedError";
    public const string Network = "NetworkError";
    public const string InvalidCharacter = "InvalidCharacterError";
    public const string NotReadable = "NotReadableError";
    public const string NotFound = "NotFoundError";
}
