/*
 * rtcnative/display_capture.h - screen and window capture (getDisplayMedia) over libwebrtc's
 * X11 desktop capturer. Part of rtcnative.h.
 *
 * There is no picker: the embedder names what to capture (the whole screen, or one window by
 * its X window id or title). Frames are captured on a native thread of the source's own at the
 * requested rate, converted to I420 and delivered to the source's track like a generator's.
 */
#ifndef RTCNATIVE_DISPLAY_CAPTURE_H
#define RTCNATIVE_DISPLAY_CAPTURE_H

#include "base.h"
#include "factory.h"
#include "media.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A display capture source: one capturer on one X display connection. */
typedef struct rtcn_display_source rtcn_display_source;

/* What to capture (W3C displaySurface). */
typedef enum rtcn_display_surface {
    RTCN_DISPLAY_SURFACE_MONITOR = 0, /* the whole screen (every monitor of the X screen) */
    RTCN_DISPLAY_SURFACE_WINDOW = 1   /* one top-level window */
} rtcn_display_surface;

/* The frame rate used when frame_rate is 0 (Chrome's getDisplayMedia default). */
#define RTCN_DISPLAY_DEFAULT_FRAME_RATE 30
/* The highest frame rate accepted. */
#define RTCN_DISPLAY_MAX_FRAME_RATE 120

/* Opens display_name (an X display such as ":99"; NULL or "" = the DISPLAY environment
 * variable), selects the surface and captures a first frame before returning, so a capture
 * that cannot start fails here: RTCN_ERROR_NOT_SUPPORTED when this build has no X11 capturer,
 * RTCN_ERROR_OPERATION when the display cannot be opened or the screen or window cannot be
 * captured, also when no such window exists (what W3C calls NotReadableError; the message
 * says which).
 * A window is named by window_id (an X window id) or, when window_id is 0, by window_title: the
 * first top-level window (one a window manager marks with WM_STATE) whose title contains it.
 * frame_rate: frames per second, 0 = RTCN_DISPLAY_DEFAULT_FRAME_RATE, else 1..MAX.
 *
 * The source ends (its tracks end, capture stops, the display connection closes) when the
 * captured window goes away, when the X server goes away (the process is not exited, as Xlib
 * would by default), when every track of the source was stopped or released, or on release. When
 * it ends by itself, display_source_ended(user_data) is raised once, on libwebrtc's signaling
 * thread (never on the capture thread); user_data comes back through user_data_released after
 * the release, as the source's last callback. out_track is the source's first track. */
RTCN_API rtcn_status rtcn_display_source_create(rtcn_factory* factory, const char* display_name,
                                                rtcn_display_surface surface, uint64_t window_id,
                                                const char* window_title, double frame_rate, void* user_data,
                                                rtcn_display_source** out_source,
                                                rtcn_media_track** out_track) RTCN_NOEXCEPT;
/* The X window id or screen id being captured (for a monitor: -1, the whole desktop). */
RTCN_API rtcn_status rtcn_display_source_get_source_id(rtcn_display_source* source, int64_t* out_id) RTCN_NOEXCEPT;
/* Frames captured and delivered so far (a capture that runs counts up at the frame rate). */
RTCN_API rtcn_status rtcn_display_source_get_frame_count(rtcn_display_source* source, uint64_t* out_count) RTCN_NOEXCEPT;
/* Ends the source (capture stops and is joined, its tracks end), then drops the handle's
 * reference. No display_source_ended is raised for a release. */
RTCN_API rtcn_status rtcn_display_source_release(rtcn_display_source* source) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_DISPLAY_CAPTURE_H */
