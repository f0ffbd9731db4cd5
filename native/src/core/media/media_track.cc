#include "core/media/media_track.h"

#include <algorithm>
#include <chrono>

#include "core/media/media_source.h"
#include "core/runtime.h"
#include "rtc_base/helpers.h"
#include "rtc_base/time_utils.h"

namespace rtcn {

MediaTrack* MediaTrack::CreateLocal(Runtime* runtime, MediaSource* source, const std::string& id) {
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track = source->CreateTrack(id);
  if (!track) return nullptr;
  auto* result = new MediaTrack(runtime, source->kind(), id, false, source, std::move(track));
  source->AddTrack(result);
  // A track made after its source ended (a clone) is born ended.
  if (source->ended()) result->End();
  return result;
}

MediaTrack* MediaTrack::CreateRemote(Runtime* runtime, rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track) {
  const rtcn_media_kind kind =
      track->kind() == webrtc::MediaStreamTrackInterface::kVideoKind ? RTCN_MEDIA_KIND_VIDEO : RTCN_MEDIA_KIND_AUDIO;
  std::string id = track->id();
  return new MediaTrack(runtime, kind, std::move(id), true, nullptr, std::move(track));
}

MediaTrack::MediaTrack(Runtime* runtime, rtcn_media_kind kind, std::string id, bool remote, MediaSource* source,
                       rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track)
    : runtime_(runtime),
      kind_(kind),
      id_(std::move(id)),
      remote_(remote),
      source_(source),
      track_(std::move(track)),
      muted_(remote),
      meter_(std::make_unique<FrameRateMeter>()) {
  runtime_->AddRef();
  if (source_) source_->AddRef();
}

MediaTrack::~MediaTrack() {
  // First: once off the source's list, the source no longer reaches this track.
  if (source_) source_->RemoveTrack(this);
  // libwebrtc's track is a proxy whose destruction blocks on the signaling thread: let it go
  // there (this destructor may run in a release, which never blocks). The runtime (its
  // threads) stays alive until then.
  Runtime* runtime = runtime_;
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track = track_;
  runtime->signaling_thread()->PostTask([runtime, track = std::move(track)]() mutable {
    track = nullptr;
    runtime->Release();
  });
  if (source_) source_->Release();
}

void MediaTrack::End() {
  rtcn_track_state expected = RTCN_TRACK_STATE_LIVE;
  if (!state_.compare_exchange_strong(expected, RTCN_TRACK_STATE_ENDED)) return;
  // Under the lock: an observer removing itself waits until this ran (then no callback of it runs).
  std::lock_guard<std::mutex> lock(observers_mutex_);
  for (EndObserver* observer : observers_) observer->OnTrackEnded();
  ended_signal_.notify_all();
}

bool MediaTrack::WaitEnded(int timeout_ms) {
  std::unique_lock<std::mutex> lock(observers_mutex_);
  return ended_signal_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return ended(); });
}

rtcn_media_track_info MediaTrack::Info() const {
  rtcn_media_track_info info;
  info.kind = kind_;
  info.id = id_.c_str();
  info.label = source_ != nullptr ? source_->label() : "";  // remote tracks: ""
  info.enabled = enabled_.load() ? 1 : 0;
  info.muted = muted_.load() ? 1 : 0;
  info.state = state_.load();
  info.remote = remote_ ? 1 : 0;
  return info;
}

rtcn_media_track_settings MediaTrack::Settings() const {
  rtcn_media_track_settings settings;
  if (source_) {
    source_->FillSettings(&settings);
    return settings;
  }
  settings.width = kind_ == RTCN_MEDIA_KIND_VIDEO ? seen_width_.load() : -1;
  settings.height = kind_ == RTCN_MEDIA_KIND_VIDEO ? seen_height_.load() : -1;
  settings.frame_rate = kind_ == RTCN_MEDIA_KIND_VIDEO && seen_width_.load() >= 0 ? meter_->Rate(rtc::TimeMicros()) : -1;
  settings.sample_rate = kind_ == RTCN_MEDIA_KIND_AUDIO ? seen_sample_rate_.load() : -1;
  settings.channel_count = kind_ == RTCN_MEDIA_KIND_AUDIO ? seen_channels_.load() : -1;
  return settings;
}

void MediaTrack::NoteVideoFrame(int width, int height) {
  seen_width_.store(width);
  seen_height_.store(height);
  meter_->Tick(rtc::TimeMicros());
}

void MediaTrack::NoteAudio(int sample_rate, int channels) {
  seen_sample_rate_.store(sample_rate);
  seen_channels_.store(channels);
}

void MediaTrack::SetEnabled(bool enabled) {
  enabled_.store(enabled);
  // Disabled: libwebrtc sends black frames or silence, and gives the track's video sinks
  // black frames (the shim's audio sinks write silence themselves). No effect once ended.
  if (!ended() && track_) track_->set_enabled(enabled);
}

void MediaTrack::Stop() { End(); }

MediaTrack* MediaTrack::Clone() {
  MediaTrack* clone;
  if (source_) {
    clone = CreateLocal(runtime_, source_, rtc::CreateRandomUuid());
  } else {
    // A remote track's clone shares libwebrtc's track (the shim keeps its own state).
    clone = new MediaTrack(runtime_, kind_, rtc::CreateRandomUuid(), true, nullptr, track_);
    clone->muted_.store(muted_.load());
  }
  if (!clone) return nullptr;
  if (!enabled_.load()) clone->SetEnabled(false);
  if (ended()) clone->End();
  return clone;
}

void MediaTrack::AddEndObserver(EndObserver* observer) {
  std::lock_guard<std::mutex> lock(observers_mutex_);
  observers_.push_back(observer);
}

void MediaTrack::RemoveEndObserver(EndObserver* observer) {
  std::lock_guard<std::mutex> lock(observers_mutex_);
  observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
}

}  // namespace rtcn
