// rtcn_certificate_*: argument checks and conversion; the work is in core/certificates.
#include <cstdlib>
#include <cstring>
#include <string>

#include "abi_guard.h"
#include "core/certificates.h"

using namespace rtcn;

namespace {

// A copy for the embedder to free with rtcn_free; nullptr when out of memory.
char* CopyOut(const std::string& text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

}  // namespace

extern "C" {

rtcn_status rtcn_certificate_generate(rtcn_key_type key_type, int32_t modulus_length, uint32_t public_exponent,
                                      uint64_t expires_ms, char** out_private_key_pem,
                                      char** out_certificate_pem) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (out_private_key_pem == nullptr || out_certificate_pem == nullptr) return NullArgument(fn, "an out parameter");
    *out_private_key_pem = nullptr;
    *out_certificate_pem = nullptr;
    if (!InRange(key_type, RTCN_KEY_TYPE_ECDSA_P256, RTCN_KEY_TYPE_RSA)) return Invalid(fn, "unknown key type");
    // W3C generateCertificate: parameters the engine cannot use are a NotSupportedError.
    if (key_type == RTCN_KEY_TYPE_RSA && !IsSupportedRsa(modulus_length, public_exponent))
      return Fail(RTCN_ERROR_NOT_SUPPORTED, std::string(fn) +
                                                ": NotSupportedError: RSA needs a modulus of 1024..8192 bits and "
                                                "public exponent 65537");
    CertificatePem pem;
    Error error;
    if (!GenerateCertificate(key_type, modulus_length, public_exponent, expires_ms, &pem, &error)) return Fail(error);
    char* key = CopyOut(pem.private_key);
    char* certificate = CopyOut(pem.certificate);
    if (key == nullptr || certificate == nullptr) {
      std::free(key);
      std::free(certificate);
      return Fail(RTCN_ERROR_INTERNAL, std::string(fn) + ": out of memory");
    }
    *out_private_key_pem = key;
    *out_certificate_pem = certificate;
    return RTCN_OK;
  });
}

rtcn_status rtcn_certificate_inspect(const rtcn_certificate_pem* certificate, int64_t* out_expires_ms,
                                     char** out_fingerprint_algorithm, char** out_fingerprint_value) noexcept {
  const char* const fn = __func__;  // inside the lambda __func__ would name the lambda
  return Guard(fn, [&] {
    if (out_expires_ms == nullptr || out_fingerprint_algorithm == nullptr || out_fingerprint_value == nullptr)
      return NullArgument(fn, "an out parameter");
    *out_fingerprint_algorithm = nullptr;
    *out_fingerprint_value = nullptr;
    if (certificate == nullptr || certificate->private_key == nullptr || certificate->certificate == nullptr)
      return NullArgument(fn, "certificate");
    Error error;
    rtc::scoped_refptr<rtc::RTCCertificate> parsed =
        CertificateFromPem(certificate->private_key, certificate->certificate, &error);
    if (!parsed) return Invalid(fn, error.message);
    std::string algorithm;
    std::string value;
    if (!Sha256Fingerprint(*parsed, &algorithm, &value))
      return Fail(RTCN_ERROR_OPERATION, std::string(fn) + ": OperationError: the fingerprint could not be computed");
    char* algorithm_copy = CopyOut(algorithm);
    char* value_copy = CopyOut(value);
    if (algorithm_copy == nullptr || value_copy == nullptr) {
      std::free(algorithm_copy);
      std::free(value_copy);
      return Fail(RTCN_ERROR_INTERNAL, std::string(fn) + ": out of memory");
    }
    *out_expires_ms = static_cast<int64_t>(parsed->Expires());
    *out_fingerprint_algorithm = algorithm_copy;
    *out_fingerprint_value = value_copy;
    return RTCN_OK;
  });
}

}  // extern "C"
