/*
 * media_test.c - the media ABI without a peer connection: generators, sinks on their own
 * tracks, frames and PCM in and out, the test pattern, the native drivers, stop/ended and the
 * live object counts. Every wait is bounded.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <stdint.h>
#include <stdlib.h>

#include "rtcnative.h"
#include "test_support.h"

#define RTCN_TEST_PI 3.14159265358979323846

#define MAX_TAGS 16
static atomic_int g_available[MAX_TAGS];
static atomic_int g_released[MAX_TAGS];

/* Where media_sink_available runs: never on the thread that delivered the frame or PCM (here
 * the test's own thread writing to generators, or a driver's thread it started, both named
 * after the process), always on the factory's signaling thread ("rtcn-network" in the shared
 * layout). */
static pthread_t g_main_thread;
static atomic_int g_available_on_main;
static atomic_int g_available_elsewhere; /* on a thread whose name is not rtcn-... */
static char g_available_thread_name[16];

static void on_sink_available(void* user_data) {
    if (pthread_equal(pthread_self(), g_main_thread)) atomic_fetch_add(&g_available_on_main, 1);
    char name[16] = {0};
    prctl(PR_GET_NAME, name, 0, 0, 0);
    if (strncmp(name, "rtcn-", 5) != 0) {
        if (atomic_fetch_add(&g_available_elsewhere, 1) == 0) memcpy(g_available_thread_name, name, sizeof name);
    }
    atomic_fetch_add(&g_available[(intptr_t)user_data], 1);
}
static void on_released(void* user_data) {
    intptr_t tag = (intptr_t)user_data;
    if (tag >= 0 && tag < MAX_TAGS) atomic_fetch_add(&g_released[tag], 1);
}

#define EXPECT_STATUS(expected, call)                                                             \
    do {                                                                                          \
        rtcn_status s_ = (call);                                                                  \
        if (s_ != (expected))                                                                     \
            fail("%s returned %s, expected %s (last error: %s)", #call, status_name(s_),          \
                 status_name(expected), last_error_text());                                       \
    } while (0)
#define EXPECT_INVALID(call) EXPECT_STATUS(RTCN_ERROR_INVALID_ARGUMENT, call)

static int wait_for_int(atomic_int* value, int at_least, int64_t timeout_ms) {
    int64_t end = now_ms() + timeout_ms;
    while (atomic_load(value) < at_least) {
        if (now_ms() > end) return 0;
        sleep_ms(2);
    }
    return 1;
}

static int64_t live(rtcn_object_kind kind) {
    int64_t n = -1;
    CHECK_OK(rtcn_get_live_object_count(kind, &n));
    return n;
}

static void wait_live_zero(rtcn_object_kind kind, const char* name, int64_t timeout_ms) {
    int64_t end = now_ms() + timeout_ms;
    while (live(kind) != 0) {
        if (now_ms() > end) fail("%s: %lld objects still live", name, (long long)live(kind));
        sleep_ms(5);
    }
}

/* Reads every queued frame of a video sink; returns how many, their pattern counters in counters[]. */
static int drain_video(rtcn_media_sink* sink, uint32_t* counters, int max, int* out_ended, int* w, int* h) {
    int n = 0;
    for (;;) {
        rtcn_video_frame* frame = NULL;
        int32_t ended = 0;
        CHECK_OK(rtcn_media_sink_read_video(sink, &frame, &ended));
        if (!frame) {
            if (out_ended) *out_ended = ended;
            return n;
        }
        rtcn_video_frame_info info;
        CHECK_OK(rtcn_video_frame_get_info(frame, &info));
        if (w) *w = info.width;
        if (h) *h = info.height;
        int32_t found = 0;
        uint32_t counter = 0, time_ms = 0;
        CHECK_OK(rtcn_test_pattern_read(frame, &found, &counter, &time_ms));
        if (n < max) counters[n] = found ? counter : 0xFFFFFFFFu;
        n++;
        CHECK_OK(rtcn_video_frame_release(frame));
    }
}

static void test_pattern_and_frames(rtcn_factory* factory) {
    rtcn_video_source* source = NULL;
    rtcn_media_track* track = NULL;
    CHECK_OK(rtcn_video_generator_create(factory, "video-1", &source, &track));
    rtcn_media_track_info info;
    CHECK_OK(rtcn_media_track_get_info(track, &info));
    CHECK(info.kind == RTCN_MEDIA_KIND_VIDEO && strcmp(info.id, "video-1") == 0 && info.enabled == 1 &&
              info.state == RTCN_TRACK_STATE_LIVE && info.remote == 0 && info.muted == 0,
          "video track info wrong (kind %d id %s enabled %d state %d remote %d)", info.kind, info.id, info.enabled,
          info.state, info.remote);
    rtcn_media_track_settings settings;
    CHECK_OK(rtcn_media_track_get_settings(track, &settings));
    CHECK(settings.width == -1 && settings.frame_rate == -1, "settings before a frame: %d, %f", settings.width,
          settings.frame_rate);

    rtcn_media_sink* sink = NULL;
    rtcn_media_sink* small = NULL;
    CHECK_OK(rtcn_media_sink_create(track, 16, (void*)(intptr_t)1, &sink));
    CHECK_OK(rtcn_media_sink_create(track, 2, (void*)(intptr_t)2, &small));
    rtcn_media_sink* refused = (rtcn_media_sink*)1;
    EXPECT_INVALID(rtcn_media_sink_create(track, 0, NULL, &refused));
    EXPECT_INVALID(rtcn_media_sink_create(track, RTCN_MEDIA_SINK_MAX_QUEUE + 1, NULL, &refused));
    EXPECT_INVALID(rtcn_media_sink_create(NULL, 4, NULL, &refused));
    CHECK(refused == NULL, "a failed rtcn_media_sink_create left its out-parameter set");

    /* Five frames through the zero-copy path. */
    for (uint32_t i = 0; i < 5; ++i) {
        rtcn_video_frame* frame = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(320, 240, 1000 * (int64_t)i, &frame));
        rtcn_video_frame_info fi;
        CHECK_OK(rtcn_video_frame_get_info(frame, &fi));
        CHECK(fi.writable == 1 && fi.format == RTCN_VIDEO_PIXEL_FORMAT_I420 && fi.plane_count == 3 &&
                  fi.data0[0] == 16 && fi.data1[0] == 128 && fi.data2[0] == 128,
              "create_i420: writable %d, Y %d U %d V %d", fi.writable, fi.data0[0], fi.data1[0], fi.data2[0]);
        CHECK_OK(rtcn_test_pattern_draw(frame, 100 + i, 5000 + i));
        CHECK_OK(rtcn_video_source_submit_frame(source, frame));
    }
    /* Posted to the signaling thread: it comes after the submits returned. */
    CHECK(wait_for_int(&g_available[1], 1, 2000) && wait_for_int(&g_available[2], 1, 2000),
          "media_sink_available not raised after five frames");
    sleep_ms(50);
    CHECK(atomic_load(&g_available[1]) == 1 && atomic_load(&g_available[2]) == 1,
          "media_sink_available raised %d and %d times (want once each)", atomic_load(&g_available[1]),
          atomic_load(&g_available[2]));
    uint32_t counters[32];
    int ended = -1, w = 0, h = 0;
    int n = drain_video(sink, counters, 32, &ended, &w, &h);
    CHECK(n == 5 && ended == 0 && w == 320 && h == 240, "sink read %d frames (%dx%d, ended %d), want 5", n, w, h, ended);
    for (int i = 0; i < 5; ++i) CHECK(counters[i] == 100u + (uint32_t)i, "frame %d carries counter %u", i, counters[i]);
    int64_t dropped = -1;
    CHECK_OK(rtcn_media_sink_get_dropped(small, &dropped));
    CHECK(dropped == 3, "the 2-frame sink dropped %lld frames, want 3", (long long)dropped);
    n = drain_video(small, counters, 32, &ended, NULL, NULL);
    CHECK(n == 2 && counters[0] == 103 && counters[1] == 104, "the 2-frame sink kept %d frames (%u, %u)", n, counters[0],
          counters[1]);
    CHECK_OK(rtcn_media_track_get_settings(track, &settings));
    CHECK(settings.width == 320 && settings.height == 240, "settings %dx%d after 320x240 frames", settings.width,
          settings.height);

    /* write_frame copies: the frame stays writable and is re-used; the timestamp is the caller's. */
    {
        rtcn_video_frame* frame = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(161, 121, 0, &frame));
        CHECK_OK(rtcn_test_pattern_draw(frame, 7, 8));
        CHECK_OK(rtcn_video_frame_set_timestamp(frame, 123456));
        EXPECT_INVALID(rtcn_video_frame_set_timestamp(frame, -1));
        CHECK_OK(rtcn_video_source_write_frame(source, frame));
        CHECK_OK(rtcn_test_pattern_draw(frame, 9, 10));
        CHECK_OK(rtcn_video_source_write_frame(source, frame));
        rtcn_video_frame* got = NULL;
        int32_t e = 0;
        CHECK_OK(rtcn_media_sink_read_video(sink, &got, &e));
        CHECK(got != NULL, "no frame after write_frame");
        rtcn_video_frame_info gi;
        CHECK_OK(rtcn_video_frame_get_info(got, &gi));
        int32_t found = 0;
        uint32_t c = 0, t = 0;
        CHECK_OK(rtcn_test_pattern_read(got, &found, &c, &t));
        CHECK(gi.width == 161 && gi.height == 121 && gi.timestamp_us == 123456 && gi.writable == 0 && found && c == 7 &&
                  t == 8,
              "write_frame delivered %dx%d ts %lld writable %d code %d/%u/%u", gi.width, gi.height,
              (long long)gi.timestamp_us, gi.writable, found, c, t);
        EXPECT_INVALID(rtcn_test_pattern_draw(got, 1, 1));
        CHECK_OK(rtcn_video_frame_release(got));
        CHECK_OK(rtcn_video_frame_release(frame));
        n = drain_video(sink, counters, 32, NULL, NULL, NULL);
        CHECK(n == 1 && counters[0] == 9, "second write_frame: %d frames, counter %u", n, counters[0]);
        drain_video(small, counters, 32, NULL, NULL, NULL);
    }

    /* Reuse paths: an empty destination refilled by read_video_into, a frame submitted with
     * submit_frame_renew (the buffer goes without a copy, the frame gets a fresh one). */
    {
        rtcn_video_frame* dest = NULL;
        CHECK_OK(rtcn_video_frame_create_empty(&dest));
        rtcn_video_frame_info di;
        CHECK_OK(rtcn_video_frame_get_info(dest, &di));
        CHECK(di.width == 0 && di.height == 0 && di.plane_count == 0 && di.data0 == NULL && di.writable == 0,
              "empty frame: %dx%d, %d planes, writable %d", di.width, di.height, di.plane_count, di.writable);
        uint8_t tiny[16];
        uint64_t size = 0;
        EXPECT_STATUS(RTCN_ERROR_INVALID_STATE, rtcn_video_frame_copy_to(dest, RTCN_VIDEO_PIXEL_FORMAT_I420, tiny, 16, 0));
        EXPECT_STATUS(RTCN_ERROR_INVALID_STATE, rtcn_video_frame_copy_size(dest, RTCN_VIDEO_PIXEL_FORMAT_I420, &size));
        EXPECT_INVALID(rtcn_test_pattern_draw(dest, 1, 1));
        int32_t found = 1;
        uint32_t c = 1, t = 1;
        CHECK_OK(rtcn_test_pattern_read(dest, &found, &c, &t));
        CHECK(found == 0, "an empty frame carries a code");
        EXPECT_INVALID(rtcn_video_source_submit_frame_renew(source, dest));
        EXPECT_INVALID(rtcn_video_source_write_frame(source, dest));
        int32_t read = -1, e = -1;
        CHECK_OK(rtcn_media_sink_read_video_into(sink, dest, &read, &e));
        CHECK(read == 0 && e == 0, "read_video_into of an empty queue: read %d ended %d", read, e);
        EXPECT_INVALID(rtcn_media_sink_read_video_into(sink, NULL, &read, &e));
        EXPECT_INVALID(rtcn_media_sink_read_video_into(NULL, dest, &read, &e));
        EXPECT_INVALID(rtcn_media_sink_read_video_into(sink, dest, NULL, &e));

        rtcn_video_frame* frame = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(96, 64, 1000, &frame));
        for (uint32_t i = 0; i < 3; ++i) {
            rtcn_video_frame_info before, after;
            CHECK_OK(rtcn_video_frame_get_info(frame, &before));
            CHECK_OK(rtcn_test_pattern_draw(frame, 300 + i, 40 + i));
            CHECK_OK(rtcn_video_source_submit_frame_renew(source, frame));
            CHECK_OK(rtcn_video_frame_get_info(frame, &after));
            CHECK(after.width == 96 && after.height == 64 && after.writable == 1 && after.data0 != before.data0 &&
                      after.timestamp_us == 1000,
                  "renewed frame %dx%d writable %d, same buffer %d, ts %lld", after.width, after.height,
                  after.writable, after.data0 == before.data0, (long long)after.timestamp_us);
        }
        for (uint32_t i = 0; i < 3; ++i) {
            CHECK_OK(rtcn_media_sink_read_video_into(sink, dest, &read, &e));
            CHECK(read == 1 && e == 0, "read_video_into %u: read %d ended %d", i, read, e);
            CHECK_OK(rtcn_video_frame_get_info(dest, &di));
            CHECK_OK(rtcn_test_pattern_read(dest, &found, &c, &t));
            CHECK(di.width == 96 && di.height == 64 && di.plane_count == 3 && di.writable == 0 && found &&
                      c == 300 + i && t == 40 + i,
                  "read_video_into %u: %dx%d writable %d code %d/%u/%u", i, di.width, di.height, di.writable, found, c,
                  t);
        }
        CHECK_OK(rtcn_media_sink_read_video_into(sink, dest, &read, &e));
        CHECK(read == 0 && e == 0, "read_video_into after three: read %d", read);
        CHECK_OK(rtcn_video_frame_get_info(dest, &di));
        CHECK(di.width == 96 && di.plane_count == 3, "an empty read changed the destination");
        drain_video(small, counters, 32, NULL, NULL, NULL);
        CHECK_OK(rtcn_video_frame_release(frame));
        CHECK_OK(rtcn_video_frame_release(dest));
    }

    /* The code survives a 4x box downscale (320x240 -> 80x60) read from a bare luma plane. */
    {
        rtcn_video_frame* frame = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(320, 240, 0, &frame));
        CHECK_OK(rtcn_test_pattern_draw(frame, 0xDEADBEEFu, 0x01234567u));
        rtcn_video_frame_info fi;
        CHECK_OK(rtcn_video_frame_get_info(frame, &fi));
        static uint8_t small_luma[80 * 60];
        for (int y = 0; y < 60; ++y)
            for (int x = 0; x < 80; ++x) {
                int sum = 0;
                for (int dy = 0; dy < 4; ++dy)
                    for (int dx = 0; dx < 4; ++dx) sum += fi.data0[(y * 4 + dy) * fi.stride0 + x * 4 + dx];
                small_luma[y * 80 + x] = (uint8_t)(sum / 16);
            }
        int32_t found = 0;
        uint32_t c = 0, t = 0;
        CHECK_OK(rtcn_test_pattern_read_luma(small_luma, 80, 60, 80, sizeof small_luma, &found, &c, &t));
        CHECK(found && c == 0xDEADBEEFu && t == 0x01234567u, "downscaled code: found %d, %08x %08x", found, c, t);
        small_luma[0 * 80 + 2] ^= 0;  /* untouched */
        /* One flipped block (bit 0) breaks the checksum. */
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 4; ++x) small_luma[y * 80 + x] = (uint8_t)(255 - small_luma[y * 80 + x]);
        CHECK_OK(rtcn_test_pattern_read_luma(small_luma, 80, 60, 80, sizeof small_luma, &found, &c, &t));
        CHECK(!found, "a corrupted code was accepted");
        EXPECT_INVALID(rtcn_test_pattern_read_luma(small_luma, 80, 60, 80, 80 * 59 + 79, &found, &c, &t));
        EXPECT_INVALID(rtcn_test_pattern_read_luma(small_luma, 80, 60, 79, sizeof small_luma, &found, &c, &t));
        /* A black frame carries no code. */
        rtcn_video_frame* black = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(320, 240, 0, &black));
        CHECK_OK(rtcn_test_pattern_read(black, &found, &c, &t));
        CHECK(!found, "a black frame reads as a code");
        rtcn_video_frame* tiny = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(1, 1, 0, &tiny));
        CHECK_OK(rtcn_test_pattern_draw(tiny, 1, 2));
        CHECK_OK(rtcn_test_pattern_read(tiny, &found, &c, &t));
        CHECK(!found, "a 1x1 frame reads as a code");
        CHECK_OK(rtcn_video_frame_release(tiny));
        CHECK_OK(rtcn_video_frame_release(black));
        CHECK_OK(rtcn_video_frame_release(frame));
    }

    /* Bad frames. */
    {
        rtcn_video_frame* f = (rtcn_video_frame*)1;
        EXPECT_INVALID(rtcn_video_frame_create_i420(0, 10, 0, &f));
        CHECK(f == NULL, "a failed create_i420 left its out-parameter set");
        EXPECT_INVALID(rtcn_video_frame_create_i420(10, RTCN_VIDEO_MAX_DIMENSION + 1, 0, &f));
        EXPECT_INVALID(rtcn_video_frame_create_i420(10, 10, -5, &f));
        EXPECT_INVALID(rtcn_video_frame_create_i420(10, 10, 0, NULL));
        EXPECT_INVALID(rtcn_video_source_write_frame(source, NULL));
        EXPECT_INVALID(rtcn_video_source_submit_frame(NULL, NULL));
        rtcn_video_frame* orphan = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(8, 8, 0, &orphan));
        EXPECT_INVALID(rtcn_video_source_submit_frame(NULL, orphan)); /* released anyway */
        EXPECT_INVALID(rtcn_video_source_start_test_pattern(source, 320, 240, 0.5));
        EXPECT_INVALID(rtcn_video_source_start_test_pattern(source, 320, 240, NAN));
        EXPECT_INVALID(rtcn_video_source_start_test_pattern(source, 0, 240, 30));
    }

    CHECK_OK(rtcn_media_sink_release(small));
    CHECK(wait_for_int(&g_released[2], 1, 5000), "the small sink's user_data never came back");

    /* write_planes in every format, good and bad. */
    {
        const int W = 33, H = 17, CW = 17, CH = 9;
        static uint8_t y[64 * 17], u[32 * 9], v[32 * 9], uv[64 * 9], packed[33 * 4 * 17 + 64];
        memset(y, 120, sizeof y);
        memset(u, 128, sizeof u);
        memset(v, 128, sizeof v);
        memset(uv, 128, sizeof uv);
        memset(packed, 200, sizeof packed);
        rtcn_video_planes p;
        rtcn_video_pixel_format formats[] = {RTCN_VIDEO_PIXEL_FORMAT_I420, RTCN_VIDEO_PIXEL_FORMAT_NV12,
                                             RTCN_VIDEO_PIXEL_FORMAT_RGBA, RTCN_VIDEO_PIXEL_FORMAT_BGRA,
                                             RTCN_VIDEO_PIXEL_FORMAT_ARGB};
        for (int k = 0; k < 5; ++k) {
            memset(&p, 0, sizeof p);
            p.format = formats[k];
            p.width = W;
            p.height = H;
            if (formats[k] == RTCN_VIDEO_PIXEL_FORMAT_I420) {
                p.data0 = y; p.stride0 = 40; p.size0 = 40 * (H - 1) + W;
                p.data1 = u; p.stride1 = CW; p.size1 = (uint64_t)CW * CH;
                p.data2 = v; p.stride2 = CW; p.size2 = (uint64_t)CW * CH;
            } else if (formats[k] == RTCN_VIDEO_PIXEL_FORMAT_NV12) {
                p.data0 = y; p.stride0 = W; p.size0 = (uint64_t)W * H;
                p.data1 = uv; p.stride1 = CW * 2; p.size1 = (uint64_t)CW * 2 * CH;
            } else {
                p.data0 = packed; p.stride0 = W * 4; p.size0 = (uint64_t)W * 4 * H;
            }
            CHECK_OK(rtcn_video_source_write_planes(source, &p, 42));
            rtcn_video_frame* got = NULL;
            int32_t e = 0;
            CHECK_OK(rtcn_media_sink_read_video(sink, &got, &e));
            CHECK(got != NULL, "format %d: nothing delivered", (int)formats[k]);
            rtcn_video_frame_info gi;
            CHECK_OK(rtcn_video_frame_get_info(got, &gi));
            CHECK(gi.width == W && gi.height == H && gi.timestamp_us == 42, "format %d delivered %dx%d ts %lld",
                  (int)formats[k], gi.width, gi.height, (long long)gi.timestamp_us);
            CHECK_OK(rtcn_video_frame_release(got));
            /* The last row only needs its width; one byte less fails. */
            rtcn_video_planes bad = p;
            bad.size0 -= 1;
            EXPECT_INVALID(rtcn_video_source_write_planes(source, &bad, 0));
            bad = p;
            bad.stride0 = formats[k] >= RTCN_VIDEO_PIXEL_FORMAT_RGBA ? W * 4 - 1 : W - 1;
            EXPECT_INVALID(rtcn_video_source_write_planes(source, &bad, 0));
            bad = p;
            bad.data0 = NULL;
            EXPECT_INVALID(rtcn_video_source_write_planes(source, &bad, 0));
            if (formats[k] <= RTCN_VIDEO_PIXEL_FORMAT_NV12) {
                bad = p;
                bad.size1 -= 1;
                EXPECT_INVALID(rtcn_video_source_write_planes(source, &bad, 0));
                bad = p;
                bad.data1 = NULL;
                EXPECT_INVALID(rtcn_video_source_write_planes(source, &bad, 0));
            }
            bad = p;
            bad.width = 0;
            EXPECT_INVALID(rtcn_video_source_write_planes(source, &bad, 0));
            bad = p;
            bad.height = RTCN_VIDEO_MAX_DIMENSION + 1;
            EXPECT_INVALID(rtcn_video_source_write_planes(source, &bad, 0));
            EXPECT_INVALID(rtcn_video_source_write_planes(source, &p, -1));
        }
        memset(&p, 0, sizeof p);
        p.format = (rtcn_video_pixel_format)9;
        p.width = 4;
        p.height = 4;
        EXPECT_INVALID(rtcn_video_source_write_planes(source, &p, 0));
        EXPECT_INVALID(rtcn_video_source_write_planes(source, NULL, 0));
        n = drain_video(sink, counters, 32, NULL, NULL, NULL);
        CHECK(n == 0, "refused writes delivered %d frames", n);
    }

    /* copy_to round trip: solid RGBA -> I420 -> RGBA, BGRA, ARGB within tolerance; I420 and NV12 sizes. */
    {
        const int W = 64, H = 48;
        static uint8_t rgba[64 * 48 * 4], out[64 * 48 * 4 + 256];
        for (int i = 0; i < W * H; ++i) {
            rgba[i * 4 + 0] = 200;
            rgba[i * 4 + 1] = 100;
            rgba[i * 4 + 2] = 50;
            rgba[i * 4 + 3] = 255;
        }
        rtcn_video_planes p;
        memset(&p, 0, sizeof p);
        p.format = RTCN_VIDEO_PIXEL_FORMAT_RGBA;
        p.width = W;
        p.height = H;
        p.data0 = rgba;
        p.stride0 = W * 4;
        p.size0 = sizeof rgba;
        CHECK_OK(rtcn_video_source_write_planes(source, &p, 7));
        rtcn_video_frame* got = NULL;
        int32_t e = 0;
        CHECK_OK(rtcn_media_sink_read_video(sink, &got, &e));
        CHECK(got != NULL, "no frame for the round trip");
        uint64_t size = 0;
        CHECK_OK(rtcn_video_frame_copy_size(got, RTCN_VIDEO_PIXEL_FORMAT_RGBA, &size));
        CHECK(size == (uint64_t)W * H * 4, "RGBA copy size %llu", (unsigned long long)size);
        CHECK_OK(rtcn_video_frame_copy_size(got, RTCN_VIDEO_PIXEL_FORMAT_I420, &size));
        CHECK(size == (uint64_t)W * H * 3 / 2, "I420 copy size %llu", (unsigned long long)size);
        CHECK_OK(rtcn_video_frame_copy_size(got, RTCN_VIDEO_PIXEL_FORMAT_NV12, &size));
        CHECK(size == (uint64_t)W * H * 3 / 2, "NV12 copy size %llu", (unsigned long long)size);
        EXPECT_INVALID(rtcn_video_frame_copy_to(got, RTCN_VIDEO_PIXEL_FORMAT_RGBA, out, (uint64_t)W * H * 4 - 1, 0));
        EXPECT_INVALID(rtcn_video_frame_copy_to(got, RTCN_VIDEO_PIXEL_FORMAT_RGBA, out, sizeof out, W * 4 - 1));
        EXPECT_INVALID(rtcn_video_frame_copy_to(got, (rtcn_video_pixel_format)5, out, sizeof out, 0));
        EXPECT_INVALID(rtcn_video_frame_copy_to(got, RTCN_VIDEO_PIXEL_FORMAT_RGBA, NULL, sizeof out, 0));
        struct {
            rtcn_video_pixel_format format;
            int r, g, b, a;
        } layouts[] = {{RTCN_VIDEO_PIXEL_FORMAT_RGBA, 0, 1, 2, 3},
                       {RTCN_VIDEO_PIXEL_FORMAT_BGRA, 2, 1, 0, 3},
                       {RTCN_VIDEO_PIXEL_FORMAT_ARGB, 1, 2, 3, 0}};
        for (int k = 0; k < 3; ++k) {
            CHECK_OK(rtcn_video_frame_copy_to(got, layouts[k].format, out, sizeof out, 0));
            for (int i = 0; i < W * H; ++i) {
                const uint8_t* px = out + i * 4;
                if (abs(px[layouts[k].r] - 200) > 8 || abs(px[layouts[k].g] - 100) > 8 ||
                    abs(px[layouts[k].b] - 50) > 8 || px[layouts[k].a] != 255)
                    fail("format %d pixel %d = %d %d %d %d, want about 200 100 50 255", (int)layouts[k].format, i,
                         px[0], px[1], px[2], px[3]);
            }
        }
        /* A padded stride writes only each row's bytes. */
        memset(out, 0xAB, sizeof out);
        CHECK_OK(rtcn_video_frame_copy_to(got, RTCN_VIDEO_PIXEL_FORMAT_RGBA, out, (uint64_t)(W * 4 + 8) * (H - 1) + W * 4,
                                          W * 4 + 8));
        CHECK(out[W * 4] == 0xAB && out[W * 4 + 7] == 0xAB && abs(out[W * 4 + 8] - 200) <= 8,
              "strided copy_to wrote the padding");
        CHECK_OK(rtcn_video_frame_copy_to(got, RTCN_VIDEO_PIXEL_FORMAT_NV12, out, sizeof out, 0));
        CHECK_OK(rtcn_video_frame_copy_to(got, RTCN_VIDEO_PIXEL_FORMAT_I420, out, sizeof out, 0));
        /* Round trip the I420 copy through write_planes. */
        rtcn_video_planes back;
        memset(&back, 0, sizeof back);
        back.format = RTCN_VIDEO_PIXEL_FORMAT_I420;
        back.width = W;
        back.height = H;
        back.data0 = out;
        back.stride0 = W;
        back.size0 = (uint64_t)W * H;
        back.data1 = out + W * H;
        back.stride1 = W / 2;
        back.size1 = (uint64_t)W * H / 4;
        back.data2 = out + W * H + W * H / 4;
        back.stride2 = W / 2;
        back.size2 = (uint64_t)W * H / 4;
        CHECK_OK(rtcn_video_source_write_planes(source, &back, 8));
        rtcn_video_frame* again = NULL;
        CHECK_OK(rtcn_media_sink_read_video(sink, &again, &e));
        CHECK(again != NULL, "I420 round trip delivered nothing");
        static uint8_t out2[64 * 48 * 4];
        CHECK_OK(rtcn_video_frame_copy_to(again, RTCN_VIDEO_PIXEL_FORMAT_RGBA, out2, sizeof out2, 0));
        CHECK(abs(out2[0] - 200) <= 8 && abs(out2[1] - 100) <= 8 && abs(out2[2] - 50) <= 8,
              "I420 round trip gave %d %d %d", out2[0], out2[1], out2[2]);
        CHECK_OK(rtcn_video_frame_release(again));
        CHECK_OK(rtcn_video_frame_release(got));
    }

    /* The pattern driver: frames with increasing counters, measured settings. */
    {
        atomic_store(&g_available[1], 0);
        CHECK_OK(rtcn_video_source_start_test_pattern(source, 160, 120, 30));
        int64_t end = now_ms() + 5000;
        int total = 0, ok = 1;
        uint32_t last = 0;
        while (total < 20 && now_ms() < end) {
            sleep_ms(20);
            int k = drain_video(sink, counters, 32, NULL, &w, &h);
            for (int i = 0; i < k && i < 32; ++i) {
                if (counters[i] == 0xFFFFFFFFu || (total + i > 0 && counters[i] <= last)) ok = 0;
                last = counters[i];
            }
            total += k;
        }
        CHECK(total >= 20 && ok && w == 160 && h == 120, "pattern driver: %d frames (%dx%d), counters ok %d", total, w, h,
              ok);
        CHECK(atomic_load(&g_available[1]) >= 1, "the driver's frames raised no media_sink_available");
        sleep_ms(1100);
        CHECK_OK(rtcn_media_track_get_settings(track, &settings));
        CHECK(settings.width == 160 && settings.height == 120 && settings.frame_rate > 20 && settings.frame_rate < 40,
              "pattern settings %dx%d at %f fps", settings.width, settings.height, settings.frame_rate);
        CHECK_OK(rtcn_video_source_stop_test_pattern(source));
        drain_video(sink, counters, 32, NULL, NULL, NULL);
        sleep_ms(100);
        n = drain_video(sink, counters, 32, NULL, NULL, NULL);
        CHECK(n == 0, "%d frames after stop_test_pattern", n);
        printf("pattern driver: %d frames, %.1f fps\n", total, settings.frame_rate);
    }

    /* Disabled: the sink gets black frames (no code). */
    {
        CHECK_OK(rtcn_media_track_set_enabled(track, 0));
        CHECK_OK(rtcn_media_track_get_info(track, &info));
        CHECK(info.enabled == 0, "enabled after set_enabled(0)");
        rtcn_video_frame* frame = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(320, 240, 1, &frame));
        CHECK_OK(rtcn_test_pattern_draw(frame, 1, 1));
        CHECK_OK(rtcn_video_source_submit_frame(source, frame));
        n = drain_video(sink, counters, 32, NULL, NULL, NULL);
        CHECK(n == 1 && counters[0] == 0xFFFFFFFFu, "disabled track: %d frames, counter %u (want a black frame)", n,
              counters[0]);
        CHECK_OK(rtcn_media_track_set_enabled(track, 1));
    }

    /* Clone, stop, ended. */
    {
        rtcn_media_track* clone = NULL;
        CHECK_OK(rtcn_media_track_clone(track, &clone));
        rtcn_media_track_info ci;
        CHECK_OK(rtcn_media_track_get_info(clone, &ci));
        CHECK(strcmp(ci.id, "video-1") != 0 && ci.state == RTCN_TRACK_STATE_LIVE, "clone id %s state %d", ci.id, ci.state);
        rtcn_media_sink* clone_sink = NULL;
        CHECK_OK(rtcn_media_sink_create(clone, 4, (void*)(intptr_t)3, &clone_sink));

        atomic_store(&g_available[1], 0);
        CHECK_OK(rtcn_media_track_stop(track));
        CHECK_OK(rtcn_media_track_stop(track));
        CHECK(wait_for_int(&g_available[1], 1, 2000), "stop raised no media_sink_available");
        int e = 0;
        n = drain_video(sink, counters, 32, &e, NULL, NULL);
        CHECK(e == 1, "the stopped track's sink does not report ended");
        CHECK_OK(rtcn_media_track_get_info(track, &info));
        CHECK(info.state == RTCN_TRACK_STATE_ENDED, "state after stop: %d", info.state);

        /* The clone goes on. */
        rtcn_video_frame* frame = NULL;
        CHECK_OK(rtcn_video_frame_create_i420(64, 48, 1, &frame));
        CHECK_OK(rtcn_video_source_submit_frame(source, frame));
        n = drain_video(clone_sink, counters, 32, &e, NULL, NULL);
        CHECK(n == 1 && e == 0, "the clone's sink got %d frames (ended %d)", n, e);
        n = drain_video(sink, counters, 32, &e, NULL, NULL);
        CHECK(n == 0 && e == 1, "the stopped track's sink got %d frames", n);

        /* Releasing the source ends the clone. */
        CHECK_OK(rtcn_video_source_release(source));
        CHECK(wait_for_int(&g_available[3], 2, 2000), "the source's release raised no media_sink_available");
        n = drain_video(clone_sink, counters, 32, &e, NULL, NULL);
        CHECK(e == 1, "the clone's sink does not report ended after the source's release");
        rtcn_media_track* clone2 = NULL;
        CHECK_OK(rtcn_media_track_clone(clone, &clone2));
        CHECK_OK(rtcn_media_track_get_info(clone2, &ci));
        CHECK(ci.state == RTCN_TRACK_STATE_ENDED, "a clone of an ended track is %d", ci.state);
        rtcn_media_sink* late = NULL;
        CHECK_OK(rtcn_media_sink_create(clone2, 1, (void*)(intptr_t)4, &late));
        CHECK(wait_for_int(&g_available[4], 1, 2000), "a sink on an ended track raised no media_sink_available");
        n = drain_video(late, counters, 32, &e, NULL, NULL);
        CHECK(n == 0 && e == 1, "a sink on an ended track: %d frames, ended %d", n, e);

        CHECK_OK(rtcn_media_sink_release(late));
        CHECK_OK(rtcn_media_sink_release(clone_sink));
        CHECK_OK(rtcn_media_track_release(clone2));
        CHECK_OK(rtcn_media_track_release(clone));
    }
    CHECK_OK(rtcn_media_sink_release(sink));
    CHECK_OK(rtcn_media_track_release(track));
    CHECK(wait_for_int(&g_released[1], 1, 5000) && wait_for_int(&g_released[3], 1, 5000) &&
              wait_for_int(&g_released[4], 1, 5000),
          "sinks' user_data not all back");
    printf("video: ok\n");
}

static int zero_crossings(const int16_t* s, int n, int channels, int* prev_sign) {
    int crossings = 0;
    for (int i = 0; i < n; ++i) {
        int v = s[i * channels];
        int sign = v > 0 ? 1 : (v < 0 ? -1 : 0);
        if (sign != 0) {
            if (*prev_sign != 0 && sign != *prev_sign) crossings++;
            *prev_sign = sign;
        }
    }
    return crossings;
}

static void test_audio(rtcn_factory* factory) {
    rtcn_audio_source* bad = NULL;
    rtcn_media_track* bad_track = NULL;
    EXPECT_INVALID(rtcn_audio_generator_create(factory, NULL, 44101, 1, &bad, &bad_track));
    EXPECT_INVALID(rtcn_audio_generator_create(factory, NULL, 7900, 1, &bad, &bad_track));
    EXPECT_INVALID(rtcn_audio_generator_create(factory, NULL, 192100, 1, &bad, &bad_track));
    EXPECT_INVALID(rtcn_audio_generator_create(factory, NULL, 48000, 3, &bad, &bad_track));
    EXPECT_INVALID(rtcn_audio_generator_create(factory, NULL, 48000, 0, &bad, &bad_track));
    EXPECT_INVALID(rtcn_audio_generator_create(NULL, NULL, 48000, 1, &bad, &bad_track));
    CHECK(bad == NULL && bad_track == NULL, "failed audio_generator_create set its out-parameters");

    rtcn_audio_source* source = NULL;
    rtcn_media_track* track = NULL;
    CHECK_OK(rtcn_audio_generator_create(factory, NULL, 48000, 1, &source, &track));
    rtcn_media_track_info info;
    CHECK_OK(rtcn_media_track_get_info(track, &info));
    CHECK(info.kind == RTCN_MEDIA_KIND_AUDIO && strlen(info.id) == 36, "audio track kind %d id '%s'", info.kind, info.id);
    rtcn_media_track_settings settings;
    CHECK_OK(rtcn_media_track_get_settings(track, &settings));
    CHECK(settings.sample_rate == 48000 && settings.channel_count == 1 && settings.width == -1,
          "audio settings %d Hz %d ch", settings.sample_rate, settings.channel_count);
    rtcn_media_sink* sink = NULL;
    CHECK_OK(rtcn_media_sink_create(track, 200, (void*)(intptr_t)5, &sink));
    rtcn_video_frame* vf = NULL;
    int32_t e = 0;
    EXPECT_INVALID(rtcn_media_sink_read_video(sink, &vf, &e));

    /* 20 writes of 25 ms of 440 Hz: 50 chunks of 10 ms. */
    static int16_t chunk[1200];
    double phase = 0;
    for (int k = 0; k < 20; ++k) {
        for (int i = 0; i < 1200; ++i) {
            chunk[i] = (int16_t)lrint(16000 * sin(phase));
            phase += 2 * RTCN_TEST_PI * 440 / 48000;
        }
        CHECK_OK(rtcn_audio_source_write(source, chunk, 1200));
    }
    /* Read into one chunk the test keeps (read_audio_into), starting empty. */
    int chunks = 0, crossings = 0, prev = 0;
    rtcn_audio_data* into = NULL;
    CHECK_OK(rtcn_audio_data_create_empty(&into));
    {
        rtcn_audio_data_info ai;
        CHECK_OK(rtcn_audio_data_get_info(into, &ai));
        CHECK(ai.sample_rate == 0 && ai.channel_count == 0 && ai.frame_count == 0, "empty chunk: %d Hz %d ch %d frames",
              ai.sample_rate, ai.channel_count, ai.frame_count);
        rtcn_video_frame* video_dest = NULL;
        CHECK_OK(rtcn_video_frame_create_empty(&video_dest));
        int32_t r = 0;
        EXPECT_INVALID(rtcn_media_sink_read_video_into(sink, video_dest, &r, &e));
        EXPECT_INVALID(rtcn_media_sink_read_audio_into(sink, NULL, &r, &e));
        CHECK_OK(rtcn_video_frame_release(video_dest));
    }
    for (;;) {
        int32_t read = 0;
        CHECK_OK(rtcn_media_sink_read_audio_into(sink, into, &read, &e));
        if (!read) break;
        rtcn_audio_data_info ai;
        CHECK_OK(rtcn_audio_data_get_info(into, &ai));
        CHECK(ai.sample_rate == 48000 && ai.channel_count == 1 && ai.frame_count == 480 && ai.samples != NULL,
              "chunk %d: %d Hz %d ch %d frames", chunks, ai.sample_rate, ai.channel_count, ai.frame_count);
        crossings += zero_crossings(ai.samples, ai.frame_count, 1, &prev);
        chunks++;
    }
    CHECK_OK(rtcn_audio_data_release(into));
    /* 0.5 s of 440 Hz: 440 crossings (two per period). */
    CHECK(chunks == 50 && abs(crossings - 440) <= 3, "audio: %d chunks, %d zero crossings (want 50, about 440)", chunks,
          crossings);
    printf("audio: %d chunks, %d zero crossings in 0.5 s (%.1f Hz)\n", chunks, crossings, crossings / 2.0 / 0.5);

    /* Float writes (clamped), a remainder waits. */
    {
        static float f[700];
        for (int i = 0; i < 700; ++i) f[i] = (i % 2) ? 2.0f : -2.0f;
        CHECK_OK(rtcn_audio_source_write_float(source, f, 700)); /* 480 + 220 + (earlier remainder 0) */
        rtcn_audio_data* data = NULL;
        CHECK_OK(rtcn_media_sink_read_audio(sink, &data, &e));
        CHECK(data != NULL, "float write delivered nothing");
        rtcn_audio_data_info ai;
        CHECK_OK(rtcn_audio_data_get_info(data, &ai));
        CHECK(ai.samples[0] == -32767 && ai.samples[1] == 32767, "float samples clamped to %d %d", ai.samples[0],
              ai.samples[1]);
        CHECK_OK(rtcn_audio_data_release(data));
        CHECK_OK(rtcn_media_sink_read_audio(sink, &data, &e));
        CHECK(data == NULL, "a partial chunk was delivered");
        CHECK_OK(rtcn_audio_source_write_float(source, f, 260));
        CHECK_OK(rtcn_media_sink_read_audio(sink, &data, &e));
        CHECK(data != NULL, "the remainder and the next write made no chunk");
        CHECK_OK(rtcn_audio_data_release(data));
        EXPECT_INVALID(rtcn_audio_source_write(source, NULL, 10));
        CHECK_OK(rtcn_audio_source_write(source, NULL, 0));
    }

    /* Stereo: sample counts must be whole frames; the tone driver. */
    rtcn_audio_source* stereo = NULL;
    rtcn_media_track* stereo_track = NULL;
    CHECK_OK(rtcn_audio_generator_create(factory, "stereo", 16000, 2, &stereo, &stereo_track));
    EXPECT_INVALID(rtcn_audio_source_write(stereo, chunk, 3));
    EXPECT_INVALID(rtcn_audio_source_start_tone(stereo, 0.5, 0.5));
    EXPECT_INVALID(rtcn_audio_source_start_tone(stereo, 8001, 0.5));
    EXPECT_INVALID(rtcn_audio_source_start_tone(stereo, 1000, 1.5));
    EXPECT_INVALID(rtcn_audio_source_start_tone(stereo, NAN, 0.5));
    rtcn_media_sink* stereo_sink = NULL;
    CHECK_OK(rtcn_media_sink_create(stereo_track, 1024, (void*)(intptr_t)6, &stereo_sink));
    CHECK_OK(rtcn_audio_source_start_tone(stereo, 1000, 0.5));
    sleep_ms(200);
    CHECK_OK(rtcn_audio_source_start_tone(stereo, 500, 0.5)); /* changes the tone; phase continuous */
    for (;;) { /* drop the 1000 Hz chunks */
        rtcn_audio_data* old = NULL;
        CHECK_OK(rtcn_media_sink_read_audio(stereo_sink, &old, &e));
        if (!old) break;
        CHECK_OK(rtcn_audio_data_release(old));
    }
    int64_t start = now_ms();
    chunks = 0;
    crossings = 0;
    prev = 0;
    int first = 1;
    while (now_ms() - start < 1000) {
        sleep_ms(20);
        for (;;) {
            rtcn_audio_data* data = NULL;
            CHECK_OK(rtcn_media_sink_read_audio(stereo_sink, &data, &e));
            if (!data) break;
            rtcn_audio_data_info ai;
            CHECK_OK(rtcn_audio_data_get_info(data, &ai));
            CHECK(ai.sample_rate == 16000 && ai.channel_count == 2 && ai.frame_count == 160,
                  "tone chunk %d Hz %d ch %d frames", ai.sample_rate, ai.channel_count, ai.frame_count);
            CHECK(ai.samples[0] == ai.samples[1], "stereo channels differ");
            if (first) {
                first = 0; /* the first read may hold 1000 Hz chunks: skip what was queued before */
            } else {
                crossings += zero_crossings(ai.samples, ai.frame_count, 2, &prev);
                chunks++;
            }
            CHECK_OK(rtcn_audio_data_release(data));
        }
    }
    CHECK_OK(rtcn_audio_source_stop_tone(stereo));
    double seconds = chunks / 100.0;
    double hz = crossings / 2.0 / (seconds > 0 ? seconds : 1);
    CHECK(chunks >= 80 && chunks <= 120 && fabs(hz - 500) < 40, "tone driver: %d chunks in 1 s, %.1f Hz", chunks, hz);
    printf("tone driver: %d chunks in about 1 s, %.1f Hz\n", chunks, hz);

    /* stop() ends the sink (once a read found the queue empty, the next event signals again). */
    {
        rtcn_audio_data* rest = NULL;
        CHECK_OK(rtcn_media_sink_read_audio(sink, &rest, &e));
        CHECK(rest == NULL && e == 0, "audio sink not empty before stop");
    }
    atomic_store(&g_available[5], 0);
    CHECK_OK(rtcn_media_track_stop(track));
    CHECK(wait_for_int(&g_available[5], 1, 2000), "stop raised no media_sink_available");
    rtcn_audio_data* data = NULL;
    CHECK_OK(rtcn_media_sink_read_audio(sink, &data, &e));
    CHECK(data == NULL && e == 1, "the stopped audio track's sink: data %p ended %d", (void*)data, e);
    CHECK_OK(rtcn_audio_source_write(source, chunk, 480));
    CHECK_OK(rtcn_media_sink_read_audio(sink, &data, &e));
    CHECK(data == NULL, "a stopped track's sink got audio");

    /* Releases, some in an odd order: the source first, the track after its sink. */
    CHECK_OK(rtcn_audio_source_release(source));
    CHECK_OK(rtcn_media_sink_release(sink));
    CHECK_OK(rtcn_media_track_release(track));
    CHECK_OK(rtcn_media_track_release(stereo_track));
    CHECK_OK(rtcn_audio_source_start_tone(stereo, 300, 0.1)); /* running while released */
    CHECK_OK(rtcn_audio_source_release(stereo));
    CHECK_OK(rtcn_media_sink_release(stereo_sink));
    CHECK(wait_for_int(&g_released[5], 1, 5000) && wait_for_int(&g_released[6], 1, 5000),
          "audio sinks' user_data not back");
    printf("audio: ok\n");
}

int main(void) {
    g_main_thread = pthread_self();
    rtcn_callbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.user_data_released = on_released;
    callbacks.media_sink_available = on_sink_available;
    CHECK_OK(rtcn_register_callbacks(&callbacks));
    int64_t now = 0;
    CHECK_OK(rtcn_get_time_us(&now));
    CHECK(now > 0, "rtcn_get_time_us gave %lld", (long long)now);
    EXPECT_INVALID(rtcn_get_time_us(NULL));

    rtcn_factory_options options;
    memset(&options, 0, sizeof options);
    options.audio_device = RTCN_AUDIO_DEVICE_HEADLESS;
    rtcn_factory* factory = NULL;
    CHECK_OK(rtcn_factory_create(&options, (void*)(intptr_t)10, &factory));
    rtcn_audio_device_kind kind = RTCN_AUDIO_DEVICE_AUTO;
    CHECK_OK(rtcn_factory_get_audio_device(factory, &kind));
    CHECK(kind == RTCN_AUDIO_DEVICE_HEADLESS, "audio device %d, want HEADLESS", (int)kind);

    test_pattern_and_frames(factory);
    test_audio(factory);

    wait_live_zero(RTCN_OBJECT_MEDIA_SINK, "sinks", 5000);
    wait_live_zero(RTCN_OBJECT_MEDIA_TRACK, "tracks", 5000);
    wait_live_zero(RTCN_OBJECT_MEDIA_SOURCE, "sources", 5000);
    wait_live_zero(RTCN_OBJECT_MEDIA_BUFFER, "buffers", 5000);
    CHECK_OK(rtcn_factory_release(factory));
    CHECK(wait_for_int(&g_released[10], 1, 10000), "the factory's user_data never came back");
    wait_live_zero(RTCN_OBJECT_ALL, "all objects", 5000);
    for (int i = 0; i < MAX_TAGS; ++i)
        CHECK(atomic_load(&g_released[i]) <= 1, "user_data %d released %d times", i, atomic_load(&g_released[i]));
    CHECK(atomic_load(&g_available_on_main) == 0,
          "media_sink_available ran %d times on the thread that wrote the frames", atomic_load(&g_available_on_main));
    CHECK(atomic_load(&g_available_elsewhere) == 0,
          "media_sink_available ran %d times outside libwebrtc's signaling thread (first on \"%s\")",
          atomic_load(&g_available_elsewhere), g_available_thread_name);
    printf("media_test: passed\n");
    return 0;
}
