// The platform audio device where no PulseAudio server answers: remote audio plays on an ALSA
// PCM. libwebrtc's own ALSA device is not used: it lists and opens only the PCMs of sound cards
// (by index), so it cannot play on a PCM of the user's configuration, and its playout index is a
// second numbering to keep in step with ours. This one is the headless device's 10 ms pull
// (core/media/headless_audio_device.h), each pull written to the PCM chosen by name.
//
// The pull is paced by the clock, not by the PCM (a PCM of the user's configuration may take
// samples as fast as they come); a PCM that takes less (its clock runs slow) makes writes wait,
// bounded, and drops what does not fit. A PCM that fails (unplugged) is closed and reopened once a
// second; meanwhile remote audio is still pulled, so processors of remote tracks go on receiving.
// Volume is applied in software (the device's own mixer is left alone, as other programs share it).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/devices/alsa/alsa_pcm.h"
#include "core/media/headless_audio_device.h"

namespace rtcn {

class AlsaPlayoutDevice : public HeadlessAudioDevice {
 public:
  // The software volume's full scale (what PulseAudio calls 100%: the same numbers for both).
  static constexpr uint32_t kMaxVolume = 65536;

  AlsaPlayoutDevice();
  ~AlsaPlayoutDevice() override;

  // Plays on `name` from now on: opened here (false, error set, when it cannot be), handed to the
  // playout thread, which closes the previous PCM.
  bool SetOutput(const std::string& name, std::string* error);
  std::string output() const;

  int32_t ActiveAudioLayer(AudioLayer* audio_layer) const override;
  int32_t PlayoutDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                            char guid[webrtc::kAdmMaxGuidSize]) override;
  int32_t SpeakerVolumeIsAvailable(bool* available) override;
  int32_t SetSpeakerVolume(uint32_t volume) override;
  int32_t SpeakerVolume(uint32_t* volume) const override;
  int32_t MaxSpeakerVolume(uint32_t* volume) const override;
  int32_t MinSpeakerVolume(uint32_t* volume) const override;

 protected:
  void Play(const int16_t* samples, size_t frames, size_t channels) override;
  void PlayoutStopped() override;

 private:
  mutable std::mutex mutex_;
  std::string name_;                 // under mutex_
  std::unique_ptr<AlsaPcm> pending_;  // under mutex_: opened by SetOutput, taken by the playout thread
  std::atomic<uint32_t> volume_{kMaxVolume};

  // The playout thread's own.
  std::unique_ptr<AlsaPcm> pcm_;
  std::chrono::steady_clock::time_point retry_at_{};
  std::vector<int16_t> scaled_;
};

}  // namespace rtcn
