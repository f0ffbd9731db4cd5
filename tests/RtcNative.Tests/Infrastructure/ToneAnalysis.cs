namespace RtcNative.Tests;

/// <summary>Measures test tones in PCM.</summary>
internal static class ToneAnalysis
{
    /// <summary>The frequency of a (roughly) pure tone, from its rising zero crossings interpolated between samples:
    /// (crossings - 1) periods between the first and the last one. NaN when fewer than 3 crossings.</summary>
    public static double EstimateFrequency(ReadOnlySpan<short> mono, int sampleRate)
    {
        double first = double.NaN, last = double.NaN;
        var crossings = 0;
        for (var i = 1; i < mono.Length; i++)
        {
            int a = mono[i - 1], b = mono[i];
            if (a < 0 && b >= 0)
            {
                var position = i - 1 + (double)-a / (b - a);
                if (crossings == 0)
                {
                    first = position;
                }

                last = position;
                crossings++;
            }
        }

        return crossings < 3 ? double.NaN : (crossings - 1) * sampleRate / (last - first);
    }

    /// <summary>The Goertzel power of <paramref name="frequency"/> relative to the signal's total power (0..1 for a
    /// pure tone at that frequency, near 0 for other frequencies).</summary>
    public static double RelativePower(ReadOnlySpan<short> mono, int sampleRate, double frequency)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0, s2 = 0, energy = 0;
        foreach (var sample in mono)
        {
            var s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double)sample * sample;
        }

        var power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return energy == 0 ? 0 : 2 * power / (mono.Length * energy);
    }

    /// <summary><see cref="RelativePower"/> of each whole <paramref name="window"/> of the samples, in order: short
    /// windows tolerate a tone a little off <paramref name="frequency"/> (a sound server's clock) and show gaps.</summary>
    public static double[] WindowedRelativePower(ReadOnlySpan<short> mono, int sampleRate, double frequency, TimeSpan window)
    {
        var length = (int)(window.TotalSeconds * sampleRate);
        var powers = new double[mono.Length / length];
        for (var i = 0; i < powers.Length; i++)
        {
            powers[i] = RelativePower(mono.Slice(i * length, length), sampleRate, frequency);
        }

        return powers;
    }

    /// <summary>The tone's share of the power: the median over 100 ms windows, at the best frequency within 8 Hz of
    /// <paramref name="frequency"/>. A sound server's sine sources are a few hertz off (whole-sample periods at the
    /// server's rate, then resampled): too far for one Goertzel bin over seconds, or even at the exact frequency over
    /// 100 ms.</summary>
    public static double MedianToneShare(short[] mono, int sampleRate, double frequency) =>
        Enumerable.Range(-4, 9).Select(step =>
        {
            var powers = WindowedRelativePower(mono, sampleRate, frequency + 2 * step, TimeSpan.FromMilliseconds(100)).Order().ToArray();
            return powers.Length == 0 ? 0 : powers[powers.Length / 2];
        }).Max();

    /// <summary>The root mean square of the samples, in full-scale units (0..1).</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var sample in samples)
        {
            sum += (double)sample * sample;
        }

        return Math.Sqrt(sum / samples.Length) / 32768.0;
    }

    /// <summary>A sine tone as interleaved 16-bit PCM (the same value on every channel).</summary>
    public static short[] Sine(double frequency, double amplitude, int sampleRate, int channels, int frames, int startFrame = 0)
    {
        var samples = new short[frames * channels];
        for (var i = 0; i < frames; i++)
        {
            var value = (short)Math.Round(amplitude * 32767 * Math.Sin(2 * Math.PI * frequency * (startFrame + i) / sampleRate));
            for (var c = 0; c < channels; c++)
            {
                samples[i * channels + c] = value;
            }
        }

        return samples;
    }
}
