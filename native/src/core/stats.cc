#include "stats.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "api/make_ref_counted.h"
#include "api/stats/rtc_stats.h"

namespace rtcn {
namespace {

using Member = webrtc::RTCStatsMemberInterface;

void AppendString(std::string& out, const std::string& text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;  // UTF-8 passes through; the embedder decodes it leniently
        }
    }
  }
  out += '"';
}

template <class Integer>
void AppendInteger(std::string& out, Integer value) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// Shortest text that reads back as the same double; JSON has no NaN or infinity.
void AppendDouble(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void AppendValue(std::string& out, bool value) { out += value ? "true" : "false"; }
void AppendValue(std::string& out, int32_t value) { AppendInteger(out, value); }
void AppendValue(std::string& out, uint32_t value) { AppendInteger(out, value); }
void AppendValue(std::string& out, int64_t value) { AppendInteger(out, value); }
void AppendValue(std::string& out, uint64_t value) { AppendInteger(out, value); }
void AppendValue(std::string& out, double value) { AppendDouble(out, value); }
void AppendValue(std::string& out, const std::string& value) { AppendString(out, value); }

template <class T>
void AppendValue(std::string& out, const std::vector<T>& values) {
  out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    AppendValue(out, static_cast<T>(values[i]));  // the cast turns vector<bool>'s proxy into a bool
  }
  out += ']';
}

template <class T>
void AppendValue(std::string& out, const std::map<std::string, T>& values) {
  out += '{';
  bool first = true;
  for (const auto& [key, value] : values) {
    if (!first) out += ',';
    first = false;
    AppendString(out, key);
    out += ':';
    AppendValue(out, value);
  }
  out += '}';
}

template <class T>
void AppendMember(std::string& out, const Member& member) {
  AppendValue(out, *member.cast_to<webrtc::RTCStatsMember<T>>());
}

void AppendMemberValue(std::string& out, const Member& member) {
  switch (member.type()) {
    case Member::kBool: AppendMember<bool>(out, member); break;
    case Member::kInt32: AppendMember<int32_t>(out, member); break;
    case Member::kUint32: AppendMember<uint32_t>(out, member); break;
    case Member::kInt64: AppendMember<int64_t>(out, member); break;
    case Member::kUint64: AppendMember<uint64_t>(out, member); break;
    case Member::kDouble: AppendMember<double>(out, member); break;
    case Member::kString: AppendMember<std::string>(out, member); break;
    case Member::kSequenceBool: AppendMember<std::vector<bool>>(out, member); break;
    case Member::kSequenceInt32: AppendMember<std::vector<int32_t>>(out, member); break;
    case Member::kSequenceUint32: AppendMember<std::vector<uint32_t>>(out, member); break;
    case Member::kSequenceInt64: AppendMember<std::vector<int64_t>>(out, member); break;
    case Member::kSequenceUint64: AppendMember<std::vector<uint64_t>>(out, member); break;
    case Member::kSequenceDouble: AppendMember<std::vector<double>>(out, member); break;
    case Member::kSequenceString: AppendMember<std::vector<std::string>>(out, member); break;
    case Member::kMapStringUint64: AppendMember<std::map<std::string, uint64_t>>(out, member); break;
    case Member::kMapStringDouble: AppendMember<std::map<std::string, double>>(out, member); break;
    default: out += "null"; break;  // a type newer than this shim
  }
}

// What a browser shows: standardized members only, and none limited to pages with
// hardware-capability exposure (webrtc-stats "limiting exposure").
bool IsExposed(const Member& member) {
  return member.is_defined() && member.is_standardized() &&
         member.exposure_criteria() == webrtc::StatExposureCriteria::kAlways;
}

void AppendStats(std::string& out, const webrtc::RTCStats& stats) {
  out += "{\"id\":";
  AppendString(out, stats.id());
  out += ",\"type\":";
  AppendString(out, stats.type());
  out += ",\"timestamp\":";
  AppendDouble(out, static_cast<double>(stats.timestamp_us()) / 1000.0);
  for (const Member* member : stats.Members()) {
    if (!IsExposed(*member)) continue;
    out += ',';
    AppendString(out, member->name());
    out += ':';
    AppendMemberValue(out, *member);
  }
  out += '}';
}

}  // namespace

std::string StatsReportToJson(const webrtc::RTCStatsReport& report) {
  std::string out = "[";
  bool first = true;
  for (const webrtc::RTCStats& stats : report) {
    if (!first) out += ',';
    first = false;
    AppendStats(out, stats);
  }
  out += ']';
  return out;
}

rtc::scoped_refptr<StatsCallback> StatsCallback::Make(std::shared_ptr<Operation> operation,
                                                     std::function<void()> delivered) {
  return rtc::make_ref_counted<StatsCallback>(std::move(operation), std::move(delivered));
}

void StatsCallback::OnStatsDelivered(const rtc::scoped_refptr<const webrtc::RTCStatsReport>& report) {
  reported_ = true;
  if (!report) {
    operation_->Fail(MakeError(RTCN_ERROR_OPERATION, "OperationError: libwebrtc delivered no stats report"));
  } else if (!operation_->done()) {
    operation_->SucceedWithText(StatsReportToJson(*report));
  }
  if (delivered_) delivered_();
}

StatsCallback::~StatsCallback() {
  if (reported_) return;
  if (!operation_->done()) {
    operation_->Fail(MakeError(RTCN_ERROR_CLOSED, "InvalidStateError: the RTCPeerConnection is closed"));
  }
  if (delivered_) delivered_();
}

}  // namespace rtcn
