#include "core/devices/audio_device_enumerator.h"

#include "core/devices/alsa/alsa_devices.h"
#include "core/devices/pulse/pulse_devices.h"

namespace rtcn {

AudioDeviceSnapshot EnumerateAudioDevices(int timeout_ms) {
  AudioDeviceSnapshot snapshot = ListPulseDevices(timeout_ms);
  if (snapshot.backend == AudioBackend::kPulse) return snapshot;
  std::vector<AudioDeviceEntry> alsa = ListAlsaDevices();
  if (alsa.empty()) {
    snapshot.error = "no PulseAudio server (" + snapshot.error + ") and no ALSA device";
    return snapshot;
  }
  snapshot.backend = AudioBackend::kAlsa;
  snapshot.error.clear();
  snapshot.devices = std::move(alsa);
  return snapshot;
}

}  // namespace rtcn
