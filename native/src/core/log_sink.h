// Routes libwebrtc's log lines to the log_message callback. Attached only while asked for:
// a registered sink makes libwebrtc format every line, which costs data channel throughput.
#pragma once

#include "rtcnative.h"

namespace rtcn {
void SetLogSink(rtcn_log_severity min_severity, void* user_data);
}
