// Adapters from libwebrtc's SDP observers to an Operation.
#pragma once

#include <memory>
#include <string>

#include "api/jsep.h"
#include "api/make_ref_counted.h"
#include "api/set_local_description_observer_interface.h"
#include "api/set_remote_description_observer_interface.h"
#include "operation.h"

namespace rtcn {

class CreateDescriptionObserver : public webrtc::CreateSessionDescriptionObserver {
 public:
  static rtc::scoped_refptr<CreateDescriptionObserver> Make(std::shared_ptr<Operation> operation) {
    return rtc::make_ref_counted<CreateDescriptionObserver>(std::move(operation));
  }
  explicit CreateDescriptionObserver(std::shared_ptr<Operation> operation) : operation_(std::move(operation)) {}

  // Takes ownership of description.
  void OnSuccess(webrtc::SessionDescriptionInterface* description) override {
    std::unique_ptr<webrtc::SessionDescriptionInterface> owned(description);
    std::string sdp;
    owned->ToString(&sdp);
    rtcn_sdp_type type = owned->GetType() == webrtc::SdpType::kOffer ? RTCN_SDP_TYPE_OFFER : RTCN_SDP_TYPE_ANSWER;
    operation_->SucceedWithDescription(type, sdp);
  }
  void OnFailure(webrtc::RTCError error) override { operation_->Fail(FromRtcError(error)); }

 private:
  std::shared_ptr<Operation> operation_;
};

class SetLocalDescriptionObserver : public webrtc::SetLocalDescriptionObserverInterface {
 public:
  static rtc::scoped_refptr<SetLocalDescriptionObserver> Make(std::shared_ptr<Operation> operation) {
    return rtc::make_ref_counted<SetLocalDescriptionObserver>(std::move(operation));
  }
  explicit SetLocalDescriptionObserver(std::shared_ptr<Operation> operation) : operation_(std::move(operation)) {}
  void OnSetLocalDescriptionComplete(webrtc::RTCError error) override {
    // libwebrtc M109 rewraps its state check as INTERNAL_ERROR ("Failed to set local offer sdp:
    // Called in wrong state: ..."); webrtc-pc and Chrome report InvalidStateError.
    if (error.type() == webrtc::RTCErrorType::INTERNAL_ERROR &&
        std::string(error.message()).find("Called in wrong state") != std::string::npos) {
      error = webrtc::RTCError(webrtc::RTCErrorType::INVALID_STATE, std::string(error.message()));
    }
    operation_->CompleteWith(error);
  }

 private:
  std::shared_ptr<Operation> operation_;
};

class SetRemoteDescriptionObserver : public webrtc::SetRemoteDescriptionObserverInterface {
 public:
  static rtc::scoped_refptr<SetRemoteDescriptionObserver> Make(std::shared_ptr<Operation> operation) {
    return rtc::make_ref_counted<SetRemoteDescriptionObserver>(std::move(operation));
  }
  explicit SetRemoteDescriptionObserver(std::shared_ptr<Operation> operation) : operation_(std::move(operation)) {}
  void OnSetRemoteDescriptionComplete(webrtc::RTCError error) override { operation_->CompleteWith(error); }

 private:
  std::shared_ptr<Operation> operation_;
};

}  // namespace rtcn
