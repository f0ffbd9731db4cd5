// rtcn_factory_*: the runtime (threads, PeerConnectionFactory, audio device, network).
#include "abi_guard.h"
#include "core/callbacks.h"

using namespace rtcn;

extern "C" {

rtcn_status rtcn_factory_create(const rtcn_factory_options* options, void* user_data, rtcn_factory** out_factory) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (out_factory == nullptr) return NullArgument(fn, "out_factory");
    *out_factory = nullptr;
    if (Callbacks() == nullptr)
      return Fail(RTCN_ERROR_INVALID_STATE, "rtcn_factory_create: call rtcn_register_callbacks first");
    RuntimeOptions runtime_options;
    if (options) {
      if (options->min_port < 0 || options->min_port > 65535 || options->max_port < 0 || options->max_port > 65535)
        return Fail(RTCN_ERROR_RANGE, "rtcn_factory_create: ports must be within 0..65535");
      if (options->min_port != 0 && options->max_port != 0 && options->min_port > options->max_port)
        return Fail(RTCN_ERROR_RANGE, "rtcn_factory_create: min_port is greater than max_port");
      if (!InRange(options->audio_device, RTCN_AUDIO_DEVICE_AUTO, RTCN_AUDIO_DEVICE_HEADLESS))
        return Invalid(fn, "unknown audio device kind");
      if (!InRange(options->thread_layout, RTCN_THREAD_LAYOUT_SHARED, RTCN_THREAD_LAYOUT_SPLIT))
        return Invalid(fn, "unknown thread layout");
      if (options->network_interface_count < 0) return Invalid(fn, "network_interface_count is negative");
      if (options->network_interfaces) {
        std::vector<std::string> names;
        for (int32_t i = 0; i < options->network_interface_count; ++i) {
          if (options->network_interfaces[i] == nullptr) return NullArgument(fn, "a network interface name");
          names.emplace_back(options->network_interfaces[i]);
        }
        runtime_options.network_interfaces = std::move(names);
      }
      runtime_options.include_loopback = options->include_loopback != 0;
      runtime_options.min_port = options->min_port;
      runtime_options.max_port = options->max_port;
      runtime_options.audio_device = options->audio_device;
      runtime_options.thread_layout = options->thread_layout;
    }
    Error error;
    Runtime* runtime = Runtime::Create(runtime_options, user_data, &error);
    if (runtime == nullptr) return Fail(error);
    *out_factory = reinterpret_cast<rtcn_factory*>(runtime);
    return RTCN_OK;
  });
}

rtcn_status rtcn_factory_release(rtcn_factory* factory) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (factory) AsRuntime(factory)->ReleaseHandle();
    return RTCN_OK;
  });
}

rtcn_status rtcn_factory_get_audio_device(rtcn_factory* factory, rtcn_audio_device_kind* out_kind) noexcept {
  if (factory == nullptr) return NullArgument(__func__, "factory");
  if (out_kind == nullptr) return NullArgument(__func__, "out_kind");
  *out_kind = AsRuntime(factory)->audio_device();
  return RTCN_OK;
}

}  // extern "C"
