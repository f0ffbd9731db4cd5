// Adapters from libwebrtc's SDP observers to plain callbacks (all called on the signaling
// thread; M109 calls the set-description observers before its operation ends).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "api/jsep.h"
#include "api/make_ref_counted.h"
#include "api/set_local_description_observer_interface.h"
#include "api/set_remote_description_observer_interface.h"
#include "description_guard.h"

namespace rtcn {

class CreateDescriptionObserver : public webrtc::CreateSessionDescriptionObserver {
 public:
  // success(type, sdp) or failure(error), once.
  using Success = std::function<void(webrtc::SdpType type, std::string sdp)>;
  using Failure = std::function<void(webrtc::RTCError error)>;

  static rtc::scoped_refptr<CreateDescriptionObserver> Make(Success success, Failure failure) {
    return rtc::make_ref_counted<CreateDescriptionObserver>(std::move(success), std::move(failure));
  }
  CreateDescriptionObserver(Success success, Failure failure)
      : success_(std::move(success)), failure_(std::move(failure)) {}

  // Takes ownership of description.
  void OnSuccess(webrtc::SessionDescriptionInterface* description) override {
    std::unique_ptr<webrtc::SessionDescriptionInterface> owned(description);
    std::string sdp;
    owned->ToString(&sdp);
    RestoreProtocols(&sdp);
    success_(owned->GetType(), std::move(sdp));
  }
  void OnFailure(webrtc::RTCError error) override { failure_(std::move(error)); }

 private:
  Success success_;
  Failure failure_;
};

class SetLocalDescriptionObserver : public webrtc::SetLocalDescriptionObserverInterface {
 public:
  using Done = std::function<void(webrtc::RTCError error)>;
  static rtc::scoped_refptr<SetLocalDescriptionObserver> Make(Done done) {
    return rtc::make_ref_counted<SetLocalDescriptionObserver>(std::move(done));
  }
  explicit SetLocalDescriptionObserver(Done done) : done_(std::move(done)) {}
  void OnSetLocalDescriptionComplete(webrtc::RTCError error) override {
    // libwebrtc M109 rewraps its state check as INTERNAL_ERROR ("Failed to set local offer sdp:
    // Called in wrong state: ..."); webrtc-pc and Chrome report InvalidStateError.
    if (error.type() == webrtc::RTCErrorType::INTERNAL_ERROR &&
        std::string(error.message()).find("Called in wrong state") != std::string::npos) {
      error = webrtc::RTCError(webrtc::RTCErrorType::INVALID_STATE, std::string(error.message()));
    }
    done_(std::move(error));
  }

 private:
  Done done_;
};

class SetRemoteDescriptionObserver : public webrtc::SetRemoteDescriptionObserverInterface {
 public:
  using Done = std::function<void(webrtc::RTCError error)>;
  static rtc::scoped_refptr<SetRemoteDescriptionObserver> Make(Done done) {
    return rtc::make_ref_counted<SetRemoteDescriptionObserver>(std::move(done));
  }
  explicit SetRemoteDescriptionObserver(Done done) : done_(std::move(done)) {}
  void OnSetRemoteDescriptionComplete(webrtc::RTCError error) override { done_(std::move(error)); }

 private:
  Done done_;
};

}  // namespace rtcn
