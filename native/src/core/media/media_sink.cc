#include "core/media/media_sink.h"

#include "core/callbacks.h"
#include "core/media/video_frame.h"
#include "core/runtime.h"
#include "rtc_base/time_utils.h"

namespace rtcn {

MediaSink* MediaSink::Create(MediaTrack* track, int max_queued, void* user_data) {
  auto* sink = new MediaSink(track, max_queued, user_data);
  track->AddEndObserver(sink);
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> media = track->track();
  if (track->kind() == RTCN_MEDIA_KIND_VIDEO) {
    static_cast<webrtc::VideoTrackInterface*>(media.get())->AddOrUpdateSink(sink, rtc::VideoSinkWants());
  } else {
    static_cast<webrtc::AudioTrackInterface*>(media.get())->AddSink(sink);
  }
  if (track->ended()) {
    // Said once, after create returned (the embedder has its handle by then): on the
    // signaling thread, before a later release's teardown there.
    track->runtime()->signaling_thread()->PostTask([self = Ref<MediaSink>(sink)] { self->OnTrackEnded(); });
  }
  return sink;
}

MediaSink::MediaSink(MediaTrack* track, int max_queued, void* user_data)
    : track_(track), max_queued_(static_cast<size_t>(max_queued)), user_data_(user_data) {
  track_->AddRef();
}

MediaSink::~MediaSink() {
  for (AudioDataHandle* data : audio_) data->Release();
  track_->Release();
}

// Called on the thread that queued something: libwebrtc's decoder or audio playout thread, a
// generator's writer. The callback itself runs on the signaling thread, never there (the
// embedder's callback is managed code). Teardown runs there too, after released_ is set: a
// signal task that comes after it sees released_ and raises nothing, so no callback follows
// user_data_released.
void MediaSink::Signal() {
  track_->runtime()->signaling_thread()->PostTask([self = Ref<MediaSink>(this)] { self->RaiseAvailable(); });
}

void MediaSink::RaiseAvailable() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (released_) return;
  }
  const rtcn_callbacks* callbacks = Callbacks();
  if (callbacks != nullptr && callbacks->media_sink_available != nullptr) callbacks->media_sink_available(user_data_);
}

void MediaSink::OnFrame(const webrtc::VideoFrame& frame) {
  if (track_->remote()) track_->NoteVideoFrame(frame.width(), frame.height());
  bool signal;
  webrtc::VideoFrame dropped_frame = frame;  // overwritten by a dropped one: freed after the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (released_ || ended_) return;
    if (video_.size() >= max_queued_) {
      dropped_frame = std::move(video_.front());
      video_.pop_front();
      ++dropped_;
    }
    video_.push_back(frame);  // shares the buffer
    signal = !signaled_;
    signaled_ = true;
  }
  if (signal) Signal();
}

void MediaSink::OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
                       size_t number_of_frames) {
  if (bits_per_sample != 16 || audio_data == nullptr || number_of_channels == 0 || number_of_channels > 8 ||
      number_of_frames == 0 || sample_rate <= 0)
    return;
  if (track_->remote()) track_->NoteAudio(sample_rate, static_cast<int>(number_of_channels));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (released_ || ended_) return;
  }
  const int64_t now = rtc::TimeMicros();
  // A disabled track's processors get silence, as its senders send.
  AudioDataHandle* data =
      track_->enabled()
          ? AudioDataHandle::Create(static_cast<const int16_t*>(audio_data), sample_rate,
                                    static_cast<int>(number_of_channels), static_cast<int>(number_of_frames), now)
          : AudioDataHandle::CreateSilent(sample_rate, static_cast<int>(number_of_channels),
                                          static_cast<int>(number_of_frames), now);
  AudioDataHandle* dropped = nullptr;
  bool signal;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (released_ || ended_) {
      dropped = data;
      signal = false;
    } else {
      if (audio_.size() >= max_queued_) {
        dropped = audio_.front();
        audio_.pop_front();
        ++dropped_;
      }
      audio_.push_back(data);
      signal = !signaled_;
      signaled_ = true;
    }
  }
  if (dropped) dropped->Release();
  if (signal) Signal();
}

void MediaSink::OnTrackEnded() {
  bool signal;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (released_) return;
    ended_ = true;
    signal = !signaled_;
    signaled_ = true;
  }
  if (signal) Signal();
}

absl::optional<webrtc::VideoFrame> MediaSink::PopVideo(bool* ended) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (video_.empty()) {
    signaled_ = false;
    *ended = ended_;
    return absl::nullopt;
  }
  *ended = false;
  absl::optional<webrtc::VideoFrame> frame = std::move(video_.front());
  video_.pop_front();
  return frame;
}

AudioDataHandle* MediaSink::PopAudio(bool* ended) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (audio_.empty()) {
    signaled_ = false;
    *ended = ended_;
    return nullptr;
  }
  *ended = false;
  AudioDataHandle* data = audio_.front();
  audio_.pop_front();
  return data;  // the queue's reference
}

// Conversion of other buffer types (ToI420) happens in the reads, on the reader's thread. A frame
// whose conversion fails is skipped and counted as dropped.
VideoFrameHandle* MediaSink::ReadVideo(bool* ended) {
  while (absl::optional<webrtc::VideoFrame> frame = PopVideo(ended)) {
    if (VideoFrameHandle* handle = VideoFrameHandle::Wrap(frame->video_frame_buffer(), frame->timestamp_us()))
      return handle;
    CountUnreadable();
  }
  return nullptr;
}

bool MediaSink::ReadVideoInto(VideoFrameHandle* destination, bool* ended) {
  while (absl::optional<webrtc::VideoFrame> frame = PopVideo(ended)) {
    rtc::scoped_refptr<webrtc::VideoFrameBuffer> buffer = VideoFrameHandle::Readable(frame->video_frame_buffer());
    if (!buffer) {
      CountUnreadable();
      continue;
    }
    destination->Reset(std::move(buffer), frame->timestamp_us(), false);
    return true;
  }
  return false;
}

AudioDataHandle* MediaSink::ReadAudio(bool* ended) {
  return PopAudio(ended);  // the queue's reference becomes the handle's
}

bool MediaSink::ReadAudioInto(AudioDataHandle* destination, bool* ended) {
  AudioDataHandle* data = PopAudio(ended);
  if (data == nullptr) return false;
  destination->TakeFrom(data);
  data->Release();  // with the destination's old samples
  return true;
}

void MediaSink::CountUnreadable() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++dropped_;
}

int64_t MediaSink::dropped() {
  std::lock_guard<std::mutex> lock(mutex_);
  return dropped_;
}

void MediaSink::ReleaseHandle() {
  std::deque<webrtc::VideoFrame> video;
  std::deque<AudioDataHandle*> audio;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    video.swap(video_);
    audio.swap(audio_);
  }
  for (AudioDataHandle* data : audio) data->Release();
  track_->runtime()->signaling_thread()->PostTask([self = Ref<MediaSink>(this)] { self->Teardown(); });
  Release();
}

void MediaSink::Teardown() {
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> media = track_->track();
  // After these return no OnFrame/OnData of this sink runs (libwebrtc's broadcasters and
  // sources deliver under the lock RemoveSink takes), and no OnTrackEnded (MediaTrack::End
  // calls observers under the lock RemoveEndObserver takes).
  if (track_->kind() == RTCN_MEDIA_KIND_VIDEO) {
    static_cast<webrtc::VideoTrackInterface*>(media.get())->RemoveSink(this);
  } else {
    static_cast<webrtc::AudioTrackInterface*>(media.get())->RemoveSink(this);
  }
  track_->RemoveEndObserver(this);
  live_.End();
  const rtcn_callbacks* callbacks = Callbacks();
  if (user_data_ != nullptr && callbacks != nullptr && callbacks->user_data_released != nullptr)
    callbacks->user_data_released(user_data_);
}

}  // namespace rtcn
