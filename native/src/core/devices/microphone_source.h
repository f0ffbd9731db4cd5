// A microphone: one PulseAudio source captured on a thread of its own (a record stream on a
// connection that thread drives, pa_mainloop) and cut into 10 ms chunks, through
// an AudioProcessing of its own (echo cancellation against what the factory's platform device
// plays, noise suppression, gain control, each as asked), delivered to libwebrtc's source of its
// tracks only. libwebrtc's audio device never records (PlayoutOnlyAudioDevice), so a generator
// track next to a microphone track never hears it.
//
// Lifetime: the tracks and the capture thread keep the source alive (no source handle). The
// capture thread stops, and the PulseAudio stream is freed (the device released), when no track
// of it is live any more
// (stopped or released), or when the stream fails (the source went away: a named source's stream
// is opened with PA_STREAM_DONT_MOVE, so the server ends it rather than moving it elsewhere, as
// Chrome ends the track of an unplugged device; "default" follows the server's default): then its
// tracks end.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/scoped_refptr.h"
#include "core/devices/far_end_tap.h"
#include "core/devices/pulse_session.h"
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
  MicrophoneSource(Runtime* runtime, const rtcn_microphone_options& options, std::unique_ptr<PulseSession> session,
                   pa_stream* stream);
  void FreeStream();
  void Capture();
  bool AnyTrackLive();
  void EndTracks();
  void OnFarEnd(const int16_t* samples, size_t frames, size_t channels, int sample_rate) override;

  const PulseLibrary* const pulse_;
  const rtc::scoped_refptr<GeneratorAudioSource> source_;
  const int sample_rate_;
  const int channels_;
  std::string label_;  // set before the first track exists, then constant
  std::unique_ptr<PulseSession> session_;  // the capture thread's (Open's until it starts)
  pa_stream* stream_;                      // on session_; freed by the capture thread when it stops
  rtc::scoped_refptr<webrtc::AudioProcessing> processing_;  // nullptr when nothing is asked for
  rtc::scoped_refptr<FarEndTap> far_end_;  // listened to while echo cancellation runs
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace rtcn
