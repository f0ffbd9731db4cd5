using RtcNative.Interop;
using RtcNative.Threading;

namespace RtcNative;

/// <summary>
/// Raises <see cref="MediaStreamTrack.Ended"/> on a microphone track whose input went away (unplugged, unloaded): a
/// background thread per microphone track waits natively for the track to end, in slices so that disposing the track
/// lets it go, and raises the event on RtcNative's event threads (the native side never calls out for it). A track
/// ended by <see cref="MediaStreamTrack.Stop"/> raises nothing, as the spec says.
/// </summary>
internal sealed class MicrophoneEndWatcher : IEventWork
{
    private const int SliceMilliseconds = 500;
    private readonly MediaStreamTrack _track;

    private MicrophoneEndWatcher(MediaStreamTrack track) => _track = track;

    public static void Watch(MediaStreamTrack track)
    {
        var watcher = new MicrophoneEndWatcher(track);
        new Thread(watcher.Run) { IsBackground = true, Name = "RtcNativeMicWatch" }.Start();
    }

    void IEventWork.Run() => _track.RaiseRemoteEvent(RtcnReceiverTrackEvent.Ended);

    private void Run()
    {
        try
        {
            while (true)
            {
                var status = RtcnNativeMethods.rtcn_media_track_wait_ended(_track.Handle, SliceMilliseconds, out var ended);
                if (status != RtcnStatus.Ok)
                {
                    return;
                }

                if (ended != 0)
                {
                    EventThreads.Schedule(this);
                    return;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // the track's wrapper was disposed: nobody listens any more
        }
    }
}
