#include "operation.h"

#include <vector>

#include "callbacks.h"

namespace rtcn {

bool Operation::Claim(Error* closing_error, bool* closing) {
  if (done_.exchange(true)) return false;
  registry_->Remove(this);
  *closing = registry_->ClosingError(closing_error);
  return true;
}

void Operation::Deliver(const rtcn_error* error, rtcn_sdp_type type, const char* text) {
  const rtcn_callbacks* callbacks = Callbacks();
  if (callbacks == nullptr) return;
  switch (kind_) {
    case Kind::kSessionDescription:
      if (callbacks->session_description_created)
        callbacks->session_description_created(op_user_data_, error, type, text);
      break;
    case Kind::kText:
      if (callbacks->text_result) callbacks->text_result(op_user_data_, error, text);
      break;
    case Kind::kPlain:
      if (callbacks->operation_complete) callbacks->operation_complete(op_user_data_, error);
      break;
  }
}

void Operation::Complete(const Error* error, rtcn_sdp_type type, const char* text) {
  auto keep = shared_from_this();
  Error closing_error;
  bool closing = false;
  if (!Claim(&closing_error, &closing)) return;
  if (closing) error = &closing_error;
  if (error == nullptr) {
    Deliver(nullptr, type, text);
    return;
  }
  rtcn_error view = error->View();
  Deliver(&view, RTCN_SDP_TYPE_OFFER, nullptr);
}

void Operation::Succeed() { Complete(nullptr, RTCN_SDP_TYPE_OFFER, nullptr); }

void Operation::SucceedWithDescription(rtcn_sdp_type type, const std::string& sdp) {
  Complete(nullptr, type, sdp.c_str());
}

void Operation::SucceedWithText(const std::string& text) { Complete(nullptr, RTCN_SDP_TYPE_OFFER, text.c_str()); }

void Operation::Fail(const Error& error) { Complete(&error, RTCN_SDP_TYPE_OFFER, nullptr); }

void Operation::CompleteWith(const webrtc::RTCError& error) {
  if (error.ok()) {
    Succeed();
  } else {
    Fail(FromRtcError(error));
  }
}

std::shared_ptr<Operation> OperationRegistry::Start(Operation::Kind kind, void* op_user_data,
                                                    const std::shared_ptr<OperationRegistry>& self) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return nullptr;
  auto operation = std::make_shared<Operation>(kind, op_user_data, self);
  pending_.insert(operation);
  return operation;
}

void OperationRegistry::Remove(Operation* operation) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->get() == operation) {
      pending_.erase(it);
      return;
    }
  }
}

void OperationRegistry::Close(const Error& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return;
  closed_ = true;
  closing_error_ = error;
}

bool OperationRegistry::ClosingError(Error* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) *error = closing_error_;
  return closed_;
}

void OperationRegistry::FailPending() {
  std::vector<std::shared_ptr<Operation>> failing;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    failing.assign(pending_.begin(), pending_.end());
  }
  // Outside the lock: completing removes an operation from the registry. Complete() swaps in
  // the closing error.
  for (auto& operation : failing) operation->Fail(closing_error_);
}

}  // namespace rtcn
