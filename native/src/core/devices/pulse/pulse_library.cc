#include "core/devices/pulse/pulse_library.h"

#include "core/devices/loaded_library.h"

namespace rtcn {
namespace {

bool LoadAll(PulseLibrary* p) {
  // Never unloaded: libpulse starts threads of its own that may outlive a caller's context.
  void* pulse = dlopen("libpulse.so.0", RTLD_NOW | RTLD_LOCAL);
  if (pulse == nullptr) return false;
  return LoadSymbol(pulse, "pa_mainloop_new", &p->mainloop_new) && LoadSymbol(pulse, "pa_mainloop_free", &p->mainloop_free) &&
         LoadSymbol(pulse, "pa_mainloop_get_api", &p->mainloop_get_api) &&
         LoadSymbol(pulse, "pa_mainloop_prepare", &p->mainloop_prepare) &&
         LoadSymbol(pulse, "pa_mainloop_poll", &p->mainloop_poll) &&
         LoadSymbol(pulse, "pa_mainloop_dispatch", &p->mainloop_dispatch) &&
         LoadSymbol(pulse, "pa_mainloop_wakeup", &p->mainloop_wakeup) && LoadSymbol(pulse, "pa_context_new", &p->context_new) &&
         LoadSymbol(pulse, "pa_context_unref", &p->context_unref) && LoadSymbol(pulse, "pa_context_connect", &p->context_connect) &&
         LoadSymbol(pulse, "pa_context_disconnect", &p->context_disconnect) &&
         LoadSymbol(pulse, "pa_context_get_state", &p->context_get_state) &&
         LoadSymbol(pulse, "pa_context_set_state_callback", &p->context_set_state_callback) &&
         LoadSymbol(pulse, "pa_context_set_subscribe_callback", &p->context_set_subscribe_callback) &&
         LoadSymbol(pulse, "pa_context_subscribe", &p->context_subscribe) &&
         LoadSymbol(pulse, "pa_context_get_server_info", &p->context_get_server_info) &&
         LoadSymbol(pulse, "pa_context_get_source_info_list", &p->context_get_source_info_list) &&
         LoadSymbol(pulse, "pa_context_get_sink_info_list", &p->context_get_sink_info_list) &&
         LoadSymbol(pulse, "pa_context_get_card_info_list", &p->context_get_card_info_list) &&
         LoadSymbol(pulse, "pa_operation_unref", &p->operation_unref) && LoadSymbol(pulse, "pa_proplist_gets", &p->proplist_gets) &&
         LoadSymbol(pulse, "pa_strerror", &p->strerror) && LoadSymbol(pulse, "pa_context_errno", &p->context_errno) &&
         LoadSymbol(pulse, "pa_stream_new", &p->stream_new) && LoadSymbol(pulse, "pa_stream_unref", &p->stream_unref) &&
         LoadSymbol(pulse, "pa_stream_connect_record", &p->stream_connect_record) &&
         LoadSymbol(pulse, "pa_stream_disconnect", &p->stream_disconnect) &&
         LoadSymbol(pulse, "pa_stream_get_state", &p->stream_get_state) && LoadSymbol(pulse, "pa_stream_peek", &p->stream_peek) &&
         LoadSymbol(pulse, "pa_stream_drop", &p->stream_drop) &&
         LoadSymbol(pulse, "pa_stream_readable_size", &p->stream_readable_size);
}

}  // namespace

const PulseLibrary* Pulse() { return LoadOnce<PulseLibrary>(LoadAll); }

}  // namespace rtcn
