// One open ALSA PCM in 16-bit interleaved samples, blocking on nothing longer than a caller's
// wait: reads and writes recover from overruns, underruns and suspends (snd_pcm_recover) and
// report the device gone (unplugged, the card removed) as an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/devices/alsa/alsa_library.h"

namespace rtcn {

class AlsaPcm {
 public:
  // Opens `name` for capture or playback at the rate and channel count (ALSA converts when the
  // device needs it); nullptr with *error set when it cannot be opened.
  static std::unique_ptr<AlsaPcm> Open(const std::string& name, snd_pcm_stream_t direction, int sample_rate,
                                       int channels, std::string* error);
  ~AlsaPcm();
  AlsaPcm(const AlsaPcm&) = delete;
  AlsaPcm& operator=(const AlsaPcm&) = delete;

  // Waits at most wait_ms for samples, then reads up to `frames` of them: the frames read (0 when
  // none came), or -1 when the device is gone.
  long Read(int16_t* samples, size_t frames, int wait_ms);
  // Writes all `frames` (waiting for room at most wait_ms per step): false when the device is gone.
  bool Write(const int16_t* samples, size_t frames, int wait_ms);

 private:
  AlsaPcm(const AlsaLibrary* alsa, snd_pcm_t* pcm, int channels) : alsa_(alsa), pcm_(pcm), channels_(channels) {}
  // After a failed call: true when the stream could be brought back (overrun, underrun, suspend).
  bool Recover(long result);

  const AlsaLibrary* const alsa_;
  snd_pcm_t* const pcm_;
  const int channels_;
};

}  // namespace rtcn
