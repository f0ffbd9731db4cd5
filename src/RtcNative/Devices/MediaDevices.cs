namespace RtcNative;

/// <summary>
/// The W3C MediaDevices of one factory (<c>navigator.mediaDevices</c>): the platform's microphones, speakers, cameras
/// and screens as tracks and device lists. Reached as <see cref="PeerConnectionFactory.MediaDevices"/>; the tracks it
/// makes belong to that factory. Partial: each area (enumeration and getUserMedia, display capture) has its own file.
/// </summary>
public sealed partial class MediaDevices
{
    internal MediaDevices(PeerConnectionFactory factory)
    {
        Factory = factory;
        AudioCaptureProvider = SelectAndOpenMicrophoneAsync;
    }

    internal PeerConnectionFactory Factory { get; }
}
