namespace RtcNative.Tests.Janus;

/// <summary>
/// A generator video track whose test pattern counts from <see cref="CounterBase"/> (the built-in pattern counts
/// from 0 for everyone): the counter a receiver reads tells which sender the frame came from. Frames are drawn
/// and written at a fixed rate by a background loop that ends on Dispose.
/// </summary>
internal sealed class CountingPattern : IDisposable
{
    private readonly VideoTrackGenerator _generator;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CountingPattern(PeerConnectionFactory factory, uint counterBase, int width = 320, int height = 240, double frameRate = 15)
    {
        CounterBase = counterBase;
        _generator = new VideoTrackGenerator(factory);
        _loop = Task.Run(() => WriteFramesAsync(width, height, TimeSpan.FromSeconds(1 / frameRate)));
    }

    public uint CounterBase { get; }

    public MediaStreamTrack Track => _generator.Track;

    private async Task WriteFramesAsync(int width, int height, TimeSpan interval)
    {
        using var frame = VideoFrame.CreateI420(width, height, TimeSpan.Zero);
        using var timer = new PeriodicTimer(interval);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            for (var counter = CounterBase; await timer.WaitForNextTickAsync(_stop.Token); counter++)
            {
                frame.Timestamp = clock.Elapsed;
                TestPattern.Draw(frame, counter, TestPattern.NowMilliseconds);
                _generator.Write(frame);
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _generator.Dispose();
        _stop.Dispose();
    }
}
