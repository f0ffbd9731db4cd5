namespace RtcNative.Tests.Devices;

// factory.AudioOutput (setSinkId and volume) against a private PulseAudio daemon with two null sinks, "spk" (the
// default) and "spk2"; what each plays is recorded from its monitor with parec. The sending peer is headless.
[NonParallelizable]
[Platform(Include = "Linux", Reason = "PulseAudio")]
public sealed class AudioOutputTests : PulseAudioFixture
{
    private const int Rate = 48000;
    private const double Frequency = 660;

    [Test]
    public async Task RemoteAudioPlaysOnTheDefaultSinkThenOnTheChosenOne()
    {
        using var receiving = CreateFactory(AudioDeviceKind.Platform);
        await using var call = await PlayToneAsync(receiving);
        Assert.That(receiving.AudioOutput.SinkId, Is.EqualTo(""));
        var (first, second) = await RecordBothAsync();
        Assert.That(first, Is.GreaterThan(0.1), "the default sink plays the tone");
        Assert.That(second, Is.LessThan(0.001), "the second sink is silent");

        var spk2 = AudioDeviceList.DeviceId("audiooutput", PulseAudioServer.Sink2);
        await receiving.AudioOutput.SetSinkIdAsync(spk2).WithTimeout();
        Assert.That(receiving.AudioOutput.SinkId, Is.EqualTo(spk2));
        await Task.Delay(500);
        (first, second) = await RecordBothAsync();
        Assert.That(second, Is.GreaterThan(0.1), "the chosen sink plays the tone");
        Assert.That(first, Is.LessThan(0.001), "the default sink is silent now");

        await receiving.AudioOutput.SetSinkIdAsync("default").WithTimeout();
        await Task.Delay(500);
        (first, second) = await RecordBothAsync();
        Assert.That(first, Is.GreaterThan(0.1), "back on the default sink");
        Assert.That(second, Is.LessThan(0.001));
    }

    [Test]
    public async Task VolumeChangesWhatTheSinkPlays()
    {
        using var receiving = CreateFactory(AudioDeviceKind.Platform);
        await using var call = await PlayToneAsync(receiving);
        receiving.AudioOutput.Volume = 1;
        await Task.Delay(300);
        var full = ToneAnalysis.Rms(await Server.RecordAsync(PulseAudioServer.Sink + ".monitor", TimeSpan.FromSeconds(1)));

        receiving.AudioOutput.Volume = 0.5;
        Assert.That(receiving.AudioOutput.Volume, Is.EqualTo(0.5).Within(0.01));
        await Task.Delay(300);
        var half = ToneAnalysis.Rms(await Server.RecordAsync(PulseAudioServer.Sink + ".monitor", TimeSpan.FromSeconds(1)));
        TestContext.Out.WriteLine($"rms at volume 1: {full:F4}, at 0.5: {half:F4}");
        Assert.That(full, Is.GreaterThan(0.1));
        // PulseAudio's volume scale is cubic: 50% is about 0.125 of the amplitude.
        Assert.That(half, Is.LessThan(full * 0.5).And.GreaterThan(full * 0.02));
    }

    [Test]
    public async Task UnknownOutputsAreNotFoundAndHeadlessFactoriesHaveNoOutputToChoose()
    {
        using var platform = CreateFactory(AudioDeviceKind.Platform);
        var error = await Assert.ThrowsAsync<RTCException>(() => platform.AudioOutput.SetSinkIdAsync("no-such-id"));
        Assert.That(error!.ErrorName, Is.EqualTo("NotFoundError"));
        Assert.That(platform.AudioOutput.SinkId, Is.EqualTo(""), "unchanged");

        using var headless = TestFactory.CreateLoopback();
        error = await Assert.ThrowsAsync<RTCException>(() => headless.AudioOutput.SetSinkIdAsync("default"));
        Assert.That(error!.ErrorName, Is.EqualTo("InvalidStateError"));
        Assert.That(error.Message, Does.Contain("plays nowhere"));
        Assert.Throws<RTCException>(() => headless.AudioOutput.Volume = 0.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => platform.AudioOutput.Volume = 1.5);
    }

    private async Task<(double First, double Second)> RecordBothAsync()
    {
        var first = Server.RecordAsync(PulseAudioServer.Sink + ".monitor", TimeSpan.FromSeconds(1));
        var second = Server.RecordAsync(PulseAudioServer.Sink2 + ".monitor", TimeSpan.FromSeconds(1));
        // parec's first 200 ms may carry a start-up glitch.
        var a = (await first)[(Rate / 5)..];
        var b = (await second)[(Rate / 5)..];
        TestContext.Out.WriteLine($"spk rms {ToneAnalysis.Rms(a):F4} ({ToneAnalysis.EstimateFrequency(a, Rate):F0} Hz), spk2 rms {ToneAnalysis.Rms(b):F4}");
        return (ToneAnalysis.Rms(a), ToneAnalysis.Rms(b));
    }

    /// <summary>A headless sender's 660 Hz generator tone, received by <paramref name="receiving"/>, whose platform
    /// device plays it (waits until the daemon has a playback stream and the jitter buffer filled).</summary>
    private async Task<ToneCall> PlayToneAsync(PeerConnectionFactory receiving)
    {
        var sending = TestFactory.CreateLoopback();
        var call = new MediaCall(sending, receiving);
        var generator = new AudioTrackGenerator(sending);
        var result = new ToneCall(sending, call, generator);
        generator.StartTone(Frequency);
        call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        await call.ConnectAsync();
        await WaitForPlaybackAsync();
        return result;
    }

    private sealed class ToneCall(PeerConnectionFactory sending, MediaCall call, AudioTrackGenerator generator) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            generator.Dispose();
            call.Dispose();
            sending.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
