using System.Diagnostics;

namespace RtcNative.Tests.Interop;

/// <summary>Frames of a received video track counted over a window, once they arrive at the expected size.</summary>
internal static class FrameRate
{
    /// <summary>Waits (bounded) for a <paramref name="width"/> x <paramref name="height"/> frame, then counts the
    /// frames of <paramref name="window"/>; returns frames per second and the sizes seen in the window.</summary>
    public static async Task<(double PerSecond, HashSet<(int Width, int Height)> Sizes)> MeasureAsync(
        MediaStreamTrack track, int width, int height, TimeSpan window)
    {
        var sizes = new HashSet<(int, int)>();
        var frames = 0;
        var clock = (Stopwatch?)null;
        using var processor = new MediaStreamTrackProcessor(track, maxBufferSize: 60);
        using var bound = new CancellationTokenSource(Timeouts.Event);
        try
        {
            await foreach (var frame in processor.ReadVideoFramesAsync(bound.Token))
            {
                using (frame)
                {
                    if (clock is null)
                    {
                        if (frame.Width == width && frame.Height == height)
                        {
                            clock = Stopwatch.StartNew();   // the window starts at this frame
                            bound.CancelAfter(window);
                        }

                        continue;
                    }

                    frames++;
                    sizes.Add((frame.Width, frame.Height));
                }
            }
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            // the window (or the bound) is over
        }

        Assert.That(clock, Is.Not.Null, $"no {width}x{height} frame arrived");
        return (frames / clock!.Elapsed.TotalSeconds, sizes);
    }
}
