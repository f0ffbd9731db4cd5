namespace RtcNative;

/// <summary>A remote stream appeared or went away (the legacy MediaStreamEvent of onaddstream/onremovestream).</summary>
public sealed class MediaStreamEventArgs : EventArgs
{
    /// <summary>Creates the event's arguments.</summary>
    /// <param name="stream">The stream.</param>
    public MediaStreamEventArgs(MediaStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Stream = stream;
    }

    /// <summary>The stream added or removed.</summary>
    public MediaStream Stream { get; }
}
