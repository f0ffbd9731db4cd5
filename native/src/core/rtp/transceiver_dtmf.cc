// Transceiver's RTCDTMFSender members (webrtc-pc section 7): the spec's state checks, which need
// the transceiver, around DtmfSender (dtmf_sender.h), which talks to libwebrtc.
#include "core/callbacks.h"
#include "core/peer_connection.h"
#include "core/runtime.h"
#include "core/rtp/transceiver.h"

namespace rtcn {
namespace {

Error NoDtmf() { return MakeError(RTCN_ERROR_NOT_SUPPORTED, "NotSupportedError: a video sender has no DTMF sender"); }

}  // namespace

bool Transceiver::CanSendDtmf() {
  if (!dtmf_ || !transceiver_ || !sender_ || !owner_ || owner_->closed()) return false;
  if (transceiver_->stopping() || transceiver_->stopped()) return false;
  if (!sender_->track()) return false;
  const absl::optional<webrtc::RtpTransceiverDirection> current = transceiver_->current_direction();
  if (!current || (*current != webrtc::RtpTransceiverDirection::kSendRecv &&
                   *current != webrtc::RtpTransceiverDirection::kSendOnly))
    return false;
  const webrtc::RtpParameters parameters = sender_->GetParameters();
  if (!parameters.encodings.empty() && !parameters.encodings[0].active) return false;
  // Last: libwebrtc asks the worker thread whether telephone-event was negotiated for sending.
  return dtmf_->EngineCanInsert();
}

void Transceiver::QueueDtmfToneChange(const std::string& tone) {
  queue_->Event([self = Ref<Transceiver>(this), handle = reinterpret_cast<rtcn_rtp_transceiver*>(this),
                 tone](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (c && c->rtp_sender_dtmf_tone_change) c->rtp_sender_dtmf_tone_change(user_data, handle, tone.c_str());
  });
}

rtcn_status Transceiver::InsertDtmf(const std::string& tones, int32_t duration_ms, int32_t inter_tone_gap_ms) {
  if (!dtmf_) return Fail(NoDtmf());
  const bool valid = DtmfSender::ValidTones(tones);
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    // The spec's order: the state first, then the characters.
    if (!CanSendDtmf())
      return MakeError(RTCN_ERROR_INVALID_STATE,
                       "InvalidStateError: insertDTMF: DTMF cannot be sent (the transceiver is stopped, the sender has "
                       "no track, its current direction does not send, or telephone-event was not negotiated)");
    if (!valid)
      return MakeError(RTCN_ERROR_INVALID_CHARACTER,
                       "InvalidCharacterError: insertDTMF: tones may hold only 0-9, A-D, #, * and ','");
    if (!dtmf_->Insert(tones, duration_ms, inter_tone_gap_ms))
      return MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: insertDTMF: the engine refused the tones");
    return Error();
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

rtcn_status Transceiver::CanInsertDtmf(bool* out_can_insert) {
  if (!dtmf_) return Fail(NoDtmf());
  *out_can_insert = runtime_->signaling_thread()->BlockingCall([&] { return CanSendDtmf(); });
  return RTCN_OK;
}

rtcn_status Transceiver::GetDtmfToneBuffer(std::string* out_tones) {
  if (!dtmf_) return Fail(NoDtmf());
  *out_tones = dtmf_->ToneBuffer();
  return RTCN_OK;
}

rtcn_status Transceiver::GetDtmfTiming(int32_t* out_duration_ms, int32_t* out_inter_tone_gap_ms) {
  if (!dtmf_) return Fail(NoDtmf());
  runtime_->signaling_thread()->BlockingCall([&] {
    *out_duration_ms = dtmf_->duration();
    *out_inter_tone_gap_ms = dtmf_->inter_tone_gap();
  });
  return RTCN_OK;
}

}  // namespace rtcn
