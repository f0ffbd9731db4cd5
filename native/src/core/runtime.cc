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
#include "udp_socket_factory.h"

namespace rtcn {
namespace {

std::unique_ptr<rtc::Thread> StartThread(std::unique_ptr<rtc::Thread> thread, const char* name) {
  thread->SetName(name, nullptr);
  return thread->Start() ? std::move(thread) : nullptr;
}

}  // namespace

Runtime::Runtime(const RuntimeOptions& options) : options_(options) {}

Runtime* Runtime::Create(const RuntimeOptions& options, Error* error) {
  EnsureProcessSetup();
  auto* runtime = new Runtime(options);
  if (!runtime->Initialize(error)) {
    runtime->Release();
    return nullptr;
  }
  return runtime;
}

bool Runtime::Initialize(Error* error) {
  task_queue_factory_ = webrtc::CreateDefaultTaskQueueFactory();
  network_ = StartThread(rtc::Thread::CreateWithSocketServer(), "rtcn-thread");
  if (!network_) {
    *error = MakeError(RTCN_ERROR_INTERNAL, "could not start libwebrtc's threads");
    return false;
  }
  if (options_.network_interfaces) {
    network_->BlockingCall([this] {
      network_manager_ = std::make_unique<AllowListNetworkManager>(network_->socketserver(),
                                                                   *options_.network_interfaces);
    });
  }
  if (!CreateAudioDevice(error)) return false;
  factory_ = CreateFactory();
  if (!factory_) {
    *error = MakeError(RTCN_ERROR_INTERNAL, "libwebrtc could not create its PeerConnectionFactory");
    return false;
  }
  webrtc::PeerConnectionFactoryInterface::Options factory_options;
  // libwebrtc ignores loopback by default, as browsers do.
  factory_options.network_ignore_mask = options_.include_loopback ? 0 : rtc::ADAPTER_TYPE_LOOPBACK;
  factory_->SetOptions(factory_options);
  return true;
}

// libwebrtc aborts the process (RTC_CHECK in adm_helpers) when handed a device whose Init
// fails, so the device is created and initialized here and only a working one is used.
bool Runtime::CreateAudioDevice(Error* error) {
  auto create = [this](webrtc::AudioDeviceModule::AudioLayer layer) {
    return worker_thread()->BlockingCall([&]() -> rtc::scoped_refptr<webrtc::AudioDeviceModule> {
      auto adm = webrtc::AudioDeviceModule::Create(layer, task_queue_factory_.get());
      if (adm && adm->Init() == 0) return adm;
      if (adm) adm->Terminate();
      return nullptr;
    });
  };
  if (options_.audio_device != RTCN_AUDIO_DEVICE_DUMMY) {
    adm_ = create(webrtc::AudioDeviceModule::kPlatformDefaultAudio);
    if (adm_) {
      audio_device_ = RTCN_AUDIO_DEVICE_PLATFORM;
      return true;
    }
    if (options_.audio_device == RTCN_AUDIO_DEVICE_PLATFORM) {
      *error = MakeError(RTCN_ERROR_NOT_SUPPORTED,
                         "no platform audio device initializes (neither PulseAudio nor ALSA)");
      return false;
    }
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
  dependencies.worker_thread = worker_thread();
  dependencies.signaling_thread = signaling_thread();
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

std::unique_ptr<cricket::PortAllocator> Runtime::CreateRestrictedPortAllocator() {
  if (!network_manager_) return nullptr;
  auto allocator = std::make_unique<cricket::BasicPortAllocator>(network_manager_.get(), socket_factory_);
  // libwebrtc applies the configuration's port range only to the allocator it creates itself.
  allocator->SetPortRange(options_.min_port, options_.max_port);
  return allocator;
}

bool Runtime::IsOwnThread() const {
  rtc::Thread* current = rtc::Thread::Current();
  return current != nullptr && current == network_.get();
}

void Runtime::Release() {
  if (refs_.fetch_sub(1) != 1) return;
  if (IsOwnThread()) {
    std::thread([this] { delete this; }).detach();
    return;
  }
  delete this;
}

Runtime::~Runtime() {
  factory_ = nullptr;  // the proxy destroys the factory on the signaling thread
  if (adm_) {
    worker_thread()->BlockingCall([this] {
      adm_->Terminate();
      adm_ = nullptr;
    });
  }
  if (network_) {
    network_->BlockingCall([this] { network_manager_.reset(); });
  }
  if (network_) network_->Stop();
}

}  // namespace rtcn
