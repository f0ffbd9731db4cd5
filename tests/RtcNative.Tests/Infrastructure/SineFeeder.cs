using System.Diagnostics;

namespace RtcNative.Tests;

/// <summary>
/// Writes a sine, paced in real time in 10 ms pieces, into a PulseAudio pipe source's FIFO: a microphone that
/// delivers steadily, as real capture hardware does. (module-sine-source has a fixed latency of 2 s: it posts two
/// seconds of samples at once every two seconds, so every stream recording it gets bursts that the receiving jitter
/// buffer conceals and then time-compresses; a tone sent from it does not arrive clean.)
/// </summary>
internal sealed class SineFeeder : IDisposable
{
    public const int SampleRate = 48000;
    private const int Piece = SampleRate / 100;
    private const double Amplitude = 0.5 * short.MaxValue;
    private readonly FileStream _fifo;
    private readonly double _frequency;
    private readonly Thread _thread;
    private volatile bool _stop;

    private SineFeeder(FileStream fifo, double frequency, string name)
    {
        _fifo = fifo;
        _frequency = frequency;
        _thread = new Thread(Run) { IsBackground = true, Name = "sine " + name, Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>Opens <paramref name="fifo"/> (the daemon made it when it loaded the pipe source; waits up to 5 s for
    /// it) and starts writing.</summary>
    public static SineFeeder Start(string fifo, double frequency)
    {
        for (var attempt = 0; attempt < 50 && !File.Exists(fifo); attempt++)
        {
            Thread.Sleep(100);
        }

        // The source opened its FIFO for reading and writing, so this open never waits for a reader.
        var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        return new SineFeeder(stream, frequency, Path.GetFileNameWithoutExtension(fifo));
    }

    private void Run()
    {
        var buffer = new byte[Piece * sizeof(short)];
        var clock = Stopwatch.StartNew();
        long written = 0; // frames
        try
        {
            while (!_stop)
            {
                // Whatever is due by now, in whole pieces (after a stall of this thread, the pieces it missed).
                while (written + Piece <= clock.Elapsed.TotalSeconds * SampleRate && !_stop)
                {
                    for (var i = 0; i < Piece; i++)
                    {
                        var value = (short)Math.Round(Amplitude * Math.Sin(2 * Math.PI * _frequency * (written + i) / SampleRate));
                        buffer[2 * i] = (byte)value;
                        buffer[(2 * i) + 1] = (byte)(value >> 8);
                    }

                    _fifo.Write(buffer);
                    written += Piece;
                }

                Thread.Sleep(2);
            }
        }
        catch (IOException)
        {
            // the daemon went away (EPIPE): nothing reads any more
        }
    }

    /// <summary>Stops writing (at most a second's wait) and closes the FIFO.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(1));
        try
        {
            _fifo.Dispose();
        }
        catch (IOException)
        {
        }
    }
}
