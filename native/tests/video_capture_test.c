/*
 * video_capture_test.c - the camera ABI without a camera in mind: the list matches the
 * /dev/video* nodes (empty where there is none, as on CI), a listed device's strings and modes
 * are readable, indexes are checked, opening an unknown device is NotFoundError, formats are
 * checked before any device is touched, and nothing leaks.
 */
#define _POSIX_C_SOURCE 200809L
#include <glob.h>
#include <stdlib.h>

#include "test_support.h"

#define EXPECT_STATUS(call, want)                                                                 \
    do {                                                                                          \
        rtcn_status s_ = (call);                                                                  \
        CHECK(s_ == (want), "%s gave %s, want %s", #call, status_name(s_), status_name(want));    \
    } while (0)

static size_t video_nodes(void) {
    glob_t g;
    memset(&g, 0, sizeof g);
    if (glob("/dev/video*", 0, NULL, &g) != 0) return 0;
    size_t n = g.gl_pathc;
    globfree(&g);
    return n;
}

static void test_list(void) {
    rtcn_video_capture_devices* devices = NULL;
    CHECK_OK(rtcn_video_capture_enumerate(&devices));
    CHECK(devices != NULL, "no list");
    int32_t count = -1;
    CHECK_OK(rtcn_video_capture_devices_count(devices, &count));
    if (video_nodes() == 0) CHECK(count == 0, "%d cameras listed without any /dev/video node", count);
    for (int32_t i = 0; i < count; ++i) {
        rtcn_video_capture_device_info info;
        CHECK_OK(rtcn_video_capture_devices_get(devices, i, &info));
        CHECK(info.name && info.unique_id && info.product_id && info.mode_count >= 0, "device %d incomplete", i);
        printf("camera %d: \"%s\" (%s), %d modes\n", i, info.name, info.unique_id, info.mode_count);
        for (int32_t m = 0; m < info.mode_count; ++m) {
            rtcn_video_capture_mode mode;
            CHECK_OK(rtcn_video_capture_devices_get_mode(devices, i, m, &mode));
            CHECK(mode.width > 0 && mode.height > 0, "device %d mode %d: %dx%d", i, m, mode.width, mode.height);
        }
        rtcn_video_capture_mode mode;
        EXPECT_STATUS(rtcn_video_capture_devices_get_mode(devices, i, info.mode_count, &mode), RTCN_ERROR_RANGE);
    }
    rtcn_video_capture_device_info info;
    EXPECT_STATUS(rtcn_video_capture_devices_get(devices, count, &info), RTCN_ERROR_RANGE);
    EXPECT_STATUS(rtcn_video_capture_devices_get(devices, -1, &info), RTCN_ERROR_RANGE);
    EXPECT_STATUS(rtcn_video_capture_devices_count(NULL, &count), RTCN_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(rtcn_video_capture_devices_count(devices, NULL), RTCN_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(rtcn_video_capture_enumerate(NULL), RTCN_ERROR_INVALID_ARGUMENT);
    CHECK_OK(rtcn_video_capture_devices_release(devices));
    CHECK_OK(rtcn_video_capture_devices_release(NULL));
}

static void test_open_checks(rtcn_factory* factory) {
    rtcn_video_capture_format format = {640, 480, 30, 0, 0, 0};
    rtcn_video_capture* capture = (rtcn_video_capture*)1;
    rtcn_media_track* track = (rtcn_media_track*)1;
    EXPECT_STATUS(rtcn_video_capture_open(factory, "no such camera", &format, NULL, &capture, &track),
                  RTCN_ERROR_NOT_FOUND);
    CHECK(capture == NULL && track == NULL, "outputs not cleared on failure");
    CHECK(strstr(last_error_text(), "NotFoundError") != NULL, "error: %s", last_error_text());

    rtcn_video_capture_format bad[] = {
        {0, 480, 30, 0, 0, 0},       /* no width */
        {640, 480, 0, 0, 0, 0},      /* no rate */
        {640, 480, 30, 800, 600, 0}, /* output above the mode */
        {640, 480, 30, 320, 0, 0},   /* half an output size */
        {640, 480, 30, 0, 0, 60},    /* output rate above the mode */
        {640, 480, 30, 0, 0, -1},    /* negative rate */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i)
        EXPECT_STATUS(rtcn_video_capture_open(factory, "no such camera", &bad[i], NULL, &capture, &track),
                      RTCN_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(rtcn_video_capture_open(factory, "x", NULL, NULL, &capture, &track), RTCN_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(rtcn_video_capture_open(factory, NULL, &format, NULL, &capture, &track), RTCN_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(rtcn_video_capture_open(NULL, "x", &format, NULL, &capture, &track), RTCN_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(rtcn_video_capture_open(factory, "x", &format, "", &capture, &track), RTCN_ERROR_INVALID_ARGUMENT);
    EXPECT_STATUS(rtcn_video_capture_set_format(NULL, &format), RTCN_ERROR_INVALID_ARGUMENT);
    CHECK_OK(rtcn_video_capture_release(NULL));
}

int main(void) {
    rtcn_factory* factory = create_test_factory(NULL, RTCN_AUDIO_DEVICE_HEADLESS, NULL);

    test_list();
    test_open_checks(factory);

    int64_t sources = -1;
    CHECK_OK(rtcn_get_live_object_count(RTCN_OBJECT_MEDIA_SOURCE, &sources));
    CHECK(sources == 0, "%lld sources alive after failed opens", (long long)sources);
    CHECK_OK(rtcn_factory_release(factory));
    printf("video_capture_test: passed\n");
    return 0;
}
