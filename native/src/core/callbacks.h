// The process-wide callback table registered by the embedder (rtcn_register_callbacks).
#pragma once

#include "rtcnative.h"

namespace rtcn {

// Returns false (with a reason) when a different table was registered before.
bool RegisterCallbacks(const rtcn_callbacks& table, const char** reason);
// The registered table, or nullptr before registration.
const rtcn_callbacks* Callbacks();

}  // namespace rtcn
