#include "allow_list_network_manager.h"

#include <algorithm>

namespace rtcn {

std::vector<const rtc::Network*> AllowListNetworkManager::GetNetworks() const {
  std::vector<const rtc::Network*> networks = rtc::BasicNetworkManager::GetNetworks();
  networks.erase(std::remove_if(networks.begin(), networks.end(),
                                [this](const rtc::Network* network) {
                                  return std::find(allowed_.begin(), allowed_.end(), network->name()) ==
                                         allowed_.end();
                                }),
                 networks.end());
  return networks;
}

}  // namespace rtcn
