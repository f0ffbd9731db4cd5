// A BasicPortAllocator that owns its network manager. BasicPortAllocator only borrows one, and
// its destructor still uses it (pooled sessions): the manager is held in a base that is built
// before and destroyed after the allocator.
#pragma once

#include <memory>
#include <utility>

#include "p2p/client/basic_port_allocator.h"
#include "rtc_base/network.h"

namespace rtcn {

struct NetworkManagerHolder {
  explicit NetworkManagerHolder(std::unique_ptr<rtc::NetworkManager> manager) : network_manager(std::move(manager)) {}
  std::unique_ptr<rtc::NetworkManager> network_manager;
};

class OwningPortAllocator : private NetworkManagerHolder, public cricket::BasicPortAllocator {
 public:
  OwningPortAllocator(std::unique_ptr<rtc::NetworkManager> manager, rtc::PacketSocketFactory* socket_factory)
      : NetworkManagerHolder(std::move(manager)),
        cricket::BasicPortAllocator(NetworkManagerHolder::network_manager.get(), socket_factory) {}
};

}  // namespace rtcn
