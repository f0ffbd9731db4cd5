/*
 * rtcnative/dtmf.h - RTCDTMFSender (webrtc-pc section 7) of an audio sender, over libwebrtc's
 * DtmfSenderInterface. Part of rtcnative.h.
 *
 * The sender is the rtcn_rtp_transceiver handle (see rtcnative/rtp.h). Only audio senders
 * have a DTMF sender: on a video sender every function fails with RTCN_ERROR_NOT_SUPPORTED.
 * Each tone as it starts, and "" once the buffer empties, arrive through the callback
 * rtp_sender_dtmf_tone_change (rtcnative/callbacks.h) with the connection's user_data.
 *
 * "Determine if DTMF can be sent": the transceiver is not stopping or stopped, the sender has a
 * track, its current direction is sendrecv or sendonly, its first encoding is active, and
 * telephone-event was negotiated for sending. can_insert and insert block for one hop to the
 * signaling thread; get_tone_buffer reads the shim's copy (never blocks).
 */
#ifndef RTCNATIVE_DTMF_H
#define RTCNATIVE_DTMF_H

#include "base.h"
#include "rtp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* insertDTMF(): replaces the tone buffer with tones (0-9, A-D, #, * and ',' for a 2 s pause;
 * case-insensitive, stored uppercase). duration_ms is clamped to 40..6000 and
 * inter_tone_gap_ms to 30..6000 (Chrome's limits). Fails with RTCN_ERROR_INVALID_STATE when
 * DTMF cannot be sent (checked first), RTCN_ERROR_INVALID_CHARACTER for any other character.
 * An empty tones while nothing plays changes nothing (no event); while tones play it empties
 * the buffer and the "" event follows. */
RTCN_API rtcn_status rtcn_rtp_sender_dtmf_insert(rtcn_rtp_transceiver* sender, const char* tones,
                                                 int32_t duration_ms, int32_t inter_tone_gap_ms) RTCN_NOEXCEPT;
/* canInsertDTMF: 1 when DTMF can be sent now, else 0 (also once the connection closed). */
RTCN_API rtcn_status rtcn_rtp_sender_dtmf_can_insert(rtcn_rtp_transceiver* sender,
                                                     int32_t* out_can_insert) RTCN_NOEXCEPT;
/* toneBuffer: the tones not yet played, freed with rtcn_free (never NULL). */
RTCN_API rtcn_status rtcn_rtp_sender_dtmf_get_tone_buffer(rtcn_rtp_transceiver* sender,
                                                          char** out_tones) RTCN_NOEXCEPT;
/* The duration and gap libwebrtc's DTMF sender plays with (as clamped by the last insert;
 * libwebrtc's initial values before the first). Blocks for one hop to the signaling thread. */
RTCN_API rtcn_status rtcn_rtp_sender_dtmf_get_timing(rtcn_rtp_transceiver* sender, int32_t* out_duration_ms,
                                                     int32_t* out_inter_tone_gap_ms) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_DTMF_H */
