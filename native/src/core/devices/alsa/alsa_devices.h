// ALSA's audio inputs and outputs, listed when no PulseAudio server answers (Chrome's fallback on
// Linux, media/audio/alsa/audio_manager_alsa.cc), with Chrome's rules:
//   - card by card (snd_card_next, then snd_device_name_hint(card, "pcm")), a device's IOID
//     saying its direction (none: both);
//   - inputs: every PCM except the ones whose name starts with default, dmix, null, pulse or
//     surround (software mixers and routes, not microphones);
//   - outputs: only the plughw PCMs (the hardware, with conversion where needed);
//   - the label is the hint's description, its first line break turned into "-" (the name when
//     there is none); a "default" entry comes first when a direction has devices.
// And one rule of ours, for PCMs that belong to no card: the ones the user's ALSA configuration
// (~/.asoundrc, /etc/asound.conf, ALSA_CONFIG_PATH) describes, with a hint description on the PCM
// or an entry in namehint.pcm ("name|description|IOIDInput", which also gives the direction),
// named without ":" arguments, except alsa-lib's and alsa-plugins' own (null, pulse, jack, the rate
// converters...). Chrome lists none of these; a machine whose only sound devices are such PCMs
// (loopback setups, virtual cables, this project's tests) would otherwise have none.
#pragma once

#include <string>
#include <vector>

#include "core/devices/audio_device_enumerator.h"

namespace rtcn {

// The devices (inputs first, then outputs), empty when libasound is missing or lists nothing.
std::vector<AudioDeviceEntry> ListAlsaDevices();

// The label of one PCM by name ("default" included) for one direction; empty when unlisted.
std::string AlsaDeviceLabel(const std::string& name, rtcn_media_device_kind kind);

}  // namespace rtcn
