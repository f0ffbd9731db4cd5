#include "core/devices/pulse_library.h"

#include <dlfcn.h>

#include <mutex>

namespace rtcn {
namespace {

template <class F>
bool Load(void* library, const char* name, F* out) {
  *out = reinterpret_cast<F>(dlsym(library, name));
  return *out != nullptr;
}

bool LoadAll(PulseLibrary* p) {
  // Never unloaded: libpulse starts threads of its own that may outlive a caller's context.
  void* pulse = dlopen("libpulse.so.0", RTLD_NOW | RTLD_LOCAL);
  if (pulse == nullptr) return false;
  return Load(pulse, "pa_mainloop_new", &p->mainloop_new) && Load(pulse, "pa_mainloop_free", &p->mainloop_free) &&
         Load(pulse, "pa_mainloop_get_api", &p->mainloop_get_api) &&
         Load(pulse, "pa_mainloop_prepare", &p->mainloop_prepare) &&
         Load(pulse, "pa_mainloop_poll", &p->mainloop_poll) &&
         Load(pulse, "pa_mainloop_dispatch", &p->mainloop_dispatch) &&
         Load(pulse, "pa_mainloop_wakeup", &p->mainloop_wakeup) && Load(pulse, "pa_context_new", &p->context_new) &&
         Load(pulse, "pa_context_unref", &p->context_unref) && Load(pulse, "pa_context_connect", &p->context_connect) &&
         Load(pulse, "pa_context_disconnect", &p->context_disconnect) &&
         Load(pulse, "pa_context_get_state", &p->context_get_state) &&
         Load(pulse, "pa_context_set_state_callback", &p->context_set_state_callback) &&
         Load(pulse, "pa_context_set_subscribe_callback", &p->context_set_subscribe_callback) &&
         Load(pulse, "pa_context_subscribe", &p->context_subscribe) &&
         Load(pulse, "pa_context_get_server_info", &p->context_get_server_info) &&
         Load(pulse, "pa_context_get_source_info_list", &p->context_get_source_info_list) &&
         Load(pulse, "pa_context_get_sink_info_list", &p->context_get_sink_info_list) &&
         Load(pulse, "pa_context_get_card_info_list", &p->context_get_card_info_list) &&
         Load(pulse, "pa_operation_unref", &p->operation_unref) && Load(pulse, "pa_proplist_gets", &p->proplist_gets) &&
         Load(pulse, "pa_strerror", &p->strerror) && Load(pulse, "pa_context_errno", &p->context_errno) &&
         Load(pulse, "pa_stream_new", &p->stream_new) && Load(pulse, "pa_stream_unref", &p->stream_unref) &&
         Load(pulse, "pa_stream_connect_record", &p->stream_connect_record) &&
         Load(pulse, "pa_stream_disconnect", &p->stream_disconnect) &&
         Load(pulse, "pa_stream_get_state", &p->stream_get_state) && Load(pulse, "pa_stream_peek", &p->stream_peek) &&
         Load(pulse, "pa_stream_drop", &p->stream_drop) &&
         Load(pulse, "pa_stream_readable_size", &p->stream_readable_size);
}

}  // namespace

const PulseLibrary* Pulse() {
  static PulseLibrary library;
  static bool loaded = false;
  static std::once_flag once;
  std::call_once(once, [] { loaded = LoadAll(&library); });
  return loaded ? &library : nullptr;
}

}  // namespace rtcn
