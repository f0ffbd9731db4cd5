// The runtime behind an rtcn_factory: libwebrtc's threads, PeerConnectionFactory, audio
// device and network settings. Reference counted: connections and channels keep it (and so
// the threads their proxies marshal to) alive after the embedder released the factory.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/peer_connection_interface.h"
#include "api/task_queue/task_queue_factory.h"
#include "errors.h"
#include "live_objects.h"
#include "modules/audio_device/include/audio_device.h"
#include "rtc_base/network.h"
#include "rtc_base/thread.h"
#include "rtcnative.h"

namespace rtc {
class PacketSocketFactory;
}

namespace rtcn {

struct RuntimeOptions {
  bool include_loopback = false;
  // Allow-list of interface names; nullopt = every interface.
  std::optional<std::vector<std::string>> network_interfaces;
  int min_port = 0;
  int max_port = 0;
  rtcn_audio_device_kind audio_device = RTCN_AUDIO_DEVICE_AUTO;
};

class Runtime {
 public:
  // Creates the threads, the audio device and the factory; nullptr with error set on failure.
  static Runtime* Create(const RuntimeOptions& options, Error* error);

  void AddRef() { refs_.fetch_add(1); }
  // The last reference destroys the runtime; never on one of its own threads (it would join
  // itself), so a last release there hands the destruction to a short-lived thread.
  void Release();

  // One thread plays libwebrtc's network, worker and signaling roles. M109 hops between them
  // for every data channel message (a blocking call per send, a posted task per receive); on
  // one thread those hops are direct calls: about 5x the message rate and a lower round trip
  // (bench/README.md). Two threads of three are not safe: M109 does not serve nested blocking
  // calls, and signaling->worker->network->... cycles deadlock (audio channel setup does one).
  // Our callbacks never block, so the network is never held up by them.
  rtc::Thread* signaling_thread() { return network_.get(); }
  rtc::Thread* worker_thread() { return network_.get(); }
  rtc::Thread* network_thread() { return network_.get(); }
  webrtc::PeerConnectionFactoryInterface* factory() { return factory_.get(); }
  const RuntimeOptions& options() const { return options_; }
  rtcn_audio_device_kind audio_device() const { return audio_device_; }

  // A port allocator restricted to the allowed interfaces, or nullptr when every interface is
  // allowed (libwebrtc's default allocator then applies).
  std::unique_ptr<cricket::PortAllocator> CreateRestrictedPortAllocator();

 private:
  explicit Runtime(const RuntimeOptions& options);
  ~Runtime();
  bool Initialize(Error* error);
  bool CreateAudioDevice(Error* error);
  rtc::scoped_refptr<webrtc::PeerConnectionFactoryInterface> CreateFactory();
  bool IsOwnThread() const;

  LiveObject<RTCN_OBJECT_FACTORY> live_;
  std::atomic<int> refs_{1};
  RuntimeOptions options_;
  rtcn_audio_device_kind audio_device_ = RTCN_AUDIO_DEVICE_DUMMY;
  std::unique_ptr<webrtc::TaskQueueFactory> task_queue_factory_;
  std::unique_ptr<rtc::Thread> network_;
  // Owned by the factory's connection context, which every peer connection keeps alive.
  rtc::PacketSocketFactory* socket_factory_ = nullptr;
  // Set when options restrict the interfaces; used and destroyed on the network thread.
  std::unique_ptr<rtc::NetworkManager> network_manager_;
  rtc::scoped_refptr<webrtc::AudioDeviceModule> adm_;
  rtc::scoped_refptr<webrtc::PeerConnectionFactoryInterface> factory_;
};

}  // namespace rtcn
