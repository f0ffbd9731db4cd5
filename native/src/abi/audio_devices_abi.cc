// extern "C" side of rtcnative/audio_devices.h: the device list, the change monitor, microphone
// tracks and the platform device's playout sink and volume.
#include <string>

#include "abi/abi_guard.h"
#include "core/devices/audio_device_enumerator.h"
#include "core/devices/audio_device_monitor.h"
#include "core/devices/microphone_source.h"
#include "core/devices/playout_control.h"
#include "rtc_base/helpers.h"

using namespace rtcn;

namespace {

AudioDeviceSnapshot* AsList(rtcn_audio_device_list* list) { return reinterpret_cast<AudioDeviceSnapshot*>(list); }
AudioDeviceMonitor* AsMonitor(rtcn_audio_device_monitor* monitor) {
  return reinterpret_cast<AudioDeviceMonitor*>(monitor);
}

}  // namespace

extern "C" {

rtcn_status rtcn_audio_devices_enumerate(int32_t timeout_ms, rtcn_audio_device_list** out_list,
                                         int32_t* out_server_available) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_list != nullptr) *out_list = nullptr;
    if (out_server_available != nullptr) *out_server_available = 0;
    if (out_list == nullptr) return NullArgument(fn, "out_list");
    if (out_server_available == nullptr) return NullArgument(fn, "out_server_available");
    if (timeout_ms < 1 || timeout_ms > 60000) return Invalid(fn, "timeout_ms " + std::to_string(timeout_ms) + " is outside 1..60000");
    auto* snapshot = new AudioDeviceSnapshot(EnumerateAudioDevices(timeout_ms));
    *out_server_available = snapshot->backend != AudioBackend::kNone ? 1 : 0;
    *out_list = reinterpret_cast<rtcn_audio_device_list*>(snapshot);
    return RTCN_OK;
  });
}

rtcn_status rtcn_audio_device_list_get_count(rtcn_audio_device_list* list, int32_t* out_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (list == nullptr) return NullArgument(fn, "list");
    if (out_count == nullptr) return NullArgument(fn, "out_count");
    *out_count = static_cast<int32_t>(AsList(list)->devices.size());
    return RTCN_OK;
  });
}

rtcn_status rtcn_audio_device_list_get(rtcn_audio_device_list* list, int32_t index,
                                       rtcn_audio_device_info* out_info) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (list == nullptr) return NullArgument(fn, "list");
    if (out_info == nullptr) return NullArgument(fn, "out_info");
    const auto& devices = AsList(list)->devices;
    if (index < 0 || static_cast<size_t>(index) >= devices.size())
      return Fail(RTCN_ERROR_RANGE, std::string(fn) + ": index " + std::to_string(index) + " is outside the list");
    const AudioDeviceEntry& device = devices[static_cast<size_t>(index)];
    out_info->kind = device.kind;
    out_info->name = device.name.c_str();
    out_info->label = device.label.c_str();
    out_info->group = device.group.c_str();
    out_info->is_default = device.is_default ? 1 : 0;
    return RTCN_OK;
  });
}

rtcn_status rtcn_audio_device_list_release(rtcn_audio_device_list* list) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    delete AsList(list);
    return RTCN_OK;
  });
}

rtcn_status rtcn_audio_device_monitor_create(rtcn_audio_device_monitor** out_monitor) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_monitor == nullptr) return NullArgument(fn, "out_monitor");
    *out_monitor = reinterpret_cast<rtcn_audio_device_monitor*>(new AudioDeviceMonitor());
    return RTCN_OK;
  });
}

rtcn_status rtcn_audio_device_monitor_wait(rtcn_audio_device_monitor* monitor, uint64_t known_count,
                                           int32_t timeout_ms, uint64_t* out_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (monitor == nullptr) return NullArgument(fn, "monitor");
    if (out_count == nullptr) return NullArgument(fn, "out_count");
    if (timeout_ms < 0 || timeout_ms > 60000) return Invalid(fn, "timeout_ms " + std::to_string(timeout_ms) + " is outside 0..60000");
    *out_count = AsMonitor(monitor)->Wait(known_count, timeout_ms);
    return RTCN_OK;
  });
}

rtcn_status rtcn_audio_device_monitor_release(rtcn_audio_device_monitor* monitor) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    delete AsMonitor(monitor);
    return RTCN_OK;
  });
}

rtcn_status rtcn_microphone_open(rtcn_factory* factory, const char* device_name, const rtcn_microphone_options* options,
                                 const char* track_id, rtcn_media_track** out_track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_track != nullptr) *out_track = nullptr;
    if (factory == nullptr) return NullArgument(fn, "factory");
    if (options == nullptr) return NullArgument(fn, "options");
    if (out_track == nullptr) return NullArgument(fn, "out_track");
    rtcn_microphone_options checked = *options;
    if (checked.sample_rate == 0) checked.sample_rate = 48000;
    if (checked.channel_count == 0) checked.channel_count = 1;
    if (checked.sample_rate < RTCN_AUDIO_MIN_SAMPLE_RATE || checked.sample_rate > RTCN_AUDIO_MAX_SAMPLE_RATE ||
        checked.sample_rate % 100 != 0)
      return Invalid(fn, "sample_rate " + std::to_string(checked.sample_rate) + " is not a multiple of 100 within " +
                             std::to_string(RTCN_AUDIO_MIN_SAMPLE_RATE) + ".." + std::to_string(RTCN_AUDIO_MAX_SAMPLE_RATE));
    if (checked.channel_count < 1 || checked.channel_count > RTCN_AUDIO_MAX_CHANNELS)
      return Invalid(fn, "channel_count " + std::to_string(checked.channel_count) + " is outside 1.." +
                             std::to_string(RTCN_AUDIO_MAX_CHANNELS));
    if (device_name != nullptr && device_name[0] == '\0') return Invalid(fn, "device_name is empty (NULL = the default source)");
    std::string id;
    if (track_id == nullptr) {
      id = rtc::CreateRandomUuid();
    } else {
      if (track_id[0] == '\0') return Invalid(fn, "track_id is empty (pass NULL for a random id)");
      id = track_id;
    }
    MediaTrack* track = nullptr;
    if (rtcn_status s = MicrophoneSource::Open(AsRuntime(factory), device_name, checked, id, &track); s != RTCN_OK)
      return s;
    *out_track = ToHandle(track);
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_track_wait_ended(rtcn_media_track* track, int32_t timeout_ms, int32_t* out_ended) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_ended != nullptr) *out_ended = 0;
    if (track == nullptr) return NullArgument(fn, "track");
    if (out_ended == nullptr) return NullArgument(fn, "out_ended");
    if (timeout_ms < 0 || timeout_ms > 60000) return Invalid(fn, "timeout_ms " + std::to_string(timeout_ms) + " is outside 0..60000");
    *out_ended = AsMediaTrack(track)->WaitEnded(timeout_ms) ? 1 : 0;
    return RTCN_OK;
  });
}

rtcn_status rtcn_factory_set_playout_device(rtcn_factory* factory, const char* sink_name) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (factory == nullptr) return NullArgument(fn, "factory");
    return SetPlayoutDevice(AsRuntime(factory), sink_name);
  });
}

rtcn_status rtcn_factory_set_playout_volume(rtcn_factory* factory, double volume) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (factory == nullptr) return NullArgument(fn, "factory");
    if (!(volume >= 0.0 && volume <= 1.0)) return Fail(RTCN_ERROR_RANGE, std::string(fn) + ": volume must be within 0..1");
    return SetPlayoutVolume(AsRuntime(factory), volume);
  });
}

rtcn_status rtcn_factory_get_playout_volume(rtcn_factory* factory, double* out_volume) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (factory == nullptr) return NullArgument(fn, "factory");
    if (out_volume == nullptr) return NullArgument(fn, "out_volume");
    return GetPlayoutVolume(AsRuntime(factory), out_volume);
  });
}

}  // extern "C"
