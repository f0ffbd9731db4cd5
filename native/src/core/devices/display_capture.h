// A display capture source (rtcn_display_source): libwebrtc's X11 desktop capturer (screen or
// window) on an X display connection of its own, run by a native capture thread at a fixed
// rate. It is a VideoGenerator underneath, so its frames take the generator's path (I420
// conversion with libyuv, the capture clock, adaptation to the sinks' wants) and its tracks are
// ordinary local video tracks.
//
// Threads: the capturer is made and its first frame captured on the creating thread; after that
// only the capture thread touches it, until StopDrivers joined that thread. The capture thread
// never calls the embedder: when the source must end by itself (the window went away, every
// track was stopped) it posts that to libwebrtc's signaling thread, which ends the source and
// raises display_source_ended through the source's delivery queue.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/delivery_queue.h"
#include "core/media/media_source.h"
#include "modules/desktop_capture/desktop_capturer.h"
#if defined(WEBRTC_USE_X11)
#include "modules/desktop_capture/linux/x11/shared_x_display.h"
#endif
#include "rtcnative.h"

namespace rtcn {

struct DisplayCaptureOptions {
  std::string display;  // X display name; empty = $DISPLAY
  rtcn_display_surface surface = RTCN_DISPLAY_SURFACE_MONITOR;
  uint64_t window_id = 0;    // window: the X window id, or 0 to find one by title
  std::string window_title;  // window (window_id 0): a substring of the window's title
  double frame_rate = RTCN_DISPLAY_DEFAULT_FRAME_RATE;
};

class DisplayCapture : public VideoGenerator, private webrtc::DesktopCapturer::Callback {
 public:
  // Opens the display, makes and starts the capturer and captures a first frame; on failure
  // returns nullptr with the error set (Fail).
  // The capture thread is not running yet: StartCapture, once the first track exists.
  static DisplayCapture* Create(Runtime* runtime, const DisplayCaptureOptions& options, void* user_data);
  // Starts the capture thread and hands the user_data to the delivery queue.
  void StartCapture();

  int64_t source_id() const { return source_id_; }
  // Chrome's label for a display track: "screen:<id>:0" or "window:<X window id>:0" (its
  // DesktopMediaID text; Firefox shows titles, which may reveal what the picture hides).
  const char* label() const override { return label_.c_str(); }
  uint64_t frame_count() const { return frames_.load(); }

 protected:
  ~DisplayCapture() override;
  void StopDrivers() override;

 private:
  DisplayCapture(Runtime* runtime, void* user_data);
  // Capture thread: one frame, then the end checks.
  void Tick();
  void OnCaptureResult(webrtc::DesktopCapturer::Result result, std::unique_ptr<webrtc::DesktopFrame> frame) override;
  bool EveryTrackEnded();
  // Capture thread: ends the source on the signaling thread (once).
  void EndFromCaptureThread();

  std::mutex driver_mutex_;  // start/stop of the capture thread and the capturer's lifetime
  std::unique_ptr<webrtc::DesktopCapturer> capturer_;
#if defined(WEBRTC_USE_X11)
  rtc::scoped_refptr<webrtc::SharedXDisplay> x_display_;  // ours: closed by StopDrivers
#endif
  PeriodicThread capture_;
  int64_t source_id_ = -1;
  std::string label_;  // set by Create, then constant
  int64_t period_us_ = 0;
  void* const user_data_;
  webrtc::DesktopCapturer::Result last_result_ = webrtc::DesktopCapturer::Result::SUCCESS;  // capturing thread
  std::atomic<bool> end_posted_{false};
  std::atomic<bool> x_broken_{false};  // the X connection broke (set by Xlib's exit handler)
  std::atomic<uint64_t> frames_{0};
  // display_source_ended, then user_data_released. Attached by StartCapture only: a source
  // whose create failed hands no user_data back (the embedder frees it).
  DeliveryQueue events_;
};

}  // namespace rtcn
