#include "core/devices/audio_device_monitor.h"

#include <atomic>
#include <chrono>
#include <string>

#include "core/devices/alsa/alsa_devices.h"
#include "core/devices/pulse/pulse_session.h"

namespace rtcn {
namespace {

void OnEvent(pa_context*, pa_subscription_event_type_t, uint32_t, void* data) {
  (*static_cast<std::function<void()>*>(data))();
}

// What ALSA lists, as one string to compare.
std::string AlsaSignature() {
  std::string signature;
  for (const AudioDeviceEntry& entry : ListAlsaDevices())
    signature += std::to_string(entry.kind) + entry.name + '\n' + entry.label + '\n';
  return signature;
}

}  // namespace

AudioDeviceMonitor::AudioDeviceMonitor() : thread_([this] { Run(); }) {}

AudioDeviceMonitor::~AudioDeviceMonitor() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

uint64_t AudioDeviceMonitor::Wait(uint64_t known, int timeout_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return count_ != known || stop_; });
  return count_;
}

void AudioDeviceMonitor::Bump() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
  }
  changed_.notify_all();
}

bool AudioDeviceMonitor::SleepUnlessStopped(int ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !changed_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stop_; });
}

void AudioDeviceMonitor::Run() {
  auto stopped = [this] {
    std::lock_guard<std::mutex> lock(mutex_);
    return stop_;
  };
  bool connected_before = false;
  bool first = true;
  std::string alsa_before;  // ALSA's list at the last look while no server answered
  bool alsa_looked = false;
  while (!stopped()) {
    PulseSession session;
    std::string error;
    const bool connected = session.Connect("RtcNative device monitor",
                                           PulseSession::Clock::now() + std::chrono::seconds(1), &error);
    // The server appearing or going away changes the device list too (not on the first try).
    if (!first && connected != connected_before) Bump();
    first = false;
    connected_before = connected;
    if (!connected) {
      // No server: the list is ALSA's, looked at once a second (the PCMs of the configuration
      // have no change events; a card coming or going shows in the next look too).
      std::string alsa = AlsaSignature();
      if (alsa_looked && alsa != alsa_before) Bump();
      alsa_before = std::move(alsa);
      alsa_looked = true;
      if (!SleepUnlessStopped(1000)) return;
      continue;
    }
    alsa_looked = false;
    std::function<void()> bump = [this] { Bump(); };
    const PulseLibrary* pulse = session.pulse();
    pulse->context_set_subscribe_callback(session.context(), OnEvent, &bump);
    pa_operation* subscribe = pulse->context_subscribe(
        session.context(),
        static_cast<pa_subscription_mask_t>(PA_SUBSCRIPTION_MASK_SOURCE | PA_SUBSCRIPTION_MASK_SINK |
                                            PA_SUBSCRIPTION_MASK_SERVER),
        nullptr, nullptr);
    if (subscribe != nullptr) pulse->operation_unref(subscribe);
    // 100 ms at a time: the stop flag is seen within that.
    while (!stopped() && session.Iterate(100)) {
    }
    pulse->context_set_subscribe_callback(session.context(), nullptr, nullptr);
  }
}

}  // namespace rtcn
