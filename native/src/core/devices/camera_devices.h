// The camera list (rtcn_video_capture_devices): a snapshot of what libwebrtc's V4L2 DeviceInfo
// reports, copied so the strings the ABI hands out stay valid while the list lives.
#pragma once

#include <string>
#include <vector>

#include "core/ref_counted.h"
#include "rtcnative.h"

namespace rtcn {

struct CameraDevice {
  std::string name;
  std::string unique_id;
  std::string product_id;
  std::vector<rtcn_video_capture_mode> modes;
};

class CameraDevices : public RefCounted<CameraDevices> {
 public:
  // Asks libwebrtc now (opens the /dev/video* nodes). Devices whose modes cannot be read are
  // listed without modes.
  static CameraDevices* Enumerate();

  const std::vector<CameraDevice>& devices() const { return devices_; }

 private:
  friend class RefCounted<CameraDevices>;
  CameraDevices() = default;
  ~CameraDevices() = default;

  std::vector<CameraDevice> devices_;
};

}  // namespace rtcn
