// What stands between a description the embedder (or the remote peer) hands in and libwebrtc.
//
// M109 parses an m= section of an unknown media type ("m=foo", "m=text") into an
// UnsupportedContentDescription and rejects it, as JSEP says (RFC 8829 5.3.1: answered with
// port 0). But its serializer treats any section whose protocol is DTLS/SCTP as a data section
// and dereferences the missing SCTP description: reading such a description back, answering it,
// applying the answer or rolling back crashed the process. So before libwebrtc keeps a
// description, the protocol of each unsupported section is wrapped in a marker libwebrtc does
// not recognise (it then serializes the section like any other unknown one), and every SDP the
// shim hands out has the marker removed again: the embedder and the remote peer only ever see
// the original protocol.
#pragma once

#include <string>

#include "api/jsep.h"
#include "errors.h"

namespace rtcn {

// Makes description safe to hand to libwebrtc; false (with error set) when it cannot be.
bool GuardDescription(webrtc::SessionDescriptionInterface* description, Error* error);

// Removes the markers GuardDescription put into m= lines of a serialized description.
void RestoreProtocols(std::string* sdp);

// Whether libwebrtc's parser kept every m= section of sdp (M109 silently drops a section with an empty media type
// and every section after it, so the answer would have fewer sections than the offer).
bool EverySectionParsed(const std::string& sdp, const webrtc::SessionDescriptionInterface& description);

}  // namespace rtcn
