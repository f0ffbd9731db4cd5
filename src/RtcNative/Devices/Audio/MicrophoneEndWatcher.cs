using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

/// <summary>
/// Raises <see cref="MediaStreamTrack.Ended"/> on the tracks of a microphone (the one getUserMedia gave and its
/// clones) when its input goes away (unplugged, unloaded): a background thread per microphone waits natively for a
/// live track of the group to end, in slices so that disposing the track lets it go, and raises the event on
/// RtcNative's event threads (the native side never calls out for it). A track the program stopped or disposed ends
/// without the device: the watcher moves on to another live track of the group, and ends when none is left. Tracks
/// ended by <see cref="MediaStreamTrack.Stop"/> raise nothing, as the spec says.
/// </summary>
internal sealed class MicrophoneEndWatcher : IEventWork
{
    private const int SliceMilliseconds = 500;
    private readonly DeviceTrackGroup _tracks;

    private MicrophoneEndWatcher(DeviceTrackGroup tracks) => _tracks = tracks;

    public static void Watch(DeviceTrackGroup tracks)
    {
        var watcher = new MicrophoneEndWatcher(tracks);
        new Thread(watcher.Run) { IsBackground = true, Name = "RtcNativeMicWatch" }.Start();
    }

    void IEventWork.Run() => _tracks.RaiseEnded();

    private enum Outcome
    {
        DeviceEnded, // the input went away: every live track of the group ends
        TrackLeft,   // the program stopped or disposed this track: watch the next live one
        Failed,      // the native wait failed: stop watching (a retry would fail the same way)
    }

    private void Run()
    {
        while (_tracks.FirstWatchable() is { } track)
        {
            switch (Watch(track))
            {
                case Outcome.DeviceEnded:
                    EventThreads.Schedule(this);
                    return;
                case Outcome.Failed:
                    return;
            }
        }
    }

    private static Outcome Watch(MediaStreamTrack track)
    {
        try
        {
            while (true)
            {
                var status = RtcnNativeMethods.rtcn_media_track_wait_ended(track.Handle, SliceMilliseconds, out var ended);
                if (status != RtcnStatus.Ok)
                {
                    return Outcome.Failed;
                }

                if (ended != 0)
                {
                    return track.StoppedOrEndRaised ? Outcome.TrackLeft : Outcome.DeviceEnded;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return Outcome.TrackLeft; // this wrapper was disposed
        }
    }
}
