// What the platform audio device plays, handed to the microphones' echo cancellers as their far
// end (AudioProcessing::ProcessReverseStream). The platform device's AudioTransport is wrapped
// (TappingAudioTransport, installed by PlayoutOnlyAudioDevice): each 10 ms the device pulls goes
// to every listener on the device's playout thread, after libwebrtc mixed it.
#pragma once

#include <algorithm>
#include <mutex>
#include <vector>

#include "api/ref_counted_base.h"
#include "modules/audio_device/include/audio_device_defines.h"

namespace rtcn {

class FarEndListener {
 public:
  // On the device's playout thread: must not block.
  virtual void OnFarEnd(const int16_t* samples, size_t frames, size_t channels, int sample_rate) = 0;

 protected:
  ~FarEndListener() = default;
};

class FarEndTap : public rtc::RefCountedNonVirtual<FarEndTap> {
 public:
  void AddListener(FarEndListener* listener) {
    std::lock_guard<std::mutex> lock(mutex_);
    listeners_.push_back(listener);
  }
  // After this returns no call of the listener runs (delivery holds the lock).
  void RemoveListener(FarEndListener* listener) {
    std::lock_guard<std::mutex> lock(mutex_);
    listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
  }
  void Deliver(const int16_t* samples, size_t frames, size_t channels, int sample_rate) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (FarEndListener* listener : listeners_) listener->OnFarEnd(samples, frames, channels, sample_rate);
  }

 private:
  std::mutex mutex_;
  std::vector<FarEndListener*> listeners_;
};

// libwebrtc's AudioTransport (what the device pulls playout from) with each pulled chunk also
// given to the tap. Everything else is forwarded unchanged.
class TappingAudioTransport : public webrtc::AudioTransport {
 public:
  TappingAudioTransport(webrtc::AudioTransport* inner, rtc::scoped_refptr<FarEndTap> tap)
      : inner_(inner), tap_(std::move(tap)) {}

  int32_t RecordedDataIsAvailable(const void* audioSamples, size_t nSamples, size_t nBytesPerSample, size_t nChannels,
                                  uint32_t samplesPerSec, uint32_t totalDelayMS, int32_t clockDrift,
                                  uint32_t currentMicLevel, bool keyPressed, uint32_t& newMicLevel) override {
    return inner_->RecordedDataIsAvailable(audioSamples, nSamples, nBytesPerSample, nChannels, samplesPerSec,
                                           totalDelayMS, clockDrift, currentMicLevel, keyPressed, newMicLevel);
  }
  int32_t NeedMorePlayData(size_t nSamples, size_t nBytesPerSample, size_t nChannels, uint32_t samplesPerSec,
                           void* audioSamples, size_t& nSamplesOut, int64_t* elapsed_time_ms,
                           int64_t* ntp_time_ms) override {
    const int32_t result = inner_->NeedMorePlayData(nSamples, nBytesPerSample, nChannels, samplesPerSec,
                                                    audioSamples, nSamplesOut, elapsed_time_ms, ntp_time_ms);
    // nSamples counts frames (per channel), nSamplesOut interleaved samples.
    if (result == 0 && nBytesPerSample == nChannels * sizeof(int16_t) && nSamplesOut == nSamples * nChannels)
      tap_->Deliver(static_cast<const int16_t*>(audioSamples), nSamples, nChannels, static_cast<int>(samplesPerSec));
    return result;
  }
  void PullRenderData(int bits_per_sample, int sample_rate, size_t number_of_channels, size_t number_of_frames,
                      void* audio_data, int64_t* elapsed_time_ms, int64_t* ntp_time_ms) override {
    inner_->PullRenderData(bits_per_sample, sample_rate, number_of_channels, number_of_frames, audio_data,
                           elapsed_time_ms, ntp_time_ms);
  }

 private:
  webrtc::AudioTransport* const inner_;
  const rtc::scoped_refptr<FarEndTap> tap_;
};

}  // namespace rtcn
