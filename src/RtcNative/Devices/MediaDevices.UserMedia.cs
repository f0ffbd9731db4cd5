namespace RtcNative;

// getUserMedia: cameras through CameraProvider and SelectSettings, microphones through the audio layer's seam.
public sealed partial class MediaDevices
{
    /// <summary>The cameras now (default: libwebrtc's V4L2 list). A seam for tests and for enumerateDevices, which
    /// lists these as "videoinput" (<see cref="CameraDevice.DeviceId"/>, <see cref="CameraDevice.GroupId"/>,
    /// <see cref="CameraDevice.Label"/>).</summary>
    internal Func<IReadOnlyList<CameraDevice>> CameraProvider { get; set; } = CameraEnumerator.Enumerate;

    /// <summary>Opens a microphone track for the constraints (SelectSettings over the microphones, OverconstrainedError
    /// or NotFoundError as the spec says): set by the audio device layer. While null, an audio request gives
    /// NotFoundError (no microphone is known).</summary>
    internal Func<MediaTrackConstraints, CancellationToken, Task<MediaStreamTrack>>? AudioCaptureProvider { get; set; }

    /// <summary>Asks for the user's camera and/or microphone (W3C getUserMedia()): a stream with one track per kind
    /// requested. A camera is chosen, with its mode, by the mediacapture-streams SelectSettings algorithm among every
    /// camera's modes (Chrome's defaults: 640x480 at 30 fps when nothing is asked; modes may be cropped, scaled down
    /// and decimated, resizeMode "crop-and-scale"). The tracks are the caller's: stopping or disposing the last track
    /// of a camera closes it.</summary>
    /// <param name="constraints">What to ask for; at least one of <see cref="MediaStreamConstraints.Audio"/> and
    /// <see cref="MediaStreamConstraints.Video"/>.</param>
    /// <param name="cancellationToken">Cancels before a device is opened.</param>
    /// <returns>The stream; the task faults with <see cref="RTCException"/> "NotFoundError" (no device of a requested
    /// kind), <see cref="OverconstrainedError"/> (no device satisfies the required constraints, naming one) or
    /// "NotReadableError" (the chosen device could not be opened).</returns>
    /// <exception cref="ArgumentException">Neither audio nor video is requested (the spec's TypeError).</exception>
    public Task<MediaStream> GetUserMediaAsync(MediaStreamConstraints constraints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        if (constraints.Audio is null && constraints.Video is null)
        {
            throw new ArgumentException("TypeError: getUserMedia needs audio, video or both requested.", nameof(constraints));
        }

        return GetUserMediaCoreAsync(constraints, cancellationToken);
    }

    private async Task<MediaStream> GetUserMediaCoreAsync(MediaStreamConstraints constraints, CancellationToken cancellationToken)
    {
        // Every kind is selected before any device opens (an overconstrained camera opens no microphone).
        (CameraDevice Device, SelectedSettings Settings)? camera = null;
        if (constraints.Video is { } video)
        {
            camera = await Task.Run(() => SelectCamera(video), cancellationToken).ConfigureAwait(false);
        }

        if (constraints.Audio is not null && AudioCaptureProvider is null)
        {
            throw new RTCException("NotFoundError", "NotFoundError: no microphone is available.");
        }

        var tracks = new List<MediaStreamTrack>(2);
        try
        {
            if (constraints.Audio is { } audio)
            {
                tracks.Add(await AudioCaptureProvider!(audio, cancellationToken).ConfigureAwait(false));
            }

            if (camera is { } chosen)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var factory = Factory;
                tracks.Add(await Task.Run(() => CameraCapture.Open(factory, chosen.Device, chosen.Settings, constraints.Video!), CancellationToken.None)
                    .ConfigureAwait(false));
            }

            return new MediaStream(tracks);
        }
        catch
        {
            foreach (var track in tracks)
            {
                track.Stop();
                track.Dispose();
            }

            throw;
        }
    }

    private (CameraDevice Device, SelectedSettings Settings) SelectCamera(MediaTrackConstraints video)
    {
        var cameras = CameraProvider();
        if (cameras.Count == 0)
        {
            throw new RTCException("NotFoundError", "NotFoundError: no camera is available.");
        }

        var candidates = cameras.SelectMany(c => c.Candidates()).ToArray();
        if (candidates.Length == 0)
        {
            // Listed, but V4L2 gave no mode for any (a device another process holds can fail to answer).
            throw new RTCException("NotReadableError", "NotReadableError: no camera reports a mode it can capture in.");
        }

        var selected = ConstraintSelection.Select(candidates, video);
        var (device, _) = ((CameraDevice, CameraMode))selected.Candidate.Tag!;
        return (device, selected);
    }
}
