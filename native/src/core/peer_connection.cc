#include "peer_connection.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "api/jsep.h"
#include "api/jsep_ice_candidate.h"
#include "p2p/base/ice_transport_internal.h"
#include "pc/session_description.h"
#include "rtc_base/ssl_certificate.h"
#include "callbacks.h"
#include "data_channel.h"
#include "description_guard.h"
#include "media/media_track.h"
#include "rtp/transceiver.h"
#include "runtime.h"
#include "sdp_observers.h"
#include "stats.h"

namespace rtcn {
namespace {

using PCI = webrtc::PeerConnectionInterface;

rtcn_signaling_state ToAbi(PCI::SignalingState state) {
  switch (state) {
    case PCI::kStable: return RTCN_SIGNALING_STATE_STABLE;
    case PCI::kHaveLocalOffer: return RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER;
    case PCI::kHaveLocalPrAnswer: return RTCN_SIGNALING_STATE_HAVE_LOCAL_PRANSWER;
    case PCI::kHaveRemoteOffer: return RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER;
    case PCI::kHaveRemotePrAnswer: return RTCN_SIGNALING_STATE_HAVE_REMOTE_PRANSWER;
    case PCI::kClosed: return RTCN_SIGNALING_STATE_CLOSED;
  }
  return RTCN_SIGNALING_STATE_CLOSED;
}

rtcn_ice_gathering_state ToAbi(PCI::IceGatheringState state) {
  switch (state) {
    case PCI::kIceGatheringNew: return RTCN_ICE_GATHERING_STATE_NEW;
    case PCI::kIceGatheringGathering: return RTCN_ICE_GATHERING_STATE_GATHERING;
    case PCI::kIceGatheringComplete: return RTCN_ICE_GATHERING_STATE_COMPLETE;
  }
  return RTCN_ICE_GATHERING_STATE_COMPLETE;
}

rtcn_ice_connection_state ToAbi(PCI::IceConnectionState state) {
  switch (state) {
    case PCI::kIceConnectionNew: return RTCN_ICE_CONNECTION_STATE_NEW;
    case PCI::kIceConnectionChecking: return RTCN_ICE_CONNECTION_STATE_CHECKING;
    case PCI::kIceConnectionConnected: return RTCN_ICE_CONNECTION_STATE_CONNECTED;
    case PCI::kIceConnectionCompleted: return RTCN_ICE_CONNECTION_STATE_COMPLETED;
    case PCI::kIceConnectionFailed: return RTCN_ICE_CONNECTION_STATE_FAILED;
    case PCI::kIceConnectionDisconnected: return RTCN_ICE_CONNECTION_STATE_DISCONNECTED;
    case PCI::kIceConnectionClosed:
    case PCI::kIceConnectionMax: return RTCN_ICE_CONNECTION_STATE_CLOSED;
  }
  return RTCN_ICE_CONNECTION_STATE_CLOSED;
}

rtcn_peer_connection_state ToAbi(PCI::PeerConnectionState state) {
  using S = PCI::PeerConnectionState;
  switch (state) {
    case S::kNew: return RTCN_PEER_CONNECTION_STATE_NEW;
    case S::kConnecting: return RTCN_PEER_CONNECTION_STATE_CONNECTING;
    case S::kConnected: return RTCN_PEER_CONNECTION_STATE_CONNECTED;
    case S::kDisconnected: return RTCN_PEER_CONNECTION_STATE_DISCONNECTED;
    case S::kFailed: return RTCN_PEER_CONNECTION_STATE_FAILED;
    case S::kClosed: return RTCN_PEER_CONNECTION_STATE_CLOSED;
  }
  return RTCN_PEER_CONNECTION_STATE_CLOSED;
}

rtcn_sctp_transport_state ToAbi(webrtc::SctpTransportState state) {
  switch (state) {
    case webrtc::SctpTransportState::kNew:  // not a W3C state: negotiation has not begun
    case webrtc::SctpTransportState::kConnecting: return RTCN_SCTP_TRANSPORT_STATE_CONNECTING;
    case webrtc::SctpTransportState::kConnected: return RTCN_SCTP_TRANSPORT_STATE_CONNECTED;
    default: return RTCN_SCTP_TRANSPORT_STATE_CLOSED;
  }
}

rtcn_dtls_transport_state ToAbi(webrtc::DtlsTransportState state) {
  switch (state) {
    case webrtc::DtlsTransportState::kNew: return RTCN_DTLS_TRANSPORT_STATE_NEW;
    case webrtc::DtlsTransportState::kConnecting: return RTCN_DTLS_TRANSPORT_STATE_CONNECTING;
    case webrtc::DtlsTransportState::kConnected: return RTCN_DTLS_TRANSPORT_STATE_CONNECTED;
    case webrtc::DtlsTransportState::kFailed: return RTCN_DTLS_TRANSPORT_STATE_FAILED;
    default: return RTCN_DTLS_TRANSPORT_STATE_CLOSED;
  }
}

rtcn_sdp_type ToAbi(webrtc::SdpType type) {
  switch (type) {
    case webrtc::SdpType::kOffer: return RTCN_SDP_TYPE_OFFER;
    case webrtc::SdpType::kPrAnswer: return RTCN_SDP_TYPE_PRANSWER;
    case webrtc::SdpType::kAnswer: return RTCN_SDP_TYPE_ANSWER;
    case webrtc::SdpType::kRollback: return RTCN_SDP_TYPE_ROLLBACK;
  }
  return RTCN_SDP_TYPE_OFFER;
}

webrtc::SdpType ToSdpType(rtcn_sdp_type type) {
  switch (type) {
    case RTCN_SDP_TYPE_PRANSWER: return webrtc::SdpType::kPrAnswer;
    case RTCN_SDP_TYPE_ANSWER: return webrtc::SdpType::kAnswer;
    case RTCN_SDP_TYPE_ROLLBACK: return webrtc::SdpType::kRollback;
    case RTCN_SDP_TYPE_OFFER:
    case RTCN_SDP_TYPE_IMPLICIT: break;
  }
  return webrtc::SdpType::kOffer;
}

std::string CandidateText(const cricket::Candidate& candidate) {
  webrtc::JsepIceCandidate jsep("", -1, candidate);
  std::string text;
  return jsep.ToString(&text) ? text : std::string();
}

// 1-based number of the line whose text libwebrtc's parser rejected; 0 when not found.
int32_t LineNumberOf(const std::string& sdp, const std::string& bad_line) {
  if (bad_line.empty()) return 0;
  std::istringstream lines(sdp);
  std::string line;
  for (int32_t number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == bad_line) return number;
  }
  return 0;
}

// Parses a description; a malformed one gives OperationError with SdpSyntaxError.
std::unique_ptr<webrtc::SessionDescriptionInterface> Parse(webrtc::SdpType type, const std::string& sdp,
                                                           Error* error) {
  webrtc::SdpParseError parse_error;
  std::unique_ptr<webrtc::SessionDescriptionInterface> description =
      webrtc::CreateSessionDescription(type, sdp, &parse_error);
  if (!description) {
    *error = MakeError(RTCN_ERROR_OPERATION,
                       "Failed to parse SessionDescription. " + parse_error.line + " " + parse_error.description);
    error->detail = RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR;
    error->sdp_line_number = LineNumberOf(sdp, parse_error.line);
    return nullptr;
  }
  if (!EverySectionParsed(sdp, *description)) {
    *error = MakeError(RTCN_ERROR_OPERATION, "Failed to parse SessionDescription: an m= section has no media type");
    error->detail = RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR;
    return nullptr;
  }
  // Only descriptions libwebrtc can keep, read back and answer safely.
  if (!GuardDescription(description.get(), error)) return nullptr;
  return description;
}

void Describe(const webrtc::SessionDescriptionInterface* description, DescriptionSnapshot* out) {
  out->present = description != nullptr;
  if (!description) return;
  out->type = ToAbi(description->GetType());
  description->ToString(&out->sdp);
  RestoreProtocols(&out->sdp);
}

// The a=fingerprint values of a serialized description, in order.
std::vector<std::string> Fingerprints(const std::string& sdp) {
  std::vector<std::string> values;
  std::istringstream lines(sdp);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("a=fingerprint:", 0) != 0) continue;
    std::string value = line.substr(14);
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    values.push_back(std::move(value));
  }
  return values;
}

// Same certificates in the same order, compared by content: each conversion from PEM makes
// new objects, so libwebrtc's pointer comparison would see every list as different.
bool SameCertificates(const std::vector<rtc::scoped_refptr<rtc::RTCCertificate>>& a,
                      const std::vector<rtc::scoped_refptr<rtc::RTCCertificate>>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const rtc::RTCCertificatePEM left = a[i]->ToPEM();
    const rtc::RTCCertificatePEM right = b[i]->ToPEM();
    if (left.certificate() != right.certificate() || left.private_key() != right.private_key()) return false;
  }
  return true;
}

Error ClosedError() { return MakeError(RTCN_ERROR_CLOSED, "InvalidStateError: the RTCPeerConnection is closed"); }

// The stream ids this engine carries (RTCN_DATA_CHANNEL_MAX_ID): what maxChannels really is,
// whatever number of streams SCTP negotiated.
constexpr int32_t kMaxChannels = RTCN_DATA_CHANNEL_MAX_ID + 1;

}  // namespace

PeerConnection::PeerConnection(Runtime* runtime, void* user_data)
    : runtime_(runtime),
      queue_(std::make_shared<DeliveryQueue>(user_data, user_data != nullptr)),
      chain_([this](std::function<void()> task) { PostToSignaling(std::move(task)); }) {
  runtime_->AddRef();
  chain_.set_on_idle([this] {
    // A negotiation-needed event checked while operations were queued: ask again now.
    const uint32_t event_id = deferred_negotiation_event_;
    deferred_negotiation_event_ = 0;
    if (event_id == 0 || closed_.load()) return;
    queue_->Event([event_id](void* user_data) {
      const rtcn_callbacks* c = Callbacks();
      if (c && c->peer_connection_negotiation_needed) c->peer_connection_negotiation_needed(user_data, event_id);
    });
  });
}

PeerConnection* PeerConnection::Create(Runtime* runtime, const PCI::RTCConfiguration& config,
                                       const std::vector<std::string>& trusted_roots, void* user_data, Error* error) {
  auto* self = new PeerConnection(runtime, nullptr);  // no user_data to hand back if creation fails
  if (!self->trusted_roots_->Replace(trusted_roots, error)) {
    self->Release();
    return nullptr;
  }
  if (!runtime->AddConnection(self)) {
    *error = MakeError(RTCN_ERROR_CLOSED, "InvalidStateError: the factory was released");
    self->Release();
    return nullptr;
  }
  webrtc::PeerConnectionDependencies dependencies(self);
  dependencies.allocator = runtime->CreatePortAllocator();
  // Always installed: libwebrtc consults it only for a certificate its built-in roots refused,
  // and with no roots configured it refuses too.
  dependencies.tls_cert_verifier = std::make_unique<TrustedRootsVerifier>(self->trusted_roots_);
  auto result = runtime->factory()->CreatePeerConnectionOrError(config, std::move(dependencies));
  if (!result.ok()) {
    *error = FromRtcError(result.error());
    self->Release();
    return nullptr;
  }
  self->pc_ = result.MoveValue();
  self->queue_->Attach(user_data);
  return self;
}

PeerConnection::~PeerConnection() {
  runtime_->RemoveConnection(this);
  runtime_->Release();
  // Last: once the embedder hears of it, nothing of this connection is left (live count included).
  live_.End();
  queue_->Detach();
}

void PeerConnection::PostToSignaling(std::function<void()> task) {
  runtime_->signaling_thread()->PostTask([self = Ref<PeerConnection>(this), task = std::move(task)] { task(); });
}

// ------------------------------------------------------------------ close and release

void PeerConnection::Close() {
  if (closed_.exchange(true)) return;
  // W3C close() fires no event on the connection; its channels have queues of their own and
  // still report closing and closed. Pending operations complete with the closed error, in order.
  queue_->Mute();
  chain_.Close(ClosedError());
  PostToSignaling([this] { FinishClose(); });
}

void PeerConnection::ReleaseHandle() {
  Close();
  PostToSignaling([this] {
    release_requested_ = true;
    if (close_done_) Teardown();
  });
  Release();
}

void PeerConnection::FinishClose() {
  if (close_done_ || !pc_) return;
  // M109's close waits on the signaling thread for a pending stats request's network-thread
  // part; when both are one thread that part is queued behind us and the wait never ends. Let
  // the request finish first (it needs a few of this thread's tasks).
  if (stats_in_flight_.load() > 0 && runtime_->signaling_thread() == runtime_->network_thread()) {
    PostToSignaling([this] { FinishClose(); });
    return;
  }
  close_done_ = true;
  pc_->Close();
  SyncTransceivers();  // close() stopped every transceiver: their receivers' tracks end (no events)
  runtime_->network_thread()->BlockingCall([this] {
    if (observed_sctp_) observed_sctp_->UnregisterObserver();
    for (const ObservedDtls& dtls : observed_dtls_) Unobserve(dtls);
    observed_sctp_ = nullptr;
    observed_dtls_.clear();
    sctp_dtls_id_ = 0;
  });
  if (release_requested_) Teardown();
}

void PeerConnection::Teardown() {
  if (torn_down_) return;
  // As for close: destroying the connection waits for a pending stats request (see FinishClose).
  if (stats_in_flight_.load() > 0 && runtime_->signaling_thread() == runtime_->network_thread()) {
    PostToSignaling([this] { Teardown(); });
    return;
  }
  torn_down_ = true;
  for (DataChannel* channel : channels_) channel->DetachFromConnection();
  channels_.clear();
  {
    std::lock_guard<std::mutex> lock(listed_mutex_);
    listed_.clear();
  }
  // Handles the embedder holds stay valid and report the closed state.
  for (Transceiver* transceiver : transceivers_) transceiver->Detach();
  for (Transceiver* transceiver : transceivers_) transceiver->Release();
  transceivers_.clear();
  pc_ = nullptr;  // libwebrtc destroys its connection here, on the signaling thread
  runtime_->RemoveConnection(this);
  // user_data_released follows from the destructor, once the last task holding this ended.
}

// ------------------------------------------------------------------ the operations chain

rtcn_status PeerConnection::Chain(Operation::Kind kind, void* op_user_data, OperationsChain::Start start) {
  if (closed_.load()) return Fail(ClosedError());
  auto operation = std::make_shared<Operation>(kind, op_user_data, queue_);
  if (!chain_.Enqueue(std::move(operation), std::move(start))) return Fail(ClosedError());
  return RTCN_OK;
}

rtcn_status PeerConnection::CreateOffer(const rtcn_offer_options* options, void* op_user_data) {
  PCI::RTCOfferAnswerOptions offer_options;
  if (options) {
    offer_options.ice_restart = options->ice_restart != 0;
    if (options->offer_to_receive_audio >= 0) offer_options.offer_to_receive_audio = options->offer_to_receive_audio;
    if (options->offer_to_receive_video >= 0) offer_options.offer_to_receive_video = options->offer_to_receive_video;
  }
  return Chain(Operation::Kind::kSessionDescription, op_user_data,
               [this, offer_options](const std::shared_ptr<Operation>& operation) {
                 webrtc::RTCError refused = CheckCanOffer();
                 if (!refused.ok()) {
                   operation->Fail(FromRtcError(refused));
                   return;
                 }
                 pc_->CreateOffer(CreateDescriptionObserver::Make(
                                      [self = Ref<PeerConnection>(this), operation](webrtc::SdpType type, std::string sdp) {
                                        self->last_offer_ = sdp;  // [[LastCreatedOffer]]
                                        operation->SucceedWithDescription(ToAbi(type), std::move(sdp));
                                      },
                                      [operation](webrtc::RTCError error) { operation->Fail(FromRtcError(error)); })
                                      .get(),
                                  offer_options);
               });
}

rtcn_status PeerConnection::CreateAnswer(void* op_user_data) {
  return Chain(Operation::Kind::kSessionDescription, op_user_data, [this](const std::shared_ptr<Operation>& operation) {
    pc_->CreateAnswer(CreateDescriptionObserver::Make(
                          [self = Ref<PeerConnection>(this), operation](webrtc::SdpType type, std::string sdp) {
                            self->last_answer_ = sdp;  // [[LastCreatedAnswer]]
                            operation->SucceedWithDescription(ToAbi(type), std::move(sdp));
                          },
                          [operation](webrtc::RTCError error) { operation->Fail(FromRtcError(error)); })
                          .get(),
                      PCI::RTCOfferAnswerOptions());
  });
}

rtcn_status PeerConnection::SetLocalDescription(rtcn_sdp_type type, const char* sdp, void* op_user_data) {
  const bool has_sdp = sdp != nullptr && type != RTCN_SDP_TYPE_ROLLBACK && type != RTCN_SDP_TYPE_IMPLICIT;
  return Chain(Operation::Kind::kPlain, op_user_data,
               [this, type, has_sdp, text = std::string(has_sdp ? sdp : "")](const std::shared_ptr<Operation>& operation) {
                 StartSetLocalDescription(operation, type, has_sdp ? &text : nullptr);
               });
}

rtcn_status PeerConnection::SetRemoteDescription(rtcn_sdp_type type, const char* sdp, void* op_user_data) {
  return Chain(Operation::Kind::kPlain, op_user_data,
               [this, type, text = std::string(sdp ? sdp : "")](const std::shared_ptr<Operation>& operation) {
                 StartSetRemoteDescription(operation, type, text);
               });
}

webrtc::RTCError PeerConnection::CheckCanOffer() {
  // webrtc-pc: createOffer outside stable and have-local-offer is an InvalidStateError.
  const PCI::SignalingState state = pc_->signaling_state();
  if (state != PCI::kStable && state != PCI::kHaveLocalOffer) {
    return webrtc::RTCError(webrtc::RTCErrorType::INVALID_STATE,
                            "createOffer: the signaling state is not stable or have-local-offer");
  }
  // M109 builds an offer from its local and remote descriptions and CHECKs (aborting the process) what a
  // remote description it refused but kept, or a rollback, can leave inconsistent: an unknown section needs
  // its twin in the local description, and a data section still in use needs the SCTP transport.
  const webrtc::SessionDescriptionInterface* local = pc_->local_description();
  const webrtc::SessionDescriptionInterface* remote = pc_->remote_description();
  const cricket::ContentInfos none;
  const cricket::ContentInfos& local_contents = local ? local->description()->contents() : none;
  const cricket::ContentInfos& remote_contents = remote ? remote->description()->contents() : none;
  const bool has_sctp = pc_->GetSctpTransport() != nullptr;
  for (size_t i = 0; i < std::max(local_contents.size(), remote_contents.size()); ++i) {
    const cricket::ContentInfo* local_content = i < local_contents.size() ? &local_contents[i] : nullptr;
    const cricket::ContentInfo* content = local_content ? local_content : &remote_contents[i];
    const cricket::MediaType type = content->media_description()->type();
    if (type == cricket::MEDIA_TYPE_UNSUPPORTED &&
        !(local_content && local_content->media_description()->type() == cricket::MEDIA_TYPE_UNSUPPORTED)) {
      return webrtc::RTCError(webrtc::RTCErrorType::INTERNAL_ERROR,
                              "createOffer: the remote description kept an unknown m= section this side never answered");
    }
    if (type == cricket::MEDIA_TYPE_DATA && !has_sctp) {
      const cricket::ContentInfo* current_local =
          pc_->current_local_description() && i < pc_->current_local_description()->description()->contents().size()
              ? &pc_->current_local_description()->description()->contents()[i]
              : nullptr;
      const cricket::ContentInfo* current_remote =
          pc_->current_remote_description() && i < pc_->current_remote_description()->description()->contents().size()
              ? &pc_->current_remote_description()->description()->contents()[i]
              : nullptr;
      const bool rejected = (current_local && current_local->rejected) || (current_remote && current_remote->rejected);
      if (!rejected) {
        return webrtc::RTCError(webrtc::RTCErrorType::INTERNAL_ERROR,
                                "createOffer: the descriptions name a data section that has no SCTP transport "
                                "(left by a refused remote description or a rollback)");
      }
    }
  }
  return webrtc::RTCError::OK();
}

webrtc::RTCError PeerConnection::CheckRollback(bool local) {
  // webrtc-pc rolls back only an offer of the side that rolls back; libwebrtc accepts either.
  const PCI::SignalingState state = pc_->signaling_state();
  const bool remote_offer = state == PCI::kHaveRemoteOffer || state == PCI::kHaveRemotePrAnswer;
  const bool local_offer = state == PCI::kHaveLocalOffer || state == PCI::kHaveLocalPrAnswer;
  if (local && remote_offer) {
    return webrtc::RTCError(webrtc::RTCErrorType::INVALID_STATE,
                            "setLocalDescription(rollback): the signaling state is have-remote-offer; only "
                            "setRemoteDescription can roll that offer back");
  }
  if (!local && local_offer) {
    return webrtc::RTCError(webrtc::RTCErrorType::INVALID_STATE,
                            "setRemoteDescription(rollback): the signaling state is have-local-offer; only "
                            "setLocalDescription can roll that offer back");
  }
  return webrtc::RTCError::OK();
}

void PeerConnection::StartSetLocalDescription(const std::shared_ptr<Operation>& operation, rtcn_sdp_type type,
                                              const std::string* sdp) {
  auto done = SetLocalDescriptionObserver::Make([self = Ref<PeerConnection>(this), operation](webrtc::RTCError error) {
    self->CompleteSessionOperation(operation, std::move(error));
  });
  if (type == RTCN_SDP_TYPE_ROLLBACK) {
    webrtc::RTCError refused = CheckRollback(true);
    if (!refused.ok()) {
      CompleteSessionOperation(operation, std::move(refused));
      return;
    }
    pc_->SetLocalDescription(webrtc::CreateSessionDescription(webrtc::SdpType::kRollback, ""), done);
    return;
  }
  if (type == RTCN_SDP_TYPE_IMPLICIT) {
    // In stable or have-local-offer the implicit description is a new offer.
    const PCI::SignalingState state = pc_->signaling_state();
    if (state == PCI::kStable || state == PCI::kHaveLocalOffer) {
      webrtc::RTCError refused = CheckCanOffer();
      if (!refused.ok()) {
        CompleteSessionOperation(operation, std::move(refused));
        return;
      }
    }
    pc_->SetLocalDescription(done);
    return;
  }
  std::string text;
  if (sdp != nullptr) {
    text = *sdp;
  } else {
    // webrtc-pc: an offer/answer type without SDP applies [[LastCreatedOffer]] /
    // [[LastCreatedAnswer]]; with none, one is created now and applied with that type.
    text = type == RTCN_SDP_TYPE_OFFER ? last_offer_ : last_answer_;
    if (text.empty()) {
      auto apply = [self = Ref<PeerConnection>(this), operation, type, done](webrtc::SdpType, std::string created) {
        if (self->closed_.load() || !self->pc_) {
          operation->Fail(ClosedError());
          return;
        }
        Error error;
        auto description = Parse(ToSdpType(type), created, &error);
        if (!description) {
          operation->Fail(error);
          return;
        }
        self->pc_->SetLocalDescription(std::move(description), done);
      };
      auto failed = [operation](webrtc::RTCError error) { operation->Fail(FromRtcError(error)); };
      if (type == RTCN_SDP_TYPE_OFFER) {
        webrtc::RTCError refused = CheckCanOffer();
        if (!refused.ok()) {
          CompleteSessionOperation(operation, std::move(refused));
          return;
        }
        pc_->CreateOffer(CreateDescriptionObserver::Make(
                             [self = Ref<PeerConnection>(this), apply](webrtc::SdpType t, std::string created) {
                               self->last_offer_ = created;
                               apply(t, std::move(created));
                             },
                             failed)
                             .get(),
                         PCI::RTCOfferAnswerOptions());
      } else {
        pc_->CreateAnswer(CreateDescriptionObserver::Make(
                              [self = Ref<PeerConnection>(this), apply](webrtc::SdpType t, std::string created) {
                                self->last_answer_ = created;
                                apply(t, std::move(created));
                              },
                              failed)
                              .get(),
                          PCI::RTCOfferAnswerOptions());
      }
      return;
    }
  }
  // Chrome refuses an offer or answer whose fingerprint differs from the one it created ("The SDP does not
  // match the previously generated SDP for this type"); other munging is allowed.
  const std::string& created = type == RTCN_SDP_TYPE_OFFER ? last_offer_ : last_answer_;
  if (sdp != nullptr && !created.empty() && Fingerprints(text) != Fingerprints(created)) {
    CompleteSessionOperation(operation, webrtc::RTCError(webrtc::RTCErrorType::INVALID_MODIFICATION,
                                                         "setLocalDescription: the SDP does not match the previously "
                                                         "generated SDP for this type (its fingerprint differs)"));
    return;
  }
  Error error;
  auto description = Parse(ToSdpType(type), text, &error);
  if (!description) {
    operation->Fail(error);
    return;
  }
  pc_->SetLocalDescription(std::move(description), done);
}

void PeerConnection::StartSetRemoteDescription(const std::shared_ptr<Operation>& operation, rtcn_sdp_type type,
                                               const std::string& sdp) {
  auto done = SetRemoteDescriptionObserver::Make([self = Ref<PeerConnection>(this), operation](webrtc::RTCError error) {
    self->CompleteSessionOperation(operation, std::move(error));
  });
  if (type == RTCN_SDP_TYPE_ROLLBACK) {
    webrtc::RTCError refused = CheckRollback(false);
    if (!refused.ok()) {
      CompleteSessionOperation(operation, std::move(refused));
      return;
    }
    pc_->SetRemoteDescription(webrtc::CreateSessionDescription(webrtc::SdpType::kRollback, ""), done);
    return;
  }
  Error error;
  auto description = Parse(ToSdpType(type), sdp, &error);
  if (!description) {
    operation->Fail(error);
    return;
  }
  pc_->SetRemoteDescription(std::move(description), done);
}

rtcn_status PeerConnection::AddIceCandidate(const rtcn_ice_candidate_init* candidate, void* op_user_data) {
  const bool end_of_candidates = candidate == nullptr || candidate->candidate == nullptr || candidate->candidate[0] == 0;
  std::string mid = candidate && candidate->sdp_mid ? candidate->sdp_mid : "";
  const int mline_index = candidate ? candidate->sdp_mline_index : -1;
  std::string ufrag = candidate && candidate->username_fragment ? candidate->username_fragment : "";
  std::string text = end_of_candidates ? "" : candidate->candidate;
  return Chain(Operation::Kind::kPlain, op_user_data,
               [this, end_of_candidates, mid = std::move(mid), mline_index, ufrag = std::move(ufrag),
                text = std::move(text)](const std::shared_ptr<Operation>& operation) {
                 std::unique_ptr<webrtc::IceCandidateInterface> parsed;
                 if (!end_of_candidates) {
                   webrtc::SdpParseError parse_error;
                   parsed.reset(webrtc::CreateIceCandidate(mid, mline_index < 0 ? 0 : mline_index, text, &parse_error));
                   if (!parsed) {
                     operation->Fail(MakeError(RTCN_ERROR_OPERATION, "OperationError: malformed candidate: " +
                                                                         parse_error.line + " " + parse_error.description));
                     return;
                   }
                 }
                 StartAddIceCandidate(operation, end_of_candidates, std::move(parsed), mid, mline_index, ufrag);
               });
}

namespace {

// The ICE ufrag of the m= section a candidate names (by mid, else by index) in a remote
// description; nullptr when the description has no such section.
const std::string* SectionUfrag(const webrtc::SessionDescriptionInterface* description, const std::string& mid,
                                int mline_index) {
  if (!description) return nullptr;
  const cricket::SessionDescription* session = description->description();
  const cricket::ContentInfos& contents = session->contents();
  const cricket::ContentInfo* content = nullptr;
  if (!mid.empty()) {
    for (const cricket::ContentInfo& info : contents) {
      if (info.name == mid) content = &info;
    }
  } else if (mline_index >= 0 && static_cast<size_t>(mline_index) < contents.size()) {
    content = &contents[mline_index];
  }
  if (!content) return nullptr;
  const cricket::TransportInfo* transport = session->GetTransportInfoByName(content->name);
  return transport ? &transport->description.ice_ufrag : nullptr;
}

}  // namespace

void PeerConnection::StartAddIceCandidate(const std::shared_ptr<Operation>& operation, bool end_of_candidates,
                                          std::unique_ptr<webrtc::IceCandidateInterface> candidate,
                                          const std::string& mid, int mline_index, const std::string& ufrag) {
  // webrtc-pc: a candidate whose usernameFragment matches no ICE ufrag of its m= section in an
  // applied remote description is refused; libwebrtc would keep it for a later ICE generation.
  // Checked here, when the candidate's turn comes, against the descriptions as they are then.
  if (!end_of_candidates && !ufrag.empty()) {
    const std::string* current = SectionUfrag(pc_->current_remote_description(), mid, mline_index);
    const std::string* pending = SectionUfrag(pc_->pending_remote_description(), mid, mline_index);
    if ((current || pending) && !(current && *current == ufrag) && !(pending && *pending == ufrag)) {
      CompleteSessionOperation(operation,
                               webrtc::RTCError(webrtc::RTCErrorType::OPERATION_ERROR_WITH_DATA,
                                                "addIceCandidate: usernameFragment \"" + ufrag +
                                                    "\" matches no ICE ufrag of that m-section in the remote description"));
      return;
    }
  }
  // End-of-candidates goes down libwebrtc's chain as a null candidate, so it fails without a
  // remote description as the spec says; libwebrtc then reports the null candidate itself as
  // unsupported, which is success.
  pc_->AddIceCandidate(std::move(candidate), [self = Ref<PeerConnection>(this), operation, end_of_candidates](webrtc::RTCError error) {
    const bool null_candidate_refused = end_of_candidates && error.type() == webrtc::RTCErrorType::UNSUPPORTED_OPERATION;
    self->CompleteSessionOperation(operation, null_candidate_refused ? webrtc::RTCError::OK() : std::move(error));
  });
}

void PeerConnection::CompleteSessionOperation(const std::shared_ptr<Operation>& operation, webrtc::RTCError error) {
  if (operation->done() || closed_.load()) {
    // Closed meanwhile: the chain completed it with the closed error.
    operation->Fail(ClosedError());
    return;
  }
  SyncTransceivers();  // mids, directions and stopped transceivers, before the completion
  SessionSnapshot snapshot = TakeSessionSnapshot();
  // Channels get their stream id once the DTLS role is known (from a description on).
  for (DataChannel* channel : channels_) channel->RefreshId();
  if (error.ok()) {
    operation->Succeed(std::move(snapshot));
  } else {
    operation->Fail(FromRtcError(error), std::move(snapshot));
  }
}

// ------------------------------------------------------------------ snapshots

SessionSnapshot PeerConnection::TakeSessionSnapshot() {
  SessionSnapshot snapshot;
  snapshot.signaling_changes.swap(signaling_changes_);
  snapshot.signaling_state = ToAbi(pc_->signaling_state());
  Describe(pc_->current_local_description(), &snapshot.current_local);
  Describe(pc_->pending_local_description(), &snapshot.pending_local);
  Describe(pc_->current_remote_description(), &snapshot.current_remote);
  Describe(pc_->pending_remote_description(), &snapshot.pending_remote);
  const absl::optional<bool> trickle = pc_->can_trickle_ice_candidates();
  snapshot.can_trickle = trickle ? (*trickle ? 1 : 0) : -1;
  // libwebrtc's transport starts controlling on both sides; an answerer switches only when it applies its
  // answer. So the role is known once this side applied a description (an offerer is controlling).
  role_known_.store(snapshot.current_local.present || snapshot.pending_local.present);
  snapshot.transports = ObserveTransports();
  return snapshot;
}

TransportsSnapshot PeerConnection::ObserveTransports() {
  rtc::scoped_refptr<webrtc::SctpTransportInterface> sctp = close_done_ ? nullptr : pc_->GetSctpTransport();
  // Each transceiver's DTLS transport (its sender's and receiver's: one m-line), asked here on
  // the signaling thread, where the senders' proxies answer.
  std::vector<rtc::scoped_refptr<webrtc::DtlsTransportInterface>> used;
  if (!close_done_) {
    for (Transceiver* transceiver : transceivers_) {
      used.push_back(transceiver->native() ? transceiver->native()->sender()->dtls_transport() : nullptr);
    }
  }
  std::vector<uint64_t> ids(used.size(), 0);
  TransportsSnapshot snapshot = runtime_->network_thread()->BlockingCall([&] {
    if (sctp != observed_sctp_) {
      if (observed_sctp_) observed_sctp_->UnregisterObserver();
      observed_sctp_ = sctp;
      if (sctp) sctp->RegisterObserver(this);
    }
    // Observe the transports in use now, keeping the ids of the ones seen before (a new
    // transport gets a new id, also at a freed one's address).
    std::vector<ObservedDtls> next;
    auto observe = [&](const rtc::scoped_refptr<webrtc::DtlsTransportInterface>& dtls) -> uint64_t {
      if (!dtls) return 0;
      for (const ObservedDtls& seen : next)
        if (seen.transport == dtls) return seen.id;
      for (const ObservedDtls& seen : observed_dtls_) {
        if (seen.transport == dtls) {
          next.push_back(seen);
          return seen.id;
        }
      }
      next.push_back({dtls, ++last_dtls_id_});
      Observe(next.back());
      return last_dtls_id_;
    };
    sctp_dtls_id_ = observe(sctp ? sctp->dtls_transport() : nullptr);
    for (size_t i = 0; i < used.size(); ++i) ids[i] = observe(used[i]);
    for (const ObservedDtls& seen : observed_dtls_) {
      const bool kept = std::any_of(next.begin(), next.end(), [&](const ObservedDtls& o) { return o.id == seen.id; });
      if (!kept) Unobserve(seen);
    }
    observed_dtls_.swap(next);
    TransportsSnapshot built = BuildTransports();
    built.sequence = ++transports_sequence_;
    pushed_transports_ = built;
    return built;
  });
  // Before the snapshot reaches the embedder (it travels with the completion that follows).
  for (size_t i = 0; i < used.size(); ++i) transceivers_[i]->SetDtlsTransportId(ids[i]);
  return snapshot;
}

TransportsSnapshot PeerConnection::BuildTransports() {
  TransportsSnapshot snapshot;
  snapshot.ice_state = ice_state_.load();
  snapshot.ice_gathering_state = gathering_state_.load();
  if (observed_sctp_) {
    snapshot.sctp_present = true;
    const webrtc::SctpTransportInformation sctp = observed_sctp_->Information();
    snapshot.sctp_state = ToAbi(sctp.state());
    // Without a=max-message-size the remote limit is 65536 (RFC 8841); dcsctp sends no more than
    // RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES.
    snapshot.sctp_max_message_size =
        std::min<double>(sctp.MaxMessageSize().value_or(65536), RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES);
    snapshot.sctp_max_channels = sctp.MaxChannels() ? std::min(*sctp.MaxChannels(), kMaxChannels) : -1;
    snapshot.sctp_dtls_id = sctp_dtls_id_;
  }
  for (const ObservedDtls& observed : observed_dtls_) snapshot.dtls.push_back(DescribeDtls(observed));
  return snapshot;
}

namespace {

// The ICE transport under a DTLS transport; null once libwebrtc let go of it.
cricket::IceTransportInternal* IceOf(const rtc::scoped_refptr<webrtc::DtlsTransportInterface>& dtls) {
  rtc::scoped_refptr<webrtc::IceTransportInterface> ice = dtls->ice_transport();
  return ice ? ice->internal() : nullptr;
}

rtcn_ice_connection_state ToAbi(webrtc::IceTransportState state) {
  switch (state) {
    case webrtc::IceTransportState::kNew: return RTCN_ICE_CONNECTION_STATE_NEW;
    case webrtc::IceTransportState::kChecking: return RTCN_ICE_CONNECTION_STATE_CHECKING;
    case webrtc::IceTransportState::kConnected: return RTCN_ICE_CONNECTION_STATE_CONNECTED;
    case webrtc::IceTransportState::kCompleted: return RTCN_ICE_CONNECTION_STATE_COMPLETED;
    case webrtc::IceTransportState::kFailed: return RTCN_ICE_CONNECTION_STATE_FAILED;
    case webrtc::IceTransportState::kDisconnected: return RTCN_ICE_CONNECTION_STATE_DISCONNECTED;
    case webrtc::IceTransportState::kClosed: return RTCN_ICE_CONNECTION_STATE_CLOSED;
  }
  return RTCN_ICE_CONNECTION_STATE_NEW;
}

rtcn_ice_gathering_state ToAbi(cricket::IceGatheringState state) {
  switch (state) {
    case cricket::kIceGatheringNew: return RTCN_ICE_GATHERING_STATE_NEW;
    case cricket::kIceGatheringGathering: return RTCN_ICE_GATHERING_STATE_GATHERING;
    case cricket::kIceGatheringComplete: return RTCN_ICE_GATHERING_STATE_COMPLETE;
  }
  return RTCN_ICE_GATHERING_STATE_NEW;
}

}  // namespace

void PeerConnection::Observe(const ObservedDtls& observed) {
  observed.transport->RegisterObserver(this);
  if (cricket::IceTransportInternal* ice = IceOf(observed.transport)) {
    ice->SignalIceTransportStateChanged.connect(this, &PeerConnection::OnIceTransportChange);
    ice->SignalGatheringState.connect(this, &PeerConnection::OnIceTransportChange);
  }
}

void PeerConnection::Unobserve(const ObservedDtls& observed) {
  observed.transport->UnregisterObserver();
  // A transport libwebrtc destroyed has no internal ICE transport any more (its signals
  // disconnected themselves when they were destroyed).
  if (cricket::IceTransportInternal* ice = IceOf(observed.transport)) {
    ice->SignalIceTransportStateChanged.disconnect(this);
    ice->SignalGatheringState.disconnect(this);
  }
}

void PeerConnection::OnIceTransportChange(cricket::IceTransportInternal*) { PushTransportsIfChanged(); }

DtlsTransportSnapshot PeerConnection::DescribeDtls(const ObservedDtls& observed) {
  DtlsTransportSnapshot snapshot;
  snapshot.id = observed.id;
  const webrtc::DtlsTransportInformation dtls = observed.transport->Information();
  snapshot.state = ToAbi(dtls.state());
  if (const rtc::SSLCertChain* chain = dtls.remote_ssl_certificates()) {
    for (size_t i = 0; i < chain->GetSize(); ++i) {
      rtc::Buffer der;
      chain->Get(i).ToDER(&der);
      snapshot.certificates.append(reinterpret_cast<const char*>(der.data()), der.size());
      snapshot.certificate_lengths.push_back(static_cast<uint32_t>(der.size()));
    }
  }
  cricket::IceTransportInternal* internal = IceOf(observed.transport);
  if (!internal) return snapshot;
  snapshot.ice_state = ToAbi(internal->GetIceTransportState());
  snapshot.ice_gathering_state = ToAbi(internal->gathering_state());
  switch (role_known_.load() ? internal->GetIceRole() : cricket::ICEROLE_UNKNOWN) {
    case cricket::ICEROLE_CONTROLLING: snapshot.ice_role = RTCN_ICE_ROLE_CONTROLLING; break;
    case cricket::ICEROLE_CONTROLLED: snapshot.ice_role = RTCN_ICE_ROLE_CONTROLLED; break;
    default: snapshot.ice_role = RTCN_ICE_ROLE_UNKNOWN; break;
  }
  if (absl::optional<const cricket::CandidatePair> pair = internal->GetSelectedCandidatePair()) {
    snapshot.selected_local = CandidateText(pair->local_candidate());
    snapshot.selected_remote = CandidateText(pair->remote_candidate());
  }
  return snapshot;
}

void PeerConnection::PushTransportsIfChanged() {
  if (closed_.load()) return;
  TransportsSnapshot snapshot = BuildTransports();
  if (snapshot == pushed_transports_) return;
  snapshot.sequence = ++transports_sequence_;
  pushed_transports_ = snapshot;
  queue_->Event([snapshot = std::move(snapshot)](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (!c || !c->peer_connection_transports_change) return;
    std::vector<rtcn_dtls_transport_info> dtls;
    const rtcn_transports_info info = snapshot.View(&dtls);
    c->peer_connection_transports_change(user_data, &info);
  });
}

void PeerConnection::RefreshTransports() {
  rtc::Thread* network = runtime_->network_thread();
  if (network->IsCurrent()) {
    PushTransportsIfChanged();
    return;
  }
  network->PostTask([self = Ref<PeerConnection>(this)] { self->PushTransportsIfChanged(); });
}

// ------------------------------------------------------------------ other members

bool PeerConnection::ShouldFireNegotiationNeeded(uint32_t event_id) {
  if (closed_.load()) return false;
  return runtime_->signaling_thread()->BlockingCall([&] {
    if (closed_.load() || !pc_) return false;
    // webrtc-pc: not while operations are queued. libwebrtc only sees the one we started, so
    // we remember the event and raise it again when our chain is idle (it is checked again then).
    if (chain_.busy()) {
      deferred_negotiation_event_ = event_id;
      return false;
    }
    return pc_->ShouldFireNegotiationNeededEvent(event_id);
  });
}

void PeerConnection::RestartIce() {
  if (closed_.load()) return;
  // Posted: it runs before any operation started after this call (those are posted later).
  PostToSignaling([this] {
    if (!closed_.load() && pc_) pc_->RestartIce();
  });
}

rtcn_status PeerConnection::SetConfiguration(const PCI::RTCConfiguration& requested,
                                             const std::vector<std::string>& trusted_roots) {
  if (closed_.load()) return Fail(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
  // Parsed up front, applied with the servers: a refused configuration leaves both as they were.
  auto roots = std::make_shared<TrustedRoots>();
  if (Error parse_error; !roots->Replace(trusted_roots, &parse_error)) return Fail(parse_error);
  // Read, compare and apply in one signaling-thread task, so no concurrent change slips between.
  Error error;
  runtime_->signaling_thread()->BlockingCall([&] {
    if (closed_.load() || !pc_) {
      error = MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
      return;
    }
    PCI::RTCConfiguration applied = pc_->GetConfiguration();
    if (requested.bundle_policy != applied.bundle_policy) {
      error = MakeError(RTCN_ERROR_INVALID_MODIFICATION, "InvalidModificationError: bundlePolicy cannot change");
      return;
    }
    if (requested.rtcp_mux_policy != applied.rtcp_mux_policy) {
      error = MakeError(RTCN_ERROR_INVALID_MODIFICATION, "InvalidModificationError: rtcpMuxPolicy cannot change");
      return;
    }
    if (!requested.certificates.empty() && !SameCertificates(requested.certificates, applied.certificates)) {
      error = MakeError(RTCN_ERROR_INVALID_MODIFICATION, "InvalidModificationError: certificates cannot change");
      return;
    }
    // Start from the applied configuration: libwebrtc refuses any difference in the members
    // it cannot change, including ours (implicit rollback, semantics) and its certificates.
    applied.servers = requested.servers;
    applied.type = requested.type;
    applied.ice_candidate_pool_size = requested.ice_candidate_pool_size;
    webrtc::RTCError result = pc_->SetConfiguration(applied);
    if (!result.ok()) {
      error = FromRtcError(result);
      return;
    }
    trusted_roots_->Adopt(*roots);
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

rtcn_status PeerConnection::GetStats(void* op_user_data) {
  // Allowed after close, as in Chrome: the report then holds what is left (the peer-connection stats).
  auto operation = std::make_shared<Operation>(Operation::Kind::kText, op_user_data, queue_);
  stats_in_flight_.fetch_add(1);
  PostToSignaling([this, operation] {
    if (torn_down_ || !pc_) {
      operation->Fail(ClosedError());
      stats_in_flight_.fetch_sub(1);
      return;
    }
    // The callback may come after this connection was torn down (the split layout does not wait
    // for it): it holds its own reference.
    pc_->GetStats(
        StatsCallback::Make(operation, [self = Ref<PeerConnection>(this)] { self->stats_in_flight_.fetch_sub(1); })
            .get());
  });
  return RTCN_OK;
}

rtcn_status PeerConnection::CreateDataChannel(const char* label, const rtcn_data_channel_init* init, void* user_data,
                                              DataChannel** out_channel) {
  if (closed_.load()) return Fail(ClosedError());
  webrtc::DataChannelInit config;
  if (init) {
    config.ordered = init->ordered != 0;
    if (init->max_packet_life_time >= 0) config.maxRetransmitTime = init->max_packet_life_time;
    if (init->max_retransmits >= 0) config.maxRetransmits = init->max_retransmits;
    config.protocol = init->protocol ? init->protocol : "";
    config.negotiated = init->negotiated != 0;
    config.id = init->id;
  }
  // Created and observed in one signaling-thread task, so no event precedes the observer.
  Error error;
  DataChannel* channel = runtime_->signaling_thread()->BlockingCall([&]() -> DataChannel* {
    if (closed_.load() || !pc_) {
      error = ClosedError();
      return nullptr;
    }
    auto result = pc_->CreateDataChannelOrError(label, &config);
    if (!result.ok()) {
      error = FromRtcError(result.error());
      return nullptr;
    }
    auto* created = new DataChannel(this, result.MoveValue(), false, user_data);
    channels_.push_back(created);
    return created;
  });
  if (!channel) return Fail(error);
  *out_channel = channel;
  return RTCN_OK;
}

void PeerConnection::ForgetChannel(DataChannel* channel) {
  channels_.erase(std::remove(channels_.begin(), channels_.end(), channel), channels_.end());
}

// ------------------------------------------------------------------ observer

void PeerConnection::OnSignalingChange(PCI::SignalingState new_state) {
  signaling_state_.store(ToAbi(new_state));
  // Raised with the operation that caused it (its completion carries the states); close fires none.
  if (new_state != PCI::kClosed) signaling_changes_.push_back(ToAbi(new_state));
}

void PeerConnection::OnDataChannel(rtc::scoped_refptr<webrtc::DataChannelInterface> data_channel) {
  // The observer is attached now; the channel's events wait in its queue until the embedder
  // returns its user_data (or are dropped with the channel when it declines or never sees it).
  auto* channel = new DataChannel(this, std::move(data_channel), true, nullptr);
  channels_.push_back(channel);
  // Releases the channel unless the embedder took it: the event may be dropped (closed meanwhile).
  struct Offer {
    explicit Offer(DataChannel* offered) : channel(offered) {}
    Offer(const Offer&) = delete;
    Offer& operator=(const Offer&) = delete;
    ~Offer() {
      if (!taken) channel->ReleaseHandle();
    }
    DataChannel* const channel;
    bool taken = false;
  };
  auto offer = std::make_shared<Offer>(channel);
  queue_->Event([offer](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (!c || !c->peer_connection_data_channel) return;
    offer->taken = true;  // the callee owns the reference now, whatever it answers
    void* channel_user_data = c->peer_connection_data_channel(user_data, reinterpret_cast<rtcn_data_channel*>(offer->channel));
    if (channel_user_data != nullptr) {
      offer->channel->AttachUserData(channel_user_data);
    } else {
      offer->channel->ReleaseHandle();
    }
  });
}

void PeerConnection::OnNegotiationNeededEvent(uint32_t event_id) {
  queue_->Event([event_id](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (c && c->peer_connection_negotiation_needed) c->peer_connection_negotiation_needed(user_data, event_id);
  });
}

void PeerConnection::OnStandardizedIceConnectionChange(PCI::IceConnectionState new_state) {
  const rtcn_ice_connection_state state = ToAbi(new_state);
  ice_state_.store(state);
  queue_->Event([state](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (c && c->peer_connection_ice_connection_state_change) c->peer_connection_ice_connection_state_change(user_data, state);
  });
  RefreshTransports();  // the RTCIceTransport's state, after the connection's
}

void PeerConnection::OnConnectionChange(PCI::PeerConnectionState new_state) {
  queue_->Event([state = ToAbi(new_state)](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (c && c->peer_connection_connection_state_change) c->peer_connection_connection_state_change(user_data, state);
  });
}

void PeerConnection::OnIceGatheringChange(PCI::IceGatheringState new_state) {
  const rtcn_ice_gathering_state state = ToAbi(new_state);
  gathering_state_.store(state);
  queue_->Event([state](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (!c) return;
    if (c->peer_connection_ice_gathering_state_change) c->peer_connection_ice_gathering_state_change(user_data, state);
    // webrtc-pc: icegatheringstatechange to complete, then icecandidate with null.
    if (state == RTCN_ICE_GATHERING_STATE_COMPLETE && c->peer_connection_ice_candidate)
      c->peer_connection_ice_candidate(user_data, nullptr, nullptr);
  });
  RefreshTransports();
}

void PeerConnection::OnIceCandidate(const webrtc::IceCandidateInterface* candidate) {
  std::string text;
  if (!candidate || !candidate->ToString(&text) || closed_.load()) return;
  // libwebrtc added the candidate to the local description before this call: the event
  // carries that description.
  SessionSnapshot snapshot = TakeSessionSnapshot();
  queue_->Event([text = std::move(text), mid = candidate->sdp_mid(), index = candidate->sdp_mline_index(),
                 ufrag = candidate->candidate().username(), snapshot = std::move(snapshot)](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (!c || !c->peer_connection_ice_candidate) return;
    rtcn_ice_candidate_info info{text.c_str(), mid.c_str(), index, ufrag.empty() ? nullptr : ufrag.c_str()};
    SessionSnapshot::View view;
    snapshot.MakeView(&view);
    c->peer_connection_ice_candidate(user_data, &info, &view.state);
  });
}

void PeerConnection::OnIceCandidateError(const std::string& address, int port, const std::string& url,
                                         int error_code, const std::string& error_text) {
  queue_->Event([=](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (!c || !c->peer_connection_ice_candidate_error) return;
    rtcn_ice_candidate_error_info info{address.empty() ? nullptr : address.c_str(), address.empty() ? -1 : port,
                                       url.c_str(), error_code, error_text.c_str()};
    c->peer_connection_ice_candidate_error(user_data, &info);
  });
}

void PeerConnection::OnIceSelectedCandidatePairChanged(const cricket::CandidatePairChangeEvent&) { RefreshTransports(); }

void PeerConnection::OnStateChange(webrtc::SctpTransportInformation) { PushTransportsIfChanged(); }

void PeerConnection::OnStateChange(webrtc::DtlsTransportInformation) { PushTransportsIfChanged(); }

// ------------------------------------------------------------------ RTP

Transceiver* PeerConnection::FindOrCreateTransceiver(
    const rtc::scoped_refptr<webrtc::RtpTransceiverInterface>& transceiver) {
  for (Transceiver* existing : transceivers_) {
    if (existing->native() == transceiver.get()) return existing;
  }
  auto* created = new Transceiver(this, transceiver);  // this vector's reference
  transceivers_.push_back(created);
  {
    std::lock_guard<std::mutex> lock(listed_mutex_);
    listed_.push_back(created);
  }
  created->Sync();
  return created;
}

void PeerConnection::SyncTransceivers() {
  if (!pc_ || torn_down_) return;
  std::vector<Transceiver*> listed;
  for (const auto& transceiver : pc_->GetTransceivers()) listed.push_back(FindOrCreateTransceiver(transceiver));
  for (Transceiver* transceiver : transceivers_) {
    transceiver->Sync(std::find(listed.begin(), listed.end(), transceiver) != listed.end());
  }
  std::lock_guard<std::mutex> lock(listed_mutex_);
  listed_.swap(listed);
}

int32_t PeerConnection::TransceiverCount() {
  std::lock_guard<std::mutex> lock(listed_mutex_);
  return static_cast<int32_t>(listed_.size());
}

Transceiver* PeerConnection::GetTransceiver(int32_t index) {
  std::lock_guard<std::mutex> lock(listed_mutex_);
  if (index < 0 || static_cast<size_t>(index) >= listed_.size()) return nullptr;
  listed_[index]->AddRef();
  return listed_[index];
}

rtcn_status PeerConnection::AddTrack(MediaTrack* track, const std::vector<std::string>& stream_ids,
                                     Transceiver** out_transceiver) {
  if (closed_.load()) return Fail(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
  if (track->runtime() != runtime_)
    return Fail(RTCN_ERROR_INVALID_ACCESS, "InvalidAccessError: the track belongs to another PeerConnectionFactory");
  Error error;
  Transceiver* added = runtime_->signaling_thread()->BlockingCall([&]() -> Transceiver* {
    if (closed_.load() || !pc_) {
      error = MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
      return nullptr;
    }
    auto result = pc_->AddTrack(track->track(), stream_ids);
    if (!result.ok()) {
      error = FromRtcError(result.error());
      if (result.error().type() == webrtc::RTCErrorType::INVALID_PARAMETER)
        error.message = "InvalidAccessError: " + error.message;
      return nullptr;
    }
    rtc::scoped_refptr<webrtc::RtpSenderInterface> sender = result.MoveValue();
    SyncTransceivers();
    for (Transceiver* transceiver : transceivers_) {
      if (transceiver->HasSender(sender.get())) {
        transceiver->SetSenderTrack(track);
        transceiver->AddRef();
        return transceiver;
      }
    }
    error = MakeError(RTCN_ERROR_INTERNAL, "addTrack: libwebrtc's sender has no transceiver");
    return nullptr;
  });
  if (!added) return Fail(error);
  *out_transceiver = added;
  return RTCN_OK;
}

rtcn_status PeerConnection::RemoveTrack(Transceiver* sender) {
  if (closed_.load()) return Fail(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    if (closed_.load() || !pc_) return MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
    if (std::find(transceivers_.begin(), transceivers_.end(), sender) == transceivers_.end() || !sender->native())
      return MakeError(RTCN_ERROR_INVALID_ACCESS, "InvalidAccessError: the sender was not created by this connection");
    webrtc::RTCError result = pc_->RemoveTrackOrError(sender->native()->sender());
    if (!result.ok()) return FromRtcError(result);
    sender->SetSenderTrack(nullptr);
    SyncTransceivers();
    return Error();
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

rtcn_status PeerConnection::AddTransceiver(rtcn_media_kind kind, MediaTrack* track,
                                           const webrtc::RtpTransceiverInit& init, Transceiver** out_transceiver) {
  if (closed_.load()) return Fail(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
  if (track && track->runtime() != runtime_)
    return Fail(RTCN_ERROR_INVALID_ACCESS, "InvalidAccessError: the track belongs to another PeerConnectionFactory");
  Error error;
  Transceiver* added = runtime_->signaling_thread()->BlockingCall([&]() -> Transceiver* {
    if (closed_.load() || !pc_) {
      error = MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
      return nullptr;
    }
    auto result = track ? pc_->AddTransceiver(track->track(), init)
                        : pc_->AddTransceiver(kind == RTCN_MEDIA_KIND_AUDIO ? cricket::MEDIA_TYPE_AUDIO
                                                                            : cricket::MEDIA_TYPE_VIDEO,
                                              init);
    if (!result.ok()) {
      error = FromRtcError(result.error());
      // Chrome checks what libwebrtc refuses as INVALID_PARAMETER first and throws TypeError.
      if (result.error().type() == webrtc::RTCErrorType::INVALID_PARAMETER) error.status = RTCN_ERROR_INVALID_ARGUMENT;
      return nullptr;
    }
    Transceiver* transceiver = FindOrCreateTransceiver(result.value());
    if (track) transceiver->SetSenderTrack(track);
    SyncTransceivers();
    transceiver->AddRef();
    return transceiver;
  });
  if (!added) return Fail(error);
  *out_transceiver = added;
  return RTCN_OK;
}

rtcn_status PeerConnection::GetStatsForTrack(MediaTrack* track, void* op_user_data) {
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    if (torn_down_ || !pc_) return ClosedError();
    const webrtc::MediaStreamTrackInterface* native = track->track().get();
    rtc::scoped_refptr<webrtc::RtpSenderInterface> sender;
    rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver;
    int found = 0;
    if (native) {
      for (const auto& s : pc_->GetSenders()) {
        if (s->track().get() == native) {
          sender = s;
          ++found;
        }
      }
      for (const auto& r : pc_->GetReceivers()) {
        if (r->track().get() == native) {
          receiver = r;
          ++found;
        }
      }
    }
    if (found != 1) {
      return MakeError(RTCN_ERROR_INVALID_ACCESS,
                       found == 0 ? "InvalidAccessError: getStats: no sender or receiver has this track"
                                  : "InvalidAccessError: getStats: more than one sender or receiver has this track");
    }
    GetStatsForSelector(op_user_data, sender, receiver);
    return Error();
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

void PeerConnection::GetStatsForSelector(void* op_user_data, rtc::scoped_refptr<webrtc::RtpSenderInterface> sender,
                                         rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver) {
  auto operation = std::make_shared<Operation>(Operation::Kind::kText, op_user_data, queue_);
  if (torn_down_ || !pc_) {
    operation->Fail(ClosedError());
    return;
  }
  stats_in_flight_.fetch_add(1);
  auto callback =
      StatsCallback::Make(operation, [self = Ref<PeerConnection>(this)] { self->stats_in_flight_.fetch_sub(1); });
  if (sender) {
    pc_->GetStats(sender, callback);
  } else {
    pc_->GetStats(receiver, callback);
  }
}

void PeerConnection::OnTrack(rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver) {
  if (closed_.load() || torn_down_) return;
  Transceiver* wrapper = FindOrCreateTransceiver(transceiver);
  wrapper->Sync();
  std::vector<std::string> stream_ids = transceiver->receiver()->stream_ids();
  // The event hands the embedder a new reference; an event dropped (closed meanwhile) releases it.
  struct Offer {
    explicit Offer(Transceiver* offered) : transceiver(offered) { transceiver->AddRef(); }
    Offer(const Offer&) = delete;
    Offer& operator=(const Offer&) = delete;
    ~Offer() {
      if (!taken) transceiver->Release();
    }
    Transceiver* const transceiver;
    bool taken = false;
  };
  auto offer = std::make_shared<Offer>(wrapper);
  queue_->Event([offer, stream_ids = std::move(stream_ids)](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (!c || !c->peer_connection_track) return;
    std::vector<const char*> ids;
    for (const std::string& id : stream_ids) ids.push_back(id.c_str());
    offer->taken = true;
    c->peer_connection_track(user_data, reinterpret_cast<rtcn_rtp_transceiver*>(offer->transceiver),
                             ids.empty() ? nullptr : ids.data(), static_cast<int32_t>(ids.size()));
  });
  wrapper->OnTrackEvent();
}

void PeerConnection::OnRemoveTrack(rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver) {
  if (closed_.load() || torn_down_) return;
  for (Transceiver* transceiver : transceivers_) {
    if (transceiver->HasReceiver(receiver.get())) {
      transceiver->OnRemoteTrackRemoved();
      return;
    }
  }
}

}  // namespace rtcn
