// Delivers one object's callbacks to its user_data, in order, and lets release wait for a
// running callback. Events raised before the embedder attached its user_data (a remote
// data channel delivers queued messages inside RegisterObserver) are held until Attach.
#pragma once

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace rtcn {

class DeliveryGate {
 public:
  using Event = std::function<void(void* user_data)>;

  // Runs event now with the user_data if attached, holds it if not yet attached, drops it
  // once detached. Callbacks never block nor re-enter the ABI, so holding the lock is safe.
  // A template so the attached path (every message of a busy channel) calls the callable
  // directly, without a std::function and its allocation.
  template <typename Fn>
  void Deliver(Fn&& event) {
    std::lock_guard<std::mutex> lock(mutex_);
    switch (state_) {
      case State::kPending: held_.emplace_back(std::forward<Fn>(event)); break;
      case State::kAttached: event(user_data_); break;
      case State::kDetached: break;
    }
  }

  void Attach(void* user_data) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (state_ != State::kPending) return;
    user_data_ = user_data;
    state_ = State::kAttached;
    for (auto& event : held_) event(user_data_);
    held_.clear();
  }

  // After Detach returns no callback of this object runs or will run.
  void Detach() {
    std::lock_guard<std::mutex> lock(mutex_);
    state_ = State::kDetached;
    held_.clear();
  }

 private:
  enum class State { kPending, kAttached, kDetached };
  std::mutex mutex_;
  State state_ = State::kPending;
  void* user_data_ = nullptr;
  std::vector<Event> held_;
};

}  // namespace rtcn
