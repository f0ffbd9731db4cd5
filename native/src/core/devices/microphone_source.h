// A microphone: one audio input (a PulseAudio source, else an ALSA PCM: audio_input.h) captured
// on a thread of its own and cut into 10 ms chunks, through
// an AudioProcessing of its own (echo cancellation against what the factory's platform device
// plays, noise suppression, gain control, each as asked), delivered to libwebrtc's source of its
// tracks only. libwebrtc's audio device never records (PlayoutOnlyAudioDevice), so a generator
// track next to a microphone track never hears it.
//
// Lifetime: the tracks and the capture thread keep the source alive (no source handle). The
// capture thread stops, and the input is closed (the device released), when no track of it is
// live any more (stopped or released), or when the input ends (the device went away, as Chrome
// ends the track of an unplugged device): then its tracks end.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/scoped_refptr.h"
#include "core/devices/far_end_tap.h"
#include "core/devices/audio_input.h"
#include "core/media/media_source.h"
#include "modules/audio_processing/include/audio_processing.h"

namespace rtcn {

class MicrophoneSource : public MediaSource, private FarEndListener {
 public:
  // Opens the source (device NULL = the server's default) and gives its first track, capture
  // running; RTCN_ERROR_NOT_READABLE (error set) when the source cannot be opened.
  static rtcn_status Open(Runtime* runtime, const char* device, const rtcn_microphone_options& options,
                          const std::string& track_id, MediaTrack** out_track);

  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> CreateTrack(const std::string& id) override;
  void FillSettings(rtcn_media_track_settings* settings) override;
  const char* label() const override { return label_.c_str(); }

 protected:
  ~MicrophoneSource() override;
  void StopDrivers() override;
  void EndLibwebrtcSource() override;

 private:
  MicrophoneSource(Runtime* runtime, const rtcn_microphone_options& options, std::unique_ptr<AudioInput> input);
  void Capture();
  bool AnyTrackLive();
  void EndTracks();
  void OnFarEnd(const int16_t* samples, size_t frames, size_t channels, int sample_rate) override;

  const rtc::scoped_refptr<GeneratorAudioSource> source_;
  const int sample_rate_;
  const int channels_;
  std::string label_;  // set before the first track exists, then constant
  std::unique_ptr<AudioInput> input_;  // the capture thread's (Open's until it starts); closed when it stops
  rtc::scoped_refptr<webrtc::AudioProcessing> processing_;  // nullptr when nothing is asked for
  rtc::scoped_refptr<FarEndTap> far_end_;  // listened to while echo cancellation runs
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace rtcn
