#include "description_guard.h"

#include "pc/media_protocol_names.h"
#include "pc/session_description.h"

namespace rtcn {
namespace {

// Never a prefix of a protocol libwebrtc knows (RTP/..., UDP/TLS/RTP/..., [UDP|TCP/]DTLS/SCTP).
constexpr char kMarker[] = "RTCN-UNSUPPORTED+";

}  // namespace

bool GuardDescription(webrtc::SessionDescriptionInterface* description, Error* error) {
  cricket::SessionDescription* session = description ? description->description() : nullptr;
  if (session == nullptr) {
    *error = MakeError(RTCN_ERROR_OPERATION, "OperationError: the description is empty");
    return false;
  }
  for (cricket::ContentInfo& content : session->contents()) {
    cricket::MediaContentDescription* media = content.media_description();
    if (media == nullptr) {
      *error = MakeError(RTCN_ERROR_OPERATION, "OperationError: an m= section has no media description");
      return false;
    }
    if (media->as_unsupported() == nullptr) continue;
    const std::string protocol = media->protocol();
    if (protocol.rfind(kMarker, 0) == 0) continue;
    // An unknown section takes part in nothing: no SCTP association, no RTP.
    content.type = cricket::MediaProtocolType::kOther;
    if (cricket::IsDtlsSctp(protocol) || cricket::IsPlainSctp(protocol)) media->set_protocol(kMarker + protocol);
  }
  return true;
}

void RestoreProtocols(std::string* sdp) {
  const std::string marker = kMarker;
  size_t at = 0;
  while ((at = sdp->find(marker, at)) != std::string::npos) {
    // Only inside an m= line (the marker never appears elsewhere in a serialized description).
    const size_t line_start = sdp->rfind('\n', at);
    const size_t start = line_start == std::string::npos ? 0 : line_start + 1;
    if (sdp->compare(start, 2, "m=") == 0) {
      sdp->erase(at, marker.size());
    } else {
      at += marker.size();
    }
  }
}

}  // namespace rtcn
