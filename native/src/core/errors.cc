#include "errors.h"

namespace rtcn {
namespace {
thread_local Error t_last_error{RTCN_OK, RTCN_ERROR_DETAIL_NONE, 0, -1, "no error"};

rtcn_status StatusOf(webrtc::RTCErrorType type) {
  using T = webrtc::RTCErrorType;
  switch (type) {
    case T::NONE: return RTCN_OK;
    case T::SYNTAX_ERROR: return RTCN_ERROR_SYNTAX;
    case T::INVALID_MODIFICATION: return RTCN_ERROR_INVALID_MODIFICATION;
    case T::NETWORK_ERROR: return RTCN_ERROR_NETWORK;
    case T::INVALID_STATE: return RTCN_ERROR_INVALID_STATE;
    case T::INVALID_PARAMETER: return RTCN_ERROR_INVALID_ACCESS;
    case T::INVALID_RANGE: return RTCN_ERROR_RANGE;
    case T::UNSUPPORTED_OPERATION:
    case T::UNSUPPORTED_PARAMETER:
    case T::RESOURCE_EXHAUSTED:
    case T::INTERNAL_ERROR:
    case T::OPERATION_ERROR_WITH_DATA:
      return RTCN_ERROR_OPERATION;
  }
  return RTCN_ERROR_OPERATION;
}

rtcn_error_detail DetailOf(webrtc::RTCErrorDetailType detail) {
  using D = webrtc::RTCErrorDetailType;
  switch (detail) {
    case D::NONE: return RTCN_ERROR_DETAIL_NONE;
    case D::DATA_CHANNEL_FAILURE: return RTCN_ERROR_DETAIL_DATA_CHANNEL_FAILURE;
    case D::DTLS_FAILURE: return RTCN_ERROR_DETAIL_DTLS_FAILURE;
    case D::FINGERPRINT_FAILURE: return RTCN_ERROR_DETAIL_FINGERPRINT_FAILURE;
    case D::SCTP_FAILURE: return RTCN_ERROR_DETAIL_SCTP_FAILURE;
    case D::SDP_SYNTAX_ERROR: return RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR;
    case D::HARDWARE_ENCODER_NOT_AVAILABLE: return RTCN_ERROR_DETAIL_HARDWARE_ENCODER_NOT_AVAILABLE;
    case D::HARDWARE_ENCODER_ERROR: return RTCN_ERROR_DETAIL_HARDWARE_ENCODER_ERROR;
  }
  return RTCN_ERROR_DETAIL_NONE;
}
}  // namespace

Error MakeError(rtcn_status status, std::string message) {
  Error e;
  e.status = status;
  e.message = std::move(message);
  return e;
}

Error FromRtcError(const webrtc::RTCError& error) {
  Error e;
  e.status = StatusOf(error.type());
  e.detail = DetailOf(error.error_detail());
  if (e.detail == RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR) e.status = RTCN_ERROR_OPERATION;
  if (error.sctp_cause_code()) e.sctp_cause_code = *error.sctp_cause_code();
  e.message = error.message();
  if (e.message.empty()) e.message = std::string(webrtc::ToString(error.type()));
  return e;
}

rtcn_status Fail(rtcn_status status, std::string message) {
  t_last_error = MakeError(status, std::move(message));
  return status;
}

rtcn_status Fail(const Error& error) {
  t_last_error = error;
  return error.status;
}

const Error& LastError() { return t_last_error; }

}  // namespace rtcn
