namespace RtcNative;

// enumerateDevices' video inputs: the cameras getUserMedia chooses among (CameraProvider).
public sealed partial class MediaDevices
{
    partial void AddVideoInputs(List<MediaDeviceInfo> devices)
    {
        foreach (var camera in CameraProvider())
        {
            devices.Add(new MediaDeviceInfo(camera.DeviceId, "videoinput", camera.Label, camera.GroupId));
        }
    }
}
