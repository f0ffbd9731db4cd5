namespace RtcNative.Demo;

/// <summary>
/// The real camera and microphone the demo sends when <c>--camera</c>/<c>--microphone</c> ask for them: opened once
/// with getUserMedia when the server starts, each call sending a clone. A device that cannot be had (none, busy,
/// no sound server) is reported on the console and the calls send the test pattern or the tone instead.
/// </summary>
public sealed class DemoDevices : IDisposable
{
    private DemoDevices(MediaStreamTrack? camera, MediaStreamTrack? microphone)
    {
        Camera = camera;
        Microphone = microphone;
    }

    /// <summary>The camera track every call clones; null = the test pattern.</summary>
    public MediaStreamTrack? Camera { get; }

    /// <summary>The microphone track every call clones; null = the tone.</summary>
    public MediaStreamTrack? Microphone { get; }

    public static async Task<DemoDevices> OpenAsync(PeerConnectionFactory factory, DemoOptions options, TextWriter log)
    {
        var camera = options.Camera ? await OpenAsync(factory, "camera", new MediaStreamConstraints { Video = true }, "the test pattern", log) : null;
        var microphone = options.Microphone ? await OpenAsync(factory, "microphone", new MediaStreamConstraints { Audio = true }, "the 440 Hz tone", log) : null;
        return new DemoDevices(camera, microphone);
    }

    public void Dispose()
    {
        foreach (var track in new[] { Camera, Microphone })
        {
            track?.Stop();
            track?.Dispose();
        }
    }

    private static async Task<MediaStreamTrack?> OpenAsync(PeerConnectionFactory factory, string what, MediaStreamConstraints constraints,
        string fallback, TextWriter log)
    {
        try
        {
            var stream = await factory.MediaDevices.GetUserMediaAsync(constraints);
            var track = stream.GetTracks().Single();
            var settings = track.GetSettings();
            var detail = track.Kind == "video" ? $"{settings.Width}x{settings.Height}@{settings.FrameRate}" : $"{settings.SampleRate} Hz";
            log.WriteLine($"demo: --{what}: sending '{track.Label}' ({detail})");
            return track;
        }
        catch (RTCException e)
        {
            log.WriteLine($"demo: --{what}: no {what} could be opened ({e.ErrorName}: {e.Message}); sending {fallback} instead");
            return null;
        }
    }
}
