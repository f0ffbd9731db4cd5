// An RTCRtpTransceiver with its RTCRtpSender and RTCRtpReceiver (rtcn_rtp_transceiver): one
// object per libwebrtc transceiver for its connection's life, so the handle's address
// identifies the transceiver.
//
// State the embedder reads (kind, mid, direction, current direction, stopping, stopped) is a
// copy refreshed on the signaling thread by Sync(), which the connection calls before every
// operation or call that may change it completes: reads never block. Calls that change
// libwebrtc block for one hop to the signaling thread; replaceTrack and setParameters complete
// through the connection's DeliveryQueue, ordered with its events.
//
// Lifetime: the connection holds one reference until it is torn down; then (on the signaling
// thread) Detach() lets go of libwebrtc's objects and the handles the embedder still holds
// report the closed state.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/rtp_receiver_interface.h"
#include "api/rtp_sender_interface.h"
#include "api/rtp_transceiver_interface.h"
#include "core/delivery_queue.h"
#include "core/errors.h"
#include "core/live_objects.h"
#include "core/rtp/dtmf_sender.h"
#include "core/ref_counted.h"
#include "rtcnative.h"

namespace rtcn {

class MediaTrack;
class PeerConnection;
class Runtime;

class Transceiver : public RefCounted<Transceiver>, public webrtc::RtpReceiverObserverInterface {
 public:
  // Signaling thread. Creates the receiver's track object and observes the receiver.
  Transceiver(PeerConnection* owner, rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver);

  // ---- for the connection, on the signaling thread
  webrtc::RtpTransceiverInterface* native() const { return transceiver_.get(); }
  bool HasReceiver(const webrtc::RtpReceiverInterface* receiver) const;
  bool HasSender(const webrtc::RtpSenderInterface* sender) const;
  // Refreshes the cached state; the first time the transceiver is stopping or stopped, the
  // receiver's track ends (ENDED event). listed: libwebrtc still lists it (a transceiver it
  // dropped, as by a rollback, reads as stopped).
  void Sync(bool listed = true);
  // The track event of this transceiver's receiver is being raised (again).
  void OnTrackEvent();
  // "Process the removal of a remote track": muted, REMOVED then MUTE.
  void OnRemoteTrackRemoved();
  // The id of its DTLS transport in the connection's transports snapshot (0: none yet).
  void SetDtlsTransportId(uint64_t id);
  // The sender's track object (the embedder's); nullptr for none. Any thread.
  void SetSenderTrack(MediaTrack* track);
  // The connection is torn down: let go of libwebrtc's objects.
  void Detach();

  // ---- for the ABI, any thread
  rtcn_rtp_transceiver_info Info();
  rtcn_status SetDirection(rtcn_rtp_transceiver_direction direction);
  rtcn_status Stop();
  rtcn_status SetCodecPreferences(const rtcn_rtp_codec* codecs, int32_t count);
  MediaTrack* SenderTrack();    // a new reference, or nullptr
  MediaTrack* ReceiverTrack();  // a new reference
  rtcn_status ReplaceTrack(MediaTrack* track, void* op_user_data);
  rtcn_status GetSenderParameters(rtcn_rtp_parameters** out_parameters);
  rtcn_status SetSenderParameters(const rtcn_rtp_parameters* parameters, void* op_user_data);
  rtcn_status SetStreams(std::vector<std::string> stream_ids);
  rtcn_status GetStats(bool sender, void* op_user_data);
  rtcn_status GetStreamIds(char*** out_stream_ids, int32_t* out_count);
  rtcn_status GetReceiverParameters(rtcn_rtp_parameters** out_parameters);
  rtcn_status GetSources(bool csrc, rtcn_rtp_source** out_sources, int32_t* out_count);
  rtcn_status SetJitterBufferTarget(double target_ms);
  // RTCDTMFSender (transceiver_dtmf.cc); RTCN_ERROR_NOT_SUPPORTED for a video sender.
  rtcn_status InsertDtmf(const std::string& tones, int32_t duration_ms, int32_t inter_tone_gap_ms);
  rtcn_status CanInsertDtmf(bool* out_can_insert);
  rtcn_status GetDtmfToneBuffer(std::string* out_tones);
  rtcn_status GetDtmfTiming(int32_t* out_duration_ms, int32_t* out_inter_tone_gap_ms);
  Runtime* runtime() const { return runtime_; }

  // webrtc::RtpReceiverObserverInterface, on the signaling thread.
  void OnFirstPacketReceived(cricket::MediaType media_type) override;

 private:
  friend class RefCounted<Transceiver>;
  ~Transceiver() override;

  // Signaling thread: an error when the connection is closed or gone, else OK.
  Error CheckOpen() const;
  void QueueTrackEvent(rtcn_receiver_track_event event);
  // Signaling thread: webrtc-pc's "determine if DTMF can be sent".
  bool CanSendDtmf();
  void QueueDtmfToneChange(const std::string& tone);

  LiveObject<RTCN_OBJECT_TRANSCEIVER> live_;
  Runtime* const runtime_;  // referenced while this lives
  const std::shared_ptr<DeliveryQueue> queue_;  // the connection's
  const rtcn_media_kind kind_;

  // Signaling thread only.
  PeerConnection* owner_;  // null once the connection was torn down
  rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver_;
  rtc::scoped_refptr<webrtc::RtpSenderInterface> sender_;
  rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver_;
  std::string receiver_id_;
  bool ended_ = false;          // the receiver's track ended (ENDED raised)
  bool removed_ = false;        // muted by a removal since the last track event
  bool has_parameters_ = false;  // last_parameters_ is the last getParameters' result
  webrtc::RtpParameters last_parameters_;

  MediaTrack* const receiver_track_;  // referenced while this lives
  // The audio sender's DTMF sender (null for video); set at construction, detached (not
  // freed) with the connection, so any thread may read its tone buffer.
  const std::unique_ptr<DtmfSender> dtmf_;

  std::mutex mutex_;  // guards what follows
  MediaTrack* sender_track_ = nullptr;  // referenced
  std::deque<std::string> mids_;        // every mid ever assigned (the info points into it)
  bool has_mid_ = false;
  rtcn_rtp_transceiver_direction direction_ = RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV;
  bool has_current_direction_ = false;
  rtcn_rtp_transceiver_direction current_direction_ = RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV;
  bool stopping_ = false;
  bool stopped_ = false;
  uint64_t dtls_transport_id_ = 0;
};

}  // namespace rtcn
