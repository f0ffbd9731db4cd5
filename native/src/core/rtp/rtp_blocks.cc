#include "rtp_blocks.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace rtcn {
namespace {

// Every struct placed in a block has a size that keeps the next one aligned.
static_assert(sizeof(rtcn_rtp_parameters) % 8 == 0);
static_assert(sizeof(rtcn_rtp_encoding) % 8 == 0);
static_assert(sizeof(rtcn_rtp_codec) % 8 == 0);
static_assert(sizeof(rtcn_rtp_header_extension) % 8 == 0);
static_assert(sizeof(rtcn_rtp_capabilities) % 8 == 0);
static_assert(sizeof(rtcn_rtp_source) % 8 == 0);

// One allocation: the fixed part (structs and arrays, in the order taken) then the strings.
class BlockWriter {
 public:
  BlockWriter(size_t fixed_bytes, size_t string_bytes) {
    const size_t total = fixed_bytes + string_bytes;
    base_ = static_cast<char*>(std::calloc(1, total == 0 ? 1 : total));
    if (!base_) throw std::bad_alloc();
    strings_ = base_ + fixed_bytes;
  }
  ~BlockWriter() { std::free(base_); }
  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;

  template <class T>
  T* Take(size_t count) {
    T* at = reinterpret_cast<T*>(base_ + taken_);
    taken_ += sizeof(T) * count;
    return count == 0 ? nullptr : at;
  }
  const char* Put(const std::string& text) {
    char* at = strings_ + used_;
    std::memcpy(at, text.data(), text.size());
    at[text.size()] = 0;
    used_ += text.size() + 1;
    return at;
  }
  void* Release() {
    void* block = base_;
    base_ = nullptr;
    return block;
  }

 private:
  char* base_ = nullptr;
  char* strings_ = nullptr;
  size_t taken_ = 0;
  size_t used_ = 0;
};

std::string MimeType(cricket::MediaType kind, const std::string& name) {
  return (kind == cricket::MEDIA_TYPE_AUDIO ? "audio/" : "video/") + name;
}

}  // namespace

rtcn_rtp_transceiver_direction ToAbi(webrtc::RtpTransceiverDirection direction) {
  using D = webrtc::RtpTransceiverDirection;
  switch (direction) {
    case D::kSendRecv: return RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV;
    case D::kSendOnly: return RTCN_RTP_TRANSCEIVER_DIRECTION_SENDONLY;
    case D::kRecvOnly: return RTCN_RTP_TRANSCEIVER_DIRECTION_RECVONLY;
    case D::kInactive: return RTCN_RTP_TRANSCEIVER_DIRECTION_INACTIVE;
    case D::kStopped: return RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED;
  }
  return RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED;
}

webrtc::RtpTransceiverDirection ToDirection(rtcn_rtp_transceiver_direction direction) {
  using D = webrtc::RtpTransceiverDirection;
  switch (direction) {
    case RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV: return D::kSendRecv;
    case RTCN_RTP_TRANSCEIVER_DIRECTION_SENDONLY: return D::kSendOnly;
    case RTCN_RTP_TRANSCEIVER_DIRECTION_RECVONLY: return D::kRecvOnly;
    case RTCN_RTP_TRANSCEIVER_DIRECTION_INACTIVE: return D::kInactive;
    case RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED: return D::kStopped;
  }
  return D::kSendRecv;
}

// Chrome's mapping of RTCPriorityType to bitrate priority: 0.5, 1, 2, 4 (times the default).
rtcn_priority PriorityOfBitratePriority(double bitrate_priority) {
  const double relative = bitrate_priority / webrtc::kDefaultBitratePriority;
  if (relative < 0.75) return RTCN_PRIORITY_VERY_LOW;
  if (relative < 1.5) return RTCN_PRIORITY_LOW;
  if (relative < 3.0) return RTCN_PRIORITY_MEDIUM;
  return RTCN_PRIORITY_HIGH;
}

double BitratePriorityOf(rtcn_priority priority) {
  switch (priority) {
    case RTCN_PRIORITY_VERY_LOW: return webrtc::kDefaultBitratePriority * 0.5;
    case RTCN_PRIORITY_LOW: return webrtc::kDefaultBitratePriority;
    case RTCN_PRIORITY_MEDIUM: return webrtc::kDefaultBitratePriority * 2;
    case RTCN_PRIORITY_HIGH: return webrtc::kDefaultBitratePriority * 4;
  }
  return webrtc::kDefaultBitratePriority;
}

rtcn_priority ToAbi(webrtc::Priority priority) {
  switch (priority) {
    case webrtc::Priority::kVeryLow: return RTCN_PRIORITY_VERY_LOW;
    case webrtc::Priority::kLow: return RTCN_PRIORITY_LOW;
    case webrtc::Priority::kMedium: return RTCN_PRIORITY_MEDIUM;
    case webrtc::Priority::kHigh: return RTCN_PRIORITY_HIGH;
  }
  return RTCN_PRIORITY_LOW;
}

webrtc::Priority ToPriority(rtcn_priority priority) {
  switch (priority) {
    case RTCN_PRIORITY_VERY_LOW: return webrtc::Priority::kVeryLow;
    case RTCN_PRIORITY_LOW: return webrtc::Priority::kLow;
    case RTCN_PRIORITY_MEDIUM: return webrtc::Priority::kMedium;
    case RTCN_PRIORITY_HIGH: return webrtc::Priority::kHigh;
  }
  return webrtc::Priority::kLow;
}

std::string FmtpLine(const std::map<std::string, std::string>& parameters) {
  std::string line;
  for (const auto& [key, value] : parameters) {
    if (!line.empty()) line += ';';
    line += key;
    if (!value.empty()) {
      line += '=';
      line += value;
    }
  }
  return line;
}

std::map<std::string, std::string> ParseFmtpLine(const std::string& line) {
  std::map<std::string, std::string> parameters;
  size_t start = 0;
  while (start <= line.size()) {
    size_t end = line.find(';', start);
    if (end == std::string::npos) end = line.size();
    std::string item = line.substr(start, end - start);
    const size_t first = item.find_first_not_of(" \t");
    const size_t last = item.find_last_not_of(" \t");
    item = first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
    if (!item.empty()) {
      const size_t equals = item.find('=');
      if (equals == std::string::npos) {
        parameters[item] = "";
      } else {
        parameters[item.substr(0, equals)] = item.substr(equals + 1);
      }
    }
    start = end + 1;
  }
  return parameters;
}

rtcn_rtp_parameters* BuildParametersBlock(const webrtc::RtpParameters& parameters, bool sender) {
  const size_t encoding_count = sender ? parameters.encodings.size() : 0;
  std::vector<std::string> fmtp;
  fmtp.reserve(parameters.codecs.size());
  size_t strings = 0;
  if (sender) strings += parameters.transaction_id.size() + 1;
  strings += parameters.rtcp.cname.size() + 1;
  for (size_t i = 0; i < encoding_count; ++i) {
    if (!parameters.encodings[i].rid.empty()) strings += parameters.encodings[i].rid.size() + 1;
  }
  for (const webrtc::RtpCodecParameters& codec : parameters.codecs) {
    fmtp.push_back(FmtpLine(codec.parameters));
    strings += MimeType(codec.kind, codec.name).size() + 1;
    if (!fmtp.back().empty()) strings += fmtp.back().size() + 1;
  }
  for (const webrtc::RtpExtension& extension : parameters.header_extensions) strings += extension.uri.size() + 1;
  const size_t fixed = sizeof(rtcn_rtp_parameters) + encoding_count * sizeof(rtcn_rtp_encoding) +
                       parameters.codecs.size() * sizeof(rtcn_rtp_codec) +
                       parameters.header_extensions.size() * sizeof(rtcn_rtp_header_extension);
  BlockWriter block(fixed, strings);
  rtcn_rtp_parameters* out = block.Take<rtcn_rtp_parameters>(1);
  rtcn_rtp_encoding* encodings = block.Take<rtcn_rtp_encoding>(encoding_count);
  rtcn_rtp_codec* codecs = block.Take<rtcn_rtp_codec>(parameters.codecs.size());
  rtcn_rtp_header_extension* extensions = block.Take<rtcn_rtp_header_extension>(parameters.header_extensions.size());
  out->transaction_id = sender ? block.Put(parameters.transaction_id) : nullptr;
  for (size_t i = 0; i < encoding_count; ++i) {
    const webrtc::RtpEncodingParameters& in = parameters.encodings[i];
    rtcn_rtp_encoding& e = encodings[i];
    e.rid = in.rid.empty() ? nullptr : block.Put(in.rid);
    e.active = in.active ? 1 : 0;
    e.max_bitrate_bps = in.max_bitrate_bps ? *in.max_bitrate_bps : -1;
    e.max_framerate = in.max_framerate ? *in.max_framerate : -1.0;
    e.scale_resolution_down_by = in.scale_resolution_down_by ? *in.scale_resolution_down_by : -1.0;
    e.priority = PriorityOfBitratePriority(in.bitrate_priority);
    e.network_priority = ToAbi(in.network_priority);
  }
  out->encodings = encodings;
  out->encoding_count = static_cast<int32_t>(encoding_count);
  for (size_t i = 0; i < parameters.codecs.size(); ++i) {
    const webrtc::RtpCodecParameters& in = parameters.codecs[i];
    rtcn_rtp_codec& c = codecs[i];
    c.payload_type = in.payload_type;
    c.mime_type = block.Put(MimeType(in.kind, in.name));
    c.clock_rate = in.clock_rate.value_or(0);
    c.channels = in.num_channels.value_or(0);
    c.sdp_fmtp_line = fmtp[i].empty() ? nullptr : block.Put(fmtp[i]);
  }
  out->codecs = codecs;
  out->codec_count = static_cast<int32_t>(parameters.codecs.size());
  for (size_t i = 0; i < parameters.header_extensions.size(); ++i) {
    const webrtc::RtpExtension& in = parameters.header_extensions[i];
    extensions[i].uri = block.Put(in.uri);
    extensions[i].id = in.id;
    extensions[i].encrypted = in.encrypt ? 1 : 0;
  }
  out->header_extensions = extensions;
  out->header_extension_count = static_cast<int32_t>(parameters.header_extensions.size());
  out->rtcp_cname = block.Put(parameters.rtcp.cname);
  out->rtcp_reduced_size = parameters.rtcp.reduced_size ? 1 : 0;
  out->degradation_preference = RTCN_DEGRADATION_PREFERENCE_UNSET;
  if (parameters.degradation_preference) {
    switch (*parameters.degradation_preference) {
      case webrtc::DegradationPreference::DISABLED:
        out->degradation_preference = RTCN_DEGRADATION_PREFERENCE_DISABLED;
        break;
      case webrtc::DegradationPreference::MAINTAIN_FRAMERATE:
        out->degradation_preference = RTCN_DEGRADATION_PREFERENCE_MAINTAIN_FRAMERATE;
        break;
      case webrtc::DegradationPreference::MAINTAIN_RESOLUTION:
        out->degradation_preference = RTCN_DEGRADATION_PREFERENCE_MAINTAIN_RESOLUTION;
        break;
      case webrtc::DegradationPreference::BALANCED:
        out->degradation_preference = RTCN_DEGRADATION_PREFERENCE_BALANCED;
        break;
    }
  }
  return static_cast<rtcn_rtp_parameters*>(block.Release());
}

rtcn_rtp_capabilities* BuildCapabilitiesBlock(const webrtc::RtpCapabilities& capabilities) {
  std::vector<std::string> fmtp;
  size_t strings = 0;
  for (const webrtc::RtpCodecCapability& codec : capabilities.codecs) {
    fmtp.push_back(FmtpLine(codec.parameters));
    strings += MimeType(codec.kind, codec.name).size() + 1;
    if (!fmtp.back().empty()) strings += fmtp.back().size() + 1;
  }
  for (const webrtc::RtpHeaderExtensionCapability& extension : capabilities.header_extensions)
    strings += extension.uri.size() + 1;
  const size_t fixed = sizeof(rtcn_rtp_capabilities) + capabilities.codecs.size() * sizeof(rtcn_rtp_codec) +
                       capabilities.header_extensions.size() * sizeof(rtcn_rtp_header_extension);
  BlockWriter block(fixed, strings);
  rtcn_rtp_capabilities* out = block.Take<rtcn_rtp_capabilities>(1);
  rtcn_rtp_codec* codecs = block.Take<rtcn_rtp_codec>(capabilities.codecs.size());
  rtcn_rtp_header_extension* extensions = block.Take<rtcn_rtp_header_extension>(capabilities.header_extensions.size());
  for (size_t i = 0; i < capabilities.codecs.size(); ++i) {
    const webrtc::RtpCodecCapability& in = capabilities.codecs[i];
    rtcn_rtp_codec& c = codecs[i];
    c.payload_type = -1;
    c.mime_type = block.Put(MimeType(in.kind, in.name));
    c.clock_rate = in.clock_rate.value_or(0);
    c.channels = in.num_channels.value_or(0);
    c.sdp_fmtp_line = fmtp[i].empty() ? nullptr : block.Put(fmtp[i]);
  }
  for (size_t i = 0; i < capabilities.header_extensions.size(); ++i) {
    extensions[i].uri = block.Put(capabilities.header_extensions[i].uri);
    extensions[i].id = 0;
    extensions[i].encrypted = capabilities.header_extensions[i].preferred_encrypt ? 1 : 0;
  }
  out->codecs = codecs;
  out->codec_count = static_cast<int32_t>(capabilities.codecs.size());
  out->header_extensions = extensions;
  out->header_extension_count = static_cast<int32_t>(capabilities.header_extensions.size());
  return static_cast<rtcn_rtp_capabilities*>(block.Release());
}

char** BuildStringsBlock(const std::vector<std::string>& strings) {
  if (strings.empty()) return nullptr;
  size_t bytes = 0;
  for (const std::string& s : strings) bytes += s.size() + 1;
  BlockWriter block(strings.size() * sizeof(char*), bytes);
  char** pointers = block.Take<char*>(strings.size());
  for (size_t i = 0; i < strings.size(); ++i) pointers[i] = const_cast<char*>(block.Put(strings[i]));
  return static_cast<char**>(block.Release());
}

rtcn_rtp_source* BuildSourcesBlock(const std::vector<rtcn_rtp_source>& sources) {
  if (sources.empty()) return nullptr;
  BlockWriter block(sources.size() * sizeof(rtcn_rtp_source), 0);
  rtcn_rtp_source* out = block.Take<rtcn_rtp_source>(sources.size());
  std::memcpy(out, sources.data(), sources.size() * sizeof(rtcn_rtp_source));
  return static_cast<rtcn_rtp_source*>(block.Release());
}

}  // namespace rtcn
