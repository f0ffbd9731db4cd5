#include "core/devices/audio_input.h"

#include "core/devices/alsa/alsa_devices.h"
#include "core/devices/alsa/alsa_input.h"
#include "core/devices/pulse/pulse_devices.h"
#include "core/devices/pulse/pulse_input.h"

namespace rtcn {
namespace {

// The PulseAudio label of a source (the server's default when name is NULL).
std::string PulseLabel(const char* name, int timeout_ms) {
  for (const AudioDeviceEntry& entry : ListPulseDevices(timeout_ms).devices) {
    if (entry.kind == RTCN_MEDIA_DEVICE_AUDIO_INPUT && (name ? entry.name == name : entry.is_default)) return entry.label;
  }
  return {};
}

}  // namespace

std::unique_ptr<AudioInput> OpenAudioInput(const char* device, int sample_rate, int channels, int timeout_ms,
                                           std::string* label, std::string* error) {
  const auto deadline = PulseSession::Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string pulse_error;
  // A server that answers decides, even when it refuses the device: the list named it.
  auto session = std::make_unique<PulseSession>();
  if (session->Connect("RtcNative microphone", deadline, &pulse_error)) {
    std::unique_ptr<PulseInput> input =
        PulseInput::Open(std::move(session), device, sample_rate, channels, deadline, error);
    if (input) *label = PulseLabel(device, timeout_ms);
    return input;
  }
  const std::string name = device != nullptr ? device : "default";
  std::string alsa_error;
  std::unique_ptr<AlsaInput> input = AlsaInput::Open(name, sample_rate, channels, &alsa_error);
  if (!input) {
    *error = "no PulseAudio server (" + pulse_error + "), and ALSA: " + alsa_error;
    return nullptr;
  }
  *label = AlsaDeviceLabel(name, RTCN_MEDIA_DEVICE_AUDIO_INPUT);
  return input;
}

}  // namespace rtcn
