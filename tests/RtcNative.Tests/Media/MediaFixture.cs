namespace RtcNative.Tests;

/// <summary>Media tests share one loopback factory (the headless audio device: no hardware, remote audio processed).</summary>
public abstract class MediaFixture
{
    protected PeerConnectionFactory Factory { get; private set; } = null!;

    [OneTimeSetUp]
    public void CreateFactory() => Factory = new PeerConnectionFactory(new PeerConnectionFactoryOptions
    {
        IncludeLoopback = true,
        NetworkInterfaces = ["lo"],
        AudioDevice = AudioDeviceKind.Headless,
    });

    [OneTimeTearDown]
    public void DisposeFactory() => Factory.Dispose();

    /// <summary>Reads <paramref name="count"/> items (bounded by <see cref="Timeouts.Event"/>).</summary>
    protected static async Task<List<T>> ReadAsync<T>(IAsyncEnumerable<T> source, int count)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        var items = new List<T>(Math.Min(count, 64));
        await foreach (var item in source.WithCancellation(timeout.Token))
        {
            items.Add(item);
            if (items.Count == count)
            {
                break;
            }
        }

        return items;
    }

    /// <summary>The next item (bounded by <see cref="Timeouts.Event"/>).</summary>
    protected static async Task<T> ReadOneAsync<T>(IAsyncEnumerable<T> source) => (await ReadAsync(source, 1))[0];

    /// <summary>Disposes every item.</summary>
    protected static void DisposeAll<T>(IEnumerable<T> items) where T : IDisposable
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }

    /// <summary>The average of a plane's bytes over its visible area.</summary>
    protected static double PlaneAverage(ReadOnlySpan<byte> plane, int stride, int width, int height)
    {
        long sum = 0;
        for (var row = 0; row < height; row++)
        {
            foreach (var value in plane.Slice(row * stride, width))
            {
                sum += value;
            }
        }

        return (double)sum / (width * height);
    }
}
