// rtcn_media_*, rtcn_video_*, rtcn_audio_*, rtcn_test_pattern_*, rtcn_get_time_us.
#include <cmath>
#include <type_traits>
#include <string>

#include "abi_guard.h"
#include "core/callbacks.h"
#include "core/media/test_pattern.h"
#include "rtc_base/helpers.h"
#include "rtc_base/time_utils.h"

using namespace rtcn;

namespace {

bool ValidDimension(int32_t value) { return value >= 1 && value <= RTCN_VIDEO_MAX_DIMENSION; }

rtcn_status BadTimestamp(const char* fn, int64_t timestamp_us) {
  return Invalid(fn, "timestamp_us " + std::to_string(timestamp_us) + " is negative");
}

rtcn_status CheckTrackId(const char* fn, const char* track_id, std::string* id) {
  if (track_id == nullptr) {
    *id = rtc::CreateRandomUuid();
    return RTCN_OK;
  }
  if (track_id[0] == '\0') return Invalid(fn, "track_id is empty (pass NULL for a random id)");
  *id = track_id;
  return RTCN_OK;
}

// The checks and out parameters of rtcn_media_sink_read_*_into; read(sink, &ended) does the read.
template <class Destination, class Read>
rtcn_status ReadInto(const char* fn, rtcn_media_sink* sink, Destination* destination, const char* destination_name,
                     int32_t* out_read, int32_t* out_ended, rtcn_media_kind kind, const char* wrong_kind, Read read) {
  if (out_read != nullptr) *out_read = 0;
  if (sink == nullptr) return NullArgument(fn, "sink");
  if (destination == nullptr) return NullArgument(fn, destination_name);
  if (out_read == nullptr) return NullArgument(fn, "out_read");
  if (out_ended == nullptr) return NullArgument(fn, "out_ended");
  MediaSink* s = AsMediaSink(sink);
  if (s->kind() != kind) return Invalid(fn, wrong_kind);
  bool ended = false;
  *out_read = read(s, &ended) ? 1 : 0;
  *out_ended = ended ? 1 : 0;
  return RTCN_OK;
}

}  // namespace

extern "C" {

rtcn_status rtcn_get_time_us(int64_t* out_time_us) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_time_us == nullptr) return NullArgument(fn, "out_time_us");
    *out_time_us = rtc::TimeMicros();
    return RTCN_OK;
  });
}

// ---- tracks ------------------------------------------------------------------------------

rtcn_status rtcn_media_track_get_info(rtcn_media_track* track, rtcn_media_track_info* out_info) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (track == nullptr) return NullArgument(fn, "track");
    if (out_info == nullptr) return NullArgument(fn, "out_info");
    *out_info = AsMediaTrack(track)->Info();
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_track_get_settings(rtcn_media_track* track, rtcn_media_track_settings* out_settings) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (track == nullptr) return NullArgument(fn, "track");
    if (out_settings == nullptr) return NullArgument(fn, "out_settings");
    *out_settings = AsMediaTrack(track)->Settings();
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_track_set_enabled(rtcn_media_track* track, int32_t enabled) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (track == nullptr) return NullArgument(fn, "track");
    AsMediaTrack(track)->SetEnabled(enabled != 0);
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_track_stop(rtcn_media_track* track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (track == nullptr) return NullArgument(fn, "track");
    AsMediaTrack(track)->Stop();
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_track_clone(rtcn_media_track* track, rtcn_media_track** out_clone) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_clone != nullptr) *out_clone = nullptr;
    if (track == nullptr) return NullArgument(fn, "track");
    if (out_clone == nullptr) return NullArgument(fn, "out_clone");
    MediaTrack* clone = AsMediaTrack(track)->Clone();
    if (clone == nullptr) return Fail(RTCN_ERROR_INTERNAL, "rtcn_media_track_clone: libwebrtc could not create the track");
    *out_clone = ToHandle(clone);
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_track_release(rtcn_media_track* track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (track) AsMediaTrack(track)->Release();
    return RTCN_OK;
  });
}

// ---- video frames ------------------------------------------------------------------------

rtcn_status rtcn_video_frame_create_i420(int32_t width, int32_t height, int64_t timestamp_us,
                                         rtcn_video_frame** out_frame) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_frame != nullptr) *out_frame = nullptr;
    if (out_frame == nullptr) return NullArgument(fn, "out_frame");
    if (!ValidDimension(width) || !ValidDimension(height))
      return Invalid(fn, "the size " + std::to_string(width) + "x" + std::to_string(height) + " is outside 1.." +
                             std::to_string(RTCN_VIDEO_MAX_DIMENSION));
    if (timestamp_us < 0) return BadTimestamp(fn, timestamp_us);
    *out_frame = reinterpret_cast<rtcn_video_frame*>(VideoFrameHandle::CreateI420(width, height, timestamp_us));
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_frame_create_empty(rtcn_video_frame** out_frame) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_frame == nullptr) return NullArgument(fn, "out_frame");
    *out_frame = reinterpret_cast<rtcn_video_frame*>(VideoFrameHandle::CreateEmpty());
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_frame_get_info(rtcn_video_frame* frame, rtcn_video_frame_info* out_info) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (frame == nullptr) return NullArgument(fn, "frame");
    if (out_info == nullptr) return NullArgument(fn, "out_info");
    *out_info = AsVideoFrame(frame)->Info();
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_frame_set_timestamp(rtcn_video_frame* frame, int64_t timestamp_us) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (frame == nullptr) return NullArgument(fn, "frame");
    if (timestamp_us < 0) return BadTimestamp(fn, timestamp_us);
    AsVideoFrame(frame)->set_timestamp_us(timestamp_us);
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_frame_copy_to(rtcn_video_frame* frame, rtcn_video_pixel_format format, uint8_t* buffer,
                                     uint64_t capacity, int32_t stride) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (frame == nullptr) return NullArgument(fn, "frame");
    if (buffer == nullptr) return NullArgument(fn, "buffer");
    if (!InRange(format, RTCN_VIDEO_PIXEL_FORMAT_I420, RTCN_VIDEO_PIXEL_FORMAT_ARGB))
      return Invalid(fn, "unknown pixel format " + std::to_string(static_cast<int>(format)));
    if (stride < 0) return Invalid(fn, "stride is negative");
    return AsVideoFrame(frame)->CopyTo(format, buffer, capacity, stride);
  });
}

rtcn_status rtcn_video_frame_copy_size(rtcn_video_frame* frame, rtcn_video_pixel_format format,
                                       uint64_t* out_size) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (frame == nullptr) return NullArgument(fn, "frame");
    if (out_size == nullptr) return NullArgument(fn, "out_size");
    if (!InRange(format, RTCN_VIDEO_PIXEL_FORMAT_I420, RTCN_VIDEO_PIXEL_FORMAT_ARGB))
      return Invalid(fn, "unknown pixel format " + std::to_string(static_cast<int>(format)));
    const rtcn_video_frame_info info = AsVideoFrame(frame)->Info();
    if (info.plane_count == 0) return Fail(RTCN_ERROR_INVALID_STATE, std::string(fn) + ": the frame holds no picture");
    *out_size = VideoFrameHandle::CopySize(info.width, info.height, format);
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_frame_release(rtcn_video_frame* frame) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (frame) AsVideoFrame(frame)->Release();
    return RTCN_OK;
  });
}

// ---- audio data --------------------------------------------------------------------------

rtcn_status rtcn_audio_data_create_empty(rtcn_audio_data** out_data) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_data == nullptr) return NullArgument(fn, "out_data");
    *out_data = reinterpret_cast<rtcn_audio_data*>(AudioDataHandle::CreateEmpty());
    return RTCN_OK;
  });
}

rtcn_status rtcn_audio_data_get_info(rtcn_audio_data* data, rtcn_audio_data_info* out_info) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (data == nullptr) return NullArgument(fn, "data");
    if (out_info == nullptr) return NullArgument(fn, "out_info");
    *out_info = AsAudioData(data)->Info();
    return RTCN_OK;
  });
}

rtcn_status rtcn_audio_data_release(rtcn_audio_data* data) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (data) AsAudioData(data)->Release();
    return RTCN_OK;
  });
}

// ---- video generator ---------------------------------------------------------------------

rtcn_status rtcn_video_generator_create(rtcn_factory* factory, const char* track_id, rtcn_video_source** out_source,
                                        rtcn_media_track** out_track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_source != nullptr) *out_source = nullptr;
    if (out_track != nullptr) *out_track = nullptr;
    if (factory == nullptr) return NullArgument(fn, "factory");
    if (out_source == nullptr) return NullArgument(fn, "out_source");
    if (out_track == nullptr) return NullArgument(fn, "out_track");
    std::string id;
    if (rtcn_status s = CheckTrackId(fn, track_id, &id); s != RTCN_OK) return s;
    Runtime* runtime = AsRuntime(factory);
    auto* source = new VideoGenerator(runtime);
    MediaTrack* track = MediaTrack::CreateLocal(runtime, source, id);
    if (track == nullptr) {
      source->ReleaseHandle();
      return Fail(RTCN_ERROR_INTERNAL, "rtcn_video_generator_create: libwebrtc could not create the track");
    }
    *out_source = reinterpret_cast<rtcn_video_source*>(static_cast<MediaSource*>(source));
    *out_track = ToHandle(track);
    return RTCN_OK;
  });
}

rtcn_status rtcn_video_source_write_frame(rtcn_video_source* source, rtcn_video_frame* frame) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    if (frame == nullptr) return NullArgument(fn, "frame");
    return AsVideoGenerator(source)->WriteFrame(AsVideoFrame(frame));
  });
}

rtcn_status rtcn_video_source_submit_frame(rtcn_video_source* source, rtcn_video_frame* frame) noexcept {
  const char* const fn = __func__;
  // The handle goes whatever the outcome (also when the body throws).
  struct ReleaseFrame {
    rtcn_video_frame* frame;
    ~ReleaseFrame() {
      if (frame) AsVideoFrame(frame)->Release();
    }
  } release{frame};
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    if (frame == nullptr) return NullArgument(fn, "frame");
    return AsVideoGenerator(source)->SubmitFrame(AsVideoFrame(frame));
  });
}

rtcn_status rtcn_video_source_submit_frame_renew(rtcn_video_source* source, rtcn_video_frame* frame) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    if (frame == nullptr) return NullArgument(fn, "frame");
    return AsVideoGenerator(source)->SubmitFrameRenew(AsVideoFrame(frame));
  });
}

rtcn_status rtcn_video_source_write_planes(rtcn_video_source* source, const rtcn_video_planes* planes,
                                           int64_t timestamp_us) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    if (planes == nullptr) return NullArgument(fn, "planes");
    if (timestamp_us < 0) return BadTimestamp(fn, timestamp_us);
    return AsVideoGenerator(source)->WritePlanes(*planes, timestamp_us);
  });
}

rtcn_status rtcn_video_source_start_test_pattern(rtcn_video_source* source, int32_t width, int32_t height,
                                                 double frame_rate) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    if (!ValidDimension(width) || !ValidDimension(height))
      return Invalid(fn, "the size " + std::to_string(width) + "x" + std::to_string(height) + " is outside 1.." +
                             std::to_string(RTCN_VIDEO_MAX_DIMENSION));
    if (!(frame_rate >= 1.0 && frame_rate <= 120.0))
      return Invalid(fn, "frame_rate " + std::to_string(frame_rate) + " is outside 1..120");
    return AsVideoGenerator(source)->StartTestPattern(width, height, frame_rate);
  });
}

rtcn_status rtcn_video_source_stop_test_pattern(rtcn_video_source* source) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    return AsVideoGenerator(source)->StopTestPattern();
  });
}

rtcn_status rtcn_video_source_release(rtcn_video_source* source) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source) AsVideoGenerator(source)->ReleaseHandle();
    return RTCN_OK;
  });
}

// ---- audio generator ---------------------------------------------------------------------

rtcn_status rtcn_audio_generator_create(rtcn_factory* factory, const char* track_id, int32_t sample_rate,
                                        int32_t channel_count, rtcn_audio_source** out_source,
                                        rtcn_media_track** out_track) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_source != nullptr) *out_source = nullptr;
    if (out_track != nullptr) *out_track = nullptr;
    if (factory == nullptr) return NullArgument(fn, "factory");
    if (out_source == nullptr) return NullArgument(fn, "out_source");
    if (out_track == nullptr) return NullArgument(fn, "out_track");
    if (sample_rate < RTCN_AUDIO_MIN_SAMPLE_RATE || sample_rate > RTCN_AUDIO_MAX_SAMPLE_RATE || sample_rate % 100 != 0)
      return Invalid(fn, "sample_rate " + std::to_string(sample_rate) + " is not a multiple of 100 within " +
                             std::to_string(RTCN_AUDIO_MIN_SAMPLE_RATE) + ".." +
                             std::to_string(RTCN_AUDIO_MAX_SAMPLE_RATE));
    if (channel_count < 1 || channel_count > RTCN_AUDIO_MAX_CHANNELS)
      return Invalid(fn, "channel_count " + std::to_string(channel_count) + " is outside 1.." +
                             std::to_string(RTCN_AUDIO_MAX_CHANNELS));
    std::string id;
    if (rtcn_status s = CheckTrackId(fn, track_id, &id); s != RTCN_OK) return s;
    Runtime* runtime = AsRuntime(factory);
    auto* source = new AudioGenerator(runtime, sample_rate, channel_count);
    MediaTrack* track = MediaTrack::CreateLocal(runtime, source, id);
    if (track == nullptr) {
      source->ReleaseHandle();
      return Fail(RTCN_ERROR_INTERNAL, "rtcn_audio_generator_create: libwebrtc could not create the track");
    }
    *out_source = reinterpret_cast<rtcn_audio_source*>(static_cast<MediaSource*>(source));
    *out_track = ToHandle(track);
    return RTCN_OK;
  });
}

}  // extern "C"

template <class Sample>
static rtcn_status WriteAudio(const char* fn, rtcn_audio_source* source, const Sample* samples,
                              uint64_t sample_count) {
  if (source == nullptr) return NullArgument(fn, "source");
  if (samples == nullptr && sample_count > 0) return NullArgument(fn, "samples");
  AudioGenerator* generator = AsAudioGenerator(source);
  if (sample_count % static_cast<uint64_t>(generator->channels()) != 0)
    return Invalid(fn, "sample_count " + std::to_string(sample_count) + " is not a multiple of the channel count " +
                           std::to_string(generator->channels()));
  if (sample_count == 0) return generator->ended() ? Fail(RTCN_ERROR_INVALID_STATE, "InvalidStateError: the audio source was released") : RTCN_OK;
  if constexpr (std::is_same_v<Sample, float>) {
    return generator->WriteFloat(samples, sample_count);
  } else {
    return generator->Write(samples, sample_count);
  }
}

extern "C" {

rtcn_status rtcn_audio_source_write(rtcn_audio_source* source, const int16_t* samples, uint64_t sample_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] { return WriteAudio(fn, source, samples, sample_count); });
}

rtcn_status rtcn_audio_source_write_float(rtcn_audio_source* source, const float* samples,
                                          uint64_t sample_count) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] { return WriteAudio(fn, source, samples, sample_count); });
}

rtcn_status rtcn_audio_source_start_tone(rtcn_audio_source* source, double frequency, double amplitude) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    AudioGenerator* generator = AsAudioGenerator(source);
    const double nyquist = generator->sample_rate() / 2.0;
    if (!(frequency >= 1.0 && frequency <= nyquist))
      return Invalid(fn, "frequency " + std::to_string(frequency) + " is outside 1.." + std::to_string(nyquist));
    if (!(amplitude >= 0.0 && amplitude <= 1.0))
      return Invalid(fn, "amplitude " + std::to_string(amplitude) + " is outside 0..1");
    return generator->StartTone(frequency, amplitude);
  });
}

rtcn_status rtcn_audio_source_stop_tone(rtcn_audio_source* source) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source == nullptr) return NullArgument(fn, "source");
    return AsAudioGenerator(source)->StopTone();
  });
}

rtcn_status rtcn_audio_source_release(rtcn_audio_source* source) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (source) AsAudioGenerator(source)->ReleaseHandle();
    return RTCN_OK;
  });
}

// ---- sinks -------------------------------------------------------------------------------

rtcn_status rtcn_media_sink_create(rtcn_media_track* track, int32_t max_queued, void* user_data,
                                   rtcn_media_sink** out_sink) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_sink != nullptr) *out_sink = nullptr;
    if (track == nullptr) return NullArgument(fn, "track");
    if (out_sink == nullptr) return NullArgument(fn, "out_sink");
    if (max_queued < 1 || max_queued > RTCN_MEDIA_SINK_MAX_QUEUE)
      return Invalid(fn, "max_queued " + std::to_string(max_queued) + " is outside 1.." +
                             std::to_string(RTCN_MEDIA_SINK_MAX_QUEUE));
    *out_sink = reinterpret_cast<rtcn_media_sink*>(MediaSink::Create(AsMediaTrack(track), max_queued, user_data));
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_sink_read_video(rtcn_media_sink* sink, rtcn_video_frame** out_frame, int32_t* out_ended) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_frame != nullptr) *out_frame = nullptr;
    if (sink == nullptr) return NullArgument(fn, "sink");
    if (out_frame == nullptr) return NullArgument(fn, "out_frame");
    if (out_ended == nullptr) return NullArgument(fn, "out_ended");
    MediaSink* s = AsMediaSink(sink);
    if (s->kind() != RTCN_MEDIA_KIND_VIDEO) return Invalid(fn, "the sink is an audio sink (use rtcn_media_sink_read_audio)");
    bool ended = false;
    *out_frame = reinterpret_cast<rtcn_video_frame*>(s->ReadVideo(&ended));
    *out_ended = ended ? 1 : 0;
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_sink_read_audio(rtcn_media_sink* sink, rtcn_audio_data** out_data, int32_t* out_ended) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (out_data != nullptr) *out_data = nullptr;
    if (sink == nullptr) return NullArgument(fn, "sink");
    if (out_data == nullptr) return NullArgument(fn, "out_data");
    if (out_ended == nullptr) return NullArgument(fn, "out_ended");
    MediaSink* s = AsMediaSink(sink);
    if (s->kind() != RTCN_MEDIA_KIND_AUDIO) return Invalid(fn, "the sink is a video sink (use rtcn_media_sink_read_video)");
    bool ended = false;
    *out_data = reinterpret_cast<rtcn_audio_data*>(s->ReadAudio(&ended));
    *out_ended = ended ? 1 : 0;
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_sink_read_video_into(rtcn_media_sink* sink, rtcn_video_frame* frame, int32_t* out_read,
                                            int32_t* out_ended) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    return ReadInto(fn, sink, frame, "frame", out_read, out_ended, RTCN_MEDIA_KIND_VIDEO,
                    "the sink is an audio sink (use rtcn_media_sink_read_audio_into)",
                    [&](MediaSink* s, bool* ended) { return s->ReadVideoInto(AsVideoFrame(frame), ended); });
  });
}

rtcn_status rtcn_media_sink_read_audio_into(rtcn_media_sink* sink, rtcn_audio_data* data, int32_t* out_read,
                                            int32_t* out_ended) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    return ReadInto(fn, sink, data, "data", out_read, out_ended, RTCN_MEDIA_KIND_AUDIO,
                    "the sink is a video sink (use rtcn_media_sink_read_video_into)",
                    [&](MediaSink* s, bool* ended) { return s->ReadAudioInto(AsAudioData(data), ended); });
  });
}

rtcn_status rtcn_media_sink_get_dropped(rtcn_media_sink* sink, int64_t* out_dropped) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sink == nullptr) return NullArgument(fn, "sink");
    if (out_dropped == nullptr) return NullArgument(fn, "out_dropped");
    *out_dropped = AsMediaSink(sink)->dropped();
    return RTCN_OK;
  });
}

rtcn_status rtcn_media_sink_release(rtcn_media_sink* sink) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (sink) AsMediaSink(sink)->ReleaseHandle();
    return RTCN_OK;
  });
}

// ---- test pattern ------------------------------------------------------------------------

rtcn_status rtcn_test_pattern_draw(rtcn_video_frame* frame, uint32_t counter, uint32_t time_ms) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (frame == nullptr) return NullArgument(fn, "frame");
    rtc::scoped_refptr<webrtc::I420Buffer> buffer = AsVideoFrame(frame)->MutableI420();
    if (!buffer) return Invalid(fn, "the frame is not writable (only rtcn_video_frame_create_i420's are)");
    DrawTestPattern(buffer->MutableDataY(), buffer->StrideY(), buffer->MutableDataU(), buffer->StrideU(),
                    buffer->MutableDataV(), buffer->StrideV(), buffer->width(), buffer->height(), counter, time_ms);
    return RTCN_OK;
  });
}

rtcn_status rtcn_test_pattern_read(rtcn_video_frame* frame, int32_t* out_found, uint32_t* out_counter,
                                   uint32_t* out_time_ms) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (frame == nullptr) return NullArgument(fn, "frame");
    if (out_found == nullptr) return NullArgument(fn, "out_found");
    if (out_counter == nullptr) return NullArgument(fn, "out_counter");
    if (out_time_ms == nullptr) return NullArgument(fn, "out_time_ms");
    const rtcn_video_frame_info info = AsVideoFrame(frame)->Info();
    uint32_t counter = 0, time_ms = 0;
    // A frame with no picture carries no code.
    const bool found = info.data0 != nullptr &&
                       ReadTestPattern(info.data0, info.width, info.height, info.stride0, &counter, &time_ms);
    *out_found = found ? 1 : 0;
    *out_counter = found ? counter : 0;
    *out_time_ms = found ? time_ms : 0;
    return RTCN_OK;
  });
}

rtcn_status rtcn_test_pattern_read_luma(const uint8_t* luma, int32_t width, int32_t height, int32_t stride,
                                        uint64_t size, int32_t* out_found, uint32_t* out_counter,
                                        uint32_t* out_time_ms) noexcept {
  const char* const fn = __func__;
  return Guard(fn, [&] {
    if (luma == nullptr) return NullArgument(fn, "luma");
    if (out_found == nullptr) return NullArgument(fn, "out_found");
    if (out_counter == nullptr) return NullArgument(fn, "out_counter");
    if (out_time_ms == nullptr) return NullArgument(fn, "out_time_ms");
    if (!ValidDimension(width) || !ValidDimension(height))
      return Invalid(fn, "the size " + std::to_string(width) + "x" + std::to_string(height) + " is outside 1.." +
                             std::to_string(RTCN_VIDEO_MAX_DIMENSION));
    if (stride < width) return Invalid(fn, "stride " + std::to_string(stride) + " is less than the width " + std::to_string(width));
    const uint64_t needed = static_cast<uint64_t>(stride) * static_cast<uint64_t>(height - 1) + static_cast<uint64_t>(width);
    if (size < needed)
      return Invalid(fn, "the plane has " + std::to_string(size) + " bytes, " + std::to_string(height) + " rows of stride " +
                             std::to_string(stride) + " need " + std::to_string(needed));
    uint32_t counter = 0, time_ms = 0;
    const bool found = ReadTestPattern(luma, width, height, stride, &counter, &time_ms);
    *out_found = found ? 1 : 0;
    *out_counter = found ? counter : 0;
    *out_time_ms = found ? time_ms : 0;
    return RTCN_OK;
  });
}

}  // extern "C"
