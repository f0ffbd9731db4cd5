namespace RtcNative.Tests.Devices;

// The platform's audio devices when no PulseAudio server answers: ALSA's, from a configuration of the test's own
// (Infrastructure/AlsaConfiguration.cs: FIFO-fed microphones A 440 Hz and B 880 Hz, speakers that write raw files).
// Listing, capture chosen by deviceId, playout on the default speaker and on the one setSinkId names, volume, and
// devicechange, measured by content.
[NonParallelizable]
[Platform(Include = "Linux", Reason = "ALSA")]
public sealed class AlsaDeviceTests
{
    private const double FrequencyA = 440;
    private const double FrequencyB = 880;
    private const double RemoteTone = 660;
    private static readonly MicrophoneOptions Raw = new() { EchoCancellation = false, NoiseSuppression = false, AutoGainControl = false };

    private AlsaConfiguration? _alsa;
    private IDisposable? _environment;
    private SineFeeder? _micA;
    private SineFeeder? _micB;

    private AlsaConfiguration Alsa => _alsa!;

    [OneTimeSetUp]
    public void UseAlsaOnly()
    {
        _alsa = AlsaConfiguration.Create();
        _micA = SineFeeder.Start(Alsa.Fifo(AlsaConfiguration.MicA), FrequencyA, holdReadEnd: true);
        _micB = SineFeeder.Start(Alsa.Fifo(AlsaConfiguration.MicB), FrequencyB, holdReadEnd: true);
        _environment = Alsa.UseInThisProcess();
    }

    [OneTimeTearDown]
    public void Restore()
    {
        _environment?.Dispose();
        _micA?.Dispose();
        _micB?.Dispose();
        _alsa?.Dispose();
    }

    [Test]
    public async Task TheDevicesAreAlsasWithADefaultFirstAndNoLibraryPcms()
    {
        using var factory = TestFactory.CreateLoopback();
        var devices = await factory.MediaDevices.EnumerateDevicesAsync().WithTimeout();
        foreach (var device in devices)
        {
            TestContext.Out.WriteLine(device);
        }

        var inputs = devices.Where(d => d.Kind == "audioinput").ToList();
        var outputs = devices.Where(d => d.Kind == "audiooutput").ToList();
        Assert.That(inputs.Select(d => (d.DeviceId, d.Label)), Is.EqualTo(new[]
        {
            ("default", "Default"),
            (AudioDeviceList.DeviceId("audioinput", AlsaConfiguration.MicA), AlsaConfiguration.Label(AlsaConfiguration.MicA)),
            (AudioDeviceList.DeviceId("audioinput", AlsaConfiguration.MicB), AlsaConfiguration.Label(AlsaConfiguration.MicB)),
        }), "inputs: default, then each described input PCM (not the speakers, not the converter, not the undescribed)");
        Assert.That(outputs.Select(d => (d.DeviceId, d.Label)), Is.EqualTo(new[]
        {
            ("default", "Default"),
            (AudioDeviceList.DeviceId("audiooutput", AlsaConfiguration.SpeakerA), AlsaConfiguration.Label(AlsaConfiguration.SpeakerA)),
            (AudioDeviceList.DeviceId("audiooutput", AlsaConfiguration.SpeakerB), AlsaConfiguration.Label(AlsaConfiguration.SpeakerB)),
        }));
        Assert.That(inputs.Skip(1).Select(d => d.GroupId).Distinct().Count(), Is.EqualTo(2), "a PCM of no card is its own group");

        using var platform = CreateFactory(AudioDeviceKind.Platform);
        Assert.That(platform.AudioDevice, Is.EqualTo(AudioDeviceKind.Platform), "ALSA's output makes a platform device");
        using var auto = CreateFactory(AudioDeviceKind.Auto);
        Assert.That(auto.AudioDevice, Is.EqualTo(AudioDeviceKind.Platform));
    }

    [TestCase("default", FrequencyA)]
    [TestCase(AlsaConfiguration.MicA, FrequencyA)]
    [TestCase(AlsaConfiguration.MicB, FrequencyB)]
    public async Task GetUserMediaCapturesTheInputItsDeviceIdNames(string pcm, double frequency)
    {
        using var sending = TestFactory.CreateLoopback();
        var id = pcm == "default" ? "default" : AudioDeviceList.DeviceId("audioinput", pcm);
        var stream = await sending.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints
        {
            Audio = new MediaTrackConstraints { DeviceId = new ConstrainDOMString { Exact = [id] }, EchoCancellation = false },
        }).WithTimeout();
        var track = stream.GetAudioTracks().Single();
        try
        {
            Assert.That(track.Label, Is.EqualTo(pcm == "default" ? "Default" : AlsaConfiguration.Label(pcm)));
            var settings = track.GetSettings();
            Assert.That((settings.DeviceId, settings.EchoCancellation, settings.SampleRate), Is.EqualTo((id, false, 48000)), "getSettings: the device and processing it opened with");
            Assert.That(track.GetCapabilities().EchoCancellation, Is.EqualTo(new[] { false }));
            await track.ApplyConstraintsAsync(new MediaTrackConstraints { DeviceId = new ConstrainDOMString { Exact = [id] } });
            var (samples, rate) = await MediaReading.ReceiveAudioAsync(sending, track, TimeSpan.FromSeconds(1.5));
            var other = frequency == FrequencyA ? FrequencyB : FrequencyA;
            var share = ToneAnalysis.MedianToneShare(samples, rate, frequency);
            TestContext.Out.WriteLine($"{pcm}: {frequency} Hz share {share:F3}, {other} Hz {ToneAnalysis.MedianToneShare(samples, rate, other):F4}, estimated {ToneAnalysis.EstimateFrequency(samples, rate):F1} Hz, rms {ToneAnalysis.Rms(samples):F4}");
            Assert.That(ToneAnalysis.Rms(samples), Is.GreaterThan(0.01), "the input's level");
            Assert.That(share, Is.GreaterThan(0.8), "the input's tone, clean");
            Assert.That(ToneAnalysis.MedianToneShare(samples, rate, other), Is.LessThan(0.01), "not the other input");
        }
        finally
        {
            track.Stop();
            track.Dispose();
        }
    }

    [Test]
    public void AnInputThatCannotBeOpenedIsNotReadableAndUnknownIdsAreNotFound()
    {
        using var factory = TestFactory.CreateLoopback();
        var error = Assert.Throws<RTCException>(() => factory.MediaDevices.OpenMicrophone("no-such-id", Raw));
        Assert.That(error!.ErrorName, Is.EqualTo("NotFoundError"));
        // Listed, but its PCM cannot open: the FIFO it reads is gone.
        var fifo = Alsa.Fifo(AlsaConfiguration.MicB);
        File.Move(fifo, fifo + ".away");
        try
        {
            error = Assert.Throws<RTCException>(() => factory.MediaDevices.OpenMicrophone(AudioDeviceList.DeviceId("audioinput", AlsaConfiguration.MicB), Raw));
            Assert.That(error!.ErrorName, Is.EqualTo("NotReadableError"));
            Assert.That(error.Message, Does.Contain("ALSA"));
        }
        finally
        {
            File.Move(fifo + ".away", fifo);
        }
    }

    [Test]
    public async Task RemoteAudioPlaysOnTheDefaultSpeakerThenOnTheChosenOneAtTheChosenVolume()
    {
        using var receiving = CreateFactory(AudioDeviceKind.Platform);
        using var sending = TestFactory.CreateLoopback();
        using var call = new MediaCall(sending, receiving);
        using var generator = new AudioTrackGenerator(sending);
        generator.StartTone(RemoteTone);
        call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        await call.ConnectAsync();

        var a = AlsaConfiguration.SpeakerA;
        var b = AlsaConfiguration.SpeakerB;
        await WaitForToneAsync(a, "the default speaker (default pairs with speaker A)");
        Assert.That(Alsa.OutputLength(b), Is.Zero, "speaker B is not opened");

        var idB = AudioDeviceList.DeviceId("audiooutput", b);
        await receiving.AudioOutput.SetSinkIdAsync(idB).WithTimeout();
        Assert.That(receiving.AudioOutput.SinkId, Is.EqualTo(idB));
        var full = await WaitForToneAsync(b, "the chosen speaker");
        var stoppedAt = Alsa.OutputLength(a);
        await Task.Delay(500);
        Assert.That(Alsa.OutputLength(a), Is.EqualTo(stoppedAt), "speaker A is given nothing more");

        receiving.AudioOutput.Volume = 0.25;
        Assert.That(receiving.AudioOutput.Volume, Is.EqualTo(0.25).Within(0.001));
        await Task.Delay(500);
        var quiet = ToneAnalysis.Rms(Alsa.ReadOutputTail(b, TimeSpan.FromMilliseconds(300)));
        TestContext.Out.WriteLine($"rms at volume 1: {full:F4}, at 0.25: {quiet:F4}");
        Assert.That(quiet / full, Is.EqualTo(0.25).Within(0.05), "software volume: linear");

        var error = await Assert.ThrowsAsync<RTCException>(() => receiving.AudioOutput.SetSinkIdAsync(AudioDeviceList.DeviceId("audiooutput", AlsaConfiguration.MicA)));
        Assert.That(error!.ErrorName, Is.EqualTo("NotFoundError"), "an input is no output");
        Assert.That(receiving.AudioOutput.SinkId, Is.EqualTo(idB), "unchanged");
    }

    [Test]
    public async Task DeviceChangeFiresWhenTheConfigurationDescribesAnotherInput()
    {
        using var factory = TestFactory.CreateLoopback();
        using var fired = new SemaphoreSlim(0);
        EventHandler handler = (_, _) => fired.Release();
        factory.MediaDevices.DeviceChange += handler;
        try
        {
            await Task.Delay(1500); // the watcher's first look at ALSA
            Alsa.Write(extraInput: "rtcn_mic_c");
            Assert.That(await fired.WaitAsync(TimeSpan.FromSeconds(5)), Is.True, "devicechange within the watcher's second");
            var devices = await factory.MediaDevices.EnumerateDevicesAsync().WithTimeout();
            Assert.That(devices.Select(d => d.Label), Does.Contain("RtcNative test microphone rtcn_mic_c"));
        }
        finally
        {
            factory.MediaDevices.DeviceChange -= handler;
            Alsa.Write(extraInput: null);
        }
    }

    private static PeerConnectionFactory CreateFactory(AudioDeviceKind device) => new(new PeerConnectionFactoryOptions
    {
        IncludeLoopback = true,
        NetworkInterfaces = ["lo"],
        AudioDevice = device,
    });

    // Waits (about 5 s at most) until the speaker's last 300 ms carry the remote tone; its rms then.
    private async Task<double> WaitForToneAsync(string speaker, string what)
    {
        short[] tail = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(100);
            if (Alsa.OutputLength(speaker) < AlsaConfiguration.OutputRate)
            {
                continue;
            }

            tail = Alsa.ReadOutputTail(speaker, TimeSpan.FromMilliseconds(300));
            if (ToneAnalysis.MedianToneShare(tail, AlsaConfiguration.OutputRate, RemoteTone) > 0.8)
            {
                break;
            }
        }

        TestContext.Out.WriteLine($"{speaker}: {Alsa.OutputLength(speaker)} bytes, last 300 ms rms {ToneAnalysis.Rms(tail):F4}, estimated {ToneAnalysis.EstimateFrequency(tail, AlsaConfiguration.OutputRate):F1} Hz");
        Assert.That(ToneAnalysis.MedianToneShare(tail, AlsaConfiguration.OutputRate, RemoteTone), Is.GreaterThan(0.8), what + " plays the remote tone");
        return ToneAnalysis.Rms(tail);
    }
}
