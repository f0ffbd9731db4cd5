// Snapshots of a connection's session and transports, owned by the shim and handed to the
// embedder as borrowed rtcn_session_state / rtcn_transports_info views. They are taken on
// libwebrtc's threads at the moment something changed and travel with the completion or event
// that changed them, so the embedder mirrors them without ever calling back (no getter blocks).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rtcnative.h"

namespace rtcn {

// One DTLS transport and the ICE transport under it.
struct DtlsTransportSnapshot {
  uint64_t id = 0;
  rtcn_dtls_transport_state state = RTCN_DTLS_TRANSPORT_STATE_NEW;
  rtcn_ice_connection_state ice_state = RTCN_ICE_CONNECTION_STATE_NEW;
  rtcn_ice_gathering_state ice_gathering_state = RTCN_ICE_GATHERING_STATE_NEW;
  rtcn_ice_role ice_role = RTCN_ICE_ROLE_UNKNOWN;
  std::string selected_local;   // empty: no selected pair
  std::string selected_remote;
  std::string certificates;     // DER chain, concatenated
  std::vector<uint32_t> certificate_lengths;

  bool operator==(const DtlsTransportSnapshot& other) const;
  rtcn_dtls_transport_info View() const;  // valid while this snapshot lives
};

struct TransportsSnapshot {
  uint64_t sequence = 0;  // not part of the comparison
  bool sctp_present = false;
  rtcn_sctp_transport_state sctp_state = RTCN_SCTP_TRANSPORT_STATE_CONNECTING;
  double sctp_max_message_size = 0;
  int32_t sctp_max_channels = -1;
  uint64_t sctp_dtls_id = 0;
  rtcn_ice_connection_state ice_state = RTCN_ICE_CONNECTION_STATE_NEW;
  rtcn_ice_gathering_state ice_gathering_state = RTCN_ICE_GATHERING_STATE_NEW;
  std::vector<DtlsTransportSnapshot> dtls;  // in the order first seen

  bool operator==(const TransportsSnapshot& other) const;
  bool operator!=(const TransportsSnapshot& other) const { return !(*this == other); }
  // The borrowed view (the DTLS entries go into *storage): valid while this snapshot and the
  // storage live.
  rtcn_transports_info View(std::vector<rtcn_dtls_transport_info>* storage) const;
};

struct DescriptionSnapshot {
  bool present = false;
  rtcn_sdp_type type = RTCN_SDP_TYPE_OFFER;
  std::string sdp;

  rtcn_session_description View() const {
    return rtcn_session_description{type, present ? sdp.c_str() : nullptr};
  }
};

struct SessionSnapshot {
  std::vector<rtcn_signaling_state> signaling_changes;
  rtcn_signaling_state signaling_state = RTCN_SIGNALING_STATE_STABLE;
  DescriptionSnapshot current_local;
  DescriptionSnapshot pending_local;
  DescriptionSnapshot current_remote;
  DescriptionSnapshot pending_remote;
  int32_t can_trickle = -1;
  TransportsSnapshot transports;

  // The borrowed views of one callback: valid while both this snapshot and the view live.
  struct View {
    rtcn_session_state state;
    rtcn_transports_info transports;
    std::vector<rtcn_dtls_transport_info> dtls;
  };
  // Fills view (which points into itself and this snapshot).
  void MakeView(View* view) const;
};

}  // namespace rtcn
