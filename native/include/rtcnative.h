/*
 * rtcnative.h - the whole C ABI of librtcnative, a thin shim over libwebrtc.
 *
 * Conventions (see shared/ARCHITECTURE.md):
 *  - Pure C99. Every symbol and type carries the rtcn_ / RTCN_ prefix.
 *  - Every function returns rtcn_status; results go through out-parameters. On failure a
 *    thread-local error (rtcn_get_last_error) says what happened, with the W3C error name.
 *  - Handles are opaque. Each handle returned holds one reference, released by its
 *    *_release function from any thread; releasing NULL does nothing, as free(NULL).
 *    Child handles (data channels) stay valid after their connection is closed or released:
 *    they then report the closed state and sending fails with RTCN_ERROR_INVALID_STATE.
 *  - Strings are UTF-8 and NUL-terminated; binary data is pointer + length. Strings passed
 *    to callbacks are borrowed for the duration of the call. Strings the shim returns are
 *    freed with rtcn_free.
 *  - One table of callbacks is registered once per process (rtcn_register_callbacks); NULL
 *    entries are allowed (those events are dropped). Object callbacks receive the object's
 *    user_data first; they never run after that object's release function has returned
 *    (release waits for a running callback). Once a connection is closed it raises no more
 *    events (W3C close() fires none); its data channels still report closing and closed.
 *  - Async operations take their own op_user_data. When the call returns RTCN_OK the
 *    operation completes exactly once through its callback (with RTCN_ERROR_CLOSED when the
 *    connection is closed or released first); when it returns an error it never completes.
 *  - Callbacks run on libwebrtc threads: they must not block and must not call into this ABI.
 *  - No function lets a C++ exception or a libwebrtc CHECK escape from bad input.
 */
#ifndef RTCNATIVE_H
#define RTCNATIVE_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(RTCN_BUILDING)
#    define RTCN_API __declspec(dllexport)
#  else
#    define RTCN_API __declspec(dllimport)
#  endif
#else
#  define RTCN_API __attribute__((visibility("default")))
#endif

/* Every export is noexcept in C++: no exception can cross into the embedder. */
#ifdef __cplusplus
#  define RTCN_NOEXCEPT noexcept
#else
#  define RTCN_NOEXCEPT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Raised whenever a function, struct or callback changes incompatibly. */
#define RTCN_ABI_VERSION 4

/* ------------------------------------------------------------------ status and errors */

typedef enum rtcn_status {
    RTCN_OK = 0,
    RTCN_ERROR_INVALID_ARGUMENT = 1,     /* W3C TypeError: a usage error */
    RTCN_ERROR_RANGE = 2,                /* W3C RangeError */
    RTCN_ERROR_INVALID_STATE = 3,        /* InvalidStateError */
    RTCN_ERROR_INVALID_ACCESS = 4,       /* InvalidAccessError */
    RTCN_ERROR_INVALID_MODIFICATION = 5, /* InvalidModificationError */
    RTCN_ERROR_OPERATION = 6,            /* OperationError (RTCError) */
    RTCN_ERROR_SYNTAX = 7,               /* SyntaxError */
    RTCN_ERROR_NOT_SUPPORTED = 8,        /* NotSupportedError */
    RTCN_ERROR_NETWORK = 9,              /* NetworkError */
    RTCN_ERROR_CLOSED = 10,              /* the object or its connection is closed or released */
    RTCN_ERROR_INTERNAL = 11             /* a bug or resource failure inside the shim */
} rtcn_status;

/* RTCErrorDetailType of webrtc-pc. */
typedef enum rtcn_error_detail {
    RTCN_ERROR_DETAIL_NONE = 0,
    RTCN_ERROR_DETAIL_DATA_CHANNEL_FAILURE = 1,
    RTCN_ERROR_DETAIL_DTLS_FAILURE = 2,
    RTCN_ERROR_DETAIL_FINGERPRINT_FAILURE = 3,
    RTCN_ERROR_DETAIL_SCTP_FAILURE = 4,
    RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR = 5,
    RTCN_ERROR_DETAIL_HARDWARE_ENCODER_NOT_AVAILABLE = 6,
    RTCN_ERROR_DETAIL_HARDWARE_ENCODER_ERROR = 7
} rtcn_error_detail;

typedef struct rtcn_error {
    rtcn_status status;
    rtcn_error_detail detail;
    int32_t sdp_line_number;   /* 1-based line of a malformed SDP; 0 when unknown */
    int32_t sctp_cause_code;   /* SCTP cause for SCTP failures; -1 when none */
    const char* message;       /* UTF-8, never NULL */
} rtcn_error;

/* The error of the last failing call on this thread. message stays valid until the next
 * call into this ABI on the same thread. Returns RTCN_ERROR_INVALID_ARGUMENT for NULL. */
RTCN_API rtcn_status rtcn_get_last_error(rtcn_error* out_error) RTCN_NOEXCEPT;

/* Frees a string or buffer returned by this ABI. NULL is allowed. */
RTCN_API rtcn_status rtcn_free(void* memory) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------ enums */

typedef enum rtcn_signaling_state {
    RTCN_SIGNALING_STATE_STABLE = 0,
    RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER = 1,
    RTCN_SIGNALING_STATE_HAVE_LOCAL_PRANSWER = 2,
    RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER = 3,
    RTCN_SIGNALING_STATE_HAVE_REMOTE_PRANSWER = 4,
    RTCN_SIGNALING_STATE_CLOSED = 5
} rtcn_signaling_state;

typedef enum rtcn_ice_gathering_state {
    RTCN_ICE_GATHERING_STATE_NEW = 0,
    RTCN_ICE_GATHERING_STATE_GATHERING = 1,
    RTCN_ICE_GATHERING_STATE_COMPLETE = 2
} rtcn_ice_gathering_state;

typedef enum rtcn_ice_connection_state {
    RTCN_ICE_CONNECTION_STATE_NEW = 0,
    RTCN_ICE_CONNECTION_STATE_CHECKING = 1,
    RTCN_ICE_CONNECTION_STATE_CONNECTED = 2,
    RTCN_ICE_CONNECTION_STATE_COMPLETED = 3,
    RTCN_ICE_CONNECTION_STATE_DISCONNECTED = 4,
    RTCN_ICE_CONNECTION_STATE_FAILED = 5,
    RTCN_ICE_CONNECTION_STATE_CLOSED = 6
} rtcn_ice_connection_state;

typedef enum rtcn_peer_connection_state {
    RTCN_PEER_CONNECTION_STATE_NEW = 0,
    RTCN_PEER_CONNECTION_STATE_CONNECTING = 1,
    RTCN_PEER_CONNECTION_STATE_CONNECTED = 2,
    RTCN_PEER_CONNECTION_STATE_DISCONNECTED = 3,
    RTCN_PEER_CONNECTION_STATE_FAILED = 4,
    RTCN_PEER_CONNECTION_STATE_CLOSED = 5
} rtcn_peer_connection_state;

typedef enum rtcn_sdp_type {
    RTCN_SDP_TYPE_OFFER = 0,
    RTCN_SDP_TYPE_PRANSWER = 1,
    RTCN_SDP_TYPE_ANSWER = 2,
    RTCN_SDP_TYPE_ROLLBACK = 3
} rtcn_sdp_type;

/* Which of the six description attributes of RTCPeerConnection to read. */
typedef enum rtcn_description_slot {
    RTCN_DESCRIPTION_LOCAL = 0,
    RTCN_DESCRIPTION_CURRENT_LOCAL = 1,
    RTCN_DESCRIPTION_PENDING_LOCAL = 2,
    RTCN_DESCRIPTION_REMOTE = 3,
    RTCN_DESCRIPTION_CURRENT_REMOTE = 4,
    RTCN_DESCRIPTION_PENDING_REMOTE = 5
} rtcn_description_slot;

typedef enum rtcn_ice_transport_policy {
    RTCN_ICE_TRANSPORT_POLICY_ALL = 0,
    RTCN_ICE_TRANSPORT_POLICY_RELAY = 1
} rtcn_ice_transport_policy;

typedef enum rtcn_bundle_policy {
    RTCN_BUNDLE_POLICY_BALANCED = 0,
    RTCN_BUNDLE_POLICY_MAX_COMPAT = 1,
    RTCN_BUNDLE_POLICY_MAX_BUNDLE = 2
} rtcn_bundle_policy;

typedef enum rtcn_rtcp_mux_policy {
    RTCN_RTCP_MUX_POLICY_REQUIRE = 0
} rtcn_rtcp_mux_policy;

typedef enum rtcn_data_channel_state {
    RTCN_DATA_CHANNEL_STATE_CONNECTING = 0,
    RTCN_DATA_CHANNEL_STATE_OPEN = 1,
    RTCN_DATA_CHANNEL_STATE_CLOSING = 2,
    RTCN_DATA_CHANNEL_STATE_CLOSED = 3
} rtcn_data_channel_state;

/* Which audio device a factory drives. */
typedef enum rtcn_audio_device_kind {
    /* The platform device (PulseAudio, then ALSA); the silent dummy device when none initializes. */
    RTCN_AUDIO_DEVICE_AUTO = 0,
    /* The platform device; factory creation fails when none initializes. */
    RTCN_AUDIO_DEVICE_PLATFORM = 1,
    /* No device: silent playout and capture, for servers. */
    RTCN_AUDIO_DEVICE_DUMMY = 2
} rtcn_audio_device_kind;

typedef enum rtcn_log_severity {
    RTCN_LOG_SEVERITY_VERBOSE = 0,
    RTCN_LOG_SEVERITY_INFO = 1,
    RTCN_LOG_SEVERITY_WARNING = 2,
    RTCN_LOG_SEVERITY_ERROR = 3,
    RTCN_LOG_SEVERITY_NONE = 4
} rtcn_log_severity;

typedef enum rtcn_sctp_transport_state {
    RTCN_SCTP_TRANSPORT_STATE_CONNECTING = 0,
    RTCN_SCTP_TRANSPORT_STATE_CONNECTED = 1,
    RTCN_SCTP_TRANSPORT_STATE_CLOSED = 2
} rtcn_sctp_transport_state;

typedef enum rtcn_dtls_transport_state {
    RTCN_DTLS_TRANSPORT_STATE_NEW = 0,
    RTCN_DTLS_TRANSPORT_STATE_CONNECTING = 1,
    RTCN_DTLS_TRANSPORT_STATE_CONNECTED = 2,
    RTCN_DTLS_TRANSPORT_STATE_CLOSED = 3,
    RTCN_DTLS_TRANSPORT_STATE_FAILED = 4
} rtcn_dtls_transport_state;

typedef enum rtcn_ice_role {
    RTCN_ICE_ROLE_UNKNOWN = 0,
    RTCN_ICE_ROLE_CONTROLLING = 1,
    RTCN_ICE_ROLE_CONTROLLED = 2
} rtcn_ice_role;

/* Which transport a peer_connection_transport_state_change is about. */
typedef enum rtcn_transport_kind {
    RTCN_TRANSPORT_SCTP = 0,   /* state is an rtcn_sctp_transport_state */
    RTCN_TRANSPORT_DTLS = 1,   /* state is an rtcn_dtls_transport_state */
    RTCN_TRANSPORT_ICE = 2     /* state is an rtcn_ice_connection_state (RTCIceTransportState) */
} rtcn_transport_kind;

/* Key types for rtcn_certificate_generate. */
typedef enum rtcn_key_type {
    RTCN_KEY_TYPE_ECDSA_P256 = 0,
    RTCN_KEY_TYPE_RSA = 1
} rtcn_key_type;

/* Kinds of native object counted by rtcn_get_live_object_count. */
typedef enum rtcn_object_kind {
    RTCN_OBJECT_ALL = 0,
    RTCN_OBJECT_FACTORY = 1,
    RTCN_OBJECT_PEER_CONNECTION = 2,
    RTCN_OBJECT_DATA_CHANNEL = 3,
    RTCN_OBJECT_OPERATION = 4
} rtcn_object_kind;

/* ------------------------------------------------------------------ handles */

typedef struct rtcn_factory rtcn_factory;
typedef struct rtcn_peer_connection rtcn_peer_connection;
typedef struct rtcn_data_channel rtcn_data_channel;

/* ------------------------------------------------------------------ callback payloads */

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

/* ------------------------------------------------------------------ callback table */

typedef struct rtcn_callbacks {
    /* Peer connection events; user_data is the connection's. */
    void (*peer_connection_signaling_state_change)(void* user_data, rtcn_signaling_state state);
    void (*peer_connection_ice_gathering_state_change)(void* user_data, rtcn_ice_gathering_state state);
    void (*peer_connection_ice_connection_state_change)(void* user_data, rtcn_ice_connection_state state);
    void (*peer_connection_connection_state_change)(void* user_data, rtcn_peer_connection_state state);
    /* candidate is NULL once gathering completed (after the gathering state change). */
    void (*peer_connection_ice_candidate)(void* user_data, const rtcn_ice_candidate_info* candidate);
    void (*peer_connection_ice_candidate_error)(void* user_data, const rtcn_ice_candidate_error_info* error);
    /* Fire NegotiationNeeded only if rtcn_peer_connection_should_fire_negotiation_needed
     * says so when the event is about to be raised. */
    void (*peer_connection_negotiation_needed)(void* user_data, uint32_t event_id);
    /* A remote peer opened a channel. The callee takes the reference in channel and returns
     * the channel's user_data; returning NULL declines it (the shim releases the channel).
     * Events of the channel arrive only after this returns. */
    void* (*peer_connection_data_channel)(void* user_data, rtcn_data_channel* channel);

    /* Data channel events; user_data is the channel's. error is non-NULL when the channel
     * closed because of an error (RTCErrorEvent), NULL otherwise. */
    void (*data_channel_state_change)(void* user_data, rtcn_data_channel_state state, const rtcn_error* error);
    /* Direct delivery: each message, on libwebrtc's thread. When this entry is NULL, messages
     * are queued in the channel's inbox instead (see data_channel_messages_available). */
    void (*data_channel_message)(void* user_data, const uint8_t* data, uint64_t size, int32_t is_binary);
    /* sent_bytes left the send buffer (one call may cover several messages). */
    void (*data_channel_buffered_amount_decrease)(void* user_data, uint64_t sent_bytes);

    /* Completion of create_offer / create_answer. error is NULL on success, then sdp is set. */
    void (*session_description_created)(void* op_user_data, const rtcn_error* error, rtcn_sdp_type type, const char* sdp);
    /* Completion of every other async operation. error is NULL on success. */
    void (*operation_complete)(void* op_user_data, const rtcn_error* error);
    /* Completion of an operation with a text result (get_stats: JSON). error is NULL on
     * success, then text is set. */
    void (*text_result)(void* op_user_data, const rtcn_error* error, const char* text);

    /* libwebrtc log lines, while a sink is set (rtcn_set_log_sink). */
    void (*log_message)(void* user_data, rtcn_log_severity severity, const char* message);

    /* The state of the connection's SCTP transport, of the DTLS transport under it, or of the
     * ICE transport under that changed; user_data is the connection's. Raised only for the
     * transport that carries SCTP (the data m-line's, bundled). The ICE state is the
     * connection's standardized ICE connection state (one transport with bundle). */
    void (*peer_connection_transport_state_change)(void* user_data, rtcn_transport_kind transport, int32_t state);

    /* Queued delivery (data_channel_message NULL): the channel's inbox, empty until now, has a
     * message; take them with rtcn_data_channel_receive from the embedder's own thread, so
     * libwebrtc's thread only queues (no copy, no call per message). Raised again for the next
     * message once a receive found the inbox empty. Ordered with the channel's other events:
     * messages queued before a state change are in the inbox when that change is raised. */
    void (*data_channel_messages_available)(void* user_data);
} rtcn_callbacks;

/* Registers the callback table (copied); call before creating a factory. Registering the same
 * table again succeeds; a different one fails with RTCN_ERROR_INVALID_STATE. */
RTCN_API rtcn_status rtcn_register_callbacks(const rtcn_callbacks* callbacks) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------ library */

/* RTCN_ABI_VERSION of the loaded library. */
RTCN_API rtcn_status rtcn_get_abi_version(int32_t* out_version) RTCN_NOEXCEPT;

/* Number of live native objects of a kind (RTCN_OBJECT_ALL: every kind). */
RTCN_API rtcn_status rtcn_get_live_object_count(rtcn_object_kind kind, int64_t* out_count) RTCN_NOEXCEPT;

/* Routes libwebrtc's log lines at min_severity and above to log_message with user_data.
 * RTCN_LOG_SEVERITY_NONE detaches the sink (the default: formatting costs throughput). */
RTCN_API rtcn_status rtcn_set_log_sink(rtcn_log_severity min_severity, void* user_data) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------ factory */

typedef struct rtcn_factory_options {
    int32_t include_loopback;               /* gather host candidates on loopback interfaces */
    const char* const* network_interfaces;  /* allow-list of interface names; NULL = all */
    int32_t network_interface_count;
    int32_t min_port;                       /* 0 = unrestricted */
    int32_t max_port;                       /* 0 = unrestricted */
    rtcn_audio_device_kind audio_device;
} rtcn_factory_options;

/* options may be NULL for the defaults. */
RTCN_API rtcn_status rtcn_factory_create(const rtcn_factory_options* options, rtcn_factory** out_factory) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_factory_release(rtcn_factory* factory) RTCN_NOEXCEPT;
/* The audio device the factory ended up with (AUTO resolves to PLATFORM or DUMMY). */
RTCN_API rtcn_status rtcn_factory_get_audio_device(rtcn_factory* factory, rtcn_audio_device_kind* out_kind) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------ peer connection */

typedef struct rtcn_ice_server {
    const char* const* urls;
    int32_t url_count;
    const char* username;     /* NULL when absent */
    const char* credential;   /* NULL when absent */
} rtcn_ice_server;

/* A DTLS certificate with its private key, both PEM (see rtcn_certificate_generate). */
typedef struct rtcn_certificate_pem {
    const char* private_key;
    const char* certificate;
} rtcn_certificate_pem;

typedef struct rtcn_configuration {
    const rtcn_ice_server* ice_servers;
    int32_t ice_server_count;
    const rtcn_certificate_pem* certificates;   /* none = libwebrtc generates an ECDSA one */
    int32_t certificate_count;
    rtcn_ice_transport_policy ice_transport_policy;
    rtcn_bundle_policy bundle_policy;
    rtcn_rtcp_mux_policy rtcp_mux_policy;
    int32_t ice_candidate_pool_size;    /* 0..255 */
} rtcn_configuration;

/* configuration may be NULL for the defaults. user_data is passed to the connection's events. */
RTCN_API rtcn_status rtcn_peer_connection_create(rtcn_factory* factory, const rtcn_configuration* configuration,
                                                 void* user_data, rtcn_peer_connection** out_connection) RTCN_NOEXCEPT;
/* Stops the connection's callbacks (waiting for one that is running), closes it, completes its
 * pending operations with RTCN_ERROR_CLOSED and drops the reference. */
RTCN_API rtcn_status rtcn_peer_connection_release(rtcn_peer_connection* connection) RTCN_NOEXCEPT;
/* RTCPeerConnection.close(); idempotent. No event of the connection follows; pending
 * operations complete with RTCN_ERROR_CLOSED; later operations return RTCN_ERROR_CLOSED. */
RTCN_API rtcn_status rtcn_peer_connection_close(rtcn_peer_connection* connection) RTCN_NOEXCEPT;

typedef struct rtcn_offer_options {
    int32_t ice_restart;
    int32_t offer_to_receive_audio;  /* legacy; -1 = not set, 0 = false, 1 = true */
    int32_t offer_to_receive_video;  /* legacy; -1 = not set, 0 = false, 1 = true */
} rtcn_offer_options;

/* options may be NULL. Completes through session_description_created. */
RTCN_API rtcn_status rtcn_peer_connection_create_offer(rtcn_peer_connection* connection,
                                                       const rtcn_offer_options* options, void* op_user_data) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_peer_connection_create_answer(rtcn_peer_connection* connection, void* op_user_data) RTCN_NOEXCEPT;

/* sdp NULL = the implicit description of the current state (type ignored); otherwise the
 * description of that type; RTCN_SDP_TYPE_ROLLBACK ignores sdp's content. Completes through
 * operation_complete; a malformed SDP completes with RTCN_ERROR_OPERATION and
 * RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR. */
RTCN_API rtcn_status rtcn_peer_connection_set_local_description(rtcn_peer_connection* connection, rtcn_sdp_type type,
                                                                const char* sdp, void* op_user_data) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_peer_connection_set_remote_description(rtcn_peer_connection* connection, rtcn_sdp_type type,
                                                                 const char* sdp, void* op_user_data) RTCN_NOEXCEPT;

/* candidate NULL, or with an empty candidate string, means end-of-candidates. sdp_mid may be
 * NULL and sdp_mline_index -1 (not both, unless end-of-candidates). Completes through
 * operation_complete. */
typedef struct rtcn_ice_candidate_init {
    const char* candidate;
    const char* sdp_mid;
    int32_t sdp_mline_index;
    const char* username_fragment;
} rtcn_ice_candidate_init;

RTCN_API rtcn_status rtcn_peer_connection_add_ice_candidate(rtcn_peer_connection* connection,
                                                            const rtcn_ice_candidate_init* candidate, void* op_user_data) RTCN_NOEXCEPT;

/* A copy of one description attribute. *out_present is 0 when the attribute is null; else
 * *out_type is set and *out_sdp is a string to free with rtcn_free. */
RTCN_API rtcn_status rtcn_peer_connection_get_description(rtcn_peer_connection* connection, rtcn_description_slot slot,
                                                          int32_t* out_present, rtcn_sdp_type* out_type, char** out_sdp) RTCN_NOEXCEPT;

/* Whether a queued negotiation-needed event with event_id is still current (webrtc-pc's
 * "update the negotiation-needed flag" checks, done by libwebrtc). */
RTCN_API rtcn_status rtcn_peer_connection_should_fire_negotiation_needed(rtcn_peer_connection* connection,
                                                                         uint32_t event_id, int32_t* out_fire) RTCN_NOEXCEPT;

/* RTCPeerConnection.restartIce(). */
RTCN_API rtcn_status rtcn_peer_connection_restart_ice(rtcn_peer_connection* connection) RTCN_NOEXCEPT;

/* RTCPeerConnection.setConfiguration(): fails with RTCN_ERROR_INVALID_MODIFICATION when the
 * bundle policy, rtcp mux policy or certificates differ from the connection's, and with
 * RTCN_ERROR_INVALID_STATE once closed. */
RTCN_API rtcn_status rtcn_peer_connection_set_configuration(rtcn_peer_connection* connection,
                                                            const rtcn_configuration* configuration) RTCN_NOEXCEPT;

/* RTCPeerConnection.getStats(): completes through text_result with the report as a JSON
 * array of stats objects named as in webrtc-stats ("id", "type", "timestamp" in ms since the
 * Unix epoch, then the standardized members). */
RTCN_API rtcn_status rtcn_peer_connection_get_stats(rtcn_peer_connection* connection, void* op_user_data) RTCN_NOEXCEPT;

/* RTCPeerConnection.sctp. *out_present is 0 while there is no SCTP transport. */
typedef struct rtcn_sctp_transport_info {
    rtcn_sctp_transport_state state;
    double max_message_size;   /* bytes this side may send (remote limit; RFC 8841 default 65536) */
    int32_t max_channels;      /* -1 until connected */
} rtcn_sctp_transport_info;

RTCN_API rtcn_status rtcn_peer_connection_get_sctp_transport(rtcn_peer_connection* connection, int32_t* out_present,
                                                             rtcn_sctp_transport_info* out_info) RTCN_NOEXCEPT;

/* RTCSctpTransport, its RTCDtlsTransport and RTCIceTransport in one snapshot, read on libwebrtc's
 * signaling thread (blocks for one hop). It also starts observing a newly created SCTP or DTLS
 * transport for peer_connection_transport_state_change. */
typedef struct rtcn_transports_info {
    int32_t sctp_present;                       /* 0 while there is no SCTP transport and once the
                                                 * connection is closed; the rest is then zeroed
                                                 * (sctp.max_channels -1) */
    rtcn_sctp_transport_info sctp;
    rtcn_dtls_transport_state dtls_state;
    rtcn_ice_connection_state ice_state;        /* the connection's standardized ICE connection state */
    rtcn_ice_gathering_state ice_gathering_state;
    rtcn_ice_role ice_role;
    /* The selected candidate pair as "candidate:..." attribute values; both NULL when there is
     * none, else both set and each freed by the caller with rtcn_free. */
    char* selected_local_candidate;
    char* selected_remote_candidate;
} rtcn_transports_info;

RTCN_API rtcn_status rtcn_peer_connection_get_transports(rtcn_peer_connection* connection,
                                                         rtcn_transports_info* out_info) RTCN_NOEXCEPT;

/* RTCDtlsTransport.getRemoteCertificates(): the remote DER chain, leaf first. der holds the
 * certificates concatenated, lengths their count sizes; both are freed with rtcn_free and both
 * are NULL when count is 0 (no SCTP transport, or no completed handshake yet). */
typedef struct rtcn_certificate_chain {
    uint8_t* der;
    uint32_t* lengths;
    int32_t count;
} rtcn_certificate_chain;

RTCN_API rtcn_status rtcn_peer_connection_get_remote_certificates(rtcn_peer_connection* connection,
                                                                  rtcn_certificate_chain* out_chain) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------ certificates */

/* Generates a self-signed DTLS certificate (as RTCPeerConnection.generateCertificate): ECDSA
 * P-256, or RSA with modulus_length 1024..8192 bits and public_exponent 65537 (libwebrtc's
 * limits; other RSA parameters fail with RTCN_ERROR_NOT_SUPPORTED). expires_ms: validity from
 * now in milliseconds, counted in whole seconds and capped at a year (0 = libwebrtc's 30 days;
 * 1..999 = expires now). Blocks for the key generation (RSA 2048: about 0.1 s). Both PEM
 * strings are freed with rtcn_free. */
RTCN_API rtcn_status rtcn_certificate_generate(rtcn_key_type key_type, int32_t modulus_length, uint32_t public_exponent,
                                               uint64_t expires_ms, char** out_private_key_pem,
                                               char** out_certificate_pem) RTCN_NOEXCEPT;

/* Reads a certificate: its expiry (ms since the Unix epoch) and its SHA-256 fingerprint
 * ("sha-256", upper-case hex pairs joined by ':'); the strings are freed with rtcn_free.
 * Fails with RTCN_ERROR_INVALID_ARGUMENT when the PEM pair does not parse or does not match. */
RTCN_API rtcn_status rtcn_certificate_inspect(const rtcn_certificate_pem* certificate, int64_t* out_expires_ms,
                                              char** out_fingerprint_algorithm, char** out_fingerprint_value) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------ data channel */

typedef struct rtcn_data_channel_init {
    int32_t ordered;
    int32_t max_packet_life_time;   /* -1 = not set; else 0..65535 ms */
    int32_t max_retransmits;        /* -1 = not set; else 0..65535 */
    const char* protocol;           /* NULL = "" */
    int32_t negotiated;
    int32_t id;                     /* -1 = not set; required when negotiated */
} rtcn_data_channel_init;

/* init may be NULL for the defaults (ordered, reliable, in-band). */
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
    int32_t id;                     /* -1 = null (not yet assigned) */
    rtcn_data_channel_state state;
} rtcn_data_channel_info;

RTCN_API rtcn_status rtcn_data_channel_get_info(rtcn_data_channel* channel, rtcn_data_channel_info* out_info) RTCN_NOEXCEPT;

/* Queues a message without waiting for libwebrtc's thread; fails with RTCN_ERROR_INVALID_STATE
 * unless the channel is open. size may be 0. */
RTCN_API rtcn_status rtcn_data_channel_send(rtcn_data_channel* channel, const uint8_t* data, uint64_t size,
                                            int32_t is_binary) RTCN_NOEXCEPT;
/* Queued delivery: copies the oldest message of the inbox into buffer and removes it.
 * *out_size is its size, or -1 when the inbox is empty; when it exceeds capacity nothing is
 * copied nor removed (call again with *out_size bytes). buffer may be NULL when capacity is 0.
 * Fails with RTCN_ERROR_INVALID_STATE when direct delivery (data_channel_message) is registered. */
RTCN_API rtcn_status rtcn_data_channel_receive(rtcn_data_channel* channel, uint8_t* buffer, uint64_t capacity,
                                               int64_t* out_size, int32_t* out_is_binary) RTCN_NOEXCEPT;
/* RTCDataChannel.close(); idempotent. */
RTCN_API rtcn_status rtcn_data_channel_close(rtcn_data_channel* channel) RTCN_NOEXCEPT;
/* Stops the channel's callbacks (waiting for one that is running) and drops the reference.
 * Does not close the channel. */
RTCN_API rtcn_status rtcn_data_channel_release(rtcn_data_channel* channel) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_H */
