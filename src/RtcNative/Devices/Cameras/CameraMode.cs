namespace RtcNative;

/// <summary>One native mode of a camera as libwebrtc's V4L2 DeviceInfo lists it (its frame rates are the driver's
/// nominal ones).</summary>
internal readonly record struct CameraMode(int Width, int Height, int MaxFrameRate);
