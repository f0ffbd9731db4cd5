// Intrusive reference count for objects whose pointer is an ABI handle: the handle holds one
// reference, tasks posted to libwebrtc's threads hold their own.
#pragma once

#include <atomic>

namespace rtcn {

template <class T>
class RefCounted {
 public:
  void AddRef() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Release() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete static_cast<T*>(this);
  }

 protected:
  RefCounted() = default;
  ~RefCounted() = default;

 private:
  std::atomic<int> refs_{1};
};

// Holds one reference for its lifetime (for lambdas posted to other threads).
template <class T>
class Ref {
 public:
  explicit Ref(T* object) : object_(object) { object_->AddRef(); }
  Ref(const Ref& other) : Ref(other.object_) {}
  Ref(Ref&& other) noexcept : object_(other.object_) { other.object_ = nullptr; }
  Ref& operator=(const Ref&) = delete;
  ~Ref() {
    if (object_) object_->Release();
  }
  T* operator->() const { return object_; }

 private:
  T* object_;
};

}  // namespace rtcn
