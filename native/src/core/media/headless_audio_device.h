// The headless audio device (RTCN_AUDIO_DEVICE_HEADLESS, and AUTO's fallback): a
// webrtc::AudioDeviceModule that records nothing and, while playing, pulls playout every 10 ms
// from a thread of its own and throws the samples away.
//
// Why: libwebrtc decodes and mixes remote audio only when the audio device asks for playout
// data (AudioTransport::NeedMorePlayData); libwebrtc's dummy device never asks, so remote audio
// tracks would reach no sink (FACTS.md). And a device that never records keeps generator
// tracks free of any microphone: recorded audio is mixed into every audio send stream.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "modules/audio_device/include/audio_device.h"

namespace rtcn {

class HeadlessAudioDevice : public webrtc::AudioDeviceModule {
 public:
  static constexpr int kSampleRate = 48000;
  static constexpr int kChannels = 2;
  static constexpr int kFramesPer10Ms = kSampleRate / 100;

  // thread_name: the playout thread's (names the device in a thread list).
  explicit HeadlessAudioDevice(const char* thread_name = "rtcn-headless-playout") : thread_name_(thread_name) {}
  ~HeadlessAudioDevice() override;

  int32_t ActiveAudioLayer(AudioLayer* audio_layer) const override;
  int32_t RegisterAudioCallback(webrtc::AudioTransport* audio_callback) override;
  int32_t Init() override;
  int32_t Terminate() override;
  bool Initialized() const override { return initialized_.load(); }

  int16_t PlayoutDevices() override { return 1; }
  int16_t RecordingDevices() override { return 1; }
  int32_t PlayoutDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                            char guid[webrtc::kAdmMaxGuidSize]) override;
  int32_t RecordingDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                              char guid[webrtc::kAdmMaxGuidSize]) override;
  int32_t SetPlayoutDevice(uint16_t index) override { return index == 0 ? 0 : -1; }
  int32_t SetPlayoutDevice(WindowsDeviceType) override { return 0; }
  int32_t SetRecordingDevice(uint16_t index) override { return index == 0 ? 0 : -1; }
  int32_t SetRecordingDevice(WindowsDeviceType) override { return 0; }

  int32_t PlayoutIsAvailable(bool* available) override;
  int32_t InitPlayout() override;
  bool PlayoutIsInitialized() const override { return playout_initialized_.load(); }
  int32_t RecordingIsAvailable(bool* available) override;
  int32_t InitRecording() override;
  bool RecordingIsInitialized() const override { return recording_initialized_.load(); }

  int32_t StartPlayout() override;
  int32_t StopPlayout() override;
  bool Playing() const override { return playing_.load(); }
  // Recording "runs" for libwebrtc's sake, but no sample is ever recorded.
  int32_t StartRecording() override;
  int32_t StopRecording() override;
  bool Recording() const override { return recording_.load(); }

  int32_t InitSpeaker() override { return 0; }
  bool SpeakerIsInitialized() const override { return true; }
  int32_t InitMicrophone() override { return 0; }
  bool MicrophoneIsInitialized() const override { return true; }

  int32_t SpeakerVolumeIsAvailable(bool* available) override;
  int32_t SetSpeakerVolume(uint32_t) override { return -1; }
  int32_t SpeakerVolume(uint32_t*) const override { return -1; }
  int32_t MaxSpeakerVolume(uint32_t*) const override { return -1; }
  int32_t MinSpeakerVolume(uint32_t*) const override { return -1; }
  int32_t MicrophoneVolumeIsAvailable(bool* available) override;
  int32_t SetMicrophoneVolume(uint32_t) override { return -1; }
  int32_t MicrophoneVolume(uint32_t*) const override { return -1; }
  int32_t MaxMicrophoneVolume(uint32_t*) const override { return -1; }
  int32_t MinMicrophoneVolume(uint32_t*) const override { return -1; }
  int32_t SpeakerMuteIsAvailable(bool* available) override;
  int32_t SetSpeakerMute(bool) override { return -1; }
  int32_t SpeakerMute(bool*) const override { return -1; }
  int32_t MicrophoneMuteIsAvailable(bool* available) override;
  int32_t SetMicrophoneMute(bool) override { return -1; }
  int32_t MicrophoneMute(bool*) const override { return -1; }

  int32_t StereoPlayoutIsAvailable(bool* available) const override;
  int32_t SetStereoPlayout(bool enable) override { return enable ? 0 : -1; }
  int32_t StereoPlayout(bool* enabled) const override;
  int32_t StereoRecordingIsAvailable(bool* available) const override;
  int32_t SetStereoRecording(bool) override { return 0; }
  int32_t StereoRecording(bool* enabled) const override;

  int32_t PlayoutDelay(uint16_t* delay_ms) const override;

  bool BuiltInAECIsAvailable() const override { return false; }
  bool BuiltInAGCIsAvailable() const override { return false; }
  bool BuiltInNSIsAvailable() const override { return false; }
  int32_t EnableBuiltInAEC(bool) override { return -1; }
  int32_t EnableBuiltInAGC(bool) override { return -1; }
  int32_t EnableBuiltInNS(bool) override { return -1; }

 protected:
  // What a pull gave (10 ms, interleaved), on the playout thread after each pull: a subclass
  // plays it somewhere (alsa_playout_device.h); here it is dropped.
  virtual void Play(const int16_t* samples, size_t frames, size_t channels) {}
  // On the playout thread as it stops (after its last Play).
  virtual void PlayoutStopped() {}

 private:
  void PlayoutLoop();
  void StopPlayoutThread();

  const char* const thread_name_;
  std::atomic<bool> initialized_{false};
  std::atomic<bool> playout_initialized_{false};
  std::atomic<bool> recording_initialized_{false};
  std::atomic<bool> playing_{false};
  std::atomic<bool> recording_{false};

  std::mutex transport_mutex_;  // held while the playout thread calls the transport
  webrtc::AudioTransport* transport_ = nullptr;

  std::mutex thread_mutex_;  // start/stop of the playout thread
  std::thread thread_;
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stop_ = false;  // under stop_mutex_
};

}  // namespace rtcn
