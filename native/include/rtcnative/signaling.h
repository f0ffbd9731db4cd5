/*
 * rtcnative/signaling.h - offer/answer: the connection's operations chain, descriptions and
 * the session state pushed to the embedder. Part of rtcnative.h.
 *
 * Operations chain (webrtc-pc [[Operations]]): create_offer, create_answer,
 * set_local_description, set_remote_description and add_ice_candidate of one connection run
 * one at a time, in call order, on libwebrtc's signaling thread; each checks the state it
 * depends on when its turn comes (never earlier). When a call returns RTCN_OK the operation
 * completes exactly once through its callback, in chain order and in order with the
 * connection's events: with RTCN_ERROR_CLOSED when the connection is closed or released first,
 * with RTCN_ERROR_CANCELED when canceled before its turn. When a call returns an error the
 * operation never completes.
 */
#ifndef RTCNATIVE_SIGNALING_H
#define RTCNATIVE_SIGNALING_H

#include "base.h"
#include "transports.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rtcn_signaling_state RTCN_ENUM_BASE {
    RTCN_SIGNALING_STATE_STABLE = 0,
    RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER = 1,
    RTCN_SIGNALING_STATE_HAVE_LOCAL_PRANSWER = 2,
    RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER = 3,
    RTCN_SIGNALING_STATE_HAVE_REMOTE_PRANSWER = 4,
    RTCN_SIGNALING_STATE_CLOSED = 5
} rtcn_signaling_state;

typedef enum rtcn_sdp_type RTCN_ENUM_BASE {
    RTCN_SDP_TYPE_OFFER = 0,
    RTCN_SDP_TYPE_PRANSWER = 1,
    RTCN_SDP_TYPE_ANSWER = 2,
    RTCN_SDP_TYPE_ROLLBACK = 3,
    /* set_local_description only: the type the signaling state calls for (an offer in stable
     * or have-local-offer, else an answer), as setLocalDescription() without a description. */
    RTCN_SDP_TYPE_IMPLICIT = 4
} rtcn_sdp_type;

/* One description attribute; sdp is NULL (and type meaningless) when the attribute is null. */
typedef struct rtcn_session_description {
    rtcn_sdp_type type;
    const char* sdp;
} rtcn_session_description;

/* The connection's session after an operation or event, for the embedder to mirror: it is
 * pushed with the completion or event that changed it, never read back. Everything is
 * borrowed for the callback. */
typedef struct rtcn_session_state {
    /* The signaling states the operation entered, in order: one signalingstatechange each
     * (e.g. have-local-offer, stable, have-remote-offer for a glare's implicit rollback). */
    const rtcn_signaling_state* signaling_changes;
    int32_t signaling_change_count;
    rtcn_signaling_state signaling_state;      /* the state now */
    rtcn_session_description current_local;
    rtcn_session_description pending_local;
    rtcn_session_description current_remote;
    rtcn_session_description pending_remote;
    int32_t can_trickle_ice_candidates;        /* -1 = null (no remote description), 0, 1 */
    const rtcn_transports_info* transports;    /* never NULL */
} rtcn_session_state;

typedef struct rtcn_offer_options {
    int32_t ice_restart;
    int32_t offer_to_receive_audio;  /* legacy; -1 = not set, 0 = false, 1 = true */
    int32_t offer_to_receive_video;  /* legacy; -1 = not set, 0 = false, 1 = true */
} rtcn_offer_options;

/* options may be NULL. Completes through session_description_created; the result becomes the
 * connection's [[LastCreatedOffer]] / [[LastCreatedAnswer]]. */
RTCN_API rtcn_status rtcn_peer_connection_create_offer(rtcn_peer_connection* connection,
                                                       const rtcn_offer_options* options, void* op_user_data) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_peer_connection_create_answer(rtcn_peer_connection* connection, void* op_user_data) RTCN_NOEXCEPT;

/* setLocalDescription. sdp NULL: with RTCN_SDP_TYPE_IMPLICIT the description the signaling
 * state calls for; with an offer, answer or pranswer type the [[LastCreatedOffer]] or
 * [[LastCreatedAnswer]] applied as that type, or one created now when there is none.
 * RTCN_SDP_TYPE_ROLLBACK ignores sdp; rolling back the remote peer's offer (in have-remote-offer
 * or have-remote-pranswer) fails with InvalidStateError. Completes through operation_complete
 * with the session state; a malformed SDP completes with RTCN_ERROR_OPERATION and
 * RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR. */
RTCN_API rtcn_status rtcn_peer_connection_set_local_description(rtcn_peer_connection* connection, rtcn_sdp_type type,
                                                                const char* sdp, void* op_user_data) RTCN_NOEXCEPT;
/* setRemoteDescription; sdp is required except for a rollback; rolling back a local offer
 * (in have-local-offer or have-local-pranswer) fails with InvalidStateError. A remote offer in have-local-offer rolls the local
 * offer back first (glare). m= sections this side cannot take part in (unknown media types or
 * protocols) are kept in the remote description and rejected (port 0) in the answer, as JSEP
 * says; a description the engine could not handle safely fails with RTCN_ERROR_OPERATION. */
RTCN_API rtcn_status rtcn_peer_connection_set_remote_description(rtcn_peer_connection* connection, rtcn_sdp_type type,
                                                                 const char* sdp, void* op_user_data) RTCN_NOEXCEPT;

/* Cancels an operation that is still waiting for its turn in the chain: it is not performed
 * and completes with RTCN_ERROR_CANCELED at its turn. An operation that already started runs
 * to completion; an unknown or completed op_user_data is ignored. Never blocks. */
RTCN_API rtcn_status rtcn_peer_connection_cancel_operation(rtcn_peer_connection* connection, void* op_user_data) RTCN_NOEXCEPT;

/* Whether a queued negotiation-needed event with event_id is still current (webrtc-pc's
 * "update the negotiation-needed flag" checks): no operation started since it was raised, none
 * is queued, and the connection is stable and open. Never blocks. */
RTCN_API rtcn_status rtcn_peer_connection_should_fire_negotiation_needed(rtcn_peer_connection* connection,
                                                                         uint32_t event_id, int32_t* out_fire) RTCN_NOEXCEPT;

/* RTCPeerConnection.restartIce(). */
RTCN_API rtcn_status rtcn_peer_connection_restart_ice(rtcn_peer_connection* connection) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_SIGNALING_H */
