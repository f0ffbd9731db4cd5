#include "dtmf_sender.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace rtcn {
namespace {

// libwebrtc's DtmfSender refuses (returns false for) values outside these; webrtc-pc clamps
// instead, and Chrome clamps the gap at the same maximum.
constexpr int kMinDurationMs = 40;
constexpr int kMaxDurationMs = 6000;
constexpr int kMinGapMs = 30;
constexpr int kMaxGapMs = 6000;

}  // namespace

DtmfSender::DtmfSender(rtc::scoped_refptr<webrtc::DtmfSenderInterface> dtmf, ToneCallback on_tone)
    : dtmf_(std::move(dtmf)), on_tone_(std::move(on_tone)) {
  dtmf_->RegisterObserver(this);
}

DtmfSender::~DtmfSender() { Detach(); }

bool DtmfSender::ValidTones(const std::string& tones) {
  static const char kValid[] = "0123456789ABCD#*,";
  for (char c : tones) {
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (c == '\0' || std::strchr(kValid, upper) == nullptr) return false;
  }
  return true;
}

bool DtmfSender::EngineCanInsert() { return dtmf_ && dtmf_->CanInsertDtmf(); }

bool DtmfSender::Insert(const std::string& tones, int duration_ms, int inter_tone_gap_ms) {
  if (!dtmf_) return false;
  std::string upper = tones;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const int duration = std::clamp(duration_ms, kMinDurationMs, kMaxDurationMs);
  const int gap = std::clamp(inter_tone_gap_ms, kMinGapMs, kMaxGapMs);
  // webrtc-pc: an empty buffer with no playout scheduled ends the steps, firing nothing.
  // libwebrtc would still report "" after 1 ms, so it is not called then.
  if (upper.empty() && !playing_) {
    std::lock_guard<std::mutex> lock(mutex_);
    tone_buffer_.clear();
    return true;
  }
  if (!dtmf_->InsertDtmf(upper, duration, gap)) return false;
  playing_ = true;
  std::lock_guard<std::mutex> lock(mutex_);
  tone_buffer_ = upper;
  return true;
}

void DtmfSender::Detach() {
  if (!dtmf_) return;
  dtmf_->UnregisterObserver();
  dtmf_ = nullptr;
  playing_ = false;
}

std::string DtmfSender::ToneBuffer() {
  std::lock_guard<std::mutex> lock(mutex_);
  return tone_buffer_;
}

void DtmfSender::OnToneChange(const std::string& tone, const std::string& tone_buffer) {
  if (tone.empty()) playing_ = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tone_buffer_ = tone_buffer;
  }
  on_tone_(tone);
}

}  // namespace rtcn
