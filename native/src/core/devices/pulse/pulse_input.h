// A PulseAudio source captured through a record stream on a connection of its own, driven by the
// thread that pumps it (pa_mainloop). A named source's stream is opened with
// PA_STREAM_DONT_MOVE, so the server ends it rather than moving it elsewhere when the source goes
// away (Chrome ends the track of an unplugged device); the default follows the server's default.
#pragma once

#include <memory>
#include <string>

#include "core/devices/audio_input.h"
#include "core/devices/pulse/pulse_session.h"

namespace rtcn {

class PulseInput : public AudioInput {
 public:
  // Opens the stream on a connected session, which it keeps; nullptr (error set) when the server
  // refuses the stream or does not open it by the deadline.
  static std::unique_ptr<PulseInput> Open(std::unique_ptr<PulseSession> session, const char* device, int sample_rate,
                                          int channels, PulseSession::Clock::time_point deadline, std::string* error);
  ~PulseInput() override;

  bool Pump(int wait_ms, const Consumer& consume) override;

 private:
  PulseInput(std::unique_ptr<PulseSession> session, pa_stream* stream)
      : session_(std::move(session)), pulse_(session_->pulse()), stream_(stream) {}

  std::unique_ptr<PulseSession> session_;
  const PulseLibrary* const pulse_;
  pa_stream* const stream_;
};

}  // namespace rtcn
