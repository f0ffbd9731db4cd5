#include "process_setup.h"

#include <mutex>

#include "rtc_base/logging.h"
#include "rtc_base/ssl_adapter.h"

namespace rtcn {

void EnsureProcessSetup() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Without this libwebrtc prints INFO lines to stderr; log lines reach the embedder only
    // through rtcn_set_log_sink.
    rtc::LogMessage::LogToDebug(rtc::LS_NONE);
    rtc::LogMessage::SetLogToStderr(false);
    rtc::InitializeSSL();
  });
}

}  // namespace rtcn
