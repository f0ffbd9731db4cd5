// An ALSA PCM captured by the thread that pumps it, for machines without a PulseAudio server.
// A device that goes away (unplugged: reads fail past recovery) ends the input.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/devices/alsa/alsa_pcm.h"
#include "core/devices/audio_input.h"

namespace rtcn {

class AlsaInput : public AudioInput {
 public:
  // nullptr (error set) when the PCM cannot be opened for capture in this format.
  static std::unique_ptr<AlsaInput> Open(const std::string& name, int sample_rate, int channels, std::string* error);

  bool Pump(int wait_ms, const Consumer& consume) override;

 private:
  AlsaInput(std::unique_ptr<AlsaPcm> pcm, int sample_rate, int channels);

  std::unique_ptr<AlsaPcm> pcm_;
  const size_t frame_bytes_;
  std::vector<int16_t> buffer_;  // 10 ms
};

}  // namespace rtcn
