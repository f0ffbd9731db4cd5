namespace RtcNative;

/// <summary>
/// One media input or output device (W3C MediaDeviceInfo), as <see cref="MediaDevices.EnumerateDevicesAsync"/> lists
/// it. <see cref="DeviceId"/> is stable: the same device has the same id in every list, on every factory, in every
/// process (derived from the platform's name of the device), and "default" names the platform's default device as
/// Chrome lists it (an extra entry whose label starts with "Default - ").
/// </summary>
public sealed class MediaDeviceInfo
{
    /// <summary>A device described by its four W3C members.</summary>
    public MediaDeviceInfo(string deviceId, string kind, string label, string groupId)
    {
        DeviceId = deviceId;
        Kind = kind;
        Label = label;
        GroupId = groupId;
    }

    /// <summary>The device's id, what constraints and <see cref="AudioOutput.SetSinkIdAsync"/> take.</summary>
    public string DeviceId { get; }

    /// <summary>"audioinput", "audiooutput" or "videoinput".</summary>
    public string Kind { get; }

    /// <summary>A human-readable description (for audio, PulseAudio's device description or ALSA's hint description).</summary>
    public string Label { get; }

    /// <summary>Devices of one physical product (a card: its microphone and speaker) share this id.</summary>
    public string GroupId { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {DeviceId} '{Label}' group {GroupId}";
}
