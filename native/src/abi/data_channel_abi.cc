// rtcn_data_channel_*.
#include "abi_guard.h"
#include "core/callbacks.h"

using namespace rtcn;

extern "C" {

rtcn_status rtcn_data_channel_get_info(rtcn_data_channel* channel, rtcn_data_channel_info* out_info) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (channel == nullptr) return NullArgument(fn, "channel");
    if (out_info == nullptr) return NullArgument(fn, "out_info");
    *out_info = AsDataChannel(channel)->Info();
    return RTCN_OK;
  });
}

rtcn_status rtcn_data_channel_send(rtcn_data_channel* channel, const uint8_t* data, uint64_t size, int32_t is_binary) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (channel == nullptr) return NullArgument(fn, "channel");
    if (data == nullptr && size > 0) return NullArgument(fn, "data");
    // dcsctp's limit in this libwebrtc; larger messages would close the channel.
    if (size > RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES)
      return Invalid(fn, "a message of " + std::to_string(size) + " bytes exceeds the maximum message size of " +
                             std::to_string(RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES));
    static const uint8_t kEmpty = 0;
    return AsDataChannel(channel)->Send(data ? data : &kEmpty, size, is_binary != 0);
  });
}

rtcn_status rtcn_data_channel_receive(rtcn_data_channel* channel, uint8_t* buffer, uint64_t capacity, int64_t* out_size,
                                      int32_t* out_is_binary) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (channel == nullptr) return NullArgument(fn, "channel");
    if (buffer == nullptr && capacity > 0) return NullArgument(fn, "buffer");
    if (out_size == nullptr) return NullArgument(fn, "out_size");
    if (out_is_binary == nullptr) return NullArgument(fn, "out_is_binary");
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks != nullptr && callbacks->data_channel_message != nullptr)
      return Fail(RTCN_ERROR_INVALID_STATE, "rtcn_data_channel_receive: messages are delivered through data_channel_message");
    bool is_binary = false;
    *out_size = AsDataChannel(channel)->Receive(buffer, capacity, &is_binary);
    *out_is_binary = is_binary ? 1 : 0;
    return RTCN_OK;
  });
}

rtcn_status rtcn_data_channel_close(rtcn_data_channel* channel) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (channel == nullptr) return NullArgument(fn, "channel");
    AsDataChannel(channel)->Close();
    return RTCN_OK;
  });
}

rtcn_status rtcn_data_channel_release(rtcn_data_channel* channel) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (channel) AsDataChannel(channel)->ReleaseHandle();
    return RTCN_OK;
  });
}

}  // extern "C"
