#include "core/devices/playout_control.h"

#include <cmath>
#include <cstring>
#include <string>

#include "core/devices/alsa/alsa_devices.h"
#include "core/devices/alsa/alsa_playout_device.h"
#include "core/devices/pulse/pulse_devices.h"
#include "core/errors.h"
#include "core/runtime.h"

namespace rtcn {
namespace {

constexpr int kListTimeoutMs = 3000;

rtcn_status RequirePlatform(Runtime* runtime) {
  if (runtime->audio_device() == RTCN_AUDIO_DEVICE_PLATFORM) return RTCN_OK;
  return Fail(RTCN_ERROR_INVALID_STATE,
              "InvalidStateError: this factory's audio device plays nowhere (headless or dummy); create the factory "
              "with the platform audio device to choose a speaker");
}

// On ALSA the device plays on a PCM by name: one of the listed outputs ("default" included).
rtcn_status SetAlsaPlayoutDevice(AlsaPlayoutDevice* device, const char* name) {
  const std::string wanted = name != nullptr ? name : "default";
  bool listed = false;
  for (const AudioDeviceEntry& entry : ListAlsaDevices())
    listed |= entry.kind == RTCN_MEDIA_DEVICE_AUDIO_OUTPUT && entry.name == wanted;
  if (!listed) return Fail(RTCN_ERROR_NOT_FOUND, "NotFoundError: no audio output named '" + wanted + "' (ALSA)");
  std::string error;
  if (!device->SetOutput(wanted, &error))
    return Fail(RTCN_ERROR_NOT_READABLE, "NotReadableError: the audio output '" + wanted + "' could not be opened: " + error);
  return RTCN_OK;
}

}  // namespace

rtcn_status SetPlayoutDevice(Runtime* runtime, const char* sink_name) {
  if (rtcn_status s = RequirePlatform(runtime); s != RTCN_OK) return s;
  if (runtime->alsa_playout() != nullptr) return SetAlsaPlayoutDevice(runtime->alsa_playout(), sink_name);
  uint16_t index = 0;  // the server's default
  std::string label;
  if (sink_name != nullptr) {
    AudioDeviceSnapshot snapshot = ListPulseDevices(kListTimeoutMs);
    int position = 0;
    bool found = false;
    for (const AudioDeviceEntry& device : snapshot.devices) {
      if (device.kind != RTCN_MEDIA_DEVICE_AUDIO_OUTPUT) continue;
      ++position;
      if (device.name == sink_name) {
        found = true;
        label = device.label;
        break;
      }
    }
    if (!found)
      return Fail(RTCN_ERROR_NOT_FOUND, std::string("NotFoundError: no audio output named '") + sink_name + "'" +
                                            (snapshot.backend != AudioBackend::kNone ? "" : " (" + snapshot.error + ")"));
    index = static_cast<uint16_t>(position);
  }
  webrtc::AudioDeviceModule* adm = runtime->adm();
  std::string failure;
  runtime->worker_thread()->BlockingCall([&] {
    if (!label.empty()) {
      // The device lists the sinks itself: its entry at this index must be the same sink.
      char name[webrtc::kAdmMaxDeviceNameSize] = {};
      char guid[webrtc::kAdmMaxGuidSize] = {};
      if (index >= adm->PlayoutDevices() || adm->PlayoutDeviceName(index, name, guid) != 0 || label != name) {
        failure = "the audio device's playout list does not match the server's sinks (changed meanwhile?)";
        return;
      }
    }
    const bool was_initialized = adm->PlayoutIsInitialized();
    const bool was_playing = adm->Playing();
    if (was_initialized && adm->StopPlayout() != 0) {
      failure = "the audio device did not stop playing";
      return;
    }
    if (adm->SetPlayoutDevice(index) != 0) {
      failure = "the audio device refused the playout device";
      return;
    }
    if (was_initialized && adm->InitPlayout() != 0) {
      failure = "the audio device did not open the new sink";
      return;
    }
    if (was_playing && adm->StartPlayout() != 0) failure = "the audio device did not start playing on the new sink";
  });
  if (!failure.empty()) return Fail(RTCN_ERROR_NOT_READABLE, "NotReadableError: " + failure);
  return RTCN_OK;
}

rtcn_status SetPlayoutVolume(Runtime* runtime, double volume) {
  if (rtcn_status s = RequirePlatform(runtime); s != RTCN_OK) return s;
  webrtc::AudioDeviceModule* adm = runtime->adm();
  bool ok = false;
  runtime->worker_thread()->BlockingCall([&] {
    uint32_t min_volume = 0, max_volume = 0;
    if (adm->MinSpeakerVolume(&min_volume) != 0 || adm->MaxSpeakerVolume(&max_volume) != 0 || max_volume <= min_volume) {
      // Not known before a stream plays: PulseAudio's scale (PA_VOLUME_NORM = 100%).
      min_volume = 0;
      max_volume = 65536;
    }
    const auto value = static_cast<uint32_t>(std::lround(min_volume + volume * (max_volume - min_volume)));
    ok = adm->SetSpeakerVolume(value) == 0;
  });
  return ok ? RTCN_OK : Fail(RTCN_ERROR_OPERATION, "OperationError: the audio device did not take the volume");
}

rtcn_status GetPlayoutVolume(Runtime* runtime, double* volume) {
  if (rtcn_status s = RequirePlatform(runtime); s != RTCN_OK) return s;
  webrtc::AudioDeviceModule* adm = runtime->adm();
  runtime->worker_thread()->BlockingCall([&] {
    uint32_t value = 0, min_volume = 0, max_volume = 0;
    if (adm->MinSpeakerVolume(&min_volume) != 0 || adm->MaxSpeakerVolume(&max_volume) != 0 || max_volume <= min_volume) {
      min_volume = 0;
      max_volume = 65536;
    }
    *volume = adm->SpeakerVolume(&value) == 0
                  ? std::min(1.0, std::max(0.0, (double(value) - min_volume) / double(max_volume - min_volume)))
                  : 1.0;
  });
  return RTCN_OK;
}

}  // namespace rtcn
