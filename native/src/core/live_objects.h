// Counts live native objects per kind so tests can assert that nothing leaked
// (rtcn_get_live_object_count).
#pragma once

#include <atomic>
#include <cstdint>

#include "rtcnative.h"

namespace rtcn {

int64_t LiveObjectCount(rtcn_object_kind kind);
void AdjustLiveObjects(rtcn_object_kind kind, int64_t delta);

// Member that counts its owner for as long as the owner lives.
template <rtcn_object_kind Kind>
class LiveObject {
 public:
  LiveObject() { AdjustLiveObjects(Kind, 1); }
  LiveObject(const LiveObject&) : LiveObject() {}
  LiveObject& operator=(const LiveObject&) { return *this; }
  ~LiveObject() { End(); }
  // Stops counting now (before the owner tells the embedder it is gone); idempotent.
  void End() {
    if (counted_) AdjustLiveObjects(Kind, -1);
    counted_ = false;
  }

 private:
  bool counted_ = true;
};

}  // namespace rtcn
