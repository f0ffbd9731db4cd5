// rtcn_display_source_*: screen and window capture (rtcnative/display_capture.h).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "abi_guard.h"
#include "core/devices/display_capture.h"
#include "rtc_base/helpers.h"

using namespace rtcn;

namespace {

// Handles are the MediaSource base (as for the generators), so live-object counts and tracks agree.
DisplayCapture* AsDisplayCapture(rtcn_display_source* handle) {
  return static_cast<DisplayCapture*>(reinterpret_cast<MediaSource*>(handle));
}

rtcn_display_source* ToHandle(DisplayCapture* source) {
  return reinterpret_cast<rtcn_display_source*>(static_cast<MediaSource*>(source));
}

}  // namespace

rtcn_status rtcn_display_source_create(rtcn_factory* factory, const char* display_name, rtcn_display_surface surface,
                                       uint64_t window_id, const char* window_title, double frame_rate,
                                       void* user_data, rtcn_display_source** out_source,
                                       rtcn_media_track** out_track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_source != nullptr) *out_source = nullptr;
    if (out_track != nullptr) *out_track = nullptr;
    if (factory == nullptr) return NullArgument(fn, "factory");
    if (out_source == nullptr) return NullArgument(fn, "out_source");
    if (out_track == nullptr) return NullArgument(fn, "out_track");
    // The raw bits: an out-of-range value read as the enum is undefined behaviour (UBSan flags it),
    // and the embedder may pass any integer.
    int32_t raw_surface;
    static_assert(sizeof raw_surface == sizeof surface, "rtcn_display_surface is 32 bits");
    std::memcpy(&raw_surface, &surface, sizeof raw_surface);
    if (raw_surface != RTCN_DISPLAY_SURFACE_MONITOR && raw_surface != RTCN_DISPLAY_SURFACE_WINDOW)
      return Invalid(fn, "unknown display surface " + std::to_string(raw_surface));
    if (std::isnan(frame_rate) || frame_rate < 0 || frame_rate > RTCN_DISPLAY_MAX_FRAME_RATE ||
        (frame_rate > 0 && frame_rate < 1))
      return Fail(RTCN_ERROR_RANGE, std::string(fn) + ": frame_rate " + std::to_string(frame_rate) +
                                        " is outside 1.." + std::to_string(RTCN_DISPLAY_MAX_FRAME_RATE) +
                                        " (0 = the default)");
    DisplayCaptureOptions options;
    options.display = display_name != nullptr ? display_name : "";
    options.surface = surface;
    options.window_id = window_id;
    options.window_title = window_title != nullptr ? window_title : "";
    options.frame_rate = frame_rate == 0 ? RTCN_DISPLAY_DEFAULT_FRAME_RATE : frame_rate;
    if (surface == RTCN_DISPLAY_SURFACE_WINDOW && window_id == 0 && options.window_title.empty())
      return Invalid(fn, "a window capture needs a window_id or a non-empty window_title");
    DisplayCapture* source = DisplayCapture::Create(AsRuntime(factory), options, user_data);
    if (source == nullptr) return LastError().status;  // Create set it
    MediaTrack* track = MediaTrack::CreateLocal(AsRuntime(factory), source, rtc::CreateRandomUuid());
    if (track == nullptr) {
      source->ReleaseHandle();
      return Fail(RTCN_ERROR_INTERNAL, std::string(fn) + ": libwebrtc could not create the track");
    }
    source->StartCapture();
    *out_source = ToHandle(source);
    *out_track = ToHandle(track);
    return RTCN_OK;
  });
}

rtcn_status rtcn_display_source_get_source_id(rtcn_display_source* source, int64_t* out_id) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    if (out_id == nullptr) return NullArgument(fn, "out_id");
    *out_id = AsDisplayCapture(source)->source_id();
    return RTCN_OK;
  });
}

rtcn_status rtcn_display_source_get_frame_count(rtcn_display_source* source, uint64_t* out_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    if (out_count == nullptr) return NullArgument(fn, "out_count");
    *out_count = AsDisplayCapture(source)->frame_count();
    return RTCN_OK;
  });
}

rtcn_status rtcn_display_source_release(rtcn_display_source* source) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    AsDisplayCapture(source)->ReleaseHandle();
    return RTCN_OK;
  });
}
