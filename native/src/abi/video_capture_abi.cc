// rtcn_video_capture_*: the camera list and capture (core/devices).
#include <string>

#include "abi_guard.h"
#include "core/devices/camera_devices.h"
#include "core/devices/camera_source.h"
#include "rtc_base/helpers.h"

using namespace rtcn;

namespace {

CameraDevices* AsDevices(rtcn_video_capture_devices* handle) { return reinterpret_cast<CameraDevices*>(handle); }
CameraSource* AsCapture(rtcn_video_capture* handle) {
  return static_cast<CameraSource*>(reinterpret_cast<MediaSource*>(handle));
}

rtcn_status CheckIndex(const char* fn, const char* what, int32_t index, size_t size) {
  if (index < 0 || static_cast<size_t>(index) >= size)
    return Fail(RTCN_ERROR_RANGE, std::string(fn) + ": " + what + " " + std::to_string(index) + " is outside 0.." +
                                      std::to_string(static_cast<int64_t>(size) - 1));
  return RTCN_OK;
}

// The format must name a mode (positive size and rate) and an output within it.
rtcn_status CheckFormat(const char* fn, const rtcn_video_capture_format* f) {
  if (f == nullptr) return NullArgument(fn, "format");
  if (f->width < 1 || f->width > RTCN_VIDEO_MAX_DIMENSION || f->height < 1 || f->height > RTCN_VIDEO_MAX_DIMENSION ||
      f->max_fps < 1)
    return Invalid(fn, "the mode " + std::to_string(f->width) + "x" + std::to_string(f->height) + "@" +
                           std::to_string(f->max_fps) + " is not a camera mode");
  if (f->output_width < 0 || f->output_width > f->width || f->output_height < 0 || f->output_height > f->height ||
      (f->output_width == 0) != (f->output_height == 0))
    return Invalid(fn, "the output " + std::to_string(f->output_width) + "x" + std::to_string(f->output_height) +
                           " is not within the mode (or 0x0)");
  if (!(f->output_frame_rate >= 0) || f->output_frame_rate > f->max_fps)
    return Invalid(fn, "output_frame_rate " + std::to_string(f->output_frame_rate) + " is outside 0.." +
                           std::to_string(f->max_fps));
  return RTCN_OK;
}

}  // namespace

extern "C" {

rtcn_status rtcn_video_capture_enumerate(rtcn_video_capture_devices** out_devices) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_devices == nullptr) return NullArgument(fn, "out_devices");
    *out_devices = reinterpret_cast<rtcn_video_capture_devices*>(CameraDevices::Enumerate());
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_capture_devices_count(rtcn_video_capture_devices* devices, int32_t* out_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (devices == nullptr) return NullArgument(fn, "devices");
    if (out_count == nullptr) return NullArgument(fn, "out_count");
    *out_count = static_cast<int32_t>(AsDevices(devices)->devices().size());
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_capture_devices_get(rtcn_video_capture_devices* devices, int32_t index,
                                           rtcn_video_capture_device_info* out_info) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (devices == nullptr) return NullArgument(fn, "devices");
    if (out_info == nullptr) return NullArgument(fn, "out_info");
    const auto& list = AsDevices(devices)->devices();
    if (rtcn_status s = CheckIndex(fn, "index", index, list.size()); s != RTCN_OK) return s;
    const CameraDevice& device = list[static_cast<size_t>(index)];
    out_info->name = device.name.c_str();
    out_info->unique_id = device.unique_id.c_str();
    out_info->product_id = device.product_id.c_str();
    out_info->mode_count = static_cast<int32_t>(device.modes.size());
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_capture_devices_get_mode(rtcn_video_capture_devices* devices, int32_t index, int32_t mode_index,
                                                rtcn_video_capture_mode* out_mode) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (devices == nullptr) return NullArgument(fn, "devices");
    if (out_mode == nullptr) return NullArgument(fn, "out_mode");
    const auto& list = AsDevices(devices)->devices();
    if (rtcn_status s = CheckIndex(fn, "index", index, list.size()); s != RTCN_OK) return s;
    const auto& modes = list[static_cast<size_t>(index)].modes;
    if (rtcn_status s = CheckIndex(fn, "mode_index", mode_index, modes.size()); s != RTCN_OK) return s;
    *out_mode = modes[static_cast<size_t>(mode_index)];
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_capture_devices_release(rtcn_video_capture_devices* devices) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (devices) AsDevices(devices)->Release();
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_capture_open(rtcn_factory* factory, const char* unique_id,
                                    const rtcn_video_capture_format* format, const char* track_id,
                                    rtcn_video_capture** out_capture, rtcn_media_track** out_track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_capture != nullptr) *out_capture = nullptr;
    if (out_track != nullptr) *out_track = nullptr;
    if (factory == nullptr) return NullArgument(fn, "factory");
    if (unique_id == nullptr) return NullArgument(fn, "unique_id");
    if (out_capture == nullptr) return NullArgument(fn, "out_capture");
    if (out_track == nullptr) return NullArgument(fn, "out_track");
    if (rtcn_status s = CheckFormat(fn, format); s != RTCN_OK) return s;
    std::string id;
    if (track_id == nullptr) {
      id = rtc::CreateRandomUuid();
    } else if (track_id[0] == '\0') {
      return Invalid(fn, "track_id is empty (pass NULL for a random id)");
    } else {
      id = track_id;
    }
    // The label is the device's name as the list gives it.
    std::string name = unique_id;
    {
      CameraDevices* list = CameraDevices::Enumerate();
      for (const CameraDevice& device : list->devices())
        if (device.unique_id == unique_id) name = device.name;
      list->Release();
    }
    Runtime* runtime = AsRuntime(factory);
    rtcn_status status = RTCN_OK;
    CameraSource* source = CameraSource::Open(runtime, unique_id, name, *format, &status);
    if (source == nullptr) return status;
    MediaTrack* track = MediaTrack::CreateLocal(runtime, source, id);
    if (track == nullptr) {
      source->ReleaseHandle();
      return Fail(RTCN_ERROR_INTERNAL, std::string(fn) + ": libwebrtc could not create the track");
    }
    *out_capture = reinterpret_cast<rtcn_video_capture*>(static_cast<MediaSource*>(source));
    *out_track = ToHandle(track);
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_capture_set_format(rtcn_video_capture* capture, const rtcn_video_capture_format* format) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (capture == nullptr) return NullArgument(fn, "capture");
    if (rtcn_status s = CheckFormat(fn, format); s != RTCN_OK) return s;
    return AsCapture(capture)->SetFormat(*format);
  });
}

rtcn_status rtcn_video_capture_release(rtcn_video_capture* capture) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (capture) AsCapture(capture)->ReleaseHandle();
    return RTCN_OK;
  });
}

}  // extern "C"
