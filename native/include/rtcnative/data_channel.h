/*
 * rtcnative/data_channel.h - rtcn_data_channel (RTCDataChannel). Part of rtcnative.h.
 */
#ifndef RTCNATIVE_DATA_CHANNEL_H
#define RTCNATIVE_DATA_CHANNEL_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* libwebrtc's send queue per channel: bytes accepted by rtcn_data_channel_send and not yet
 * handed to SCTP. A send that would exceed it fails (nothing is dropped silently). */
#define RTCN_DATA_CHANNEL_SEND_QUEUE_BYTES 16777216

/* The largest message this engine sends or receives (dcsctp). */
#define RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES 262144

/* Stream ids this engine carries: 0..1023. */
#define RTCN_DATA_CHANNEL_MAX_ID 1023

typedef enum rtcn_data_channel_state RTCN_ENUM_BASE {
    RTCN_DATA_CHANNEL_STATE_CONNECTING = 0,
    RTCN_DATA_CHANNEL_STATE_OPEN = 1,
    RTCN_DATA_CHANNEL_STATE_CLOSING = 2,
    RTCN_DATA_CHANNEL_STATE_CLOSED = 3
} rtcn_data_channel_state;

typedef struct rtcn_data_channel_init {
    int32_t ordered;
    int32_t max_packet_life_time;   /* -1 = not set; else 0..65535 ms */
    int32_t max_retransmits;        /* -1 = not set; else 0..65535 */
    const char* protocol;           /* NULL = "" */
    int32_t negotiated;
    int32_t id;                     /* -1 = not set; required when negotiated */
} rtcn_data_channel_init;

/* init may be NULL for the defaults (ordered, reliable, in-band). Fails with
 * RTCN_ERROR_CLOSED once the connection is closed. user_data comes back through
 * user_data_released after rtcn_data_channel_release. */
RTCN_API rtcn_status rtcn_peer_connection_create_data_channel(rtcn_peer_connection* connection, const char* label,
                                                              const rtcn_data_channel_init* init, void* user_data,
                                                              rtcn_data_channel** out_channel) RTCN_NOEXCEPT;

typedef struct rtcn_data_channel_info {
    const char* label;              /* valid while the handle lives */
    const char* protocol;           /* valid while the handle lives */
    int32_t ordered;
    int32_t max_packet_life_time;   /* -1 = null */
    int32_t max_retransmits;        /* -1 = null */
    int32_t negotiated;
    int32_t id;                     /* -1 = null: assigned once the DTLS role is known (read
                                     * after the set_*_description that fixed it completed) */
    rtcn_data_channel_state state;  /* the last state libwebrtc reported */
} rtcn_data_channel_info;

/* Never blocks: the values are the shim's copies. */
RTCN_API rtcn_status rtcn_data_channel_get_info(rtcn_data_channel* channel, rtcn_data_channel_info* out_info) RTCN_NOEXCEPT;

/* Queues a message without waiting for libwebrtc's thread. Fails with
 * RTCN_ERROR_INVALID_STATE unless the channel is open, with RTCN_ERROR_INVALID_ARGUMENT above
 * RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES, and with RTCN_ERROR_OPERATION ("send queue is full")
 * when the bytes queued and not yet handed to SCTP would exceed
 * RTCN_DATA_CHANNEL_SEND_QUEUE_BYTES; a failed message is not queued. size may be 0. */
RTCN_API rtcn_status rtcn_data_channel_send(rtcn_data_channel* channel, const uint8_t* data, uint64_t size,
                                            int32_t is_binary) RTCN_NOEXCEPT;
/* Queued delivery: copies the oldest message of the inbox into buffer and removes it.
 * *out_size is its size, or -1 when the inbox is empty; when it exceeds capacity nothing is
 * copied nor removed (call again with *out_size bytes). buffer may be NULL when capacity is 0.
 * Fails with RTCN_ERROR_INVALID_STATE when direct delivery (data_channel_message) is registered. */
RTCN_API rtcn_status rtcn_data_channel_receive(rtcn_data_channel* channel, uint8_t* buffer, uint64_t capacity,
                                               int64_t* out_size, int32_t* out_is_binary) RTCN_NOEXCEPT;
/* RTCDataChannel.close(); idempotent, never blocks. */
RTCN_API rtcn_status rtcn_data_channel_close(rtcn_data_channel* channel) RTCN_NOEXCEPT;
/* Stops the channel's events and drops the handle's reference; never blocks, does not close
 * the channel. user_data_released(user_data) follows once no callback of it runs. */
RTCN_API rtcn_status rtcn_data_channel_release(rtcn_data_channel* channel) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_DATA_CHANNEL_H */
