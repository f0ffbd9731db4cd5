/*
 * rtcnative/ice.h - ICE states and candidates. Part of rtcnative.h.
 */
#ifndef RTCNATIVE_ICE_H
#define RTCNATIVE_ICE_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rtcn_ice_gathering_state RTCN_ENUM_BASE {
    RTCN_ICE_GATHERING_STATE_NEW = 0,
    RTCN_ICE_GATHERING_STATE_GATHERING = 1,
    RTCN_ICE_GATHERING_STATE_COMPLETE = 2
} rtcn_ice_gathering_state;

/* RTCIceConnectionState, and RTCIceTransportState (the same values). */
typedef enum rtcn_ice_connection_state RTCN_ENUM_BASE {
    RTCN_ICE_CONNECTION_STATE_NEW = 0,
    RTCN_ICE_CONNECTION_STATE_CHECKING = 1,
    RTCN_ICE_CONNECTION_STATE_CONNECTED = 2,
    RTCN_ICE_CONNECTION_STATE_COMPLETED = 3,
    RTCN_ICE_CONNECTION_STATE_DISCONNECTED = 4,
    RTCN_ICE_CONNECTION_STATE_FAILED = 5,
    RTCN_ICE_CONNECTION_STATE_CLOSED = 6
} rtcn_ice_connection_state;

typedef enum rtcn_ice_role RTCN_ENUM_BASE {
    RTCN_ICE_ROLE_UNKNOWN = 0,
    RTCN_ICE_ROLE_CONTROLLING = 1,
    RTCN_ICE_ROLE_CONTROLLED = 2
} rtcn_ice_role;

/* A gathered local candidate (peer_connection_ice_candidate). */
typedef struct rtcn_ice_candidate_info {
    const char* candidate;          /* "candidate:..." attribute value, never NULL */
    const char* sdp_mid;            /* NULL when unknown */
    int32_t sdp_mline_index;        /* -1 when unknown */
    const char* username_fragment;  /* NULL when unknown */
} rtcn_ice_candidate_info;

typedef struct rtcn_ice_candidate_error_info {
    const char* address;            /* NULL when not known */
    int32_t port;                   /* -1 when not known */
    const char* url;
    int32_t error_code;
    const char* error_text;
} rtcn_ice_candidate_error_info;

/* A remote candidate for rtcn_peer_connection_add_ice_candidate. */
typedef struct rtcn_ice_candidate_init {
    const char* candidate;          /* NULL or "" = end-of-candidates */
    const char* sdp_mid;            /* NULL when absent */
    int32_t sdp_mline_index;        /* -1 when absent */
    const char* username_fragment;  /* NULL when absent */
} rtcn_ice_candidate_init;

/* addIceCandidate, an operation of the chain (see signaling.h). candidate NULL, or with an
 * empty candidate string, means end-of-candidates. sdp_mid may be NULL and sdp_mline_index -1,
 * not both, unless end-of-candidates. When its turn comes it fails with InvalidStateError
 * without a remote description, and with OperationError for a malformed candidate, an sdp_mid
 * or sdp_mline_index naming no m= section, or a username_fragment that matches no ICE ufrag of
 * that section in the current or pending remote description. An end-of-candidates naming no
 * section succeeds, as in Chrome. Completes through
 * operation_complete with the session state (the remote description then holds the candidate). */
RTCN_API rtcn_status rtcn_peer_connection_add_ice_candidate(rtcn_peer_connection* connection,
                                                            const rtcn_ice_candidate_init* candidate, void* op_user_data) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_ICE_H */
