using RtcNative.Interop;

namespace RtcNative;

/// <summary>The cameras libwebrtc sees now (V4L2 on Linux): the default camera provider of <see cref="MediaDevices"/>.
/// Opens the /dev/video* nodes (blocking, short).</summary>
internal static unsafe class CameraEnumerator
{
    public static IReadOnlyList<CameraDevice> Enumerate()
    {
        NativeRuntime.EnsureInitialized();
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_capture_enumerate(out var list));
        using (list)
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_capture_devices_count(list, out var count));
            var cameras = new List<CameraDevice>(count);
            for (var i = 0; i < count; i++)
            {
                RtcnVideoCaptureDeviceInfo info;
                RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_capture_devices_get(list, i, &info));
                var modes = new List<CameraMode>(info.ModeCount);
                for (var m = 0; m < info.ModeCount; m++)
                {
                    RtcnVideoCaptureMode mode;
                    RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_video_capture_devices_get_mode(list, i, m, &mode));
                    modes.Add(new CameraMode(mode.Width, mode.Height, mode.MaxFps));
                }

                var uniqueId = Utf8.Decode(info.UniqueId) ?? "";
                cameras.Add(CameraDevice.Create(uniqueId, Utf8.Decode(info.Name) ?? uniqueId, modes));
            }

            return cameras;
        }
    }
}
