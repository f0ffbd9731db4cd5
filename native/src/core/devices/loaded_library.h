// Sound system libraries are loaded at run time (pulse/pulse_library.h, alsa/alsa_library.h), so
// librtcnative needs neither installed. Both load once per process, never unload, and take each
// function by name into a typed pointer.
#pragma once

#include <dlfcn.h>

#include <mutex>

namespace rtcn {

// One function of `library` into *out; false when it is missing.
template <class F>
bool LoadSymbol(void* library, const char* name, F* out) {
  *out = reinterpret_cast<F>(dlsym(library, name));
  return *out != nullptr;
}

// The table `T`, filled once by load_all(&table) on first use; nullptr when that failed.
template <class T, class Loader>
const T* LoadOnce(Loader load_all) {
  static T table;
  static bool loaded = false;
  static std::once_flag once;
  std::call_once(once, [&] { loaded = load_all(&table); });
  return loaded ? &table : nullptr;
}

}  // namespace rtcn
