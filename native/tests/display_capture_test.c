/*
 * display_capture_test.c - rtcn_display_source_create's checks without an X server (the managed
 * suite captures real ones under Xvfb): usage errors, an X display that cannot be opened, and a
 * failed create handing no user_data back and leaving no source alive. Every wait is bounded.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "rtcnative.h"
#include "test_support.h"

static atomic_int g_released[4];
static atomic_int g_ended;

static void on_released(void* user_data) { atomic_fetch_add(&g_released[(intptr_t)user_data & 3], 1); }
static void on_ended(void* user_data) {
    (void)user_data;
    atomic_fetch_add(&g_ended, 1);
}

#define EXPECT_STATUS(expected, call)                                                             \
    do {                                                                                          \
        rtcn_status s_ = (call);                                                                  \
        if (s_ != (expected))                                                                     \
            fail("%s returned %s, expected %s (last error: %s)", #call, status_name(s_),          \
                 status_name(expected), last_error_text());                                       \
    } while (0)

static void expect_message(const char* part) {
    rtcn_error e;
    memset(&e, 0, sizeof e);
    CHECK_OK(rtcn_get_last_error(&e));
    CHECK(e.message != NULL && strstr(e.message, part) != NULL, "last error \"%s\" lacks \"%s\"",
          e.message ? e.message : "(NULL)", part);
}

int main(void) {
    rtcn_callbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.user_data_released = on_released;
    callbacks.display_source_ended = on_ended;
    rtcn_factory* factory = create_test_factory(&callbacks, RTCN_AUDIO_DEVICE_HEADLESS, (void*)(intptr_t)3);

    void* const tag = (void*)(intptr_t)1;
    rtcn_display_source* source = (rtcn_display_source*)&source; /* must be reset to NULL */
    rtcn_media_track* track = (rtcn_media_track*)&track;
    const rtcn_display_surface monitor = RTCN_DISPLAY_SURFACE_MONITOR;

    /* Usage errors: checked before any X connection. */
    EXPECT_STATUS(RTCN_ERROR_INVALID_ARGUMENT, rtcn_display_source_create(NULL, ":1", monitor, 0, NULL, 0, tag, &source, &track));
    CHECK(source == NULL && track == NULL, "out parameters not reset on failure");
    EXPECT_STATUS(RTCN_ERROR_INVALID_ARGUMENT, rtcn_display_source_create(factory, ":1", monitor, 0, NULL, 0, tag, NULL, &track));
    EXPECT_STATUS(RTCN_ERROR_INVALID_ARGUMENT, rtcn_display_source_create(factory, ":1", monitor, 0, NULL, 0, tag, &source, NULL));
    EXPECT_STATUS(RTCN_ERROR_INVALID_ARGUMENT,
                  rtcn_display_source_create(factory, ":1", (rtcn_display_surface)7, 0, NULL, 0, tag, &source, &track));
    expect_message("unknown display surface 7");
    EXPECT_STATUS(RTCN_ERROR_INVALID_ARGUMENT,
                  rtcn_display_source_create(factory, ":1", RTCN_DISPLAY_SURFACE_WINDOW, 0, "", 0, tag, &source, &track));
    expect_message("window_id or a non-empty window_title");
    EXPECT_STATUS(RTCN_ERROR_RANGE, rtcn_display_source_create(factory, ":1", monitor, 0, NULL, 0.5, tag, &source, &track));
    EXPECT_STATUS(RTCN_ERROR_RANGE, rtcn_display_source_create(factory, ":1", monitor, 0, NULL, 121, tag, &source, &track));
    EXPECT_STATUS(RTCN_ERROR_RANGE, rtcn_display_source_create(factory, ":1", monitor, 0, NULL, -1, tag, &source, &track));
    EXPECT_STATUS(RTCN_ERROR_INVALID_ARGUMENT, rtcn_display_source_release(NULL));
    EXPECT_STATUS(RTCN_ERROR_INVALID_ARGUMENT, rtcn_display_source_get_frame_count(NULL, NULL));

    /* A display nobody serves (no socket): the capture cannot start (W3C NotReadableError). */
    EXPECT_STATUS(RTCN_ERROR_OPERATION, rtcn_display_source_create(factory, ":7391", monitor, 0, NULL, 0, tag, &source, &track));
    expect_message("cannot open the X display \":7391\"");
    CHECK(source == NULL && track == NULL, "out parameters set by a failed create");
    EXPECT_STATUS(RTCN_ERROR_OPERATION,
                  rtcn_display_source_create(factory, ":7391", RTCN_DISPLAY_SURFACE_WINDOW, 0, "x", 30, tag, &source, &track));

    /* A failed create keeps nothing: no source alive, the user_data stays the caller's. */
    int64_t live = 1;
    int64_t end = now_ms() + 5000;
    for (;;) {
        CHECK_OK(rtcn_get_live_object_count(RTCN_OBJECT_MEDIA_SOURCE, &live));
        if (live == 0 || now_ms() > end) break;
        sleep_ms(5);
    }
    CHECK(live == 0, "%lld sources alive after failed creates", (long long)live);
    CHECK_OK(rtcn_factory_release(factory));
    end = now_ms() + 10000;
    while (atomic_load(&g_released[3]) == 0 && now_ms() < end) sleep_ms(5);
    CHECK(atomic_load(&g_released[3]) == 1, "the factory's user_data never came back");
    CHECK(atomic_load(&g_released[1]) == 0, "a failed create handed its user_data back (%d times)", atomic_load(&g_released[1]));
    CHECK(atomic_load(&g_ended) == 0, "display_source_ended raised without a source");
    printf("display_capture_test: passed\n");
    return 0;
}
