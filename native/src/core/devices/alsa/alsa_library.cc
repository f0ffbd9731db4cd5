#include "core/devices/alsa/alsa_library.h"

#include "core/devices/loaded_library.h"

namespace rtcn {
namespace {

bool LoadAll(AlsaLibrary* a) {
  // Never unloaded: plugins it loads (pulse, jack) may start threads of their own.
  void* alsa = dlopen("libasound.so.2", RTLD_NOW | RTLD_LOCAL);
  if (alsa == nullptr) return false;
  const bool loaded =
      LoadSymbol(alsa, "snd_card_next", &a->card_next) && LoadSymbol(alsa, "snd_device_name_hint", &a->device_name_hint) &&
      LoadSymbol(alsa, "snd_device_name_get_hint", &a->device_name_get_hint) &&
      LoadSymbol(alsa, "snd_device_name_free_hint", &a->device_name_free_hint) && LoadSymbol(alsa, "snd_pcm_open", &a->pcm_open) &&
      LoadSymbol(alsa, "snd_pcm_close", &a->pcm_close) && LoadSymbol(alsa, "snd_pcm_set_params", &a->pcm_set_params) &&
      LoadSymbol(alsa, "snd_pcm_readi", &a->pcm_readi) && LoadSymbol(alsa, "snd_pcm_writei", &a->pcm_writei) &&
      LoadSymbol(alsa, "snd_pcm_wait", &a->pcm_wait) && LoadSymbol(alsa, "snd_pcm_recover", &a->pcm_recover) &&
      LoadSymbol(alsa, "snd_pcm_drop", &a->pcm_drop) &&
      LoadSymbol(alsa, "snd_strerror", &a->strerror);
  // libasound's own error printing (stderr) is left as the process set it: it is process-wide, and
  // the embedding application may use ALSA itself.
  return loaded;
}

}  // namespace

const AlsaLibrary* Alsa() { return LoadOnce<AlsaLibrary>(LoadAll); }

}  // namespace rtcn
