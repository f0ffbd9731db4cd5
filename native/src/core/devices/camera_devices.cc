#include "core/devices/camera_devices.h"

#include <memory>

#include "modules/video_capture/video_capture.h"
#include "modules/video_capture/video_capture_factory.h"

namespace rtcn {

CameraDevices* CameraDevices::Enumerate() {
  auto* list = new CameraDevices();
  std::unique_ptr<webrtc::VideoCaptureModule::DeviceInfo> info(webrtc::VideoCaptureFactory::CreateDeviceInfo());
  if (!info) return list;  // no capture support in this build: no cameras
  const uint32_t count = info->NumberOfDevices();
  for (uint32_t i = 0; i < count; ++i) {
    char name[256] = {0};
    char unique_id[256] = {0};
    char product_id[256] = {0};
    if (info->GetDeviceName(i, name, sizeof name, unique_id, sizeof unique_id, product_id, sizeof product_id) != 0)
      continue;  // the node went away between the count and now
    CameraDevice device{name, unique_id, product_id, {}};
    const int32_t modes = info->NumberOfCapabilities(unique_id);
    for (int32_t m = 0; m < modes; ++m) {
      webrtc::VideoCaptureCapability capability;
      if (info->GetCapability(unique_id, static_cast<uint32_t>(m), capability) != 0) continue;
      device.modes.push_back(rtcn_video_capture_mode{capability.width, capability.height, capability.maxFPS,
                                                     static_cast<int32_t>(capability.videoType),
                                                     capability.interlaced ? 1 : 0});
    }
    list->devices_.push_back(std::move(device));
  }
  return list;
}

}  // namespace rtcn
