/*
 * rtcnative/factory.h - rtcn_factory: libwebrtc's PeerConnectionFactory with its threads,
 * network settings, codecs and audio device. Part of rtcnative.h.
 */
#ifndef RTCNATIVE_FACTORY_H
#define RTCNATIVE_FACTORY_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which audio device a factory drives. */
typedef enum rtcn_audio_device_kind RTCN_ENUM_BASE {
    /* The platform device: PulseAudio when its server answers, else ALSA when it lists an output;
     * the headless device when neither. */
    RTCN_AUDIO_DEVICE_AUTO = 0,
    /* The platform device; factory creation fails when neither PulseAudio nor ALSA has one. */
    RTCN_AUDIO_DEVICE_PLATFORM = 1,
    /* libwebrtc's dummy device: nothing pulls playout, so remote audio reaches no sink. */
    RTCN_AUDIO_DEVICE_DUMMY = 2,
    /* Ours, for servers and CI: pulls playout every 10 ms (remote audio reaches sinks and
     * processors, nothing is played) and records nothing. */
    RTCN_AUDIO_DEVICE_HEADLESS = 3
} rtcn_audio_device_kind;

/* How many threads libwebrtc runs for the factory. */
typedef enum rtcn_thread_layout RTCN_ENUM_BASE {
    /* One thread plays libwebrtc's network, worker and signaling roles: no thread hop per data
     * channel message (M109 makes two), the fastest for data channels, one core in all. */
    RTCN_THREAD_LAYOUT_SHARED = 0,
    /* libwebrtc's standard layout: a network, a worker and a signaling thread (media work,
     * many connections). */
    RTCN_THREAD_LAYOUT_SPLIT = 1
} rtcn_thread_layout;

typedef struct rtcn_factory_options {
    int32_t include_loopback;               /* gather host candidates on loopback interfaces */
    const char* const* network_interfaces;  /* allow-list of interface names; NULL = all */
    int32_t network_interface_count;
    int32_t min_port;                       /* lowest local port; 0 = unrestricted */
    int32_t max_port;                       /* highest local port; 0 = unrestricted (65535) */
    rtcn_audio_device_kind audio_device;
    rtcn_thread_layout thread_layout;
} rtcn_factory_options;

/* options may be NULL for the defaults. user_data comes back through user_data_released once
 * the factory's threads have stopped after rtcn_factory_release. */
RTCN_API rtcn_status rtcn_factory_create(const rtcn_factory_options* options, void* user_data,
                                         rtcn_factory** out_factory) RTCN_NOEXCEPT;
/* Closes every connection the factory created (their handles stay valid and report closed;
 * their channels close), then drops the handle's reference. Returns at once: libwebrtc's
 * threads stop on a native background thread once no connection or channel handle uses them,
 * then user_data_released(user_data) is raised. */
RTCN_API rtcn_status rtcn_factory_release(rtcn_factory* factory) RTCN_NOEXCEPT;
/* The audio device the factory ended up with (AUTO resolves to PLATFORM or HEADLESS). */
RTCN_API rtcn_status rtcn_factory_get_audio_device(rtcn_factory* factory, rtcn_audio_device_kind* out_kind) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_FACTORY_H */
