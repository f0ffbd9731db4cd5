using System.Text;

namespace RtcNative;

/// <summary>The <see cref="RTCDataChannel.Message"/> event (W3C MessageEvent of a data channel).</summary>
public sealed class RTCMessageEventArgs : EventArgs
{
    private string? _text;

    /// <summary>Creates the event for a message received as <paramref name="data"/>.</summary>
    /// <param name="data">The message bytes (UTF-8 for a text message); not copied.</param>
    /// <param name="isBinary">True for a binary message, false for a text message.</param>
    public RTCMessageEventArgs(byte[] data, bool isBinary)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        IsBinary = isBinary;
    }

    /// <summary>True for a binary message, false for a text message.</summary>
    public bool IsBinary { get; }

    /// <summary>The message bytes; for a text message its UTF-8 encoding.</summary>
    public byte[] Data { get; }

    /// <summary>The text of a text message (decoded on first use); null for a binary message.</summary>
    public string? Text => IsBinary ? null : _text ??= Encoding.UTF8.GetString(Data);
}
