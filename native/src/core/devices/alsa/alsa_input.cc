#include "core/devices/alsa/alsa_input.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace rtcn {

std::unique_ptr<AlsaInput> AlsaInput::Open(const std::string& name, int sample_rate, int channels, std::string* error) {
  std::unique_ptr<AlsaPcm> pcm = AlsaPcm::Open(name, SND_PCM_STREAM_CAPTURE, sample_rate, channels, error);
  if (!pcm) return nullptr;
  return std::unique_ptr<AlsaInput>(new AlsaInput(std::move(pcm), sample_rate, channels));
}

AlsaInput::AlsaInput(std::unique_ptr<AlsaPcm> pcm, int sample_rate, int channels)
    : pcm_(std::move(pcm)),
      frame_bytes_(static_cast<size_t>(channels) * sizeof(int16_t)),
      buffer_(static_cast<size_t>(sample_rate / 100) * static_cast<size_t>(channels)) {}

bool AlsaInput::Pump(int wait_ms, const Consumer& consume) {
  const size_t frames = buffer_.size() * sizeof(int16_t) / frame_bytes_;
  const long read = pcm_->Read(buffer_.data(), frames, wait_ms);
  if (read < 0) return false;
  // Ready yet nothing to read (a PCM whose source ran dry, a file at its end): without this pause
  // the capture thread would spin on a PCM that always reports itself ready.
  if (read == 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(wait_ms, 10)));
  if (read > 0) consume(reinterpret_cast<const uint8_t*>(buffer_.data()), static_cast<size_t>(read) * frame_bytes_);
  return true;
}

}  // namespace rtcn
