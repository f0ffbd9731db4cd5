// The PulseAudio server's sources (audio inputs; monitors of sinks left out, as Chrome does) and
// sinks (audio outputs): one short-lived connection per call, bounded by a timeout.
#pragma once

#include <string>
#include <vector>

#include "rtcnative.h"

namespace rtcn {

struct AudioDeviceEntry {
  rtcn_media_device_kind kind;
  std::string name;   // PulseAudio's name (what a capture or playback stream opens)
  std::string label;  // its description
  std::string group;  // the card's name, else the device's own name (one device, one group)
  bool is_default = false;
};

struct AudioDeviceSnapshot {
  bool server = false;  // a server answered (else the list is empty)
  std::string error;    // why not
  std::vector<AudioDeviceEntry> devices;  // inputs first, then outputs, each in the server's order
};

AudioDeviceSnapshot EnumerateAudioDevices(int timeout_ms);

}  // namespace rtcn
