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
    // An unknown section takes part in nothing: no SCTP association, no RTP.
    content.type = cricket::MediaProtocolType::kOther;
    // Marked: an SCTP protocol (the serializer's crash), and one that already starts with the marker (a remote
    // peer sent it), so that removing one marker on the way out gives back exactly what came in.
    if (cricket::IsDtlsSctp(protocol) || cricket::IsPlainSctp(protocol) || protocol.rfind(kMarker, 0) == 0)
      media->set_protocol(kMarker + protocol);
  }
  return true;
}

void RestoreProtocols(std::string* sdp) {
  // Only where GuardDescription put it: at the start of an m= line's protocol (its third field). The same text
  // anywhere else (a remote peer may send any media type) is left as it is.
  const std::string marker = kMarker;
  size_t line = 0;
  while (line < sdp->size()) {
    size_t end = sdp->find('\n', line);
    if (end == std::string::npos) end = sdp->size();
    if (sdp->compare(line, 2, "m=") == 0) {
      const size_t first_space = sdp->find(' ', line);
      const size_t second_space = first_space < end ? sdp->find(' ', first_space + 1) : std::string::npos;
      if (second_space < end && sdp->compare(second_space + 1, marker.size(), marker) == 0) {
        sdp->erase(second_space + 1, marker.size());
        end -= marker.size();
      }
    }
    line = end + 1;
  }
}

bool EverySectionParsed(const std::string& sdp, const webrtc::SessionDescriptionInterface& description) {
  size_t sections = 0;
  for (size_t at = 0; at != std::string::npos; at = sdp.find('\n', at), at = at == std::string::npos ? at : at + 1) {
    if (sdp.compare(at, 2, "m=") == 0) ++sections;
  }
  return description.description() != nullptr && description.description()->contents().size() == sections;
}

}  // namespace rtcn
