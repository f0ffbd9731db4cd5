// getStats(): libwebrtc's report as webrtc-stats JSON, delivered through an Operation.
#pragma once

#include <functional>

#include <memory>
#include <string>

#include "api/stats/rtc_stats_collector_callback.h"
#include "api/stats/rtc_stats_report.h"
#include "operation.h"

namespace rtcn {

// The report as a JSON array of stats objects: "id", "type", "timestamp" (ms since the Unix
// epoch, as browsers report it) and the standardized, always-exposed members, as webrtc-stats
// names them. Unlike RTCStatsReport::ToJson this escapes strings (labels come from the remote
// peer), writes 64-bit integers exactly and gives "[]" for an empty report.
std::string StatsReportToJson(const webrtc::RTCStatsReport& report);

// Completes its operation with the JSON of the delivered report.
class StatsCallback : public webrtc::RTCStatsCollectorCallback {
 public:
  // delivered runs once: when libwebrtc delivered the report (also when the operation was
  // already completed otherwise, e.g. by a close), or when libwebrtc dropped the request without
  // delivering (the callback is destroyed first; the operation then fails as closed).
  static rtc::scoped_refptr<StatsCallback> Make(std::shared_ptr<Operation> operation, std::function<void()> delivered);
  StatsCallback(std::shared_ptr<Operation> operation, std::function<void()> delivered)
      : operation_(std::move(operation)), delivered_(std::move(delivered)) {}
  ~StatsCallback() override;

  void OnStatsDelivered(const rtc::scoped_refptr<const webrtc::RTCStatsReport>& report) override;

 private:
  std::shared_ptr<Operation> operation_;
  std::function<void()> delivered_;
  bool reported_ = false;  // OnStatsDelivered ran (libwebrtc calls it at most once)
};

}  // namespace rtcn
