// An open camera (rtcn_video_capture): libwebrtc's VideoCaptureModule for one V4L2 device,
// feeding a video track source like a VideoGenerator's, so a camera track is a normal local
// video track (senders, processors, clones).
//
// Threads: the module's capture thread calls OnFrame, which crops, scales and decimates to the
// output format and hands the frame to the source's sinks on that thread. Open, SetFormat and
// release are ABI calls from the embedder (StopCapture joins the capture thread; never called
// from a libwebrtc callback).
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "api/video/video_frame.h"
#include "api/video/video_sink_interface.h"
#include "core/media/media_source.h"
#include "modules/video_capture/video_capture.h"

namespace rtcn {

class CameraSource : public MediaSource, private rtc::VideoSinkInterface<webrtc::VideoFrame> {
 public:
  // Opens the device and starts it in `format` (checked by the caller). Null with the error set
  // ("NotFoundError" / "NotReadableError") when it cannot.
  static CameraSource* Open(Runtime* runtime, const std::string& unique_id, const std::string& name,
                            const rtcn_video_capture_format& format, rtcn_status* status);

  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> CreateTrack(const std::string& id) override;
  void FillSettings(rtcn_media_track_settings* settings) override;
  const char* label() const override { return name_.c_str(); }

  // Restarts the capture in another format; on failure the previous one is restarted.
  rtcn_status SetFormat(const rtcn_video_capture_format& format);

 protected:
  ~CameraSource() override;
  void StopDrivers() override;
  void EndLibwebrtcSource() override;

 private:
  CameraSource(Runtime* runtime, std::string name, rtc::scoped_refptr<webrtc::VideoCaptureModule> module);
  bool Start(const rtcn_video_capture_format& format);
  void OnFrame(const webrtc::VideoFrame& frame) override;

  const std::string name_;
  const rtc::scoped_refptr<GeneratorVideoTrackSource> source_;
  std::mutex capture_mutex_;  // start, stop, format changes
  rtc::scoped_refptr<webrtc::VideoCaptureModule> module_;  // under capture_mutex_; null once stopped
  rtcn_video_capture_format format_{};                     // under capture_mutex_
  // The output, read by the capture thread.
  std::atomic<int32_t> output_width_{0};
  std::atomic<int32_t> output_height_{0};
  std::atomic<int64_t> output_interval_us_{0};  // 0: every frame
  int64_t next_frame_us_ = 0;                   // capture thread only
  FrameRateMeter meter_;
};

}  // namespace rtcn
