// libasound loaded at run time (dlopen "libasound.so.2"), as libpulse is (pulse_library.h):
// librtcnative keeps no NEEDED entry on it, so it loads where ALSA is not installed (then ALSA
// lists no devices). The types and constants come from the development headers; every function
// is a pointer here.
#pragma once

#include <alsa/asoundlib.h>

namespace rtcn {

struct AlsaLibrary {
  decltype(&snd_card_next) card_next;
  decltype(&snd_device_name_hint) device_name_hint;
  decltype(&snd_device_name_get_hint) device_name_get_hint;
  decltype(&snd_device_name_free_hint) device_name_free_hint;
  decltype(&snd_pcm_open) pcm_open;
  decltype(&snd_pcm_close) pcm_close;
  decltype(&snd_pcm_set_params) pcm_set_params;
  decltype(&snd_pcm_readi) pcm_readi;
  decltype(&snd_pcm_writei) pcm_writei;
  decltype(&snd_pcm_wait) pcm_wait;
  decltype(&snd_pcm_recover) pcm_recover;
  decltype(&snd_pcm_drop) pcm_drop;
  decltype(&snd_strerror) strerror;
};

// The library, loaded once per process on first use; nullptr when libasound is not installed.
const AlsaLibrary* Alsa();

}  // namespace rtcn
