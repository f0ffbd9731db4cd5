using System.Diagnostics;

namespace RtcNative.Tests;

/// <summary>
/// Writes a sine, paced in real time in 10 ms pieces, into a PulseAudio pipe source's FIFO: a microphone that
/// delivers steadily, as real capture hardware does. (module-sine-source has a fixed latency of 2 s: it posts two
/// seconds of samples at once every two seconds, so every stream recording it gets bursts that the receiving jitter
/// buffer conceals and then time-compresses; a tone sent from it does not arrive clean.)
/// </summary>
internal sealed partial class SineFeeder : IDisposable
{
    public const int SampleRate = 48000;
    private const int Piece = SampleRate / 100;
    private const double Amplitude = 0.5 * short.MaxValue;
    private readonly FileStream _fifo;
    private readonly double _frequency;
    private readonly bool _holdReadEnd;
    private readonly Thread _thread;
    private volatile bool _stop;

    private SineFeeder(FileStream fifo, double frequency, string name, bool holdReadEnd)
    {
        _fifo = fifo;
        _frequency = frequency;
        _holdReadEnd = holdReadEnd;
        _thread = new Thread(Run) { IsBackground = true, Name = "sine " + name, Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>Opens <paramref name="fifo"/> (the daemon made it when it loaded the pipe source; waits up to 5 s for
    /// it) and starts writing. <paramref name="holdReadEnd"/>: open it for reading too, for a reader that opens it
    /// read-only (ALSA's file PCM): its open then finds a writer and returns, and this one never waits for it.</summary>
    public static SineFeeder Start(string fifo, double frequency, bool holdReadEnd = false)
    {
        for (var attempt = 0; attempt < 50 && !File.Exists(fifo); attempt++)
        {
            Thread.Sleep(100);
        }

        // The pipe source opened its FIFO for reading and writing, so this open never waits for a reader.
        var stream = new FileStream(fifo, FileMode.Open, holdReadEnd ? FileAccess.ReadWrite : FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        return new SineFeeder(stream, frequency, Path.GetFileNameWithoutExtension(fifo), holdReadEnd);
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

                    // Holding the read end, nothing fails when no one reads: the FIFO would fill and the write
                    // block for good. Pieces nobody took are dropped beyond 40 ms, as a device nobody records drops them.
                    if (!_holdReadEnd || Queued() < 4 * buffer.Length)
                    {
                        _fifo.Write(buffer);
                    }

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

    // Bytes written to the FIFO and not yet read (FIONREAD).
    private int Queued() => ioctl((int)_fifo.SafeFileHandle.DangerousGetHandle(), FionRead, out var bytes) == 0 ? bytes : 0;

    private const ulong FionRead = 0x541B;

    [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, ulong request, out int value);

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
