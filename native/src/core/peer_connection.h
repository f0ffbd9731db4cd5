// An RTCPeerConnection: owns libwebrtc's PeerConnection (through its proxy), observes it, runs
// the chained operations (operation.h) and pushes the session and transport state to the
// embedder with the completions and events that change it. No call of the embedder blocks on
// libwebrtc's threads except creation, setConfiguration, createDataChannel and the
// negotiation-needed check; close and release post their work.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/dtls_transport_interface.h"
#include "api/peer_connection_interface.h"
#include "api/rtp_transceiver_interface.h"
#include "api/sctp_transport_interface.h"
#include "p2p/base/ice_transport_internal.h"
#include "rtc_base/third_party/sigslot/sigslot.h"
#include "delivery_queue.h"
#include "errors.h"
#include "live_objects.h"
#include "operation.h"
#include "ref_counted.h"
#include "rtcnative.h"
#include "session_state.h"
#include "trusted_roots.h"

namespace rtcn {

class Runtime;
class DataChannel;
class MediaTrack;
class Transceiver;

class PeerConnection : public RefCounted<PeerConnection>,
                       public webrtc::PeerConnectionObserver,
                       public webrtc::SctpTransportObserverInterface,
                       public webrtc::DtlsTransportObserverInterface,
                       public sigslot::has_slots<> {
 public:
  // trusted_roots: PEM texts of the CA certificates trusted for turns: servers besides libwebrtc's
  // built-in roots (RTCIceServer's trusted roots; one verifier per connection, see TrustedRoots).
  static PeerConnection* Create(Runtime* runtime, const webrtc::PeerConnectionInterface::RTCConfiguration& config,
                                const std::vector<std::string>& trusted_roots, void* user_data, Error* error);

  // W3C close(); any thread, never blocks, idempotent.
  void Close();
  // The embedder's release: closes, stops the events, tears libwebrtc's connection down on
  // the signaling thread, then hands the user_data back and drops the handle's reference.
  void ReleaseHandle();

  rtcn_status CreateOffer(const rtcn_offer_options* options, void* op_user_data);
  rtcn_status CreateAnswer(void* op_user_data);
  rtcn_status SetLocalDescription(rtcn_sdp_type type, const char* sdp, void* op_user_data);
  rtcn_status SetRemoteDescription(rtcn_sdp_type type, const char* sdp, void* op_user_data);
  rtcn_status AddIceCandidate(const rtcn_ice_candidate_init* candidate, void* op_user_data);
  void CancelOperation(void* op_user_data) { chain_.Cancel(op_user_data); }
  bool ShouldFireNegotiationNeeded(uint32_t event_id);
  void RestartIce();
  // setConfiguration(): the bundle and rtcp-mux policies and the certificates (unless
  // requested has none) must equal the connection's; ICE servers, transport policy and pool
  // size change. Returns the status, with the last error set on failure.
  rtcn_status SetConfiguration(const webrtc::PeerConnectionInterface::RTCConfiguration& requested,
                               const std::vector<std::string>& trusted_roots);
  rtcn_status GetStats(void* op_user_data);
  rtcn_status CreateDataChannel(const char* label, const rtcn_data_channel_init* init, void* user_data,
                                DataChannel** out_channel);

  Runtime* runtime() const { return runtime_; }
  // Signaling thread: a channel of this connection is being torn down.
  void ForgetChannel(DataChannel* channel);

  // RTP (core/rtp/transceiver.h). Each blocks for one hop to the signaling thread; a
  // transceiver handed out is a new reference.
  rtcn_status AddTrack(MediaTrack* track, const std::vector<std::string>& stream_ids, Transceiver** out_transceiver);
  rtcn_status RemoveTrack(Transceiver* sender);
  rtcn_status AddTransceiver(rtcn_media_kind kind, MediaTrack* track, const webrtc::RtpTransceiverInit& init,
                             Transceiver** out_transceiver);
  // getTransceivers() from the copy refreshed on the signaling thread (never blocks).
  int32_t TransceiverCount();
  Transceiver* GetTransceiver(int32_t index);  // a new reference, or nullptr
  rtcn_status GetStatsForTrack(MediaTrack* track, void* op_user_data);
  bool closed() const { return closed_.load(); }
  const std::shared_ptr<DeliveryQueue>& queue() const { return queue_; }
  // Signaling thread: wrappers for new libwebrtc transceivers, and every wrapper's state
  // refreshed (before an operation or call that changed them completes).
  void SyncTransceivers();
  // Signaling thread: getStats with a sender or receiver selector, completing through text_result.
  void GetStatsForSelector(void* op_user_data, rtc::scoped_refptr<webrtc::RtpSenderInterface> sender,
                           rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver);

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
  void OnIceSelectedCandidatePairChanged(const cricket::CandidatePairChangeEvent& event) override;
  void OnTrack(rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver) override;
  void OnRemoveTrack(rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver) override;

  // webrtc::SctpTransportObserverInterface and DtlsTransportObserverInterface, on the network
  // thread (the transports' owner).
  void OnStateChange(webrtc::SctpTransportInformation info) override;
  void OnStateChange(webrtc::DtlsTransportInformation info) override;
  void OnError(webrtc::RTCError) override {}
  // An observed ICE transport's state or gathering state changed (network thread).
  void OnIceTransportChange(cricket::IceTransportInternal* transport);

 private:
  friend class RefCounted<PeerConnection>;
  PeerConnection(Runtime* runtime, void* user_data);
  ~PeerConnection() override;

  // Queues a chained operation; RTCN_ERROR_CLOSED (nothing queued) once closed.
  rtcn_status Chain(Operation::Kind kind, void* op_user_data, OperationsChain::Start start);
  // Posts to the signaling thread, keeping this connection alive until the task ran.
  // Every task and callback that may run later holds its own reference (Ref<PeerConnection>), never a bare
  // this: libwebrtc delivers observers' results and cached stats reports in tasks that can run after the
  // connection was torn down and the handle released.
  void PostToSignaling(std::function<void()> task);

  // The chained operations' bodies, on the signaling thread.
  void StartSetLocalDescription(const std::shared_ptr<Operation>& operation, rtcn_sdp_type type,
                                const std::string* sdp);
  void StartSetRemoteDescription(const std::shared_ptr<Operation>& operation, rtcn_sdp_type type,
                                 const std::string& sdp);
  void StartAddIceCandidate(const std::shared_ptr<Operation>& operation, bool end_of_candidates,
                            std::unique_ptr<webrtc::IceCandidateInterface> candidate, const std::string& mid,
                            int mline_index, const std::string& ufrag);
  // Completes a set-description or candidate operation with the session after it.
  void CompleteSessionOperation(const std::shared_ptr<Operation>& operation, webrtc::RTCError error);
  // Signaling thread: why an offer cannot be created now (wrong state, or descriptions M109 would abort on), or OK.
  webrtc::RTCError CheckCanOffer();
  // A rollback the spec refuses in this state, or OK.
  webrtc::RTCError CheckRollback(bool local);

  // Signaling thread: the session now (descriptions, states, transports); takes the signaling
  // changes recorded since the last snapshot.
  SessionSnapshot TakeSessionSnapshot();
  // Signaling thread: observes the current SCTP transport and the DTLS transports of SCTP and
  // the transceivers (their observers live on the network thread), gives each transceiver its
  // transport's id, and returns their snapshot.
  TransportsSnapshot ObserveTransports();
  // A DTLS transport this connection observes, with its id in the snapshots.
  struct ObservedDtls {
    rtc::scoped_refptr<webrtc::DtlsTransportInterface> transport;
    uint64_t id;
  };
  // Network thread: the transports now (not numbered), and one DTLS transport of them.
  TransportsSnapshot BuildTransports();
  DtlsTransportSnapshot DescribeDtls(const ObservedDtls& observed);
  // Network thread: starts or stops observing a DTLS transport and the ICE transport under it.
  void Observe(const ObservedDtls& observed);
  void Unobserve(const ObservedDtls& observed);
  // Network thread: pushes a transports snapshot when it differs from the last one pushed.
  void PushTransportsIfChanged();
  // Any thread: pushes the transports from the network thread (posted unless already there).
  void RefreshTransports();
  // Signaling thread: the close and release work, after pending stats requests ended (M109's
  // close waits for them on the signaling thread, which with one thread would never end).
  void FinishClose();
  void Teardown();
  // Signaling thread: the wrapper of a libwebrtc transceiver, created (and listed) if new.
  Transceiver* FindOrCreateTransceiver(const rtc::scoped_refptr<webrtc::RtpTransceiverInterface>& transceiver);

  LiveObject<RTCN_OBJECT_PEER_CONNECTION> live_;
  Runtime* const runtime_;
  const std::shared_ptr<DeliveryQueue> queue_;
  OperationsChain chain_;
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc_;
  // Shared with the TLS certificate verifier libwebrtc owns; replaced by setConfiguration.
  const std::shared_ptr<TrustedRoots> trusted_roots_ = std::make_shared<TrustedRoots>();
  std::atomic<bool> closed_{false};
  std::atomic<int> stats_in_flight_{0};
  std::atomic<rtcn_signaling_state> signaling_state_{RTCN_SIGNALING_STATE_STABLE};
  std::atomic<rtcn_ice_connection_state> ice_state_{RTCN_ICE_CONNECTION_STATE_NEW};
  std::atomic<rtcn_ice_gathering_state> gathering_state_{RTCN_ICE_GATHERING_STATE_NEW};
  std::atomic<bool> role_known_{false};  // a local description applied: the ICE role is settled

  // Signaling thread only.
  std::vector<rtcn_signaling_state> signaling_changes_;
  std::string last_offer_;
  std::string last_answer_;
  std::vector<DataChannel*> channels_;  // weak: each removes itself when torn down
  std::vector<Transceiver*> transceivers_;  // one reference each, creation order, until teardown
  uint32_t deferred_negotiation_event_ = 0;  // a negotiation-needed event to re-raise when the chain idles
  bool close_started_ = false;
  bool close_done_ = false;
  bool release_requested_ = false;
  bool torn_down_ = false;

  // getTransceivers(): the wrappers of libwebrtc's list (weak: transceivers_ holds them).
  std::mutex listed_mutex_;
  std::vector<Transceiver*> listed_;

  // Network thread only.
  rtc::scoped_refptr<webrtc::SctpTransportInterface> observed_sctp_;
  std::vector<ObservedDtls> observed_dtls_;  // SCTP's first, then the transceivers' in their order
  uint64_t sctp_dtls_id_ = 0;
  uint64_t last_dtls_id_ = 0;
  TransportsSnapshot pushed_transports_;
  uint64_t transports_sequence_ = 0;
};

}  // namespace rtcn
