#include "core/devices/alsa/alsa_playout_device.h"

#include <cstring>

namespace rtcn {
namespace {

constexpr const char* kDefaultName = "default";
// How long a write may wait for room per step (alsa_pcm.h bounds the steps).
constexpr int kWriteWaitMs = 10;
constexpr auto kReopenEvery = std::chrono::seconds(1);

void CopyName(char* out, size_t size, const std::string& name) {
  std::strncpy(out, name.c_str(), size - 1);
  out[size - 1] = '\0';
}

}  // namespace

AlsaPlayoutDevice::AlsaPlayoutDevice() : HeadlessAudioDevice("rtcn-alsa-playout"), name_(kDefaultName) {}

AlsaPlayoutDevice::~AlsaPlayoutDevice() {
  // Before this object's part is gone: the playout thread calls Play.
  StopPlayout();
}

bool AlsaPlayoutDevice::SetOutput(const std::string& name, std::string* error) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (name == name_) return true;  // already there (a hardware PCM would refuse a second opening)
  }
  std::unique_ptr<AlsaPcm> pcm = AlsaPcm::Open(name, SND_PCM_STREAM_PLAYBACK, kSampleRate, kChannels, error);
  if (!pcm) return false;
  std::unique_ptr<AlsaPcm> replaced;  // closed outside the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    name_ = name;
    replaced = std::move(pending_);
    // Not playing: the next start opens it again, so it is not held meanwhile.
    if (Playing()) pending_ = std::move(pcm);
  }
  return true;
}

std::string AlsaPlayoutDevice::output() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return name_;
}

void AlsaPlayoutDevice::Play(const int16_t* samples, size_t frames, size_t channels) {
  std::string name;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_) {
      pcm_ = std::move(pending_);
      retry_at_ = {};
    }
    if (!pcm_) name = name_;
  }
  const auto now = std::chrono::steady_clock::now();
  if (!pcm_ && now >= retry_at_) {
    std::string error;
    pcm_ = AlsaPcm::Open(name, SND_PCM_STREAM_PLAYBACK, kSampleRate, static_cast<int>(channels), &error);
    if (!pcm_) retry_at_ = now + kReopenEvery;
  }
  if (!pcm_) return;
  const uint32_t volume = volume_.load(std::memory_order_relaxed);
  const int16_t* out = samples;
  if (volume != kMaxVolume) {
    scaled_.resize(frames * channels);
    for (size_t i = 0; i < scaled_.size(); ++i)
      scaled_[i] = static_cast<int16_t>((static_cast<int64_t>(samples[i]) * volume) / kMaxVolume);
    out = scaled_.data();
  }
  if (!pcm_->Write(out, frames, kWriteWaitMs)) {
    pcm_.reset();  // gone: reopened (by name) a second from now
    retry_at_ = now + kReopenEvery;
  }
}

void AlsaPlayoutDevice::PlayoutStopped() {
  pcm_.reset();
  retry_at_ = {};
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.reset();
}

int32_t AlsaPlayoutDevice::ActiveAudioLayer(AudioLayer* audio_layer) const {
  if (audio_layer) *audio_layer = kLinuxAlsaAudio;
  return 0;
}

int32_t AlsaPlayoutDevice::PlayoutDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                                             char guid[webrtc::kAdmMaxGuidSize]) {
  if (index != 0) return -1;
  const std::string output_name = output();
  if (name) CopyName(name, webrtc::kAdmMaxDeviceNameSize, output_name);
  if (guid) CopyName(guid, webrtc::kAdmMaxGuidSize, output_name);
  return 0;
}

int32_t AlsaPlayoutDevice::SpeakerVolumeIsAvailable(bool* available) {
  if (available) *available = true;
  return 0;
}

int32_t AlsaPlayoutDevice::SetSpeakerVolume(uint32_t volume) {
  if (volume > kMaxVolume) return -1;
  volume_.store(volume);
  return 0;
}

int32_t AlsaPlayoutDevice::SpeakerVolume(uint32_t* volume) const {
  if (volume) *volume = volume_.load();
  return 0;
}

int32_t AlsaPlayoutDevice::MaxSpeakerVolume(uint32_t* volume) const {
  if (volume) *volume = kMaxVolume;
  return 0;
}

int32_t AlsaPlayoutDevice::MinSpeakerVolume(uint32_t* volume) const {
  if (volume) *volume = 0;
  return 0;
}

}  // namespace rtcn
