#include "core/devices/display_capture.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "core/callbacks.h"
#include "core/errors.h"
#include "core/media/media_track.h"
#include "core/runtime.h"
#include "modules/desktop_capture/desktop_capture_options.h"
#include "modules/desktop_capture/desktop_frame.h"
#include "rtc_base/time_utils.h"
#if defined(WEBRTC_USE_X11)
#include "modules/desktop_capture/linux/x11/shared_x_display.h"
// Last: Xlib's macros (None, Status, Bool) break C++ headers included after it.
#include <X11/Xlib.h>
#endif

namespace rtcn {
namespace {

#if defined(WEBRTC_USE_X11)
// A broken X connection (the server went away) makes Xlib call the process's I/O error handler,
// whose default prints and exit()s, then the connection's exit handler, whose default exit()s.
// A capture must not take the embedding process down: for our connections both return, and
// Xlib then fails every later request on that connection. The I/O error handler is process-wide,
// so ours is installed once and hands every other connection to the one it replaced (the
// embedder's, or Xlib's default), keeping their behaviour.
std::mutex g_x_mutex;
std::set<Display*> g_our_displays;  // under g_x_mutex
XIOErrorHandler g_previous_io_handler = nullptr;
bool g_io_handler_installed = false;

int OnXIOError(Display* display) {
  XIOErrorHandler previous;
  {
    std::lock_guard<std::mutex> lock(g_x_mutex);
    if (g_our_displays.count(display) != 0) return 0;
    previous = g_previous_io_handler;
  }
  return previous != nullptr ? previous(display) : 0;
}

// Runs inside an Xlib call (the capture thread's, or the releasing one's): only sets the flag
// that the next tick reads.
void OnXConnectionBroken(Display* /*display*/, void* broken) {
  static_cast<std::atomic<bool>*>(broken)->store(true);
}

void AdoptDisplay(Display* display, std::atomic<bool>* broken) {
  std::lock_guard<std::mutex> lock(g_x_mutex);
  if (!g_io_handler_installed) {
    g_previous_io_handler = XSetIOErrorHandler(OnXIOError);
    g_io_handler_installed = true;
  }
  g_our_displays.insert(display);
  XSetIOErrorExitHandler(display, OnXConnectionBroken, broken);
}

void ForgetDisplay(Display* display) {
  std::lock_guard<std::mutex> lock(g_x_mutex);
  g_our_displays.erase(display);
}
#endif

using Result = webrtc::DesktopCapturer::Result;

// A first frame may be missing for a moment (a window just mapped, a screen being resized):
// TEMPORARY results are retried this often before the capture counts as not starting.
constexpr int kFirstFrameAttempts = 10;
constexpr auto kFirstFrameRetry = std::chrono::milliseconds(20);

std::string DisplayLabel(const std::string& display) { return display.empty() ? "$DISPLAY" : "\"" + display + "\""; }

// What W3C calls NotReadableError (the embedder names it): the capture could not start.
DisplayCapture* NotReadable(const std::string& why) {
  Fail(RTCN_ERROR_OPERATION, "rtcn_display_source_create: " + why);
  return nullptr;
}

}  // namespace

DisplayCapture::DisplayCapture(Runtime* runtime, void* user_data)
    : VideoGenerator(runtime), user_data_(user_data) {}

DisplayCapture::~DisplayCapture() {
  StopDrivers();
  events_.Detach();  // user_data_released: the last callback of this source
}

DisplayCapture* DisplayCapture::Create(Runtime* runtime, const DisplayCaptureOptions& options, void* user_data) {
#if !defined(WEBRTC_USE_X11)
  (void)runtime;
  (void)options;
  (void)user_data;
  Fail(RTCN_ERROR_NOT_SUPPORTED, "rtcn_display_source_create: this build of libwebrtc has no X11 capturer");
  return nullptr;
#else
  const char* const env_display = std::getenv("DISPLAY");
  if (options.display.empty() && (env_display == nullptr || env_display[0] == '\0'))
    return NotReadable("no X display to capture: DISPLAY is not set and no display was named");
  // Our own connection (not CreateDefault): the display the embedder named, closed with the source.
  rtc::scoped_refptr<webrtc::SharedXDisplay> x_display = webrtc::SharedXDisplay::Create(options.display);
  if (!x_display) return NotReadable("cannot open the X display " + DisplayLabel(options.display));
  // libwebrtc's atom cache looks these up only if they exist, then reads properties with them
  // outside an error trap: on a server where no window manager or colour manager made them (a
  // bare Xvfb) that read is a BadAtom error, and Xlib's default handler exits the process. So
  // make them exist (interning an atom only names it on the server).
  for (const char* name : {"WM_STATE", "_NET_WM_WINDOW_TYPE", "_NET_WM_WINDOW_TYPE_NORMAL", "_ICC_PROFILE"})
    XInternAtom(x_display->display(), name, False);
  webrtc::DesktopCaptureOptions capture_options = webrtc::DesktopCaptureOptions::CreateDefault();
  capture_options.set_x_display(x_display);

  // Owned by a scoped reference until returned: every failure below releases it.
  struct Owner {
    DisplayCapture* object;
    ~Owner() {
      if (object) object->ReleaseHandle();
    }
  } owner{new DisplayCapture(runtime, user_data)};
  DisplayCapture* self = owner.object;
  // A server that goes away ends the capture, not the process. The connection lives no longer
  // than self (StopDrivers closes it).
  self->x_display_ = x_display;
  AdoptDisplay(x_display->display(), &self->x_broken_);

  const bool window = options.surface == RTCN_DISPLAY_SURFACE_WINDOW;
  self->capturer_ = window ? webrtc::DesktopCapturer::CreateWindowCapturer(capture_options)
                           : webrtc::DesktopCapturer::CreateScreenCapturer(capture_options);
  if (!self->capturer_)
    return NotReadable(std::string("libwebrtc could not create a ") + (window ? "window" : "screen") +
                       " capturer on the X display " + DisplayLabel(options.display));
  self->capturer_->Start(self);

  if (window) {
    webrtc::DesktopCapturer::SourceId id = static_cast<webrtc::DesktopCapturer::SourceId>(options.window_id);
    if (id == 0) {
      webrtc::DesktopCapturer::SourceList windows;
      if (!self->capturer_->GetSourceList(&windows)) return NotReadable("cannot list the windows of the X display");
      for (const auto& candidate : windows) {
        if (candidate.title.find(options.window_title) != std::string::npos) {
          id = candidate.id;
          break;
        }
      }
      if (id == 0)
        return NotReadable("no top-level window titled \"" + options.window_title + "\" (of " +
                           std::to_string(windows.size()) + " listed) on the X display " +
                           DisplayLabel(options.display));
    }
    if (!self->capturer_->SelectSource(id))
      return NotReadable("cannot capture the X window " + std::to_string(id) + " (no such window?)");
    self->source_id_ = id;
    self->label_ = "window:" + std::to_string(id) + ":0";
  } else {
    self->source_id_ = webrtc::kFullDesktopScreenId;
    self->label_ = "screen:0:0";  // the whole X screen: Chrome's first (and on X11 only) screen id
  }

  // The first frame, here: a capture that cannot run fails the call instead of a silent track.
  for (int attempt = 0;; ++attempt) {
    self->capturer_->CaptureFrame();
    if (self->last_result_ == Result::SUCCESS) break;
    if (self->last_result_ == Result::ERROR_PERMANENT || attempt + 1 >= kFirstFrameAttempts)
      return NotReadable(std::string("the ") + (window ? "window" : "screen") + " could not be captured (" +
                         (self->last_result_ == Result::ERROR_PERMANENT ? "permanent" : "temporary") + " error)");
    std::this_thread::sleep_for(kFirstFrameRetry);
  }

  self->period_us_ = std::max<int64_t>(1, std::llround(1e6 / options.frame_rate));
  owner.object = nullptr;
  return self;
#endif
}

void DisplayCapture::StartCapture() {
  // From here on the user_data is the embedder's to get back (a failed create hands none back).
  events_.Attach(user_data_);
  std::lock_guard<std::mutex> lock(driver_mutex_);
  if (ended() || !capturer_) return;
  capture_.Start(period_us_, [this] { Tick(); });
}

void DisplayCapture::Tick() {
  if (end_posted_.load()) return;
  // W3C: a source whose tracks all ended stops (Chrome stops the capture with its last track).
  if (EveryTrackEnded()) {
    EndFromCaptureThread();
    return;
  }
  if (!x_broken_.load()) capturer_->CaptureFrame();
  // The captured window was closed (or became uncapturable), or the X server went away: the
  // source ends, and its tracks.
  if (last_result_ == Result::ERROR_PERMANENT || x_broken_.load()) EndFromCaptureThread();
}

void DisplayCapture::OnCaptureResult(Result result, std::unique_ptr<webrtc::DesktopFrame> frame) {
  last_result_ = result;
  if (result != Result::SUCCESS || !frame) return;
  rtcn_video_planes planes{};
  // DesktopFrame is 32-bit BGRA in memory (libyuv's "ARGB"): the planes' BGRA.
  planes.format = RTCN_VIDEO_PIXEL_FORMAT_BGRA;
  planes.width = frame->size().width();
  planes.height = frame->size().height();
  planes.data0 = frame->data();
  planes.stride0 = frame->stride();
  planes.size0 = static_cast<uint64_t>(frame->stride()) * static_cast<uint64_t>(planes.height);
  if (planes.width < 1 || planes.height < 1) return;
  if (WritePlanes(planes, rtc::TimeMicros()) == RTCN_OK) frames_.fetch_add(1);
}

bool DisplayCapture::EveryTrackEnded() {
  std::lock_guard<std::mutex> lock(tracks_mutex_);
  // Also true when no track is left at all (the embedder released them and no sender holds one):
  // nothing can reach the source's picture any more. Ticks start after the first track exists.
  for (MediaTrack* track : tracks_) {
    if (!track->ended()) return false;
  }
  return true;
}

void DisplayCapture::EndFromCaptureThread() {
  if (end_posted_.exchange(true)) return;
  AddRef();  // the task's
  runtime_->signaling_thread()->PostTask([this] {
    // False when the embedder's release ended the source meanwhile: no event then.
    if (EndSource()) {
      events_.Event([](void* user_data) {
        const rtcn_callbacks* callbacks = Callbacks();
        if (user_data != nullptr && callbacks != nullptr && callbacks->display_source_ended != nullptr)
          callbacks->display_source_ended(user_data);
      });
    }
    Release();
  });
}

void DisplayCapture::StopDrivers() {
  VideoGenerator::StopDrivers();
  std::lock_guard<std::mutex> lock(driver_mutex_);
  capture_.Stop();
  if (x_broken_.load()) {
    // Xlib blocks for ever in the first request on a connection whose I/O error handlers
    // returned (seen: XFreeGC in the capturer's destructor waits on Xlib's internal lock). So the
    // capturer of a dead server is left as it is, with its display: one capturer and one dead
    // connection leaked per X server that died under a capture.
    capturer_.release();  // NOLINT(bugprone-unused-return-value): deliberately leaked
  } else {
    capturer_.reset();
  }
#if defined(WEBRTC_USE_X11)
  // The X connection closes with its last holder, the capturer gone: this one. Forgotten only
  // after that: closing talks to the server, which may be gone by now (a capture ending after its
  // server was stopped), and that must not exit the process either.
  if (x_display_) {
    Display* const display = x_display_->display();
    x_display_ = nullptr;
    ForgetDisplay(display);
  }
#endif
}

}  // namespace rtcn
