/*
 * rtcnative/peer_connection.h - rtcn_peer_connection: creation, configuration, close and
 * release, stats. Offer/answer is in signaling.h, candidates in ice.h, data channels in
 * data_channel.h. Part of rtcnative.h.
 */
#ifndef RTCNATIVE_PEER_CONNECTION_H
#define RTCNATIVE_PEER_CONNECTION_H

#include "base.h"
#include "certificate.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rtcn_peer_connection_state RTCN_ENUM_BASE {
    RTCN_PEER_CONNECTION_STATE_NEW = 0,
    RTCN_PEER_CONNECTION_STATE_CONNECTING = 1,
    RTCN_PEER_CONNECTION_STATE_CONNECTED = 2,
    RTCN_PEER_CONNECTION_STATE_DISCONNECTED = 3,
    RTCN_PEER_CONNECTION_STATE_FAILED = 4,
    RTCN_PEER_CONNECTION_STATE_CLOSED = 5
} rtcn_peer_connection_state;

typedef enum rtcn_ice_transport_policy RTCN_ENUM_BASE {
    RTCN_ICE_TRANSPORT_POLICY_ALL = 0,
    RTCN_ICE_TRANSPORT_POLICY_RELAY = 1
} rtcn_ice_transport_policy;

typedef enum rtcn_bundle_policy RTCN_ENUM_BASE {
    RTCN_BUNDLE_POLICY_BALANCED = 0,
    RTCN_BUNDLE_POLICY_MAX_COMPAT = 1,
    RTCN_BUNDLE_POLICY_MAX_BUNDLE = 2
} rtcn_bundle_policy;

typedef enum rtcn_rtcp_mux_policy RTCN_ENUM_BASE {
    RTCN_RTCP_MUX_POLICY_REQUIRE = 0
} rtcn_rtcp_mux_policy;

/* How a turns: server's TLS certificate is checked (libwebrtc's IceServer::tls_cert_policy). */
typedef enum rtcn_tls_cert_policy RTCN_ENUM_BASE {
    /* The chain must lead to a trusted root (libwebrtc's built-in roots or the connection's
     * tls_trusted_roots_pem) and the certificate must name the URL's host. */
    RTCN_TLS_CERT_POLICY_SECURE = 0,
    /* No check at all: any certificate, any name (tests, closed networks). */
    RTCN_TLS_CERT_POLICY_INSECURE_NO_CHECK = 1
} rtcn_tls_cert_policy;

typedef struct rtcn_ice_server {
    const char* const* urls;
    int32_t url_count;
    const char* username;     /* NULL when absent */
    const char* credential;   /* NULL when absent */
    rtcn_tls_cert_policy tls_cert_policy;
    /* NULL, or PEM text of one or more CA certificates trusted for TLS to turns: servers besides
     * libwebrtc's built-in roots. libwebrtc verifies with one verifier per connection, so the
     * roots of all of a configuration's servers are trusted for each of its turns: servers; the
     * host name check still applies. Malformed PEM is RTCN_ERROR_INVALID_ARGUMENT. */
    const char* tls_trusted_roots_pem;
} rtcn_ice_server;

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

/* configuration may be NULL for the defaults. user_data is passed to the connection's events
 * and comes back through user_data_released after rtcn_peer_connection_release. */
RTCN_API rtcn_status rtcn_peer_connection_create(rtcn_factory* factory, const rtcn_configuration* configuration,
                                                 void* user_data, rtcn_peer_connection** out_connection) RTCN_NOEXCEPT;
/* Closes the connection if open, completes its pending operations with RTCN_ERROR_CLOSED,
 * stops its events and drops the handle's reference; never blocks. libwebrtc's connection is
 * torn down on its signaling thread, then user_data_released(user_data) is raised. */
RTCN_API rtcn_status rtcn_peer_connection_release(rtcn_peer_connection* connection) RTCN_NOEXCEPT;
/* RTCPeerConnection.close(); idempotent and never blocks. No event of the connection follows
 * (its data channels still report closing and closed); pending operations complete with
 * RTCN_ERROR_CLOSED; later operations return RTCN_ERROR_CLOSED. libwebrtc closes the connection
 * on its signaling thread right after. */
RTCN_API rtcn_status rtcn_peer_connection_close(rtcn_peer_connection* connection) RTCN_NOEXCEPT;

/* RTCPeerConnection.setConfiguration(): fails with RTCN_ERROR_INVALID_MODIFICATION when the
 * bundle policy, rtcp mux policy or certificates differ from the connection's, and with
 * RTCN_ERROR_INVALID_STATE once closed. Blocks for one hop to libwebrtc's signaling thread. */
RTCN_API rtcn_status rtcn_peer_connection_set_configuration(rtcn_peer_connection* connection,
                                                            const rtcn_configuration* configuration) RTCN_NOEXCEPT;

/* RTCPeerConnection.getStats(): completes through text_result with the report as a JSON
 * array of stats objects named as in webrtc-stats ("id", "type", "timestamp" in ms since the
 * Unix epoch, then the standardized members). Not part of the operations chain. Allowed after
 * close, as in Chrome (a request pending at close completes with its report; one made after
 * reports what is left); fails with RTCN_ERROR_CLOSED once the connection was released. */
RTCN_API rtcn_status rtcn_peer_connection_get_stats(rtcn_peer_connection* connection, void* op_user_data) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_PEER_CONNECTION_H */
