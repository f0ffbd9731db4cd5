// devicechange for audio: a thread keeps a connection to the PulseAudio server subscribed to its
// source, sink and server events and counts them (and the server appearing or going away); while
// no server answers, it compares ALSA's list once a second instead. The embedder waits on the
// count from a thread of its own, so no libpulse thread ever calls out.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace rtcn {

class AudioDeviceMonitor {
 public:
  AudioDeviceMonitor();
  ~AudioDeviceMonitor();  // stops and joins the thread (wakes a wait in progress)

  // Waits at most timeout_ms until the count differs from known; returns the count then.
  uint64_t Wait(uint64_t known, int timeout_ms);

 private:
  void Run();
  void Bump();
  bool SleepUnlessStopped(int ms);

  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t count_ = 0;  // under mutex_
  bool stop_ = false;   // under mutex_
  std::thread thread_;
};

}  // namespace rtcn
