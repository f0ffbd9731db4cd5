/*
 * rtcnative/media.h - MediaStreamTrack, the programmatic sources (VideoTrackGenerator,
 * AudioTrackGenerator, the built-in test pattern and tone), frames and PCM in and out, and the
 * sinks behind MediaStreamTrackProcessor. Part of rtcnative.h.
 *
 * Threads: libwebrtc's decoder, encoder and audio threads never call the embedder per frame.
 * A sink keeps a bounded queue of frames (oldest dropped and counted); when the queue, empty
 * until then, receives a frame, media_sink_available is raised once, on the factory's
 * signaling thread (never on the thread that delivered the frame), and the embedder takes
 * frames with rtcn_media_sink_read_* from a thread of its own until a read finds the queue
 * empty (which re-arms the callback). Frames are reference-counted native buffers: reading
 * one copies nothing. The *_into reads refill a handle the embedder keeps (no handle per
 * frame).
 */
#ifndef RTCNATIVE_MEDIA_H
#define RTCNATIVE_MEDIA_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rtcn_media_kind RTCN_ENUM_BASE {
    RTCN_MEDIA_KIND_AUDIO = 0,
    RTCN_MEDIA_KIND_VIDEO = 1
} rtcn_media_kind;

typedef enum rtcn_track_state RTCN_ENUM_BASE {
    RTCN_TRACK_STATE_LIVE = 0,
    RTCN_TRACK_STATE_ENDED = 1
} rtcn_track_state;

/* Pixel formats, named by byte order in memory as WebCodecs does (RGBA = R, G, B, A bytes;
 * libyuv calls that ABGR). I420 and NV12 are planar; the others one packed plane of 4 bytes
 * per pixel. */
typedef enum rtcn_video_pixel_format RTCN_ENUM_BASE {
    RTCN_VIDEO_PIXEL_FORMAT_I420 = 0,
    RTCN_VIDEO_PIXEL_FORMAT_NV12 = 1,
    RTCN_VIDEO_PIXEL_FORMAT_RGBA = 2,
    RTCN_VIDEO_PIXEL_FORMAT_BGRA = 3,
    RTCN_VIDEO_PIXEL_FORMAT_ARGB = 4
} rtcn_video_pixel_format;

/* Limits every video entry point checks (a clear RTCN_ERROR_INVALID_ARGUMENT beyond them). */
#define RTCN_VIDEO_MAX_DIMENSION 8192
/* Audio: sample rates divisible by 100 (libwebrtc works in 10 ms chunks) in this range;
 * 1 or 2 channels. */
#define RTCN_AUDIO_MIN_SAMPLE_RATE 8000
#define RTCN_AUDIO_MAX_SAMPLE_RATE 192000
#define RTCN_AUDIO_MAX_CHANNELS 2
/* Sink queue sizes accepted by rtcn_media_sink_create. */
#define RTCN_MEDIA_SINK_MAX_QUEUE 1024

typedef struct rtcn_media_track rtcn_media_track;
typedef struct rtcn_video_source rtcn_video_source;
typedef struct rtcn_audio_source rtcn_audio_source;
typedef struct rtcn_video_frame rtcn_video_frame;
typedef struct rtcn_audio_data rtcn_audio_data;
typedef struct rtcn_media_sink rtcn_media_sink;

/* ------------------------------------------------------------------------------------------
 * Tracks (MediaStreamTrack). A track handle is local (made by a generator, or a clone) or
 * remote (a receiver's, see rtp.h). Its state is the shim's copy: reads never block.
 * ------------------------------------------------------------------------------------------ */

typedef struct rtcn_media_track_info {
    rtcn_media_kind kind;
    const char* id;           /* valid while the handle lives */
    const char* label;        /* valid while the handle lives ("" for generators and remote tracks) */
    int32_t enabled;
    int32_t muted;            /* remote tracks: muted until media arrives, and after removal */
    rtcn_track_state state;
    int32_t remote;           /* 1 for a receiver's track */
} rtcn_media_track_info;

/* MediaTrackSettings: what the source produces now. -1 for members that do not apply (or are
 * not known yet, e.g. a remote video track before its first frame). */
typedef struct rtcn_media_track_settings {
    int32_t width;
    int32_t height;
    double frame_rate;        /* frames per second measured over the last second; -1 before */
    int32_t sample_rate;
    int32_t channel_count;
} rtcn_media_track_settings;

RTCN_API rtcn_status rtcn_media_track_get_info(rtcn_media_track* track, rtcn_media_track_info* out_info) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_media_track_get_settings(rtcn_media_track* track,
                                                   rtcn_media_track_settings* out_settings) RTCN_NOEXCEPT;
/* MediaStreamTrack.enabled: a disabled video track sends black frames, a disabled audio track
 * silence; its sinks (processors) receive the same. Allowed when ended (no effect). */
RTCN_API rtcn_status rtcn_media_track_set_enabled(rtcn_media_track* track, int32_t enabled) RTCN_NOEXCEPT;
/* MediaStreamTrack.stop(): ends the track (no event, as the spec says); senders using it send
 * nothing more, its sinks report ended. Idempotent. */
RTCN_API rtcn_status rtcn_media_track_stop(rtcn_media_track* track) RTCN_NOEXCEPT;
/* MediaStreamTrack.clone(): a new live track with a new id on the same source (enabled copied).
 * Cloning an ended track gives an ended track. */
RTCN_API rtcn_status rtcn_media_track_clone(rtcn_media_track* track, rtcn_media_track** out_clone) RTCN_NOEXCEPT;
/* Drops the handle's reference; never blocks. The track lives on while a sender uses it. */
RTCN_API rtcn_status rtcn_media_track_release(rtcn_media_track* track) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * Video frames (WebCodecs VideoFrame): a reference to a native buffer, I420 or NV12.
 * ------------------------------------------------------------------------------------------ */

typedef struct rtcn_video_frame_info {
    int32_t width;
    int32_t height;
    int64_t timestamp_us;
    rtcn_video_pixel_format format;   /* I420 or NV12 */
    int32_t plane_count;              /* 3 for I420, 2 for NV12 */
    uint8_t* data0;                   /* plane pointers, valid while the handle lives */
    uint8_t* data1;
    uint8_t* data2;                   /* NULL for NV12 */
    int32_t stride0;
    int32_t stride1;
    int32_t stride2;
    uint64_t size0;                   /* bytes readable (and, if writable, writable) per plane */
    uint64_t size1;
    uint64_t size2;
    int32_t writable;                 /* 1 for frames made by rtcn_video_frame_create_i420 */
} rtcn_video_frame_info;

/* A writable I420 frame of the given size (any size from 1x1 to RTCN_VIDEO_MAX_DIMENSION; odd
 * sizes have chroma planes of (n + 1) / 2), zeroed to black. timestamp_us >= 0. */
RTCN_API rtcn_status rtcn_video_frame_create_i420(int32_t width, int32_t height, int64_t timestamp_us,
                                                  rtcn_video_frame** out_frame) RTCN_NOEXCEPT;
/* A frame that holds no picture (width and height 0, no planes, not writable): a destination
 * for rtcn_media_sink_read_video_into. Copying, writing or submitting it fails until a read
 * fills it. */
RTCN_API rtcn_status rtcn_video_frame_create_empty(rtcn_video_frame** out_frame) RTCN_NOEXCEPT;
/* The frame's picture now (a read_into or submit_frame_renew replaces it: get the info again). */
RTCN_API rtcn_status rtcn_video_frame_get_info(rtcn_video_frame* frame, rtcn_video_frame_info* out_info) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_video_frame_set_timestamp(rtcn_video_frame* frame, int64_t timestamp_us) RTCN_NOEXCEPT;
/* Converts (libyuv) into buffer: RGBA/BGRA/ARGB with the given stride (0 = width * 4);
 * I420 and NV12 as tightly packed planes one after the other (stride ignored). Fails with
 * RTCN_ERROR_INVALID_ARGUMENT (saying the size needed) when capacity is too small. */
RTCN_API rtcn_status rtcn_video_frame_copy_to(rtcn_video_frame* frame, rtcn_video_pixel_format format,
                                              uint8_t* buffer, uint64_t capacity, int32_t stride) RTCN_NOEXCEPT;
/* Bytes rtcn_video_frame_copy_to needs for a format (stride 0). */
RTCN_API rtcn_status rtcn_video_frame_copy_size(rtcn_video_frame* frame, rtcn_video_pixel_format format,
                                                uint64_t* out_size) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_video_frame_release(rtcn_video_frame* frame) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * Audio data (WebCodecs AudioData): 10 ms of interleaved 16-bit PCM.
 * ------------------------------------------------------------------------------------------ */

typedef struct rtcn_audio_data_info {
    int32_t sample_rate;
    int32_t channel_count;
    int32_t frame_count;          /* samples per channel */
    int64_t timestamp_us;
    const int16_t* samples;       /* frame_count * channel_count, interleaved; valid while the handle lives */
} rtcn_audio_data_info;

/* A chunk of no samples (rates, counts 0; samples NULL): a destination for
 * rtcn_media_sink_read_audio_into. */
RTCN_API rtcn_status rtcn_audio_data_create_empty(rtcn_audio_data** out_data) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_audio_data_get_info(rtcn_audio_data* data, rtcn_audio_data_info* out_info) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_audio_data_release(rtcn_audio_data* data) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * VideoTrackGenerator: a source the embedder writes frames to, and its first track.
 * ------------------------------------------------------------------------------------------ */

/* Planes the embedder owns, copied (and converted to I420 with libyuv) by the write. I420: 3
 * planes; NV12: 2 (Y, interleaved UV); packed formats: data0 only. size<n> is the bytes
 * available from data<n>: a plane shorter than stride * rows (the last row may be just its
 * width) fails with RTCN_ERROR_INVALID_ARGUMENT. */
typedef struct rtcn_video_planes {
    rtcn_video_pixel_format format;
    int32_t width;
    int32_t height;
    const uint8_t* data0;
    const uint8_t* data1;
    const uint8_t* data2;
    int32_t stride0;
    int32_t stride1;
    int32_t stride2;
    uint64_t size0;
    uint64_t size1;
    uint64_t size2;
} rtcn_video_planes;

/* track_id NULL = a random UUID. The source lives while the handle or a track uses it. */
RTCN_API rtcn_status rtcn_video_generator_create(rtcn_factory* factory, const char* track_id,
                                                 rtcn_video_source** out_source, rtcn_media_track** out_track) RTCN_NOEXCEPT;
/* Delivers a copy of the frame (the frame stays the caller's and writable). */
RTCN_API rtcn_status rtcn_video_source_write_frame(rtcn_video_source* source, rtcn_video_frame* frame) RTCN_NOEXCEPT;
/* Delivers the frame's buffer without a copy and releases the handle's reference, whatever the
 * outcome (the handle is gone when this returns). The zero-copy path: create, fill, submit. */
RTCN_API rtcn_status rtcn_video_source_submit_frame(rtcn_video_source* source, rtcn_video_frame* frame) RTCN_NOEXCEPT;
/* Delivers the frame's buffer without a copy, like submit_frame, but the handle stays the
 * caller's: it gets a fresh writable I420 buffer of the same size (from the source's pool, so
 * buffers the encoder and the sinks let go are reused; its content is unspecified, often an
 * earlier picture) and keeps its timestamp. The plane pointers change: get the info again. A
 * frame with no picture fails with RTCN_ERROR_INVALID_ARGUMENT; an ended source with
 * RTCN_ERROR_INVALID_STATE (the frame then keeps its picture). */
RTCN_API rtcn_status rtcn_video_source_submit_frame_renew(rtcn_video_source* source, rtcn_video_frame* frame) RTCN_NOEXCEPT;
/* Copies and converts planes the embedder owns into a pooled I420 buffer and delivers it.
 * timestamp_us >= 0. */
RTCN_API rtcn_status rtcn_video_source_write_planes(rtcn_video_source* source, const rtcn_video_planes* planes,
                                                    int64_t timestamp_us) RTCN_NOEXCEPT;
/* Drives the source from a native timer: the moving test pattern (frame counter and capture
 * time encoded in its pixels, see rtcn_test_pattern_read) at width x height and frame_rate
 * (1..120). Writes by the embedder still go through. Calling again changes the settings. */
RTCN_API rtcn_status rtcn_video_source_start_test_pattern(rtcn_video_source* source, int32_t width, int32_t height,
                                                          double frame_rate) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_video_source_stop_test_pattern(rtcn_video_source* source) RTCN_NOEXCEPT;
/* Ends the source: its tracks end, later writes fail with RTCN_ERROR_INVALID_STATE. Also
 * done by release. */
RTCN_API rtcn_status rtcn_video_source_release(rtcn_video_source* source) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * AudioTrackGenerator: PCM the embedder writes, re-chunked into 10 ms for libwebrtc. A
 * generator track carries only its own samples: nothing from any audio device is mixed in.
 * ------------------------------------------------------------------------------------------ */

/* sample_rate: RTCN_AUDIO_MIN_SAMPLE_RATE..MAX, divisible by 100; channels 1 or 2. */
RTCN_API rtcn_status rtcn_audio_generator_create(rtcn_factory* factory, const char* track_id, int32_t sample_rate,
                                                 int32_t channel_count, rtcn_audio_source** out_source,
                                                 rtcn_media_track** out_track) RTCN_NOEXCEPT;
/* Interleaved samples; sample_count must be a multiple of the channel count (else
 * RTCN_ERROR_INVALID_ARGUMENT). Full 10 ms chunks are delivered to the track's senders and
 * sinks on the calling thread; a remainder waits for the next write. The caller paces the
 * writes (a live source). */
RTCN_API rtcn_status rtcn_audio_source_write(rtcn_audio_source* source, const int16_t* samples,
                                             uint64_t sample_count) RTCN_NOEXCEPT;
/* The same with float samples in [-1, 1] (clamped). */
RTCN_API rtcn_status rtcn_audio_source_write_float(rtcn_audio_source* source, const float* samples,
                                                   uint64_t sample_count) RTCN_NOEXCEPT;
/* Drives the source from a native 10 ms timer with a sine tone (frequency 1..sample_rate/2 Hz,
 * amplitude 0..1 of full scale). Calling again changes the tone. */
RTCN_API rtcn_status rtcn_audio_source_start_tone(rtcn_audio_source* source, double frequency,
                                                  double amplitude) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_audio_source_stop_tone(rtcn_audio_source* source) RTCN_NOEXCEPT;
RTCN_API rtcn_status rtcn_audio_source_release(rtcn_audio_source* source) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * Sinks (MediaStreamTrackProcessor): a bounded queue of a track's frames or PCM.
 * ------------------------------------------------------------------------------------------ */

/* max_queued 1..RTCN_MEDIA_SINK_MAX_QUEUE frames (audio: 10 ms chunks). user_data is passed to
 * media_sink_available and comes back through user_data_released after release. */
RTCN_API rtcn_status rtcn_media_sink_create(rtcn_media_track* track, int32_t max_queued, void* user_data,
                                            rtcn_media_sink** out_sink) RTCN_NOEXCEPT;
/* Takes the oldest frame: *out_frame is a new handle, or NULL when the queue is empty; then
 * *out_ended says whether the track ended (no frame will follow). Video sinks only. */
RTCN_API rtcn_status rtcn_media_sink_read_video(rtcn_media_sink* sink, rtcn_video_frame** out_frame,
                                                int32_t* out_ended) RTCN_NOEXCEPT;
/* The same for audio sinks. */
RTCN_API rtcn_status rtcn_media_sink_read_audio(rtcn_media_sink* sink, rtcn_audio_data** out_data,
                                                int32_t* out_ended) RTCN_NOEXCEPT;
/* Takes the oldest frame into a frame the caller keeps (one from rtcn_video_frame_create_empty,
 * or any other): its picture is replaced by the frame read (read-only) and the old one
 * released; *out_read 1. When the queue is empty the frame is left as it was, *out_read is 0
 * and *out_ended says whether the track ended. Nothing is allocated for the embedder. Video
 * sinks only. */
RTCN_API rtcn_status rtcn_media_sink_read_video_into(rtcn_media_sink* sink, rtcn_video_frame* frame,
                                                     int32_t* out_read, int32_t* out_ended) RTCN_NOEXCEPT;
/* The same for audio sinks, into a chunk the caller keeps. */
RTCN_API rtcn_status rtcn_media_sink_read_audio_into(rtcn_media_sink* sink, rtcn_audio_data* data,
                                                     int32_t* out_read, int32_t* out_ended) RTCN_NOEXCEPT;
/* Frames (audio: chunks) dropped since creation: the queue was full, or a queued frame could not
 * be converted to I420 when read. */
RTCN_API rtcn_status rtcn_media_sink_get_dropped(rtcn_media_sink* sink, int64_t* out_dropped) RTCN_NOEXCEPT;
/* Detaches from the track and drops queued frames; never blocks. user_data_released follows
 * once no callback of the sink runs. */
RTCN_API rtcn_status rtcn_media_sink_release(rtcn_media_sink* sink) RTCN_NOEXCEPT;

/* ------------------------------------------------------------------------------------------
 * The test pattern's code: 64 bits (a frame counter and a capture time in ms) drawn as
 * black/white blocks in the top rows of the luma plane, with a checksum, readable after lossy
 * coding and scaling down to 1/4 of the size drawn.
 * ------------------------------------------------------------------------------------------ */

/* Draws the pattern (code, moving bar, gradient) into a writable frame. */
RTCN_API rtcn_status rtcn_test_pattern_draw(rtcn_video_frame* frame, uint32_t counter, uint32_t time_ms) RTCN_NOEXCEPT;
/* Reads the code back: *out_found is 0 when the frame carries no readable code. */
RTCN_API rtcn_status rtcn_test_pattern_read(rtcn_video_frame* frame, int32_t* out_found, uint32_t* out_counter,
                                            uint32_t* out_time_ms) RTCN_NOEXCEPT;
/* The same over a bare luma plane (for frames in managed memory). */
RTCN_API rtcn_status rtcn_test_pattern_read_luma(const uint8_t* luma, int32_t width, int32_t height, int32_t stride,
                                                 uint64_t size, int32_t* out_found, uint32_t* out_counter,
                                                 uint32_t* out_time_ms) RTCN_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* RTCNATIVE_MEDIA_H */
