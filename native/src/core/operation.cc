#include "operation.h"

#include <vector>

#include "callbacks.h"

namespace rtcn {

bool Operation::Claim() {
  if (done_.exchange(true)) return false;
  registry_->Remove(this);
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

void Operation::Succeed() {
  auto keep = shared_from_this();
  if (Claim()) Deliver(nullptr, RTCN_SDP_TYPE_OFFER, nullptr);
}

void Operation::SucceedWithDescription(rtcn_sdp_type type, const std::string& sdp) {
  auto keep = shared_from_this();
  if (Claim()) Deliver(nullptr, type, sdp.c_str());
}

void Operation::SucceedWithText(const std::string& text) {
  auto keep = shared_from_this();
  if (Claim()) Deliver(nullptr, RTCN_SDP_TYPE_OFFER, text.c_str());
}

void Operation::Fail(const Error& error) {
  auto keep = shared_from_this();
  if (!Claim()) return;
  rtcn_error view = error.View();
  Deliver(&view, RTCN_SDP_TYPE_OFFER, nullptr);
}

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

void OperationRegistry::FailAll(const Error& error, bool close_for_good) {
  std::vector<std::shared_ptr<Operation>> failing;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (close_for_good) closed_ = true;
    failing.assign(pending_.begin(), pending_.end());
  }
  // Outside the lock: Fail removes itself from the registry.
  for (auto& operation : failing) operation->Fail(error);
}

}  // namespace rtcn
