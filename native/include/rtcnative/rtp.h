/*
 * rtcnative/rtp.h - RTCRtpTransceiver with its RTCRtpSender and RTCRtpReceiver, codecs and
 * RTP parameters. Part of rtcnative.h.
 *
 * Unified Plan: every sender and receiver belongs to exactly one transceiver, so one handle,
 * rtcn_rtp_transceiver, stands for all three; the rtcn_rtp_sender_* and rtcn_rtp_receiver_*
 * functions take it. The shim keeps one transceiver object per libwebrtc transceiver for the
 * connection's life, so a handle's address identifies the transceiver: every call that hands
 * one out adds a reference (release each), and equal addresses are the same transceiver.
 * Likewise a transceiver's receiver track is one rtcn_media_track object for its life, and a
 * sender's track is the very track object the embedder gave.
 *
 * State: mid, direction, current direction and stopped are the shim's copies, refreshed on
 * the signaling thread before the operation or call that changed them completes: reads never
 * block. Calls that change libwebrtc (add_track, add_transceiver, remove_track, set_direction,
 * stop, set_codec_preferences, get/set_parameters, set_streams) block for one hop to the
 * signaling thread, as createDataChannel does.
 */
#ifndef RTCNATIVE_RTP_H
#define RTCNATIVE_RTP_H

#include "base.h"
#include "media.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rtcn_rtp_transceiver rtcn_rtp_transceiver;

typedef enum rtcn_rtp_transceiver_direction RTCN_ENUM_BASE {
    RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV = 0,
    RTCN_RTP_TRANSCEIVER_DIRECTION_SENDONLY = 1,
    RTCN_RTP_TRANSCEIVER_DIRECTION_RECVONLY = 2,
    RTCN_RTP_TRANSCEIVER_DIRECTION_INACTIVE = 3,
    RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED = 4
} rtcn_rtp_transceiver_direction;

typedef enum rtcn_priority RTCN_ENUM_BASE {
    RTCN_PRIORITY_VERY_LOW = 0,
    RTCN_PRIORITY_LOW = 1,
    RTCN_PRIORITY_MEDIUM = 2,
    RTCN_PRIORITY_HIGH = 3
} rtcn_priority;

typedef enum rtcn_degradation_preference RTCN_ENUM_BASE {
    RTCN_DEGRADATION_PREFERENCE_UNSET = 0,   /* the engine's default (balanced for video) */
    RTCN_DEGRADATION_PREFERENCE_MAINTAIN_FRAMERATE = 1,
    RTCN_DEGRADATION_PREFERENCE_MAINTAIN_RESOLUTION = 2,
    RTCN_DEGRADATION_PREFERENCE_BALANCED = 3,
    RTCN_DEGRADATION_PREFERENCE_DISABLED = 4
} rtcn_degradation_preference;

/* What happened to a receiver's track (webrtc-pc's processing of remote tracks). */
typedef enum rtcn_receiver_track_event RTCN_ENUM_BASE {
    RTCN_RECEIVER_TRACK_EVENT_UNMUTE = 0,    /* media arrived (first packet) */
    RTCN_RECEIVER_TRACK_EVENT_MUTE = 1,      /* no more media expected (direction change) */
    RTCN_RECEIVER_TRACK_EVENT_REMOVED = 2,   /* "process the removal of a remote track": the
                                              * embedder removes it from its streams; a MUTE
                                              * follows */
    RTCN_RECEIVER_TRACK_EVENT_ENDED = 3      /* the transceiver stopped: the track ended */
} rtcn_receiver_track_event;

/* RTCRtpEncodingParameters. Numbers use -1 (or -1.0) for "not set". */
typedef struct rtcn_rtp_encoding {
    const char* rid;                   /* NULL = none; 1..16 alphanumeric characters */
    int32_t active;
    int64_t max_bitrate_bps;           /* -1 = not set */
    double max_framerate;              /* -1 = not set */
    double scale_resolution_down_by;   /* -1 = not set; >= 1 */
    rtcn_priority priority;            /* bitratePriority's level; default LOW */
    rtcn_priority network_priority;    /* default LOW */
} rtcn_rtp_encoding;

/* RTCRtpCodecParameters (a negotiated codec) and RTCRtpCodecCapability (payload_type -1). */
typedef struct rtcn_rtp_codec {
    int32_t payload_type;              /* -1 in capabilities */
    const char* mime_type;             /* "video/VP8", "audio/opus", ... */
    int32_t clock_rate;
    int32_t channels;                  /* 0 = not set (video) */
    const char* sdp_fmtp_line;         /* NULL = none */
} rtcn_rtp_codec;

typedef struct rtcn_rtp_header_extension {
    const char* uri;
    int32_t id;                        /* 0 in capabilities */
    int32_t encrypted;
} rtcn_rtp_header_extension;

/* RTCRtpSendParameters / RTCRtpReceiveParameters (receive: no encodings' send members, no
 * transaction id). Returned in one block freed with rtcn_free. */
typedef struct rtcn_rtp_parameters {
    const char* transaction_id;        /* senders: echo it back in set_parameters */
    const rtcn_rtp_encoding* encodings;
    int32_t encoding_count;
    const rtcn_rtp_codec* codecs;
    int32_t codec_count;
    const rtcn_rtp_header_extension* header_extensions;
    int32_t header_extension_count;
    const char* rtcp_cname;
    int32_t rtcp_reduced_size;
    rtcn_degradation_preference degradation_preference;
} rtcn_rtp_parameters;

/* RTCRtpCapabilities, one block freed with rtcn_free. */
typedef struct rtcn_rtp_capabilities {
    const rtcn_rtp_codec* codecs;
    int32_t codec_count;
    const rtcn_rtp_header_extension* header_extensions;
    int32_t header_extension_count;
} rtcn_rtp_capabilities;

/* RTCRtpTransceiverInit. */
typedef struct rtcn_rtp_transceiver_init {
    rtcn_rtp_transceiver_direction direction;   /* not STOPPED */
    const char* const* stream_ids;
    int32_t stream_id_count;
    const rtcn_rtp_encoding* send_encodings;     /* none = one default encoding */
    int32_t send_encoding_count;
} rtcn_rtp_transceiver_init;

typedef struct rtcn_rtp_transceiver_info {
    rtcn_media_kind kind;
    const char* mid;                                  /* NULL = null; valid while the handle lives */
    rtcn_rtp_transceiver_direction direction;
    int32_t has_current_direction;                    /* 0: currentDirection is null */
    rtcn_rtp_transceiver_direction current_direction;
    int32_t stopping;                                 /* stop() was called (direction reads STOPPED) */
    int32_t stopped;                                  /* [[Stopped]]: negotiated away or stopped */
    /* The DTLS transport of its sender and receiver (an id of rtcn_transports_info's list, as
     * of the last snapshot pushed); 0 before a description gave it one. */
    uint64_t dtls_transport_id;
} rtcn_rtp_transceiver_info;

/* RTCRtpContributingSource / RTCRtpSynchronizationSource. */
typedef struct rtcn_rtp_source {
    uint32_t source;
    int64_t timestamp_ms;             /* wall clock ms since the Unix epoch */
    double audio_level;               /* 0..1; -1 when absent */
    uint32_t rtp_timestamp;
} rtcn_rtp_source;

/* RTCPeerConnection.addTrack(): reuses a transceiver as the spec says, else adds one; returns
 * its handle (the sender). stream_ids may be NULL with count 0. Fails with
 * RTCN_ERROR_INVALID_ACCESS when the track already has a sender on this connection or belongs
 * to another factory, RTCN_ERROR_INVALID_STATE once closed. */
RTCN_API rtcn_status rtcn_peer_connection_add_track(rtcn_peer_connection* connection, rtcn_media_track* track,
                                                    const char* const* stream_ids, int32_t stream_id_count,
                                                    rtcn_rtp_transceiver** out_transceiver) RTCN_NOEXCEPT;
/* RTCPeerConnection.removeTrack(sender). */
RTCN_API rtcn_status rtcn_peer_connection_remove_track(rtcn_peer_connection* connection,
                                                       rtcn_rtp_transceiver* sender) RTCN_NOEXCEPT;
/* RTCPeerConnection.addTransceiver(): with a track (kind ignored) or a kind (track NULL).
 * init NULL = sendrecv, no streams, one encoding. Bad encodings (rid syntax, duplicate rids,
 * scale below 1) fail with RTCN_ERROR_INVALID_ARGUMENT or RTCN_ERROR_RANGE as the spec says. */
RTCN_API rtcn_status rtcn_peer_connection_add_transceiver(rtcn_peer_connection* connection, rtcn_media_kind kind,
                                                          rtcn_media_track* track, const rtcn_rtp_transceiver_init* init,
                                                          rtcn_rtp_transceiver** out_transceiver) RTCN_NOEXCEPT;
/* getTransceivers(): the number of transceivers now, and the one at index in creation order (a
 * new reference; NULL when index is out of range, as after a concurrent change). */
RTCN_API rtcn_status rtcn_peer_connection_get_transceiver_count(rtcn_peer_connection* connection,
                                                                int32_t* out_count) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_peer_connection_get_transceiver(rtcn_peer_connection* connection, int32_t index,
                                                          rtcn_rtp_transceiver** out_transceiver) RTCN_NOEXCEPT;
/* getStats(selector): the stats of the one sender or receiver whose track is track (a track
 * sent by several senders, or by none nor received, fails with RTCN_ERROR_INVALID_ACCESS).
 * Completes through text_result as rtcn_peer_connection_get_stats does. */
RTCN_API rtcn_status rtcn_peer_connection_get_stats_for_track(rtcn_peer_connection* connection,
                                                              rtcn_media_track* track, void* op_user_data) RTCN_NOEXCEPT;

RTCN_API rtcn_status rtcn_rtp_transceiver_get_info(rtcn_rtp_transceiver* transceiver,
                                                   rtcn_rtp_transceiver_info* out_info) RTCN_NOEXCEPT;
/* direction: not STOPPED (RTCN_ERROR_INVALID_ARGUMENT); fails with RTCN_ERROR_INVALID_STATE
 * when stopping or stopped. A change triggers negotiation-needed. */
RTCN_API rtcn_status rtcn_rtp_transceiver_set_direction(rtcn_rtp_transceiver* transceiver,
                                                        rtcn_rtp_transceiver_direction direction) RTCN_NOEXCEPT;
/* RTCRtpTransceiver.stop(); idempotent. The receiver's track ends (track event ENDED). */
RTCN_API rtcn_status rtcn_rtp_transceiver_stop(rtcn_rtp_transceiver* transceiver) RTCN_NOEXCEPT;
/* setCodecPreferences(): count 0 resets to the defaults. A codec the engine cannot receive, or a
 * list of only RTX/RED/FEC, fails with RTCN_ERROR_INVALID_MODIFICATION. */
RTCN_API rtcn_status rtcn_rtp_transceiver_set_codec_preferences(rtcn_rtp_transceiver* transceiver,
                                                                const rtcn_rtp_codec* codecs, int32_t count) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_rtp_transceiver_release(rtcn_rtp_transceiver* transceiver) RTCN_NOEXCEPT;

/* The sender's track: a new reference, or NULL when it has none. */
RTCN_API rtcn_status rtcn_rtp_sender_get_track(rtcn_rtp_transceiver* sender, rtcn_media_track** out_track) RTCN_NOEXCEPT;
/* replaceTrack(): track NULL stops sending. Completes through operation_complete (state NULL):
 * RTCN_ERROR_INVALID_STATE when the transceiver is stopped, RTCN_ERROR_INVALID_ARGUMENT (a
 * TypeError) when the kinds differ, RTCN_ERROR_CLOSED when the connection closed. No
 * renegotiation. */
RTCN_API rtcn_status rtcn_rtp_sender_replace_track(rtcn_rtp_transceiver* sender, rtcn_media_track* track,
                                                   void* op_user_data) RTCN_NOEXCEPT;
/* getParameters(): *out_parameters is one block freed with rtcn_free. */
RTCN_API rtcn_status rtcn_rtp_sender_get_parameters(rtcn_rtp_transceiver* sender,
                                                    rtcn_rtp_parameters** out_parameters) RTCN_NOEXCEPT;
/* setParameters(): the transaction id of the last get_parameters, the same encodings (count and
 * rids), else RTCN_ERROR_INVALID_MODIFICATION; codecs and header extensions are read-only and
 * ignored. Completes through operation_complete (state NULL). */
RTCN_API rtcn_status rtcn_rtp_sender_set_parameters(rtcn_rtp_transceiver* sender, const rtcn_rtp_parameters* parameters,
                                                    void* op_user_data) RTCN_NOEXCEPT;
/* setStreams(): the stream ids of the sender's next offers (negotiation-needed follows). */
RTCN_API rtcn_status rtcn_rtp_sender_set_streams(rtcn_rtp_transceiver* sender, const char* const* stream_ids,
                                                 int32_t stream_id_count) RTCN_NOEXCEPT;
/* The sender's stats (outbound-rtp and what they reference), through text_result. */
RTCN_API rtcn_status rtcn_rtp_sender_get_stats(rtcn_rtp_transceiver* sender, void* op_user_data) RTCN_NOEXCEPT;

/* The receiver's track: a new reference, never NULL (a receiver always has its track). */
RTCN_API rtcn_status rtcn_rtp_receiver_get_track(rtcn_rtp_transceiver* receiver, rtcn_media_track** out_track) RTCN_NOEXCEPT;
/* The stream ids of the remote description for this receiver (associated remote streams): one
 * block of count pointers followed by the strings, freed with rtcn_free; NULL when none. */
RTCN_API rtcn_status rtcn_rtp_receiver_get_stream_ids(rtcn_rtp_transceiver* receiver, char*** out_stream_ids,
                                                      int32_t* out_count) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_rtp_receiver_get_parameters(rtcn_rtp_transceiver* receiver,
                                                      rtcn_rtp_parameters** out_parameters) RTCN_NOEXCEPT;
/* getContributingSources() (csrc 1) / getSynchronizationSources() (csrc 0): sources seen in the
 * last 10 s; one block of *out_count entries freed with rtcn_free (NULL when none). */
RTCN_API rtcn_status rtcn_rtp_receiver_get_sources(rtcn_rtp_transceiver* receiver, int32_t csrc,
                                                   rtcn_rtp_source** out_sources, int32_t* out_count) RTCN_NOEXCEPT;
/* jitterBufferTarget in ms: 0..4000 (else RTCN_ERROR_RANGE), or -1 for null (the engine decides). */
RTCN_API rtcn_status rtcn_rtp_receiver_set_jitter_buffer_target(rtcn_rtp_transceiver* receiver,
                                                                double target_ms) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_rtp_receiver_get_stats(rtcn_rtp_transceiver* receiver, void* op_user_data) RTCN_NOEXCEPT;

/* RTCRtpSender.getCapabilities(kind) (receiver 0) / RTCRtpReceiver.getCapabilities (receiver 1):
 * one block freed with rtcn_free. */
RTCN_API rtcn_status rtcn_factory_get_rtp_capabilities(rtcn_factory* factory, rtcn_media_kind kind, int32_t receiver,
                                                       rtcn_rtp_capabilities** out_capabilities) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_RTP_H */
