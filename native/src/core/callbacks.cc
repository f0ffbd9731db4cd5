#include "callbacks.h"

#include <atomic>
#include <cstring>
#include <mutex>

namespace rtcn {
namespace {
std::mutex g_mutex;
rtcn_callbacks g_table;
std::atomic<const rtcn_callbacks*> g_registered{nullptr};
}  // namespace

bool RegisterCallbacks(const rtcn_callbacks& table, const char** reason) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_registered.load() != nullptr) {
    // Callbacks may be running on libwebrtc threads: the table never changes once set.
    if (std::memcmp(&g_table, &table, sizeof table) == 0) return true;
    *reason = "a different callback table is already registered (register once per process)";
    return false;
  }
  g_table = table;
  g_registered.store(&g_table);
  return true;
}

const rtcn_callbacks* Callbacks() { return g_registered.load(std::memory_order_acquire); }

}  // namespace rtcn
