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
  // A frame that holds no picture yet (rtcn_video_frame_create_empty): a destination for
  // rtcn_media_sink_read_video_into.
  static VideoFrameHandle* CreateEmpty();
  // I420 and NV12 as they are, anything else through ToI420(); nullptr when that fails.
  static rtc::scoped_refptr<webrtc::VideoFrameBuffer> Readable(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer);

  // The handle's picture is replaceable (read_into, submit's renewal): every accessor works on
  // a snapshot taken under the lock, so a concurrent replacement cannot free a buffer in use
  // here (the embedder's plane pointers are its own business: one owner per frame).
  void Reset(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer, int64_t timestamp_us, bool writable);

  rtcn_video_frame_info Info() const;
  // nullptr while the frame holds no picture.
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer() const;
  int64_t timestamp_us() const { return timestamp_us_.load(); }
  void set_timestamp_us(int64_t timestamp_us) { timestamp_us_.store(timestamp_us); }
  // The writable I420 buffer (writable frames only, else nullptr).
  rtc::scoped_refptr<webrtc::I420Buffer> MutableI420() const;

  // Converts into buffer (see rtcn_video_frame_copy_to); fails with the size needed, or with
  // RTCN_ERROR_INVALID_STATE when the frame holds no picture.
  rtcn_status CopyTo(rtcn_video_pixel_format format, uint8_t* out, uint64_t capacity, int32_t stride) const;
  static uint64_t CopySize(int width, int height, rtcn_video_pixel_format format);

 private:
  friend class RefCounted<VideoFrameHandle>;
  VideoFrameHandle(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer, int64_t timestamp_us, bool writable)
      : buffer_(std::move(buffer)), timestamp_us_(timestamp_us), writable_(writable) {}
  ~VideoFrameHandle() = default;

  LiveObject<RTCN_OBJECT_MEDIA_BUFFER> live_;
  mutable std::mutex mutex_;
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer_;  // under mutex_; null = no picture
  std::atomic<int64_t> timestamp_us_;
  bool writable_;                                        // under mutex_
};

class AudioDataHandle : public RefCounted<AudioDataHandle> {
 public:
  // A copy of interleaved samples (frames * channels).
  static AudioDataHandle* Create(const int16_t* samples, int sample_rate, int channels, int frames,
                                 int64_t timestamp_us);
  // The same chunk, silent.
  static AudioDataHandle* CreateSilent(int sample_rate, int channels, int frames, int64_t timestamp_us);
  // A chunk of no samples (rtcn_audio_data_create_empty): a destination for
  // rtcn_media_sink_read_audio_into.
  static AudioDataHandle* CreateEmpty() { return new AudioDataHandle(); }

  // Takes other's samples and format (other gets this one's old storage; the embedder's
  // pointers into the old samples are its own business: one owner per chunk).
  void TakeFrom(AudioDataHandle* other);

  rtcn_audio_data_info Info() const;

 private:
  friend class RefCounted<AudioDataHandle>;
  mutable std::mutex mutex_;  // Info and TakeFrom
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
