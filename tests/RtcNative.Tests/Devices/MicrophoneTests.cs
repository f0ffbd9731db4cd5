namespace RtcNative.Tests.Devices;

// Microphone tracks (MediaDevices.OpenMicrophone) against a private PulseAudio daemon whose inputs are sines:
// "mic" 440 Hz (default), "mic2" 880 Hz. Each track is sent over a loopback connection to a second peer on the
// headless device and measured there.
[NonParallelizable]
[Platform(Include = "Linux", Reason = "PulseAudio")]
public sealed class MicrophoneTests : PulseAudioFixture
{
    private static readonly MicrophoneOptions Raw = new() { EchoCancellation = false, NoiseSuppression = false, AutoGainControl = false };

    // A track a closed connection's sender still holds lives (and captures) until libwebrtc lets it go: each test
    // starts with no capture stream left from the one before.
    [TearDown]
    public async Task WaitUntilNothingRecords() =>
        await Timeouts.PollAsync(() => RecordersAsync().Result.Count == 0, TimeSpan.FromSeconds(5));

    [TestCase("default", PulseAudioServer.SourceFrequency)]
    [TestCase(PulseAudioServer.Source, PulseAudioServer.SourceFrequency)]
    [TestCase(PulseAudioServer.Source2, PulseAudioServer.Source2Frequency)]
    public async Task TheChosenInputArrivesAtTheReceiver(string device, double frequency)
    {
        using var sending = TestFactory.CreateLoopback();
        var id = device == "default" ? "default" : AudioDeviceList.DeviceId("audioinput", device);
        var track = sending.MediaDevices.OpenMicrophone(id, Raw);
        try
        {
            var (samples, rate) = await ReceiveAsync(sending, track);
            var other = frequency == PulseAudioServer.SourceFrequency ? PulseAudioServer.Source2Frequency : PulseAudioServer.SourceFrequency;
            TestContext.Out.WriteLine($"{device}: {frequency} Hz {Tone(samples, rate, frequency):F3}, {other} Hz {Tone(samples, rate, other):F4}, estimated {ToneAnalysis.EstimateFrequency(samples, rate):F1} Hz; label '{track.Label}'");
            Assert.That(track.Label, Is.EqualTo($"Sine source at {frequency} Hz"), "the device's description");
            AssertInput(samples, rate, frequency);
            Assert.That(Tone(samples, rate, other), Is.LessThan(0.01), "not the other input");
        }
        finally
        {
            track.Stop();
            track.Dispose();
        }
    }

    [Test]
    public async Task GetUserMediaCapturesTheDefaultInputOrTheOneItsDeviceIdNames()
    {
        using var sending = TestFactory.CreateLoopback();
        var inputs = (await sending.MediaDevices.EnumerateDevicesAsync()).Where(d => d.Kind == "audioinput").ToList();
        var second = inputs.Single(d => d.DeviceId == AudioDeviceList.DeviceId("audioinput", PulseAudioServer.Source2));

        foreach (var (constraints, frequency) in new (MediaTrackConstraints, double)[]
        {
            (new MediaTrackConstraints(), PulseAudioServer.SourceFrequency),
            (new MediaTrackConstraints { DeviceId = new ConstrainDOMString { Exact = [second.DeviceId] }, EchoCancellation = false }, PulseAudioServer.Source2Frequency),
            (new MediaTrackConstraints { DeviceId = second.DeviceId }, PulseAudioServer.Source2Frequency), // ideal: met
        })
        {
            var stream = await sending.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Audio = constraints }).WithTimeout();
            var track = stream.GetAudioTracks().Single();
            try
            {
                Assert.That(stream.GetVideoTracks(), Is.Empty);
                var (samples, rate) = await ReceiveAsync(sending, track);
                AssertInput(samples, rate, frequency);
            }
            finally
            {
                track.Stop();
                track.Dispose();
            }
        }
    }

    [Test]
    public async Task GetUserMediaOverconstrainedNamesTheConstraintAndOpensNothing()
    {
        using var sending = TestFactory.CreateLoopback();
        var cases = new (MediaTrackConstraints Constraints, string Name)[]
        {
            (new MediaTrackConstraints { DeviceId = new ConstrainDOMString { Exact = ["no-such-input"] } }, "deviceId"),
            (new MediaTrackConstraints { SampleRate = new ConstrainULong { Exact = 16000 } }, "sampleRate"),
            (new MediaTrackConstraints { ChannelCount = new ConstrainULong { Min = 3 } }, "channelCount"),
        };
        foreach (var (constraints, name) in cases)
        {
            var error = await Assert.ThrowsAsync<OverconstrainedError>(() => sending.MediaDevices.GetUserMediaAsync(new MediaStreamConstraints { Audio = constraints }));
            Assert.That(error!.Constraint, Is.EqualTo(name));
        }

        Assert.That(await RecordersAsync(), Is.Empty, "no input was opened");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task TheToneArrivesWithEchoCancellationOffAndOn(bool processing)
    {
        using var sending = CreateFactory(AudioDeviceKind.Platform); // the echo canceller's far end: what it plays
        var options = new MicrophoneOptions { EchoCancellation = processing, NoiseSuppression = processing, AutoGainControl = processing };
        using var track = sending.MediaDevices.OpenMicrophone("default", options);
        var (samples, rate) = await ReceiveAsync(sending, track, TimeSpan.FromSeconds(2));
        var power = Tone(samples[(rate / 2)..], rate, PulseAudioServer.SourceFrequency);
        TestContext.Out.WriteLine($"processing {processing}: 440 Hz {power:F3}, rms {ToneAnalysis.Rms(samples):F4}");
        AssertInput(samples[(rate / 2)..], rate, PulseAudioServer.SourceFrequency);
        Assert.That(ToneAnalysis.Rms(samples[(rate / 2)..]), Is.GreaterThan(0.01));
    }

    // An echo path of the server's own: a source that records the default sink, where the factory plays what it
    // receives (a far-end talker: low-passed noise). With echo cancellation off the echo reaches the far end; on, the
    // factory's microphone track removes it (AEC3 against what the factory's platform device plays), and once the far
    // end stops and the room's own sound plays (module-sine, 2000 Hz: the near end talking), that passes.
    // (Both talking at once, AEC3 suppresses the near end too: about 20 dB for a steady sine as loud as the echo.)
    [Test]
    public async Task EchoCancellationRemovesWhatTheFactoryPlaysAndKeepsTheNearEnd()
    {
        const double NearEnd = 2000;
        var echo = (await Server.PactlAsync("load-module", "module-remap-source", "master=" + PulseAudioServer.Sink + ".monitor",
            "source_name=echo", "source_properties=device.description=Echo")).Trim();
        string? room = null;
        using var stopTalking = new CancellationTokenSource();
        try
        {
            using var factory = CreateFactory(AudioDeviceKind.Platform);
            using var talker = TestFactory.CreateLoopback();
            using var farEnd = new MediaCall(talker, factory);
            using var voice = new AudioTrackGenerator(talker);
            var talking = TalkAsync(voice, stopTalking.Token);
            farEnd.Caller.AddTransceiver(voice.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
            await farEnd.ConnectAsync();
            await WaitForPlaybackAsync();
            var echoId = AudioDeviceList.DeviceId("audioinput", "echo");

            using (var plain = factory.MediaDevices.OpenMicrophone(echoId, Raw))
            {
                var (samples, rate) = await ReceiveAsync(factory, plain, TimeSpan.FromSeconds(2));
                plain.Stop();
                var uncancelled = ToneAnalysis.Rms(samples);
                using var cancelling = factory.MediaDevices.OpenMicrophone(echoId, new MicrophoneOptions { EchoCancellation = true, NoiseSuppression = false, AutoGainControl = false });
                var reading = ReceiveAsync(factory, cancelling, TimeSpan.FromSeconds(10));
                await Task.Delay(TimeSpan.FromSeconds(6.5)); // the reading's first 5 s or so: far end only
                await stopTalking.CancelAsync();
                await talking;
                room = (await Server.PactlAsync("load-module", "module-sine", "sink=" + PulseAudioServer.Sink, "frequency=" + NearEnd)).Trim();
                (samples, rate) = await reading;
                cancelling.Stop();

                var converged = samples[(3 * rate)..(5 * rate)];
                var talk = samples[(8 * rate)..];
                var residual = ToneAnalysis.Rms(converged);
                var near = Math.Sqrt(Tone(talk, rate, NearEnd)) * ToneAnalysis.Rms(talk);
                TestContext.Out.WriteLine($"echo without cancellation {uncancelled:F4}, with (converged) {residual:F4}; the near end alone then {near:F4} (played at 0.35)");
                Assert.That(uncancelled, Is.GreaterThan(0.05), "without cancellation the echo reaches the far end");
                Assert.That(residual, Is.LessThan(uncancelled / 10), "with cancellation the echo is down by 20 dB or more");
                Assert.That(near, Is.GreaterThan(0.35 / 2), "the near end passes (within 6 dB)");
            }
        }
        finally
        {
            await stopTalking.CancelAsync();
            if (room is not null)
            {
                await Server.PactlAsync("unload-module", room);
            }

            await Server.PactlAsync("unload-module", echo);
        }
    }

    // Low-passed white noise (two one-pole filters, about 600 Hz), written in 10 ms pieces in real time until canceled.
    private static Task TalkAsync(AudioTrackGenerator voice, CancellationToken cancel) => Task.Run(async () =>
    {
        var random = new Random(7);
        var piece = new short[voice.SampleRate / 100];
        double a = 0, b = 0, k = 1 - Math.Exp(-2 * Math.PI * 600.0 / voice.SampleRate);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long written = 0;
        while (!cancel.IsCancellationRequested)
        {
            while (written < clock.ElapsedMilliseconds / 10 && !cancel.IsCancellationRequested)
            {
                for (var i = 0; i < piece.Length; i++)
                {
                    a += k * ((random.NextDouble() * 2 - 1) - a);
                    b += k * (a - b);
                    piece[i] = (short)Math.Clamp(b * 4 * short.MaxValue, short.MinValue, short.MaxValue);
                }

                voice.Write(piece);
                written++;
            }

            await Task.Delay(5, CancellationToken.None);
        }
    });

    [Test]
    public async Task AMicrophoneAndAGeneratorEachCarryOnlyTheirOwnSignal()
    {
        using var sending = CreateFactory(AudioDeviceKind.Platform);
        using var receiving = TestFactory.CreateLoopback();
        using var call = new MediaCall(sending, receiving);
        using var microphone = sending.MediaDevices.OpenMicrophone("default", Raw);
        using var generator = new AudioTrackGenerator(sending);
        generator.StartTone(1000);
        call.Caller.AddTransceiver(microphone, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        await call.ConnectAsync();
        var tracks = call.CalleeTracks.Select(t => t.Track).ToArray();
        Assert.That(tracks, Has.Length.EqualTo(2));

        var reads = await Task.WhenAll(tracks.Select(t => MediaReading.ReadAudioAsync(t, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500))));
        var (mic, micRate) = reads[0];
        var (tone, toneRate) = reads[1];
        TestContext.Out.WriteLine($"microphone stream: 440 {Tone(mic, micRate, 440):F3} 1000 {Tone(mic, micRate, 1000):F4}; " +
            $"generator stream: 1000 {Tone(tone, toneRate, 1000):F3} 440 {Tone(tone, toneRate, 440):F4}; rms {ToneAnalysis.Rms(mic):F4} {ToneAnalysis.Rms(tone):F4}, " +
            $"{mic.Length} {tone.Length} samples, estimated {ToneAnalysis.EstimateFrequency(mic, micRate):F1} Hz");
        Assert.That(ToneAnalysis.Rms(mic), Is.GreaterThan(0.05), "the microphone's stream carries sound");
        Assert.That(Tone(mic, micRate, 440), Is.GreaterThan(0.8), "the microphone's sine, clean");
        Assert.That(ToneAnalysis.WindowedRelativePower(mic, micRate, 1000, TimeSpan.FromMilliseconds(200)).Max(), Is.LessThan(0.01), "no generator in the microphone's stream");
        Assert.That(Tone(tone, toneRate, 1000), Is.GreaterThan(0.8));
        Assert.That(ToneAnalysis.WindowedRelativePower(tone, toneRate, 440, TimeSpan.FromMilliseconds(200)).Max(), Is.LessThan(0.01), "no microphone in the generator's stream");
    }

    [Test]
    public async Task StoppingTheLastCloneReleasesTheDevice()
    {
        using var factory = TestFactory.CreateLoopback();
        using var track = factory.MediaDevices.OpenMicrophone(AudioDeviceList.DeviceId("audioinput", PulseAudioServer.Source2), Raw);
        using var clone = track.Clone();
        Assert.That(await RecordersAsync(), Has.Count.EqualTo(1), "one capture stream while the tracks live");

        track.Stop();
        await Task.Delay(300);
        Assert.That(await RecordersAsync(), Has.Count.EqualTo(1), "the clone still captures");
        Assert.That(clone.ReadyState, Is.EqualTo(MediaStreamTrackState.Live));

        var endedEvents = 0;
        track.Ended += (_, _) => Interlocked.Increment(ref endedEvents);
        clone.Stop();
        Assert.That(await Timeouts.PollAsync(() => RecordersAsync().Result.Count == 0, TimeSpan.FromSeconds(5)), Is.True, "the device is released");
        await Task.Delay(700); // a watcher slice
        Assert.That(endedEvents, Is.Zero, "stop() raises no ended event");
    }

    [Test]
    public async Task ReleasingTheOnlyTrackReleasesTheDevice()
    {
        using var factory = TestFactory.CreateLoopback();
        var track = factory.MediaDevices.OpenMicrophone("default", Raw);
        Assert.That(await RecordersAsync(), Has.Count.EqualTo(1));

        track.Dispose(); // not stopped: released, and no sender holds it
        Assert.That(await Timeouts.PollAsync(() => RecordersAsync().Result.Count == 0, TimeSpan.FromSeconds(5)), Is.True, "the device is released");
    }

    [Test]
    public async Task AnInputThatGoesAwayEndsTheTrack()
    {
        var module = (await Server.PactlAsync("load-module", "module-sine-source", "source_name=unplugged", "frequency=300")).Trim();
        using var factory = TestFactory.CreateLoopback();
        using var track = factory.MediaDevices.OpenMicrophone(AudioDeviceList.DeviceId("audioinput", "unplugged"), Raw);
        Assert.That(track.ReadyState, Is.EqualTo(MediaStreamTrackState.Live));
        var ended = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        track.Ended += (_, _) => ended.TrySetResult(Thread.CurrentThread.Name);

        await Server.PactlAsync("unload-module", module);
        Assert.That(await ended.Task.WithTimeout(), Is.EqualTo("RtcNativeEvents"), "Ended, raised on an event thread");
        Assert.That(track.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
        Assert.That(await RecordersAsync(), Is.Empty, "nothing left recording");
    }

    [Test]
    public async Task AnInputThatGoesAwayEndsEveryLiveCloneToo()
    {
        var module = (await Server.PactlAsync("load-module", "module-sine-source", "source_name=unplugged2", "frequency=300")).Trim();
        using var factory = TestFactory.CreateLoopback();
        var original = factory.MediaDevices.OpenMicrophone(AudioDeviceList.DeviceId("audioinput", "unplugged2"), Raw);
        using var clone = original.Clone();
        using var stopped = original.Clone();
        var cloneEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        clone.Ended += (_, _) => cloneEnded.TrySetResult();
        var stoppedEvents = 0;
        stopped.Ended += (_, _) => Interlocked.Increment(ref stoppedEvents);
        stopped.Stop();
        original.Dispose(); // the track getUserMedia gave is gone: the clone still hears the device's end
        await Task.Delay(700); // a watcher slice: the watcher has moved on to the clone

        await Server.PactlAsync("unload-module", module);
        await cloneEnded.Task.WithTimeout();
        Assert.That(clone.ReadyState, Is.EqualTo(MediaStreamTrackState.Ended));
        await Task.Delay(300);
        Assert.That(stoppedEvents, Is.Zero, "a stopped clone raises no ended event");
        Assert.That(await RecordersAsync(), Is.Empty, "nothing left recording");
    }

    [Test]
    public void UnknownIdsAreNotFoundAndBadOptionsAreUsageErrors()
    {
        using var factory = TestFactory.CreateLoopback();
        var error = Assert.Throws<RTCException>(() => factory.MediaDevices.OpenMicrophone("no-such-id", Raw));
        Assert.That(error!.ErrorName, Is.EqualTo("NotFoundError"));

        // A bad option is a usage error before any device is touched.
        Assert.Throws<ArgumentException>(() => factory.MediaDevices.OpenMicrophone("default", new MicrophoneOptions { SampleRate = 44101 }));
    }

    // The input's sine arrived clean, at its level. (The test microphones deliver steadily: SineFeeder says why
    // module-sine-source's 2 s bursts made the received tone unclean.)
    private static void AssertInput(short[] samples, int rate, double frequency)
    {
        var share = Tone(samples, rate, frequency);
        TestContext.Out.WriteLine($"{frequency} Hz: power share {share:F3}, estimated {ToneAnalysis.EstimateFrequency(samples, rate):F1} Hz, rms {ToneAnalysis.Rms(samples):F4}");
        Assert.That(ToneAnalysis.Rms(samples), Is.GreaterThan(0.01), "the input's level");
        Assert.That(share, Is.GreaterThan(0.8), "the input's tone, clean");
    }

    private static double Tone(short[] samples, int rate, double frequency) => ToneAnalysis.MedianToneShare(samples, rate, frequency);

    private async Task<List<string>> RecordersAsync() =>
        (await Server.PactlAsync("list", "short", "source-outputs")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static Task<(short[] Samples, int Rate)> ReceiveAsync(PeerConnectionFactory sending, MediaStreamTrack track, TimeSpan? duration = null) =>
        MediaReading.ReceiveAudioAsync(sending, track, duration ?? TimeSpan.FromSeconds(1.5));
}
