// An RTCPeerConnection: owns libwebrtc's PeerConnection (through its proxy), observes it,
// and runs the SDP and ICE operations with exactly-once completion.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/dtls_transport_interface.h"
#include "api/peer_connection_interface.h"
#include "api/sctp_transport_interface.h"
#include "delivery_gate.h"
#include "errors.h"
#include "live_objects.h"
#include "operation.h"
#include "ref_counted.h"
#include "rtcnative.h"

namespace rtcn {

class Runtime;
class DataChannel;

class PeerConnection : public RefCounted<PeerConnection>,
                       public webrtc::PeerConnectionObserver,
                       public webrtc::SctpTransportObserverInterface,
                       public webrtc::DtlsTransportObserverInterface {
 public:
  static PeerConnection* Create(Runtime* runtime, const webrtc::PeerConnectionInterface::RTCConfiguration& config,
                                void* user_data, Error* error);

  void Close();
  // The embedder's release: stops callbacks, closes, fails pending operations, drops the
  // handle's reference.
  void ReleaseHandle();

  rtcn_status CreateOffer(const rtcn_offer_options* options, void* op_user_data);
  rtcn_status CreateAnswer(void* op_user_data);
  rtcn_status SetLocalDescription(rtcn_sdp_type type, const char* sdp, void* op_user_data);
  rtcn_status SetRemoteDescription(rtcn_sdp_type type, const char* sdp, void* op_user_data);
  rtcn_status AddIceCandidate(const rtcn_ice_candidate_init* candidate, void* op_user_data);
  // Sets present=false when the slot is null.
  void GetDescription(rtcn_description_slot slot, bool* present, rtcn_sdp_type* type, std::string* sdp);
  bool ShouldFireNegotiationNeeded(uint32_t event_id);
  // False while the connection has no SCTP transport.
  bool GetSctpTransport(rtcn_sctp_transport_info* info);
  // RTCSctpTransport and the transports under it, in one snapshot. The candidate strings are
  // malloc'ed for the embedder (rtcn_free). Returns the status, with the last error set.
  rtcn_status GetTransports(rtcn_transports_info* info);
  // The remote DER chain, leaf first (empty before the handshake or without SCTP).
  std::vector<std::string> GetRemoteCertificates();
  void RestartIce();
  // setConfiguration(): the bundle and rtcp-mux policies and the certificates (unless
  // requested has none) must equal the connection's; ICE servers, transport policy and pool
  // size change. Returns the status, with the last error set on failure.
  rtcn_status SetConfiguration(const webrtc::PeerConnectionInterface::RTCConfiguration& requested);
  // getStats(): completes through text_result with the report's JSON.
  rtcn_status GetStats(void* op_user_data);
  rtcn_status CreateDataChannel(const char* label, const rtcn_data_channel_init* init, void* user_data,
                                DataChannel** out_channel);

  // webrtc::PeerConnectionObserver, on the signaling thread.
  void OnSignalingChange(webrtc::PeerConnectionInterface::SignalingState new_state) override;
  void OnDataChannel(rtc::scoped_refptr<webrtc::DataChannelInterface> data_channel) override;
  void OnNegotiationNeededEvent(uint32_t event_id) override;
  void OnIceConnectionChange(webrtc::PeerConnectionInterface::IceConnectionState) override {}
  void OnStandardizedIceConnectionChange(webrtc::PeerConnectionInterface::IceConnectionState new_state) override;
  void OnConnectionChange(webrtc::PeerConnectionInterface::PeerConnectionState new_state) override;
  void OnIceGatheringChange(webrtc::PeerConnectionInterface::IceGatheringState new_state) override;
  void OnIceCandidate(const webrtc::IceCandidateInterface* candidate) override;
  void OnIceCandidateError(const std::string& address, int port, const std::string& url, int error_code,
                           const std::string& error_text) override;

  // webrtc::SctpTransportObserverInterface and DtlsTransportObserverInterface, on the
  // network thread (the signaling thread: one thread per factory).
  void OnStateChange(webrtc::SctpTransportInformation info) override;
  void OnStateChange(webrtc::DtlsTransportInformation info) override;
  void OnError(webrtc::RTCError) override {}

 private:
  friend class RefCounted<PeerConnection>;
  PeerConnection(Runtime* runtime, void* user_data);
  ~PeerConnection() override;

  // Starts an operation, or returns nullptr after completing nothing when closed (the caller
  // then reports RTCN_ERROR_CLOSED synchronously).
  std::shared_ptr<Operation> StartOperation(Operation::Kind kind, void* op_user_data);
  // On the signaling thread: observes the current SCTP and DTLS transports (idempotent), and
  // reports a state they reached before being observed.
  void ObserveTransports();
  // On the signaling thread: stops observing them.
  void UnobserveTransports();
  void DeliverTransportState(rtcn_transport_kind kind, int32_t state);
  void SetDescription(bool local, rtcn_sdp_type type, const char* sdp, std::shared_ptr<Operation> operation);

  LiveObject<RTCN_OBJECT_PEER_CONNECTION> live_;
  Runtime* const runtime_;
  DeliveryGate gate_;
  std::shared_ptr<OperationRegistry> operations_ = std::make_shared<OperationRegistry>();
  std::unique_ptr<rtc::NetworkManager> network_manager_;
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc_;
  std::atomic<bool> closed_{false};
  // Signaling thread only.
  rtc::scoped_refptr<webrtc::SctpTransportInterface> observed_sctp_;
  rtc::scoped_refptr<webrtc::DtlsTransportInterface> observed_dtls_;
  int32_t last_state_[3] = {RTCN_SCTP_TRANSPORT_STATE_CONNECTING, RTCN_DTLS_TRANSPORT_STATE_NEW,
                            RTCN_ICE_CONNECTION_STATE_NEW};
};

}  // namespace rtcn
