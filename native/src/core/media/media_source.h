// The generators' sources (rtcn_video_source, rtcn_audio_source): MediaSource is the handle
// and owns libwebrtc's source (a rtc::RefCountedObject the tracks share); VideoGenerator and
// AudioGenerator add the write paths and the native drivers (test pattern, tone).
//
// Threads: writes deliver to libwebrtc's sinks (senders, processors) on the calling thread.
// A driver is one std::thread per running driver, joined by stop and by release (both ABI
// calls from the embedder, never from inside a libwebrtc callback).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/media_stream_interface.h"
#include "api/notifier.h"
#include "api/video/video_frame_buffer.h"
#include "common_video/include/video_frame_buffer_pool.h"
#include "core/live_objects.h"
#include "core/ref_counted.h"
#include "media/base/adapted_video_track_source.h"
#include "rtcnative.h"

namespace rtcn {

class MediaTrack;
class Runtime;
class VideoFrameHandle;

// Frames per second over the last second (thread-safe).
class FrameRateMeter {
 public:
  void Tick(int64_t now_us);
  double Rate(int64_t now_us);

 private:
  std::mutex mutex_;
  std::deque<int64_t> times_;
};

// A thread that runs a function at a fixed period against absolute deadlines (no drift).
class PeriodicThread {
 public:
  ~PeriodicThread() { Stop(); }
  void Start(int64_t period_us, std::function<void()> tick);
  void Stop();  // joins; idempotent

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
};

class MediaSource : public RefCounted<MediaSource> {
 public:
  rtcn_media_kind kind() const { return kind_; }
  Runtime* runtime() const { return runtime_; }
  bool ended() const { return ended_.load(); }

  // libwebrtc's track over this source (a proxy from the factory; blocks on its signaling thread).
  virtual rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> CreateTrack(const std::string& id) = 0;
  virtual void FillSettings(rtcn_media_track_settings* settings) = 0;
  // MediaStreamTrack.label of its tracks: a device's name, "" for generators. Valid while the source lives.
  virtual const char* label() const { return ""; }

  // Tracks over this source (weak: each removes itself when destroyed).
  void AddTrack(MediaTrack* track);
  void RemoveTrack(MediaTrack* track);

  // The embedder's release: ends the source (drivers stopped and joined, tracks ended, later
  // writes fail), then drops the handle's reference.
  void ReleaseHandle();

 protected:
  friend class RefCounted<MediaSource>;
  MediaSource(Runtime* runtime, rtcn_media_kind kind);
  virtual ~MediaSource();
  virtual void StopDrivers() = 0;
  // Ends the source once (drivers stopped and joined, tracks ended, libwebrtc's source ended);
  // true for the call that ended it. Not on a driver's own thread (StopDrivers joins it).
  bool EndSource();
  // Tells libwebrtc's source that it ended (observers notified on the signaling thread).
  virtual void EndLibwebrtcSource() = 0;

  LiveObject<RTCN_OBJECT_MEDIA_SOURCE> live_;
  Runtime* const runtime_;
  const rtcn_media_kind kind_;
  std::atomic<bool> ended_{false};
  std::mutex tracks_mutex_;
  std::vector<MediaTrack*> tracks_;
};

// libwebrtc's side of a video generator.
class GeneratorVideoTrackSource : public rtc::AdaptedVideoTrackSource {
 public:
  // Adapts (the sinks' wants: resolution and frame rate limits) and broadcasts.
  void Deliver(const webrtc::VideoFrame& frame);
  void SetEnded() { ended_.store(true); }
  void NotifyChanged() { FireOnChanged(); }

  SourceState state() const override { return ended_.load() ? kEnded : kLive; }
  bool remote() const override { return false; }
  bool is_screencast() const override { return false; }
  absl::optional<bool> needs_denoising() const override { return false; }

 private:
  std::atomic<bool> ended_{false};
};

class VideoGenerator : public MediaSource {
 public:
  explicit VideoGenerator(Runtime* runtime);

  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> CreateTrack(const std::string& id) override;
  void FillSettings(rtcn_media_track_settings* settings) override;

  rtcn_status WriteFrame(VideoFrameHandle* frame);
  rtcn_status SubmitFrame(VideoFrameHandle* frame);
  // Delivers the frame's buffer without a copy and gives the frame a fresh writable buffer of the
  // same size from the pool (rtcn_video_source_submit_frame_renew).
  rtcn_status SubmitFrameRenew(VideoFrameHandle* frame);
  rtcn_status WritePlanes(const rtcn_video_planes& planes, int64_t timestamp_us);
  rtcn_status StartTestPattern(int width, int height, double frame_rate);
  rtcn_status StopTestPattern();

 protected:
  ~VideoGenerator() override;
  void StopDrivers() override;
  void EndLibwebrtcSource() override;

 private:
  rtcn_status Deliver(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer, int64_t timestamp_us);
  rtc::scoped_refptr<webrtc::I420Buffer> PooledI420(int width, int height);
  void PatternTick();

  const rtc::scoped_refptr<GeneratorVideoTrackSource> source_;
  std::mutex pool_mutex_;
  webrtc::VideoFrameBufferPool pool_;
  std::atomic<int32_t> width_{-1};
  std::atomic<int32_t> height_{-1};
  FrameRateMeter meter_;
  // The capture clock (CaptureNtpMs).
  int64_t CaptureNtpMs(int64_t timestamp_us, int64_t now_us);
  std::mutex clock_mutex_;
  bool clock_anchored_ = false;
  int64_t clock_offset_us_ = 0;
  int64_t last_capture_us_ = 0;
  int64_t ntp_delta_ms_ = 0;
  std::mutex driver_mutex_;  // start/stop of the pattern driver
  PeriodicThread pattern_;
  std::atomic<int> pattern_width_{0};
  std::atomic<int> pattern_height_{0};
  std::atomic<uint32_t> pattern_counter_{0};
};

// libwebrtc's side of an audio generator: hands 10 ms chunks to its sinks (senders' adapters,
// processors) on the writing thread.
class GeneratorAudioSource : public webrtc::Notifier<webrtc::AudioSourceInterface> {
 public:
  void Deliver(const int16_t* samples, int sample_rate, int channels, int frames);
  void SetEnded() { ended_.store(true); }
  void NotifyChanged() { FireOnChanged(); }

  SourceState state() const override { return ended_.load() ? kEnded : kLive; }
  bool remote() const override { return false; }
  void AddSink(webrtc::AudioTrackSinkInterface* sink) override;
  void RemoveSink(webrtc::AudioTrackSinkInterface* sink) override;

 private:
  std::atomic<bool> ended_{false};
  std::mutex sinks_mutex_;  // held while delivering: after RemoveSink no call of that sink runs
  std::vector<webrtc::AudioTrackSinkInterface*> sinks_;
};

class AudioGenerator : public MediaSource {
 public:
  AudioGenerator(Runtime* runtime, int sample_rate, int channels);

  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> CreateTrack(const std::string& id) override;
  void FillSettings(rtcn_media_track_settings* settings) override;

  rtcn_status Write(const int16_t* samples, uint64_t sample_count);
  rtcn_status WriteFloat(const float* samples, uint64_t sample_count);
  rtcn_status StartTone(double frequency, double amplitude);
  rtcn_status StopTone();
  int sample_rate() const { return sample_rate_; }
  int channels() const { return channels_; }

 protected:
  ~AudioGenerator() override;
  void StopDrivers() override;
  void EndLibwebrtcSource() override;

 private:
  template <class Sample, class Convert>
  rtcn_status WriteSamples(const Sample* samples, uint64_t sample_count, Convert convert);
  void ToneTick();

  const rtc::scoped_refptr<GeneratorAudioSource> source_;
  const int sample_rate_;
  const int channels_;
  const int chunk_frames_;
  std::mutex write_mutex_;
  std::vector<int16_t> chunk_;  // under write_mutex_: the samples of an incomplete chunk
  size_t chunk_fill_ = 0;        // under write_mutex_: samples in chunk_
  std::mutex driver_mutex_;
  PeriodicThread tone_;
  bool tone_running_ = false;  // under driver_mutex_
  std::mutex tone_mutex_;
  double tone_frequency_ = 0;
  double tone_amplitude_ = 0;
  double tone_phase_ = 0;  // tone thread only (continuous across chunks and changes)
  std::vector<int16_t> tone_chunk_;
};

}  // namespace rtcn
