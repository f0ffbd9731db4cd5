// Delivers one object's callbacks to its user_data one at a time, in the order they were
// produced, without holding a lock while a callback runs (a callback may take as long as the
// embedder's enqueue; release and close never wait for it).
//
// Whoever finds the queue idle runs the items, including ones other threads add meanwhile; so
// a callback may run on another libwebrtc thread than the one that produced it, or inside the
// ABI call that caused it (never inside one that must not call back: see each caller).
//
//  - Pending: items are held until Attach hands over the user_data (a remote data channel's
//    events before the embedder returned its user_data).
//  - Mute (close): events are dropped from now on; completions still run.
//  - Detach (release): like Mute; once the queued completions ran, user_data_released is
//    raised exactly once with the user_data, and nothing runs afterwards.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <utility>

#include "callbacks.h"

namespace rtcn {

class DeliveryQueue {
 public:
  using Item = std::function<void(void* user_data)>;

  explicit DeliveryQueue(void* user_data = nullptr, bool attached = false)
      : user_data_(user_data), attached_(attached) {}
  DeliveryQueue(const DeliveryQueue&) = delete;
  DeliveryQueue& operator=(const DeliveryQueue&) = delete;

  // An event: dropped once muted or detached. A template so that the common case (attached,
  // idle, nothing queued: every message of a busy channel) runs the callable directly, without
  // a std::function and its allocation.
  template <typename Fn>
  void Event(Fn&& event) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (muted_) return;
    if (attached_ && !draining_ && items_.empty()) {
      draining_ = true;
      void* user_data = user_data_;
      lock.unlock();
      event(user_data);
      lock.lock();
      DrainLocked(lock);
      return;
    }
    items_.push_back({false, Item(std::forward<Fn>(event))});
    if (attached_ && !draining_) DrainLocked(lock);
  }

  // A completion: delivered even when muted or detached (it frees the embedder's operation).
  void Completion(Item completion) {
    QueueCompletion(std::move(completion));
    Drain();
  }

  // A completion's place in the order, without delivering anything yet (the caller may hold a lock of its own:
  // no callback runs under it); Drain delivers.
  void QueueCompletion(Item completion) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back({true, std::move(completion)});
  }

  void Drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (attached_ && !draining_) DrainLocked(lock);
  }

  // Hands over the user_data and delivers what was held (once; later calls do nothing).
  void Attach(void* user_data) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (attached_ || released_) return;
    user_data_ = user_data;
    attached_ = true;
    if (!draining_) DrainLocked(lock);
  }

  // From now on events are dropped (queued ones too); completions still run.
  void Mute() {
    std::lock_guard<std::mutex> lock(mutex_);
    MuteLocked();
  }

  // Mute, then raise user_data_released once the queued completions ran (at once when idle).
  // A queue never attached has no user_data to release.
  void Detach() {
    std::unique_lock<std::mutex> lock(mutex_);
    MuteLocked();
    if (detached_) return;
    detached_ = true;
    attached_ = true;  // a pending queue has only completions left: run them
    if (!draining_) DrainLocked(lock);
  }

  bool muted() {
    std::lock_guard<std::mutex> lock(mutex_);
    return muted_;
  }

 private:
  struct Entry {
    bool completion;
    Item item;
  };

  void MuteLocked() {
    muted_ = true;
    for (auto it = items_.begin(); it != items_.end();) {
      it = it->completion ? std::next(it) : items_.erase(it);
    }
  }

  // Runs queued items until none is left; called with the lock held, returns with it held.
  void DrainLocked(std::unique_lock<std::mutex>& lock) {
    draining_ = true;
    while (!items_.empty()) {
      Entry entry = std::move(items_.front());
      items_.pop_front();
      void* user_data = user_data_;
      lock.unlock();
      entry.item(user_data);
      entry.item = nullptr;  // destroy what it captured outside the lock
      lock.lock();
    }
    draining_ = false;
    if (detached_ && !released_) {
      released_ = true;
      void* user_data = user_data_;
      lock.unlock();
      const rtcn_callbacks* callbacks = Callbacks();
      if (user_data != nullptr && callbacks != nullptr && callbacks->user_data_released != nullptr)
        callbacks->user_data_released(user_data);
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::deque<Entry> items_;
  void* user_data_;
  bool attached_;
  bool draining_ = false;
  bool muted_ = false;
  bool detached_ = false;
  bool released_ = false;
};

}  // namespace rtcn
