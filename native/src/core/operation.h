// Async operations: each completes exactly once through its callback, whether libwebrtc
// answers, the connection closes first, or the connection is released first.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "errors.h"
#include "live_objects.h"
#include "rtcnative.h"

namespace rtcn {

class OperationRegistry;

class Operation : public std::enable_shared_from_this<Operation> {
 public:
  // Which callback completes it: session_description_created, operation_complete, or
  // text_result (get_stats).
  enum class Kind { kSessionDescription, kPlain, kText };

  Operation(Kind kind, void* op_user_data, std::shared_ptr<OperationRegistry> registry)
      : kind_(kind), op_user_data_(op_user_data), registry_(std::move(registry)) {}

  // The first call wins; later ones do nothing.
  void Succeed();
  void SucceedWithDescription(rtcn_sdp_type type, const std::string& sdp);
  void SucceedWithText(const std::string& text);
  void Fail(const Error& error);
  // Succeed when error is OK, else Fail with it.
  void CompleteWith(const webrtc::RTCError& error);

 private:
  // True once for the first completion; then *error is set to the closing error, if closed.
  bool Claim(Error* closing_error, bool* closing);
  // The one completion: error NULL = success; replaced by the closing error once closed.
  void Complete(const Error* error, rtcn_sdp_type type, const char* text);
  // text is the SDP of a kSessionDescription, the result of a kText, ignored otherwise.
  void Deliver(const rtcn_error* error, rtcn_sdp_type type, const char* text);

  LiveObject<RTCN_OBJECT_OPERATION> live_;
  const Kind kind_;
  void* const op_user_data_;
  std::shared_ptr<OperationRegistry> registry_;
  std::atomic<bool> done_{false};
};

// The pending operations of one connection, so close and release can complete them.
class OperationRegistry {
 public:
  // A new pending operation; nullptr (and nothing registered) once the registry is closed.
  std::shared_ptr<Operation> Start(Operation::Kind kind, void* op_user_data,
                                   const std::shared_ptr<OperationRegistry>& self);
  void Remove(Operation* operation);
  // From now on every operation completes with error, whatever libwebrtc answers (its own
  // "session was shut down" failures race close()), and Start refuses new ones.
  void Close(const Error& error);
  // Completes the operations still pending (after Close) with its error.
  void FailPending();
  // The closing error, when closed.
  bool ClosingError(Error* error);

 private:
  std::mutex mutex_;
  bool closed_ = false;
  Error closing_error_;
  std::set<std::shared_ptr<Operation>> pending_;
};

}  // namespace rtcn
