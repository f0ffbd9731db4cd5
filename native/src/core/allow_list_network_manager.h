// A network manager that offers only the networks of allowed interfaces, checked by name on
// every enumeration (so interfaces that appear later are filtered too). libwebrtc's own
// ignore list is a deny-list fixed at creation.
#pragma once

#include <string>
#include <vector>

#include "rtc_base/network.h"

namespace rtcn {

class AllowListNetworkManager : public rtc::BasicNetworkManager {
 public:
  AllowListNetworkManager(rtc::SocketFactory* socket_factory, std::vector<std::string> allowed)
      : rtc::BasicNetworkManager(socket_factory), allowed_(std::move(allowed)) {}

  std::vector<const rtc::Network*> GetNetworks() const override;
  // The "any address" fallback would bind every interface: never offer it.
  std::vector<const rtc::Network*> GetAnyAddressNetworks() override { return {}; }

 private:
  const std::vector<std::string> allowed_;
};

}  // namespace rtcn
