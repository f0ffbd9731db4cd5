namespace RtcNative;

public sealed partial class MediaDevices
{
    /// <summary>The constrainable properties this implementation understands (W3C getSupportedConstraints()): what
    /// getUserMedia and <see cref="MediaStreamTrack.ApplyConstraintsAsync"/> evaluate. Others given in constraints are ignored, as the spec
    /// says.</summary>
    public MediaTrackSupportedConstraints GetSupportedConstraints() => MediaTrackSupportedConstraints.Implemented;
}
