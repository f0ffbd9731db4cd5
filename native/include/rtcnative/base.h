/*
 * rtcnative/base.h - what every part of the ABI shares: export macros, status codes, the
 * last-error mechanism, and the opaque handle types. Part of rtcnative.h; include that.
 *
 * Conventions (see shared/ARCHITECTURE.md):
 *  - Pure C99. Every symbol and type carries the rtcn_ / RTCN_ prefix.
 *  - Every function returns rtcn_status; results go through out-parameters. On failure a
 *    thread-local error (rtcn_get_last_error) says what happened, with the W3C error name.
 *  - Handles are opaque. Each handle returned holds one reference, released by its
 *    *_release function from any thread; releasing NULL does nothing, as free(NULL). A release
 *    never blocks: what it tears down runs on libwebrtc's threads, and the object's user_data
 *    is handed back through the user_data_released callback once no callback of the object
 *    runs or will run. Child handles (data channels) stay valid after their connection is
 *    closed or released: they then report the closed state.
 *  - Strings are UTF-8 and NUL-terminated; binary data is pointer + length. Strings and
 *    structs passed to callbacks are borrowed for the duration of the call. Strings the shim
 *    returns are freed with rtcn_free.
 *  - No function lets a C++ exception or a libwebrtc CHECK escape from bad input.
 */
#ifndef RTCNATIVE_BASE_H
#define RTCNATIVE_BASE_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(RTCN_BUILDING)
#    define RTCN_API __declspec(dllexport)
#  else
#    define RTCN_API __declspec(dllimport)
#  endif
#else
#  define RTCN_API __attribute__((visibility("default")))
#endif

/* Every export is noexcept in C++: no exception can cross into the embedder. */
#ifdef __cplusplus
#  define RTCN_NOEXCEPT noexcept
#else
#  define RTCN_NOEXCEPT
#endif

/* Every enum has int32_t underneath in C++ too, so a value out of range handed in by an embedder (C allows it)
 * is a plain integer the shim checks, not undefined behaviour. */
#ifdef __cplusplus
#  define RTCN_ENUM_BASE : int32_t
#else
#  define RTCN_ENUM_BASE
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Raised whenever a function, struct or callback changes incompatibly. */
#define RTCN_ABI_VERSION 9

typedef enum rtcn_status RTCN_ENUM_BASE {
    RTCN_OK = 0,
    RTCN_ERROR_INVALID_ARGUMENT = 1,     /* W3C TypeError: a usage error */
    RTCN_ERROR_RANGE = 2,                /* W3C RangeError */
    RTCN_ERROR_INVALID_STATE = 3,        /* InvalidStateError */
    RTCN_ERROR_INVALID_ACCESS = 4,       /* InvalidAccessError */
    RTCN_ERROR_INVALID_MODIFICATION = 5, /* InvalidModificationError */
    RTCN_ERROR_OPERATION = 6,            /* OperationError (RTCError) */
    RTCN_ERROR_SYNTAX = 7,               /* SyntaxError */
    RTCN_ERROR_NOT_SUPPORTED = 8,        /* NotSupportedError */
    RTCN_ERROR_NETWORK = 9,              /* NetworkError */
    RTCN_ERROR_CLOSED = 10,              /* the object or its connection is closed or released */
    RTCN_ERROR_INTERNAL = 11,            /* a bug or resource failure inside the shim */
    RTCN_ERROR_CANCELED = 12,            /* an operation canceled before it started */
    RTCN_ERROR_INVALID_CHARACTER = 13,   /* InvalidCharacterError (insertDTMF's tones) */
    RTCN_ERROR_NOT_READABLE = 14,        /* NotReadableError: a device could not be opened or read */
    RTCN_ERROR_NOT_FOUND = 15            /* NotFoundError: no such device */
} rtcn_status;

/* RTCErrorDetailType of webrtc-pc. */
typedef enum rtcn_error_detail RTCN_ENUM_BASE {
    RTCN_ERROR_DETAIL_NONE = 0,
    RTCN_ERROR_DETAIL_DATA_CHANNEL_FAILURE = 1,
    RTCN_ERROR_DETAIL_DTLS_FAILURE = 2,
    RTCN_ERROR_DETAIL_FINGERPRINT_FAILURE = 3,
    RTCN_ERROR_DETAIL_SCTP_FAILURE = 4,
    RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR = 5,
    RTCN_ERROR_DETAIL_HARDWARE_ENCODER_NOT_AVAILABLE = 6,
    RTCN_ERROR_DETAIL_HARDWARE_ENCODER_ERROR = 7
} rtcn_error_detail;

typedef struct rtcn_error {
    rtcn_status status;
    rtcn_error_detail detail;
    int32_t sdp_line_number;   /* 1-based line of a malformed SDP; 0 when unknown */
    int32_t sctp_cause_code;   /* SCTP cause for SCTP failures; -1 when none */
    const char* message;       /* UTF-8, never NULL */
} rtcn_error;

/* The error of the last failing call on this thread. message stays valid until the next
 * call into this ABI on the same thread. Returns RTCN_ERROR_INVALID_ARGUMENT for NULL. */
RTCN_API rtcn_status rtcn_get_last_error(rtcn_error* out_error) RTCN_NOEXCEPT;

/* Frees a string or buffer returned by this ABI. NULL is allowed. */
RTCN_API rtcn_status rtcn_free(void* memory) RTCN_NOEXCEPT;

/* The handles. */
typedef struct rtcn_factory rtcn_factory;
typedef struct rtcn_peer_connection rtcn_peer_connection;
typedef struct rtcn_data_channel rtcn_data_channel;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_BASE_H */
