// The platform audio device with its recording kept off. libwebrtc mixes whatever the device
// records into every audio send stream (audio/audio_transport_impl.cc, audio_senders_), so a
// generator track would carry the microphone too; until microphone tracks exist (they will
// switch recording on for themselves) the device only plays. Everything else is forwarded.
// Tested with PulseAudio (tests/RtcNative.Tests/Media/PlatformAudioTests.cs): with recording forwarded
// instead, the daemon's 440 Hz microphone replaced a 1000 Hz generator tone for about 0.4 s every 2 s.
//
// It also taps what it plays for the microphones' echo cancellers (core/devices/far_end_tap.h), and
// keeps the speaker volume across playout restarts (PulseAudio applies it to the playback stream,
// which each InitPlayout creates anew: a volume set before or between streams would be lost).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "api/scoped_refptr.h"
#include "core/devices/far_end_tap.h"
#include "modules/audio_device/include/audio_device.h"

namespace rtcn {

class PlayoutOnlyAudioDevice : public webrtc::AudioDeviceModule {
 public:
  PlayoutOnlyAudioDevice(rtc::scoped_refptr<webrtc::AudioDeviceModule> inner, rtc::scoped_refptr<FarEndTap> far_end)
      : inner_(std::move(inner)), far_end_(std::move(far_end)) {}

  int32_t ActiveAudioLayer(AudioLayer* audioLayer) const override { return inner_->ActiveAudioLayer(audioLayer); }
  // The transport libwebrtc registers, wrapped so that what plays reaches the tap. Earlier wrappers are
  // kept (the device's thread may still hold one until the new registration lands).
  int32_t RegisterAudioCallback(webrtc::AudioTransport* audioCallback) override {
    if (audioCallback == nullptr) return inner_->RegisterAudioCallback(nullptr);
    std::lock_guard<std::mutex> lock(transports_mutex_);
    transports_.push_back(std::make_unique<TappingAudioTransport>(audioCallback, far_end_));
    return inner_->RegisterAudioCallback(transports_.back().get());
  }
  int32_t Init() override { return inner_->Init(); }
  int32_t Terminate() override { return inner_->Terminate(); }
  bool Initialized() const override { return inner_->Initialized(); }
  int16_t PlayoutDevices() override { return inner_->PlayoutDevices(); }
  int16_t RecordingDevices() override { return inner_->RecordingDevices(); }
  int32_t PlayoutDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize], char guid[webrtc::kAdmMaxGuidSize]) override { return inner_->PlayoutDeviceName(index, name, guid); }
  int32_t RecordingDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize], char guid[webrtc::kAdmMaxGuidSize]) override { return inner_->RecordingDeviceName(index, name, guid); }
  int32_t SetPlayoutDevice(uint16_t index) override { return inner_->SetPlayoutDevice(index); }
  int32_t SetPlayoutDevice(WindowsDeviceType device) override { return inner_->SetPlayoutDevice(device); }
  int32_t SetRecordingDevice(uint16_t index) override { return inner_->SetRecordingDevice(index); }
  int32_t SetRecordingDevice(WindowsDeviceType device) override { return inner_->SetRecordingDevice(device); }
  int32_t PlayoutIsAvailable(bool* available) override { return inner_->PlayoutIsAvailable(available); }
  int32_t InitPlayout() override { return inner_->InitPlayout(); }
  bool PlayoutIsInitialized() const override { return inner_->PlayoutIsInitialized(); }
  int32_t RecordingIsAvailable(bool* available) override { return inner_->RecordingIsAvailable(available); }
  // Recording stays off: nothing recorded is mixed into the send streams.
  int32_t InitRecording() override { return 0; }
  bool RecordingIsInitialized() const override { return false; }
  int32_t StartPlayout() override {
    const int32_t result = inner_->StartPlayout();
    if (result == 0 && volume_.load() >= 0) inner_->SetSpeakerVolume(static_cast<uint32_t>(volume_.load()));
    return result;
  }
  int32_t StopPlayout() override { return inner_->StopPlayout(); }
  bool Playing() const override { return inner_->Playing(); }
  int32_t StartRecording() override { return 0; }
  int32_t StopRecording() override { return 0; }
  bool Recording() const override { return false; }
  int32_t InitSpeaker() override { return inner_->InitSpeaker(); }
  bool SpeakerIsInitialized() const override { return inner_->SpeakerIsInitialized(); }
  int32_t InitMicrophone() override { return inner_->InitMicrophone(); }
  bool MicrophoneIsInitialized() const override { return inner_->MicrophoneIsInitialized(); }
  int32_t SpeakerVolumeIsAvailable(bool* available) override { return inner_->SpeakerVolumeIsAvailable(available); }
  // Remembered, and applied now when a stream plays (else at the next StartPlayout).
  int32_t SetSpeakerVolume(uint32_t volume) override {
    volume_.store(static_cast<int64_t>(volume));
    return inner_->Playing() ? inner_->SetSpeakerVolume(volume) : 0;
  }
  int32_t SpeakerVolume(uint32_t* volume) const override {
    if (volume_.load() >= 0) {
      *volume = static_cast<uint32_t>(volume_.load());
      return 0;
    }
    return inner_->SpeakerVolume(volume);
  }
  int32_t MaxSpeakerVolume(uint32_t* maxVolume) const override { return inner_->MaxSpeakerVolume(maxVolume); }
  int32_t MinSpeakerVolume(uint32_t* minVolume) const override { return inner_->MinSpeakerVolume(minVolume); }
  int32_t MicrophoneVolumeIsAvailable(bool* available) override { return inner_->MicrophoneVolumeIsAvailable(available); }
  int32_t SetMicrophoneVolume(uint32_t volume) override { return inner_->SetMicrophoneVolume(volume); }
  int32_t MicrophoneVolume(uint32_t* volume) const override { return inner_->MicrophoneVolume(volume); }
  int32_t MaxMicrophoneVolume(uint32_t* maxVolume) const override { return inner_->MaxMicrophoneVolume(maxVolume); }
  int32_t MinMicrophoneVolume(uint32_t* minVolume) const override { return inner_->MinMicrophoneVolume(minVolume); }
  int32_t SpeakerMuteIsAvailable(bool* available) override { return inner_->SpeakerMuteIsAvailable(available); }
  int32_t SetSpeakerMute(bool enable) override { return inner_->SetSpeakerMute(enable); }
  int32_t SpeakerMute(bool* enabled) const override { return inner_->SpeakerMute(enabled); }
  int32_t MicrophoneMuteIsAvailable(bool* available) override { return inner_->MicrophoneMuteIsAvailable(available); }
  int32_t SetMicrophoneMute(bool enable) override { return inner_->SetMicrophoneMute(enable); }
  int32_t MicrophoneMute(bool* enabled) const override { return inner_->MicrophoneMute(enabled); }
  int32_t StereoPlayoutIsAvailable(bool* available) const override { return inner_->StereoPlayoutIsAvailable(available); }
  int32_t SetStereoPlayout(bool enable) override { return inner_->SetStereoPlayout(enable); }
  int32_t StereoPlayout(bool* enabled) const override { return inner_->StereoPlayout(enabled); }
  int32_t StereoRecordingIsAvailable(bool* available) const override { return inner_->StereoRecordingIsAvailable(available); }
  int32_t SetStereoRecording(bool enable) override { return inner_->SetStereoRecording(enable); }
  int32_t StereoRecording(bool* enabled) const override { return inner_->StereoRecording(enabled); }
  int32_t PlayoutDelay(uint16_t* delayMS) const override { return inner_->PlayoutDelay(delayMS); }
  bool BuiltInAECIsAvailable() const override { return inner_->BuiltInAECIsAvailable(); }
  bool BuiltInAGCIsAvailable() const override { return inner_->BuiltInAGCIsAvailable(); }
  bool BuiltInNSIsAvailable() const override { return inner_->BuiltInNSIsAvailable(); }
  int32_t EnableBuiltInAEC(bool enable) override { return inner_->EnableBuiltInAEC(enable); }
  int32_t EnableBuiltInAGC(bool enable) override { return inner_->EnableBuiltInAGC(enable); }
  int32_t EnableBuiltInNS(bool enable) override { return inner_->EnableBuiltInNS(enable); }
  int32_t GetPlayoutUnderrunCount() const override { return inner_->GetPlayoutUnderrunCount(); }

 private:
  const rtc::scoped_refptr<webrtc::AudioDeviceModule> inner_;
  const rtc::scoped_refptr<FarEndTap> far_end_;
  std::mutex transports_mutex_;
  std::vector<std::unique_ptr<TappingAudioTransport>> transports_;
  std::atomic<int64_t> volume_{-1};  // -1: never set (the stream keeps the server's volume)
};

}  // namespace rtcn
