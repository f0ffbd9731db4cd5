// DTLS certificates: generation (RTCPeerConnection.generateCertificate), PEM import with the
// checks libwebrtc does not make (key matches certificate), and the SDP-style fingerprint.
#pragma once

#include <cstdint>
#include <string>

#include "api/scoped_refptr.h"
#include "errors.h"
#include "rtc_base/rtc_certificate.h"
#include "rtcnative.h"

namespace rtcn {

struct CertificatePem {
  std::string private_key;
  std::string certificate;
};

// Generates a self-signed certificate. key_type and the RSA parameters must already be
// validated (see IsSupportedRsa); expires_ms 0 means libwebrtc's default lifetime.
bool GenerateCertificate(rtcn_key_type key_type, int32_t modulus_length, uint32_t public_exponent,
                         uint64_t expires_ms, CertificatePem* out, Error* error);

// Whether libwebrtc can generate an RSA key of this size and exponent.
bool IsSupportedRsa(int32_t modulus_length, uint32_t public_exponent);

// The certificate of a PEM pair, or nullptr (with error) when either part does not parse or
// the private key does not belong to the certificate.
rtc::scoped_refptr<rtc::RTCCertificate> CertificateFromPem(const char* private_key, const char* certificate,
                                                           Error* error);

// "sha-256" and its value as in SDP's a=fingerprint (upper-case hex pairs joined by ':').
bool Sha256Fingerprint(const rtc::RTCCertificate& certificate, std::string* algorithm, std::string* value);

}  // namespace rtcn
