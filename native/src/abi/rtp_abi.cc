// rtcn_peer_connection_add_track/remove_track/add_transceiver/..., rtcn_rtp_transceiver_*,
// rtcn_rtp_sender_*, rtcn_rtp_receiver_*, rtcn_factory_get_rtp_capabilities: argument checks and
// conversion; the work is in core/rtp/transceiver and core/peer_connection.
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "abi_guard.h"
#include "core/media/media_track.h"
#include "core/rtp/rtp_blocks.h"
#include "core/rtp/transceiver.h"

using namespace rtcn;

namespace {

Transceiver* AsTransceiver(rtcn_rtp_transceiver* handle) { return reinterpret_cast<Transceiver*>(handle); }
MediaTrack* TrackOf(rtcn_media_track* handle) { return reinterpret_cast<MediaTrack*>(handle); }
rtcn_media_track* TrackHandle(MediaTrack* track) { return reinterpret_cast<rtcn_media_track*>(track); }
rtcn_rtp_transceiver* TransceiverHandle(Transceiver* transceiver) {
  return reinterpret_cast<rtcn_rtp_transceiver*>(transceiver);
}

constexpr int32_t kMaxStreamIds = 1024;
constexpr int32_t kMaxEncodings = 1024;
constexpr int32_t kMaxCodecs = 4096;

rtcn_status ToStreamIds(const char* function, const char* const* stream_ids, int32_t count,
                        std::vector<std::string>* out) {
  if (count < 0) return Invalid(function, "stream_id_count is negative");
  if (count > kMaxStreamIds) return Invalid(function, "too many stream ids");
  if (count > 0 && stream_ids == nullptr) return NullArgument(function, "stream_ids");
  for (int32_t i = 0; i < count; ++i) {
    if (stream_ids[i] == nullptr) return NullArgument(function, "a stream id");
    out->emplace_back(stream_ids[i]);
  }
  return RTCN_OK;
}

bool PriorityInRange(rtcn_priority priority) { return InRange(priority, RTCN_PRIORITY_VERY_LOW, RTCN_PRIORITY_HIGH); }

bool LegalRid(const char* rid) {
  size_t length = 0;
  for (const char* c = rid; *c; ++c, ++length) {
    const bool alnum = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
    if (!alnum || length >= 16) return false;
  }
  return length >= 1;
}

// sendEncodings as Chrome checks them: rid syntax and duplicates (TypeError), scale below 1
// and negative rates (RangeError).
rtcn_status ToSendEncodings(const char* function, const rtcn_rtp_encoding* encodings, int32_t count,
                            std::vector<webrtc::RtpEncodingParameters>* out) {
  if (count < 0) return Invalid(function, "send_encoding_count is negative");
  if (count > kMaxEncodings) return Invalid(function, "too many send encodings");
  if (count > 0 && encodings == nullptr) return NullArgument(function, "send_encodings");
  std::set<std::string> rids;
  for (int32_t i = 0; i < count; ++i) {
    const rtcn_rtp_encoding& in = encodings[i];
    webrtc::RtpEncodingParameters e;
    if (in.rid != nullptr) {
      if (!LegalRid(in.rid))
        return Invalid(function, std::string("TypeError: invalid rid \"") + in.rid + "\" (1 to 16 alphanumeric characters)");
      if (!rids.insert(in.rid).second) return Invalid(function, std::string("TypeError: duplicate rid \"") + in.rid + "\"");
      e.rid = in.rid;
    }
    if (!PriorityInRange(in.priority) || !PriorityInRange(in.network_priority))
      return Invalid(function, "unknown priority");
    if (std::isnan(in.scale_resolution_down_by) || std::isnan(in.max_framerate))
      return Fail(RTCN_ERROR_RANGE, std::string(function) + ": RangeError: NaN in an encoding");
    if (in.scale_resolution_down_by != -1.0) {
      if (in.scale_resolution_down_by < 1.0)
        return Fail(RTCN_ERROR_RANGE, std::string(function) + ": RangeError: scaleResolutionDownBy must be at least 1");
      e.scale_resolution_down_by = in.scale_resolution_down_by;
    }
    if (in.max_framerate != -1.0) {
      if (in.max_framerate < 0)
        return Fail(RTCN_ERROR_RANGE, std::string(function) + ": RangeError: maxFramerate must not be negative");
      e.max_framerate = in.max_framerate;
    }
    if (in.max_bitrate_bps != -1) {
      if (in.max_bitrate_bps < 0)
        return Fail(RTCN_ERROR_RANGE, std::string(function) + ": RangeError: maxBitrate must not be negative");
      e.max_bitrate_bps = static_cast<int>(std::min<int64_t>(in.max_bitrate_bps, INT32_MAX));
    }
    e.active = in.active != 0;
    e.bitrate_priority = BitratePriorityOf(in.priority);
    e.network_priority = ToPriority(in.network_priority);
    out->push_back(std::move(e));
  }
  if (!rids.empty() && rids.size() != static_cast<size_t>(count))
    return Invalid(function, "TypeError: rids must be given for every encoding or none");
  return RTCN_OK;
}

}  // namespace

extern "C" {

// ------------------------------------------------------------------ RTCPeerConnection

rtcn_status rtcn_peer_connection_add_track(rtcn_peer_connection* connection, rtcn_media_track* track,
                                           const char* const* stream_ids, int32_t stream_id_count,
                                           rtcn_rtp_transceiver** out_transceiver) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (track == nullptr) return NullArgument(fn, "track");
    if (out_transceiver == nullptr) return NullArgument(fn, "out_transceiver");
    *out_transceiver = nullptr;
    std::vector<std::string> ids;
    if (rtcn_status s = ToStreamIds(fn, stream_ids, stream_id_count, &ids); s != RTCN_OK) return s;
    Transceiver* added = nullptr;
    rtcn_status status = AsPeerConnection(connection)->AddTrack(TrackOf(track), ids, &added);
    if (status == RTCN_OK) *out_transceiver = TransceiverHandle(added);
    return status;
  });
}

rtcn_status rtcn_peer_connection_remove_track(rtcn_peer_connection* connection, rtcn_rtp_transceiver* sender) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (sender == nullptr) return NullArgument(fn, "sender");
    return AsPeerConnection(connection)->RemoveTrack(AsTransceiver(sender));
  });
}

rtcn_status rtcn_peer_connection_add_transceiver(rtcn_peer_connection* connection, rtcn_media_kind kind,
                                                 rtcn_media_track* track, const rtcn_rtp_transceiver_init* init,
                                                 rtcn_rtp_transceiver** out_transceiver) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (out_transceiver == nullptr) return NullArgument(fn, "out_transceiver");
    *out_transceiver = nullptr;
    if (track == nullptr && !InRange(kind, RTCN_MEDIA_KIND_AUDIO, RTCN_MEDIA_KIND_VIDEO))
      return Invalid(fn, "TypeError: unknown media kind");
    webrtc::RtpTransceiverInit native;
    if (init != nullptr) {
      if (!InRange(init->direction, RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV, RTCN_RTP_TRANSCEIVER_DIRECTION_INACTIVE))
        return Invalid(fn, "TypeError: direction must be sendrecv, sendonly, recvonly or inactive");
      native.direction = ToDirection(init->direction);
      if (rtcn_status s = ToStreamIds(fn, init->stream_ids, init->stream_id_count, &native.stream_ids); s != RTCN_OK)
        return s;
      if (rtcn_status s = ToSendEncodings(fn, init->send_encodings, init->send_encoding_count, &native.send_encodings);
          s != RTCN_OK)
        return s;
    }
    Transceiver* added = nullptr;
    rtcn_status status =
        AsPeerConnection(connection)->AddTransceiver(kind, track ? TrackOf(track) : nullptr, native, &added);
    if (status == RTCN_OK) *out_transceiver = TransceiverHandle(added);
    return status;
  });
}

rtcn_status rtcn_peer_connection_get_transceiver_count(rtcn_peer_connection* connection, int32_t* out_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (out_count == nullptr) return NullArgument(fn, "out_count");
    *out_count = AsPeerConnection(connection)->TransceiverCount();
    return RTCN_OK;
  });
}

rtcn_status rtcn_peer_connection_get_transceiver(rtcn_peer_connection* connection, int32_t index,
                                                 rtcn_rtp_transceiver** out_transceiver) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (out_transceiver == nullptr) return NullArgument(fn, "out_transceiver");
    *out_transceiver = TransceiverHandle(AsPeerConnection(connection)->GetTransceiver(index));
    return RTCN_OK;
  });
}

rtcn_status rtcn_peer_connection_get_stats_for_track(rtcn_peer_connection* connection, rtcn_media_track* track,
                                                     void* op_user_data) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (connection == nullptr) return NullArgument(fn, "connection");
    if (track == nullptr) return NullArgument(fn, "track");
    return AsPeerConnection(connection)->GetStatsForTrack(TrackOf(track), op_user_data);
  });
}

// ------------------------------------------------------------------ RTCRtpTransceiver

rtcn_status rtcn_rtp_transceiver_get_info(rtcn_rtp_transceiver* transceiver,
                                          rtcn_rtp_transceiver_info* out_info) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (transceiver == nullptr) return NullArgument(fn, "transceiver");
    if (out_info == nullptr) return NullArgument(fn, "out_info");
    *out_info = AsTransceiver(transceiver)->Info();
    return RTCN_OK;
  });
}

rtcn_status rtcn_rtp_transceiver_set_direction(rtcn_rtp_transceiver* transceiver,
                                               rtcn_rtp_transceiver_direction direction) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (transceiver == nullptr) return NullArgument(fn, "transceiver");
    if (!InRange(direction, RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV, RTCN_RTP_TRANSCEIVER_DIRECTION_INACTIVE))
      return Invalid(fn, "TypeError: direction must be sendrecv, sendonly, recvonly or inactive");
    return AsTransceiver(transceiver)->SetDirection(direction);
  });
}

rtcn_status rtcn_rtp_transceiver_stop(rtcn_rtp_transceiver* transceiver) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (transceiver == nullptr) return NullArgument(fn, "transceiver");
    return AsTransceiver(transceiver)->Stop();
  });
}

rtcn_status rtcn_rtp_transceiver_set_codec_preferences(rtcn_rtp_transceiver* transceiver, const rtcn_rtp_codec* codecs,
                                                       int32_t count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (transceiver == nullptr) return NullArgument(fn, "transceiver");
    if (count < 0) return Invalid(fn, "count is negative");
    if (count > kMaxCodecs) return Invalid(fn, "too many codecs");
    if (count > 0 && codecs == nullptr) return NullArgument(fn, "codecs");
    return AsTransceiver(transceiver)->SetCodecPreferences(codecs, count);
  });
}

rtcn_status rtcn_rtp_transceiver_release(rtcn_rtp_transceiver* transceiver) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (transceiver) AsTransceiver(transceiver)->Release();
    return RTCN_OK;
  });
}

// ------------------------------------------------------------------ RTCRtpSender

rtcn_status rtcn_rtp_sender_get_track(rtcn_rtp_transceiver* sender, rtcn_media_track** out_track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    if (out_track == nullptr) return NullArgument(fn, "out_track");
    *out_track = TrackHandle(AsTransceiver(sender)->SenderTrack());
    return RTCN_OK;
  });
}

rtcn_status rtcn_rtp_sender_replace_track(rtcn_rtp_transceiver* sender, rtcn_media_track* track,
                                          void* op_user_data) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    return AsTransceiver(sender)->ReplaceTrack(track ? TrackOf(track) : nullptr, op_user_data);
  });
}

rtcn_status rtcn_rtp_sender_get_parameters(rtcn_rtp_transceiver* sender, rtcn_rtp_parameters** out_parameters) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    if (out_parameters == nullptr) return NullArgument(fn, "out_parameters");
    *out_parameters = nullptr;
    return AsTransceiver(sender)->GetSenderParameters(out_parameters);
  });
}

rtcn_status rtcn_rtp_sender_set_parameters(rtcn_rtp_transceiver* sender, const rtcn_rtp_parameters* parameters,
                                           void* op_user_data) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    if (parameters == nullptr) return NullArgument(fn, "parameters");
    return AsTransceiver(sender)->SetSenderParameters(parameters, op_user_data);
  });
}

rtcn_status rtcn_rtp_sender_set_streams(rtcn_rtp_transceiver* sender, const char* const* stream_ids,
                                        int32_t stream_id_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    std::vector<std::string> ids;
    if (rtcn_status s = ToStreamIds(fn, stream_ids, stream_id_count, &ids); s != RTCN_OK) return s;
    return AsTransceiver(sender)->SetStreams(std::move(ids));
  });
}

rtcn_status rtcn_rtp_sender_get_stats(rtcn_rtp_transceiver* sender, void* op_user_data) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sender == nullptr) return NullArgument(fn, "sender");
    return AsTransceiver(sender)->GetStats(true, op_user_data);
  });
}

// ------------------------------------------------------------------ RTCRtpReceiver

rtcn_status rtcn_rtp_receiver_get_track(rtcn_rtp_transceiver* receiver, rtcn_media_track** out_track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (receiver == nullptr) return NullArgument(fn, "receiver");
    if (out_track == nullptr) return NullArgument(fn, "out_track");
    *out_track = TrackHandle(AsTransceiver(receiver)->ReceiverTrack());
    return RTCN_OK;
  });
}

rtcn_status rtcn_rtp_receiver_get_stream_ids(rtcn_rtp_transceiver* receiver, char*** out_stream_ids,
                                             int32_t* out_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (receiver == nullptr) return NullArgument(fn, "receiver");
    if (out_stream_ids == nullptr) return NullArgument(fn, "out_stream_ids");
    if (out_count == nullptr) return NullArgument(fn, "out_count");
    *out_stream_ids = nullptr;
    *out_count = 0;
    return AsTransceiver(receiver)->GetStreamIds(out_stream_ids, out_count);
  });
}

rtcn_status rtcn_rtp_receiver_get_parameters(rtcn_rtp_transceiver* receiver,
                                             rtcn_rtp_parameters** out_parameters) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (receiver == nullptr) return NullArgument(fn, "receiver");
    if (out_parameters == nullptr) return NullArgument(fn, "out_parameters");
    *out_parameters = nullptr;
    return AsTransceiver(receiver)->GetReceiverParameters(out_parameters);
  });
}

rtcn_status rtcn_rtp_receiver_get_sources(rtcn_rtp_transceiver* receiver, int32_t csrc, rtcn_rtp_source** out_sources,
                                          int32_t* out_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (receiver == nullptr) return NullArgument(fn, "receiver");
    if (out_sources == nullptr) return NullArgument(fn, "out_sources");
    if (out_count == nullptr) return NullArgument(fn, "out_count");
    *out_sources = nullptr;
    *out_count = 0;
    return AsTransceiver(receiver)->GetSources(csrc != 0, out_sources, out_count);
  });
}

rtcn_status rtcn_rtp_receiver_set_jitter_buffer_target(rtcn_rtp_transceiver* receiver, double target_ms) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (receiver == nullptr) return NullArgument(fn, "receiver");
    if (target_ms != -1.0 && !(target_ms >= 0.0 && target_ms <= 4000.0))
      return Fail(RTCN_ERROR_RANGE, std::string(fn) + ": RangeError: jitterBufferTarget must be within 0..4000 ms");
    return AsTransceiver(receiver)->SetJitterBufferTarget(target_ms);
  });
}

rtcn_status rtcn_rtp_receiver_get_stats(rtcn_rtp_transceiver* receiver, void* op_user_data) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (receiver == nullptr) return NullArgument(fn, "receiver");
    return AsTransceiver(receiver)->GetStats(false, op_user_data);
  });
}

// ------------------------------------------------------------------ capabilities

rtcn_status rtcn_factory_get_rtp_capabilities(rtcn_factory* factory, rtcn_media_kind kind, int32_t receiver,
                                              rtcn_rtp_capabilities** out_capabilities) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (factory == nullptr) return NullArgument(fn, "factory");
    if (out_capabilities == nullptr) return NullArgument(fn, "out_capabilities");
    *out_capabilities = nullptr;
    if (!InRange(kind, RTCN_MEDIA_KIND_AUDIO, RTCN_MEDIA_KIND_VIDEO)) return Invalid(fn, "unknown media kind");
    webrtc::PeerConnectionFactoryInterface* native = AsRuntime(factory)->factory();
    if (native == nullptr) return Fail(RTCN_ERROR_CLOSED, std::string(fn) + ": the factory was released");
    const cricket::MediaType type = kind == RTCN_MEDIA_KIND_AUDIO ? cricket::MEDIA_TYPE_AUDIO : cricket::MEDIA_TYPE_VIDEO;
    const webrtc::RtpCapabilities capabilities =
        receiver ? native->GetRtpReceiverCapabilities(type) : native->GetRtpSenderCapabilities(type);
    *out_capabilities = BuildCapabilitiesBlock(capabilities);
    return RTCN_OK;
  });
}

}  // extern "C"
