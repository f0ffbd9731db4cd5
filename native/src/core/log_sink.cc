#include "log_sink.h"

#include <memory>
#include <mutex>
#include <string>

#include "callbacks.h"
#include "process_setup.h"
#include "rtc_base/logging.h"

namespace rtcn {
namespace {

rtcn_log_severity ToAbi(rtc::LoggingSeverity severity) {
  switch (severity) {
    case rtc::LS_VERBOSE: return RTCN_LOG_SEVERITY_VERBOSE;
    case rtc::LS_INFO: return RTCN_LOG_SEVERITY_INFO;
    case rtc::LS_WARNING: return RTCN_LOG_SEVERITY_WARNING;
    case rtc::LS_ERROR: return RTCN_LOG_SEVERITY_ERROR;
    default: return RTCN_LOG_SEVERITY_NONE;
  }
}

rtc::LoggingSeverity FromAbi(rtcn_log_severity severity) {
  switch (severity) {
    case RTCN_LOG_SEVERITY_VERBOSE: return rtc::LS_VERBOSE;
    case RTCN_LOG_SEVERITY_INFO: return rtc::LS_INFO;
    case RTCN_LOG_SEVERITY_WARNING: return rtc::LS_WARNING;
    case RTCN_LOG_SEVERITY_ERROR: return rtc::LS_ERROR;
    default: return rtc::LS_NONE;
  }
}

class CallbackLogSink : public rtc::LogSink {
 public:
  explicit CallbackLogSink(void* user_data) : user_data_(user_data) {}
  using rtc::LogSink::OnLogMessage;
  // libwebrtc delivers every line here; the other overloads would drop the severity.
  void OnLogMessage(const rtc::LogLineRef& line) override {
    Forward(std::string(line.DefaultLogLine()), line.severity());
  }
  void OnLogMessage(const std::string& message) override { Forward(message, rtc::LS_INFO); }

 private:
  void Forward(const std::string& message, rtc::LoggingSeverity severity) {
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks == nullptr || callbacks->log_message == nullptr) return;
    // libwebrtc's lines end with a newline; loggers add their own.
    std::string line = message;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    callbacks->log_message(user_data_, ToAbi(severity), line.c_str());
  }
  void* user_data_;
};

std::mutex g_mutex;
std::unique_ptr<CallbackLogSink> g_sink;

}  // namespace

void SetLogSink(rtcn_log_severity min_severity, void* user_data) {
  EnsureProcessSetup();
  std::lock_guard<std::mutex> lock(g_mutex);
  // RemoveLogToStream waits for libwebrtc's logging lock, so no line is mid-delivery after it.
  if (g_sink) {
    rtc::LogMessage::RemoveLogToStream(g_sink.get());
    g_sink.reset();
  }
  if (min_severity == RTCN_LOG_SEVERITY_NONE) return;
  g_sink = std::make_unique<CallbackLogSink>(user_data);
  rtc::LogMessage::AddLogToStream(g_sink.get(), FromAbi(min_severity));
}

}  // namespace rtcn
