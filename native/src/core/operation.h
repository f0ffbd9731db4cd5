// Async operations of a connection and its operations chain (webrtc-pc [[Operations]]).
//
// An Operation completes exactly once, through its connection's DeliveryQueue, so its
// completion is ordered with the connection's events. The OperationsChain runs the chained ones
// (create offer/answer, set descriptions, add candidates) one at a time on the signaling
// thread, in call order; each starts only when the previous one completed, so the checks it
// makes at its start see the state every earlier operation left (never a state read earlier
// on another thread). getStats is not chained (as in webrtc-pc) but completes the same way.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/rtc_error.h"
#include "delivery_queue.h"
#include "errors.h"
#include "live_objects.h"
#include "rtcnative.h"
#include "session_state.h"

namespace rtcn {

class Operation {
 public:
  // Which callback completes it: session_description_created, operation_complete, text_result.
  enum class Kind { kSessionDescription, kPlain, kText };

  Operation(Kind kind, void* op_user_data, std::shared_ptr<DeliveryQueue> queue)
      : kind_(kind), op_user_data_(op_user_data), queue_(std::move(queue)) {}

  Kind kind() const { return kind_; }
  void* op_user_data() const { return op_user_data_; }
  bool done() const { return done_.load(); }

  // The first completion wins; later ones do nothing and return false. state (kPlain only)
  // is the session after the operation, when it changed anything.
  bool Succeed(std::optional<SessionSnapshot> state = std::nullopt);
  bool SucceedWithDescription(rtcn_sdp_type type, std::string sdp);
  bool SucceedWithText(std::string text);
  bool Fail(const Error& error, std::optional<SessionSnapshot> state = std::nullopt);

  // Called once after the completion was queued (the chain starts the next operation). Set
  // before the operation is shared with another thread.
  void set_on_done(std::function<void()> on_done) { on_done_ = std::move(on_done); }
  // Shared by the operations of one chain (set before the operation is shared with another thread).
  void set_order_mutex(std::shared_ptr<std::mutex> order) { order_ = std::move(order); }

 private:
  bool Claim();
  bool ClaimAndQueue(DeliveryQueue::Item completion);
  void Finish();

  LiveObject<RTCN_OBJECT_OPERATION> live_;
  const Kind kind_;
  void* const op_user_data_;
  const std::shared_ptr<DeliveryQueue> queue_;
  std::atomic<bool> done_{false};
  std::function<void()> on_done_;
  std::shared_ptr<std::mutex> order_;
};

class OperationsChain {
 public:
  // Runs on the signaling thread when the operation's turn comes; the operation's completion
  // (from any thread) lets the next one start.
  using Start = std::function<void(const std::shared_ptr<Operation>&)>;
  // Posts a task to the signaling thread (keeping the connection alive while it waits).
  using Post = std::function<void(std::function<void()>)>;

  explicit OperationsChain(Post post) : post_(std::move(post)) {}

  // Queues an operation; false once closed (then it is not queued and never completes).
  bool Enqueue(std::shared_ptr<Operation> operation, Start start);
  // Marks a queued operation canceled: it completes with RTCN_ERROR_CANCELED at its turn.
  void Cancel(void* op_user_data);
  // Refuses new operations and completes the running and queued ones with error, in order.
  void Close(const Error& error);
  // Whether an operation is running or queued.
  bool busy();
  // How many operations were started so far (a negotiation-needed event older than the last
  // start is stale).
  uint64_t started() const { return started_.load(); }
  // Called on the signaling thread each time the chain becomes idle.
  void set_on_idle(std::function<void()> on_idle) { on_idle_ = std::move(on_idle); }

 private:
  struct Entry {
    std::shared_ptr<Operation> operation;
    Start start;
    bool canceled = false;
  };

  void ScheduleLocked();
  void RunNext();  // signaling thread
  void OnDone(const Operation* operation);

  const Post post_;
  std::mutex mutex_;
  std::deque<Entry> queue_;
  std::shared_ptr<Operation> running_;
  bool scheduled_ = false;
  bool closed_ = false;
  std::atomic<uint64_t> started_{0};
  std::function<void()> on_idle_;
  const std::shared_ptr<std::mutex> completion_order_ = std::make_shared<std::mutex>();
};

}  // namespace rtcn
