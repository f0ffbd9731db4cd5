#include "live_objects.h"

namespace rtcn {
namespace {
constexpr int kKinds = RTCN_OBJECT_MEDIA_BUFFER + 1;
std::atomic<int64_t> g_counts[kKinds];
}  // namespace

int64_t LiveObjectCount(rtcn_object_kind kind) {
  if (kind == RTCN_OBJECT_ALL) {
    int64_t total = 0;
    for (int k = 1; k < kKinds; ++k) total += g_counts[k].load();
    return total;
  }
  return g_counts[kind].load();
}

void AdjustLiveObjects(rtcn_object_kind kind, int64_t delta) { g_counts[kind] += delta; }

}  // namespace rtcn
