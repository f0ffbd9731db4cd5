#include "core/devices/pulse/pulse_session.h"

#include <algorithm>

namespace rtcn {

PulseSession::~PulseSession() {
  if (context_ != nullptr) {
    pulse_->context_disconnect(context_);
    pulse_->context_unref(context_);
  }
  if (loop_ != nullptr) pulse_->mainloop_free(loop_);
}

bool PulseSession::Failed() const {
  const pa_context_state_t state = pulse_->context_get_state(context_);
  return state == PA_CONTEXT_FAILED || state == PA_CONTEXT_TERMINATED;
}

bool PulseSession::Connect(const char* client_name, Clock::time_point deadline, std::string* error) {
  pulse_ = Pulse();
  if (pulse_ == nullptr) {
    *error = "libpulse is not installed";
    return false;
  }
  loop_ = pulse_->mainloop_new();
  if (loop_ == nullptr) {
    *error = "pa_mainloop_new failed";
    return false;
  }
  context_ = pulse_->context_new(pulse_->mainloop_get_api(loop_), client_name);
  if (context_ == nullptr) {
    *error = "pa_context_new failed";
    return false;
  }
  // NOAUTOSPAWN: a library must not start a sound server as a side effect of listing devices.
  if (pulse_->context_connect(context_, nullptr, PA_CONTEXT_NOAUTOSPAWN, nullptr) < 0) {
    *error = std::string("no PulseAudio server: ") + pulse_->strerror(PA_ERR_CONNECTIONREFUSED);
    return false;
  }
  const bool ready = RunUntil([this] { return pulse_->context_get_state(context_) == PA_CONTEXT_READY; }, deadline);
  if (!ready) *error = Failed() ? "no PulseAudio server answers" : "the PulseAudio server did not answer in time";
  return ready;
}

bool PulseSession::Iterate(int timeout_ms) {
  if (pulse_->mainloop_prepare(loop_, timeout_ms * 1000) < 0) return false;
  if (pulse_->mainloop_poll(loop_) < 0) return false;
  if (pulse_->mainloop_dispatch(loop_) < 0) return false;
  return !Failed();
}

bool PulseSession::RunUntil(const std::function<bool()>& done, Clock::time_point deadline) {
  while (!done()) {
    if (Failed()) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    if (!Iterate(static_cast<int>(std::min<int64_t>(left, 100)))) return false;
  }
  return true;
}

void PulseSession::Wakeup() { pulse_->mainloop_wakeup(loop_); }

}  // namespace rtcn
