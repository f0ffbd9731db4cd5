// rtcn_rtp_sender_dtmf_*: argument checks and conversion; the work is in
// core/rtp/transceiver_dtmf.cc and core/rtp/dtmf_sender.
#include <cstdlib>
#include <cstring>
#include <string>

#include "abi_guard.h"
#include "core/rtp/transceiver.h"

using namespace rtcn;

namespace {

Transceiver* AsTransceiver(rtcn_rtp_transceiver* handle) { return reinterpret_cast<Transceiver*>(handle); }

// A tone string is short; this bounds what a caller can make the shim copy and scan.
constexpr size_t kMaxTonesLength = 1 << 20;

}  // namespace

rtcn_status rtcn_rtp_sender_dtmf_insert(rtcn_rtp_transceiver* sender, const char* tones, int32_t duration_ms,
                                        int32_t inter_tone_gap_ms) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    if (tones == nullptr) return NullArgument(fn, "tones");
    const size_t length = strnlen(tones, kMaxTonesLength + 1);
    if (length > kMaxTonesLength) return Invalid(fn, "tones is too long");
    return AsTransceiver(sender)->InsertDtmf(std::string(tones, length), duration_ms, inter_tone_gap_ms);
  });
}

rtcn_status rtcn_rtp_sender_dtmf_can_insert(rtcn_rtp_transceiver* sender, int32_t* out_can_insert) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    if (out_can_insert == nullptr) return NullArgument(fn, "out_can_insert");
    bool can_insert = false;
    const rtcn_status status = AsTransceiver(sender)->CanInsertDtmf(&can_insert);
    *out_can_insert = can_insert ? 1 : 0;
    return status;
  });
}

rtcn_status rtcn_rtp_sender_dtmf_get_tone_buffer(rtcn_rtp_transceiver* sender, char** out_tones) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    if (out_tones == nullptr) return NullArgument(fn, "out_tones");
    *out_tones = nullptr;
    std::string tones;
    if (rtcn_status s = AsTransceiver(sender)->GetDtmfToneBuffer(&tones); s != RTCN_OK) return s;
    char* copy = static_cast<char*>(std::malloc(tones.size() + 1));
    if (copy == nullptr) return Fail(RTCN_ERROR_INTERNAL, std::string(fn) + ": out of memory");
    std::memcpy(copy, tones.c_str(), tones.size() + 1);
    *out_tones = copy;
    return RTCN_OK;
  });
}

rtcn_status rtcn_rtp_sender_dtmf_get_timing(rtcn_rtp_transceiver* sender, int32_t* out_duration_ms,
                                            int32_t* out_inter_tone_gap_ms) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    if (out_duration_ms == nullptr) return NullArgument(fn, "out_duration_ms");
    if (out_inter_tone_gap_ms == nullptr) return NullArgument(fn, "out_inter_tone_gap_ms");
    return AsTransceiver(sender)->GetDtmfTiming(out_duration_ms, out_inter_tone_gap_ms);
  });
}
