#include "certificates.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>

#include "rtc_base/message_digest.h"
#include "rtc_base/rtc_certificate_generator.h"
#include "rtc_base/ssl_fingerprint.h"
#include "rtc_base/ssl_identity.h"

namespace rtcn {
namespace {

// libwebrtc's own bounds (rtc_base/ssl_identity.h: kRsaMinModSize, kRsaMaxModSize).
constexpr int32_t kRsaMinModulus = 1024;
constexpr int32_t kRsaMaxModulus = 8192;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Deleter {
  void operator()(X509* x509) const { X509_free(x509); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioDeleter> ReadOnlyBio(const char* text) {
  return std::unique_ptr<BIO, BioDeleter>(BIO_new_mem_buf(text, static_cast<int>(std::strlen(text))));
}

// libwebrtc pairs any parseable key with any parseable certificate; a mismatched pair would
// only fail later, inside the DTLS handshake. Check it here with OpenSSL itself.
bool KeyMatchesCertificate(const char* private_key, const char* certificate) {
  auto cert_bio = ReadOnlyBio(certificate);
  auto key_bio = ReadOnlyBio(private_key);
  if (!cert_bio || !key_bio) return false;
  std::unique_ptr<X509, X509Deleter> x509(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  return x509 && key && X509_check_private_key(x509.get(), key.get()) == 1;
}

}  // namespace

bool IsSupportedRsa(int32_t modulus_length, uint32_t public_exponent) {
  // KeyParams::IsValid also demands pub_exp > mod_size, which rules out exponent 3 here.
  return modulus_length >= kRsaMinModulus && modulus_length <= kRsaMaxModulus && public_exponent == 65537;
}

bool GenerateCertificate(rtcn_key_type key_type, int32_t modulus_length, uint32_t public_exponent,
                         uint64_t expires_ms, CertificatePem* out, Error* error) {
  const rtc::KeyParams params = key_type == RTCN_KEY_TYPE_RSA
                                    ? rtc::KeyParams::RSA(modulus_length, static_cast<int>(public_exponent))
                                    : rtc::KeyParams::ECDSA(rtc::EC_NIST_P256);
  if (!params.IsValid()) {
    *error = MakeError(RTCN_ERROR_NOT_SUPPORTED, "NotSupportedError: libwebrtc rejects these key parameters");
    return false;
  }
  absl::optional<uint64_t> expires;
  if (expires_ms != 0) expires = expires_ms;
  // 0 is the ABI's "default lifetime". libwebrtc counts whole seconds (and caps at a year), so
  // 1..999 ms gives a certificate that expires now, as W3C's expires: 0 does.
  rtc::scoped_refptr<rtc::RTCCertificate> certificate = rtc::RTCCertificateGenerator::GenerateCertificate(params, expires);
  if (!certificate) {
    *error = MakeError(RTCN_ERROR_OPERATION, "OperationError: certificate generation failed");
    return false;
  }
  const rtc::RTCCertificatePEM pem = certificate->ToPEM();
  out->private_key = pem.private_key();
  out->certificate = pem.certificate();
  return true;
}

rtc::scoped_refptr<rtc::RTCCertificate> CertificateFromPem(const char* private_key, const char* certificate,
                                                           Error* error) {
  rtc::scoped_refptr<rtc::RTCCertificate> parsed =
      rtc::RTCCertificate::FromPEM(rtc::RTCCertificatePEM(private_key, certificate));
  if (!parsed) {
    *error = MakeError(RTCN_ERROR_INVALID_ARGUMENT, "the certificate or private key PEM does not parse");
    return nullptr;
  }
  if (!KeyMatchesCertificate(private_key, certificate)) {
    *error = MakeError(RTCN_ERROR_INVALID_ARGUMENT, "the private key does not belong to the certificate");
    return nullptr;
  }
  return parsed;
}

bool Sha256Fingerprint(const rtc::RTCCertificate& certificate, std::string* algorithm, std::string* value) {
  std::unique_ptr<rtc::SSLFingerprint> fingerprint =
      rtc::SSLFingerprint::Create(rtc::DIGEST_SHA_256, certificate.GetSSLCertificate());
  if (!fingerprint) return false;
  *algorithm = fingerprint->algorithm;
  *value = fingerprint->GetRfc4572Fingerprint();
  return true;
}

}  // namespace rtcn
