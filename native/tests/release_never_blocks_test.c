/*
 * Issue 7, "No blocking in finalizers or Dispose": close and release must return at once even while
 * libwebrtc's thread is stuck inside one of the object's own callbacks (the old shim held a mutex
 * across callbacks, so release waited for them; close blocked in libwebrtc's proxy until its thread
 * was free). A callback blocks here on purpose, which the ABI forbids embedders, to prove that the
 * shim itself never waits on it; user_data_released must still come, once, after the callback ends.
 * Runs in both thread layouts.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* _exit */

#include "rtcnative.h"
#include "test_support.h"

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static int g_entered;        /* the blocking callback is running */
static int g_unblock;        /* main lets it return */
static int g_released[3];    /* user_data_released per object: 0 factory, 1 connection, 2 channel */
static atomic_int g_after_release; /* connection callbacks after its user_data_released */

static int tag_of(void* user_data) { return (int)(intptr_t)user_data - 1; }

static void on_released(void* user_data) {
    pthread_mutex_lock(&g_mu);
    g_released[tag_of(user_data)]++;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

/* The first gathering state change blocks libwebrtc's thread until main says so. */
static void on_gathering(void* user_data, rtcn_ice_gathering_state state) {
    (void)state;
    pthread_mutex_lock(&g_mu);
    if (g_released[tag_of(user_data)]) atomic_fetch_add(&g_after_release, 1);
    if (!g_entered) {
        g_entered = 1;
        pthread_cond_broadcast(&g_cv);
        while (!g_unblock) pthread_cond_wait(&g_cv, &g_mu);
    }
    pthread_mutex_unlock(&g_mu);
}

static void on_candidate(void* user_data, const rtcn_ice_candidate_info* candidate, const rtcn_session_state* state) {
    (void)candidate;
    (void)state;
    pthread_mutex_lock(&g_mu);
    if (g_released[tag_of(user_data)]) atomic_fetch_add(&g_after_release, 1);
    pthread_mutex_unlock(&g_mu);
}

static void on_complete(void* op, const rtcn_error* error, const rtcn_session_state* state) {
    (void)op;
    (void)error;
    (void)state;
}

/* Waits (bounded) until pred over the shared state holds. */
static int wait_until(int (*pred)(void), int64_t limit_ms) {
    int64_t deadline = now_ms() + limit_ms;
    pthread_mutex_lock(&g_mu);
    while (!pred() && now_ms() < deadline) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += 20 * 1000000;
        if (t.tv_nsec >= 1000000000) {
            t.tv_sec++;
            t.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&g_cv, &g_mu, &t);
    }
    int result = pred();
    pthread_mutex_unlock(&g_mu);
    return result;
}

static int entered(void) { return g_entered; }
static int all_released(void) { return g_released[0] == 1 && g_released[1] == 1 && g_released[2] == 1; }

static void run(rtcn_thread_layout layout, const char* name) {
    memset(g_released, 0, sizeof g_released);
    g_entered = 0;
    g_unblock = 0;
    atomic_store(&g_after_release, 0);

    rtcn_factory_options options = {0};
    const char* interfaces[] = {"lo"};
    options.include_loopback = 1;
    options.network_interfaces = interfaces;
    options.network_interface_count = 1;
    options.audio_device = RTCN_AUDIO_DEVICE_DUMMY;
    options.thread_layout = layout;
    rtcn_factory* factory = NULL;
    CHECK_OK(rtcn_factory_create(&options, (void*)(intptr_t)1, &factory));
    rtcn_peer_connection* pc = NULL;
    CHECK_OK(rtcn_peer_connection_create(factory, NULL, (void*)(intptr_t)2, &pc));
    rtcn_data_channel* channel = NULL;
    CHECK_OK(rtcn_peer_connection_create_data_channel(pc, "blocked", NULL, (void*)(intptr_t)3, &channel));
    CHECK_OK(rtcn_peer_connection_set_local_description(pc, RTCN_SDP_TYPE_IMPLICIT, NULL, NULL));
    CHECK(wait_until(entered, 10000), "%s: the gathering callback never ran", name);

    /* libwebrtc's (signaling) thread is now stuck in our callback. None of these may wait for it. */
    int64_t start = now_ms();
    CHECK_OK(rtcn_peer_connection_close(pc));
    CHECK_OK(rtcn_data_channel_close(channel));
    CHECK_OK(rtcn_data_channel_release(channel));
    CHECK_OK(rtcn_peer_connection_release(pc));
    CHECK_OK(rtcn_factory_release(factory));
    int64_t took = now_ms() - start;
    CHECK(took < 1000, "%s: close and release took %lld ms while a callback ran", name, (long long)took);
    pthread_mutex_lock(&g_mu);
    CHECK(g_released[1] == 0, "%s: the connection's user_data came back while its callback still ran", name);
    g_unblock = 1;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);

    CHECK(wait_until(all_released, 15000), "%s: user_data_released factory %d, connection %d, channel %d (want 1 each)", name,
          g_released[0], g_released[1], g_released[2]);
    int64_t settle = now_ms() + 200;
    while (now_ms() < settle) {
        struct timespec t = {0, 10 * 1000000};
        nanosleep(&t, NULL);
    }
    CHECK(all_released(), "%s: a user_data came back twice", name);
    CHECK(atomic_load(&g_after_release) == 0, "%s: a callback of the connection ran after its user_data_released", name);
    int64_t live = -1;
    CHECK_OK(rtcn_get_live_object_count(RTCN_OBJECT_ALL, &live));
    CHECK(live == 0, "%s: %lld native objects left", name, (long long)live);
    printf("%s: close and release returned in %lld ms while libwebrtc's thread was blocked in a callback\n", name,
           (long long)took);
}

int main(void) {
    static const rtcn_callbacks callbacks = {
        .user_data_released = on_released,
        .peer_connection_ice_gathering_state_change = on_gathering,
        .peer_connection_ice_candidate = on_candidate,
        .operation_complete = on_complete,
    };
    CHECK_OK(rtcn_register_callbacks(&callbacks));
    run(RTCN_THREAD_LAYOUT_SHARED, "shared");
    run(RTCN_THREAD_LAYOUT_SPLIT, "split");
    printf("PASS\n");
    return 0;
}
