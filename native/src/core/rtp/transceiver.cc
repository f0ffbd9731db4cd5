#include "transceiver.h"

#include <cctype>
#include <cmath>

#include "core/callbacks.h"
#include "core/media/media_track.h"
#include "core/operation.h"
#include "core/peer_connection.h"
#include "core/runtime.h"
#include "core/rtp/rtp_blocks.h"
#include "rtc_base/time_utils.h"

namespace rtcn {
namespace {

Error ClosedState() { return MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the RTCPeerConnection is closed"); }
Error ClosedCompletion() { return MakeError(RTCN_ERROR_CLOSED, "InvalidStateError: the RTCPeerConnection is closed"); }

// Completes its operation with the closed error if the task holding it never ran.
struct CompleteIfDropped {
  explicit CompleteIfDropped(std::shared_ptr<Operation> op) : operation(std::move(op)) {}
  CompleteIfDropped(const CompleteIfDropped&) = delete;
  CompleteIfDropped& operator=(const CompleteIfDropped&) = delete;
  ~CompleteIfDropped() {
    if (!operation->done()) operation->Fail(ClosedCompletion());
  }
  std::shared_ptr<Operation> operation;
};

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

Transceiver::Transceiver(PeerConnection* owner, rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver)
    : runtime_(owner->runtime()),
      queue_(owner->queue()),
      kind_(transceiver->media_type() == cricket::MEDIA_TYPE_AUDIO ? RTCN_MEDIA_KIND_AUDIO : RTCN_MEDIA_KIND_VIDEO),
      owner_(owner),
      transceiver_(std::move(transceiver)),
      sender_(transceiver_->sender()),
      receiver_(transceiver_->receiver()),
      receiver_id_(receiver_ ? receiver_->id() : std::string()),
      receiver_track_(MediaTrack::CreateRemote(owner->runtime(), receiver_->track())),
      dtmf_(sender_ && sender_->GetDtmfSender()
                ? std::make_unique<DtmfSender>(sender_->GetDtmfSender(),
                                               [this](const std::string& tone) { QueueDtmfToneChange(tone); })
                : nullptr) {
  runtime_->AddRef();
  receiver_->SetObserver(this);
}

Transceiver::~Transceiver() {
  // Detach (on the signaling thread) let go of libwebrtc's objects before the last reference went.
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sender_track_) sender_track_->Release();
    sender_track_ = nullptr;
  }
  receiver_track_->Release();
  runtime_->Release();
}

bool Transceiver::HasReceiver(const webrtc::RtpReceiverInterface* receiver) const {
  return receiver_ && (receiver_.get() == receiver || (receiver && receiver->id() == receiver_id_));
}

bool Transceiver::HasSender(const webrtc::RtpSenderInterface* sender) const {
  return sender_ && sender && (sender_.get() == sender || sender_->id() == sender->id());
}

void Transceiver::Detach() {
  if (receiver_) receiver_->SetObserver(nullptr);
  if (dtmf_) dtmf_->Detach();
  // The track ends with its connection (close() stops every transceiver).
  if (!ended_) {
    ended_ = true;
    receiver_track_->End();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    stopped_ = true;
    direction_ = RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED;
    has_current_direction_ = true;
    current_direction_ = RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED;
  }
  transceiver_ = nullptr;
  sender_ = nullptr;
  receiver_ = nullptr;
  owner_ = nullptr;
}

void Transceiver::Sync(bool listed) {
  if (!transceiver_) return;
  const absl::optional<std::string> mid = transceiver_->mid();
  const rtcn_rtp_transceiver_direction direction =
      listed ? ToAbi(transceiver_->direction()) : RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED;
  const absl::optional<webrtc::RtpTransceiverDirection> current = transceiver_->current_direction();
  const bool stopping = !listed || transceiver_->stopping();
  const bool stopped = !listed || transceiver_->stopped();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (mid) {
      if (mids_.empty() || mids_.back() != *mid) mids_.push_back(*mid);
      has_mid_ = true;
    } else {
      has_mid_ = false;
    }
    direction_ = direction;
    has_current_direction_ = current.has_value() || !listed;
    if (current) current_direction_ = ToAbi(*current);
    if (!listed) current_direction_ = RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED;
    stopping_ = stopping || stopped;
    stopped_ = stopped;
  }
  if ((stopping || stopped) && !ended_) {
    ended_ = true;
    receiver_track_->End();
    QueueTrackEvent(RTCN_RECEIVER_TRACK_EVENT_ENDED);
  }
}

void Transceiver::QueueTrackEvent(rtcn_receiver_track_event event) {
  queue_->Event([self = Ref<Transceiver>(this), handle = reinterpret_cast<rtcn_rtp_transceiver*>(this),
                 event](void* user_data) {
    const rtcn_callbacks* c = Callbacks();
    if (c && c->peer_connection_receiver_track_event) c->peer_connection_receiver_track_event(user_data, handle, event);
  });
}

void Transceiver::OnTrackEvent() {
  if (removed_ && receiver_) {
    // Removed earlier and receiving again: libwebrtc reports the first packet once per
    // receiver; setting the observer again re-delivers it when media had arrived (unmute).
    removed_ = false;
    receiver_->SetObserver(this);
  }
}

void Transceiver::OnRemoteTrackRemoved() {
  if (ended_) return;
  removed_ = true;
  receiver_track_->SetMuted(true);
  QueueTrackEvent(RTCN_RECEIVER_TRACK_EVENT_REMOVED);
  QueueTrackEvent(RTCN_RECEIVER_TRACK_EVENT_MUTE);
}

void Transceiver::OnFirstPacketReceived(cricket::MediaType) {
  if (ended_ || removed_ || !transceiver_) return;
  receiver_track_->SetMuted(false);
  QueueTrackEvent(RTCN_RECEIVER_TRACK_EVENT_UNMUTE);
}

void Transceiver::SetSenderTrack(MediaTrack* track) {
  if (track) track->AddRef();
  MediaTrack* old;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    old = sender_track_;
    sender_track_ = track;
  }
  if (old) old->Release();
}

Error Transceiver::CheckOpen() const {
  if (!owner_ || !transceiver_ || owner_->closed()) return ClosedState();
  return Error();
}

// ------------------------------------------------------------------ reads

rtcn_rtp_transceiver_info Transceiver::Info() {
  std::lock_guard<std::mutex> lock(mutex_);
  rtcn_rtp_transceiver_info info;
  info.kind = kind_;
  info.mid = has_mid_ ? mids_.back().c_str() : nullptr;
  info.direction = direction_;
  info.has_current_direction = has_current_direction_ ? 1 : 0;
  info.current_direction = has_current_direction_ ? current_direction_ : RTCN_RTP_TRANSCEIVER_DIRECTION_INACTIVE;
  info.stopping = stopping_ ? 1 : 0;
  info.stopped = stopped_ ? 1 : 0;
  info.dtls_transport_id = dtls_transport_id_;
  return info;
}

void Transceiver::SetDtlsTransportId(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  dtls_transport_id_ = id;
}

MediaTrack* Transceiver::SenderTrack() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (sender_track_) sender_track_->AddRef();
  return sender_track_;
}

MediaTrack* Transceiver::ReceiverTrack() {
  receiver_track_->AddRef();
  return receiver_track_;
}

// ------------------------------------------------------------------ changes (one hop to the signaling thread)

rtcn_status Transceiver::SetDirection(rtcn_rtp_transceiver_direction direction) {
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    Error refused = CheckOpen();
    if (refused.status != RTCN_OK) return refused;
    if (transceiver_->stopping() || transceiver_->stopped())
      return MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the transceiver is stopping or stopped");
    webrtc::RTCError result = transceiver_->SetDirectionWithError(ToDirection(direction));
    owner_->SyncTransceivers();
    return result.ok() ? Error() : FromRtcError(result);
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

rtcn_status Transceiver::Stop() {
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    Error refused = CheckOpen();
    if (refused.status != RTCN_OK) return refused;
    webrtc::RTCError result = webrtc::RTCError::OK();
    if (!transceiver_->stopping() && !transceiver_->stopped()) result = transceiver_->StopStandard();
    owner_->SyncTransceivers();
    return result.ok() ? Error() : FromRtcError(result);
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

rtcn_status Transceiver::SetCodecPreferences(const rtcn_rtp_codec* codecs, int32_t count) {
  // Converted here (the caller's memory is borrowed for the call); names matched against the
  // engine's codecs on the signaling thread.
  struct Wanted {
    bool valid_kind;
    cricket::MediaType kind;
    std::string name;
    absl::optional<int> clock_rate;
    absl::optional<int> channels;
    std::map<std::string, std::string> parameters;
  };
  std::vector<Wanted> wanted;
  wanted.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) {
    const rtcn_rtp_codec& codec = codecs[i];
    if (codec.mime_type == nullptr)
      return Fail(RTCN_ERROR_INVALID_ARGUMENT, "rtcn_rtp_transceiver_set_codec_preferences: a codec's mime_type is NULL");
    Wanted w;
    const std::string mime = codec.mime_type;
    const size_t slash = mime.find('/');
    const std::string type = slash == std::string::npos ? std::string() : mime.substr(0, slash);
    w.valid_kind = EqualsIgnoreCase(type, "audio") || EqualsIgnoreCase(type, "video");
    w.kind = EqualsIgnoreCase(type, "audio") ? cricket::MEDIA_TYPE_AUDIO : cricket::MEDIA_TYPE_VIDEO;
    w.name = slash == std::string::npos ? mime : mime.substr(slash + 1);
    if (codec.clock_rate > 0) w.clock_rate = codec.clock_rate;
    if (codec.channels > 0) w.channels = codec.channels;
    if (codec.sdp_fmtp_line) w.parameters = ParseFmtpLine(codec.sdp_fmtp_line);
    wanted.push_back(std::move(w));
  }
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    if (!transceiver_) return ClosedState();
    const cricket::MediaType media_type = transceiver_->media_type();
    std::vector<webrtc::RtpCodecCapability> known =
        runtime_->factory()->GetRtpReceiverCapabilities(media_type).codecs;
    for (webrtc::RtpCodecCapability& codec : runtime_->factory()->GetRtpSenderCapabilities(media_type).codecs)
      known.push_back(std::move(codec));
    std::vector<webrtc::RtpCodecCapability> preferences;
    for (const Wanted& w : wanted) {
      if (!w.valid_kind || w.kind != media_type)
        return MakeError(RTCN_ERROR_INVALID_MODIFICATION,
                         "InvalidModificationError: setCodecPreferences: a codec of another kind (" + w.name + ")");
      webrtc::RtpCodecCapability capability;
      capability.kind = w.kind;
      capability.name = w.name;
      // MIME subtypes are case-insensitive; libwebrtc compares names exactly.
      for (const webrtc::RtpCodecCapability& k : known) {
        if (EqualsIgnoreCase(k.name, w.name)) {
          capability.name = k.name;
          break;
        }
      }
      capability.clock_rate = w.clock_rate;
      capability.num_channels = w.channels;
      capability.parameters = w.parameters;
      preferences.push_back(std::move(capability));
    }
    webrtc::RTCError result = transceiver_->SetCodecPreferences(preferences);
    if (result.ok()) return Error();
    Error converted = FromRtcError(result);
    converted.status = RTCN_ERROR_INVALID_MODIFICATION;
    return converted;
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

rtcn_status Transceiver::ReplaceTrack(MediaTrack* track, void* op_user_data) {
  auto operation = std::make_shared<Operation>(Operation::Kind::kPlain, op_user_data, queue_);
  auto guard = std::make_shared<CompleteIfDropped>(operation);
  if (track) track->AddRef();
  std::shared_ptr<MediaTrack> held(track, [](MediaTrack* t) {
    if (t) t->Release();
  });
  runtime_->signaling_thread()->PostTask([self = Ref<Transceiver>(this), guard, held] {
    const std::shared_ptr<Operation>& operation = guard->operation;
    MediaTrack* track = held.get();
    if (!self->owner_ || !self->transceiver_ || self->owner_->closed()) {
      operation->Fail(ClosedCompletion());
      return;
    }
    if (self->transceiver_->stopping() || self->transceiver_->stopped()) {
      operation->Fail(MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the transceiver is stopping or stopped"));
      return;
    }
    if (track && track->kind() != self->kind_) {
      operation->Fail(MakeError(RTCN_ERROR_INVALID_ARGUMENT,
                                "TypeError: replaceTrack: the track's kind differs from the transceiver's"));
      return;
    }
    if (track && track->runtime() != self->runtime_) {
      operation->Fail(MakeError(RTCN_ERROR_INVALID_ACCESS,
                                "InvalidAccessError: the track belongs to another PeerConnectionFactory"));
      return;
    }
    rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> native = track ? track->track() : nullptr;
    if (!self->sender_->SetTrack(native.get())) {
      operation->Fail(MakeError(RTCN_ERROR_INVALID_MODIFICATION, "InvalidModificationError: replaceTrack failed"));
      return;
    }
    self->SetSenderTrack(track);
    operation->Succeed();
  });
  return RTCN_OK;
}

rtcn_status Transceiver::GetSenderParameters(rtcn_rtp_parameters** out_parameters) {
  Error error;
  webrtc::RtpParameters parameters = runtime_->signaling_thread()->BlockingCall([&]() -> webrtc::RtpParameters {
    if (!sender_) {
      error = ClosedState();
      return webrtc::RtpParameters();
    }
    last_parameters_ = sender_->GetParameters();
    has_parameters_ = true;
    return last_parameters_;
  });
  if (error.status != RTCN_OK) return Fail(error);
  *out_parameters = BuildParametersBlock(parameters, true);
  return RTCN_OK;
}

rtcn_status Transceiver::SetSenderParameters(const rtcn_rtp_parameters* in, void* op_user_data) {
  const char* const fn = "rtcn_rtp_sender_set_parameters";
  // Copied now: the caller's struct is borrowed for this call only.
  struct Encoding {
    std::string rid;
    bool active;
    absl::optional<int> max_bitrate_bps;
    absl::optional<double> max_framerate;
    absl::optional<double> scale;
    rtcn_priority priority;
    rtcn_priority network_priority;
  };
  if (in->encoding_count < 0) return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(fn) + ": encoding_count is negative");
  if (in->encoding_count > 0 && in->encodings == nullptr)
    return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(fn) + ": encodings is NULL");
  if (in->encoding_count > 1024) return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(fn) + ": too many encodings");
  if (static_cast<int32_t>(in->degradation_preference) < RTCN_DEGRADATION_PREFERENCE_UNSET ||
      static_cast<int32_t>(in->degradation_preference) > RTCN_DEGRADATION_PREFERENCE_DISABLED)
    return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(fn) + ": unknown degradation preference");
  std::vector<Encoding> encodings;
  for (int32_t i = 0; i < in->encoding_count; ++i) {
    const rtcn_rtp_encoding& e = in->encodings[i];
    auto priority_ok = [](rtcn_priority p) {
      return static_cast<int32_t>(p) >= RTCN_PRIORITY_VERY_LOW && static_cast<int32_t>(p) <= RTCN_PRIORITY_HIGH;
    };
    if (!priority_ok(e.priority) || !priority_ok(e.network_priority))
      return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(fn) + ": unknown priority");
    if (std::isnan(e.max_framerate) || std::isnan(e.scale_resolution_down_by))
      return Fail(RTCN_ERROR_RANGE, std::string(fn) + ": RangeError: NaN in an encoding");
    Encoding copy;
    copy.rid = e.rid ? e.rid : "";
    copy.active = e.active != 0;
    if (e.max_bitrate_bps >= 0) copy.max_bitrate_bps = static_cast<int>(std::min<int64_t>(e.max_bitrate_bps, INT32_MAX));
    if (e.max_framerate != -1.0) copy.max_framerate = e.max_framerate;
    if (e.scale_resolution_down_by != -1.0) copy.scale = e.scale_resolution_down_by;
    copy.priority = e.priority;
    copy.network_priority = e.network_priority;
    encodings.push_back(std::move(copy));
  }
  std::string transaction_id = in->transaction_id ? in->transaction_id : "";
  const rtcn_degradation_preference degradation = in->degradation_preference;

  auto operation = std::make_shared<Operation>(Operation::Kind::kPlain, op_user_data, queue_);
  auto guard = std::make_shared<CompleteIfDropped>(operation);
  runtime_->signaling_thread()->PostTask([self = Ref<Transceiver>(this), guard, encodings = std::move(encodings),
                                          transaction_id = std::move(transaction_id), degradation] {
    const std::shared_ptr<Operation>& operation = guard->operation;
    if (!self->owner_ || !self->transceiver_ || self->owner_->closed()) {
      operation->Fail(ClosedCompletion());
      return;
    }
    if (self->transceiver_->stopping() || self->transceiver_->stopped()) {
      operation->Fail(MakeError(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the transceiver is stopping or stopped"));
      return;
    }
    if (!self->has_parameters_) {
      operation->Fail(MakeError(RTCN_ERROR_INVALID_STATE,
                                "InvalidStateError: setParameters: getParameters() was not called before"));
      return;
    }
    webrtc::RtpParameters parameters = self->last_parameters_;
    if (transaction_id != parameters.transaction_id) {
      operation->Fail(MakeError(RTCN_ERROR_INVALID_MODIFICATION,
                                "InvalidModificationError: setParameters: the transaction id is not the one of the "
                                "last getParameters()"));
      return;
    }
    if (encodings.size() != parameters.encodings.size()) {
      operation->Fail(MakeError(RTCN_ERROR_INVALID_MODIFICATION,
                                "InvalidModificationError: setParameters: the number of encodings changed"));
      return;
    }
    for (size_t i = 0; i < encodings.size(); ++i) {
      if (encodings[i].rid != parameters.encodings[i].rid) {
        operation->Fail(MakeError(RTCN_ERROR_INVALID_MODIFICATION,
                                  "InvalidModificationError: setParameters: an encoding's rid changed"));
        return;
      }
      webrtc::RtpEncodingParameters& e = parameters.encodings[i];
      e.active = encodings[i].active;
      e.max_bitrate_bps = encodings[i].max_bitrate_bps;
      e.max_framerate = encodings[i].max_framerate;
      e.scale_resolution_down_by = encodings[i].scale;
      e.bitrate_priority = BitratePriorityOf(encodings[i].priority);
      e.network_priority = ToPriority(encodings[i].network_priority);
    }
    switch (degradation) {
      case RTCN_DEGRADATION_PREFERENCE_UNSET: parameters.degradation_preference = absl::nullopt; break;
      case RTCN_DEGRADATION_PREFERENCE_MAINTAIN_FRAMERATE:
        parameters.degradation_preference = webrtc::DegradationPreference::MAINTAIN_FRAMERATE;
        break;
      case RTCN_DEGRADATION_PREFERENCE_MAINTAIN_RESOLUTION:
        parameters.degradation_preference = webrtc::DegradationPreference::MAINTAIN_RESOLUTION;
        break;
      case RTCN_DEGRADATION_PREFERENCE_BALANCED:
        parameters.degradation_preference = webrtc::DegradationPreference::BALANCED;
        break;
      case RTCN_DEGRADATION_PREFERENCE_DISABLED:
        parameters.degradation_preference = webrtc::DegradationPreference::DISABLED;
        break;
    }
    self->has_parameters_ = false;  // [[LastReturnedParameters]] is used once
    webrtc::RTCError result = self->sender_->SetParameters(parameters);
    if (result.ok()) {
      operation->Succeed();
    } else {
      operation->Fail(FromRtcError(result));
    }
  });
  return RTCN_OK;
}

rtcn_status Transceiver::SetStreams(std::vector<std::string> stream_ids) {
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    Error refused = CheckOpen();
    if (refused.status != RTCN_OK) return refused;
    sender_->SetStreams(stream_ids);
    return Error();
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

rtcn_status Transceiver::GetStats(bool sender, void* op_user_data) {
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    if (!owner_ || !transceiver_) return ClosedCompletion();
    owner_->GetStatsForSelector(op_user_data, sender ? sender_ : nullptr, sender ? nullptr : receiver_);
    return Error();
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

// ------------------------------------------------------------------ receiver reads

rtcn_status Transceiver::GetStreamIds(char*** out_stream_ids, int32_t* out_count) {
  Error error;
  std::vector<std::string> ids = runtime_->signaling_thread()->BlockingCall([&]() -> std::vector<std::string> {
    if (!receiver_) {
      error = ClosedState();
      return {};
    }
    return receiver_->stream_ids();
  });
  if (error.status != RTCN_OK) return Fail(error);
  *out_stream_ids = BuildStringsBlock(ids);
  *out_count = static_cast<int32_t>(ids.size());
  return RTCN_OK;
}

rtcn_status Transceiver::GetReceiverParameters(rtcn_rtp_parameters** out_parameters) {
  Error error;
  webrtc::RtpParameters parameters = runtime_->signaling_thread()->BlockingCall([&]() -> webrtc::RtpParameters {
    if (!receiver_) {
      error = ClosedState();
      return webrtc::RtpParameters();
    }
    return receiver_->GetParameters();
  });
  if (error.status != RTCN_OK) return Fail(error);
  *out_parameters = BuildParametersBlock(parameters, false);
  return RTCN_OK;
}

rtcn_status Transceiver::GetSources(bool csrc, rtcn_rtp_source** out_sources, int32_t* out_count) {
  Error error;
  std::vector<webrtc::RtpSource> sources =
      runtime_->signaling_thread()->BlockingCall([&]() -> std::vector<webrtc::RtpSource> {
        if (!receiver_) {
          error = ClosedState();
          return {};
        }
        return receiver_->GetSources();
      });
  if (error.status != RTCN_OK) return Fail(error);
  // libwebrtc's times are of its monotonic clock; the ABI's are wall-clock.
  const int64_t offset_ms = rtc::TimeUTCMillis() - rtc::TimeMillis();
  std::vector<rtcn_rtp_source> out;
  for (const webrtc::RtpSource& source : sources) {
    const bool is_csrc = source.source_type() == webrtc::RtpSourceType::CSRC;
    if (is_csrc != csrc) continue;
    rtcn_rtp_source s;
    s.source = source.source_id();
    s.timestamp_ms = source.timestamp_ms() + offset_ms;
    s.audio_level = -1.0;
    if (source.audio_level()) {
      const uint8_t level = *source.audio_level() & 0x7f;  // -dBov
      s.audio_level = level == 127 ? 0.0 : std::pow(10.0, -static_cast<double>(level) / 20.0);
    }
    s.rtp_timestamp = source.rtp_timestamp();
    out.push_back(s);
  }
  *out_sources = BuildSourcesBlock(out);
  *out_count = static_cast<int32_t>(out.size());
  return RTCN_OK;
}

rtcn_status Transceiver::SetJitterBufferTarget(double target_ms) {
  Error error = runtime_->signaling_thread()->BlockingCall([&]() -> Error {
    if (!receiver_) return ClosedState();
    if (target_ms < 0) {
      receiver_->SetJitterBufferMinimumDelay(absl::nullopt);
    } else {
      receiver_->SetJitterBufferMinimumDelay(target_ms / 1000.0);
    }
    return Error();
  });
  return error.status == RTCN_OK ? RTCN_OK : Fail(error);
}

}  // namespace rtcn
