#include "runtime.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include "api/audio_codecs/audio_decoder_factory_template.h"
#include "api/audio_codecs/audio_encoder_factory_template.h"
#include "api/audio_codecs/g711/audio_decoder_g711.h"
#include "api/audio_codecs/g711/audio_encoder_g711.h"
#include "api/audio_codecs/g722/audio_decoder_g722.h"
#include "api/audio_codecs/g722/audio_encoder_g722.h"
#include "api/audio_codecs/opus/audio_decoder_opus.h"
#include "api/audio_codecs/opus/audio_encoder_opus.h"
#include "api/call/call_factory_interface.h"
#include "api/peer_connection_interface.h"
#include "api/rtc_event_log/rtc_event_log_factory.h"
#include "api/transport/field_trial_based_config.h"
#include "media/engine/webrtc_media_engine.h"
#include "modules/audio_processing/include/audio_processing.h"
#include "api/task_queue/default_task_queue_factory.h"
#include "api/video_codecs/builtin_video_decoder_factory.h"
#include "api/video_codecs/builtin_video_encoder_factory.h"
#include "allow_list_network_manager.h"
#include "p2p/client/basic_port_allocator.h"
#include "process_setup.h"
#include "rtc_base/network_constants.h"
#include "rtc_base/socket_server.h"
#include "callbacks.h"
#include "connection_network_manager.h"
#include "core/devices/alsa/alsa_devices.h"
#include "core/devices/alsa/alsa_playout_device.h"
#include "core/media/headless_audio_device.h"
#include "core/media/playout_only_audio_device.h"
#include "owning_port_allocator.h"
#include "peer_connection.h"
#include "udp_socket_factory.h"

namespace rtcn {
namespace {

std::unique_ptr<rtc::Thread> StartThread(std::unique_ptr<rtc::Thread> thread, const char* name) {
  thread->SetName(name, nullptr);
  return thread->Start() ? std::move(thread) : nullptr;
}

}  // namespace

Runtime::Runtime(const RuntimeOptions& options, void* user_data) : options_(options), user_data_(user_data) {}

Runtime* Runtime::Create(const RuntimeOptions& options, void* user_data, Error* error) {
  EnsureProcessSetup();
  auto* runtime = new Runtime(options, nullptr);  // no user_data to hand back if creation fails
  if (!runtime->Initialize(error)) {
    runtime->Release();
    return nullptr;
  }
  const_cast<void*&>(runtime->user_data_) = user_data;
  return runtime;
}

bool Runtime::Initialize(Error* error) {
  task_queue_factory_ = webrtc::CreateDefaultTaskQueueFactory();
  network_ = StartThread(rtc::Thread::CreateWithSocketServer(), "rtcn-network");
  if (options_.thread_layout == RTCN_THREAD_LAYOUT_SPLIT) {
    own_worker_ = StartThread(rtc::Thread::Create(), "rtcn-worker");
    own_signaling_ = StartThread(rtc::Thread::Create(), "rtcn-signaling");
    worker_ = own_worker_.get();
    signaling_ = own_signaling_.get();
  } else {
    worker_ = network_.get();
    signaling_ = network_.get();
  }
  if (!network_ || !worker_ || !signaling_) {
    *error = MakeError(RTCN_ERROR_INTERNAL, "could not start libwebrtc's threads");
    return false;
  }
  network_->BlockingCall([this] {
    if (options_.network_interfaces) {
      network_manager_ = std::make_unique<AllowListNetworkManager>(network_->socketserver(),
                                                                   *options_.network_interfaces);
    } else {
      network_manager_ = std::make_unique<rtc::BasicNetworkManager>(network_->socketserver());
    }
  });
  if (!CreateAudioDevice(error)) return false;
  factory_ = CreateFactory();
  if (!factory_) {
    *error = MakeError(RTCN_ERROR_INTERNAL, "libwebrtc could not create its PeerConnectionFactory");
    return false;
  }
  webrtc::PeerConnectionFactoryInterface::Options factory_options;
  // libwebrtc ignores loopback by default, as browsers do (applied to each connection's allocator).
  factory_options.network_ignore_mask = options_.include_loopback ? 0 : rtc::ADAPTER_TYPE_LOOPBACK;
  factory_->SetOptions(factory_options);
  return true;
}

// libwebrtc aborts the process (RTC_CHECK in adm_helpers) when handed a device whose Init
// fails, so the device is created and initialized here and only a working one is used.
// HEADLESS (and AUTO without a platform device) is our own device: remote audio reaches sinks
// only when a device pulls playout (NeedMorePlayData), which libwebrtc's dummy device never
// does; ours pulls every 10 ms and records nothing (core/media/headless_audio_device.h).
bool Runtime::CreateAudioDevice(Error* error) {
  auto create = [this](webrtc::AudioDeviceModule::AudioLayer layer) {
    return worker_->BlockingCall([&]() -> rtc::scoped_refptr<webrtc::AudioDeviceModule> {
      auto adm = webrtc::AudioDeviceModule::Create(layer, task_queue_factory_.get());
      if (adm && adm->Init() == 0) return adm;
      if (adm) adm->Terminate();
      return nullptr;
    });
  };
  auto create_headless = [this] {
    return worker_->BlockingCall([]() -> rtc::scoped_refptr<webrtc::AudioDeviceModule> {
      auto adm = rtc::make_ref_counted<HeadlessAudioDevice>();
      if (adm->Init() == 0) return adm;
      adm->Terminate();
      return nullptr;
    });
  };
  // The platform: PulseAudio (libwebrtc's device), else ALSA when it lists an output (ours, see
  // core/devices/alsa/alsa_playout_device.h), as the device list and microphones choose.
  auto create_alsa = [this]() -> rtc::scoped_refptr<webrtc::AudioDeviceModule> {
    bool output = false;
    for (const AudioDeviceEntry& entry : ListAlsaDevices()) output |= entry.kind == RTCN_MEDIA_DEVICE_AUDIO_OUTPUT;
    if (!output) return nullptr;
    return worker_->BlockingCall([this]() -> rtc::scoped_refptr<webrtc::AudioDeviceModule> {
      auto adm = rtc::make_ref_counted<AlsaPlayoutDevice>();
      if (adm->Init() != 0) return nullptr;
      alsa_playout_ = adm;
      return adm;
    });
  };
  if (options_.audio_device == RTCN_AUDIO_DEVICE_AUTO || options_.audio_device == RTCN_AUDIO_DEVICE_PLATFORM) {
    adm_ = create(webrtc::AudioDeviceModule::kPlatformDefaultAudio);
    if (!adm_) adm_ = create_alsa();
    if (adm_) {
      // Recording off: what the device records would be mixed into every send stream, generator tracks too.
      far_end_ = rtc::make_ref_counted<FarEndTap>();
      adm_ = rtc::make_ref_counted<PlayoutOnlyAudioDevice>(adm_, far_end_);
      audio_device_ = RTCN_AUDIO_DEVICE_PLATFORM;
      return true;
    }
    if (options_.audio_device == RTCN_AUDIO_DEVICE_PLATFORM) {
      *error = MakeError(RTCN_ERROR_NOT_SUPPORTED,
                         "no platform audio device initializes (no PulseAudio server, and ALSA lists no output)");
      return false;
    }
  }
  if (options_.audio_device != RTCN_AUDIO_DEVICE_DUMMY) {
    adm_ = create_headless();
    audio_device_ = RTCN_AUDIO_DEVICE_HEADLESS;
    if (!adm_) {
      *error = MakeError(RTCN_ERROR_INTERNAL, "the headless audio device did not initialize");
      return false;
    }
    return true;
  }
  adm_ = create(webrtc::AudioDeviceModule::kDummyAudio);
  audio_device_ = RTCN_AUDIO_DEVICE_DUMMY;
  if (!adm_) {
    *error = MakeError(RTCN_ERROR_INTERNAL, "the dummy audio device did not initialize");
    return false;
  }
  return true;
}

rtc::scoped_refptr<webrtc::PeerConnectionFactoryInterface> Runtime::CreateFactory() {
  // What webrtc::CreatePeerConnectionFactory assembles, plus our packet socket factory, which
  // that helper cannot take.
  webrtc::PeerConnectionFactoryDependencies dependencies;
  dependencies.network_thread = network_.get();
  dependencies.worker_thread = worker_;
  dependencies.signaling_thread = signaling_;
  dependencies.socket_factory = network_->socketserver();
  auto socket_factory = std::make_unique<UdpSocketFactory>(network_->socketserver());
  socket_factory_ = socket_factory.get();
  dependencies.packet_socket_factory = std::move(socket_factory);
  dependencies.trials = std::make_unique<webrtc::FieldTrialBasedConfig>();
  dependencies.task_queue_factory = webrtc::CreateDefaultTaskQueueFactory(dependencies.trials.get());
  dependencies.call_factory = webrtc::CreateCallFactory();
  dependencies.event_log_factory = std::make_unique<webrtc::RtcEventLogFactory>(dependencies.task_queue_factory.get());

  cricket::MediaEngineDependencies media;
  media.task_queue_factory = dependencies.task_queue_factory.get();
  media.adm = adm_;
  media.audio_encoder_factory = webrtc::CreateAudioEncoderFactory<webrtc::AudioEncoderOpus, webrtc::AudioEncoderG722,
                                                                  webrtc::AudioEncoderG711>();
  media.audio_decoder_factory = webrtc::CreateAudioDecoderFactory<webrtc::AudioDecoderOpus, webrtc::AudioDecoderG722,
                                                                  webrtc::AudioDecoderG711>();
  media.audio_processing = webrtc::AudioProcessingBuilder().Create();
  media.video_encoder_factory = webrtc::CreateBuiltinVideoEncoderFactory();
  media.video_decoder_factory = webrtc::CreateBuiltinVideoDecoderFactory();
  media.trials = dependencies.trials.get();
  dependencies.media_engine = cricket::CreateMediaEngine(std::move(media));
  return webrtc::CreateModularPeerConnectionFactory(std::move(dependencies));
}

std::unique_ptr<cricket::PortAllocator> Runtime::CreatePortAllocator() {
  // Built on the network thread, where the network managers live.
  return network_->BlockingCall([this]() -> std::unique_ptr<cricket::PortAllocator> {
    auto networks = std::make_unique<ConnectionNetworkManager>(network_manager_.get());
    auto allocator = std::make_unique<OwningPortAllocator>(std::move(networks), socket_factory_);
    // libwebrtc applies RTCConfiguration's port range only to an allocator it creates itself;
    // 0 for the maximum means "no limit", which the allocator spells 65535.
    if (options_.min_port != 0 || options_.max_port != 0) {
      allocator->SetPortRange(options_.min_port, options_.max_port == 0 ? 65535 : options_.max_port);
    }
    return allocator;
  });
}

bool Runtime::AddConnection(PeerConnection* connection) {
  std::lock_guard<std::mutex> lock(connections_mutex_);
  if (released_) return false;
  connections_.push_back(connection);
  return true;
}

void Runtime::RemoveConnection(PeerConnection* connection) {
  std::lock_guard<std::mutex> lock(connections_mutex_);
  connections_.erase(std::remove(connections_.begin(), connections_.end(), connection), connections_.end());
}

void Runtime::ReleaseHandle() {
  std::vector<PeerConnection*> connections;
  {
    std::lock_guard<std::mutex> lock(connections_mutex_);
    released_ = true;
    for (PeerConnection* connection : connections_) {
      connection->AddRef();  // the list is weak: hold each while closing it
      connections.push_back(connection);
    }
  }
  for (PeerConnection* connection : connections) {
    connection->Close();
    connection->Release();
  }
  Release();
}

void Runtime::Release() {
  if (refs_.fetch_sub(1) != 1) return;
  // Stopping the threads joins them: never on the caller's thread (a release does not block,
  // and the last reference may go on one of these very threads).
  std::thread([this] {
    void* user_data = user_data_;
    delete this;
    const rtcn_callbacks* callbacks = Callbacks();
    if (user_data != nullptr && callbacks != nullptr && callbacks->user_data_released != nullptr)
      callbacks->user_data_released(user_data);
  }).detach();
}

Runtime::~Runtime() {
  factory_ = nullptr;  // the proxy destroys the factory on the signaling thread
  if (adm_) {
    worker_->BlockingCall([this] {
      adm_->Terminate();
      adm_ = nullptr;
    });
  }
  if (network_) network_->BlockingCall([this] { network_manager_.reset(); });
  // Signaling and worker first: their pending tasks may still post to the network thread.
  if (own_signaling_) own_signaling_->Stop();
  if (own_worker_) own_worker_->Stop();
  if (network_) network_->Stop();
}

}  // namespace rtcn
