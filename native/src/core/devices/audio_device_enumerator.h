// The platform's audio inputs and outputs, from the sound system a browser would use on Linux:
// the PulseAudio server when one answers (pulse/pulse_devices.h), else ALSA (alsa/alsa_devices.h).
// The platform audio device and microphones open their devices from the same system.
#pragma once

#include <string>
#include <vector>

#include "rtcnative.h"

namespace rtcn {

enum class AudioBackend { kNone, kPulse, kAlsa };

struct AudioDeviceEntry {
  rtcn_media_device_kind kind;
  std::string name;   // the system's name (what a capture or playback stream opens)
  std::string label;  // its description
  std::string group;  // the card's name, else the device's own name (one device, one group)
  bool is_default = false;
};

struct AudioDeviceSnapshot {
  AudioBackend backend = AudioBackend::kNone;  // kNone: no PulseAudio server, and ALSA lists nothing
  std::string error;                           // why not, when kNone
  std::vector<AudioDeviceEntry> devices;       // inputs first, then outputs, each in the system's order
};

AudioDeviceSnapshot EnumerateAudioDevices(int timeout_ms);

}  // namespace rtcn
