using System.Security.Cryptography;
using System.Text;
using RtcNative.Interop;

namespace RtcNative;

/// <summary>
/// The sound system's audio inputs and outputs at one moment (PulseAudio's sources, monitors left out, and sinks; with
/// no PulseAudio server, ALSA's PCMs as Chrome lists them, see native/include/rtcnative/audio_devices.h), as
/// <see cref="MediaDeviceInfo"/> lists in Chrome's shape: a "default" entry first, then each device. Device ids are
/// derived from the system's device names (the first 32 hex digits of SHA-256 over kind and name), so they are the
/// same in every list, factory and process, and never reveal the name itself. No sound system: both lists empty.
/// </summary>
internal sealed class AudioDeviceList
{
    public const string DefaultId = "default";
    public const string InputKind = "audioinput";
    public const string OutputKind = "audiooutput";

    // Bounded: a sound server that does not answer costs this much, never a hang.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly Dictionary<string, string> _inputNames;
    private readonly Dictionary<string, string> _outputNames;

    private AudioDeviceList(bool serverAvailable, List<MediaDeviceInfo> inputs, List<MediaDeviceInfo> outputs,
        Dictionary<string, string> inputNames, Dictionary<string, string> outputNames)
    {
        ServerAvailable = serverAvailable;
        Inputs = inputs;
        Outputs = outputs;
        _inputNames = inputNames;
        _outputNames = outputNames;
    }

    /// <summary>Whether a sound system answered (a PulseAudio server, or ALSA with devices).</summary>
    public bool ServerAvailable { get; }

    /// <summary>"audioinput" devices ("default" first when there is one).</summary>
    public IReadOnlyList<MediaDeviceInfo> Inputs { get; }

    /// <summary>"audiooutput" devices ("default" first when there is one).</summary>
    public IReadOnlyList<MediaDeviceInfo> Outputs { get; }

    /// <summary>Asks the sound system now (blocks up to a few seconds when a server does not answer).</summary>
    public static unsafe AudioDeviceList Query()
    {
        RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_audio_devices_enumerate((int)Timeout.TotalMilliseconds, out var list, out var server));
        using (list)
        {
            RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_audio_device_list_get_count(list, out var count));
            var inputs = new List<MediaDeviceInfo>();
            var outputs = new List<MediaDeviceInfo>();
            var inputNames = new Dictionary<string, string>(StringComparer.Ordinal);
            var outputNames = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                RtcnAudioDeviceInfo info;
                RtcnErrors.ThrowIfFailed(RtcnNativeMethods.rtcn_audio_device_list_get(list, i, &info));
                var input = info.Kind == RtcnMediaDeviceKind.Input;
                var kind = input ? InputKind : OutputKind;
                var name = Utf8.Decode(info.Name) ?? "";
                var label = Utf8.Decode(info.Label) ?? name;
                var group = GroupId(Utf8.Decode(info.Group) ?? name);
                var devices = input ? inputs : outputs;
                var names = input ? inputNames : outputNames;
                var device = new MediaDeviceInfo(DeviceId(kind, name), kind, label, group);
                if (info.IsDefault != 0)
                {
                    // Chrome's shape: the default device first, under the id "default": PulseAudio's default device once
                    // more ("Default - " and its label), or ALSA's "default" PCM itself (labelled "Default").
                    var alsaDefault = name == DefaultId;
                    devices.Insert(0, new MediaDeviceInfo(DefaultId, kind, alsaDefault ? label : "Default - " + label, group));
                    names[DefaultId] = name;
                    if (alsaDefault)
                    {
                        continue;
                    }
                }

                devices.Add(device);
                names[device.DeviceId] = name;
            }

            return new AudioDeviceList(server != 0, inputs, outputs, inputNames, outputNames);
        }
    }

    /// <summary>The system's name of an input ("default" included), or null when no input has that id.</summary>
    public string? InputName(string deviceId) => _inputNames.GetValueOrDefault(deviceId);

    /// <summary>The system's name of an output ("default" included), or null when no output has that id.</summary>
    public string? OutputName(string deviceId) => _outputNames.GetValueOrDefault(deviceId);

    /// <summary>The id of a device of <paramref name="kind"/> that the system names <paramref name="name"/>.</summary>
    public static string DeviceId(string kind, string name) => Hash(kind + "\n" + name);

    private static string GroupId(string group) => Hash("group\n" + group);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
