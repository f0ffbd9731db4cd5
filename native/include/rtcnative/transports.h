/*
 * rtcnative/transports.h - RTCSctpTransport, the RTCDtlsTransports (of the data channels
 * and of the transceivers) and the RTCIceTransport under each, pushed to the embedder as one
 * snapshot whenever one of them changes (peer_connection_transports_change, and with every
 * session state). Part of rtcnative.h.
 */
#ifndef RTCNATIVE_TRANSPORTS_H
#define RTCNATIVE_TRANSPORTS_H

#include "base.h"
#include "ice.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rtcn_sctp_transport_state RTCN_ENUM_BASE {
    RTCN_SCTP_TRANSPORT_STATE_CONNECTING = 0,
    RTCN_SCTP_TRANSPORT_STATE_CONNECTED = 1,
    RTCN_SCTP_TRANSPORT_STATE_CLOSED = 2
} rtcn_sctp_transport_state;

typedef enum rtcn_dtls_transport_state RTCN_ENUM_BASE {
    RTCN_DTLS_TRANSPORT_STATE_NEW = 0,
    RTCN_DTLS_TRANSPORT_STATE_CONNECTING = 1,
    RTCN_DTLS_TRANSPORT_STATE_CONNECTED = 2,
    RTCN_DTLS_TRANSPORT_STATE_CLOSED = 3,
    RTCN_DTLS_TRANSPORT_STATE_FAILED = 4
} rtcn_dtls_transport_state;

/* One DTLS transport (RTCDtlsTransport) and the RTCIceTransport under it. Borrowed for the
 * callback, as the snapshot that holds it. */
typedef struct rtcn_dtls_transport_info {
    /* Names the transport while it lives; never reused by another one of the connection. */
    uint64_t id;
    rtcn_dtls_transport_state state;
    /* The RTCIceTransport under it: its own state (RTCIceTransportState values) and gathering
     * state, taken with the DTLS state (so a connected DTLS transport never shows a new ICE one). */
    rtcn_ice_connection_state ice_state;
    rtcn_ice_gathering_state ice_gathering_state;
    rtcn_ice_role ice_role;
    /* The selected candidate pair as "candidate:..." values; both NULL when there is none. */
    const char* selected_local_candidate;
    const char* selected_remote_candidate;
    /* The remote DER certificate chain, leaf first, concatenated; lengths holds each size.
     * Count 0 (and NULL pointers) before the DTLS handshake completed. */
    const uint8_t* remote_certificates;
    const uint32_t* remote_certificate_lengths;
    int32_t remote_certificate_count;
} rtcn_dtls_transport_info;

/* The connection's transports: the SCTP transport of the data channels (when a description
 * with a data m-line was applied) and every DTLS transport in use by it or by a transceiver
 * (one when bundled). A transceiver names its DTLS transport by id (rtcn_rtp_transceiver_info).
 * Borrowed for the callback. When sctp_present is 0 the SCTP fields are zeroed (max_channels -1). */
typedef struct rtcn_transports_info {
    /* Grows with every snapshot. Snapshots are taken on two libwebrtc threads, so one may
     * arrive after a newer one: keep the one with the highest sequence. */
    uint64_t sequence;
    int32_t sctp_present;
    rtcn_sctp_transport_state sctp_state;
    double sctp_max_message_size;        /* bytes this side may send: the remote a=max-message-size
                                          * (65536 when absent, RFC 8841) capped by the engine's limit */
    int32_t sctp_max_channels;           /* channels usable at once; -1 until connected */
    uint64_t sctp_dtls_transport_id;     /* the DTLS transport under SCTP; 0 without SCTP */
    rtcn_ice_connection_state ice_state; /* the connection's standardized ICE state */
    rtcn_ice_gathering_state ice_gathering_state;
    /* In the order the transports were first seen. */
    const rtcn_dtls_transport_info* dtls_transports;
    int32_t dtls_transport_count;
} rtcn_transports_info;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_TRANSPORTS_H */
