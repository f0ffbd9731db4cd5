#include "peer_connection.h"

#include <cstdlib>
#include <cstring>
#include <sstream>

#include "api/jsep.h"
#include "api/jsep_ice_candidate.h"
#include "p2p/base/ice_transport_internal.h"
#include "rtc_base/ssl_certificate.h"
#include "callbacks.h"
#include "data_channel.h"
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

// A malloc'ed "candidate:..." string for the embedder; nullptr when it cannot be made.
char* CandidateText(const cricket::Candidate& candidate) {
  webrtc::JsepIceCandidate jsep("", -1, candidate);
  std::string text;
  if (!jsep.ToString(&text)) return nullptr;
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy) std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

webrtc::SdpType ToSdpType(rtcn_sdp_type type) {
  switch (type) {
    case RTCN_SDP_TYPE_OFFER: return webrtc::SdpType::kOffer;
    case RTCN_SDP_TYPE_PRANSWER: return webrtc::SdpType::kPrAnswer;
    case RTCN_SDP_TYPE_ANSWER: return webrtc::SdpType::kAnswer;
    case RTCN_SDP_TYPE_ROLLBACK: return webrtc::SdpType::kRollback;
  }
  return webrtc::SdpType::kOffer;
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

template <class Fn>
void DeliverTo(DeliveryGate& gate, Fn&& invoke) {
  gate.Deliver([invoke = std::forward<Fn>(invoke)](void* user_data) {
    if (const rtcn_callbacks* callbacks = Callbacks()) invoke(*callbacks, user_data);
  });
}

}  // namespace

PeerConnection::PeerConnection(Runtime* runtime, void* user_data) : runtime_(runtime) {
  runtime_->AddRef();
  gate_.Attach(user_data);
}

PeerConnection* PeerConnection::Create(Runtime* runtime, const PCI::RTCConfiguration& config, void* user_data,
                                       Error* error) {
  auto* self = new PeerConnection(runtime, user_data);
  webrtc::PeerConnectionDependencies dependencies(self);
  dependencies.allocator = runtime->CreateRestrictedPortAllocator();
  auto result = runtime->factory()->CreatePeerConnectionOrError(config, std::move(dependencies));
  if (!result.ok()) {
    *error = FromRtcError(result.error());
    self->gate_.Detach();
    self->Release();
    return nullptr;
  }
  self->pc_ = result.MoveValue();
  return self;
}

PeerConnection::~PeerConnection() {
  // The proxy destroys the PeerConnection on the signaling thread; Close() already detached
  // this observer from it.
  pc_ = nullptr;
  runtime_->Release();
}

void PeerConnection::Close() {
  // W3C close() fires no event on the connection: stop its events first. Its channels have
  // gates of their own and still report closing and closed.
  gate_.Detach();
  operations_->Close(ClosedError());
  if (pc_ && !closed_.exchange(true)) {
    pc_->Close();
    runtime_->signaling_thread()->BlockingCall([this] { UnobserveTransports(); });
  }
  // Operations libwebrtc dropped on close still complete exactly once.
  operations_->FailPending();
}

void PeerConnection::ReleaseHandle() {
  Close();
  Release();
}

std::shared_ptr<Operation> PeerConnection::StartOperation(Operation::Kind kind, void* op_user_data) {
  if (closed_.load()) return nullptr;
  return operations_->Start(kind, op_user_data, operations_);
}

rtcn_status PeerConnection::CreateOffer(const rtcn_offer_options* options, void* op_user_data) {
  auto operation = StartOperation(Operation::Kind::kSessionDescription, op_user_data);
  if (!operation) return Fail(ClosedError());
  PCI::RTCOfferAnswerOptions offer_options;
  if (options) {
    offer_options.ice_restart = options->ice_restart != 0;
    if (options->offer_to_receive_audio >= 0) offer_options.offer_to_receive_audio = options->offer_to_receive_audio;
    if (options->offer_to_receive_video >= 0) offer_options.offer_to_receive_video = options->offer_to_receive_video;
  }
  pc_->CreateOffer(CreateDescriptionObserver::Make(operation).get(), offer_options);
  return RTCN_OK;
}

rtcn_status PeerConnection::CreateAnswer(void* op_user_data) {
  auto operation = StartOperation(Operation::Kind::kSessionDescription, op_user_data);
  if (!operation) return Fail(ClosedError());
  pc_->CreateAnswer(CreateDescriptionObserver::Make(operation).get(), PCI::RTCOfferAnswerOptions());
  return RTCN_OK;
}

rtcn_status PeerConnection::SetLocalDescription(rtcn_sdp_type type, const char* sdp, void* op_user_data) {
  auto operation = StartOperation(Operation::Kind::kPlain, op_user_data);
  if (!operation) return Fail(ClosedError());
  if (sdp == nullptr && type != RTCN_SDP_TYPE_ROLLBACK) {
    pc_->SetLocalDescription(SetLocalDescriptionObserver::Make(operation));
    return RTCN_OK;
  }
  SetDescription(true, type, sdp, std::move(operation));
  return RTCN_OK;
}

rtcn_status PeerConnection::SetRemoteDescription(rtcn_sdp_type type, const char* sdp, void* op_user_data) {
  auto operation = StartOperation(Operation::Kind::kPlain, op_user_data);
  if (!operation) return Fail(ClosedError());
  SetDescription(false, type, sdp, std::move(operation));
  return RTCN_OK;
}

void PeerConnection::SetDescription(bool local, rtcn_sdp_type type, const char* sdp,
                                    std::shared_ptr<Operation> operation) {
  const std::string text = sdp ? sdp : "";
  webrtc::SdpParseError parse_error;
  std::unique_ptr<webrtc::SessionDescriptionInterface> description =
      webrtc::CreateSessionDescription(ToSdpType(type), text, &parse_error);
  if (!description) {
    Error error = MakeError(RTCN_ERROR_OPERATION, "Failed to parse SessionDescription. " + parse_error.line + " " +
                                                      parse_error.description);
    error.detail = RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR;
    error.sdp_line_number = LineNumberOf(text, parse_error.line);
    operation->Fail(error);
    return;
  }
  if (local) {
    pc_->SetLocalDescription(std::move(description), SetLocalDescriptionObserver::Make(operation));
  } else {
    pc_->SetRemoteDescription(std::move(description), SetRemoteDescriptionObserver::Make(operation));
  }
}

rtcn_status PeerConnection::AddIceCandidate(const rtcn_ice_candidate_init* candidate, void* op_user_data) {
  auto operation = StartOperation(Operation::Kind::kPlain, op_user_data);
  if (!operation) return Fail(ClosedError());
  const bool end_of_candidates = candidate == nullptr || candidate->candidate == nullptr || candidate->candidate[0] == 0;
  std::unique_ptr<webrtc::IceCandidateInterface> ice_candidate;
  if (!end_of_candidates) {
    webrtc::SdpParseError parse_error;
    ice_candidate.reset(webrtc::CreateIceCandidate(candidate->sdp_mid ? candidate->sdp_mid : "",
                                                   candidate->sdp_mline_index < 0 ? 0 : candidate->sdp_mline_index,
                                                   candidate->candidate, &parse_error));
    if (!ice_candidate) {
      operation->Fail(MakeError(RTCN_ERROR_OPERATION, "OperationError: malformed candidate: " + parse_error.line +
                                                          " " + parse_error.description));
      return RTCN_OK;
    }
  }
  // End-of-candidates goes down libwebrtc's operations chain as a null candidate, so it waits
  // for a pending setRemoteDescription and fails without a remote description, as the spec
  // says; libwebrtc then reports the null candidate itself as unsupported, which is success.
  // Posted, not called through the blocking proxy: the caller (a candidate relay, often many at
  // once) does not wait for the signaling thread, and tasks keep the order of the calls.
  runtime_->signaling_thread()->PostTask(
      [pc = pc_, candidate = std::move(ice_candidate), operation, end_of_candidates]() mutable {
        pc->AddIceCandidate(std::move(candidate), [operation, end_of_candidates](webrtc::RTCError error) {
          const bool null_candidate_refused =
              end_of_candidates && error.type() == webrtc::RTCErrorType::UNSUPPORTED_OPERATION;
          operation->CompleteWith(null_candidate_refused ? webrtc::RTCError::OK() : error);
        });
      });
  return RTCN_OK;
}

void PeerConnection::GetDescription(rtcn_description_slot slot, bool* present, rtcn_sdp_type* type,
                                    std::string* sdp) {
  // One hop to the signaling thread reads the description and serializes it consistently.
  runtime_->signaling_thread()->BlockingCall([&] {
    const webrtc::SessionDescriptionInterface* description = nullptr;
    switch (slot) {
      case RTCN_DESCRIPTION_LOCAL: description = pc_->local_description(); break;
      case RTCN_DESCRIPTION_CURRENT_LOCAL: description = pc_->current_local_description(); break;
      case RTCN_DESCRIPTION_PENDING_LOCAL: description = pc_->pending_local_description(); break;
      case RTCN_DESCRIPTION_REMOTE: description = pc_->remote_description(); break;
      case RTCN_DESCRIPTION_CURRENT_REMOTE: description = pc_->current_remote_description(); break;
      case RTCN_DESCRIPTION_PENDING_REMOTE: description = pc_->pending_remote_description(); break;
    }
    *present = description != nullptr;
    if (!description) return;
    switch (description->GetType()) {
      case webrtc::SdpType::kOffer: *type = RTCN_SDP_TYPE_OFFER; break;
      case webrtc::SdpType::kPrAnswer: *type = RTCN_SDP_TYPE_PRANSWER; break;
      case webrtc::SdpType::kAnswer: *type = RTCN_SDP_TYPE_ANSWER; break;
      case webrtc::SdpType::kRollback: *type = RTCN_SDP_TYPE_ROLLBACK; break;
    }
    description->ToString(sdp);
  });
}

bool PeerConnection::ShouldFireNegotiationNeeded(uint32_t event_id) {
  return !closed_.load() && pc_->ShouldFireNegotiationNeededEvent(event_id);
}

bool PeerConnection::GetSctpTransport(rtcn_sctp_transport_info* info) {
  if (closed_.load()) return false;
  rtc::scoped_refptr<webrtc::SctpTransportInterface> transport = pc_->GetSctpTransport();
  if (!transport) return false;
  const webrtc::SctpTransportInformation information = transport->Information();
  info->state = ToAbi(information.state());
  // Without a=max-message-size the remote limit is 65536 (RFC 8841).
  info->max_message_size = information.MaxMessageSize().value_or(65536);
  info->max_channels = information.MaxChannels().value_or(-1);
  return true;
}

rtcn_status PeerConnection::GetTransports(rtcn_transports_info* info) {
  *info = rtcn_transports_info{};
  info->sctp.max_channels = -1;
  if (closed_.load()) return RTCN_OK;
  runtime_->signaling_thread()->BlockingCall([&] {
    ObserveTransports();
    rtc::scoped_refptr<webrtc::SctpTransportInterface> sctp = pc_->GetSctpTransport();
    if (!sctp) return;
    info->sctp_present = 1;
    const webrtc::SctpTransportInformation information = sctp->Information();
    info->sctp.state = ToAbi(information.state());
    info->sctp.max_message_size = information.MaxMessageSize().value_or(65536);
    info->sctp.max_channels = information.MaxChannels().value_or(-1);
    info->dtls_state = RTCN_DTLS_TRANSPORT_STATE_NEW;
    info->ice_state = ToAbi(pc_->standardized_ice_connection_state());
    info->ice_gathering_state = RTCN_ICE_GATHERING_STATE_NEW;
    info->ice_role = RTCN_ICE_ROLE_UNKNOWN;
    rtc::scoped_refptr<webrtc::DtlsTransportInterface> dtls = sctp->dtls_transport();
    if (!dtls) return;
    info->dtls_state = ToAbi(dtls->Information().state());
    rtc::scoped_refptr<webrtc::IceTransportInterface> ice = dtls->ice_transport();
    cricket::IceTransportInternal* internal = ice ? ice->internal() : nullptr;
    if (!internal) return;
    switch (internal->gathering_state()) {
      case cricket::kIceGatheringNew: info->ice_gathering_state = RTCN_ICE_GATHERING_STATE_NEW; break;
      case cricket::kIceGatheringGathering: info->ice_gathering_state = RTCN_ICE_GATHERING_STATE_GATHERING; break;
      default: info->ice_gathering_state = RTCN_ICE_GATHERING_STATE_COMPLETE; break;
    }
    switch (internal->GetIceRole()) {
      case cricket::ICEROLE_CONTROLLING: info->ice_role = RTCN_ICE_ROLE_CONTROLLING; break;
      case cricket::ICEROLE_CONTROLLED: info->ice_role = RTCN_ICE_ROLE_CONTROLLED; break;
      default: info->ice_role = RTCN_ICE_ROLE_UNKNOWN; break;
    }
    if (absl::optional<const cricket::CandidatePair> pair = internal->GetSelectedCandidatePair()) {
      char* local = CandidateText(pair->local_candidate());
      char* remote = CandidateText(pair->remote_candidate());
      if (local && remote) {
        info->selected_local_candidate = local;
        info->selected_remote_candidate = remote;
      } else {
        std::free(local);
        std::free(remote);
      }
    }
  });
  return RTCN_OK;
}

std::vector<std::string> PeerConnection::GetRemoteCertificates() {
  std::vector<std::string> chain;
  if (closed_.load()) return chain;
  runtime_->signaling_thread()->BlockingCall([&] {
    rtc::scoped_refptr<webrtc::SctpTransportInterface> sctp = pc_->GetSctpTransport();
    rtc::scoped_refptr<webrtc::DtlsTransportInterface> dtls = sctp ? sctp->dtls_transport() : nullptr;
    if (!dtls) return;
    const webrtc::DtlsTransportInformation information = dtls->Information();
    const rtc::SSLCertChain* certificates = information.remote_ssl_certificates();
    if (!certificates) return;
    for (size_t i = 0; i < certificates->GetSize(); ++i) {
      rtc::Buffer der;
      certificates->Get(i).ToDER(&der);
      chain.emplace_back(reinterpret_cast<const char*>(der.data()), der.size());
    }
  });
  return chain;
}

void PeerConnection::ObserveTransports() {
  if (closed_.load()) return;
  rtc::scoped_refptr<webrtc::SctpTransportInterface> sctp = pc_->GetSctpTransport();
  if (sctp != observed_sctp_) {
    if (observed_sctp_) observed_sctp_->UnregisterObserver();
    observed_sctp_ = sctp;
    if (sctp) {
      sctp->RegisterObserver(this);
      DeliverTransportState(RTCN_TRANSPORT_SCTP, ToAbi(sctp->Information().state()));
    }
  }
  rtc::scoped_refptr<webrtc::DtlsTransportInterface> dtls = sctp ? sctp->dtls_transport() : nullptr;
  if (dtls != observed_dtls_) {
    if (observed_dtls_) observed_dtls_->UnregisterObserver();
    observed_dtls_ = dtls;
    if (dtls) {
      dtls->RegisterObserver(this);
      DeliverTransportState(RTCN_TRANSPORT_DTLS, ToAbi(dtls->Information().state()));
    }
  }
}

void PeerConnection::UnobserveTransports() {
  if (observed_sctp_) observed_sctp_->UnregisterObserver();
  if (observed_dtls_) observed_dtls_->UnregisterObserver();
  observed_sctp_ = nullptr;
  observed_dtls_ = nullptr;
}

// Signaling thread; drops repeats, so an observer registered late reports only real changes.
void PeerConnection::DeliverTransportState(rtcn_transport_kind kind, int32_t state) {
  if (last_state_[kind] == state) return;
  last_state_[kind] = state;
  DeliverTo(gate_, [kind, state](const rtcn_callbacks& c, void* ud) {
    if (c.peer_connection_transport_state_change) c.peer_connection_transport_state_change(ud, kind, state);
  });
}

void PeerConnection::OnStateChange(webrtc::SctpTransportInformation info) {
  DeliverTransportState(RTCN_TRANSPORT_SCTP, ToAbi(info.state()));
}

void PeerConnection::OnStateChange(webrtc::DtlsTransportInformation info) {
  DeliverTransportState(RTCN_TRANSPORT_DTLS, ToAbi(info.state()));
}

void PeerConnection::RestartIce() {
  if (!closed_.load()) pc_->RestartIce();
}

rtcn_status PeerConnection::SetConfiguration(const PCI::RTCConfiguration& requested) {
  if (closed_.load()) return Fail(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed");
  // Read, compare and apply in one signaling-thread task, so no concurrent change slips between.
  Error error;
  runtime_->signaling_thread()->BlockingCall([&] {
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
    if (!result.ok()) error = FromRtcError(result);
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

rtcn_status PeerConnection::GetStats(void* op_user_data) {
  auto operation = StartOperation(Operation::Kind::kText, op_user_data);
  if (!operation) return Fail(ClosedError());
  // The proxy call is synchronous: the collector holds its own reference before Make's is dropped.
  pc_->GetStats(StatsCallback::Make(operation).get());
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
    auto result = pc_->CreateDataChannelOrError(label, &config);
    if (!result.ok()) {
      error = FromRtcError(result.error());
      return nullptr;
    }
    auto* created = new DataChannel(runtime_, result.MoveValue(), false);
    created->gate().Attach(user_data);
    return created;
  });
  if (!channel) return Fail(error);
  *out_channel = channel;
  return RTCN_OK;
}

void PeerConnection::OnSignalingChange(PCI::SignalingState new_state) {
  ObserveTransports();
  DeliverTo(gate_, [state = ToAbi(new_state)](const rtcn_callbacks& c, void* ud) {
    if (c.peer_connection_signaling_state_change) c.peer_connection_signaling_state_change(ud, state);
  });
}

void PeerConnection::OnDataChannel(rtc::scoped_refptr<webrtc::DataChannelInterface> data_channel) {
  // The observer is attached inside this callback; events it raises meanwhile are held by
  // the channel's gate until the embedder returns its user_data.
  auto* channel = new DataChannel(runtime_, std::move(data_channel), true);
  bool accepted = false;
  gate_.Deliver([channel, &accepted](void* user_data) {
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks == nullptr || callbacks->peer_connection_data_channel == nullptr) return;
    void* channel_user_data =
        callbacks->peer_connection_data_channel(user_data, reinterpret_cast<rtcn_data_channel*>(channel));
    if (channel_user_data != nullptr) {
      accepted = true;
      channel->gate().Attach(channel_user_data);
    }
  });
  if (!accepted) channel->ReleaseHandle();
}

void PeerConnection::OnNegotiationNeededEvent(uint32_t event_id) {
  DeliverTo(gate_, [event_id](const rtcn_callbacks& c, void* ud) {
    if (c.peer_connection_negotiation_needed) c.peer_connection_negotiation_needed(ud, event_id);
  });
}

void PeerConnection::OnStandardizedIceConnectionChange(PCI::IceConnectionState new_state) {
  ObserveTransports();
  DeliverTo(gate_, [state = ToAbi(new_state)](const rtcn_callbacks& c, void* ud) {
    if (c.peer_connection_ice_connection_state_change) c.peer_connection_ice_connection_state_change(ud, state);
  });
  // The RTCIceTransport's state, after the connection's (both are updated together).
  if (observed_sctp_) DeliverTransportState(RTCN_TRANSPORT_ICE, ToAbi(new_state));
}

void PeerConnection::OnConnectionChange(PCI::PeerConnectionState new_state) {
  ObserveTransports();
  DeliverTo(gate_, [state = ToAbi(new_state)](const rtcn_callbacks& c, void* ud) {
    if (c.peer_connection_connection_state_change) c.peer_connection_connection_state_change(ud, state);
  });
}

void PeerConnection::OnIceGatheringChange(PCI::IceGatheringState new_state) {
  ObserveTransports();
  DeliverTo(gate_, [state = ToAbi(new_state)](const rtcn_callbacks& c, void* ud) {
    if (c.peer_connection_ice_gathering_state_change) c.peer_connection_ice_gathering_state_change(ud, state);
    // webrtc-pc: icegatheringstatechange to complete, then icecandidate with null.
    if (state == RTCN_ICE_GATHERING_STATE_COMPLETE && c.peer_connection_ice_candidate)
      c.peer_connection_ice_candidate(ud, nullptr);
  });
}

void PeerConnection::OnIceCandidate(const webrtc::IceCandidateInterface* candidate) {
  std::string text;
  if (!candidate || !candidate->ToString(&text)) return;
  DeliverTo(gate_, [text = std::move(text), mid = candidate->sdp_mid(), index = candidate->sdp_mline_index(),
                    ufrag = candidate->candidate().username()](const rtcn_callbacks& c, void* ud) {
    if (!c.peer_connection_ice_candidate) return;
    rtcn_ice_candidate_info info{text.c_str(), mid.c_str(), index, ufrag.empty() ? nullptr : ufrag.c_str()};
    c.peer_connection_ice_candidate(ud, &info);
  });
}

void PeerConnection::OnIceCandidateError(const std::string& address, int port, const std::string& url,
                                         int error_code, const std::string& error_text) {
  DeliverTo(gate_, [=](const rtcn_callbacks& c, void* ud) {
    if (!c.peer_connection_ice_candidate_error) return;
    rtcn_ice_candidate_error_info info{address.empty() ? nullptr : address.c_str(), address.empty() ? -1 : port,
                                       url.c_str(), error_code, error_text.c_str()};
    c.peer_connection_ice_candidate_error(ud, &info);
  });
}

}  // namespace rtcn
