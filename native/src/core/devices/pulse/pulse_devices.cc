#include "core/devices/pulse/pulse_devices.h"

#include <map>

#include "core/devices/pulse/pulse_session.h"

namespace rtcn {
namespace {

struct Query {
  const PulseLibrary* pulse;
  int pending = 0;
  std::string default_source;
  std::string default_sink;
  std::map<uint32_t, std::string> cards;
  std::vector<AudioDeviceEntry> sources;
  std::vector<AudioDeviceEntry> sinks;
  std::vector<uint32_t> source_cards;
  std::vector<uint32_t> sink_cards;
};

void OnServer(pa_context*, const pa_server_info* info, void* data) {
  auto* q = static_cast<Query*>(data);
  if (info != nullptr) {
    if (info->default_source_name != nullptr) q->default_source = info->default_source_name;
    if (info->default_sink_name != nullptr) q->default_sink = info->default_sink_name;
  }
  --q->pending;
}

void OnCard(pa_context*, const pa_card_info* info, int eol, void* data) {
  auto* q = static_cast<Query*>(data);
  if (eol != 0) {
    --q->pending;
    return;
  }
  if (info != nullptr && info->name != nullptr) q->cards[info->index] = info->name;
}

void OnSource(pa_context*, const pa_source_info* info, int eol, void* data) {
  auto* q = static_cast<Query*>(data);
  if (eol != 0) {
    --q->pending;
    return;
  }
  // A sink's monitor records what plays: not a microphone (Chrome leaves them out too).
  if (info == nullptr || info->name == nullptr || info->monitor_of_sink != PA_INVALID_INDEX) return;
  q->sources.push_back({RTCN_MEDIA_DEVICE_AUDIO_INPUT, info->name, info->description ? info->description : info->name, "", false});
  q->source_cards.push_back(info->card);
}

void OnSink(pa_context*, const pa_sink_info* info, int eol, void* data) {
  auto* q = static_cast<Query*>(data);
  if (eol != 0) {
    --q->pending;
    return;
  }
  if (info == nullptr || info->name == nullptr) return;
  q->sinks.push_back({RTCN_MEDIA_DEVICE_AUDIO_OUTPUT, info->name, info->description ? info->description : info->name, "", false});
  q->sink_cards.push_back(info->card);
}

void Track(Query* q, pa_operation* operation) {
  if (operation == nullptr) return;
  ++q->pending;
  q->pulse->operation_unref(operation);
}

}  // namespace

AudioDeviceSnapshot ListPulseDevices(int timeout_ms) {
  AudioDeviceSnapshot snapshot;
  const auto deadline = PulseSession::Clock::now() + std::chrono::milliseconds(timeout_ms);
  Query q;  // before the session: it outlives every callback the session can run
  PulseSession session;
  if (!session.Connect("RtcNative device list", deadline, &snapshot.error)) return snapshot;
  q.pulse = session.pulse();
  pa_context* context = session.context();
  Track(&q, q.pulse->context_get_server_info(context, OnServer, &q));
  Track(&q, q.pulse->context_get_card_info_list(context, OnCard, &q));
  Track(&q, q.pulse->context_get_source_info_list(context, OnSource, &q));
  Track(&q, q.pulse->context_get_sink_info_list(context, OnSink, &q));
  if (!session.RunUntil([&q] { return q.pending == 0; }, deadline)) {
    snapshot.error = "the PulseAudio server did not list its devices in time";
    return snapshot;
  }
  auto finish = [&q](std::vector<AudioDeviceEntry>& list, const std::vector<uint32_t>& cards, const std::string& def) {
    for (size_t i = 0; i < list.size(); ++i) {
      auto card = q.cards.find(cards[i]);
      list[i].group = card != q.cards.end() ? card->second : list[i].name;
      list[i].is_default = list[i].name == def;
    }
  };
  finish(q.sources, q.source_cards, q.default_source);
  finish(q.sinks, q.sink_cards, q.default_sink);
  snapshot.backend = AudioBackend::kPulse;
  snapshot.devices = std::move(q.sources);
  snapshot.devices.insert(snapshot.devices.end(), q.sinks.begin(), q.sinks.end());
  return snapshot;
}

}  // namespace rtcn
