#include "session_state.h"

namespace rtcn {

bool DtlsTransportSnapshot::operator==(const DtlsTransportSnapshot& other) const {
  return id == other.id && state == other.state && ice_state == other.ice_state &&
         ice_gathering_state == other.ice_gathering_state && ice_role == other.ice_role &&
         selected_local == other.selected_local && selected_remote == other.selected_remote &&
         certificates == other.certificates && certificate_lengths == other.certificate_lengths;
}

rtcn_dtls_transport_info DtlsTransportSnapshot::View() const {
  rtcn_dtls_transport_info info{};
  info.id = id;
  info.state = state;
  info.ice_state = ice_state;
  info.ice_gathering_state = ice_gathering_state;
  info.ice_role = ice_role;
  if (!selected_local.empty() && !selected_remote.empty()) {
    info.selected_local_candidate = selected_local.c_str();
    info.selected_remote_candidate = selected_remote.c_str();
  }
  if (!certificate_lengths.empty()) {
    info.remote_certificates = reinterpret_cast<const uint8_t*>(certificates.data());
    info.remote_certificate_lengths = certificate_lengths.data();
    info.remote_certificate_count = static_cast<int32_t>(certificate_lengths.size());
  }
  return info;
}

bool TransportsSnapshot::operator==(const TransportsSnapshot& other) const {
  return sctp_present == other.sctp_present && sctp_state == other.sctp_state &&
         sctp_max_message_size == other.sctp_max_message_size && sctp_max_channels == other.sctp_max_channels &&
         sctp_dtls_id == other.sctp_dtls_id && ice_state == other.ice_state &&
         ice_gathering_state == other.ice_gathering_state && dtls == other.dtls;
}

rtcn_transports_info TransportsSnapshot::View(std::vector<rtcn_dtls_transport_info>* storage) const {
  rtcn_transports_info info{};
  info.sequence = sequence;
  info.sctp_max_channels = -1;
  info.ice_state = ice_state;
  info.ice_gathering_state = ice_gathering_state;
  storage->clear();
  for (const DtlsTransportSnapshot& transport : dtls) storage->push_back(transport.View());
  info.dtls_transports = storage->empty() ? nullptr : storage->data();
  info.dtls_transport_count = static_cast<int32_t>(storage->size());
  if (!sctp_present) return info;
  info.sctp_present = 1;
  info.sctp_state = sctp_state;
  info.sctp_max_message_size = sctp_max_message_size;
  info.sctp_max_channels = sctp_max_channels;
  info.sctp_dtls_transport_id = sctp_dtls_id;
  return info;
}

void SessionSnapshot::MakeView(View* view) const {
  view->transports = transports.View(&view->dtls);
  rtcn_session_state& state = view->state;
  state.signaling_changes = signaling_changes.empty() ? nullptr : signaling_changes.data();
  state.signaling_change_count = static_cast<int32_t>(signaling_changes.size());
  state.signaling_state = signaling_state;
  state.current_local = current_local.View();
  state.pending_local = pending_local.View();
  state.current_remote = current_remote.View();
  state.pending_remote = pending_remote.View();
  state.can_trickle_ice_candidates = can_trickle;
  state.transports = &view->transports;
}

}  // namespace rtcn
