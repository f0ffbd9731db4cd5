#include "core/devices/microphone_source.h"

#include <algorithm>
#include <cstring>

#include "core/errors.h"
#include "core/media/media_track.h"
#include "core/runtime.h"

namespace rtcn {
namespace {

// What the capture path adds between the sound reaching the source and ProcessStream (PulseAudio's
// 10 ms fragments, a few of them buffered); AEC3 refines its own delay estimate from here.
constexpr int kStreamDelayMs = 30;
// Connecting and opening the stream; an unreachable server costs at most this.
constexpr int kOpenTimeoutMs = 3000;

rtc::scoped_refptr<webrtc::AudioProcessing> CreateProcessing(const rtcn_microphone_options& options) {
  if (!options.echo_cancellation && !options.noise_suppression && !options.auto_gain_control) return nullptr;
  webrtc::AudioProcessing::Config config;
  config.echo_canceller.enabled = options.echo_cancellation != 0;
  config.echo_canceller.mobile_mode = false;
  config.noise_suppression.enabled = options.noise_suppression != 0;
  config.noise_suppression.level = webrtc::AudioProcessing::Config::NoiseSuppression::kHigh;
  // Digital gain only: the shim sets no device volume (the source is shared with other programs).
  config.gain_controller1.enabled = options.auto_gain_control != 0;
  config.gain_controller1.mode = webrtc::AudioProcessing::Config::GainController1::kAdaptiveDigital;
  config.high_pass_filter.enabled = options.echo_cancellation || options.noise_suppression;
  rtc::scoped_refptr<webrtc::AudioProcessing> processing = webrtc::AudioProcessingBuilder().Create();
  if (processing) processing->ApplyConfig(config);
  return processing;
}

}  // namespace

rtcn_status MicrophoneSource::Open(Runtime* runtime, const char* device, const rtcn_microphone_options& options,
                                   const std::string& track_id, MediaTrack** out_track) {
  std::string label, error;
  std::unique_ptr<AudioInput> input =
      OpenAudioInput(device, options.sample_rate, options.channel_count, kOpenTimeoutMs, &label, &error);
  if (!input)
    return Fail(RTCN_ERROR_NOT_READABLE, std::string("NotReadableError: the audio input '") +
                                             (device ? device : "default") + "' could not be opened: " + error);
  auto* source = new MicrophoneSource(runtime, options, std::move(input));
  // The track's label: the device's description (the system's default when no name was given).
  source->label_ = label;
  MediaTrack* track = MediaTrack::CreateLocal(runtime, source, track_id);
  if (track == nullptr) {
    source->ReleaseHandle();  // closes the input (no capture thread yet)
    return Fail(RTCN_ERROR_INTERNAL, "libwebrtc could not create the microphone's track");
  }
  if (source->far_end_) source->far_end_->AddListener(source);
  // The creation reference goes to the capture thread, which drops it when it stops: a release of
  // the last track never waits for that thread (a release never blocks), and the source outlives it.
  source->thread_ = std::thread([source] { source->Capture(); });
  *out_track = track;
  return RTCN_OK;
}

MicrophoneSource::MicrophoneSource(Runtime* runtime, const rtcn_microphone_options& options,
                                   std::unique_ptr<AudioInput> input)
    : MediaSource(runtime, RTCN_MEDIA_KIND_AUDIO),
      source_(rtc::make_ref_counted<GeneratorAudioSource>()),
      sample_rate_(options.sample_rate),
      channels_(options.channel_count),
      input_(std::move(input)),
      processing_(CreateProcessing(options)) {
  if (processing_ && options.echo_cancellation) far_end_ = rtc::scoped_refptr<FarEndTap>(runtime->far_end());
}

MicrophoneSource::~MicrophoneSource() {
  StopDrivers();
  input_.reset();
}

void MicrophoneSource::StopDrivers() {
  stop_.store(true);
  if (thread_.joinable()) {
    // The capture thread dropping the last reference destroys the source on that thread.
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();
    } else {
      thread_.join();
    }
  }
  if (far_end_) far_end_->RemoveListener(this);
}

rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> MicrophoneSource::CreateTrack(const std::string& id) {
  return runtime_->factory()->CreateAudioTrack(id, source_.get());
}

void MicrophoneSource::FillSettings(rtcn_media_track_settings* settings) {
  settings->width = -1;
  settings->height = -1;
  settings->frame_rate = -1;
  settings->sample_rate = sample_rate_;
  settings->channel_count = channels_;
}

void MicrophoneSource::EndLibwebrtcSource() {
  source_->SetEnded();
  runtime_->signaling_thread()->PostTask([source = source_] { source->NotifyChanged(); });
}

bool MicrophoneSource::AnyTrackLive() {
  std::lock_guard<std::mutex> lock(tracks_mutex_);
  for (MediaTrack* track : tracks_) {
    if (!track->ended()) return true;
  }
  return false;
}

void MicrophoneSource::EndTracks() {
  if (ended_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(tracks_mutex_);
    for (MediaTrack* track : tracks_) track->End();
  }
  EndLibwebrtcSource();
}

void MicrophoneSource::Capture() {
  const int frames = sample_rate_ / 100;
  const size_t chunk_bytes = static_cast<size_t>(frames) * channels_ * sizeof(int16_t);
  std::vector<int16_t> chunk(static_cast<size_t>(frames) * channels_);
  size_t filled = 0;  // bytes of chunk filled
  const webrtc::StreamConfig config(sample_rate_, static_cast<size_t>(channels_));
  const AudioInput::Consumer cut = [&](const uint8_t* bytes, size_t size) {
    for (size_t offset = 0; offset < size;) {
      const size_t take = std::min(chunk_bytes - filled, size - offset);
      std::memcpy(reinterpret_cast<uint8_t*>(chunk.data()) + filled, bytes + offset, take);
      filled += take;
      offset += take;
      if (filled == chunk_bytes) {
        if (processing_) {
          processing_->set_stream_delay_ms(kStreamDelayMs);
          processing_->ProcessStream(chunk.data(), config, config, chunk.data());
        }
        source_->Deliver(chunk.data(), sample_rate_, channels_, frames);
        filled = 0;
      }
    }
  };
  while (!stop_.load()) {
    // Every track stopped or released: nothing will hear this source again (a clone of an ended
    // track is born ended), so the device is let go now rather than when the last handle goes.
    if (!AnyTrackLive()) break;
    // 50 ms at most per wait, so a stop is seen soon even when the device sends nothing.
    if (!input_->Pump(50, cut)) break;  // the device went away
  }
  if (far_end_) far_end_->RemoveListener(this);
  input_.reset();
  // Stopped by the last track, by the device going away, or by destruction.
  EndTracks();
  Release();  // the thread's reference (Open); may destroy the source here
}

void MicrophoneSource::OnFarEnd(const int16_t* samples, size_t frames, size_t channels, int sample_rate) {
  // AudioProcessing takes 10 ms per call; the platform device pulls exactly that.
  if (frames != static_cast<size_t>(sample_rate / 100)) return;
  const webrtc::StreamConfig config(sample_rate, channels);
  std::vector<int16_t> scratch(frames * channels);
  processing_->ProcessReverseStream(samples, config, config, scratch.data());
}

}  // namespace rtcn
