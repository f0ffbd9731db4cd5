using System.Runtime.InteropServices;

namespace RtcNative.Tests;

/// <summary>
/// An ALSA configuration of the test's own (ALSA_CONFIG_PATH replaces alsa.conf as a whole): two microphones that
/// are "file" PCMs reading FIFOs (a <see cref="SineFeeder"/> writes each), two speakers that are "file" PCMs writing
/// raw files (what played can be measured there), "default" pairing the first of each, and two PCMs the device list
/// must leave out (one without a description, one named as an alsa-plugins converter). The directions are declared
/// in namehint.pcm, as ALSA's own card configurations declare theirs. No sound card is needed.
/// </summary>
internal sealed partial class AlsaConfiguration : IDisposable
{
    public const string MicA = "rtcn_mic_a";
    public const string MicB = "rtcn_mic_b";
    public const string SpeakerA = "rtcn_spk_a";
    public const string SpeakerB = "rtcn_spk_b";
    public const int OutputRate = 48000; // what the platform device writes: 48 kHz stereo, 16-bit
    public const int OutputChannels = 2;

    private AlsaConfiguration(string directory)
    {
        Directory = directory;
        ConfigPath = Path.Combine(directory, "asound.conf");
    }

    public string Directory { get; }

    public string ConfigPath { get; }

    public static string Label(string pcm) => pcm switch
    {
        MicA => "RtcNative test microphone A",
        MicB => "RtcNative test microphone B",
        SpeakerA => "RtcNative test speaker A",
        SpeakerB => "RtcNative test speaker B",
        _ => throw new ArgumentOutOfRangeException(nameof(pcm)),
    };

    public static AlsaConfiguration Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("rtcn-alsa-").FullName;
        var configuration = new AlsaConfiguration(directory);
        foreach (var mic in new[] { MicA, MicB })
        {
            if (mkfifo(configuration.Fifo(mic), Convert.ToInt32("600", 8)) != 0)
            {
                throw new InvalidOperationException($"mkfifo failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }

        configuration.Write(extraInput: null);
        return configuration;
    }

    public string Fifo(string mic) => Path.Combine(Directory, mic + ".fifo");

    public string Output(string speaker) => Path.Combine(Directory, speaker + ".raw");

    /// <summary>Rewrites the configuration, with one more input described when <paramref name="extraInput"/> is set
    /// (libasound reads the file again when it changed).</summary>
    public void Write(string? extraInput)
    {
        var pcms = string.Join('\n', new[] { MicA, MicB }.Select(mic => $$"""
            pcm.{{mic}} { type file; slave.pcm "null"; file "/dev/null"; infile "{{Fifo(mic)}}"; format "raw" }
            """).Concat(new[] { SpeakerA, SpeakerB }.Select(speaker => $$"""
            pcm.{{speaker}} { type file; slave.pcm "null"; file "{{Output(speaker)}}"; format "raw" }
            """)));
        var extra = extraInput is null ? "" : $"  {extraInput} \"{extraInput}|RtcNative test microphone {extraInput}|IOIDInput\"\n";
        var text = $$"""
            pcm.null { type null }
            {{pcms}}
            pcm.default { type asym; playback.pcm "{{SpeakerA}}"; capture.pcm "{{MicA}}" }
            pcm.rtcn_undescribed { type null }
            pcm.samplerate_best { type plug; slave.pcm "null"; hint.description "a converter as alsa-plugins defines one" }
            namehint.pcm {
              {{MicA}} "{{MicA}}|{{Label(MicA)}}|IOIDInput"
              {{MicB}} "{{MicB}}|{{Label(MicB)}}|IOIDInput"
              {{SpeakerA}} "{{SpeakerA}}|{{Label(SpeakerA)}}|IOIDOutput"
              {{SpeakerB}} "{{SpeakerB}}|{{Label(SpeakerB)}}|IOIDOutput"
            {{extra}}}

            """;
        File.WriteAllText(ConfigPath, text);
        // libasound compares modification times: make a rewrite within the same second visible.
        File.SetLastWriteTimeUtc(ConfigPath, DateTime.UtcNow.AddSeconds(extraInput is null ? 0 : 2));
    }

    /// <summary>Makes librtcnative in this process find no PulseAudio server and this configuration.</summary>
    public IDisposable UseInThisProcess() => NativeEnvironment.Set(
        ("PULSE_SERVER", "unix:" + Path.Combine(Directory, "no-pulseaudio-here")),
        ("ALSA_CONFIG_PATH", ConfigPath));

    /// <summary>No sound system at all for librtcnative in this process: no PulseAudio server at
    /// <paramref name="directory"/>, and an ALSA configuration there that defines no device (the machine's own could
    /// list a sound card, or an alsa-plugins PCM).</summary>
    public static IDisposable NoSoundSystem(string directory)
    {
        var empty = Path.Combine(directory, "asound-empty.conf");
        File.WriteAllText(empty, "pcm.null { type null }\n");
        return NativeEnvironment.Set(("PULSE_SERVER", "unix:" + Path.Combine(directory, "no-such-socket")), ("ALSA_CONFIG_PATH", empty));
    }

    /// <summary>How many bytes <paramref name="speaker"/> has been given so far.</summary>
    public long OutputLength(string speaker) => File.Exists(Output(speaker)) ? new FileInfo(Output(speaker)).Length : 0;

    /// <summary>The left channel of the last <paramref name="duration"/> <paramref name="speaker"/> was given.</summary>
    public short[] ReadOutputTail(string speaker, TimeSpan duration)
    {
        using var file = new FileStream(Output(speaker), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var frameBytes = OutputChannels * sizeof(short);
        var frames = (int)Math.Min(file.Length / frameBytes, (long)(duration.TotalSeconds * OutputRate));
        var bytes = new byte[frames * frameBytes];
        file.Seek(file.Length / frameBytes * frameBytes - bytes.Length, SeekOrigin.Begin);
        file.ReadExactly(bytes);
        var left = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            left[i] = BitConverter.ToInt16(bytes, i * frameBytes);
        }

        return left;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int mkfifo(string path, int mode);
}
