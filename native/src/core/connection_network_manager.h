// A connection's view of the factory's shared network manager.
//
// libwebrtc's BasicNetworkManager broadcasts SignalNetworksChanged to every port allocator
// session of every connection whenever one more session starts it (so that the new one can
// begin), and every session still gathering then allocates again. With many connections setting
// up at once on one factory this made each new connection re-run the others' allocation: the
// process held thousands of sockets and ran out of descriptors. Each connection gets this
// wrapper instead: it starts the shared manager, and forwards a change only when the networks it
// sees really differ from what it last forwarded, or once for its own first start.
#pragma once

#include <string>
#include <vector>

#include "api/task_queue/pending_task_safety_flag.h"
#include "rtc_base/network.h"
#include "rtc_base/third_party/sigslot/sigslot.h"

namespace rtcn {

class ConnectionNetworkManager : public rtc::NetworkManager, public sigslot::has_slots<> {
 public:
  // shared outlives this wrapper; both live on network_thread.
  explicit ConnectionNetworkManager(rtc::NetworkManager* shared);
  ~ConnectionNetworkManager() override;

  void StartUpdating() override;
  void StopUpdating() override;
  std::vector<const rtc::Network*> GetNetworks() const override { return shared_->GetNetworks(); }
  std::vector<const rtc::Network*> GetAnyAddressNetworks() override { return shared_->GetAnyAddressNetworks(); }
  EnumerationPermission enumeration_permission() const override { return shared_->enumeration_permission(); }
  bool GetDefaultLocalAddress(int family, rtc::IPAddress* address) const override {
    return shared_->GetDefaultLocalAddress(family, address);
  }

 private:
  void OnSharedChanged();
  void OnSharedError() { SignalError(); }
  std::string Fingerprint() const;

  rtc::NetworkManager* const shared_;
  int start_count_ = 0;
  bool forwarded_ = false;
  std::string last_;
  webrtc::ScopedTaskSafety safety_;
};

}  // namespace rtcn
