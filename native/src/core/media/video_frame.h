// The buffers handed to the embedder: rtcn_video_frame (a reference to an I420 or NV12
// libwebrtc buffer) and rtcn_audio_data (10 ms of interleaved 16-bit PCM).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "api/scoped_refptr.h"
#include "api/video/i420_buffer.h"
#include "api/video/video_frame_buffer.h"
#include "core/live_objects.h"
#include "core/ref_counted.h"
#include "rtcnative.h"

namespace rtcn {

class VideoFrameHandle : public RefCounted<VideoFrameHandle> {
 public:
  // A read-only frame over any buffer: I420 and NV12 are kept as they are, anything else is
  // converted with ToI420() here (on the caller's thread: the embedder's reader, never
  // libwebrtc's). nullptr when the conversion fails.
  static VideoFrameHandle* Wrap(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer, int64_t timestamp_us);
  // A writable I420 frame, black (Y 16, U and V 128: black in the limited range every codec
  // uses; all-zero luma would be "blacker than black").
  static VideoFrameHandle* CreateI420(int width, int height, int64_t timestamp_us);

  rtcn_video_frame_info Info() const;
  const rtc::scoped_refptr<webrtc::VideoFrameBuffer>& buffer() const { return buffer_; }
  int64_t timestamp_us() const { return timestamp_us_.load(); }
  void set_timestamp_us(int64_t timestamp_us) { timestamp_us_.store(timestamp_us); }
  bool writable() const { return writable_; }
  int width() const { return buffer_->width(); }
  int height() const { return buffer_->height(); }
  // The writable I420 buffer (writable frames only).
  webrtc::I420Buffer* MutableI420() const;

  // Converts into buffer (see rtcn_video_frame_copy_to); fails with the size needed.
  rtcn_status CopyTo(rtcn_video_pixel_format format, uint8_t* out, uint64_t capacity, int32_t stride) const;
  static uint64_t CopySize(int width, int height, rtcn_video_pixel_format format);

 private:
  friend class RefCounted<VideoFrameHandle>;
  VideoFrameHandle(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer, int64_t timestamp_us, bool writable)
      : buffer_(std::move(buffer)), timestamp_us_(timestamp_us), writable_(writable) {}
  ~VideoFrameHandle() = default;

  LiveObject<RTCN_OBJECT_MEDIA_BUFFER> live_;
  const rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer_;
  std::atomic<int64_t> timestamp_us_;
  const bool writable_;
};

class AudioDataHandle : public RefCounted<AudioDataHandle> {
 public:
  // A copy of interleaved samples (frames * channels).
  static AudioDataHandle* Create(const int16_t* samples, int sample_rate, int channels, int frames,
                                 int64_t timestamp_us);
  // The same chunk, silent.
  static AudioDataHandle* CreateSilent(int sample_rate, int channels, int frames, int64_t timestamp_us);

  rtcn_audio_data_info Info() const;

 private:
  friend class RefCounted<AudioDataHandle>;
  AudioDataHandle() = default;
  ~AudioDataHandle() = default;

  LiveObject<RTCN_OBJECT_MEDIA_BUFFER> live_;
  std::vector<int16_t> samples_;
  int sample_rate_ = 0;
  int channels_ = 0;
  int frames_ = 0;
  int64_t timestamp_us_ = 0;
};

}  // namespace rtcn
