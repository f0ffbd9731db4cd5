#include "core/media/media_source.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <type_traits>

#include "api/video/i420_buffer.h"
#include "api/video/video_frame.h"
#include "core/errors.h"
#include "core/media/media_track.h"
#include "core/media/test_pattern.h"
#include "core/media/video_frame.h"
#include "core/runtime.h"
#include "libyuv/convert.h"
#include "libyuv/planar_functions.h"
#include "rtc_base/time_utils.h"
#include "system_wrappers/include/clock.h"

namespace rtcn {
namespace {

constexpr size_t kPoolBuffers = 48;

rtcn_status Ended(const char* what) {
  return Fail(RTCN_ERROR_INVALID_STATE, std::string("InvalidStateError: the ") + what + " was released");
}

rtcn_status NoPicture(const char* fn) {
  return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(fn) + ": the frame holds no picture");
}

uint64_t PlaneBytes(int stride, int row_bytes, int rows) {
  return static_cast<uint64_t>(stride) * static_cast<uint64_t>(rows - 1) + static_cast<uint64_t>(row_bytes);
}

// Checks one plane of rtcn_video_planes; empty string when fine.
std::string CheckPlane(const char* name, const uint8_t* data, int stride, uint64_t size, int row_bytes, int rows) {
  const std::string n(name);
  if (data == nullptr) return "data" + n + " is NULL";
  if (stride < row_bytes)
    return "stride" + n + " " + std::to_string(stride) + " is less than the row's " + std::to_string(row_bytes) +
           " bytes";
  const uint64_t needed = PlaneBytes(stride, row_bytes, rows);
  if (size < needed)
    return "plane " + n + " has " + std::to_string(size) + " bytes, " + std::to_string(rows) + " rows of stride " +
           std::to_string(stride) + " need " + std::to_string(needed);
  return std::string();
}

}  // namespace

// ---- FrameRateMeter ----------------------------------------------------------------------

void FrameRateMeter::Tick(int64_t now_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  times_.push_back(now_us);
  while (!times_.empty() && times_.front() < now_us - 1000000) times_.pop_front();
}

double FrameRateMeter::Rate(int64_t now_us) {
  std::lock_guard<std::mutex> lock(mutex_);
  while (!times_.empty() && times_.front() < now_us - 1000000) times_.pop_front();
  if (times_.size() < 2) return times_.empty() ? 0.0 : -1.0;
  const int64_t span = times_.back() - times_.front();
  if (span <= 0) return -1.0;
  // Frames per second over the window: intervals / their span (exact for steady rates).
  return static_cast<double>(times_.size() - 1) * 1e6 / static_cast<double>(span);
}

// ---- PeriodicThread ----------------------------------------------------------------------

void PeriodicThread::Start(int64_t period_us, std::function<void()> tick) {
  Stop();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = false;
  }
  thread_ = std::thread([this, period_us, tick = std::move(tick)] {
    using Clock = std::chrono::steady_clock;
    const auto period = std::chrono::microseconds(period_us);
    auto next = Clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      lock.unlock();
      tick();
      next += period;
      const auto now = Clock::now();
      if (now - next > std::chrono::milliseconds(200)) next = now;  // after a stall: no burst
      lock.lock();
      cv_.wait_until(lock, next, [this] { return stop_; });
    }
  });
}

void PeriodicThread::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();
  } else {
    thread_.join();
  }
}

// ---- MediaSource -------------------------------------------------------------------------

MediaSource::MediaSource(Runtime* runtime, rtcn_media_kind kind) : runtime_(runtime), kind_(kind) {
  runtime_->AddRef();
}

MediaSource::~MediaSource() { runtime_->Release(); }

void MediaSource::AddTrack(MediaTrack* track) {
  std::lock_guard<std::mutex> lock(tracks_mutex_);
  tracks_.push_back(track);
}

void MediaSource::RemoveTrack(MediaTrack* track) {
  std::lock_guard<std::mutex> lock(tracks_mutex_);
  tracks_.erase(std::remove(tracks_.begin(), tracks_.end(), track), tracks_.end());
}

bool MediaSource::EndSource() {
  if (ended_.exchange(true)) return false;
  StopDrivers();
  {
    // Under the lock: a track being destroyed waits in RemoveTrack, so each one listed is
    // still there while it ends.
    std::lock_guard<std::mutex> lock(tracks_mutex_);
    for (MediaTrack* track : tracks_) track->End();
  }
  EndLibwebrtcSource();
  return true;
}

void MediaSource::ReleaseHandle() {
  EndSource();
  Release();
}

// ---- Video -------------------------------------------------------------------------------

void GeneratorVideoTrackSource::Deliver(const webrtc::VideoFrame& frame) {
  int adapted_width, adapted_height, crop_width, crop_height, crop_x, crop_y;
  if (!AdaptFrame(frame.width(), frame.height(), frame.timestamp_us(), &adapted_width, &adapted_height, &crop_width,
                  &crop_height, &crop_x, &crop_y)) {
    return;  // no sink, or the adapter drops this frame (a sink's frame rate limit)
  }
  if (adapted_width == frame.width() && adapted_height == frame.height() && crop_width == frame.width() &&
      crop_height == frame.height()) {
    OnFrame(frame);
    return;
  }
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> scaled = frame.video_frame_buffer()->CropAndScale(
      crop_x, crop_y, crop_width, crop_height, adapted_width, adapted_height);
  if (!scaled) return;
  OnFrame(webrtc::VideoFrame::Builder()
              .set_video_frame_buffer(scaled)
              .set_timestamp_us(frame.timestamp_us())
              .set_ntp_time_ms(frame.ntp_time_ms())
              .build());
}

VideoGenerator::VideoGenerator(Runtime* runtime)
    : MediaSource(runtime, RTCN_MEDIA_KIND_VIDEO),
      source_(rtc::make_ref_counted<GeneratorVideoTrackSource>()),
      pool_(false, kPoolBuffers) {}

VideoGenerator::~VideoGenerator() { pattern_.Stop(); }

rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> VideoGenerator::CreateTrack(const std::string& id) {
  return runtime_->factory()->CreateVideoTrack(id, source_.get());
}

void VideoGenerator::FillSettings(rtcn_media_track_settings* settings) {
  settings->width = width_.load();
  settings->height = height_.load();
  settings->frame_rate = width_.load() < 0 ? -1.0 : meter_.Rate(rtc::TimeMicros());
  settings->sample_rate = -1;
  settings->channel_count = -1;
}

rtc::scoped_refptr<webrtc::I420Buffer> VideoGenerator::PooledI420(int width, int height) {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    rtc::scoped_refptr<webrtc::I420Buffer> buffer = pool_.CreateI420Buffer(width, height);
    if (buffer) return buffer;
  }
  // Every pooled buffer is still in use (queued in sinks or encoders): a fresh one.
  return webrtc::I420Buffer::Create(width, height);
}

rtcn_status VideoGenerator::Deliver(rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer, int64_t timestamp_us) {
  if (ended()) return Ended("video source");
  width_.store(buffer->width());
  height_.store(buffer->height());
  const int64_t now_us = rtc::TimeMicros();
  meter_.Tick(now_us);
  source_->Deliver(webrtc::VideoFrame::Builder()
                       .set_video_frame_buffer(buffer)
                       .set_timestamp_us(timestamp_us)
                       .set_ntp_time_ms(CaptureNtpMs(timestamp_us, now_us))
                       .build());
  return RTCN_OK;
}

// The embedder's timestamps may start anywhere (0, a media clock, a capture clock). libwebrtc's
// encoder takes a frame's capture time from its timestamp unless it carries an NTP time, and
// drops every frame whose capture time is not later than the previous one (so frames stamped
// from 0 after a while of real time would all be dropped, e.g. after replaceTrack). So the
// caller's spacing is kept on the local clock: anchored at the first frame, re-anchored when the
// caller's clock jumps (backwards, or more than 5 s away from now), and never running backwards.
int64_t VideoGenerator::CaptureNtpMs(int64_t timestamp_us, int64_t now_us) {
  std::lock_guard<std::mutex> lock(clock_mutex_);
  int64_t capture_us = timestamp_us + clock_offset_us_;
  if (!clock_anchored_ || capture_us <= last_capture_us_ || capture_us > now_us + 5'000'000 ||
      capture_us < now_us - 5'000'000) {
    clock_offset_us_ = now_us - timestamp_us;
    capture_us = now_us;
    clock_anchored_ = true;
  }
  if (capture_us <= last_capture_us_) capture_us = last_capture_us_ + 1000;
  last_capture_us_ = capture_us;
  if (ntp_delta_ms_ == 0) {
    webrtc::Clock* clock = webrtc::Clock::GetRealTimeClock();
    ntp_delta_ms_ = clock->CurrentNtpInMilliseconds() - clock->TimeInMilliseconds();
  }
  return capture_us / 1000 + ntp_delta_ms_;
}

rtcn_status VideoGenerator::WriteFrame(VideoFrameHandle* frame) {
  if (ended()) return Ended("video source");
  const rtc::scoped_refptr<webrtc::VideoFrameBuffer> picture = frame->buffer();
  if (!picture) return NoPicture("rtcn_video_source_write_frame");
  const webrtc::VideoFrameBuffer& source = *picture;
  rtc::scoped_refptr<webrtc::I420Buffer> copy = PooledI420(source.width(), source.height());
  int result;
  if (source.type() == webrtc::VideoFrameBuffer::Type::kNV12) {
    const webrtc::NV12BufferInterface* nv12 = source.GetNV12();
    result = libyuv::NV12ToI420(nv12->DataY(), nv12->StrideY(), nv12->DataUV(), nv12->StrideUV(), copy->MutableDataY(),
                                copy->StrideY(), copy->MutableDataU(), copy->StrideU(), copy->MutableDataV(),
                                copy->StrideV(), source.width(), source.height());
  } else {
    const webrtc::I420BufferInterface* i420 = source.GetI420();
    result = libyuv::I420Copy(i420->DataY(), i420->StrideY(), i420->DataU(), i420->StrideU(), i420->DataV(),
                              i420->StrideV(), copy->MutableDataY(), copy->StrideY(), copy->MutableDataU(),
                              copy->StrideU(), copy->MutableDataV(), copy->StrideV(), source.width(), source.height());
  }
  if (result != 0) return Fail(RTCN_ERROR_INTERNAL, "rtcn_video_source_write_frame: libyuv copy failed");
  return Deliver(copy, frame->timestamp_us());
}

rtcn_status VideoGenerator::SubmitFrame(VideoFrameHandle* frame) {
  if (ended()) return Ended("video source");
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> picture = frame->buffer();
  if (!picture) return NoPicture("rtcn_video_source_submit_frame");
  return Deliver(std::move(picture), frame->timestamp_us());
}

rtcn_status VideoGenerator::SubmitFrameRenew(VideoFrameHandle* frame) {
  if (ended()) return Ended("video source");
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> picture = frame->buffer();
  if (!picture) return NoPicture("rtcn_video_source_submit_frame_renew");
  const int width = picture->width();
  const int height = picture->height();
  const int64_t timestamp_us = frame->timestamp_us();
  // The frame takes a writable buffer of the same size first (from the pool: one the encoder and
  // the sinks released), so the one delivered is referenced by libwebrtc's side only.
  frame->Reset(PooledI420(width, height), timestamp_us, true);
  return Deliver(std::move(picture), timestamp_us);
}

rtcn_status VideoGenerator::WritePlanes(const rtcn_video_planes& p, int64_t timestamp_us) {
  static const char* const kFn = "rtcn_video_source_write_planes: ";
  if (p.width < 1 || p.width > RTCN_VIDEO_MAX_DIMENSION || p.height < 1 || p.height > RTCN_VIDEO_MAX_DIMENSION)
    return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(kFn) + "the size " + std::to_string(p.width) + "x" +
                                                 std::to_string(p.height) + " is outside 1.." +
                                                 std::to_string(RTCN_VIDEO_MAX_DIMENSION));
  const int w = p.width;
  const int h = p.height;
  const int cw = (w + 1) / 2;
  const int ch = (h + 1) / 2;
  std::string problem;
  switch (p.format) {
    case RTCN_VIDEO_PIXEL_FORMAT_I420:
      problem = CheckPlane("0", p.data0, p.stride0, p.size0, w, h);
      if (problem.empty()) problem = CheckPlane("1", p.data1, p.stride1, p.size1, cw, ch);
      if (problem.empty()) problem = CheckPlane("2", p.data2, p.stride2, p.size2, cw, ch);
      break;
    case RTCN_VIDEO_PIXEL_FORMAT_NV12:
      problem = CheckPlane("0", p.data0, p.stride0, p.size0, w, h);
      if (problem.empty()) problem = CheckPlane("1", p.data1, p.stride1, p.size1, cw * 2, ch);
      break;
    case RTCN_VIDEO_PIXEL_FORMAT_RGBA:
    case RTCN_VIDEO_PIXEL_FORMAT_BGRA:
    case RTCN_VIDEO_PIXEL_FORMAT_ARGB:
      problem = CheckPlane("0", p.data0, p.stride0, p.size0, w * 4, h);
      break;
    default:
      return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(kFn) + "unknown pixel format " +
                                                   std::to_string(static_cast<int>(p.format)));
  }
  if (!problem.empty()) return Fail(RTCN_ERROR_INVALID_ARGUMENT, kFn + problem);
  if (ended()) return Ended("video source");
  rtc::scoped_refptr<webrtc::I420Buffer> out = PooledI420(w, h);
  uint8_t* y = out->MutableDataY();
  uint8_t* u = out->MutableDataU();
  uint8_t* v = out->MutableDataV();
  const int sy = out->StrideY();
  const int su = out->StrideU();
  const int sv = out->StrideV();
  int result = -1;
  switch (p.format) {
    case RTCN_VIDEO_PIXEL_FORMAT_I420:
      result = libyuv::I420Copy(p.data0, p.stride0, p.data1, p.stride1, p.data2, p.stride2, y, sy, u, su, v, sv, w, h);
      break;
    case RTCN_VIDEO_PIXEL_FORMAT_NV12:
      result = libyuv::NV12ToI420(p.data0, p.stride0, p.data1, p.stride1, y, sy, u, su, v, sv, w, h);
      break;
    // Byte-order names (WebCodecs) versus libyuv's little-endian word names.
    case RTCN_VIDEO_PIXEL_FORMAT_RGBA:
      result = libyuv::ABGRToI420(p.data0, p.stride0, y, sy, u, su, v, sv, w, h);
      break;
    case RTCN_VIDEO_PIXEL_FORMAT_BGRA:
      result = libyuv::ARGBToI420(p.data0, p.stride0, y, sy, u, su, v, sv, w, h);
      break;
    case RTCN_VIDEO_PIXEL_FORMAT_ARGB:
      result = libyuv::BGRAToI420(p.data0, p.stride0, y, sy, u, su, v, sv, w, h);
      break;
  }
  if (result != 0) return Fail(RTCN_ERROR_INTERNAL, std::string(kFn) + "libyuv conversion failed");
  return Deliver(out, timestamp_us);
}

rtcn_status VideoGenerator::StartTestPattern(int width, int height, double frame_rate) {
  std::lock_guard<std::mutex> lock(driver_mutex_);
  if (ended()) return Ended("video source");
  pattern_.Stop();
  pattern_width_.store(width);
  pattern_height_.store(height);
  const int64_t period_us = std::max<int64_t>(1, static_cast<int64_t>(std::llround(1e6 / frame_rate)));
  pattern_.Start(period_us, [this] { PatternTick(); });
  return RTCN_OK;
}

rtcn_status VideoGenerator::StopTestPattern() {
  std::lock_guard<std::mutex> lock(driver_mutex_);
  pattern_.Stop();
  return RTCN_OK;
}

void VideoGenerator::PatternTick() {
  const int w = pattern_width_.load();
  const int h = pattern_height_.load();
  rtc::scoped_refptr<webrtc::I420Buffer> buffer = PooledI420(w, h);
  const uint32_t counter = pattern_counter_.fetch_add(1);
  const uint32_t time_ms = static_cast<uint32_t>(rtc::TimeMillis());
  DrawTestPattern(buffer->MutableDataY(), buffer->StrideY(), buffer->MutableDataU(), buffer->StrideU(),
                  buffer->MutableDataV(), buffer->StrideV(), w, h, counter, time_ms);
  Deliver(buffer, rtc::TimeMicros());
}

void VideoGenerator::StopDrivers() {
  std::lock_guard<std::mutex> lock(driver_mutex_);
  pattern_.Stop();
}

void VideoGenerator::EndLibwebrtcSource() {
  source_->SetEnded();
  // libwebrtc's tracks observe their source on the signaling thread (they end with it).
  runtime_->signaling_thread()->PostTask([source = source_] { source->NotifyChanged(); });
}

// ---- Audio -------------------------------------------------------------------------------

void GeneratorAudioSource::Deliver(const int16_t* samples, int sample_rate, int channels, int frames) {
  std::lock_guard<std::mutex> lock(sinks_mutex_);
  for (webrtc::AudioTrackSinkInterface* sink : sinks_) {
    sink->OnData(samples, 16, sample_rate, static_cast<size_t>(channels), static_cast<size_t>(frames), absl::nullopt);
  }
}

void GeneratorAudioSource::AddSink(webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard<std::mutex> lock(sinks_mutex_);
  if (std::find(sinks_.begin(), sinks_.end(), sink) == sinks_.end()) sinks_.push_back(sink);
}

void GeneratorAudioSource::RemoveSink(webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard<std::mutex> lock(sinks_mutex_);
  sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), sink), sinks_.end());
}

AudioGenerator::AudioGenerator(Runtime* runtime, int sample_rate, int channels)
    : MediaSource(runtime, RTCN_MEDIA_KIND_AUDIO),
      source_(rtc::make_ref_counted<GeneratorAudioSource>()),
      sample_rate_(sample_rate),
      channels_(channels),
      chunk_frames_(sample_rate / 100),
      chunk_(static_cast<size_t>(sample_rate / 100) * channels),
      tone_chunk_(static_cast<size_t>(sample_rate / 100) * channels) {}

AudioGenerator::~AudioGenerator() { tone_.Stop(); }

rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> AudioGenerator::CreateTrack(const std::string& id) {
  return runtime_->factory()->CreateAudioTrack(id, source_.get());
}

void AudioGenerator::FillSettings(rtcn_media_track_settings* settings) {
  settings->width = -1;
  settings->height = -1;
  settings->frame_rate = -1;
  settings->sample_rate = sample_rate_;
  settings->channel_count = channels_;
}

template <class Sample, class Convert>
rtcn_status AudioGenerator::WriteSamples(const Sample* samples, uint64_t sample_count, Convert convert) {
  std::lock_guard<std::mutex> lock(write_mutex_);
  if (ended()) return Ended("audio source");
  const size_t chunk_samples = chunk_.size();
  uint64_t offset = 0;
  // Whole chunks straight from the caller's samples when nothing is pending and no conversion is needed.
  while (offset < sample_count) {
    if constexpr (std::is_same_v<Sample, int16_t>) {
      if (chunk_fill_ == 0 && sample_count - offset >= chunk_samples) {
        source_->Deliver(samples + offset, sample_rate_, channels_, chunk_frames_);
        offset += chunk_samples;
        continue;
      }
    }
    const size_t take = static_cast<size_t>(std::min<uint64_t>(chunk_samples - chunk_fill_, sample_count - offset));
    for (size_t i = 0; i < take; ++i) chunk_[chunk_fill_ + i] = convert(samples[offset + i]);
    chunk_fill_ += take;
    offset += take;
    if (chunk_fill_ == chunk_samples) {
      source_->Deliver(chunk_.data(), sample_rate_, channels_, chunk_frames_);
      chunk_fill_ = 0;
    }
  }
  return RTCN_OK;
}

rtcn_status AudioGenerator::Write(const int16_t* samples, uint64_t sample_count) {
  return WriteSamples(samples, sample_count, [](int16_t s) { return s; });
}

rtcn_status AudioGenerator::WriteFloat(const float* samples, uint64_t sample_count) {
  return WriteSamples(samples, sample_count, [](float s) {
    if (!(s == s)) return static_cast<int16_t>(0);  // NaN
    const float clamped = std::min(1.0f, std::max(-1.0f, s));
    return static_cast<int16_t>(std::lrint(clamped * 32767.0f));
  });
}

rtcn_status AudioGenerator::StartTone(double frequency, double amplitude) {
  std::lock_guard<std::mutex> lock(driver_mutex_);
  if (ended()) return Ended("audio source");
  {
    std::lock_guard<std::mutex> tone_lock(tone_mutex_);
    tone_frequency_ = frequency;
    tone_amplitude_ = amplitude;
  }
  // A running tone changes at its next chunk (continuous phase); otherwise start the driver.
  if (!tone_running_) {
    tone_.Start(10000, [this] { ToneTick(); });
    tone_running_ = true;
  }
  return RTCN_OK;
}

rtcn_status AudioGenerator::StopTone() {
  std::lock_guard<std::mutex> lock(driver_mutex_);
  tone_.Stop();
  tone_running_ = false;
  return RTCN_OK;
}

void AudioGenerator::ToneTick() {
  double frequency, amplitude;
  {
    std::lock_guard<std::mutex> tone_lock(tone_mutex_);
    frequency = tone_frequency_;
    amplitude = tone_amplitude_;
  }
  const double step = 2.0 * M_PI * frequency / sample_rate_;
  const double scale = amplitude * 32767.0;
  for (int i = 0; i < chunk_frames_; ++i) {
    const int16_t s = static_cast<int16_t>(std::lrint(scale * std::sin(tone_phase_)));
    for (int c = 0; c < channels_; ++c) tone_chunk_[static_cast<size_t>(i) * channels_ + c] = s;
    tone_phase_ += step;
    if (tone_phase_ >= 2.0 * M_PI) tone_phase_ -= 2.0 * M_PI;
  }
  Write(tone_chunk_.data(), tone_chunk_.size());
}

void AudioGenerator::StopDrivers() {
  std::lock_guard<std::mutex> lock(driver_mutex_);
  tone_.Stop();
  tone_running_ = false;
}

void AudioGenerator::EndLibwebrtcSource() {
  source_->SetEnded();
  runtime_->signaling_thread()->PostTask([source = source_] { source->NotifyChanged(); });
}

}  // namespace rtcn
