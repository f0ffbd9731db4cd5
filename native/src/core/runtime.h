// The runtime behind an rtcn_factory: libwebrtc's threads, PeerConnectionFactory, audio
// device and network settings, and the connections it made. Reference counted: connections
// and channels keep it (and so the threads their proxies marshal to) alive after the embedder
// released the factory. The last reference stops the threads on a background thread of its
// own, never on the caller's (a release never blocks).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/peer_connection_interface.h"
#include "api/task_queue/task_queue_factory.h"
#include "errors.h"
#include "live_objects.h"
#include "modules/audio_device/include/audio_device.h"
#include "p2p/base/port_allocator.h"
#include "rtc_base/network.h"
#include "rtc_base/thread.h"
#include "rtcnative.h"

namespace rtc {
class PacketSocketFactory;
}

namespace rtcn {

class PeerConnection;

struct RuntimeOptions {
  bool include_loopback = false;
  // Allow-list of interface names; nullopt = every interface.
  std::optional<std::vector<std::string>> network_interfaces;
  int min_port = 0;
  int max_port = 0;
  rtcn_audio_device_kind audio_device = RTCN_AUDIO_DEVICE_AUTO;
  rtcn_thread_layout thread_layout = RTCN_THREAD_LAYOUT_SHARED;
};

class AlsaPlayoutDevice;
class FarEndTap;

class Runtime {
 public:
  // Creates the threads, the audio device and the factory; nullptr with error set on failure.
  static Runtime* Create(const RuntimeOptions& options, void* user_data, Error* error);

  void AddRef() { refs_.fetch_add(1); }
  void Release();

  // The embedder's release: closes every connection, then drops the handle's reference.
  void ReleaseHandle();

  // SHARED: one thread plays libwebrtc's three roles. M109 hops between them for every data
  // channel message (a blocking call per send, a posted task per receive); on one thread those
  // hops are direct calls (bench/README.md). SPLIT: libwebrtc's standard three threads.
  rtc::Thread* signaling_thread() { return signaling_; }
  rtc::Thread* worker_thread() { return worker_; }
  rtc::Thread* network_thread() { return network_.get(); }
  webrtc::PeerConnectionFactoryInterface* factory() { return factory_.get(); }
  const RuntimeOptions& options() const { return options_; }
  rtcn_audio_device_kind audio_device() const { return audio_device_; }
  // Devices: the audio device libwebrtc uses (playout device and volume; worker thread), and what
  // the platform device plays, the far end of microphones' echo cancellers (nullptr for the
  // headless and dummy devices, which play nowhere).
  webrtc::AudioDeviceModule* adm() const { return adm_.get(); }
  FarEndTap* far_end() const { return far_end_.get(); }
  // The platform device when it plays on ALSA (no PulseAudio server at creation), else nullptr.
  AlsaPlayoutDevice* alsa_playout() const { return alsa_playout_.get(); }

  // A port allocator for one connection: the factory's networks (every interface, or the
  // allowed ones), seen through the connection's own wrapper, and the port range.
  std::unique_ptr<cricket::PortAllocator> CreatePortAllocator();

  // The connections to close when the embedder releases the factory (weak: each removes itself).
  // False once the factory was released: the connection must not be created.
  bool AddConnection(PeerConnection* connection);
  void RemoveConnection(PeerConnection* connection);

 private:
  Runtime(const RuntimeOptions& options, void* user_data);
  ~Runtime();
  bool Initialize(Error* error);
  bool CreateAudioDevice(Error* error);
  rtc::scoped_refptr<webrtc::PeerConnectionFactoryInterface> CreateFactory();

  LiveObject<RTCN_OBJECT_FACTORY> live_;
  std::atomic<int> refs_{1};
  RuntimeOptions options_;
  void* const user_data_;
  rtcn_audio_device_kind audio_device_ = RTCN_AUDIO_DEVICE_DUMMY;
  std::unique_ptr<webrtc::TaskQueueFactory> task_queue_factory_;  // the audio device's
  std::unique_ptr<rtc::Thread> network_;
  std::unique_ptr<rtc::Thread> own_worker_;     // SPLIT only
  std::unique_ptr<rtc::Thread> own_signaling_;  // SPLIT only
  rtc::Thread* worker_ = nullptr;
  rtc::Thread* signaling_ = nullptr;
  // Owned by the factory's connection context, which every peer connection keeps alive.
  rtc::PacketSocketFactory* socket_factory_ = nullptr;
  // The factory's networks; created, used and destroyed on the network thread.
  std::unique_ptr<rtc::NetworkManager> network_manager_;
  rtc::scoped_refptr<webrtc::AudioDeviceModule> adm_;
  rtc::scoped_refptr<FarEndTap> far_end_;
  rtc::scoped_refptr<AlsaPlayoutDevice> alsa_playout_;  // inside adm_ when set
  rtc::scoped_refptr<webrtc::PeerConnectionFactoryInterface> factory_;
  std::mutex connections_mutex_;
  std::vector<PeerConnection*> connections_;
  bool released_ = false;  // under connections_mutex_
};

}  // namespace rtcn
