#include "operation.h"

#include <vector>

#include "callbacks.h"

namespace rtcn {

bool Operation::Claim() { return !done_.exchange(true); }

bool Operation::ClaimAndQueue(DeliveryQueue::Item completion) {
  {
    // Claiming and queueing are one step for the operations of a chain: a close that fails the others right then
    // queues their completions after this one, keeping the chain's order.
    std::unique_lock<std::mutex> order;
    if (order_) order = std::unique_lock<std::mutex>(*order_);
    if (!Claim()) return false;
    queue_->QueueCompletion(std::move(completion));
  }
  queue_->Drain();  // outside the order lock: no callback runs under a lock of the shim
  Finish();
  return true;
}

void Operation::Finish() {
  if (on_done_) {
    auto on_done = std::move(on_done_);
    on_done_ = nullptr;
    on_done();
  }
}

bool Operation::Succeed(std::optional<SessionSnapshot> state) {
  return ClaimAndQueue([op = op_user_data_, kind = kind_, state = std::move(state)](void*) {
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks == nullptr) return;
    switch (kind) {
      case Kind::kPlain:
        if (callbacks->operation_complete) {
          SessionSnapshot::View view;
          if (state) state->MakeView(&view);
          callbacks->operation_complete(op, nullptr, state ? &view.state : nullptr);
        }
        break;
      case Kind::kSessionDescription:  // a description is always delivered with one
      case Kind::kText:
        break;
    }
  });
}

bool Operation::SucceedWithDescription(rtcn_sdp_type type, std::string sdp) {
  return ClaimAndQueue([op = op_user_data_, type, sdp = std::move(sdp)](void*) {
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks && callbacks->session_description_created)
      callbacks->session_description_created(op, nullptr, type, sdp.c_str());
  });
}

bool Operation::SucceedWithText(std::string text) {
  return ClaimAndQueue([op = op_user_data_, text = std::move(text)](void*) {
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks && callbacks->text_result) callbacks->text_result(op, nullptr, text.c_str());
  });
}

bool Operation::Fail(const Error& error, std::optional<SessionSnapshot> state) {
  return ClaimAndQueue([op = op_user_data_, kind = kind_, error, state = std::move(state)](void*) {
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks == nullptr) return;
    const rtcn_error view = error.View();
    switch (kind) {
      case Kind::kSessionDescription:
        if (callbacks->session_description_created)
          callbacks->session_description_created(op, &view, RTCN_SDP_TYPE_OFFER, nullptr);
        break;
      case Kind::kText:
        if (callbacks->text_result) callbacks->text_result(op, &view, nullptr);
        break;
      case Kind::kPlain:
        if (callbacks->operation_complete) {
          SessionSnapshot::View session;
          if (state) state->MakeView(&session);
          callbacks->operation_complete(op, &view, state ? &session.state : nullptr);
        }
        break;
    }
  });
}

bool OperationsChain::Enqueue(std::shared_ptr<Operation> operation, Start start) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return false;
  // Set before any other thread can see the operation: whoever completes it calls this once.
  const Operation* key = operation.get();
  operation->set_on_done([this, key] { OnDone(key); });
  operation->set_order_mutex(completion_order_);
  queue_.push_back(Entry{std::move(operation), std::move(start)});
  ScheduleLocked();
  return true;
}

void OperationsChain::Cancel(void* op_user_data) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Entry& entry : queue_) {
    if (entry.operation->op_user_data() == op_user_data) entry.canceled = true;
  }
}

bool OperationsChain::busy() {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_ != nullptr || !queue_.empty();
}

void OperationsChain::Close(const Error& error) {
  std::shared_ptr<Operation> running;
  std::deque<Entry> queued;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    closed_ = true;
    running = std::move(running_);
    queued.swap(queue_);
  }
  // In chain order: the running operation first, then the queued ones.
  if (running) running->Fail(error);
  for (Entry& entry : queued) entry.operation->Fail(error);
}

void OperationsChain::ScheduleLocked() {
  if (scheduled_ || running_ || queue_.empty() || closed_) return;
  scheduled_ = true;
  post_([this] { RunNext(); });
}

void OperationsChain::RunNext() {
  Entry entry;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    scheduled_ = false;
    if (running_ || closed_) return;
    if (queue_.empty()) {
      if (on_idle_) {
        auto on_idle = on_idle_;
        lock.unlock();  // it may queue work of its own
        on_idle();
      }
      return;
    }
    entry = std::move(queue_.front());
    queue_.pop_front();
    running_ = entry.operation;
  }
  if (entry.canceled) {
    entry.operation->Fail(MakeError(RTCN_ERROR_CANCELED, "the operation was canceled before it started"));
    return;
  }
  if (entry.operation->done()) return;  // the chain closed meanwhile
  started_.fetch_add(1);
  entry.start(entry.operation);
}

void OperationsChain::OnDone(const Operation* operation) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (running_.get() == operation) running_ = nullptr;
  if (running_ || closed_) return;
  if (queue_.empty()) {
    // Let the idle hook run on the signaling thread once the chain drained.
    if (on_idle_ && !scheduled_) {
      scheduled_ = true;
      post_([this] { RunNext(); });
    }
    return;
  }
  ScheduleLocked();
}

}  // namespace rtcn
