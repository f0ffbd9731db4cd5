#include "connection_network_manager.h"

#include "rtc_base/thread.h"

namespace rtcn {

ConnectionNetworkManager::ConnectionNetworkManager(rtc::NetworkManager* shared) : shared_(shared) {}

ConnectionNetworkManager::~ConnectionNetworkManager() {
  if (start_count_ > 0) {
    shared_->SignalNetworksChanged.disconnect(this);
    shared_->SignalError.disconnect(this);
    shared_->StopUpdating();
  }
}

void ConnectionNetworkManager::StartUpdating() {
  if (start_count_++ > 0) {
    // Another session of this connection: it needs a signal to begin, as from the shared one.
    if (forwarded_) {
      rtc::Thread::Current()->PostTask(webrtc::SafeTask(safety_.flag(), [this] { SignalNetworksChanged(); }));
    }
    return;
  }
  shared_->SignalNetworksChanged.connect(this, &ConnectionNetworkManager::OnSharedChanged);
  shared_->SignalError.connect(this, &ConnectionNetworkManager::OnSharedError);
  // Signals every listener (posted) once it has networks: the first signal is ours to forward.
  shared_->StartUpdating();
}

void ConnectionNetworkManager::StopUpdating() {
  if (start_count_ == 0 || --start_count_ > 0) return;
  shared_->SignalNetworksChanged.disconnect(this);
  shared_->SignalError.disconnect(this);
  shared_->StopUpdating();
  forwarded_ = false;
}

void ConnectionNetworkManager::OnSharedChanged() {
  std::string fingerprint = Fingerprint();
  if (forwarded_ && fingerprint == last_) return;  // another connection started the shared manager
  last_ = std::move(fingerprint);
  forwarded_ = true;
  SignalNetworksChanged();
}

// What a port allocator session acts on: which networks, with which addresses.
std::string ConnectionNetworkManager::Fingerprint() const {
  std::string text;
  for (const rtc::Network* network : shared_->GetNetworks()) {
    text += network->ToString();
    text += '|';
    for (const rtc::InterfaceAddress& address : network->GetIPs()) {
      text += address.ToString();
      text += ',';
    }
    text += ';';
  }
  return text;
}

}  // namespace rtcn
