namespace RtcNative.Tests;

// Audio through the engine, verified by frequency at the remote processor. The factory's headless audio device pulls
// remote audio every 10 ms (without it, or a sound server, nothing reaches a sink).
public sealed class AudioTransportTests : LoopbackFixture
{
    [TestCase("audio/opus")]
    [TestCase("audio/PCMU")]
    [TestCase("audio/PCMA")]
    [TestCase("audio/G722")]
    public async Task A440HzToneArrivesAt440Hz(string mimeType)
    {
        using var call = new MediaCall(Factory);
        using var generator = new AudioTrackGenerator(Factory);
        generator.StartTone(440);
        var transceiver = call.Caller.AddTransceiver(generator.Track, new RTCRtpTransceiverInit { Direction = RTCRtpTransceiverDirection.SendOnly });
        transceiver.SetCodecPreferences(MediaCall.Codecs("audio", mimeType));
        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single().Track;

        var (samples, rate) = await MediaReading.ReadAudioAsync(remote, TimeSpan.FromSeconds(1), skip: TimeSpan.FromMilliseconds(500));

        Assert.That(samples.Length, Is.GreaterThanOrEqualTo(rate / 2), "half a second of audio at least");
        Assert.That(ToneAnalysis.EstimateFrequency(samples, rate), Is.EqualTo(440).Within(5));
        var stats = await call.Callee.GetStatsAsync(remote).WithTimeout();
        var inbound = stats.Values.Single(s => s.Type == "inbound-rtp");
        Assert.That(stats[(string)inbound["codecId"]!]["mimeType"], Is.EqualTo(mimeType).IgnoreCase);
    }

    [Test]
    public async Task TwoGeneratorsOnTwoTransceiversStaySeparate()
    {
        using var call = new MediaCall(Factory);
        using var low = new AudioTrackGenerator(Factory);
        using var high = new AudioTrackGenerator(Factory, 48000, 2);
        low.StartTone(440);
        high.StartTone(1000);
        call.Caller.AddTrack(low.Track);
        call.Caller.AddTrack(high.Track);
        await call.ConnectAsync();
        var tracks = call.CalleeTracks;
        Assert.That(tracks, Has.Count.EqualTo(2));

        var first = await MediaReading.ReadAudioAsync(tracks[0].Track, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500));
        var second = await MediaReading.ReadAudioAsync(tracks[1].Track, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500));

        Assert.That(ToneAnalysis.EstimateFrequency(first.Samples, first.SampleRate), Is.EqualTo(440).Within(5));
        Assert.That(ToneAnalysis.EstimateFrequency(second.Samples, second.SampleRate), Is.EqualTo(1000).Within(10));
        Assert.That(ToneAnalysis.RelativePower(first.Samples, first.SampleRate, 1000), Is.LessThan(ToneAnalysis.RelativePower(first.Samples, first.SampleRate, 440) / 20),
            "the 440 Hz receiver carries no 1000 Hz");
    }

    [Test]
    public async Task PcmWrittenFromCSharpInOddChunksArrives()
    {
        using var call = new MediaCall(Factory);
        using var generator = new AudioTrackGenerator(Factory, 16000, 1);
        call.Caller.AddTrack(generator.Track);
        await call.ConnectAsync();
        var remote = call.CalleeTracks.Single().Track;
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            // 25 ms chunks of a 600 Hz tone at 16 kHz; the shim re-chunks them to 10 ms.
            var chunk = new short[400];
            long n = 0;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
            try
            {
                while (await timer.WaitForNextTickAsync(writing.Token))
                {
                    for (var i = 0; i < chunk.Length; i++, n++)
                    {
                        chunk[i] = (short)(12000 * Math.Sin(2 * Math.PI * 600 * n / 16000.0));
                    }

                    generator.Write(chunk);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var (samples, rate) = await MediaReading.ReadAudioAsync(remote, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500));
        writing.Cancel();
        await writer;

        Assert.That(ToneAnalysis.EstimateFrequency(samples, rate), Is.EqualTo(600).Within(6));
    }
}
