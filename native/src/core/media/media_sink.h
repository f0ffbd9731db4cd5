// A sink (rtcn_media_sink, MediaStreamTrackProcessor): a bounded queue of a track's frames or
// 10 ms PCM chunks. libwebrtc's threads push (oldest dropped and counted) and post one
// media_sink_available to the signaling thread when the queue, empty until then, gets something
// (or the track ends); the embedder's reader pops until it finds the queue empty, which re-arms
// the signal. So at most one post per read cycle, and no media thread runs the callback.
//
// Release never blocks: the sink is detached from libwebrtc's track on the signaling thread
// (video sinks then on the worker, through the track's proxy), after which no callback of it
// can run; then user_data_released, then the last reference goes.
#pragma once

#include <deque>
#include <mutex>

#include "api/media_stream_interface.h"
#include "api/video/video_frame.h"
#include "api/video/video_sink_interface.h"
#include "core/live_objects.h"
#include "core/media/media_track.h"
#include "core/ref_counted.h"
#include "rtcnative.h"

namespace rtcn {

class VideoFrameHandle;
class AudioDataHandle;

class MediaSink : public RefCounted<MediaSink>,
                  public rtc::VideoSinkInterface<webrtc::VideoFrame>,
                  public webrtc::AudioTrackSinkInterface,
                  public MediaTrack::EndObserver {
 public:
  static MediaSink* Create(MediaTrack* track, int max_queued, void* user_data);

  rtcn_media_kind kind() const { return track_->kind(); }
  // *out is nullptr when the queue is empty; then *ended says whether the track ended.
  VideoFrameHandle* ReadVideo(bool* ended);
  AudioDataHandle* ReadAudio(bool* ended);
  // The same into the embedder's handle (its picture or samples replaced, the old ones released):
  // false when the queue is empty (then *ended as above).
  bool ReadVideoInto(VideoFrameHandle* destination, bool* ended);
  bool ReadAudioInto(AudioDataHandle* destination, bool* ended);
  int64_t dropped();  // also counts queued frames whose buffer could not be converted to I420
  void ReleaseHandle();

  // rtc::VideoSinkInterface, on libwebrtc's threads (or a generator's writer).
  void OnFrame(const webrtc::VideoFrame& frame) override;
  // webrtc::AudioTrackSinkInterface, on libwebrtc's audio threads (or a generator's writer).
  void OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
              size_t number_of_frames) override;
  // MediaTrack::EndObserver.
  void OnTrackEnded() override;

 private:
  friend class RefCounted<MediaSink>;
  MediaSink(MediaTrack* track, int max_queued, void* user_data);
  ~MediaSink() override;
  // The oldest queued frame, or nothing (then *ended set; the signal re-armed).
  absl::optional<webrtc::VideoFrame> PopVideo(bool* ended);
  AudioDataHandle* PopAudio(bool* ended);
  void CountUnreadable();  // a queued frame the reader could not convert: counted as dropped
  void Signal();           // any thread: posts RaiseAvailable
  void RaiseAvailable();   // signaling thread
  void Teardown();         // signaling thread

  LiveObject<RTCN_OBJECT_MEDIA_SINK> live_;
  MediaTrack* const track_;  // referenced while the sink lives
  const size_t max_queued_;
  void* const user_data_;
  std::mutex mutex_;
  std::deque<webrtc::VideoFrame> video_;   // under mutex_
  std::deque<AudioDataHandle*> audio_;     // under mutex_ (one reference each)
  int64_t dropped_ = 0;                    // under mutex_
  bool signaled_ = false;                  // under mutex_
  bool ended_ = false;                     // under mutex_
  bool released_ = false;                  // under mutex_
};

}  // namespace rtcn
