// One connection to the PulseAudio server driven by the calling thread (pa_mainloop, not the
// threaded loop): every wait is bounded by a deadline, so an unreachable or stuck server costs at
// most the caller's timeout, never a hang. The server is found as every libpulse client finds it
// (PULSE_SERVER, then the user's runtime directory).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/devices/pulse/pulse_library.h"

namespace rtcn {

class PulseSession {
 public:
  using Clock = std::chrono::steady_clock;

  PulseSession() = default;
  ~PulseSession();
  PulseSession(const PulseSession&) = delete;
  PulseSession& operator=(const PulseSession&) = delete;

  // Connects within the deadline; false (with error set) when libpulse or the server is missing.
  bool Connect(const char* client_name, Clock::time_point deadline, std::string* error);
  // Runs the loop until done() or the deadline (false) or the connection fails (false).
  bool RunUntil(const std::function<bool()>& done, Clock::time_point deadline);
  // Runs the loop once for at most timeout_ms (0: only what is ready); false when the connection failed.
  bool Iterate(int timeout_ms);
  // Makes a blocked Iterate return early (any thread).
  void Wakeup();

  const PulseLibrary* pulse() const { return pulse_; }
  pa_context* context() const { return context_; }
  bool Failed() const;

 private:
  const PulseLibrary* pulse_ = nullptr;
  pa_mainloop* loop_ = nullptr;
  pa_context* context_ = nullptr;
};

}  // namespace rtcn
