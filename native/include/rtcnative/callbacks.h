/*
 * rtcnative/callbacks.h - the one table of callbacks, registered once per process. Part of
 * rtcnative.h.
 *
 *  - NULL entries are allowed (those events are dropped).
 *  - Object callbacks receive the object's user_data first. The callbacks of one object (a
 *    connection, a data channel) never run concurrently and arrive in the order the engine
 *    produced them; an operation's completion arrives in order with its connection's events.
 *    No lock of the shim is held while a callback runs.
 *  - Once a connection is closed it raises no more events (W3C close() fires none); its data
 *    channels still report closing and closed, and its pending operations still complete.
 *  - Callbacks run on libwebrtc's threads, or inside the ABI call that caused them (a close
 *    completing pending operations): they must not block and must not call into this ABI.
 */
#ifndef RTCNATIVE_CALLBACKS_H
#define RTCNATIVE_CALLBACKS_H

#include "base.h"
#include "data_channel.h"
#include "display_capture.h"
#include "ice.h"
#include "library.h"
#include "media.h"
#include "peer_connection.h"
#include "rtp.h"
#include "signaling.h"
#include "transports.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rtcn_callbacks {
    /* ---- lifetime */
    /* A factory, connection or channel released by the embedder: no callback with this
     * user_data runs any more, and the native side finished its teardown (for a factory: its
     * threads stopped; for a connection: libwebrtc's connection is closed and gone). Exactly once
     * per object created with a user_data (a declined remote channel has none). */
    void (*user_data_released)(void* user_data);

    /* ---- peer connection events; user_data is the connection's */
    void (*peer_connection_ice_gathering_state_change)(void* user_data, rtcn_ice_gathering_state state);
    void (*peer_connection_ice_connection_state_change)(void* user_data, rtcn_ice_connection_state state);
    void (*peer_connection_connection_state_change)(void* user_data, rtcn_peer_connection_state state);
    /* A local candidate was gathered; state holds the local description that now carries it.
     * candidate is NULL once gathering completed (after the gathering state change), then
     * state is NULL too. */
    void (*peer_connection_ice_candidate)(void* user_data, const rtcn_ice_candidate_info* candidate,
                                          const rtcn_session_state* state);
    void (*peer_connection_ice_candidate_error)(void* user_data, const rtcn_ice_candidate_error_info* error);
    /* Fire NegotiationNeeded only if rtcn_peer_connection_should_fire_negotiation_needed says
     * so when the event is about to be raised. */
    void (*peer_connection_negotiation_needed)(void* user_data, uint32_t event_id);
    /* A remote peer opened a channel. The callee takes the reference in channel and returns
     * the channel's user_data; returning NULL declines it (the shim releases the channel).
     * Events of the channel arrive only after this returns. */
    void* (*peer_connection_data_channel)(void* user_data, rtcn_data_channel* channel);
    /* A transport under the data channels changed state, role, selected pair or remote
     * certificates, outside an operation (operations carry the transports in their session state). */
    void (*peer_connection_transports_change)(void* user_data, const rtcn_transports_info* transports);
    /* The track event (webrtc-pc "set the remote description", ontrack): transceiver is a NEW
     * reference the callee must release (or keep); stream_ids are the receiver's associated
     * remote streams, borrowed. Raised before the completion of the operation that caused it. */
    void (*peer_connection_track)(void* user_data, rtcn_rtp_transceiver* transceiver,
                                  const char* const* stream_ids, int32_t stream_id_count);
    /* Something happened to a transceiver's receiver track; transceiver is borrowed, only to
     * identify it (compare addresses). In order with the connection's other events. */
    void (*peer_connection_receiver_track_event)(void* user_data, rtcn_rtp_transceiver* transceiver,
                                                 rtcn_receiver_track_event event);
    /* An audio sender's DTMF tone started (RTCDTMFSender ontonechange): tone is one character
     * of the tone buffer, or "" once the buffer emptied. sender is borrowed, only to identify
     * it (compare addresses). Runs on the signaling thread, in order with the connection's
     * other events; see rtcnative/dtmf.h. */
    void (*rtp_sender_dtmf_tone_change)(void* user_data, rtcn_rtp_transceiver* sender, const char* tone);

    /* ---- data channel events; user_data is the channel's */
    /* error is non-NULL when the channel closed because of an error (RTCErrorEvent). */
    void (*data_channel_state_change)(void* user_data, rtcn_data_channel_state state, const rtcn_error* error);
    /* Direct delivery: each message, on libwebrtc's thread. When this entry is NULL, messages
     * are queued in the channel's inbox instead (see data_channel_messages_available). */
    void (*data_channel_message)(void* user_data, const uint8_t* data, uint64_t size, int32_t is_binary);
    /* Queued delivery (data_channel_message NULL): the channel's inbox, empty until now, has a
     * message; take them with rtcn_data_channel_receive from the embedder's own thread, so
     * libwebrtc's thread only queues (no copy, no call per message). Raised again for the next
     * message once a receive found the inbox empty. Ordered with the channel's other events:
     * messages queued before a state change are in the inbox when that change is raised. */
    void (*data_channel_messages_available)(void* user_data);
    /* sent_bytes left the send queue for SCTP (one call may cover several messages). */
    void (*data_channel_buffered_amount_decrease)(void* user_data, uint64_t sent_bytes);

    /* ---- media sinks; user_data is the sink's */
    /* The sink's queue, empty until now, has a frame (or the track ended): read with
     * rtcn_media_sink_read_* until the queue is empty, which re-arms this. Runs on libwebrtc's
     * media threads: it must only signal the embedder's reader. */
    void (*media_sink_available)(void* user_data);

    /* ---- display capture; user_data is the display source's */
    /* The source ended by itself: the captured window or the X server went away, or every
     * track of the source was stopped (rtcnative/display_capture.h). Once, on libwebrtc's
     * signaling thread. */
    void (*display_source_ended)(void* user_data);

    /* ---- operation completions; op_user_data is the operation's */
    /* create_offer / create_answer. error is NULL on success, then sdp is set. */
    void (*session_description_created)(void* op_user_data, const rtcn_error* error, rtcn_sdp_type type, const char* sdp);
    /* set_local_description, set_remote_description, add_ice_candidate, and the sender's
     * replace_track and set_parameters (state NULL). error is NULL on
     * success. state is the session after the operation when it changed anything (success, or a
     * failure after which libwebrtc's state differs), else NULL. */
    void (*operation_complete)(void* op_user_data, const rtcn_error* error, const rtcn_session_state* state);
    /* get_stats and the sender/receiver/track stats: error is NULL on success, then text is set. */
    void (*text_result)(void* op_user_data, const rtcn_error* error, const char* text);

    /* ---- process */
    /* libwebrtc log lines, while a sink is set (rtcn_set_log_sink). */
    void (*log_message)(void* user_data, rtcn_log_severity severity, const char* message);
} rtcn_callbacks;

/* Registers the callback table (copied); call before creating a factory. Registering the same
 * table again succeeds; a different one fails with RTCN_ERROR_INVALID_STATE. */
RTCN_API rtcn_status rtcn_register_callbacks(const rtcn_callbacks* callbacks) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_CALLBACKS_H */
