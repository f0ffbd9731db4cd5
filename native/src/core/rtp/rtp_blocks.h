// Conversions between libwebrtc's RTP types and the ABI's, and the single malloc'd blocks the
// ABI returns (a struct, its arrays and its strings in one allocation freed with rtcn_free,
// which is std::free).
#pragma once

#include <string>
#include <vector>

#include "api/rtp_parameters.h"
#include "api/rtp_transceiver_direction.h"
#include "rtcnative.h"

namespace rtcn {

rtcn_rtp_transceiver_direction ToAbi(webrtc::RtpTransceiverDirection direction);
webrtc::RtpTransceiverDirection ToDirection(rtcn_rtp_transceiver_direction direction);
rtcn_priority PriorityOfBitratePriority(double bitrate_priority);
double BitratePriorityOf(rtcn_priority priority);
rtcn_priority ToAbi(webrtc::Priority priority);
webrtc::Priority ToPriority(rtcn_priority priority);

// "a=1;b=2" from a parameter map (empty for none), and back.
std::string FmtpLine(const std::map<std::string, std::string>& parameters);
std::map<std::string, std::string> ParseFmtpLine(const std::string& line);

// The blocks; each throws std::bad_alloc when malloc fails.
// sender: with the transaction id and the encodings; a receiver's have neither.
rtcn_rtp_parameters* BuildParametersBlock(const webrtc::RtpParameters& parameters, bool sender);
rtcn_rtp_capabilities* BuildCapabilitiesBlock(const webrtc::RtpCapabilities& capabilities);
// count pointers, then the strings; nullptr for none.
char** BuildStringsBlock(const std::vector<std::string>& strings);
// nullptr for none.
rtcn_rtp_source* BuildSourcesBlock(const std::vector<rtcn_rtp_source>& sources);

}  // namespace rtcn
