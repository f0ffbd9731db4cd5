#include "core/devices/alsa/alsa_devices.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>

#include "core/devices/alsa/alsa_library.h"

namespace rtcn {
namespace {

constexpr const char* kDefaultName = "default";

// Chrome's kInvalidAudioInputDevices (prefix matches).
constexpr const char* kNotInputs[] = {"default", "dmix", "null", "pulse", "surround"};

// PCMs alsa-lib and alsa-plugins define for every machine (converters, routes, sound servers):
// not devices of the user's, whatever their hints say. The name, or the name and "_" and a variant
// (samplerate_best, lavrate_higher).
constexpr const char* kLibraryPcms[] = {
    "default", "sysdefault", "null", "pulse", "pipewire", "jack", "oss", "upmix", "vdownmix", "speex", "speexrate",
    "lavrate", "samplerate", "a52", "vdpau", "usbstream", "dmix", "dsnoop", "hw", "plughw", "front", "rear",
    "center_lfe", "side", "surround", "iec958", "spdif", "hdmi", "modem", "phoneline", "dcahdmi"};

bool StartsWith(const char* text, const char* prefix) { return std::strncmp(text, prefix, std::strlen(prefix)) == 0; }

bool IsLibraryPcm(const char* name) {
  for (const char* pcm : kLibraryPcms) {
    const size_t length = std::strlen(pcm);
    if (std::strncmp(name, pcm, length) == 0 && (name[length] == '\0' || name[length] == '_')) return true;
  }
  return false;
}

template <size_t N>
bool StartsWithAny(const char* text, const char* const (&prefixes)[N]) {
  for (const char* prefix : prefixes) {
    if (StartsWith(text, prefix)) return true;
  }
  return false;
}

struct HintText {
  char* text = nullptr;
  ~HintText() { std::free(text); }
};

struct Collector {
  explicit Collector(const AlsaLibrary* library) : alsa(library) {}

  const AlsaLibrary* const alsa;
  std::vector<AudioDeviceEntry> inputs;
  std::vector<AudioDeviceEntry> outputs;
  std::set<std::string> seen_inputs;
  std::set<std::string> seen_outputs;

  // card < 0: the PCMs of no card (our rule); else that card's (Chrome's).
  void Collect(int card) {
    void** hints = nullptr;
    if (alsa->device_name_hint(card, "pcm", &hints) != 0 || hints == nullptr) return;
    for (void** hint = hints; *hint != nullptr; ++hint) {
      HintText name{alsa->device_name_get_hint(*hint, "NAME")};
      if (name.text == nullptr) continue;
      HintText description{alsa->device_name_get_hint(*hint, "DESC")};
      HintText direction{alsa->device_name_get_hint(*hint, "IOID")};
      if (card < 0 && (std::strchr(name.text, ':') != nullptr || description.text == nullptr ||
                       IsLibraryPcm(name.text)))
        continue;
      std::string label = description.text != nullptr ? description.text : name.text;
      if (const size_t line = label.find('\n'); line != std::string::npos) label[line] = '-';
      const std::string group = Group(name.text, card);
      const bool input_ok = direction.text == nullptr || std::strcmp(direction.text, "Input") == 0;
      const bool output_ok = direction.text == nullptr || std::strcmp(direction.text, "Output") == 0;
      if (input_ok && (card < 0 || !StartsWithAny(name.text, kNotInputs)) && seen_inputs.insert(name.text).second)
        inputs.push_back({RTCN_MEDIA_DEVICE_AUDIO_INPUT, name.text, label, group, false});
      if (output_ok && (card < 0 || StartsWith(name.text, "plughw")) && seen_outputs.insert(name.text).second)
        outputs.push_back({RTCN_MEDIA_DEVICE_AUDIO_OUTPUT, name.text, label, group, false});
    }
    alsa->device_name_free_hint(hints);
  }

  // One card, one group (as PulseAudio's card grouping); a PCM of no card is its own group.
  static std::string Group(const std::string& name, int card) {
    if (card < 0) return name;
    const size_t at = name.find("CARD=");
    if (at == std::string::npos) return "card" + std::to_string(card);
    const size_t end = name.find(',', at);
    return "card:" + name.substr(at + 5, end == std::string::npos ? std::string::npos : end - at - 5);
  }
};

void AddDefault(std::vector<AudioDeviceEntry>& list, rtcn_media_device_kind kind) {
  if (list.empty()) return;
  list.insert(list.begin(), {kind, kDefaultName, "Default", kDefaultName, true});
}

}  // namespace

std::vector<AudioDeviceEntry> ListAlsaDevices() {
  const AlsaLibrary* alsa = Alsa();
  if (alsa == nullptr) return {};
  Collector collector(alsa);
  // Card by card, as Chrome (a whole-system hint list, card -1, once crashed libasound: crbug.com/95797);
  // then card -1 only for the PCMs of no card, which the per-card lists leave out.
  int card = -1;
  while (alsa->card_next(&card) == 0 && card >= 0) collector.Collect(card);
  collector.Collect(-1);
  AddDefault(collector.inputs, RTCN_MEDIA_DEVICE_AUDIO_INPUT);
  AddDefault(collector.outputs, RTCN_MEDIA_DEVICE_AUDIO_OUTPUT);
  std::vector<AudioDeviceEntry> devices = std::move(collector.inputs);
  devices.insert(devices.end(), collector.outputs.begin(), collector.outputs.end());
  return devices;
}

std::string AlsaDeviceLabel(const std::string& name, rtcn_media_device_kind kind) {
  for (const AudioDeviceEntry& entry : ListAlsaDevices()) {
    if (entry.kind == kind && entry.name == name) return entry.label;
  }
  return {};
}

}  // namespace rtcn
