// The PulseAudio server's sources (audio inputs; monitors of sinks left out, as Chrome does) and
// sinks (audio outputs): one short-lived connection per call, bounded by a timeout.
#pragma once

#include "core/devices/audio_device_enumerator.h"

namespace rtcn {

// backend kPulse when the server answered; else kNone, the list empty and error set.
AudioDeviceSnapshot ListPulseDevices(int timeout_ms);

}  // namespace rtcn
