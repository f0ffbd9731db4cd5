#include "core/devices/camera_source.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/errors.h"
#include "core/runtime.h"
#include "modules/video_capture/video_capture_factory.h"
#include "rtc_base/time_utils.h"

namespace rtcn {

CameraSource* CameraSource::Open(Runtime* runtime, const std::string& unique_id, const std::string& name,
                                 const rtcn_video_capture_format& format, rtcn_status* status) {
  rtc::scoped_refptr<webrtc::VideoCaptureModule> module = webrtc::VideoCaptureFactory::Create(unique_id.c_str());
  if (!module) {
    *status = Fail(RTCN_ERROR_NOT_FOUND, "NotFoundError: no camera with the unique id \"" + unique_id + "\"");
    return nullptr;
  }
  auto* source = new CameraSource(runtime, name, std::move(module));
  bool started;
  {
    std::lock_guard<std::mutex> lock(source->capture_mutex_);
    started = source->Start(format);
  }
  if (!started) {
    source->ReleaseHandle();
    *status = Fail(RTCN_ERROR_NOT_READABLE, "NotReadableError: the camera \"" + name + "\" could not be started in " +
                                             std::to_string(format.width) + "x" + std::to_string(format.height) +
                                             "@" + std::to_string(format.max_fps));
    return nullptr;
  }
  *status = RTCN_OK;
  return source;
}

CameraSource::CameraSource(Runtime* runtime, std::string name, rtc::scoped_refptr<webrtc::VideoCaptureModule> module)
    : MediaSource(runtime, RTCN_MEDIA_KIND_VIDEO),
      name_(std::move(name)),
      source_(rtc::make_ref_counted<GeneratorVideoTrackSource>()),
      module_(std::move(module)) {}

CameraSource::~CameraSource() { StopDrivers(); }

rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> CameraSource::CreateTrack(const std::string& id) {
  return runtime_->factory()->CreateVideoTrack(id, source_.get());
}

void CameraSource::FillSettings(rtcn_media_track_settings* settings) {
  settings->width = output_width_.load();
  settings->height = output_height_.load();
  settings->frame_rate = meter_.Rate(rtc::TimeMicros());
  settings->sample_rate = -1;
  settings->channel_count = -1;
}

// Under capture_mutex_.
bool CameraSource::Start(const rtcn_video_capture_format& format) {
  if (!module_) return false;
  webrtc::VideoCaptureCapability capability;
  capability.width = format.width;
  capability.height = format.height;
  capability.maxFPS = format.max_fps;
  // The raw format: libwebrtc's V4L2 module picks the first the device supports from its own
  // preference list, so the type given here is only a hint.
  capability.videoType = webrtc::VideoType::kI420;
  module_->DeRegisterCaptureDataCallback();
  if (module_->CaptureStarted()) module_->StopCapture();
  output_width_.store(format.output_width > 0 ? format.output_width : format.width);
  output_height_.store(format.output_height > 0 ? format.output_height : format.height);
  const double rate = format.output_frame_rate > 0 ? format.output_frame_rate : 0;
  output_interval_us_.store(rate > 0 && rate < format.max_fps ? static_cast<int64_t>(std::llround(1e6 / rate)) : 0);
  module_->RegisterCaptureDataCallback(this);
  if (module_->StartCapture(capability) != 0) {
    module_->DeRegisterCaptureDataCallback();
    return false;
  }
  format_ = format;
  return true;
}

rtcn_status CameraSource::SetFormat(const rtcn_video_capture_format& format) {
  std::lock_guard<std::mutex> lock(capture_mutex_);
  if (ended() || !module_) return Fail(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the camera was released");
  const rtcn_video_capture_format previous = format_;
  if (Start(format)) return RTCN_OK;
  Start(previous);
  return Fail(RTCN_ERROR_NOT_READABLE, "NotReadableError: the camera \"" + name_ + "\" could not be started in " +
                                        std::to_string(format.width) + "x" + std::to_string(format.height) + "@" +
                                        std::to_string(format.max_fps));
}

void CameraSource::OnFrame(const webrtc::VideoFrame& frame) {
  if (ended()) return;
  const int64_t now_us = rtc::TimeMicros();
  // Frame-rate decimation: keep a frame per output interval (a little early is fine, so a 30 fps
  // camera asked for 15 keeps every second frame despite jitter).
  const int64_t interval = output_interval_us_.load();
  if (interval > 0) {
    if (now_us < next_frame_us_ - interval / 4) return;
    // After a gap (or at the first frame) the schedule restarts from now.
    next_frame_us_ = now_us - next_frame_us_ > interval ? now_us + interval : next_frame_us_ + interval;
  }
  meter_.Tick(now_us);
  const int out_w = output_width_.load();
  const int out_h = output_height_.load();
  if (out_w <= 0 || out_h <= 0 || (out_w == frame.width() && out_h == frame.height())) {
    source_->Deliver(frame);
    return;
  }
  // Crop-and-scale: the centre of the frame at the output's aspect ratio, scaled to the output.
  int crop_w = frame.width();
  int crop_h = frame.height();
  if (static_cast<int64_t>(crop_w) * out_h > static_cast<int64_t>(crop_h) * out_w) {
    crop_w = static_cast<int>(static_cast<int64_t>(crop_h) * out_w / out_h);
  } else {
    crop_h = static_cast<int>(static_cast<int64_t>(crop_w) * out_h / out_w);
  }
  const int crop_x = (frame.width() - crop_w) / 2;
  const int crop_y = (frame.height() - crop_h) / 2;
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> scaled = frame.video_frame_buffer()->CropAndScale(
      crop_x, crop_y, crop_w, crop_h, std::min(out_w, crop_w), std::min(out_h, crop_h));
  if (!scaled) return;
  source_->Deliver(webrtc::VideoFrame::Builder()
                       .set_video_frame_buffer(scaled)
                       .set_timestamp_us(frame.timestamp_us())
                       .set_ntp_time_ms(frame.ntp_time_ms())
                       .set_rotation(frame.rotation())
                       .build());
}

void CameraSource::StopDrivers() {
  std::lock_guard<std::mutex> lock(capture_mutex_);
  if (!module_) return;
  module_->StopCapture();  // joins the capture thread: no OnFrame runs after this
  module_->DeRegisterCaptureDataCallback();
  module_ = nullptr;
}

void CameraSource::EndLibwebrtcSource() {
  source_->SetEnded();
  runtime_->signaling_thread()->PostTask([source = source_] { source->NotifyChanged(); });
}

}  // namespace rtcn
