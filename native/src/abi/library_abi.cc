// Process-wide functions: errors, memory, callbacks, version, live objects, logging.
#include <cstdlib>

#include "abi_guard.h"
#include "core/callbacks.h"
#include "core/live_objects.h"
#include "core/log_sink.h"

using namespace rtcn;

extern "C" {

rtcn_status rtcn_get_last_error(rtcn_error* out_error) noexcept {
  if (out_error == nullptr) return RTCN_ERROR_INVALID_ARGUMENT;  // not Fail: keep the last error
  *out_error = LastError().View();
  return RTCN_OK;
}

rtcn_status rtcn_free(void* memory) noexcept {
  std::free(memory);
  return RTCN_OK;
}

rtcn_status rtcn_register_callbacks(const rtcn_callbacks* callbacks) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (callbacks == nullptr) return NullArgument(fn, "callbacks");
    const char* reason = nullptr;
    if (!RegisterCallbacks(*callbacks, &reason)) return Fail(RTCN_ERROR_INVALID_STATE, reason);
    return RTCN_OK;
  });
}

rtcn_status rtcn_get_abi_version(int32_t* out_version) noexcept {
  if (out_version == nullptr) return NullArgument(__func__, "out_version");
  *out_version = RTCN_ABI_VERSION;
  return RTCN_OK;
}

rtcn_status rtcn_get_live_object_count(rtcn_object_kind kind, int64_t* out_count) noexcept {
  if (out_count == nullptr) return NullArgument(__func__, "out_count");
  if (!InRange(kind, RTCN_OBJECT_ALL, RTCN_OBJECT_MEDIA_BUFFER)) return Invalid(__func__, "unknown object kind");
  *out_count = LiveObjectCount(kind);
  return RTCN_OK;
}

rtcn_status rtcn_set_log_sink(rtcn_log_severity min_severity, void* user_data) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (!InRange(min_severity, RTCN_LOG_SEVERITY_VERBOSE, RTCN_LOG_SEVERITY_NONE))
      return Invalid(fn, "unknown log severity");
    SetLogSink(min_severity, user_data);
    return RTCN_OK;
  });
}

}  // extern "C"
