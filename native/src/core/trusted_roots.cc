#include "trusted_roots.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "rtc_base/openssl_certificate.h"

namespace rtcn {

namespace {

// Every certificate of one PEM text, in order; empty when it holds none or one is malformed.
std::vector<X509*> ParsePem(const std::string& pem) {
  std::vector<X509*> certificates;
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return certificates;
  ERR_set_mark();  // the errors below are ours: dropped after, the thread's earlier ones kept
  for (;;) {
    X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    if (certificate == nullptr) break;
    certificates.push_back(certificate);
  }
  // The loop ends at the first block that is not a certificate: the end of the text is the only
  // good reason (PEM_R_NO_START_LINE); anything else is a malformed certificate.
  const unsigned long last = ERR_peek_last_error();
  const bool clean_end = ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
  ERR_pop_to_mark();
  BIO_free(bio);
  if (!clean_end) {
    for (X509* certificate : certificates) X509_free(certificate);
    certificates.clear();
  }
  return certificates;
}

}  // namespace

TrustedRoots::~TrustedRoots() { FreeRoots(); }

void TrustedRoots::FreeRoots() {
  for (X509* root : roots_) X509_free(root);
  roots_.clear();
}

bool TrustedRoots::Replace(const std::vector<std::string>& pem_texts, Error* error) {
  std::vector<X509*> parsed;
  for (const std::string& pem : pem_texts) {
    std::vector<X509*> certificates = ParsePem(pem);
    if (certificates.empty()) {
      for (X509* certificate : parsed) X509_free(certificate);
      *error = MakeError(RTCN_ERROR_INVALID_ARGUMENT, "tls_trusted_roots_pem holds no certificate or a malformed one");
      return false;
    }
    parsed.insert(parsed.end(), certificates.begin(), certificates.end());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  FreeRoots();
  roots_ = std::move(parsed);
  return true;
}

void TrustedRoots::Adopt(TrustedRoots& other) {
  std::vector<X509*> taken;
  {
    std::lock_guard<std::mutex> lock(other.mutex_);
    taken.swap(other.roots_);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  FreeRoots();
  roots_ = std::move(taken);
}

bool TrustedRoots::Verifies(X509* certificate) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (roots_.empty() || certificate == nullptr) return false;
  // Called inside OpenSSL's verify callback of a TLS handshake: leave its error queue as it was.
  ERR_set_mark();
  X509_STORE* store = X509_STORE_new();
  X509_STORE_CTX* context = X509_STORE_CTX_new();
  bool verified = false;
  if (store != nullptr && context != nullptr) {
    bool added = true;
    for (X509* root : roots_) added = added && X509_STORE_add_cert(store, root) == 1;
    if (added && X509_STORE_CTX_init(context, store, certificate, nullptr) == 1) {
      X509_STORE_CTX_set_purpose(context, X509_PURPOSE_SSL_SERVER);
      verified = X509_verify_cert(context) == 1;
    }
  }
  X509_STORE_CTX_free(context);
  X509_STORE_free(store);
  ERR_pop_to_mark();
  return verified;
}

bool TrustedRootsVerifier::Verify(const rtc::SSLCertificate& certificate) {
  // tg_owt is built with OpenSSL (not BoringSSL), so every certificate it hands over is this type.
  const auto& openssl = static_cast<const rtc::OpenSSLCertificate&>(certificate);
  return roots_->Verifies(openssl.x509());
}

}  // namespace rtcn
