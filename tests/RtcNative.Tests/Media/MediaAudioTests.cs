namespace RtcNative.Tests;

/// <summary>AudioTrackGenerator and AudioData, read back through a processor on the same track (no connection).</summary>
public sealed class MediaAudioTests : MediaFixture
{
    [Test]
    public async Task TheToneIsMeasuredAt440Hz()
    {
        using var generator = new AudioTrackGenerator(Factory, 48000, 1);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 200);
        generator.StartTone(440, 0.5);
        var chunks = await ReadAsync(processor.ReadAudioAsync(), 50); // 500 ms
        generator.StopTone();
        var samples = Concatenate(chunks);

        Assert.That(chunks.Select(c => (c.SampleRate, c.NumberOfChannels, c.NumberOfFrames)), Is.All.EqualTo((48000, 1, 480)));
        Assert.That(ToneAnalysis.EstimateFrequency(samples, 48000), Is.EqualTo(440).Within(5));
        Assert.That(ToneAnalysis.RelativePower(samples, 48000, 440), Is.GreaterThan(0.8));
        Assert.That(ToneAnalysis.Rms(samples), Is.EqualTo(0.5 / Math.Sqrt(2)).Within(0.05));
        Assert.That(chunks.Select(c => c.Timestamp), Is.Ordered.Ascending);
        DisposeAll(chunks);
    }

    [TestCase(48000, 1)]
    [TestCase(16000, 2)]
    [TestCase(44100, 1)]
    public async Task WrittenPcmIsMeasuredAt440Hz(int sampleRate, int channels)
    {
        using var generator = new AudioTrackGenerator(Factory, sampleRate, channels);
        Assert.That((generator.SampleRate, generator.Channels), Is.EqualTo((sampleRate, channels)));
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 200);
        var chunk = sampleRate / 100;
        // 500 ms in uneven pieces: the generator re-chunks into 10 ms.
        var pcm = ToneAnalysis.Sine(440, 0.5, sampleRate, channels, 50 * chunk);
        for (var offset = 0; offset < pcm.Length;)
        {
            var length = Math.Min(pcm.Length - offset, 7 * channels * 37);
            generator.Write(pcm.AsSpan(offset, length));
            offset += length;
        }

        var chunks = await ReadAsync(processor.ReadAudioAsync(), 50);
        Assert.That(chunks.Select(c => (c.SampleRate, c.NumberOfChannels, c.NumberOfFrames)), Is.All.EqualTo((sampleRate, channels, chunk)));
        var interleaved = Concatenate(chunks);
        var left = new short[interleaved.Length / channels];
        for (var i = 0; i < left.Length; i++)
        {
            left[i] = interleaved[i * channels];
        }

        Assert.That(ToneAnalysis.EstimateFrequency(left, sampleRate), Is.EqualTo(440).Within(5));
        Assert.That(interleaved, Is.EqualTo(pcm), "delivered unchanged");
        DisposeAll(chunks);
    }

    [Test]
    public async Task FloatPcmIsConvertedAndClamped()
    {
        using var generator = new AudioTrackGenerator(Factory, 48000, 1);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 100);
        var pcm = new float[4800];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 48000));
        }

        pcm[0] = 3f; // clamped to full scale
        pcm[1] = -3f;
        generator.Write(pcm);
        var chunks = await ReadAsync(processor.ReadAudioAsync(), 10);
        var samples = Concatenate(chunks);
        Assert.That(samples[0], Is.GreaterThanOrEqualTo(32766));
        Assert.That(samples[1], Is.LessThanOrEqualTo(-32767));
        Assert.That(ToneAnalysis.EstimateFrequency(samples.AsSpan(2), 48000), Is.EqualTo(440).Within(5));
        DisposeAll(chunks);
    }

    [Test]
    public async Task BadInputThrowsArgumentExceptionsAndTheGeneratorKeepsWorking()
    {
        using var generator = new AudioTrackGenerator(Factory, 48000, 2);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 10);
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentException>(() => generator.Write(new short[961]), "not a multiple of the channels");
            Assert.Throws<ArgumentException>(() => generator.Write(new float[3]));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTone(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTone(24001));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTone(440, 1.5));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTone(440, -0.1));
            Assert.Throws<ArgumentOutOfRangeException>(() => generator.StartTone(double.NaN));
        }

        generator.Write(ReadOnlySpan<short>.Empty); // nothing
        generator.Write(ToneAnalysis.Sine(1000, 0.25, 48000, 2, 480));
        using var data = await ReadOneAsync(processor.ReadAudioAsync());
        Assert.That((data.NumberOfChannels, data.NumberOfFrames), Is.EqualTo((2, 480)));
        Assert.That(ToneAnalysis.Rms(data.Samples), Is.GreaterThan(0.1));
    }

    [TestCase(7900, 1)]
    [TestCase(192100, 1)]
    [TestCase(44123, 1)]
    [TestCase(0, 1)]
    [TestCase(48000, 0)]
    [TestCase(48000, 3)]
    public void BadFormatsThrowArgumentOutOfRangeException(int sampleRate, int channels) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AudioTrackGenerator(Factory, sampleRate, channels));

    [TestCase(8000, 1)]
    [TestCase(192000, 2)]
    public void TheExtremeFormatsWork(int sampleRate, int channels)
    {
        using var generator = new AudioTrackGenerator(Factory, sampleRate, channels);
        generator.Write(new short[sampleRate / 100 * channels * 3]);
    }

    [Test]
    public async Task AudioDataCopiesAndThrowsAfterDispose()
    {
        using var generator = new AudioTrackGenerator(Factory, 48000, 1);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 10);
        var pcm = ToneAnalysis.Sine(440, 0.3, 48000, 1, 480);
        generator.Write(pcm);
        var data = await ReadOneAsync(processor.ReadAudioAsync());
        Assert.That(data.Duration, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
        Assert.Throws<ArgumentException>(() => data.CopyTo(new short[479]));
        var copy = new short[480];
        data.CopyTo(copy);
        Assert.That(copy, Is.EqualTo(pcm));
        data.Dispose();
        Assert.Throws<ObjectDisposedException>(() => data.Dispose(), "a second Dispose throws");
        Assert.Throws<ObjectDisposedException>(() => _ = data.SampleRate);
        Assert.Throws<ObjectDisposedException>(() => _ = data.Samples.Length);
        Assert.Throws<ObjectDisposedException>(() => data.CopyTo(copy));
    }

    [Test]
    public async Task ADisabledTrackDeliversSilence()
    {
        using var generator = new AudioTrackGenerator(Factory, 48000, 1);
        using var processor = new MediaStreamTrackProcessor(generator.Track, maxBufferSize: 10);
        generator.Track.Enabled = false;
        generator.Write(ToneAnalysis.Sine(440, 0.5, 48000, 1, 480 * 3));
        var chunks = await ReadAsync(processor.ReadAudioAsync(), 3);
        Assert.That(ToneAnalysis.Rms(Concatenate(chunks)), Is.LessThan(0.001));
        DisposeAll(chunks);
    }

    [Test]
    public void ADisposedGeneratorThrowsObjectDisposedException()
    {
        var generator = new AudioTrackGenerator(Factory);
        generator.Dispose();
        generator.Dispose();
        Assert.Throws<ObjectDisposedException>(() => generator.Write(new short[480]));
        Assert.Throws<ObjectDisposedException>(() => generator.Write(new float[480]));
        Assert.Throws<ObjectDisposedException>(() => generator.StartTone());
        Assert.Throws<ObjectDisposedException>(() => generator.StopTone());
    }

    private static short[] Concatenate(IReadOnlyList<AudioData> chunks)
    {
        var samples = new short[chunks.Sum(c => c.Samples.Length)];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(samples.AsSpan(offset));
            offset += chunk.Samples.Length;
        }

        return samples;
    }
}
