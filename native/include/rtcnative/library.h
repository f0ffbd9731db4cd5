/*
 * rtcnative/library.h - process-wide functions: the ABI version, the live-object counter and
 * libwebrtc's log sink. Part of rtcnative.h.
 */
#ifndef RTCNATIVE_LIBRARY_H
#define RTCNATIVE_LIBRARY_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rtcn_log_severity RTCN_ENUM_BASE {
    RTCN_LOG_SEVERITY_VERBOSE = 0,
    RTCN_LOG_SEVERITY_INFO = 1,
    RTCN_LOG_SEVERITY_WARNING = 2,
    RTCN_LOG_SEVERITY_ERROR = 3,
    RTCN_LOG_SEVERITY_NONE = 4
} rtcn_log_severity;

/* Kinds of native object counted by rtcn_get_live_object_count. */
typedef enum rtcn_object_kind RTCN_ENUM_BASE {
    RTCN_OBJECT_ALL = 0,
    RTCN_OBJECT_FACTORY = 1,
    RTCN_OBJECT_PEER_CONNECTION = 2,
    RTCN_OBJECT_DATA_CHANNEL = 3,
    RTCN_OBJECT_OPERATION = 4,
    RTCN_OBJECT_MEDIA_TRACK = 5,       /* track objects (local and remote) */
    RTCN_OBJECT_MEDIA_SOURCE = 6,      /* generator sources */
    RTCN_OBJECT_MEDIA_SINK = 7,
    RTCN_OBJECT_TRANSCEIVER = 8,
    RTCN_OBJECT_MEDIA_BUFFER = 9       /* video frame and audio data handles */
} rtcn_object_kind;

/* RTCN_ABI_VERSION of the loaded library. */
RTCN_API rtcn_status rtcn_get_abi_version(int32_t* out_version) RTCN_NOEXCEPT;

/* Number of live native objects of a kind (RTCN_OBJECT_ALL: every kind). A factory counts
 * until its threads have stopped; a connection or channel until libwebrtc released it. */
RTCN_API rtcn_status rtcn_get_live_object_count(rtcn_object_kind kind, int64_t* out_count) RTCN_NOEXCEPT;

/* Routes libwebrtc's log lines at min_severity and above to log_message with user_data.
 * RTCN_LOG_SEVERITY_NONE detaches the sink (the default: formatting costs throughput). */
/* The clock of the test pattern's capture times and of frames' timestamps: microseconds of
 * CLOCK_MONOTONIC (libwebrtc's rtc::TimeMicros). */
RTCN_API rtcn_status rtcn_get_time_us(int64_t* out_time_us) RTCN_NOEXCEPT;

RTCN_API rtcn_status rtcn_set_log_sink(rtcn_log_severity min_severity, void* user_data) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_LIBRARY_H */
