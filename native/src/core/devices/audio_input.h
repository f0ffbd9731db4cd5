// Where a microphone's samples come from: one capture stream of the platform's sound system
// (PulseAudio when its server answers, else ALSA, as the device list), read by the microphone's
// capture thread (microphone_source.h) and by nothing else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace rtcn {

class AudioInput {
 public:
  using Consumer = std::function<void(const uint8_t* bytes, size_t size)>;

  virtual ~AudioInput() = default;
  // Waits at most wait_ms for samples and hands each run of them (interleaved 16-bit, at the rate
  // and channel count it was opened with) to `consume`; false once the input ended (the device
  // went away, the connection to the sound system failed).
  virtual bool Pump(int wait_ms, const Consumer& consume) = 0;
};

// Opens `device` (a name from the device list; NULL: the system's default input) within
// timeout_ms. nullptr with *error set when it cannot be opened; *label is the device's label.
std::unique_ptr<AudioInput> OpenAudioInput(const char* device, int sample_rate, int channels, int timeout_ms,
                                           std::string* label, std::string* error);

}  // namespace rtcn
