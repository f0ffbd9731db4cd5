// A MediaStreamTrack as the ABI sees it (rtcn_media_track): one object per libwebrtc track,
// local (a generator's, or a clone) or remote (a receiver's). It keeps the state the embedder
// reads (enabled, muted, ended, settings) so reads never block, and owns libwebrtc's track.
//
// Shared by the media half (sources, sinks: media_*.cc) and the RTP half (transceivers:
// transceiver.cc), which only uses the members marked "RTP".
#pragma once

#include <atomic>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "api/media_stream_interface.h"
#include "core/live_objects.h"
#include "core/ref_counted.h"
#include "rtcnative.h"

namespace rtcn {

class Runtime;
class MediaSource;
class FrameRateMeter;

class MediaTrack : public RefCounted<MediaTrack> {
 public:
  // A local track over a generator's source (which it keeps alive). Any thread.
  static MediaTrack* CreateLocal(Runtime* runtime, MediaSource* source, const std::string& id);
  // RTP: the object for a receiver's track (libwebrtc's remote track). Signaling thread.
  // Starts muted, as webrtc-pc says.
  static MediaTrack* CreateRemote(Runtime* runtime, rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track);

  // RTP: what senders and the factory check need.
  rtcn_media_kind kind() const { return kind_; }
  Runtime* runtime() const { return runtime_; }
  const std::string& id() const { return id_; }
  // libwebrtc's track (for AddTrack, ReplaceTrack, AddTransceiver, stats selectors).
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track() const { return track_; }
  bool remote() const { return remote_; }
  bool ended() const { return state_.load() == RTCN_TRACK_STATE_ENDED; }
  // RTP: the receiver's processing of remote tracks (any thread).
  void SetMuted(bool muted) { muted_.store(muted); }
  // RTP: the remote track ended (transceiver stopped); its sinks report ended. Idempotent.
  void End();

  rtcn_media_track_info Info() const;
  rtcn_media_track_settings Settings() const;
  void SetEnabled(bool enabled);
  void Stop();  // W3C stop(): ends this track only (other tracks of the source go on)
  // Devices: waits at most timeout_ms until the track ended (a device source can end on its own);
  // true when it did.
  bool WaitEnded(int timeout_ms);
  MediaTrack* Clone();

  // Media half: sinks (processors) register to learn when the track ends.
  class EndObserver {
   public:
    virtual void OnTrackEnded() = 0;

   protected:
    ~EndObserver() = default;
  };
  void AddEndObserver(EndObserver* observer);
  void RemoveEndObserver(EndObserver* observer);
  MediaSource* source() const { return source_; }  // local tracks only; nullptr for remote

  // Media half: the enabled flag the embedder set (audio sinks write silence while disabled).
  bool enabled() const { return enabled_.load(); }
  // Media half: what sinks of a remote track saw (its settings).
  void NoteVideoFrame(int width, int height);
  void NoteAudio(int sample_rate, int channels);

 private:
  friend class RefCounted<MediaTrack>;
  MediaTrack(Runtime* runtime, rtcn_media_kind kind, std::string id, bool remote, MediaSource* source,
             rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track);
  ~MediaTrack();

  LiveObject<RTCN_OBJECT_MEDIA_TRACK> live_;
  Runtime* const runtime_;  // referenced while the track lives
  const rtcn_media_kind kind_;
  const std::string id_;
  const bool remote_;
  MediaSource* const source_;  // referenced while the track lives (local tracks)
  const rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track_;
  std::atomic<bool> muted_;
  std::atomic<bool> enabled_{true};
  std::atomic<rtcn_track_state> state_{RTCN_TRACK_STATE_LIVE};
  std::mutex observers_mutex_;
  std::condition_variable ended_signal_;  // with observers_mutex_: End() ran
  std::vector<EndObserver*> observers_;
  // Media half: remote tracks' settings as their sinks saw them.
  std::atomic<int32_t> seen_width_{-1};
  std::atomic<int32_t> seen_height_{-1};
  std::atomic<int32_t> seen_sample_rate_{-1};
  std::atomic<int32_t> seen_channels_{-1};
  std::unique_ptr<FrameRateMeter> meter_;
};

}  // namespace rtcn
