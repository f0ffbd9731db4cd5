// One-time process setup before the first factory: OpenSSL, and libwebrtc's stderr logging off.
#pragma once

namespace rtcn {
void EnsureProcessSetup();
}
