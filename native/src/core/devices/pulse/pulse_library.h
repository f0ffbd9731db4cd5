// libpulse loaded at run time (dlopen "libpulse.so.0"), as libwebrtc's
// own PulseAudio device does: librtcnative keeps no NEEDED entry on libpulse, so it loads and
// runs where no sound server or library is installed (then there are no audio devices).
// The types and constants come from the development headers; every function is a pointer here.
#pragma once

#include <pulse/pulseaudio.h>

namespace rtcn {

struct PulseLibrary {
  // libpulse
  decltype(&pa_mainloop_new) mainloop_new;
  decltype(&pa_mainloop_free) mainloop_free;
  decltype(&pa_mainloop_get_api) mainloop_get_api;
  decltype(&pa_mainloop_prepare) mainloop_prepare;
  decltype(&pa_mainloop_poll) mainloop_poll;
  decltype(&pa_mainloop_dispatch) mainloop_dispatch;
  decltype(&pa_mainloop_wakeup) mainloop_wakeup;
  decltype(&pa_context_new) context_new;
  decltype(&pa_context_unref) context_unref;
  decltype(&pa_context_connect) context_connect;
  decltype(&pa_context_disconnect) context_disconnect;
  decltype(&pa_context_get_state) context_get_state;
  decltype(&pa_context_set_state_callback) context_set_state_callback;
  decltype(&pa_context_set_subscribe_callback) context_set_subscribe_callback;
  decltype(&pa_context_subscribe) context_subscribe;
  decltype(&pa_context_get_server_info) context_get_server_info;
  decltype(&pa_context_get_source_info_list) context_get_source_info_list;
  decltype(&pa_context_get_sink_info_list) context_get_sink_info_list;
  decltype(&pa_context_get_card_info_list) context_get_card_info_list;
  decltype(&pa_operation_unref) operation_unref;
  decltype(&pa_proplist_gets) proplist_gets;
  decltype(&pa_strerror) strerror;
  decltype(&pa_context_errno) context_errno;
  decltype(&pa_stream_new) stream_new;
  decltype(&pa_stream_unref) stream_unref;
  decltype(&pa_stream_connect_record) stream_connect_record;
  decltype(&pa_stream_disconnect) stream_disconnect;
  decltype(&pa_stream_get_state) stream_get_state;
  decltype(&pa_stream_peek) stream_peek;
  decltype(&pa_stream_drop) stream_drop;
  decltype(&pa_stream_readable_size) stream_readable_size;
};

// The library, loaded once per process on first use; nullptr when libpulse is not installed.
const PulseLibrary* Pulse();

}  // namespace rtcn
