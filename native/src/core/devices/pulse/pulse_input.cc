#include "core/devices/pulse/pulse_input.h"

namespace rtcn {

std::unique_ptr<PulseInput> PulseInput::Open(std::unique_ptr<PulseSession> session, const char* device, int sample_rate,
                                             int channels, PulseSession::Clock::time_point deadline,
                                             std::string* error) {
  const PulseLibrary* pulse = session->pulse();
  pa_sample_spec spec;
  spec.format = PA_SAMPLE_S16LE;
  spec.rate = static_cast<uint32_t>(sample_rate);
  spec.channels = static_cast<uint8_t>(channels);
  pa_stream* stream = pulse->stream_new(session->context(), "microphone", &spec, nullptr);
  if (stream == nullptr) {
    *error = "the server refused the sample format";
    return nullptr;
  }
  pa_buffer_attr attributes;
  attributes.maxlength = static_cast<uint32_t>(-1);
  attributes.tlength = static_cast<uint32_t>(-1);
  attributes.prebuf = static_cast<uint32_t>(-1);
  attributes.minreq = static_cast<uint32_t>(-1);
  attributes.fragsize = static_cast<uint32_t>(sample_rate / 100 * channels * 2);  // 10 ms
  const auto flags = static_cast<pa_stream_flags_t>(PA_STREAM_ADJUST_LATENCY | (device ? PA_STREAM_DONT_MOVE : 0));
  auto stream_state = [pulse, stream] { return pulse->stream_get_state(stream); };
  const bool ready = pulse->stream_connect_record(stream, device, &attributes, flags) == 0 &&
                     session->RunUntil([&] { return stream_state() != PA_STREAM_CREATING; }, deadline) &&
                     stream_state() == PA_STREAM_READY;
  if (!ready) {
    *error = pulse->strerror(pulse->context_errno(session->context()));
    pulse->stream_disconnect(stream);
    pulse->stream_unref(stream);
    return nullptr;
  }
  return std::unique_ptr<PulseInput>(new PulseInput(std::move(session), stream));
}

PulseInput::~PulseInput() {
  pulse_->stream_disconnect(stream_);
  pulse_->stream_unref(stream_);
  session_.reset();  // disconnects: the server drops the capture
}

bool PulseInput::Pump(int wait_ms, const Consumer& consume) {
  if (!session_->Iterate(wait_ms)) return false;
  const pa_stream_state_t state = pulse_->stream_get_state(stream_);
  if (state == PA_STREAM_FAILED || state == PA_STREAM_TERMINATED) return false;  // the source went away
  while (pulse_->stream_readable_size(stream_) > 0) {
    const void* data = nullptr;
    size_t size = 0;
    if (pulse_->stream_peek(stream_, &data, &size) < 0 || size == 0) break;
    // data NULL: a hole (lost samples); the chunks just go on.
    if (data != nullptr) consume(static_cast<const uint8_t*>(data), size);
    pulse_->stream_drop(stream_);
  }
  return true;
}

}  // namespace rtcn
