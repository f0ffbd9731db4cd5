/*
 * rtcnative/video_capture.h - cameras: the V4L2 devices libwebrtc's VideoCaptureFactory sees
 * (names, unique ids, native modes) and capture from one of them into a video track, like a
 * VideoTrackGenerator's. Part of rtcnative.h.
 *
 * The embedder chooses the mode (mediacapture-streams SelectSettings runs on its side) and may
 * ask for a smaller output (crop-and-scale: the frames are cropped to the output's aspect ratio
 * and scaled down, and frames dropped down to the output's frame rate).
 *
 * Threads: enumeration opens the /dev/video* nodes (blocking, short); call it off any UI
 * thread. libwebrtc's capture thread delivers frames to the track's sinks directly.
 */
#ifndef RTCNATIVE_VIDEO_CAPTURE_H
#define RTCNATIVE_VIDEO_CAPTURE_H

#include "base.h"
#include "media.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A snapshot of the camera list (immutable). */
typedef struct rtcn_video_capture_devices rtcn_video_capture_devices;
/* An open camera: the source of its tracks. */
typedef struct rtcn_video_capture rtcn_video_capture;

typedef struct rtcn_video_capture_device_info {
    const char* name;        /* the driver's card name; valid while the list lives */
    const char* unique_id;   /* libwebrtc's unique id (the V4L2 bus info); what open takes */
    const char* product_id;  /* "" when the driver gives none */
    int32_t mode_count;
} rtcn_video_capture_device_info;

/* One native mode of a device (libwebrtc's VideoCaptureCapability). */
typedef struct rtcn_video_capture_mode {
    int32_t width;
    int32_t height;
    int32_t max_fps;
    int32_t video_type;      /* libwebrtc's webrtc::VideoType (I420 = 1, YUY2 = 6, MJPEG = 10, ...) */
    int32_t interlaced;
} rtcn_video_capture_mode;

/* What a camera delivers: the device mode to open, and the output (0 = the mode's own). */
typedef struct rtcn_video_capture_format {
    int32_t width;           /* the mode, as listed */
    int32_t height;
    int32_t max_fps;
    int32_t output_width;    /* <= width, or 0 */
    int32_t output_height;   /* <= height, or 0 */
    double output_frame_rate;/* <= max_fps, or 0 */
} rtcn_video_capture_format;

/* Lists the cameras now (an empty list when there is none). */
RTCN_API rtcn_status rtcn_video_capture_enumerate(rtcn_video_capture_devices** out_devices) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_video_capture_devices_count(rtcn_video_capture_devices* devices,
                                                      int32_t* out_count) RTCN_NOEXCEPT;
/* RTCN_ERROR_RANGE for an index outside the list. */
RTCN_API rtcn_status rtcn_video_capture_devices_get(rtcn_video_capture_devices* devices, int32_t index,
                                                    rtcn_video_capture_device_info* out_info) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_video_capture_devices_get_mode(rtcn_video_capture_devices* devices, int32_t index,
                                                         int32_t mode_index,
                                                         rtcn_video_capture_mode* out_mode) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_video_capture_devices_release(rtcn_video_capture_devices* devices) RTCN_NOEXCEPT;

/* Opens the camera with the format and makes its first track (track_id NULL = a random id).
 * RTCN_ERROR_NOT_FOUND when no camera has that id, RTCN_ERROR_NOT_READABLE when it cannot be
 * started. */
RTCN_API rtcn_status rtcn_video_capture_open(rtcn_factory* factory, const char* unique_id,
                                             const rtcn_video_capture_format* format, const char* track_id,
                                             rtcn_video_capture** out_capture,
                                             rtcn_media_track** out_track) RTCN_NOEXCEPT;
/* Restarts the capture with another format (applyConstraints); on failure the previous format
 * is restored when it can be. */
RTCN_API rtcn_status rtcn_video_capture_set_format(rtcn_video_capture* capture,
                                                   const rtcn_video_capture_format* format) RTCN_NOEXCEPT;
/* Stops the capture, ends its tracks and drops the handle's reference. */
RTCN_API rtcn_status rtcn_video_capture_release(rtcn_video_capture* capture) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif
