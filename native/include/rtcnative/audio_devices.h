/*
 * rtcnative/audio_devices.h - the platform's audio devices: listing microphones and speakers,
 * watching that list, microphone tracks, and where a factory's platform audio device plays.
 * Part of rtcnative.h.
 *
 * The sound system is PulseAudio when its server answers (PULSE_SERVER, else the user's runtime
 * directory), else ALSA, as Chrome on Linux: ALSA's devices are listed with Chrome's rules (per
 * card: inputs except default/dmix/null/pulse/surround*, outputs plughw* only, a "default" entry
 * first) plus the PCMs of the user's ALSA configuration that carry a hint description. Devices,
 * microphones and the platform device all use the system that answers at the time. libpulse and
 * libasound are loaded at run time (no link-time dependency): without either, the lists are empty
 * and microphones fail with RTCN_ERROR_NOT_READABLE. Every wait on a server is bounded.
 */
#ifndef RTCNATIVE_AUDIO_DEVICES_H
#define RTCNATIVE_AUDIO_DEVICES_H

#include "base.h"
#include "factory.h"
#include "media.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rtcn_media_device_kind RTCN_ENUM_BASE {
    RTCN_MEDIA_DEVICE_AUDIO_INPUT = 0, /* a PulseAudio source (monitors of sinks are not listed), or an ALSA PCM */
    RTCN_MEDIA_DEVICE_AUDIO_OUTPUT = 1 /* a PulseAudio sink, or an ALSA PCM */
} rtcn_media_device_kind;

/* Strings valid while the list lives. */
typedef struct rtcn_audio_device_info {
    rtcn_media_device_kind kind;
    const char* name;          /* the system's name (PulseAudio's, or the ALSA PCM's): what rtcn_microphone_open
                                  and set_playout_device take */
    const char* label;         /* its description */
    const char* group;         /* the card's name, else the device's own name */
    int32_t is_default;        /* PulseAudio: the server's default source or sink; ALSA: the "default" entry */
} rtcn_audio_device_info;

typedef struct rtcn_audio_device_list rtcn_audio_device_list;

/* Asks the PulseAudio server for its sources and sinks, waiting at most timeout_ms (1..60000); with
 * no server, ALSA. No sound system is not an error: the list is empty and *out_server_available 0
 * (1 when the server answered or ALSA listed devices). */
RTCN_API rtcn_status rtcn_audio_devices_enumerate(int32_t timeout_ms, rtcn_audio_device_list** out_list,
                                                  int32_t* out_server_available) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_audio_device_list_get_count(rtcn_audio_device_list* list, int32_t* out_count) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_audio_device_list_get(rtcn_audio_device_list* list, int32_t index,
                                                rtcn_audio_device_info* out_info) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_audio_device_list_release(rtcn_audio_device_list* list) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * Watching the list (devicechange): a native thread subscribes to the server's source and sink
 * events and counts them; the embedder waits for the count to move from its own thread.
 * ------------------------------------------------------------------------------------------ */

typedef struct rtcn_audio_device_monitor rtcn_audio_device_monitor;

/* Starts watching (reconnecting every second while no server answers, and looking at ALSA's list
 * meanwhile). */
RTCN_API rtcn_status rtcn_audio_device_monitor_create(rtcn_audio_device_monitor** out_monitor) RTCN_NOEXCEPT;
/* Waits at most timeout_ms (0..60000) until the change count differs from known_count, then
 * gives the count now (equal to known_count on timeout). A source or sink added, removed or
 * changed, or the server appearing or going away, each moves the count. */
RTCN_API rtcn_status rtcn_audio_device_monitor_wait(rtcn_audio_device_monitor* monitor, uint64_t known_count,
                                                    int32_t timeout_ms, uint64_t* out_count) RTCN_NOEXCEPT;
/* Stops the watching thread (a wait in progress returns) and frees the monitor. */
RTCN_API rtcn_status rtcn_audio_device_monitor_release(rtcn_audio_device_monitor* monitor) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * Microphones: a track that captures one input (a PulseAudio source, else an ALSA PCM) on a thread
 * of its own (10 ms chunks) through its own audio processing, and carries only that input (no
 * other track hears it; the factory's audio device records nothing). Stopping the track and its clones,
 * or releasing them, stops the capture; a source that goes away ends the tracks.
 * ------------------------------------------------------------------------------------------ */

typedef struct rtcn_microphone_options {
    int32_t echo_cancellation;   /* the far end: what the factory's platform device plays */
    int32_t noise_suppression;
    int32_t auto_gain_control;
    int32_t sample_rate;         /* 0 = 48000; else RTCN_AUDIO_MIN_SAMPLE_RATE..MAX, divisible by 100 */
    int32_t channel_count;       /* 0 = 1; else 1 or 2 */
} rtcn_microphone_options;

/* device_name: an input's name from the list, NULL for the system's default. track_id NULL = a
 * random UUID. RTCN_ERROR_NOT_READABLE when the input cannot be opened (no sound system, no such
 * input, busy, refused). */
RTCN_API rtcn_status rtcn_microphone_open(rtcn_factory* factory, const char* device_name,
                                          const rtcn_microphone_options* options, const char* track_id,
                                          rtcn_media_track** out_track) RTCN_NOEXCEPT;
/* Waits at most timeout_ms (0..60000) until the track ended; *out_ended 1 when it did. For
 * device tracks, whose source can end on its own (the embedder's watcher raises "ended" then;
 * a track ended by rtcn_media_track_stop ends too, and raises nothing, as the spec says). */
RTCN_API rtcn_status rtcn_media_track_wait_ended(rtcn_media_track* track, int32_t timeout_ms,
                                                 int32_t* out_ended) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * The factory's platform device (RTCN_AUDIO_DEVICE_PLATFORM): where remote audio plays.
 * Other devices fail with RTCN_ERROR_INVALID_STATE.
 * ------------------------------------------------------------------------------------------ */

/* sink_name NULL = the system's default output. RTCN_ERROR_NOT_FOUND for a name the device does
 * not list; RTCN_ERROR_NOT_READABLE when it cannot be opened. Playout restarts on the new output.
 * The device plays on the system that answered when the factory was made: PulseAudio (libwebrtc's
 * device), else ALSA (a device of ours that plays on a PCM by name, volume applied in software). */
RTCN_API rtcn_status rtcn_factory_set_playout_device(rtcn_factory* factory, const char* sink_name) RTCN_NOEXCEPT;
/* The playout volume, 0..1 of the device's range. */
RTCN_API rtcn_status rtcn_factory_set_playout_volume(rtcn_factory* factory, double volume) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_factory_get_playout_volume(rtcn_factory* factory, double* out_volume) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_AUDIO_DEVICES_H */
