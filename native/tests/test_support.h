/*
 * test_support.h - what every C test of the ABI needs the same way: a monotonic clock, sleeping,
 * status names, the thread-local last error as text, and the CHECK/CHECK_OK assertions.
 *
 * fail() is printf-like and never returns: it ends the process with _exit, so that library threads
 * still running call no exit handlers. A test that wants its own context in the message (run, step,
 * fuzz iteration) defines RTCN_TEST_OWN_FAIL and its own fail(); the others get the plain one below.
 */
#ifndef RTCN_TEST_SUPPORT_H
#define RTCN_TEST_SUPPORT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* _exit */

#include "rtcnative.h"

#ifdef RTCN_TEST_OWN_FAIL
static void fail(const char* fmt, ...);
#else
static void fail(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fflush(stdout);
    fprintf(stderr, "FAIL: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    fflush(stderr);
    _exit(1);
}
#endif

static inline int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void sleep_ms(int64_t ms) {
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static inline const char* status_name(rtcn_status s) {
    static const char* names[] = {"RTCN_OK", "INVALID_ARGUMENT", "RANGE", "INVALID_STATE",
                                  "INVALID_ACCESS", "INVALID_MODIFICATION", "OPERATION", "SYNTAX",
                                  "NOT_SUPPORTED", "NETWORK", "CLOSED", "INTERNAL", "CANCELED",
                                  "INVALID_CHARACTER"};
    return (s >= 0 && (size_t)s < sizeof names / sizeof names[0]) ? names[s] : "(unknown status)";
}

/* The calling thread's last error as "STATUS: message", for failure messages. */
static inline const char* last_error_text(void) {
    static _Thread_local char b[512];
    rtcn_error e;
    memset(&e, 0, sizeof e);
    rtcn_status s = rtcn_get_last_error(&e);
    if (s != RTCN_OK) {
        snprintf(b, sizeof b, "(rtcn_get_last_error itself failed: %s)", status_name(s));
    } else {
        snprintf(b, sizeof b, "%s: %s", status_name(e.status), e.message ? e.message : "(NULL message)");
    }
    return b;
}

/* Checks an ABI call returned RTCN_OK. */
#define CHECK_OK(call)                                                                            \
    do {                                                                                          \
        rtcn_status s_ = (call);                                                                  \
        if (s_ != RTCN_OK) fail("%s returned %s (last error: %s)", #call, status_name(s_),       \
                                last_error_text());                                               \
    } while (0)

#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        if (!(cond)) fail(__VA_ARGS__);                                                           \
    } while (0)

/* Registers `callbacks` (NULL: ones that only take user_data back, for a test that watches no
 * event), then makes a factory with that audio device and user_data (and no other option). */
static inline void ignore_released(void* user_data) { (void)user_data; }
static inline rtcn_factory* create_test_factory(const rtcn_callbacks* callbacks, rtcn_audio_device_kind audio_device,
                                                void* user_data) {
    rtcn_callbacks quiet;
    memset(&quiet, 0, sizeof quiet);
    quiet.user_data_released = ignore_released;
    CHECK_OK(rtcn_register_callbacks(callbacks != NULL ? callbacks : &quiet));
    rtcn_factory_options options;
    memset(&options, 0, sizeof options);
    options.audio_device = audio_device;
    rtcn_factory* factory = NULL;
    CHECK_OK(rtcn_factory_create(&options, user_data, &factory));
    return factory;
}

#endif /* RTCN_TEST_SUPPORT_H */
