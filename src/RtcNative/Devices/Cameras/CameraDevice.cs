using System.Security.Cryptography;
using System.Text;

namespace RtcNative;

/// <summary>
/// A camera (what <c>enumerateDevices</c> lists as a "videoinput" and getUserMedia opens). <see cref="DeviceId"/> is
/// libwebrtc's unique id (the V4L2 bus info: stable across reboots for a USB port, unlike /dev/videoN);
/// <see cref="GroupId"/> is derived from it (one group per camera: V4L2 does not say which microphone belongs to it).
/// <see cref="Modes"/> has one entry per distinct size and rate, in the driver's order.
/// </summary>
internal sealed record CameraDevice(string DeviceId, string GroupId, string Label, IReadOnlyList<CameraMode> Modes)
{
    /// <summary>A camera from libwebrtc's listing; modes repeated in several pixel formats are listed once.</summary>
    public static CameraDevice Create(string uniqueId, string label, IEnumerable<CameraMode> modes) =>
        new(uniqueId, GroupIdOf(uniqueId), label, modes.Where(m => m.Width > 0 && m.Height > 0 && m.MaxFrameRate > 0).Distinct().ToArray());

    /// <summary>The candidates SelectSettings chooses among: each mode, croppable and scalable (Chrome's default).</summary>
    public IReadOnlyList<SettingsCandidate> Candidates() => Modes.Select(m => new SettingsCandidate
    {
        DeviceId = DeviceId,
        GroupId = GroupId,
        Width = m.Width,
        Height = m.Height,
        FrameRate = m.MaxFrameRate,
        CanCropAndScale = true,
        Tag = (this, m),
    }).ToArray();

    /// <summary>What a track of this camera can take (the union of its modes, with crop-and-scale).</summary>
    public MediaTrackCapabilities Capabilities()
    {
        var maxWidth = Modes.Count == 0 ? 0 : Modes.Max(m => m.Width);
        var maxHeight = Modes.Count == 0 ? 0 : Modes.Max(m => m.Height);
        var maxRate = Modes.Count == 0 ? 0 : Modes.Max(m => m.MaxFrameRate);
        return new MediaTrackCapabilities
        {
            DeviceId = DeviceId,
            GroupId = GroupId,
            Width = Modes.Count == 0 ? null : new ULongRange(1, (uint)maxWidth),
            Height = Modes.Count == 0 ? null : new ULongRange(1, (uint)maxHeight),
            AspectRatio = Modes.Count == 0 ? null : new DoubleRange(1.0 / maxHeight, maxWidth),
            FrameRate = Modes.Count == 0 ? null : new DoubleRange(Math.Min(1, maxRate), maxRate),
            FacingMode = [],
            ResizeMode = [ConstraintSelection.ResizeNone, ConstraintSelection.ResizeCropAndScale],
        };
    }

    private static string GroupIdOf(string uniqueId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("group:" + uniqueId)))[..32];
}
