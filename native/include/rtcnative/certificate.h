/*
 * rtcnative/certificate.h - DTLS certificates (RTCPeerConnection.generateCertificate,
 * RTCCertificate). Part of rtcnative.h.
 */
#ifndef RTCNATIVE_CERTIFICATE_H
#define RTCNATIVE_CERTIFICATE_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Key types for rtcn_certificate_generate. */
typedef enum rtcn_key_type RTCN_ENUM_BASE {
    RTCN_KEY_TYPE_ECDSA_P256 = 0,
    RTCN_KEY_TYPE_RSA = 1
} rtcn_key_type;

/* A DTLS certificate with its private key, both PEM (see rtcn_certificate_generate). */
typedef struct rtcn_certificate_pem {
    const char* private_key;
    const char* certificate;
} rtcn_certificate_pem;

/* Generates a self-signed DTLS certificate (as RTCPeerConnection.generateCertificate): ECDSA
 * P-256, or RSA with modulus_length 1024..8192 bits and public_exponent 65537 (libwebrtc's
 * limits; other RSA parameters fail with RTCN_ERROR_NOT_SUPPORTED). expires_ms: validity from
 * now in milliseconds, counted in whole seconds and capped at a year (0 = libwebrtc's 30 days;
 * 1..999 = expires now). Blocks for the key generation (RSA 2048: about 0.1 s). Both PEM
 * strings are freed with rtcn_free. */
RTCN_API rtcn_status rtcn_certificate_generate(rtcn_key_type key_type, int32_t modulus_length, uint32_t public_exponent,
                                               uint64_t expires_ms, char** out_private_key_pem,
                                               char** out_certificate_pem) RTCN_NOEXCEPT;

/* Reads a certificate: its expiry (ms since the Unix epoch) and its SHA-256 fingerprint
 * ("sha-256", upper-case hex pairs joined by ':'); the strings are freed with rtcn_free.
 * Fails with RTCN_ERROR_INVALID_ARGUMENT when the PEM pair does not parse or does not match. */
RTCN_API rtcn_status rtcn_certificate_inspect(const rtcn_certificate_pem* certificate, int64_t* out_expires_ms,
                                              char** out_fingerprint_algorithm, char** out_fingerprint_value) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_CERTIFICATE_H */
