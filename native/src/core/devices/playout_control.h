// Where the factory's platform audio device plays (W3C setSinkId) and how loud, through the
// AudioDeviceModule on the worker thread. libwebrtc's PulseAudio device numbers its playout
// devices 0 = the server's default, then 1..n = the sinks in the server's order, naming each by
// its description; a sink's name from our list is mapped to that index (and checked by label).
// On ALSA (no PulseAudio server when the factory was made) the device is ours and takes the PCM's
// name itself (alsa/alsa_playout_device.h).
#pragma once

#include "rtcnative.h"

namespace rtcn {

class Runtime;

rtcn_status SetPlayoutDevice(Runtime* runtime, const char* sink_name);
rtcn_status SetPlayoutVolume(Runtime* runtime, double volume);
rtcn_status GetPlayoutVolume(Runtime* runtime, double* volume);

}  // namespace rtcn
