using RtcNative.Tests.Devices;

namespace RtcNative.Tests;

// The platform audio device (AudioDeviceKind.Platform: libwebrtc's PulseAudio device, wrapped by the shim so that it
// plays but never records) against a private PulseAudio daemon: a 440 Hz sine microphone and a null-sink speaker
// whose monitor parec records. The other peer is on the headless device, as in every other test. The daemon is
// found through PULSE_SERVER in the C environment, set for this fixture only.
[NonParallelizable]
[Platform(Include = "Linux", Reason = "PulseAudio")]
public sealed class PlatformAudioTests : PulseAudioFixture
{
    private const int Rate = 48000;

    [Test]
    public async Task TheMicrophoneIsNotMixedIntoAGeneratorTrack()
    {
        // The control: the microphone is live, a strong 440 Hz.
        var microphone = await Server.RecordAsync(PulseAudioServer.Source, TimeSpan.FromMilliseconds(500));
        TestContext.Out.WriteLine($"microphone: 440 Hz {ToneAnalysis.RelativePower(microphone, Rate, PulseAudioServer.SourceFrequency):F4}, rms {ToneAnalysis.Rms(microphone):F4}");
        Assert.That(ToneAnalysis.RelativePower(microphone, Rate, PulseAudioServer.SourceFrequency), Is.GreaterThan(0.5), "the daemon's microphone plays 440 Hz");

        using var sending = CreateFactory(AudioDeviceKind.Platform);
        using var receiving = TestFactory.CreateLoopback();
        Assert.That(sending.AudioDevice, Is.EqualTo(AudioDeviceKind.Platform));
        using var call = new MediaCall(sending, receiving);
        using var generator = new AudioTrackGenerator(sending);
        generator.StartTone(1000);
        call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single().Track;

        // 4 s: a recording device's audio shows up in the received stream in bursts (about 0.4 s of 440 Hz every 2 s
        // when the guard is off, the generator's tone cut meanwhile), not evenly mixed.
        var (samples, rate) = await MediaReading.ReadAudioAsync(remote, TimeSpan.FromSeconds(4), skip: TimeSpan.FromMilliseconds(500));
        var recorders = await Server.PactlAsync("list", "short", "source-outputs");

        Assert.That(samples.Length, Is.GreaterThanOrEqualTo(rate * 3), "three seconds of audio at least");
        var window = TimeSpan.FromMilliseconds(200);
        var tone = ToneAnalysis.WindowedRelativePower(samples, rate, 1000, window);
        var mic = ToneAnalysis.WindowedRelativePower(samples, rate, PulseAudioServer.SourceFrequency, window);
        TestContext.Out.WriteLine($"received per 200 ms: 1000 Hz {string.Join(' ', tone.Select(p => p.ToString("F3")))}; " +
            $"440 Hz {string.Join(' ', mic.Select(p => p.ToString("F4")))}; source outputs: '{recorders.Trim()}'");
        // With recording forwarded to the device the bursts reach 0.4-1.0 here; alone, the 1000 Hz leaks under 0.001.
        Assert.That(mic.Max(), Is.LessThan(0.01), "no 440 Hz from the microphone");
        Assert.That(tone.Min(), Is.GreaterThan(0.5), "the generator's 1000 Hz throughout");
        Assert.That(recorders.Trim(), Is.Empty, "nothing records from the sound server");
    }

    [Test]
    public async Task RemoteAudioPlaysOnTheDefaultSink()
    {
        const double frequency = 660;
        var before = await Server.RecordAsync(PulseAudioServer.Sink + ".monitor", TimeSpan.FromMilliseconds(300));
        Assert.That(ToneAnalysis.Rms(before), Is.LessThan(0.001), "the speaker is silent before the call");

        using var sending = TestFactory.CreateLoopback();
        using var receiving = CreateFactory(AudioDeviceKind.Platform);
        using var call = new MediaCall(sending, receiving);
        using var generator = new AudioTrackGenerator(sending);
        generator.StartTone(frequency);
        call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        await call.ConnectAsync();
        var streams = await WaitForPlaybackAsync();

        var played = await Server.RecordAsync(PulseAudioServer.Sink + ".monitor", TimeSpan.FromSeconds(1.7));

        // 100 ms windows after parec's first 200 ms (its start-up glitch): the server's clock puts the tone a few
        // tenths of a hertz off, too much for one Goertzel bin over the whole recording.
        var steady = played[(Rate / 5)..];
        var powers = ToneAnalysis.WindowedRelativePower(steady, Rate, frequency, TimeSpan.FromMilliseconds(100));
        var frequencies = Enumerable.Range(0, powers.Length).Select(i => ToneAnalysis.EstimateFrequency(steady.AsSpan(i * Rate / 10, Rate / 10), Rate)).Order().ToArray();
        TestContext.Out.WriteLine($"speaker: rms {ToneAnalysis.Rms(steady):F4} (before the call {ToneAnalysis.Rms(before):F5}); 660 Hz power per 100 ms: " +
            $"{string.Join(' ', powers.Select(p => p.ToString("F3")))}; median {frequencies[frequencies.Length / 2]:F1} Hz; streams: '{streams}'");
        Assert.That(ToneAnalysis.Rms(steady), Is.GreaterThan(0.1), "the speaker plays the tone (amplitude 0.5: rms 0.35)");
        Assert.That(frequencies[frequencies.Length / 2], Is.EqualTo(frequency).Within(3));
        Assert.That(powers.Count(p => p > 0.9), Is.GreaterThanOrEqualTo(powers.Length * 4 / 5), "a clean 660 Hz in most windows");
    }

    [Test]
    public void WithTheServerPlatformAndAutoChooseThePlatformDevice()
    {
        using var platform = CreateFactory(AudioDeviceKind.Platform);
        using var auto = CreateFactory(AudioDeviceKind.Auto);

        Assert.That(platform.AudioDevice, Is.EqualTo(AudioDeviceKind.Platform));
        Assert.That(auto.AudioDevice, Is.EqualTo(AudioDeviceKind.Platform));
    }

    [Test]
    public void WithoutAServerPlatformFailsClearlyAndAutoFallsBackToHeadless()
    {
        using (AlsaConfiguration.NoSoundSystem(Server.RuntimeDirectory))
        {
            var error = Assert.Throws<RTCException>(() => CreateFactory(AudioDeviceKind.Platform).Dispose());
            Assert.That(error!.ErrorName, Is.EqualTo("NotSupportedError"));
            Assert.That(error.Message, Does.Contain("no platform audio device").And.Contain("ALSA"));
            using var auto = CreateFactory(AudioDeviceKind.Auto);
            Assert.That(auto.AudioDevice, Is.EqualTo(AudioDeviceKind.Headless));
        }
    }
}
