/*
 * rtcn_bench.c - the native-only client of the benchmark: the scenarios of
 * bench/RtcNative.Bench over the C ABI alone (native/include/rtcnative.h), as a C embedder
 * would write them. It is the ceiling the C# layer is compared against.
 *
 *   rtcn_bench <connect|throughput|rate|rtt|rss|many|video|audio> key=value...
 *   keys: pairs, warmup, size, ms, cap, low, count, rate_size, bulk_size, burst, drain_ms, timeout_ms,
 *   width, height, fps, warmup_ms, queue, period_ms, tone_ms (numbers), layout (shared|split)
 *
 * Both peers of each pair live in this process and share one factory (BENCH_FACTORY_PER_PEER=1:
 * one each), loopback only (include_loopback=1, interfaces {"lo"}). layout= picks the factories'
 * thread layout: shared (the default: one libwebrtc thread for the network, worker and signaling
 * roles) or split (libwebrtc's three threads). Signaling is in-process with trickle ICE; the
 * pairs of the many scenario are set up concurrently by one state machine per pair. The
 * ABI's callbacks run on libwebrtc threads and must neither block nor call into the ABI, so they
 * only count, copy and signal; the main thread (and, for the round trip, one echo thread) make
 * every ABI call. Releases do not block (ABI 5): a closed pair is freed once user_data_released
 * came for its two connections and its channels, and the process waits for its factories' before
 * it exits. Prints exactly one line "RESULT {json}" on stdout; diagnostics go to stderr. Every
 * wait has a deadline; a watchdog ends the process with an error result after timeout_ms.
 *
 * The media scenarios (video, audio) connect a pair without a data channel: A sends a generator's
 * track on a sendonly transceiver (codec preferences VP8, or Opus), B reads the remote track through
 * a media sink on a reader thread of its own (woken by media_sink_available through a condition
 * variable); the main thread paces the writes. See bench/README.md, "Media scenarios".
 */
#define _GNU_SOURCE

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "rtcnative.h"

#define STEP_TIMEOUT_MS 10000

/* ------------------------------------------------------------------ time, output, failure */

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* CPU time (user + system) of the whole process, every thread, in seconds. */
static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static struct timespec abs_realtime_in_ms(int64_t ms) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    return ts;
}

static const char* g_scenario = "";
static rtcn_thread_layout g_layout = RTCN_THREAD_LAYOUT_SHARED; /* layout= */
static atomic_int g_emitted;

static void json_escape(char* out, size_t cap, const char* in) {
    size_t o = 0;
    for (; *in && o + 7 < cap; in++) {
        unsigned char c = (unsigned char)*in;
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c < 0x20) {
            o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = 0;
}

/* Prints the one RESULT line: body is the scenario's members (without braces), or NULL. */
static void emit(int ok, const char* body, const char* error) {
    if (atomic_exchange(&g_emitted, 1)) return;
    int32_t abi = 0;
    rtcn_get_abi_version(&abi);
    char escaped[1024] = "";
    if (error) json_escape(escaped, sizeof escaped, error);
    const char* per_peer = getenv("BENCH_FACTORY_PER_PEER");
    printf("RESULT {\"stack\":\"c\",\"scenario\":\"%s\",\"ok\":%s,\"factory_per_peer\":%s,\"layout\":\"%s\","
           "\"versions\":{\"abi\":%d,\"compiler\":\"%s\"}%s%s%s%s%s}\n",
           g_scenario, ok ? "true" : "false", per_peer && strcmp(per_peer, "1") == 0 ? "true" : "false",
           g_layout == RTCN_THREAD_LAYOUT_SPLIT ? "split" : "shared", abi,
           __VERSION__, body ? "," : "", body ? body : "", error ? ",\"error\":\"" : "", error ? escaped : "",
           error ? "\"" : "");
    fflush(stdout);
}

static void fail(const char* fmt, ...) {
    char b[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    emit(0, NULL, b);
    fprintf(stderr, "rtcn_bench: %s\n", b);
    _exit(1); /* library threads may still run: no exit handlers */
}

static const char* last_error(void) {
    static _Thread_local char b[512];
    rtcn_error e;
    memset(&e, 0, sizeof e);
    if (rtcn_get_last_error(&e) != RTCN_OK) return "(no error text)";
    snprintf(b, sizeof b, "status %d: %s", (int)e.status, e.message ? e.message : "");
    return b;
}

#define CHECK_OK(call)                                                                \
    do {                                                                              \
        rtcn_status s_ = (call);                                                      \
        if (s_ != RTCN_OK) fail("%s failed: %s", #call, last_error());                \
    } while (0)

static int64_t g_timeout_ms = 30000;
static int g_debug;           /* BENCH_DEBUG set: connection steps on stderr */
static int64_t g_debug_start; /* start of the current connection */

static void* watchdog_main(void* arg) {
    (void)arg;
    struct timespec ts = {(time_t)(g_timeout_ms / 1000), (long)(g_timeout_ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    char b[64];
    snprintf(b, sizeof b, "timed out after %lld s", (long long)(g_timeout_ms / 1000));
    emit(0, NULL, b);
    _exit(3);
    return NULL;
}

static void* xcalloc(size_t n, size_t size) {
    void* p = calloc(n, size);
    if (!p) fail("out of memory");
    return p;
}

static char* xstrdup(const char* s) {
    if (!s) return NULL;
    char* d = strdup(s);
    if (!d) fail("out of memory");
    return d;
}

/* ------------------------------------------------------------------ shared state */

/* Guards everything the callbacks hand to the main thread except the hot counters (atomics). */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;

typedef struct op {
    int done;
    int failed;
    char error[256];
    rtcn_sdp_type type;
    char* sdp;
    int auto_free; /* freed by its completion (fire-and-forget candidate additions) */
} op_t;

enum { RX_COUNT = 0, RX_SIGNAL = 1 };

/* Every user_data of this client (connection, channel, factory) starts with this: the counter
 * its user_data_released increments (under g_mu, with a broadcast of g_cv). */
typedef struct ud_head {
    int* released;
} ud_head_t;

typedef struct chan {
    ud_head_t head;
    rtcn_data_channel* handle;
    atomic_int state;
    /* Sending: the embedder counts bufferedAmount itself (the ABI reports what left the buffer). */
    atomic_uint_fast64_t buffered;
    uint64_t low_threshold;
    sem_t low;
    sem_t* low_target; /* posted on bufferedamountlow instead of &low when set (many: one for all channels) */
    /* Receiving. */
    int rx_mode;
    atomic_uint_fast64_t rx_messages;
    atomic_uint_fast64_t rx_bytes;
    atomic_int_fast64_t last_rx_ns;
    atomic_int_fast64_t expected; /* RX_COUNT: post `done` when rx_messages reaches it */
    sem_t rx;                     /* RX_SIGNAL: one post per message */
    sem_t done;
} chan_t;

typedef struct cand {
    char* candidate;
    char* sdp_mid;
    int32_t mline;
    char* ufrag;
} cand_t;

typedef struct peer {
    ud_head_t head;
    rtcn_peer_connection* pc;
    struct peer* remote;
    cand_t* pending; /* gathered here, not yet given to remote */
    int npending, cap_pending;
    int remote_has_description; /* remote's remote description is set: candidates may flow */
    chan_t* incoming;           /* the channel the remote peer opened */
    /* Media scenarios: the connection state, and the transceiver of the first track event. */
    atomic_int pc_state;
    rtcn_rtp_transceiver* track_transceiver; /* under g_mu */
} peer_t;

static chan_t* chan_new(int* released) {
    chan_t* c = xcalloc(1, sizeof *c);
    c->head.released = released;
    atomic_init(&c->state, RTCN_DATA_CHANNEL_STATE_CONNECTING);
    atomic_init(&c->expected, -1);
    sem_init(&c->low, 0, 0);
    sem_init(&c->rx, 0, 0);
    sem_init(&c->done, 0, 0);
    return c;
}

static void chan_free(chan_t* c) {
    if (!c) return;
    sem_destroy(&c->low);
    sem_destroy(&c->rx);
    sem_destroy(&c->done);
    free(c);
}

/* ------------------------------------------------------------------ callbacks (libwebrtc threads) */

static void on_released(void* user_data) {
    ud_head_t* head = user_data;
    pthread_mutex_lock(&g_mu);
    (*head->released)++;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static void on_candidate(void* user_data, const rtcn_ice_candidate_info* info, const rtcn_session_state* state) {
    (void)state;
    if (!info) return; /* end of candidates: nothing to relay on one host */
    peer_t* p = user_data;
    if (g_debug) fprintf(stderr, "[%8.3f ms] candidate of %p: %s\n", (double)(now_ns() - g_debug_start) / 1e6, user_data, info->candidate);
    pthread_mutex_lock(&g_mu);
    if (p->npending == p->cap_pending) {
        p->cap_pending = p->cap_pending ? p->cap_pending * 2 : 8;
        p->pending = realloc(p->pending, (size_t)p->cap_pending * sizeof *p->pending);
        if (!p->pending) fail("out of memory");
    }
    cand_t* c = &p->pending[p->npending++];
    c->candidate = xstrdup(info->candidate);
    c->sdp_mid = xstrdup(info->sdp_mid);
    c->mline = info->sdp_mline_index;
    c->ufrag = xstrdup(info->username_fragment);
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static void on_ice_state(void* user_data, rtcn_ice_connection_state state) {
    if (g_debug) fprintf(stderr, "[%8.3f ms] %p ice %d\n", (double)(now_ns() - g_debug_start) / 1e6, user_data, (int)state);
}

static void on_pc_state(void* user_data, rtcn_peer_connection_state state) {
    if (g_debug) fprintf(stderr, "[%8.3f ms] %p connection %d\n", (double)(now_ns() - g_debug_start) / 1e6, user_data, (int)state);
    peer_t* p = user_data;
    pthread_mutex_lock(&g_mu);
    atomic_store(&p->pc_state, (int)state);
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

/* The track event: keeps the first transceiver (a new reference); the main thread takes it. */
static void on_track(void* user_data, rtcn_rtp_transceiver* transceiver, const char* const* stream_ids, int32_t count) {
    (void)stream_ids;
    (void)count;
    peer_t* p = user_data;
    if (g_debug) fprintf(stderr, "[%8.3f ms] track on %p\n", (double)(now_ns() - g_debug_start) / 1e6, user_data);
    pthread_mutex_lock(&g_mu);
    if (!p->track_transceiver) p->track_transceiver = transceiver; /* a second one is not expected; kept unreleased */
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static void on_log(void* user_data, rtcn_log_severity severity, const char* message) {
    (void)user_data;
    fprintf(stderr, "[%8.3f ms] log%d %s\n", (double)(now_ns() - g_debug_start) / 1e6, (int)severity, message);
}

static void* on_data_channel(void* user_data, rtcn_data_channel* channel) {
    peer_t* p = user_data;
    if (g_debug) fprintf(stderr, "[%8.3f ms] datachannel on %p\n", (double)(now_ns() - g_debug_start) / 1e6, user_data);
    chan_t* c = chan_new(p->head.released); /* counted with its pair */
    c->handle = channel;
    /* Announced channels are open for webrtc-pc (and for the ABI's send) from this event on. */
    atomic_store(&c->state, RTCN_DATA_CHANNEL_STATE_OPEN);
    pthread_mutex_lock(&g_mu);
    p->incoming = c;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
    return c;
}

static void on_channel_state(void* user_data, rtcn_data_channel_state state, const rtcn_error* error) {
    (void)error;
    chan_t* c = user_data;
    if (g_debug) fprintf(stderr, "[%8.3f ms] channel %p state %d\n", (double)(now_ns() - g_debug_start) / 1e6, user_data, (int)state);
    pthread_mutex_lock(&g_mu);
    atomic_store(&c->state, state);
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static void on_message(void* user_data, const uint8_t* data, uint64_t size, int32_t is_binary) {
    (void)data;
    (void)is_binary;
    chan_t* c = user_data;
    atomic_fetch_add_explicit(&c->rx_bytes, size, memory_order_relaxed);
    atomic_store_explicit(&c->last_rx_ns, now_ns(), memory_order_relaxed);
    uint64_t n = atomic_fetch_add(&c->rx_messages, 1) + 1;
    if (c->rx_mode == RX_SIGNAL) {
        sem_post(&c->rx);
    } else if ((int64_t)n == atomic_load(&c->expected)) {
        sem_post(&c->done);
    }
}

static void on_buffered_decrease(void* user_data, uint64_t sent) {
    chan_t* c = user_data;
    uint64_t before = atomic_fetch_sub(&c->buffered, sent);
    uint64_t after = before - sent;
    if (before > c->low_threshold && after <= c->low_threshold) /* bufferedamountlow */
        sem_post(c->low_target ? c->low_target : &c->low);
}

static void copy_error(op_t* op, const rtcn_error* error) {
    op->failed = 1;
    snprintf(op->error, sizeof op->error, "status %d: %s", (int)error->status, error->message ? error->message : "");
}

static void on_description(void* op_user_data, const rtcn_error* error, rtcn_sdp_type type, const char* sdp) {
    op_t* op = op_user_data;
    pthread_mutex_lock(&g_mu);
    if (error) {
        copy_error(op, error);
    } else {
        op->type = type;
        op->sdp = xstrdup(sdp);
    }
    op->done = 1;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static atomic_int g_candidate_errors;

static void on_complete(void* op_user_data, const rtcn_error* error, const rtcn_session_state* state) {
    (void)state;
    op_t* op = op_user_data;
    if (op->auto_free) {
        if (error) atomic_fetch_add(&g_candidate_errors, 1);
        free(op);
        return;
    }
    pthread_mutex_lock(&g_mu);
    if (error) copy_error(op, error);
    op->done = 1;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

/* ------------------------------------------------------------------ signaling */

/* Gives remote the candidates gathered so far, once it can take them. Main thread only. */
static void flush_candidates(peer_t* from) {
    cand_t* batch = NULL;
    int n = 0;
    pthread_mutex_lock(&g_mu);
    if (from->remote_has_description && from->npending > 0) {
        batch = from->pending;
        n = from->npending;
        from->pending = NULL;
        from->npending = from->cap_pending = 0;
    }
    pthread_mutex_unlock(&g_mu);
    for (int i = 0; i < n; i++) {
        op_t* op = xcalloc(1, sizeof *op);
        op->auto_free = 1;
        rtcn_ice_candidate_init init = {batch[i].candidate, batch[i].sdp_mid, batch[i].mline, batch[i].ufrag};
        if (rtcn_peer_connection_add_ice_candidate(from->remote->pc, &init, op) != RTCN_OK) {
            atomic_fetch_add(&g_candidate_errors, 1);
            free(op); /* an operation that failed to start never completes */
        }
        free(batch[i].candidate);
        free(batch[i].sdp_mid);
        free(batch[i].ufrag);
    }
    free(batch);
}

typedef struct pair {
    peer_t a, b;
    chan_t* chan_a; /* created by a */
    chan_t* chan_b; /* announced to b */
    double connect_ms;
    int released;   /* user_data_released of its connections and channels, under g_mu */
    /* Connecting: the step it waits for, and the operations of steps 0 to 5. */
    int step;
    op_t ops[6];
} pair_t;

enum { STEP_OPEN = 6, STEP_DONE = 7 };

static const char* const k_steps[] = {
    "createOffer",  "a.setLocalDescription(offer)",  "b.setRemoteDescription(offer)",
    "createAnswer", "b.setLocalDescription(answer)", "a.setRemoteDescription(answer)",
    "both channels open",
};

static rtcn_factory* g_factory_a;
static rtcn_factory* g_factory_b;
/* Media scenarios: pairs have no data channel; a pair is connected when both connections are
 * connected and B had its track event. g_before_offer adds A's transceiver before createOffer. */
static int g_media;
static void (*g_before_offer)(struct pair* p);
static int g_factories_released; /* under g_mu */
static ud_head_t g_factory_ud = {&g_factories_released};

/* Waits (bounded) until *count, incremented by user_data_released under g_mu, reaches want. */
static void wait_released(const int* count, int want, const char* what) {
    int64_t deadline = now_ns() + (int64_t)STEP_TIMEOUT_MS * 1000000;
    pthread_mutex_lock(&g_mu);
    while (*count < want) {
        if (now_ns() > deadline) {
            int got = *count;
            pthread_mutex_unlock(&g_mu);
            fail("timed out waiting for user_data_released of %s (%d of %d)", what, got, want);
        }
        struct timespec ts = abs_realtime_in_ms(50);
        pthread_cond_timedwait(&g_cv, &g_mu, &ts);
    }
    pthread_mutex_unlock(&g_mu);
}

/* Whether p's current step finished: its operation completed, or both channels are open (a's
 * channel open and b's datachannel event). Called with g_mu held. */
static int step_done(pair_t* p) {
    if (p->step < STEP_OPEN) return p->ops[p->step].done;
    if (p->step > STEP_OPEN) return 0;
    if (g_media)
        return atomic_load(&p->a.pc_state) == RTCN_PEER_CONNECTION_STATE_CONNECTED &&
               atomic_load(&p->b.pc_state) == RTCN_PEER_CONNECTION_STATE_CONNECTED && p->b.track_transceiver != NULL;
    return atomic_load(&p->chan_a->state) == RTCN_DATA_CHANNEL_STATE_OPEN && p->b.incoming != NULL &&
           atomic_load(&p->b.incoming->state) == RTCN_DATA_CHANNEL_STATE_OPEN;
}

/* Starts p's current step. Main thread, g_mu not held (no ABI call is made under it). */
static void start_step(pair_t* p) {
    op_t* op = p->step < STEP_OPEN ? &p->ops[p->step] : NULL;
    op_t* offer = &p->ops[0];
    op_t* answer = &p->ops[3];
    switch (p->step) {
        case 0: CHECK_OK(rtcn_peer_connection_create_offer(p->a.pc, NULL, op)); break;
        case 1: CHECK_OK(rtcn_peer_connection_set_local_description(p->a.pc, offer->type, offer->sdp, op)); break;
        case 2: CHECK_OK(rtcn_peer_connection_set_remote_description(p->b.pc, offer->type, offer->sdp, op)); break;
        case 3:
            pthread_mutex_lock(&g_mu);
            p->a.remote_has_description = 1; /* a's candidates may go to b now */
            pthread_mutex_unlock(&g_mu);
            CHECK_OK(rtcn_peer_connection_create_answer(p->b.pc, op));
            break;
        case 4: CHECK_OK(rtcn_peer_connection_set_local_description(p->b.pc, answer->type, answer->sdp, op)); break;
        case 5: CHECK_OK(rtcn_peer_connection_set_remote_description(p->a.pc, answer->type, answer->sdp, op)); break;
        case STEP_OPEN:
            pthread_mutex_lock(&g_mu);
            p->b.remote_has_description = 1; /* and b's to a */
            pthread_mutex_unlock(&g_mu);
            break;
        default: break;
    }
}

/* Moves p through every step that finished, starting the next one each time; 1 if it moved. */
static int advance(pair_t* p, int64_t start) {
    int moved = 0;
    for (;;) {
        pthread_mutex_lock(&g_mu);
        int done = step_done(p);
        pthread_mutex_unlock(&g_mu);
        if (!done) return moved;
        moved = 1;
        if (g_debug) fprintf(stderr, "[%8.3f ms] %p %s\n", (double)(now_ns() - g_debug_start) / 1e6, (void*)p, k_steps[p->step]);
        if (p->step == STEP_OPEN) {
            p->connect_ms = (double)(now_ns() - start) / 1e6;
            p->chan_b = p->b.incoming;
            p->step = STEP_DONE;
            free(p->ops[0].sdp);
            free(p->ops[3].sdp);
            p->ops[0].sdp = p->ops[3].sdp = NULL;
            return moved;
        }
        if (p->ops[p->step].failed) fail("%s failed: %s", k_steps[p->step], p->ops[p->step].error);
        p->step++;
        start_step(p);
    }
}

/* Connects n pairs concurrently, each from createOffer to both channels open (a's channel open
 * and b's datachannel event), relaying candidates meanwhile; each pair's connect_ms counts from
 * the common start. Fails when no pair made progress for STEP_TIMEOUT_MS. */
static void connect_pairs(pair_t** out, int n) {
    for (int i = 0; i < n; i++) {
        pair_t* p = xcalloc(1, sizeof *p);
        p->a.head.released = &p->released;
        p->b.head.released = &p->released;
        p->a.remote = &p->b;
        p->b.remote = &p->a;
        CHECK_OK(rtcn_peer_connection_create(g_factory_a, NULL, &p->a, &p->a.pc));
        CHECK_OK(rtcn_peer_connection_create(g_factory_b, NULL, &p->b, &p->b.pc));
        if (g_media) {
            if (g_before_offer) g_before_offer(p);
        } else {
            p->chan_a = chan_new(&p->released);
            CHECK_OK(rtcn_peer_connection_create_data_channel(p->a.pc, "bench", NULL, p->chan_a, &p->chan_a->handle));
        }
        out[i] = p;
    }
    int64_t start = now_ns();
    g_debug_start = start;
    for (int i = 0; i < n; i++) start_step(out[i]);
    int64_t deadline = start + (int64_t)STEP_TIMEOUT_MS * 1000000;
    for (;;) {
        int left = 0;
        for (int i = 0; i < n; i++) {
            if (advance(out[i], start)) deadline = now_ns() + (int64_t)STEP_TIMEOUT_MS * 1000000;
            left += out[i]->step != STEP_DONE;
            flush_candidates(&out[i]->a);
            flush_candidates(&out[i]->b);
        }
        if (!left) return;
        pthread_mutex_lock(&g_mu);
        int ready = 0;
        for (int i = 0; i < n && !ready; i++) {
            pair_t* p = out[i];
            ready = step_done(p) || (p->a.remote_has_description && p->a.npending > 0) ||
                    (p->b.remote_has_description && p->b.npending > 0);
        }
        if (!ready) {
            struct timespec ts = abs_realtime_in_ms(50);
            pthread_cond_timedwait(&g_cv, &g_mu, &ts);
        }
        pthread_mutex_unlock(&g_mu);
        if (now_ns() > deadline) {
            for (int i = 0; i < n; i++)
                if (out[i]->step != STEP_DONE) fail("timed out waiting for %s (pair %d of %d)", k_steps[out[i]->step], i + 1, n);
        }
    }
}

static pair_t* connect_pair(void) {
    pair_t* p;
    connect_pairs(&p, 1);
    return p;
}

static void free_pending(peer_t* peer) {
    for (int i = 0; i < peer->npending; i++) {
        free(peer->pending[i].candidate);
        free(peer->pending[i].sdp_mid);
        free(peer->pending[i].ufrag);
    }
    free(peer->pending);
}

static void close_pair(pair_t* p) {
    /* Releases return at once; the structs go once user_data_released came for the two
     * connections and the channels (no callback of them runs any more). Waiting for it also
     * finishes the pair's teardown before the next pair starts, as the blocking releases did. */
    if (p->chan_a) rtcn_data_channel_release(p->chan_a->handle);
    if (p->chan_b) rtcn_data_channel_release(p->chan_b->handle);
    if (p->b.track_transceiver) rtcn_rtp_transceiver_release(p->b.track_transceiver);
    rtcn_peer_connection_close(p->a.pc);
    rtcn_peer_connection_close(p->b.pc);
    rtcn_peer_connection_release(p->a.pc);
    rtcn_peer_connection_release(p->b.pc);
    wait_released(&p->released, 2 + (p->chan_a ? 1 : 0) + (p->chan_b ? 1 : 0), "a closed pair's connections and channels");
    chan_free(p->chan_a);
    chan_free(p->chan_b);
    free_pending(&p->a);
    free_pending(&p->b);
    free(p);
}

/* ------------------------------------------------------------------ parameters */

typedef struct kv {
    char key[32];
    long long value;
} kv_t;
static kv_t g_params[16];
static int g_nparams;

static long long param(const char* key) {
    for (int i = 0; i < g_nparams; i++)
        if (strcmp(g_params[i].key, key) == 0) return g_params[i].value;
    fail("missing %s=", key);
    return 0;
}

/* ------------------------------------------------------------------ output helpers */

typedef struct buf {
    char* data;
    size_t len, cap;
} buf_t;

static void bprintf(buf_t* b, const char* fmt, ...) {
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) fail("vsnprintf failed");
        if (b->data && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        b->cap = (b->cap + (size_t)n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        if (!b->data) fail("out of memory");
    }
}

static void append_samples(buf_t* b, const char* name, const double* v, int n) {
    bprintf(b, "\"%s\":[", name);
    for (int i = 0; i < n; i++) bprintf(b, "%s%.4f", i ? "," : "", v[i]);
    bprintf(b, "]");
}

static double rss_mb(void) {
    FILE* f = fopen("/proc/self/status", "r");
    if (!f) fail("cannot open /proc/self/status");
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
    fclose(f);
    if (kb < 0) fail("no VmRSS in /proc/self/status");
    return kb / 1024.0;
}

static int thread_count(void) {
    FILE* f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    int n = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Threads: %d", &n) == 1) break;
    fclose(f);
    return n;
}

/* ------------------------------------------------------------------ scenarios */

/* warmup pairs are connected first (cold) and stay open while the measured pairs are connected
 * and closed one at a time, so process-wide state that libwebrtc sets up with its first
 * connection and tears down with its last (libsrtp's init, say) is not redone per sample. */
static void scenario_connect(void) {
    int pairs = (int)param("pairs"), warmup = (int)param("warmup");
    double* v = xcalloc((size_t)(pairs + warmup), sizeof *v);
    pair_t** held = xcalloc((size_t)(warmup ? warmup : 1), sizeof *held);
    for (int i = 0; i < warmup + pairs; i++) {
        pair_t* p = connect_pair();
        v[i] = p->connect_ms;
        if (i < warmup) {
            held[i] = p;
        } else {
            close_pair(p);
        }
    }
    buf_t b = {0};
    append_samples(&b, "samples_ms", v + warmup, pairs);
    bprintf(&b, ",");
    append_samples(&b, "warmup_ms", v, warmup);
    emit(1, b.data, NULL);
    for (int i = 0; i < warmup; i++) close_pair(held[i]);
    free(held);
    free(v);
}

/* a sends size-byte binary messages for ms, keeping bufferedAmount + size <= cap and waiting for
 * bufferedamountlow (threshold low) when full; b counts what arrives. */
static void scenario_stream(void) {
    uint64_t size = (uint64_t)param("size"), cap = (uint64_t)param("cap");
    int64_t duration_ms = param("ms");
    pair_t* p = connect_pair();
    chan_t* tx = p->chan_a;
    chan_t* rx = p->chan_b;
    tx->low_threshold = (uint64_t)param("low");
    uint8_t* payload = xcalloc(1, size ? size : 1);
    uint64_t sent = 0, low_waits = 0, low_wait_timeouts = 0;
    double cpu_start = cpu_seconds();
    int64_t start = now_ns(), deadline = start + duration_ms * 1000000;
    while (now_ns() < deadline) {
        if (atomic_load(&tx->buffered) + size > cap) {
            /* Wait for bufferedamountlow, at most 1 s at a time (counted) and not past the deadline. */
            low_waits++;
            int64_t left_ms = (deadline - now_ns()) / 1000000 + 1;
            struct timespec ts = abs_realtime_in_ms(left_ms < 1000 ? left_ms : 1000);
            if (sem_timedwait(&tx->low, &ts) != 0 && errno == ETIMEDOUT && now_ns() < deadline) low_wait_timeouts++;
            continue;
        }
        atomic_fetch_add(&tx->buffered, size); /* before the call: the decrease never overtakes it */
        if (rtcn_data_channel_send(tx->handle, payload, size, 1) != RTCN_OK) fail("send failed: %s", last_error());
        sent++;
    }
    if (sent == 0) fail("not a single message could be sent in the time given");
    atomic_store(&rx->expected, (int64_t)sent);
    if (atomic_load(&rx->rx_messages) < sent) {
        struct timespec ts = abs_realtime_in_ms(STEP_TIMEOUT_MS);
        while (atomic_load(&rx->rx_messages) < sent) {
            if (sem_timedwait(&rx->done, &ts) != 0 && errno == ETIMEDOUT) {
                fail("received %llu of %llu messages", (unsigned long long)atomic_load(&rx->rx_messages),
                     (unsigned long long)sent);
            }
        }
    }
    double cpu = cpu_seconds() - cpu_start;
    double seconds = (double)(atomic_load(&rx->last_rx_ns) - start) / 1e9;
    buf_t b = {0};
    bprintf(&b,
            "\"size\":%llu,\"sent_messages\":%llu,\"received_messages\":%llu,\"received_bytes\":%llu,"
            "\"seconds\":%.6f,\"cpu_seconds\":%.4f,\"low_waits\":%llu,\"low_wait_timeouts\":%llu",
            (unsigned long long)size, (unsigned long long)sent, (unsigned long long)atomic_load(&rx->rx_messages),
            (unsigned long long)atomic_load(&rx->rx_bytes), seconds, cpu, (unsigned long long)low_waits,
            (unsigned long long)low_wait_timeouts);
    emit(1, b.data, NULL);
    free(payload);
    close_pair(p);
}

typedef struct echo_args {
    chan_t* channel;
    int count;
    uint64_t size;
} echo_args_t;

/* b's side of the round trip: each message that arrives is sent back. */
static void* echo_main(void* arg) {
    echo_args_t* e = arg;
    uint8_t* payload = xcalloc(1, e->size ? e->size : 1);
    for (int i = 0; i < e->count; i++) {
        struct timespec ts = abs_realtime_in_ms(STEP_TIMEOUT_MS);
        while (sem_timedwait(&e->channel->rx, &ts) != 0) {
            if (errno == ETIMEDOUT) fail("echo: ping %d never arrived", i);
        }
        if (rtcn_data_channel_send(e->channel->handle, payload, e->size, 1) != RTCN_OK)
            fail("echo send failed: %s", last_error());
    }
    free(payload);
    return NULL;
}

static void scenario_rtt(void) {
    int count = (int)param("count"), warmup = (int)param("warmup");
    uint64_t size = (uint64_t)param("size");
    pair_t* p = connect_pair();
    p->chan_a->rx_mode = RX_SIGNAL;
    p->chan_b->rx_mode = RX_SIGNAL;
    echo_args_t args = {p->chan_b, count + warmup, size};
    pthread_t echo;
    if (pthread_create(&echo, NULL, echo_main, &args) != 0) fail("pthread_create failed");
    uint8_t* ping = xcalloc(1, size ? size : 1);
    double* v = xcalloc((size_t)count, sizeof *v);
    double cpu_start = 0;
    for (int i = 0; i < warmup + count; i++) {
        if (i == warmup) cpu_start = cpu_seconds();
        int64_t t0 = now_ns();
        if (rtcn_data_channel_send(p->chan_a->handle, ping, size, 1) != RTCN_OK) fail("send failed: %s", last_error());
        struct timespec ts = abs_realtime_in_ms(STEP_TIMEOUT_MS);
        while (sem_timedwait(&p->chan_a->rx, &ts) != 0) {
            if (errno == ETIMEDOUT) fail("pong %d never arrived", i);
        }
        if (i >= warmup) v[i - warmup] = (double)(now_ns() - t0) / 1e6;
    }
    double cpu = cpu_seconds() - cpu_start;
    pthread_join(echo, NULL);
    buf_t b = {0};
    append_samples(&b, "samples_ms", v, count);
    bprintf(&b, ",\"cpu_seconds\":%.4f", cpu);
    emit(1, b.data, NULL);
    free(ping);
    free(v);
    close_pair(p);
}

static void scenario_rss(void) {
    int count = (int)param("pairs");
    close_pair(connect_pair());
    usleep(300 * 1000);
    double baseline = rss_mb();
    pair_t** pairs = xcalloc((size_t)count, sizeof *pairs);
    for (int i = 0; i < count; i++) pairs[i] = connect_pair();
    usleep(300 * 1000);
    double after = rss_mb();
    buf_t b = {0};
    bprintf(&b, "\"pairs\":%d,\"baseline_mb\":%.3f,\"after_mb\":%.3f,\"threads\":%d", count, baseline, after,
            thread_count());
    emit(1, b.data, NULL);
    for (int i = 0; i < count; i++) close_pair(pairs[i]);
    free(pairs);
}

/* One part of the many scenario: a sends size-byte messages on every pair's channel for ms,
 * from this one thread, round-robin: on each pair's turn up to burst messages, each only while
 * that channel's bufferedAmount + size <= cap. When a whole round sent nothing (every channel
 * full) it waits for any channel's bufferedamountlow (threshold low), at most 1 s at a time and
 * not past the deadline. Then it waits until every pair received all its messages (drain_ms at
 * most: 16 full channels of 100-byte messages hold 160k messages, seconds of work for a stack
 * that moves 20k a second).
 * Appends "name":{...} to b. */
static void many_part(pair_t** pairs, int n, sem_t* any_low, uint64_t size, const char* name, buf_t* b) {
    uint64_t cap = (uint64_t)param("cap");
    int64_t duration_ms = param("ms");
    int burst = (int)param("burst");
    uint8_t* payload = xcalloc(1, size ? size : 1);
    uint64_t* sent = xcalloc((size_t)n, sizeof *sent);
    uint64_t* base_messages = xcalloc((size_t)n, sizeof *base_messages);
    uint64_t* base_bytes = xcalloc((size_t)n, sizeof *base_bytes);
    for (int i = 0; i < n; i++) {
        base_messages[i] = atomic_load(&pairs[i]->chan_b->rx_messages);
        base_bytes[i] = atomic_load(&pairs[i]->chan_b->rx_bytes);
    }
    uint64_t total_sent = 0, low_waits = 0, low_wait_timeouts = 0;
    double cpu_start = cpu_seconds();
    int64_t start = now_ns(), deadline = start + duration_ms * 1000000;
    while (now_ns() < deadline) {
        int any = 0;
        for (int i = 0; i < n; i++) {
            chan_t* tx = pairs[i]->chan_a;
            for (int k = 0; k < burst && atomic_load(&tx->buffered) + size <= cap; k++) {
                atomic_fetch_add(&tx->buffered, size); /* before the call: the decrease never overtakes it */
                if (rtcn_data_channel_send(tx->handle, payload, size, 1) != RTCN_OK)
                    fail("%s: send on pair %d failed: %s", name, i + 1, last_error());
                sent[i]++;
                any = 1;
            }
        }
        if (!any) {
            low_waits++;
            int64_t left_ms = (deadline - now_ns()) / 1000000 + 1;
            struct timespec ts = abs_realtime_in_ms(left_ms < 1000 ? left_ms : 1000);
            if (sem_timedwait(any_low, &ts) != 0 && errno == ETIMEDOUT && now_ns() < deadline) low_wait_timeouts++;
        }
    }
    for (int i = 0; i < n; i++) total_sent += sent[i];
    if (total_sent == 0) fail("%s: not a single message could be sent in the time given", name);
    int64_t wait_deadline = now_ns() + param("drain_ms") * 1000000;
    for (int i = 0; i < n; i++) {
        while (atomic_load(&pairs[i]->chan_b->rx_messages) - base_messages[i] < sent[i]) {
            if (now_ns() > wait_deadline)
                fail("%s: pair %d received %llu of %llu messages", name, i + 1,
                     (unsigned long long)(atomic_load(&pairs[i]->chan_b->rx_messages) - base_messages[i]),
                     (unsigned long long)sent[i]);
            usleep(1000);
        }
    }
    double cpu = cpu_seconds() - cpu_start;
    uint64_t messages = 0, bytes = 0;
    int64_t last = start;
    for (int i = 0; i < n; i++) {
        messages += atomic_load(&pairs[i]->chan_b->rx_messages) - base_messages[i];
        bytes += atomic_load(&pairs[i]->chan_b->rx_bytes) - base_bytes[i];
        int64_t t = atomic_load(&pairs[i]->chan_b->last_rx_ns);
        if (t > last) last = t;
    }
    bprintf(b,
            ",\"%s\":{\"size\":%llu,\"sent_messages\":%llu,\"received_messages\":%llu,\"received_bytes\":%llu,"
            "\"seconds\":%.6f,\"cpu_seconds\":%.4f,\"low_waits\":%llu,\"low_wait_timeouts\":%llu,\"per_pair_messages\":[",
            name, (unsigned long long)size, (unsigned long long)total_sent, (unsigned long long)messages,
            (unsigned long long)bytes, (double)(last - start) / 1e9, cpu, (unsigned long long)low_waits,
            (unsigned long long)low_wait_timeouts);
    for (int i = 0; i < n; i++)
        bprintf(b, "%s%llu", i ? "," : "", (unsigned long long)(atomic_load(&pairs[i]->chan_b->rx_messages) - base_messages[i]));
    bprintf(b, "]}");
    free(payload);
    free(sent);
    free(base_messages);
    free(base_bytes);
}

/* pairs pairs on the one factory, set up concurrently; then every pair's channel sends rate_size
 * messages for ms (the rate part), then bulk_size messages for ms (the throughput part). */
static void scenario_many(void) {
    int n = (int)param("pairs");
    if (n < 1) fail("pairs must be at least 1");
    pair_t** pairs = xcalloc((size_t)n, sizeof *pairs);
    int64_t t0 = now_ns();
    connect_pairs(pairs, n);
    double setup_ms = (double)(now_ns() - t0) / 1e6;
    sem_t any_low;
    sem_init(&any_low, 0, 0);
    for (int i = 0; i < n; i++) {
        pairs[i]->chan_a->low_threshold = (uint64_t)param("low");
        pairs[i]->chan_a->low_target = &any_low;
    }
    double* connect_ms = xcalloc((size_t)n, sizeof *connect_ms);
    for (int i = 0; i < n; i++) connect_ms[i] = pairs[i]->connect_ms;
    buf_t b = {0};
    bprintf(&b, "\"pairs\":%d,\"setup_ms\":%.3f,", n, setup_ms);
    append_samples(&b, "connect_ms", connect_ms, n);
    many_part(pairs, n, &any_low, (uint64_t)param("rate_size"), "rate", &b);
    many_part(pairs, n, &any_low, (uint64_t)param("bulk_size"), "throughput", &b);
    emit(1, b.data, NULL);
    for (int i = 0; i < n; i++) close_pair(pairs[i]);
    sem_destroy(&any_low);
    free(connect_ms);
    free(pairs);
}

/* ------------------------------------------------------------------ media scenarios */

static long long param_or(const char* key, long long fallback) {
    for (int i = 0; i < g_nparams; i++)
        if (strcmp(g_params[i].key, key) == 0) return g_params[i].value;
    return fallback;
}

static int64_t rtcn_now_us(void) {
    int64_t t = 0;
    rtcn_get_time_us(&t);
    return t;
}

/* Sleeps until the CLOCK_MONOTONIC time t_ns (now_ns's clock). */
static void sleep_until_ns(int64_t t_ns) {
    struct timespec ts = {(time_t)(t_ns / 1000000000), (long)(t_ns % 1000000000)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}


/* A media sink's user_data: media_sink_available only sets a flag and signals the reader. */
typedef struct sink_ctx {
    ud_head_t head; /* user_data_released counts into released */
    int released;   /* under g_mu */
    rtcn_media_sink* sink;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int available; /* under mu */
    atomic_int stop;
} sink_ctx_t;

static void on_sink_available(void* user_data) {
    sink_ctx_t* s = user_data;
    pthread_mutex_lock(&s->mu);
    s->available = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* Waits (at most 100 ms, so that stop is seen) until the sink signalled; 1 when it did. */
static int sink_wait(sink_ctx_t* s) {
    pthread_mutex_lock(&s->mu);
    if (!s->available) {
        struct timespec ts = abs_realtime_in_ms(100);
        pthread_cond_timedwait(&s->cv, &s->mu, &ts);
    }
    int got = s->available;
    s->available = 0;
    pthread_mutex_unlock(&s->mu);
    return got;
}

/* Codec preferences of a transceiver: every capability of kind whose MIME type is mime. */
static void prefer_codec(rtcn_rtp_transceiver* t, rtcn_media_kind kind, const char* mime) {
    rtcn_rtp_capabilities* caps = NULL;
    CHECK_OK(rtcn_factory_get_rtp_capabilities(g_factory_b, kind, 1, &caps));
    rtcn_rtp_codec chosen[16];
    int n = 0;
    for (int i = 0; caps && i < caps->codec_count && n < 16; i++)
        if (strcasecmp(caps->codecs[i].mime_type, mime) == 0) chosen[n++] = caps->codecs[i];
    if (n == 0) fail("no %s in the receiver's capabilities", mime);
    CHECK_OK(rtcn_rtp_transceiver_set_codec_preferences(t, chosen, n));
    rtcn_free(caps);
}

static rtcn_media_track* g_send_track;
static rtcn_media_kind g_send_kind;
static rtcn_rtp_transceiver* g_send_transceiver;

static void add_send_transceiver(pair_t* p) {
    rtcn_rtp_transceiver_init init;
    memset(&init, 0, sizeof init);
    init.direction = RTCN_RTP_TRANSCEIVER_DIRECTION_SENDONLY;
    CHECK_OK(rtcn_peer_connection_add_transceiver(p->a.pc, g_send_kind, g_send_track, &init, &g_send_transceiver));
    prefer_codec(g_send_transceiver, g_send_kind, g_send_kind == RTCN_MEDIA_KIND_VIDEO ? "video/VP8" : "audio/opus");
}

/* Connects the media pair and makes B's sink on its remote track. */
static pair_t* connect_media_pair(sink_ctx_t* sink, int queue) {
    g_media = 1;
    g_before_offer = add_send_transceiver;
    pair_t* p = connect_pair();
    rtcn_media_track* remote = NULL;
    CHECK_OK(rtcn_rtp_receiver_get_track(p->b.track_transceiver, &remote));
    sink->head.released = &sink->released;
    pthread_mutex_init(&sink->mu, NULL);
    pthread_cond_init(&sink->cv, NULL);
    CHECK_OK(rtcn_media_sink_create(remote, queue, sink, &sink->sink));
    rtcn_media_track_release(remote);
    if (g_send_kind == RTCN_MEDIA_KIND_VIDEO) {
        /* 720p stays 720p: without this libwebrtc starts below the size sent (its initial frame
         * dropper scales down at the start bitrate) and climbs back over many seconds. */
        rtcn_rtp_parameters* params = NULL;
        CHECK_OK(rtcn_rtp_sender_get_parameters(g_send_transceiver, &params));
        params->degradation_preference = RTCN_DEGRADATION_PREFERENCE_MAINTAIN_RESOLUTION;
        op_t op;
        memset(&op, 0, sizeof op);
        CHECK_OK(rtcn_rtp_sender_set_parameters(g_send_transceiver, params, &op));
        rtcn_free(params);
        int64_t deadline = now_ns() + (int64_t)STEP_TIMEOUT_MS * 1000000;
        pthread_mutex_lock(&g_mu);
        while (!op.done && now_ns() < deadline) {
            struct timespec ts = abs_realtime_in_ms(50);
            pthread_cond_timedwait(&g_cv, &g_mu, &ts);
        }
        int done = op.done;
        pthread_mutex_unlock(&g_mu);
        if (!done) fail("setParameters (degradation preference) never completed");
        if (op.failed) fail("setParameters (degradation preference) failed: %s", op.error);
    }
    return p;
}

static void close_media_pair(pair_t* p, sink_ctx_t* sink) {
    rtcn_media_sink_release(sink->sink);
    wait_released(&sink->released, 1, "the media sink");
    rtcn_rtp_transceiver_release(g_send_transceiver);
    close_pair(p);
}

/* The measuring window: the main thread sets measuring, the reader counts only inside it. */
static atomic_int g_measuring;

typedef struct video_reader {
    sink_ctx_t* sink;
    /* Inside the window. */
    uint64_t frames, unreadable;
    double* latency_ms;
    int cap, n;
    uint64_t smaller; /* frames below the size sent (libwebrtc's adaptation scaled them down) */
    int last_width, last_height;
    /* Any time. */
    atomic_uint_fast64_t total_frames;
    atomic_int_fast64_t first_frame_ns;
} video_reader_t;

static int g_video_width, g_video_height;

static void* video_reader_main(void* arg) {
    video_reader_t* r = arg;
    while (!atomic_load(&r->sink->stop)) {
        if (!sink_wait(r->sink)) continue;
        for (;;) {
            rtcn_video_frame* frame = NULL;
            int32_t ended = 0;
            if (rtcn_media_sink_read_video(r->sink->sink, &frame, &ended) != RTCN_OK) fail("read_video failed: %s", last_error());
            if (!frame) break; /* empty: media_sink_available is re-armed */
            int32_t found = 0;
            uint32_t counter = 0, time_ms = 0;
            if (rtcn_test_pattern_read(frame, &found, &counter, &time_ms) != RTCN_OK) fail("test_pattern_read failed: %s", last_error());
            uint32_t now_ms = (uint32_t)(rtcn_now_us() / 1000);
            rtcn_video_frame_info info;
            if (rtcn_video_frame_get_info(frame, &info) != RTCN_OK) fail("video_frame_get_info failed: %s", last_error());
            rtcn_video_frame_release(frame);
            if (atomic_fetch_add(&r->total_frames, 1) == 0) atomic_store(&r->first_frame_ns, now_ns());
            if (atomic_load_explicit(&g_measuring, memory_order_acquire)) {
                r->frames++;
                r->last_width = info.width;
                r->last_height = info.height;
                if (info.width < g_video_width || info.height < g_video_height) r->smaller++;
                if (!found) {
                    r->unreadable++;
                } else if (r->n < r->cap) {
                    r->latency_ms[r->n++] = (double)(uint32_t)(now_ms - time_ms);
                }
            }
        }
    }
    return NULL;
}

/* video: width x height I420 at fps, drawn with the test pattern and submitted by this thread,
 * VP8, read back from B's sink; warmup_ms, then the window of ms. */
static void scenario_video(void) {
    int width = (int)param_or("width", 1280), height = (int)param_or("height", 720);
    int fps = (int)param_or("fps", 30), queue = (int)param_or("queue", 8);
    int64_t duration_ms = param_or("ms", 10000), warmup_ms = param_or("warmup_ms", 2000);
    if (fps < 1 || fps > 120) fail("fps must be 1 to 120");
    g_video_width = width;
    g_video_height = height;
    rtcn_video_source* source = NULL;
    CHECK_OK(rtcn_video_generator_create(g_factory_a, NULL, &source, &g_send_track));
    g_send_kind = RTCN_MEDIA_KIND_VIDEO;
    sink_ctx_t sink;
    memset(&sink, 0, sizeof sink);
    pair_t* p = connect_media_pair(&sink, queue);

    video_reader_t r;
    memset(&r, 0, sizeof r);
    r.sink = &sink;
    r.cap = (int)(duration_ms * fps / 1000) * 2 + 64;
    r.latency_ms = xcalloc((size_t)r.cap, sizeof(double));
    pthread_t reader;
    if (pthread_create(&reader, NULL, video_reader_main, &r) != 0) fail("pthread_create failed");

    const int64_t interval_ns = 1000000000LL / fps;
    int64_t start = now_ns();
    int64_t window_start = start + warmup_ms * 1000000, window_end = window_start + duration_ms * 1000000;
    double cpu_start = 0, cpu = 0;
    uint64_t sent = 0, sent_in_window = 0;
    int measuring = 0;
    /* One frame drawn and submitted every time (submit_frame_renew gives it a pooled buffer back),
     * as the C# runner does. */
    rtcn_video_frame* frame = NULL;
    CHECK_OK(rtcn_video_frame_create_i420(width, height, 0, &frame));
    for (uint64_t i = 0;; i++) {
        int64_t due = start + (int64_t)i * interval_ns;
        if (!measuring && due >= window_start) {
            if (atomic_load(&r.total_frames) == 0) fail("no video frame arrived in the %lld ms of warm-up", (long long)warmup_ms);
            cpu_start = cpu_seconds();
            atomic_store_explicit(&g_measuring, 1, memory_order_release);
            measuring = 1;
        }
        if (due >= window_end) break;
        sleep_until_ns(due);
        int64_t now_us = rtcn_now_us();
        CHECK_OK(rtcn_video_frame_set_timestamp(frame, now_us));
        CHECK_OK(rtcn_test_pattern_draw(frame, (uint32_t)i, (uint32_t)(now_us / 1000)));
        CHECK_OK(rtcn_video_source_submit_frame_renew(source, frame));
        sent++;
        if (measuring) sent_in_window++;
    }
    CHECK_OK(rtcn_video_frame_release(frame));
    /* Frames still in flight when the window closes are not waited for: the window is the
     * steady state, and the receiving rate is what it is. */
    cpu = cpu_seconds() - cpu_start;
    atomic_store_explicit(&g_measuring, 0, memory_order_release);
    int64_t dropped = 0;
    rtcn_media_sink_get_dropped(sink.sink, &dropped);
    atomic_store(&sink.stop, 1);
    pthread_join(reader, NULL);
    if (r.frames == 0) fail("no video frames arrived in the measured window (%llu sent)", (unsigned long long)sent_in_window);
    if (r.n == 0) fail("%llu frames arrived but none carried a readable test pattern", (unsigned long long)r.frames);

    buf_t b = {0};
    bprintf(&b,
            "\"width\":%d,\"height\":%d,\"fps\":%d,\"codec\":\"VP8\",\"seconds\":%.3f,\"warmup_seconds\":%.3f,"
            "\"sent_frames\":%llu,\"received_frames\":%llu,\"unreadable_frames\":%llu,\"dropped_frames\":%lld,"
            "\"first_frame_ms\":%.1f,\"received_width\":%d,\"received_height\":%d,\"smaller_frames\":%llu,\"cpu_seconds\":%.4f,",
            width, height, fps, (double)duration_ms / 1000, (double)warmup_ms / 1000, (unsigned long long)sent_in_window,
            (unsigned long long)r.frames, (unsigned long long)r.unreadable, (long long)dropped,
            (double)(atomic_load(&r.first_frame_ns) - start) / 1e6, r.last_width, r.last_height,
            (unsigned long long)r.smaller, cpu);
    append_samples(&b, "latency_ms", r.latency_ms, r.n);
    emit(1, b.data, NULL);
    free(r.latency_ms);
    close_media_pair(p, &sink);
    rtcn_video_source_release(source);
    rtcn_media_track_release(g_send_track);
}

/* audio: a tone burst every period_ms (tone_ms of a 1 kHz sine at half scale, then silence),
 * 48 kHz stereo, written in 10 ms chunks paced by this thread, Opus, read back from B's sink.
 * Latency: from writing the chunk that starts a burst to the reader seeing the first sample
 * above a tenth of full scale after at least one silent 10 ms chunk. */
#define AUDIO_RATE 48000
#define AUDIO_CHANNELS 2
#define AUDIO_THRESHOLD 3277 /* 0.1 of full scale */

typedef struct audio_reader {
    sink_ctx_t* sink;
    const _Atomic int64_t* onset_us; /* written by the main thread before onsets is raised */
    atomic_int* onsets;
    int max_onsets;
    /* Inside the window. */
    uint64_t chunks;
    double* latency_ms;
    int n;
    int* matched; /* onsets already seen */
    uint64_t spurious;
    /* Any time. */
    atomic_uint_fast64_t total_chunks;
    atomic_uint_fast64_t total_onsets_seen;
} audio_reader_t;

static void* audio_reader_main(void* arg) {
    audio_reader_t* r = arg;
    int armed = 0;
    while (!atomic_load(&r->sink->stop)) {
        if (!sink_wait(r->sink)) continue;
        for (;;) {
            rtcn_audio_data* data = NULL;
            int32_t ended = 0;
            if (rtcn_media_sink_read_audio(r->sink->sink, &data, &ended) != RTCN_OK) fail("read_audio failed: %s", last_error());
            if (!data) break;
            rtcn_audio_data_info info;
            if (rtcn_audio_data_get_info(data, &info) != RTCN_OK) fail("audio_data_get_info failed: %s", last_error());
            int count = info.frame_count * info.channel_count, loud = -1;
            for (int i = 0; i < count; i++) {
                int v = info.samples[i];
                if (v > AUDIO_THRESHOLD || v < -AUDIO_THRESHOLD) {
                    loud = i;
                    break;
                }
            }
            int64_t now = rtcn_now_us();
            rtcn_audio_data_release(data);
            atomic_fetch_add(&r->total_chunks, 1);
            int measuring = atomic_load_explicit(&g_measuring, memory_order_acquire);
            if (measuring) r->chunks++;
            if (loud < 0) {
                armed = 1;
                continue;
            }
            if (!armed) continue;
            armed = 0;
            atomic_fetch_add(&r->total_onsets_seen, 1);
            /* The burst it belongs to: the last one written before now. */
            int k = atomic_load_explicit(r->onsets, memory_order_acquire) - 1;
            while (k >= 0 && atomic_load(&r->onset_us[k]) > now) k--;
            if (k < 0 || r->matched[k]) {
                if (measuring) r->spurious++;
                continue;
            }
            r->matched[k] = 1;
            if (measuring) r->latency_ms[r->n++] = (double)(now - atomic_load(&r->onset_us[k])) / 1000.0;
        }
    }
    return NULL;
}

static void scenario_audio(void) {
    int64_t duration_ms = param_or("ms", 10000), warmup_ms = param_or("warmup_ms", 2000);
    int period_ms = (int)param_or("period_ms", 500), tone_ms = (int)param_or("tone_ms", 200);
    int queue = (int)param_or("queue", 50);
    if (period_ms < 50 || period_ms % 10 || tone_ms < 10 || tone_ms % 10 || tone_ms >= period_ms)
        fail("period_ms and tone_ms must be multiples of 10 with 10 <= tone_ms < period_ms, period_ms >= 50");
    rtcn_audio_source* source = NULL;
    CHECK_OK(rtcn_audio_generator_create(g_factory_a, NULL, AUDIO_RATE, AUDIO_CHANNELS, &source, &g_send_track));
    g_send_kind = RTCN_MEDIA_KIND_AUDIO;
    /* One period, computed once: the writes take 10 ms slices of it. */
    const int chunk_frames = AUDIO_RATE / 100, period_frames = AUDIO_RATE / 1000 * period_ms;
    const int tone_frames = AUDIO_RATE / 1000 * tone_ms;
    int16_t* period = xcalloc((size_t)period_frames * AUDIO_CHANNELS, sizeof(int16_t));
    for (int i = 0; i < tone_frames; i++) {
        int16_t v = (int16_t)lrint(0.5 * 32767.0 * sin(2.0 * 3.14159265358979323846 * 1000.0 * i / AUDIO_RATE));
        for (int c = 0; c < AUDIO_CHANNELS; c++) period[i * AUDIO_CHANNELS + c] = v;
    }
    sink_ctx_t sink;
    memset(&sink, 0, sizeof sink);
    pair_t* p = connect_media_pair(&sink, queue);

    int max_onsets = (int)((warmup_ms + duration_ms) / period_ms) + 4;
    _Atomic int64_t* onset_us = xcalloc((size_t)max_onsets, sizeof *onset_us);
    atomic_int onsets;
    atomic_init(&onsets, 0);
    audio_reader_t r;
    memset(&r, 0, sizeof r);
    r.sink = &sink;
    r.onset_us = onset_us;
    r.onsets = &onsets;
    r.max_onsets = max_onsets;
    r.latency_ms = xcalloc((size_t)max_onsets, sizeof(double));
    r.matched = xcalloc((size_t)max_onsets, sizeof(int));
    pthread_t reader;
    if (pthread_create(&reader, NULL, audio_reader_main, &r) != 0) fail("pthread_create failed");

    const int64_t interval_ns = 10000000; /* 10 ms */
    int64_t start = now_ns();
    int64_t window_start = start + warmup_ms * 1000000, window_end = window_start + duration_ms * 1000000;
    double cpu_start = 0, cpu = 0;
    uint64_t onsets_in_window = 0;
    int measuring = 0;
    for (uint64_t i = 0;; i++) {
        int64_t due = start + (int64_t)i * interval_ns;
        if (!measuring && due >= window_start) {
            if (atomic_load(&r.total_chunks) == 0) fail("no audio arrived in the %lld ms of warm-up", (long long)warmup_ms);
            cpu_start = cpu_seconds();
            atomic_store_explicit(&g_measuring, 1, memory_order_release);
            measuring = 1;
        }
        if (due >= window_end) break;
        sleep_until_ns(due);
        int offset = (int)((i * (uint64_t)chunk_frames) % (uint64_t)period_frames);
        if (offset == 0) {
            int k = atomic_load(&onsets);
            if (k < max_onsets) {
                atomic_store(&onset_us[k], rtcn_now_us());
                atomic_store_explicit(&onsets, k + 1, memory_order_release);
                if (measuring) onsets_in_window++;
            }
        }
        CHECK_OK(rtcn_audio_source_write(source, period + (size_t)offset * AUDIO_CHANNELS, (uint64_t)chunk_frames * AUDIO_CHANNELS));
    }
    /* Let the last burst of the window arrive (its latency counts), then stop measuring. */
    usleep((useconds_t)(period_ms > 300 ? 300 : period_ms) * 1000);
    cpu = cpu_seconds() - cpu_start;
    atomic_store_explicit(&g_measuring, 0, memory_order_release);
    int64_t dropped = 0;
    rtcn_media_sink_get_dropped(sink.sink, &dropped);
    atomic_store(&sink.stop, 1);
    pthread_join(reader, NULL);
    if (r.chunks == 0) fail("no audio arrived in the measured window");
    if (r.n == 0) fail("audio arrived (%llu chunks) but no tone onset was detected", (unsigned long long)r.chunks);
    double audio_seconds = (double)duration_ms / 1000 + (period_ms > 300 ? 300 : period_ms) / 1000.0;

    buf_t b = {0};
    bprintf(&b,
            "\"sample_rate\":%d,\"channels\":%d,\"codec\":\"opus\",\"chunk_ms\":10,\"period_ms\":%d,\"tone_ms\":%d,"
            "\"seconds\":%.3f,\"warmup_seconds\":%.3f,\"received_chunks\":%llu,\"audio_seconds\":%.3f,"
            "\"onsets_sent\":%llu,\"onsets_detected\":%d,\"spurious_onsets\":%llu,\"dropped_chunks\":%lld,\"cpu_seconds\":%.4f,",
            AUDIO_RATE, AUDIO_CHANNELS, period_ms, tone_ms, audio_seconds, (double)warmup_ms / 1000,
            (unsigned long long)r.chunks, (double)r.chunks / 100.0, (unsigned long long)onsets_in_window, r.n,
            (unsigned long long)r.spurious, (long long)dropped, cpu);
    append_samples(&b, "latency_ms", r.latency_ms, r.n);
    emit(1, b.data, NULL);
    free(r.latency_ms);
    free(r.matched);
    free(onset_us);
    free(period);
    close_media_pair(p, &sink);
    rtcn_audio_source_release(source);
    rtcn_media_track_release(g_send_track);
}

/* ------------------------------------------------------------------ main */

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: rtcn_bench <connect|throughput|rate|rtt|rss|many|video|audio> key=value... [layout=shared|split]\n");
        return 2;
    }
    g_scenario = argv[1];
    g_debug = getenv("BENCH_DEBUG") != NULL;
    for (int i = 2; i < argc && g_nparams < (int)(sizeof g_params / sizeof g_params[0]); i++) {
        const char* eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof g_params[0].key) fail("bad argument '%s'", argv[i]);
        if ((size_t)(eq - argv[i]) == 6 && strncmp(argv[i], "layout", 6) == 0) {
            /* The factories' thread layout: the one key whose value is a word. */
            if (strcmp(eq + 1, "shared") == 0) g_layout = RTCN_THREAD_LAYOUT_SHARED;
            else if (strcmp(eq + 1, "split") == 0) g_layout = RTCN_THREAD_LAYOUT_SPLIT;
            else fail("bad argument '%s' (layout=shared or layout=split)", argv[i]);
            continue;
        }
        memcpy(g_params[g_nparams].key, argv[i], (size_t)(eq - argv[i]));
        g_params[g_nparams].value = atoll(eq + 1);
        g_nparams++;
    }
    for (int i = 0; i < g_nparams; i++)
        if (strcmp(g_params[i].key, "timeout_ms") == 0) g_timeout_ms = g_params[i].value;
    pthread_t watchdog;
    if (pthread_create(&watchdog, NULL, watchdog_main, NULL) != 0) fail("pthread_create failed");
    pthread_detach(watchdog);

    rtcn_callbacks callbacks = {
        .user_data_released = on_released,
        .peer_connection_ice_candidate = on_candidate,
        .peer_connection_ice_connection_state_change = on_ice_state,
        .peer_connection_connection_state_change = on_pc_state,
        .peer_connection_data_channel = on_data_channel,
        .peer_connection_track = on_track,
        .media_sink_available = on_sink_available,
        .data_channel_state_change = on_channel_state,
        .data_channel_message = on_message,
        .data_channel_buffered_amount_decrease = on_buffered_decrease,
        .session_description_created = on_description,
        .operation_complete = on_complete,
        .log_message = on_log,
    };
    CHECK_OK(rtcn_register_callbacks(&callbacks));
    const char* debug = getenv("BENCH_DEBUG");
    if (debug && strcmp(debug, "2") == 0) CHECK_OK(rtcn_set_log_sink(RTCN_LOG_SEVERITY_INFO, NULL));
    const char* interfaces[] = {"lo"};
    rtcn_factory_options options;
    memset(&options, 0, sizeof options);
    options.include_loopback = 1;
    options.network_interfaces = interfaces;
    options.network_interface_count = 1;
    options.audio_device = RTCN_AUDIO_DEVICE_AUTO; /* as RtcNative's default */
    /* Media: audio needs a device that pulls remote audio without hardware (headless); video gets
     * libwebrtc's dummy device, which does nothing (no 10 ms playout thread in its CPU figures). */
    if (strcmp(g_scenario, "audio") == 0) options.audio_device = RTCN_AUDIO_DEVICE_HEADLESS;
    if (strcmp(g_scenario, "video") == 0) options.audio_device = RTCN_AUDIO_DEVICE_DUMMY;
    options.thread_layout = g_layout;
    CHECK_OK(rtcn_factory_create(&options, &g_factory_ud, &g_factory_a));
    const char* per_peer = getenv("BENCH_FACTORY_PER_PEER");
    if (per_peer && strcmp(per_peer, "1") == 0) {
        CHECK_OK(rtcn_factory_create(&options, &g_factory_ud, &g_factory_b));
    } else {
        g_factory_b = g_factory_a;
    }

    if (strcmp(g_scenario, "connect") == 0) {
        scenario_connect();
    } else if (strcmp(g_scenario, "throughput") == 0 || strcmp(g_scenario, "rate") == 0) {
        scenario_stream();
    } else if (strcmp(g_scenario, "rtt") == 0) {
        scenario_rtt();
    } else if (strcmp(g_scenario, "rss") == 0) {
        scenario_rss();
    } else if (strcmp(g_scenario, "many") == 0) {
        scenario_many();
    } else if (strcmp(g_scenario, "video") == 0) {
        scenario_video();
    } else if (strcmp(g_scenario, "audio") == 0) {
        scenario_audio();
    } else {
        fail("unknown scenario '%s' (connect, throughput, rate, rtt, rss, many, video, audio)", g_scenario);
    }

    /* The factories' threads stop after the release returned: wait for them before exiting. */
    int factories = g_factory_b != g_factory_a ? 2 : 1;
    if (g_factory_b != g_factory_a) rtcn_factory_release(g_factory_b);
    rtcn_factory_release(g_factory_a);
    wait_released(&g_factories_released, factories, "the factories");
    return 0;
}
