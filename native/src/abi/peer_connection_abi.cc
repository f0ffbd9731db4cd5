// rtcn_peer_connection_*: argument checks and conversion; the work is in core/peer_connection.
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "abi_guard.h"
#include "core/certificates.h"
#include "core/data_channel.h"
#include "rtc_base/time_utils.h"

using namespace rtcn;
using PCI = webrtc::PeerConnectionInterface;

namespace {

// The certificates of a configuration, from PEM. A pair that does not parse or match is a
// usage error; libwebrtc would accept a mismatched one and fail only in the handshake.
rtcn_status ToCertificates(const char* function, const rtcn_configuration& in, PCI::RTCConfiguration* out) {
  if (in.certificate_count < 0) return Invalid(function, "certificate_count is negative");
  if (in.certificate_count > 0 && in.certificates == nullptr) return NullArgument(function, "certificates");
  for (int32_t i = 0; i < in.certificate_count; ++i) {
    const rtcn_certificate_pem& pem = in.certificates[i];
    if (pem.private_key == nullptr || pem.certificate == nullptr) return NullArgument(function, "a certificate PEM");
    Error error;
    rtc::scoped_refptr<rtc::RTCCertificate> certificate = CertificateFromPem(pem.private_key, pem.certificate, &error);
    if (!certificate) return Invalid(function, error.message);
    out->certificates.push_back(std::move(certificate));
  }
  return RTCN_OK;
}

// trusted_roots receives each server's tls_trusted_roots_pem: libwebrtc takes trust anchors per
// connection (a certificate verifier), not per server.
rtcn_status ToRtcConfiguration(const char* function, const rtcn_configuration* in, PCI::RTCConfiguration* out,
                               std::vector<std::string>* trusted_roots) {
  out->sdp_semantics = webrtc::SdpSemantics::kUnifiedPlan;
  // As in Chrome: a remote offer in have-local-offer rolls the local one back (webrtc-pc glare).
  out->enable_implicit_rollback = true;
  if (in == nullptr) return RTCN_OK;
  if (in->ice_server_count < 0) return Invalid(function, "ice_server_count is negative");
  if (in->ice_server_count > 0 && in->ice_servers == nullptr) return NullArgument(function, "ice_servers");
  for (int32_t i = 0; i < in->ice_server_count; ++i) {
    const rtcn_ice_server& server = in->ice_servers[i];
    if (server.url_count < 0 || (server.url_count > 0 && server.urls == nullptr))
      return Invalid(function, "an ice server's urls are invalid");
    PCI::IceServer ice_server;
    for (int32_t u = 0; u < server.url_count; ++u) {
      if (server.urls[u] == nullptr) return NullArgument(function, "an ice server url");
      ice_server.urls.emplace_back(server.urls[u]);
    }
    if (server.username) ice_server.username = server.username;
    if (server.credential) ice_server.password = server.credential;
    switch (server.tls_cert_policy) {
      case RTCN_TLS_CERT_POLICY_SECURE: ice_server.tls_cert_policy = PCI::kTlsCertPolicySecure; break;
      case RTCN_TLS_CERT_POLICY_INSECURE_NO_CHECK:
        ice_server.tls_cert_policy = PCI::kTlsCertPolicyInsecureNoCheck;
        break;
      default: return Invalid(function, "unknown tls certificate policy");
    }
    if (server.tls_trusted_roots_pem) trusted_roots->emplace_back(server.tls_trusted_roots_pem);
    out->servers.push_back(std::move(ice_server));
  }
  if (!InRange(in->ice_transport_policy, RTCN_ICE_TRANSPORT_POLICY_ALL, RTCN_ICE_TRANSPORT_POLICY_RELAY))
    return Invalid(function, "unknown ice transport policy");
  if (!InRange(in->bundle_policy, RTCN_BUNDLE_POLICY_BALANCED, RTCN_BUNDLE_POLICY_MAX_BUNDLE))
    return Invalid(function, "unknown bundle policy");
  if (in->rtcp_mux_policy != RTCN_RTCP_MUX_POLICY_REQUIRE) return Invalid(function, "unknown rtcp mux policy");
  if (in->ice_candidate_pool_size < 0 || in->ice_candidate_pool_size > 255)
    return Fail(RTCN_ERROR_RANGE, std::string(function) + ": ice_candidate_pool_size must be within 0..255");
  out->type = in->ice_transport_policy == RTCN_ICE_TRANSPORT_POLICY_RELAY ? PCI::kRelay : PCI::kAll;
  switch (in->bundle_policy) {
    case RTCN_BUNDLE_POLICY_BALANCED: out->bundle_policy = PCI::kBundlePolicyBalanced; break;
    case RTCN_BUNDLE_POLICY_MAX_COMPAT: out->bundle_policy = PCI::kBundlePolicyMaxCompat; break;
    case RTCN_BUNDLE_POLICY_MAX_BUNDLE: out->bundle_policy = PCI::kBundlePolicyMaxBundle; break;
  }
  out->rtcp_mux_policy = PCI::kRtcpMuxPolicyRequire;
  out->ice_candidate_pool_size = in->ice_candidate_pool_size;
  return ToCertificates(function, *in, out);
}

// webrtc-pc constructor step: an expired certificate is an InvalidAccessError.
rtcn_status CheckNotExpired(const char* function, const PCI::RTCConfiguration& config) {
  const uint64_t now_ms = static_cast<uint64_t>(rtc::TimeUTCMillis());
  for (const auto& certificate : config.certificates) {
    if (certificate->HasExpired(now_ms))
      return Fail(RTCN_ERROR_INVALID_ACCESS, std::string(function) + ": InvalidAccessError: a certificate has expired");
  }
  return RTCN_OK;
}

bool IsSdpType(rtcn_sdp_type type) { return InRange(type, RTCN_SDP_TYPE_OFFER, RTCN_SDP_TYPE_ROLLBACK); }

// webrtc-pc createDataChannel checks, made here so libwebrtc never sees what it CHECKs.
rtcn_status CheckDataChannelInit(const char* label, const rtcn_data_channel_init* init) {
  static const char* const kFunction = "rtcn_peer_connection_create_data_channel";
  if (std::strlen(label) > 65535) return Invalid(kFunction, "label is longer than 65535 bytes");
  if (init == nullptr) return RTCN_OK;
  if (init->protocol && std::strlen(init->protocol) > 65535)
    return Invalid(kFunction, "protocol is longer than 65535 bytes");
  if (init->max_packet_life_time > 65535 || init->max_retransmits > 65535)
    return Invalid(kFunction, "maxPacketLifeTime and maxRetransmits must be within 0..65535");
  if (init->max_packet_life_time >= 0 && init->max_retransmits >= 0)
    return Invalid(kFunction, "maxPacketLifeTime and maxRetransmits cannot both be set");
  if (init->negotiated && init->id < 0) return Invalid(kFunction, "a negotiated channel needs an id");
  if (init->id > 65534) return Invalid(kFunction, "id must be within 0..65534");
  if (init->id > RTCN_DATA_CHANNEL_MAX_ID)
    return Fail(RTCN_ERROR_OPERATION, "OperationError: data channel ids above " + std::to_string(RTCN_DATA_CHANNEL_MAX_ID) +
                                          " are not supported");
  return RTCN_OK;
}

}  // namespace

extern "C" {

rtcn_status rtcn_peer_connection_create(rtcn_factory* factory, const rtcn_configuration* configuration,
                                        void* user_data, rtcn_peer_connection** out_connection) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (out_connection == nullptr) return NullArgument(fn, "out_connection");
    *out_connection = nullptr;
    if (factory == nullptr) return NullArgument(fn, "factory");
    PCI::RTCConfiguration config;
    std::vector<std::string> trusted_roots;
    if (rtcn_status status = ToRtcConfiguration(fn, configuration, &config, &trusted_roots); status != RTCN_OK)
      return status;
    if (rtcn_status status = CheckNotExpired(fn, config); status != RTCN_OK) return status;
    Error error;
    PeerConnection* connection = PeerConnection::Create(AsRuntime(factory), config, trusted_roots, user_data, &error);
    if (connection == nullptr) return Fail(error);
    *out_connection = reinterpret_cast<rtcn_peer_connection*>(connection);
    return RTCN_OK;
  });
}

rtcn_status rtcn_peer_connection_release(rtcn_peer_connection* connection) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection) AsPeerConnection(connection)->ReleaseHandle();
    return RTCN_OK;
  });
}

rtcn_status rtcn_peer_connection_close(rtcn_peer_connection* connection) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    AsPeerConnection(connection)->Close();
    return RTCN_OK;
  });
}

rtcn_status rtcn_peer_connection_create_offer(rtcn_peer_connection* connection, const rtcn_offer_options* options,
                                              void* op_user_data) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    return AsPeerConnection(connection)->CreateOffer(options, op_user_data);
  });
}

rtcn_status rtcn_peer_connection_create_answer(rtcn_peer_connection* connection, void* op_user_data) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    return AsPeerConnection(connection)->CreateAnswer(op_user_data);
  });
}

rtcn_status rtcn_peer_connection_set_local_description(rtcn_peer_connection* connection, rtcn_sdp_type type,
                                                       const char* sdp, void* op_user_data) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (!IsSdpType(type) && type != RTCN_SDP_TYPE_IMPLICIT) return Invalid(fn, "unknown sdp type");
    return AsPeerConnection(connection)->SetLocalDescription(type, sdp, op_user_data);
  });
}

rtcn_status rtcn_peer_connection_set_remote_description(rtcn_peer_connection* connection, rtcn_sdp_type type,
                                                        const char* sdp, void* op_user_data) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (!IsSdpType(type)) return Invalid(fn, "unknown sdp type");
    if (sdp == nullptr && type != RTCN_SDP_TYPE_ROLLBACK) return NullArgument(fn, "sdp");
    return AsPeerConnection(connection)->SetRemoteDescription(type, sdp, op_user_data);
  });
}

rtcn_status rtcn_peer_connection_add_ice_candidate(rtcn_peer_connection* connection,
                                                   const rtcn_ice_candidate_init* candidate, void* op_user_data) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    const bool end_of_candidates = candidate == nullptr || candidate->candidate == nullptr || candidate->candidate[0] == 0;
    if (!end_of_candidates && candidate->sdp_mid == nullptr && candidate->sdp_mline_index < 0)
      return Invalid(fn, "a candidate needs sdp_mid or sdp_mline_index");
    if (!end_of_candidates && candidate->sdp_mline_index > 65535)
      return Invalid(fn, "sdp_mline_index must be within 0..65535");
    return AsPeerConnection(connection)->AddIceCandidate(candidate, op_user_data);
  });
}

rtcn_status rtcn_peer_connection_should_fire_negotiation_needed(rtcn_peer_connection* connection, uint32_t event_id,
                                                                int32_t* out_fire) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (out_fire == nullptr) return NullArgument(fn, "out_fire");
    *out_fire = AsPeerConnection(connection)->ShouldFireNegotiationNeeded(event_id) ? 1 : 0;
    return RTCN_OK;
  });
}

rtcn_status rtcn_peer_connection_set_configuration(rtcn_peer_connection* connection,
                                                   const rtcn_configuration* configuration) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (configuration == nullptr) return NullArgument(fn, "configuration");
    PCI::RTCConfiguration config;
    std::vector<std::string> trusted_roots;
    if (rtcn_status status = ToRtcConfiguration(fn, configuration, &config, &trusted_roots); status != RTCN_OK)
      return status;
    return AsPeerConnection(connection)->SetConfiguration(config, trusted_roots);
  });
}

rtcn_status rtcn_peer_connection_get_stats(rtcn_peer_connection* connection, void* op_user_data) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    return AsPeerConnection(connection)->GetStats(op_user_data);
  });
}

rtcn_status rtcn_peer_connection_cancel_operation(rtcn_peer_connection* connection, void* op_user_data) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    AsPeerConnection(connection)->CancelOperation(op_user_data);
    return RTCN_OK;
  });
}

rtcn_status rtcn_peer_connection_restart_ice(rtcn_peer_connection* connection) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    AsPeerConnection(connection)->RestartIce();
    return RTCN_OK;
  });
}

rtcn_status rtcn_peer_connection_create_data_channel(rtcn_peer_connection* connection, const char* label,
                                                     const rtcn_data_channel_init* init, void* user_data,
                                                     rtcn_data_channel** out_channel) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (out_channel == nullptr) return NullArgument(fn, "out_channel");
    *out_channel = nullptr;
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (label == nullptr) return NullArgument(fn, "label");
    if (rtcn_status status = CheckDataChannelInit(label, init); status != RTCN_OK) return status;
    DataChannel* channel = nullptr;
    rtcn_status status = AsPeerConnection(connection)->CreateDataChannel(label, init, user_data, &channel);
    if (status == RTCN_OK) *out_channel = reinterpret_cast<rtcn_data_channel*>(channel);
    return status;
  });
}


}  // extern "C"
