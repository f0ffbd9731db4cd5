#include "core/media/video_frame.h"

#include <cstring>
#include <string>

#include "api/video/nv12_buffer.h"
#include "core/errors.h"
#include "libyuv/convert.h"
#include "libyuv/convert_argb.h"
#include "libyuv/convert_from.h"
#include "libyuv/planar_functions.h"

namespace rtcn {
namespace {

bool IsI420(const webrtc::VideoFrameBuffer& buffer) { return buffer.type() == webrtc::VideoFrameBuffer::Type::kI420; }
bool IsNV12(const webrtc::VideoFrameBuffer& buffer) { return buffer.type() == webrtc::VideoFrameBuffer::Type::kNV12; }

// Bytes of a plane of rows rows: the last row only needs its own width.
uint64_t PlaneBytes(int stride, int row_bytes, int rows) {
  return static_cast<uint64_t>(stride) * static_cast<uint64_t>(rows - 1) + static_cast<uint64_t>(row_bytes);
}

}  // namespace

rtc::scoped_refptr<webrtc::VideoFrameBuffer> VideoFrameHandle::Readable(
    rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer) {
  if (!buffer) return nullptr;
  if (IsI420(*buffer) || IsNV12(*buffer)) return buffer;
  rtc::scoped_refptr<webrtc::I420BufferInterface> i420 = buffer->ToI420();
  return i420;
}

VideoFrameHandle* VideoFrameHandle::Wrap(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer, int64_t timestamp_us) {
  buffer = Readable(std::move(buffer));
  if (!buffer) return nullptr;
  return new VideoFrameHandle(std::move(buffer), timestamp_us, false);
}

VideoFrameHandle* VideoFrameHandle::CreateEmpty() { return new VideoFrameHandle(nullptr, 0, false); }

void VideoFrameHandle::Reset(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer, int64_t timestamp_us,
                             bool writable) {
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> old;  // released after the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    old = std::move(buffer_);
    buffer_ = std::move(buffer);
    writable_ = writable;
  }
  timestamp_us_.store(timestamp_us);
}

rtc::scoped_refptr<webrtc::VideoFrameBuffer> VideoFrameHandle::buffer() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return buffer_;
}

VideoFrameHandle* VideoFrameHandle::CreateI420(int width, int height, int64_t timestamp_us) {
  rtc::scoped_refptr<webrtc::I420Buffer> buffer = webrtc::I420Buffer::Create(width, height);
  libyuv::I420Rect(buffer->MutableDataY(), buffer->StrideY(), buffer->MutableDataU(), buffer->StrideU(),
                   buffer->MutableDataV(), buffer->StrideV(), 0, 0, width, height, 16, 128, 128);
  return new VideoFrameHandle(buffer, timestamp_us, true);
}

rtc::scoped_refptr<webrtc::I420Buffer> VideoFrameHandle::MutableI420() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!writable_ || !buffer_) return nullptr;
  return rtc::scoped_refptr<webrtc::I420Buffer>(static_cast<webrtc::I420Buffer*>(buffer_.get()));
}

rtcn_video_frame_info VideoFrameHandle::Info() const {
  rtcn_video_frame_info info;
  std::memset(&info, 0, sizeof info);
  info.timestamp_us = timestamp_us_.load();
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    buffer = buffer_;
    info.writable = writable_ ? 1 : 0;
  }
  if (!buffer) return info;  // no picture: 0x0, no planes (format I420)
  const int w = buffer->width();
  const int h = buffer->height();
  const int cw = (w + 1) / 2;
  const int ch = (h + 1) / 2;
  info.width = w;
  info.height = h;
  if (IsNV12(*buffer)) {
    const webrtc::NV12BufferInterface* nv12 = buffer->GetNV12();
    info.format = RTCN_VIDEO_PIXEL_FORMAT_NV12;
    info.plane_count = 2;
    info.data0 = const_cast<uint8_t*>(nv12->DataY());
    info.data1 = const_cast<uint8_t*>(nv12->DataUV());
    info.stride0 = nv12->StrideY();
    info.stride1 = nv12->StrideUV();
    info.size0 = PlaneBytes(info.stride0, w, h);
    info.size1 = PlaneBytes(info.stride1, cw * 2, ch);
  } else {
    const webrtc::I420BufferInterface* i420 = buffer->GetI420();
    info.format = RTCN_VIDEO_PIXEL_FORMAT_I420;
    info.plane_count = 3;
    info.data0 = const_cast<uint8_t*>(i420->DataY());
    info.data1 = const_cast<uint8_t*>(i420->DataU());
    info.data2 = const_cast<uint8_t*>(i420->DataV());
    info.stride0 = i420->StrideY();
    info.stride1 = i420->StrideU();
    info.stride2 = i420->StrideV();
    info.size0 = PlaneBytes(info.stride0, w, h);
    info.size1 = PlaneBytes(info.stride1, cw, ch);
    info.size2 = PlaneBytes(info.stride2, cw, ch);
  }
  return info;
}

uint64_t VideoFrameHandle::CopySize(int width, int height, rtcn_video_pixel_format format) {
  const uint64_t w = static_cast<uint64_t>(width);
  const uint64_t h = static_cast<uint64_t>(height);
  const uint64_t cw = (w + 1) / 2;
  const uint64_t ch = (h + 1) / 2;
  switch (format) {
    case RTCN_VIDEO_PIXEL_FORMAT_I420:
    case RTCN_VIDEO_PIXEL_FORMAT_NV12:
      return w * h + 2 * cw * ch;
    case RTCN_VIDEO_PIXEL_FORMAT_RGBA:
    case RTCN_VIDEO_PIXEL_FORMAT_BGRA:
    case RTCN_VIDEO_PIXEL_FORMAT_ARGB:
      return w * h * 4;
  }
  return 0;
}

rtcn_status VideoFrameHandle::CopyTo(rtcn_video_pixel_format format, uint8_t* out, uint64_t capacity,
                                     int32_t stride) const {
  const rtc::scoped_refptr<webrtc::VideoFrameBuffer> picture = buffer();  // a snapshot
  if (!picture) return Fail(RTCN_ERROR_INVALID_STATE, "rtcn_video_frame_copy_to: the frame holds no picture");
  const int w = picture->width();
  const int h = picture->height();
  const int cw = (w + 1) / 2;
  const int ch = (h + 1) / 2;
  const bool packed = format == RTCN_VIDEO_PIXEL_FORMAT_RGBA || format == RTCN_VIDEO_PIXEL_FORMAT_BGRA ||
                      format == RTCN_VIDEO_PIXEL_FORMAT_ARGB;
  uint64_t needed;
  if (packed) {
    if (stride == 0) stride = w * 4;
    if (stride < w * 4)
      return Fail(RTCN_ERROR_INVALID_ARGUMENT, "rtcn_video_frame_copy_to: stride " + std::to_string(stride) +
                                                   " is less than the row's " + std::to_string(w * 4) + " bytes");
    needed = PlaneBytes(stride, w * 4, h);
  } else {
    needed = CopySize(w, h, format);
  }
  if (capacity < needed)
    return Fail(RTCN_ERROR_INVALID_ARGUMENT, "rtcn_video_frame_copy_to: the buffer holds " + std::to_string(capacity) +
                                                 " bytes, the frame needs " + std::to_string(needed));
  int result = 0;
  if (format == RTCN_VIDEO_PIXEL_FORMAT_NV12) {
    uint8_t* y = out;
    uint8_t* uv = out + static_cast<size_t>(w) * h;
    if (IsNV12(*picture)) {
      const webrtc::NV12BufferInterface* nv12 = picture->GetNV12();
      libyuv::CopyPlane(nv12->DataY(), nv12->StrideY(), y, w, w, h);
      libyuv::CopyPlane(nv12->DataUV(), nv12->StrideUV(), uv, cw * 2, cw * 2, ch);
    } else {
      const webrtc::I420BufferInterface* i420 = picture->GetI420();
      result = libyuv::I420ToNV12(i420->DataY(), i420->StrideY(), i420->DataU(), i420->StrideU(), i420->DataV(),
                                  i420->StrideV(), y, w, uv, cw * 2, w, h);
    }
  } else {
    // Every other target starts from I420 (NV12 sources are converted first).
    rtc::scoped_refptr<webrtc::I420BufferInterface> i420_ref;
    const webrtc::I420BufferInterface* i420;
    if (IsNV12(*picture)) {
      i420_ref = picture->ToI420();
      if (!i420_ref) return Fail(RTCN_ERROR_INTERNAL, "rtcn_video_frame_copy_to: NV12 to I420 conversion failed");
      i420 = i420_ref.get();
    } else {
      i420 = picture->GetI420();
    }
    switch (format) {
      case RTCN_VIDEO_PIXEL_FORMAT_I420: {
        uint8_t* y = out;
        uint8_t* u = y + static_cast<size_t>(w) * h;
        uint8_t* v = u + static_cast<size_t>(cw) * ch;
        result = libyuv::I420Copy(i420->DataY(), i420->StrideY(), i420->DataU(), i420->StrideU(), i420->DataV(),
                                  i420->StrideV(), y, w, u, cw, v, cw, w, h);
        break;
      }
      // Formats are named by byte order; libyuv names them by 32-bit word order (little endian).
      case RTCN_VIDEO_PIXEL_FORMAT_RGBA:
        result = libyuv::I420ToABGR(i420->DataY(), i420->StrideY(), i420->DataU(), i420->StrideU(), i420->DataV(),
                                    i420->StrideV(), out, stride, w, h);
        break;
      case RTCN_VIDEO_PIXEL_FORMAT_BGRA:
        result = libyuv::I420ToARGB(i420->DataY(), i420->StrideY(), i420->DataU(), i420->StrideU(), i420->DataV(),
                                    i420->StrideV(), out, stride, w, h);
        break;
      case RTCN_VIDEO_PIXEL_FORMAT_ARGB:
        result = libyuv::I420ToBGRA(i420->DataY(), i420->StrideY(), i420->DataU(), i420->StrideU(), i420->DataV(),
                                    i420->StrideV(), out, stride, w, h);
        break;
      default:
        return Fail(RTCN_ERROR_INVALID_ARGUMENT, "rtcn_video_frame_copy_to: unknown pixel format");
    }
  }
  if (result != 0) return Fail(RTCN_ERROR_INTERNAL, "rtcn_video_frame_copy_to: libyuv conversion failed");
  return RTCN_OK;
}

AudioDataHandle* AudioDataHandle::Create(const int16_t* samples, int sample_rate, int channels, int frames,
                                         int64_t timestamp_us) {
  auto* data = new AudioDataHandle();
  data->samples_.assign(samples, samples + static_cast<size_t>(frames) * channels);
  data->sample_rate_ = sample_rate;
  data->channels_ = channels;
  data->frames_ = frames;
  data->timestamp_us_ = timestamp_us;
  return data;
}

AudioDataHandle* AudioDataHandle::CreateSilent(int sample_rate, int channels, int frames, int64_t timestamp_us) {
  auto* data = new AudioDataHandle();
  data->samples_.assign(static_cast<size_t>(frames) * channels, 0);
  data->sample_rate_ = sample_rate;
  data->channels_ = channels;
  data->frames_ = frames;
  data->timestamp_us_ = timestamp_us;
  return data;
}

void AudioDataHandle::TakeFrom(AudioDataHandle* other) {
  // Two handles' locks, always taken destination first: other is a queued chunk no embedder
  // holds, so no other thread takes them the other way round.
  std::scoped_lock lock(mutex_, other->mutex_);
  samples_.swap(other->samples_);
  sample_rate_ = other->sample_rate_;
  channels_ = other->channels_;
  frames_ = other->frames_;
  timestamp_us_ = other->timestamp_us_;
}

rtcn_audio_data_info AudioDataHandle::Info() const {
  std::lock_guard<std::mutex> lock(mutex_);
  rtcn_audio_data_info info;
  info.sample_rate = sample_rate_;
  info.channel_count = channels_;
  info.frame_count = frames_;
  info.timestamp_us = timestamp_us_;
  info.samples = samples_.data();
  return info;
}

}  // namespace rtcn
