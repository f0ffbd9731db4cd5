// Errors: the thread-local last error, and conversion of libwebrtc's RTCError.
#pragma once

#include <string>

#include "api/rtc_error.h"
#include "rtcnative.h"

namespace rtcn {

// An error as the ABI reports it; message owned.
struct Error {
  rtcn_status status = RTCN_OK;
  rtcn_error_detail detail = RTCN_ERROR_DETAIL_NONE;
  int32_t sdp_line_number = 0;
  int32_t sctp_cause_code = -1;
  std::string message;

  // A view valid while this Error lives.
  rtcn_error View() const {
    return rtcn_error{status, detail, sdp_line_number, sctp_cause_code, message.c_str()};
  }
};

Error MakeError(rtcn_status status, std::string message);
// Maps RTCError types as Chrome maps them to DOMException names.
Error FromRtcError(const webrtc::RTCError& error);

// Sets this thread's last error and returns its status, so callers can `return Fail(...)`.
rtcn_status Fail(rtcn_status status, std::string message);
rtcn_status Fail(const Error& error);
const Error& LastError();

}  // namespace rtcn
