// Extra trust anchors for TLS to turns: servers: RTCIceServer's trusted root certificates, checked
// by the rtc::SSLCertificateVerifier libwebrtc takes per connection (PeerConnectionDependencies).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "errors.h"
#include "rtc_base/ssl_certificate.h"

typedef struct x509_st X509;

namespace rtcn {

// The roots of one connection. Replaced as a whole by setConfiguration; read on libwebrtc's
// network thread during TLS handshakes, hence the lock.
class TrustedRoots {
 public:
  ~TrustedRoots();
  // Parses PEM texts of one or more certificates each; false (with error) when one holds none or
  // does not parse. On failure the roots in use stay as they were.
  bool Replace(const std::vector<std::string>& pem_texts, Error* error);
  // Takes other's roots (other is left empty), in one step for a verifier running meanwhile.
  void Adopt(TrustedRoots& other);
  // Whether certificate verifies (signature chain, validity period, TLS server purpose) against
  // one of the roots alone. libwebrtc asks this only about a certificate its own check refused.
  bool Verifies(X509* certificate) const;

 private:
  void FreeRoots();

  mutable std::mutex mutex_;
  std::vector<X509*> roots_;
};

// The verifier handed to libwebrtc, sharing the connection's roots.
class TrustedRootsVerifier : public rtc::SSLCertificateVerifier {
 public:
  explicit TrustedRootsVerifier(std::shared_ptr<const TrustedRoots> roots) : roots_(std::move(roots)) {}
  bool Verify(const rtc::SSLCertificate& certificate) override;

 private:
  const std::shared_ptr<const TrustedRoots> roots_;
};

}  // namespace rtcn
