#include "core/media/headless_audio_device.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include "rtc_base/platform_thread_types.h"

namespace rtcn {
namespace {

void CopyName(char* out, size_t size, const char* name) {
  std::strncpy(out, name, size - 1);
  out[size - 1] = '\0';
}

}  // namespace

HeadlessAudioDevice::~HeadlessAudioDevice() { StopPlayoutThread(); }

int32_t HeadlessAudioDevice::ActiveAudioLayer(AudioLayer* audio_layer) const {
  if (audio_layer) *audio_layer = kDummyAudio;
  return 0;
}

int32_t HeadlessAudioDevice::RegisterAudioCallback(webrtc::AudioTransport* audio_callback) {
  std::lock_guard<std::mutex> lock(transport_mutex_);
  transport_ = audio_callback;
  return 0;
}

int32_t HeadlessAudioDevice::Init() {
  initialized_.store(true);
  return 0;
}

int32_t HeadlessAudioDevice::Terminate() {
  StopPlayoutThread();
  playing_.store(false);
  recording_.store(false);
  playout_initialized_.store(false);
  recording_initialized_.store(false);
  initialized_.store(false);
  return 0;
}

int32_t HeadlessAudioDevice::PlayoutDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                                               char guid[webrtc::kAdmMaxGuidSize]) {
  if (index != 0) return -1;
  if (name) CopyName(name, webrtc::kAdmMaxDeviceNameSize, "RtcNative headless playout");
  if (guid) CopyName(guid, webrtc::kAdmMaxGuidSize, "rtcn-headless-playout");
  return 0;
}

int32_t HeadlessAudioDevice::RecordingDeviceName(uint16_t index, char name[webrtc::kAdmMaxDeviceNameSize],
                                                 char guid[webrtc::kAdmMaxGuidSize]) {
  if (index != 0) return -1;
  if (name) CopyName(name, webrtc::kAdmMaxDeviceNameSize, "RtcNative headless recording (silent)");
  if (guid) CopyName(guid, webrtc::kAdmMaxGuidSize, "rtcn-headless-recording");
  return 0;
}

int32_t HeadlessAudioDevice::PlayoutIsAvailable(bool* available) {
  if (available) *available = true;
  return 0;
}

int32_t HeadlessAudioDevice::InitPlayout() {
  playout_initialized_.store(true);
  return 0;
}

int32_t HeadlessAudioDevice::RecordingIsAvailable(bool* available) {
  if (available) *available = true;
  return 0;
}

int32_t HeadlessAudioDevice::InitRecording() {
  recording_initialized_.store(true);
  return 0;
}

int32_t HeadlessAudioDevice::StartPlayout() {
  if (!playout_initialized_.load()) return -1;
  std::lock_guard<std::mutex> lock(thread_mutex_);
  if (thread_.joinable()) return 0;
  {
    std::lock_guard<std::mutex> stop_lock(stop_mutex_);
    stop_ = false;
  }
  playing_.store(true);
  thread_ = std::thread([this] { PlayoutLoop(); });
  return 0;
}

int32_t HeadlessAudioDevice::StopPlayout() {
  StopPlayoutThread();
  playing_.store(false);
  return 0;
}

void HeadlessAudioDevice::StopPlayoutThread() {
  std::lock_guard<std::mutex> lock(thread_mutex_);
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> stop_lock(stop_mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();  // never: the transport does not stop playout from its own callback
  } else {
    thread_.join();
  }
}

int32_t HeadlessAudioDevice::StartRecording() {
  if (!recording_initialized_.load()) return -1;
  recording_.store(true);
  return 0;
}

int32_t HeadlessAudioDevice::StopRecording() {
  recording_.store(false);
  return 0;
}

void HeadlessAudioDevice::PlayoutLoop() {
  rtc::SetCurrentThreadName(thread_name_);
  std::vector<int16_t> samples(kFramesPer10Ms * kChannels);
  using Clock = std::chrono::steady_clock;
  constexpr auto kPeriod = std::chrono::milliseconds(10);
  auto next = Clock::now();
  std::unique_lock<std::mutex> stop_lock(stop_mutex_);
  while (!stop_) {
    stop_lock.unlock();
    {
      std::lock_guard<std::mutex> lock(transport_mutex_);
      if (transport_ != nullptr) {
        size_t samples_out = 0;
        int64_t elapsed_time_ms = -1;
        int64_t ntp_time_ms = -1;
        transport_->NeedMorePlayData(kFramesPer10Ms, sizeof(int16_t) * kChannels, kChannels, kSampleRate,
                                     samples.data(), samples_out, &elapsed_time_ms, &ntp_time_ms);
      } else {
        std::fill(samples.begin(), samples.end(), 0);
      }
    }
    // Outside the transport's lock: playing may wait for the device.
    Play(samples.data(), kFramesPer10Ms, kChannels);
    // Absolute deadlines: the period does not drift with the time each pull takes. After a
    // stall (a suspended process) resume from now rather than pulling a burst to catch up.
    next += kPeriod;
    const auto now = Clock::now();
    if (now - next > std::chrono::milliseconds(100)) next = now;
    stop_lock.lock();
    stop_cv_.wait_until(stop_lock, next, [this] { return stop_; });
  }
  stop_lock.unlock();
  PlayoutStopped();
}

int32_t HeadlessAudioDevice::SpeakerVolumeIsAvailable(bool* available) {
  if (available) *available = false;
  return 0;
}

int32_t HeadlessAudioDevice::MicrophoneVolumeIsAvailable(bool* available) {
  if (available) *available = false;
  return 0;
}

int32_t HeadlessAudioDevice::SpeakerMuteIsAvailable(bool* available) {
  if (available) *available = false;
  return 0;
}

int32_t HeadlessAudioDevice::MicrophoneMuteIsAvailable(bool* available) {
  if (available) *available = false;
  return 0;
}

int32_t HeadlessAudioDevice::StereoPlayoutIsAvailable(bool* available) const {
  if (available) *available = true;
  return 0;
}

int32_t HeadlessAudioDevice::StereoPlayout(bool* enabled) const {
  if (enabled) *enabled = true;
  return 0;
}

int32_t HeadlessAudioDevice::StereoRecordingIsAvailable(bool* available) const {
  if (available) *available = false;
  return 0;
}

int32_t HeadlessAudioDevice::StereoRecording(bool* enabled) const {
  if (enabled) *enabled = false;
  return 0;
}

int32_t HeadlessAudioDevice::PlayoutDelay(uint16_t* delay_ms) const {
  if (delay_ms) *delay_ms = 0;
  return 0;
}

}  // namespace rtcn
