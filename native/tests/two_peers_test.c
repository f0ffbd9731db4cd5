/*
 * two_peers_test.c - connects two peers in one process through the C ABI alone.
 *
 * Callbacks never call back into the ABI and never block: they copy what they get into the
 * event queue of the peer they belong to and return. The main thread drains the queues and
 * drives the flow; every wait has a deadline. A watchdog thread ends the process with the
 * name of the step if a single step (an ABI call that hangs, say) takes far too long.
 *
 * Run 1: both peers on one factory. Run 2: one factory per peer. Then error paths.
 * Exit code 0 on success; 1 with a message on failure; 2 when the watchdog fires.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rtcnative.h"

#define WAIT_MS 20000          /* deadline of every wait for an event */
#define LIVE_COUNT_WAIT_MS 5000
#define WATCHDOG_STEP_MS 30000 /* one step longer than this: something hangs */
#define BINARY_SIZE 200000
#define MAX_OPS 256
#define MAX_STATES 16
#define MAX_PEERS 4

/* ------------------------------------------------------------------ time, output, failure */

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t g_start_ms;
static const char* g_run = "setup";
static _Atomic(const char*) g_step = "start";
static _Atomic int64_t g_step_started_ms;

static void step(const char* fmt, ...) {
    static char buffers[2][256];
    static int which;
    char* b = buffers[which ^= 1]; /* the watchdog may still read the previous one */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof buffers[0], fmt, ap);
    va_end(ap);
    atomic_store(&g_step, (const char*)b);
    atomic_store(&g_step_started_ms, now_ms());
    printf("[%6lld ms] %s: %s\n", (long long)(now_ms() - g_start_ms), g_run, b);
    fflush(stdout);
}

static void note(const char* fmt, ...) {
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    printf("[%6lld ms] %s:   %s\n", (long long)(now_ms() - g_start_ms), g_run, b);
    fflush(stdout);
}

/* Ends the process at once: library threads may still run, so no exit handlers. */
static void fail(const char* fmt, ...) {
    char b[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    fflush(stdout);
    fprintf(stderr, "FAIL [%s, step \"%s\"]: %s\n", g_run, atomic_load(&g_step), b);
    fflush(stderr);
    _exit(1);
}

static const char* status_name(rtcn_status s) {
    static const char* names[] = {"RTCN_OK", "INVALID_ARGUMENT", "RANGE", "INVALID_STATE",
                                  "INVALID_ACCESS", "INVALID_MODIFICATION", "OPERATION", "SYNTAX",
                                  "NOT_SUPPORTED", "NETWORK", "CLOSED", "INTERNAL"};
    return (s >= 0 && (size_t)s < sizeof names / sizeof names[0]) ? names[s] : "(unknown status)";
}

/* The thread-local last error, for messages. */
static const char* last_error_text(void) {
    static char b[512];
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

static void* watchdog_main(void* arg) {
    (void)arg;
    for (;;) {
        struct timespec ts = {0, 200 * 1000000L};
        nanosleep(&ts, NULL);
        int64_t started = atomic_load(&g_step_started_ms);
        if (now_ms() - started > WATCHDOG_STEP_MS) {
            fflush(stdout);
            fprintf(stderr, "FAIL [watchdog]: step \"%s\" has not finished after %d ms (an ABI call hangs?)\n",
                    atomic_load(&g_step), WATCHDOG_STEP_MS);
            fflush(stderr);
            _exit(2);
        }
    }
    return NULL;
}

static void* xcalloc(size_t n, size_t size) {
    void* p = calloc(n, size);
    if (!p) fail("out of memory");
    return p;
}

/* ------------------------------------------------------------------ event queues */

typedef enum ev_kind {
    EV_SIGNALING,
    EV_GATHERING,
    EV_ICE_CONNECTION,
    EV_CONNECTION,
    EV_CANDIDATE,
    EV_CANDIDATE_ERROR,
    EV_NEGOTIATION_NEEDED,
    EV_DATA_CHANNEL,
    EV_CHANNEL_STATE,
    EV_CHANNEL_MESSAGE,
    EV_CHANNEL_MESSAGES_AVAILABLE,
    EV_CHANNEL_BUFFERED,
    EV_SDP_CREATED,
    EV_OP_COMPLETE
} ev_kind;

typedef struct peer peer;
typedef struct chan chan;
typedef struct op op;

typedef struct copied_error {
    int present;
    rtcn_status status;
    rtcn_error_detail detail;
    int32_t sdp_line_number;
    char* message; /* NULL when the shim gave NULL (a contract violation, checked) */
} copied_error;

typedef struct event {
    struct event* next;
    ev_kind kind;
    int32_t state;             /* state changes */
    chan* ch;                  /* channel events */
    op* o;                     /* completions */
    copied_error err;          /* completions, channel state */
    rtcn_sdp_type sdp_type;
    char* text;                /* sdp, candidate string, candidate error text */
    char* sdp_mid;
    int32_t sdp_mline_index;
    char* ufrag;
    int end_of_candidates;
    uint8_t* data;
    uint64_t size;
    int32_t is_binary;
    uint32_t event_id;
    rtcn_data_channel* handle;
} event;

/* One mutex and condvar for all queues: the main thread waits for any of them. */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv;
/* Problems seen inside callbacks (which must not fail loudly there); checked by the main thread. */
static _Atomic int g_callback_oom;
static _Atomic(const char*) g_callback_violation;

typedef struct pending_candidate {
    struct pending_candidate* next;
    char* candidate;
    char* sdp_mid;
    int32_t sdp_mline_index;
    char* ufrag;
    int end_of_candidates;
} pending_candidate;

struct chan {
    peer* owner;
    const char* name;
    rtcn_data_channel* h;
    int32_t states[MAX_STATES];
    int nstates;
    int open, closed, closed_with_error;
    int messages;
    int message_before_open;
    uint8_t* data;   /* last message */
    uint64_t size;
    int32_t is_binary;
    uint64_t buffered_decrease_total;
};

struct op {
    peer* owner;
    const char* what;
    int completions;
    int is_candidate;
    copied_error err;
    rtcn_sdp_type sdp_type;
    char* sdp;
    int signaling_events_at_completion;
};

struct peer {
    const char* name;
    rtcn_factory* factory;
    rtcn_peer_connection* pc;
    peer* other;
    event* head;
    event* tail;
    int released;
    int32_t signaling[MAX_STATES];
    int nsignaling;
    int32_t gathering;
    int32_t ice_connection;
    int32_t connection;
    int32_t connections[MAX_STATES];
    int nconnections;
    int candidates_sent;
    int end_of_candidates_sent;
    int end_of_candidates_before_complete;
    int candidate_errors;
    int negotiation_needed;
    int remote_set;                 /* remote description applied: candidates may be added */
    pending_candidate* pending;     /* candidates for this peer, waiting for remote_set */
    pending_candidate* pending_tail;
    int candidate_ops_pending;
    int candidates_added;
    chan local;                     /* A's "chat" */
    chan* remote;                   /* B's channel announced by peer_connection_data_channel */
};

static peer* g_peers[MAX_PEERS];
static int g_npeers;
static op g_ops[MAX_OPS];
static int g_nops;
static int g_teardown;

static char* dup_or_null(const char* s) {
    if (!s) return NULL;
    char* d = strdup(s);
    if (!d) atomic_store(&g_callback_oom, 1);
    return d;
}

static void copy_error(copied_error* to, const rtcn_error* from) {
    memset(to, 0, sizeof *to);
    if (!from) return;
    to->present = 1;
    to->status = from->status;
    to->detail = from->detail;
    to->sdp_line_number = from->sdp_line_number;
    if (from->message) {
        to->message = dup_or_null(from->message);
    } else {
        atomic_store(&g_callback_violation, "an rtcn_error with a NULL message");
    }
}

static event* ev_new(ev_kind kind) {
    event* e = calloc(1, sizeof *e);
    if (!e) atomic_store(&g_callback_oom, 1);
    else e->kind = kind;
    return e;
}

static void push(peer* p, event* e) {
    if (!e) return;
    pthread_mutex_lock(&g_mu);
    if (p->tail) p->tail->next = e;
    else p->head = e;
    p->tail = e;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

/* ------------------------------------------------------------------ callbacks (copy and enqueue only) */

static void cb_signaling(void* ud, rtcn_signaling_state s) {
    event* e = ev_new(EV_SIGNALING);
    if (e) e->state = s;
    push(ud, e);
}
static void cb_gathering(void* ud, rtcn_ice_gathering_state s) {
    event* e = ev_new(EV_GATHERING);
    if (e) e->state = s;
    push(ud, e);
}
static void cb_ice_connection(void* ud, rtcn_ice_connection_state s) {
    event* e = ev_new(EV_ICE_CONNECTION);
    if (e) e->state = s;
    push(ud, e);
}
static void cb_connection(void* ud, rtcn_peer_connection_state s) {
    event* e = ev_new(EV_CONNECTION);
    if (e) e->state = s;
    push(ud, e);
}
static void cb_candidate(void* ud, const rtcn_ice_candidate_info* c) {
    event* e = ev_new(EV_CANDIDATE);
    if (!e) return;
    if (!c) {
        e->end_of_candidates = 1;
    } else {
        if (!c->candidate) atomic_store(&g_callback_violation, "an ICE candidate with a NULL candidate string");
        e->text = dup_or_null(c->candidate);
        e->sdp_mid = dup_or_null(c->sdp_mid);
        e->sdp_mline_index = c->sdp_mline_index;
        e->ufrag = dup_or_null(c->username_fragment);
    }
    push(ud, e);
}
static void cb_candidate_error(void* ud, const rtcn_ice_candidate_error_info* info) {
    event* e = ev_new(EV_CANDIDATE_ERROR);
    if (!e) return;
    if (info) {
        e->text = dup_or_null(info->error_text);
        e->state = info->error_code;
    }
    push(ud, e);
}
static void cb_negotiation_needed(void* ud, uint32_t event_id) {
    event* e = ev_new(EV_NEGOTIATION_NEEDED);
    if (e) e->event_id = event_id;
    push(ud, e);
}
static void* cb_data_channel(void* ud, rtcn_data_channel* channel) {
    peer* p = ud;
    chan* c = calloc(1, sizeof *c);
    event* e = ev_new(EV_DATA_CHANNEL);
    if (!c || !e) {
        free(c);
        free(e);
        atomic_store(&g_callback_oom, 1);
        return NULL; /* declined: the shim releases it */
    }
    c->owner = p;
    c->name = "remote chat";
    c->h = channel;
    e->ch = c;
    e->handle = channel;
    push(p, e);
    return c;
}
static void cb_channel_state(void* ud, rtcn_data_channel_state s, const rtcn_error* error) {
    chan* c = ud;
    event* e = ev_new(EV_CHANNEL_STATE);
    if (!e) return;
    e->ch = c;
    e->state = s;
    copy_error(&e->err, error);
    push(c->owner, e);
}
#ifndef RTCN_TEST_QUEUED_DELIVERY
static void cb_channel_message(void* ud, const uint8_t* data, uint64_t size, int32_t is_binary) {
    chan* c = ud;
    event* e = ev_new(EV_CHANNEL_MESSAGE);
    if (!e) return;
    e->ch = c;
    e->size = size;
    e->is_binary = is_binary;
    e->data = malloc(size ? size : 1);
    if (!e->data) {
        atomic_store(&g_callback_oom, 1);
        free(e);
        return;
    }
    if (size) {
        if (!data) atomic_store(&g_callback_violation, "a message with size > 0 and NULL data");
        else memcpy(e->data, data, size);
    }
    push(c->owner, e);
}
#else
static void cb_channel_messages_available(void* ud) {
    chan* c = ud;
    event* e = ev_new(EV_CHANNEL_MESSAGES_AVAILABLE);
    if (!e) return;
    e->ch = c;
    push(c->owner, e);
}
#endif
static void cb_channel_buffered(void* ud, uint64_t sent_bytes) {
    chan* c = ud;
    event* e = ev_new(EV_CHANNEL_BUFFERED);
    if (!e) return;
    e->ch = c;
    e->size = sent_bytes;
    push(c->owner, e);
}
static void cb_sdp_created(void* op_ud, const rtcn_error* error, rtcn_sdp_type type, const char* sdp) {
    op* o = op_ud;
    event* e = ev_new(EV_SDP_CREATED);
    if (!e) return;
    e->o = o;
    copy_error(&e->err, error);
    e->sdp_type = type;
    e->text = dup_or_null(sdp);
    push(o->owner, e);
}
static void cb_op_complete(void* op_ud, const rtcn_error* error) {
    op* o = op_ud;
    event* e = ev_new(EV_OP_COMPLETE);
    if (!e) return;
    e->o = o;
    copy_error(&e->err, error);
    push(o->owner, e);
}
static void cb_log(void* ud, rtcn_log_severity severity, const char* message) {
    (void)ud;
    (void)severity;
    (void)message;
}

/* ------------------------------------------------------------------ main-thread event handling */

static const char* signaling_name(int32_t s) {
    static const char* n[] = {"stable", "have-local-offer", "have-local-pranswer", "have-remote-offer",
                              "have-remote-pranswer", "closed"};
    return (s >= 0 && s < 6) ? n[s] : "?";
}
static const char* connection_name(int32_t s) {
    static const char* n[] = {"new", "connecting", "connected", "disconnected", "failed", "closed"};
    return (s >= 0 && s < 6) ? n[s] : "?";
}
static const char* channel_state_name(int32_t s) {
    static const char* n[] = {"connecting", "open", "closing", "closed"};
    return (s >= 0 && s < 4) ? n[s] : "?";
}

static op* op_new(peer* owner, const char* what) {
    CHECK(g_nops < MAX_OPS, "too many operations");
    op* o = &g_ops[g_nops++];
    memset(o, 0, sizeof *o);
    o->owner = owner;
    o->what = what;
    return o;
}

static void pending_free(pending_candidate* c) {
    free(c->candidate);
    free(c->sdp_mid);
    free(c->ufrag);
    free(c);
}

/* Hands one candidate (or end-of-candidates) to peer `to`. */
static void add_candidate(peer* to, const pending_candidate* c) {
    op* o = op_new(to, c->end_of_candidates ? "add_ice_candidate(end-of-candidates)" : "add_ice_candidate");
    o->is_candidate = 1;
    rtcn_status s;
    if (c->end_of_candidates) {
        s = rtcn_peer_connection_add_ice_candidate(to->pc, NULL, o);
    } else {
        rtcn_ice_candidate_init init;
        init.candidate = c->candidate;
        init.sdp_mid = c->sdp_mid;
        init.sdp_mline_index = c->sdp_mline_index;
        init.username_fragment = c->ufrag;
        s = rtcn_peer_connection_add_ice_candidate(to->pc, &init, o);
    }
    if (s != RTCN_OK)
        fail("%s: add_ice_candidate(%s) returned %s (%s)", to->name,
             c->end_of_candidates ? "NULL" : c->candidate, status_name(s), last_error_text());
    to->candidate_ops_pending++;
}

static void flush_candidates(peer* to) {
    while (to->pending) {
        pending_candidate* c = to->pending;
        to->pending = c->next;
        if (!to->pending) to->pending_tail = NULL;
        add_candidate(to, c);
        pending_free(c);
    }
}

static void free_copied_error(copied_error* e) {
    free(e->message);
    e->message = NULL;
}

/* Takes ownership of data. */
static void record_message(peer* p, chan* c, uint8_t* data, uint64_t size, int32_t is_binary) {
    if (!c->open) c->message_before_open = 1;
    c->messages++;
    free(c->data);
    c->data = data;
    c->size = size;
    c->is_binary = is_binary;
    note("%s: %s message, %llu bytes, is_binary=%d", p->name, c->name, (unsigned long long)size, is_binary);
}

/* Queued delivery: empties the channel's inbox. Each message is first asked for with a buffer
 * too small for most (it must stay queued and report its size), then taken whole. */
static void receive_queued(peer* p, chan* c) {
    if (!c->h) return; /* released meanwhile */
    for (int taken = 0;; taken++) {
        CHECK(taken <= 100000, "%s: the inbox of %s never empties", p->name, c->name);
        uint8_t small[4];
        int64_t size = -2;
        int32_t is_binary = -1;
        CHECK_OK(rtcn_data_channel_receive(c->h, small, sizeof small, &size, &is_binary));
        if (size < 0) {
            CHECK(size == -1, "%s: receive on %s reported size %lld", p->name, c->name, (long long)size);
            return;
        }
        uint8_t* data = NULL;
        if (size > (int64_t)sizeof small) {
            int64_t again = -2;
            int32_t binary_again = -1;
            data = xcalloc((size_t)size, 1);
            CHECK_OK(rtcn_data_channel_receive(c->h, data, (uint64_t)size, &again, &binary_again));
            CHECK(again == size && binary_again == is_binary,
                  "%s: a message too large for the first buffer was not kept (%lld bytes, then %lld)", p->name,
                  (long long)size, (long long)again);
        } else {
            data = xcalloc(size ? (size_t)size : 1, 1);
            memcpy(data, small, (size_t)size);
        }
        record_message(p, c, data, (uint64_t)size, is_binary);
    }
}

static void handle(peer* p, event* e) {
    switch (e->kind) {
    case EV_SIGNALING:
        note("%s: signaling state -> %s", p->name, signaling_name(e->state));
        CHECK(p->nsignaling < MAX_STATES, "too many signaling state changes");
        p->signaling[p->nsignaling++] = e->state;
        break;
    case EV_GATHERING:
        p->gathering = e->state;
        break;
    case EV_ICE_CONNECTION:
        p->ice_connection = e->state;
        break;
    case EV_CONNECTION:
        note("%s: connection state -> %s", p->name, connection_name(e->state));
        p->connection = e->state;
        CHECK(p->nconnections < MAX_STATES, "too many connection state changes");
        p->connections[p->nconnections++] = e->state;
        break;
    case EV_CANDIDATE: {
        if (e->end_of_candidates) {
            p->end_of_candidates_sent++;
            if (p->gathering != RTCN_ICE_GATHERING_STATE_COMPLETE) p->end_of_candidates_before_complete = 1;
        } else {
            p->candidates_sent++;
            if (!e->text) break; /* violation recorded by the callback */
            if (!e->sdp_mid && e->sdp_mline_index < 0)
                fail("%s: candidate \"%s\" has neither sdp_mid nor sdp_mline_index", p->name, e->text);
            if (e->sdp_mline_index < -1)
                fail("%s: candidate \"%s\" has sdp_mline_index %d", p->name, e->text, e->sdp_mline_index);
        }
        if (g_teardown || p->other->released) break;
        pending_candidate* c = xcalloc(1, sizeof *c);
        c->candidate = e->text;
        c->sdp_mid = e->sdp_mid;
        c->sdp_mline_index = e->sdp_mline_index;
        c->ufrag = e->ufrag;
        c->end_of_candidates = e->end_of_candidates;
        e->text = e->sdp_mid = e->ufrag = NULL; /* moved */
        peer* to = p->other;
        if (to->pending_tail) to->pending_tail->next = c;
        else to->pending = c;
        to->pending_tail = c;
        if (to->remote_set) flush_candidates(to);
        break;
    }
    case EV_CANDIDATE_ERROR:
        p->candidate_errors++;
        note("%s: ICE candidate error %d (%s)", p->name, e->state, e->text ? e->text : "");
        break;
    case EV_NEGOTIATION_NEEDED: {
        p->negotiation_needed++;
        if (g_teardown || p->released) break;
        int32_t fire = -1;
        rtcn_status s = rtcn_peer_connection_should_fire_negotiation_needed(p->pc, e->event_id, &fire);
        if (s == RTCN_ERROR_CLOSED) break; /* handled after the connection closed */
        CHECK(s == RTCN_OK, "should_fire_negotiation_needed returned %s (%s)", status_name(s), last_error_text());
        CHECK(fire == 0 || fire == 1, "should_fire_negotiation_needed gave %d", fire);
        note("%s: negotiation needed (event %u, fire=%d)", p->name, e->event_id, fire);
        break;
    }
    case EV_DATA_CHANNEL:
        CHECK(e->handle != NULL, "%s: peer_connection_data_channel with a NULL channel", p->name);
        CHECK(p->remote == NULL, "%s: a second remote data channel was announced", p->name);
        p->remote = e->ch;
        note("%s: remote data channel announced", p->name);
        break;
    case EV_CHANNEL_STATE: {
        chan* c = e->ch;
        note("%s: %s state -> %s%s%s", p->name, c->name, channel_state_name(e->state),
             e->err.present ? ", error: " : "", e->err.present && e->err.message ? e->err.message : "");
        CHECK(c->nstates < MAX_STATES, "too many channel state changes");
        c->states[c->nstates++] = e->state;
        if (e->state == RTCN_DATA_CHANNEL_STATE_OPEN) c->open = 1;
        if (e->state == RTCN_DATA_CHANNEL_STATE_CLOSED) c->closed = 1;
        if (e->err.present) c->closed_with_error = 1;
        free_copied_error(&e->err);
        break;
    }
    case EV_CHANNEL_MESSAGE:
        record_message(p, e->ch, e->data, e->size, e->is_binary);
        e->data = NULL;
        break;
    case EV_CHANNEL_MESSAGES_AVAILABLE:
        receive_queued(p, e->ch);
        break;
    case EV_CHANNEL_BUFFERED:
        e->ch->buffered_decrease_total += e->size;
        break;
    case EV_SDP_CREATED:
    case EV_OP_COMPLETE: {
        op* o = e->o;
        o->completions++;
        if (o->completions > 1) fail("%s: %s completed %d times", p->name, o->what, o->completions);
        free_copied_error(&o->err);
        o->err = e->err;
        e->err.message = NULL; /* moved */
        o->signaling_events_at_completion = p->nsignaling;
        if (e->kind == EV_SDP_CREATED) {
            o->sdp_type = e->sdp_type;
            o->sdp = e->text;
            e->text = NULL;
        }
        if (o->is_candidate) {
            p->candidate_ops_pending--;
            if (o->err.present) {
                if (g_teardown && o->err.status == RTCN_ERROR_CLOSED) break;
                fail("%s: %s completed with %s: %s", p->name, o->what, status_name(o->err.status),
                     o->err.message ? o->err.message : "(NULL)");
            }
            p->candidates_added++;
        }
        break;
    }
    }
}

static void event_free(event* e) {
    free(e->text);
    free(e->sdp_mid);
    free(e->ufrag);
    free(e->data);
    free_copied_error(&e->err);
    free(e);
}

static void check_callback_health(void) {
    if (atomic_load(&g_callback_oom)) fail("out of memory inside a callback");
    const char* v = atomic_load(&g_callback_violation);
    if (v) fail("contract violation seen in a callback: %s", v);
}

/* Handles every queued event; waits up to wait_ms for the first one when none is queued. */
static void pump(int64_t wait_ms) {
    event* lists[MAX_PEERS];
    pthread_mutex_lock(&g_mu);
    int any = 0;
    for (int i = 0; i < g_npeers; i++) any |= g_peers[i]->head != NULL;
    if (!any && wait_ms > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t ns = ts.tv_nsec + (wait_ms % 1000) * 1000000;
        ts.tv_sec += wait_ms / 1000 + ns / 1000000000;
        ts.tv_nsec = ns % 1000000000;
        pthread_cond_timedwait(&g_cv, &g_mu, &ts); /* spurious wake-ups are fine: callers loop */
    }
    for (int i = 0; i < g_npeers; i++) {
        lists[i] = g_peers[i]->head;
        g_peers[i]->head = g_peers[i]->tail = NULL;
    }
    pthread_mutex_unlock(&g_mu);
    for (int i = 0; i < g_npeers; i++) {
        for (event* e = lists[i]; e;) {
            event* next = e->next;
            handle(g_peers[i], e);
            event_free(e);
            e = next;
        }
    }
    check_callback_health();
}

/* Handles events for ms milliseconds. */
static void settle(int64_t ms) {
    int64_t end = now_ms() + ms;
    for (int64_t left = ms; left > 0; left = end - now_ms()) pump(left);
}

typedef int (*predicate)(void* arg);

/* Prints what the peers have seen, before a timeout fails the test. */
static void (*g_diagnose)(void);

/* Pumps events until pred holds; fails with `what` after WAIT_MS. */
static void wait_for(predicate pred, void* arg, const char* what) {
    atomic_store(&g_step_started_ms, now_ms()); /* the watchdog is for hangs, not for this wait */
    int64_t deadline = now_ms() + WAIT_MS;
    for (;;) {
        pump(0);
        if (pred(arg)) return;
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            if (g_diagnose) g_diagnose();
            fail("timed out after %d ms waiting for %s", WAIT_MS, what);
        }
        pump(left < 100 ? left : 100);
        if (pred(arg)) return;
    }
}

static int op_done(void* arg) { return ((op*)arg)->completions > 0; }

/* Waits for an op and checks it succeeded. */
static void wait_op_ok(op* o) {
    char what[128];
    snprintf(what, sizeof what, "%s: %s to complete", o->owner->name, o->what);
    wait_for(op_done, o, what);
    if (o->err.present)
        fail("%s: %s completed with error %s (detail %d, line %d): %s", o->owner->name, o->what,
             status_name(o->err.status), (int)o->err.detail, o->err.sdp_line_number,
             o->err.message ? o->err.message : "(NULL)");
}

/* ------------------------------------------------------------------ the two-peer flow */

static rtcn_factory* make_factory(void) {
    static const char* const interfaces[] = {"lo"};
    rtcn_factory_options o;
    memset(&o, 0, sizeof o);
    o.include_loopback = 1;
    o.network_interfaces = interfaces;
    o.network_interface_count = 1;
    o.min_port = 0;
    o.max_port = 0;
    o.audio_device = RTCN_AUDIO_DEVICE_DUMMY;
    rtcn_factory* f = NULL;
    CHECK_OK(rtcn_factory_create(&o, &f));
    CHECK(f != NULL, "rtcn_factory_create returned RTCN_OK and a NULL factory");
    rtcn_audio_device_kind kind = RTCN_AUDIO_DEVICE_AUTO;
    CHECK_OK(rtcn_factory_get_audio_device(f, &kind));
    CHECK(kind == RTCN_AUDIO_DEVICE_DUMMY, "factory audio device is %d, asked for DUMMY", (int)kind);
    return f;
}

static void peer_init(peer* p, const char* name, rtcn_factory* f) {
    memset(p, 0, sizeof *p);
    p->name = name;
    p->factory = f;
    p->local.owner = p;
    p->local.name = "chat";
    pthread_mutex_lock(&g_mu);
    CHECK(g_npeers < MAX_PEERS, "too many peers");
    g_peers[g_npeers++] = p;
    pthread_mutex_unlock(&g_mu);
    CHECK_OK(rtcn_peer_connection_create(f, NULL, p, &p->pc));
    CHECK(p->pc != NULL, "rtcn_peer_connection_create returned RTCN_OK and a NULL connection");
}

static void chan_free(chan* c) {
    free(c->data);
    c->data = NULL;
}

/* Drops the peers from the pump after their callbacks stopped; frees what is left. */
static void peers_forget(void) {
    pump(0);
    pthread_mutex_lock(&g_mu);
    for (int i = 0; i < g_npeers; i++) {
        peer* p = g_peers[i];
        CHECK(p->head == NULL, "events queued after the last drain");
        while (p->pending) {
            pending_candidate* c = p->pending;
            p->pending = c->next;
            pending_free(c);
        }
        p->pending_tail = NULL;
        chan_free(&p->local);
        if (p->remote) {
            chan_free(p->remote);
            free(p->remote);
            p->remote = NULL;
        }
    }
    g_npeers = 0;
    pthread_mutex_unlock(&g_mu);
    for (int i = 0; i < g_nops; i++) {
        free(g_ops[i].sdp);
        free_copied_error(&g_ops[i].err);
    }
    g_nops = 0;
}

static int live_objects_zero(void* arg) {
    int64_t* out = arg;
    CHECK_OK(rtcn_get_live_object_count(RTCN_OBJECT_ALL, out));
    return *out == 0;
}

static void wait_live_objects_zero(void) {
    int64_t count = -1;
    int64_t deadline = now_ms() + LIVE_COUNT_WAIT_MS;
    while (!live_objects_zero(&count)) {
        if (now_ms() > deadline) {
            int64_t k[5] = {0};
            for (int i = 1; i < 5; i++) rtcn_get_live_object_count((rtcn_object_kind)i, &k[i]);
            fail("%lld live native objects remain after %d ms (factory %lld, peer connection %lld, "
                 "data channel %lld, operation %lld)",
                 (long long)count, LIVE_COUNT_WAIT_MS, (long long)k[1], (long long)k[2], (long long)k[3],
                 (long long)k[4]);
        }
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

typedef struct two { peer* a; peer* b; } two;

static two* g_two;

static void print_chan(peer* p, chan* c) {
    char states[128] = "";
    for (int i = 0; i < c->nstates; i++) {
        strncat(states, channel_state_name(c->states[i]), sizeof states - strlen(states) - 1);
        strncat(states, " ", sizeof states - strlen(states) - 1);
    }
    rtcn_data_channel_info info;
    rtcn_status s = c->h ? rtcn_data_channel_get_info(c->h, &info) : RTCN_ERROR_INVALID_ARGUMENT;
    note("diagnose %s: channel %s: state events [%s], %d messages, get_info %s state %s", p->name, c->name, states,
         c->messages, status_name(s), s == RTCN_OK ? channel_state_name(info.state) : "-");
}

static void diagnose_two(void) {
    if (!g_two) return;
    peer* ps[2] = {g_two->a, g_two->b};
    for (int i = 0; i < 2; i++) {
        peer* p = ps[i];
        note("diagnose %s: connection %s, ice connection %d, gathering %d, %d signaling changes, "
             "%d candidates + %d end-of-candidates sent, %d candidate ops pending, candidates queued for it: %s",
             p->name, connection_name(p->connection), p->ice_connection, p->gathering, p->nsignaling,
             p->candidates_sent, p->end_of_candidates_sent, p->candidate_ops_pending, p->pending ? "yes" : "no");
        if (p->local.h) print_chan(p, &p->local);
        if (p->remote) print_chan(p, p->remote);
        else if (i == 1) note("diagnose %s: no remote data channel announced", p->name);
    }
}

static int both_connected_and_open(void* arg) {
    two* t = arg;
    return t->a->connection == RTCN_PEER_CONNECTION_STATE_CONNECTED &&
           t->b->connection == RTCN_PEER_CONNECTION_STATE_CONNECTED && t->a->local.open && t->b->remote &&
           t->b->remote->open;
}
static int connected_or_failed(void* arg) {
    two* t = arg;
    int failed = t->a->connection == RTCN_PEER_CONNECTION_STATE_FAILED ||
                 t->b->connection == RTCN_PEER_CONNECTION_STATE_FAILED;
    if (failed) fail("connection state failed (A %s, B %s)", connection_name(t->a->connection),
                     connection_name(t->b->connection));
    return both_connected_and_open(arg);
}
static int both_got_message(void* arg) {
    two* t = arg;
    return t->a->local.messages > 0 && t->b->remote->messages > 0;
}
static int candidates_done(void* arg) {
    two* t = arg;
    return t->a->end_of_candidates_sent && t->b->end_of_candidates_sent && !t->a->pending && !t->b->pending &&
           t->a->candidate_ops_pending == 0 && t->b->candidate_ops_pending == 0;
}
static int both_closed(void* arg) {
    two* t = arg;
    return t->a->local.closed && t->b->remote->closed;
}
static int has_signaling(peer* p, int32_t s) {
    for (int i = 0; i < p->nsignaling; i++)
        if (p->signaling[i] == s) return 1;
    return 0;
}
static int a_stable(void* arg) { return has_signaling(((two*)arg)->a, RTCN_SIGNALING_STATE_STABLE); }
static int b_stable(void* arg) { return has_signaling(((two*)arg)->b, RTCN_SIGNALING_STATE_STABLE); }

static void check_info(peer* p, chan* c, rtcn_data_channel_state want_state, rtcn_data_channel_info* out) {
    rtcn_data_channel_info info;
    memset(&info, 0, sizeof info);
    CHECK_OK(rtcn_data_channel_get_info(c->h, &info));
    CHECK(info.label && strcmp(info.label, "chat") == 0, "%s: channel label is \"%s\", want \"chat\"", p->name,
          info.label ? info.label : "(NULL)");
    CHECK(info.protocol && strcmp(info.protocol, "") == 0, "%s: channel protocol is \"%s\", want \"\"", p->name,
          info.protocol ? info.protocol : "(NULL)");
    CHECK(info.ordered == 1, "%s: channel ordered=%d, want 1", p->name, info.ordered);
    CHECK(info.negotiated == 0, "%s: channel negotiated=%d, want 0", p->name, info.negotiated);
    CHECK(info.max_packet_life_time == -1 && info.max_retransmits == -1,
          "%s: channel max_packet_life_time=%d max_retransmits=%d, want -1 -1 (reliable)", p->name,
          info.max_packet_life_time, info.max_retransmits);
    CHECK(info.state == want_state, "%s: channel state %s, want %s", p->name, channel_state_name(info.state),
          channel_state_name(want_state));
    if (out) *out = info;
}

static void check_signaling(peer* p, int32_t first, int32_t second) {
    CHECK(p->nsignaling >= 2 && p->signaling[0] == first && p->signaling[1] == second,
          "%s: signaling states seen: %d changes, first %s then %s; want %s then %s", p->name, p->nsignaling,
          p->nsignaling > 0 ? signaling_name(p->signaling[0]) : "-",
          p->nsignaling > 1 ? signaling_name(p->signaling[1]) : "-", signaling_name(first), signaling_name(second));
}

static void check_description(peer* p, rtcn_description_slot slot, const char* slot_name, rtcn_sdp_type want) {
    int32_t present = -1;
    rtcn_sdp_type type = (rtcn_sdp_type)-1;
    char* sdp = NULL;
    CHECK_OK(rtcn_peer_connection_get_description(p->pc, slot, &present, &type, &sdp));
    CHECK(present == 1, "%s: %s is not present", p->name, slot_name);
    CHECK(type == want, "%s: %s has type %d, want %d", p->name, slot_name, (int)type, (int)want);
    CHECK(sdp && strstr(sdp, "m=application"), "%s: %s has no m=application line", p->name, slot_name);
    CHECK_OK(rtcn_free(sdp));
}

static uint8_t pattern(size_t i) { return (uint8_t)((i * 31u + 7u) ^ (i >> 8)); }

static void run_flow(int factory_per_peer) {
    g_run = factory_per_peer ? "run 2 (factory per peer)" : "run 1 (one factory)";
    g_teardown = 0;
    peer A, B;
    two t = {&A, &B};
    g_two = &t;
    g_diagnose = diagnose_two;

    step("create factor%s", factory_per_peer ? "ies" : "y");
    rtcn_factory* fa = make_factory();
    rtcn_factory* fb = factory_per_peer ? make_factory() : fa;

    step("create peers A and B");
    peer_init(&A, "A", fa);
    peer_init(&B, "B", fb);
    A.other = &B;
    B.other = &A;

    step("A: create data channel \"chat\"");
    rtcn_data_channel_init init;
    memset(&init, 0, sizeof init);
    init.ordered = 1;
    init.max_packet_life_time = -1;
    init.max_retransmits = -1;
    init.protocol = NULL;
    init.negotiated = 0;
    init.id = -1;
    CHECK_OK(rtcn_peer_connection_create_data_channel(A.pc, "chat", &init, &A.local, &A.local.h));
    CHECK(A.local.h != NULL, "create_data_channel returned RTCN_OK and a NULL channel");
    check_info(&A, &A.local, RTCN_DATA_CHANNEL_STATE_CONNECTING, NULL);

    step("A: create_offer");
    op* o = op_new(&A, "create_offer");
    CHECK_OK(rtcn_peer_connection_create_offer(A.pc, NULL, o));
    wait_op_ok(o);
    CHECK(o->sdp_type == RTCN_SDP_TYPE_OFFER, "create_offer gave type %d", (int)o->sdp_type);
    CHECK(o->sdp && strstr(o->sdp, "m=application"), "the offer has no m=application line");
    const char* offer = o->sdp;
    note("offer: %zu bytes of SDP", strlen(offer));

    step("A: set_local_description(offer)");
    o = op_new(&A, "set_local_description(offer)");
    CHECK_OK(rtcn_peer_connection_set_local_description(A.pc, RTCN_SDP_TYPE_OFFER, offer, o));
    wait_op_ok(o);
    CHECK(o->signaling_events_at_completion >= 1 && A.signaling[0] == RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER,
          "A: no have-local-offer signaling event before set_local_description completed");

    step("B: set_remote_description(offer)");
    o = op_new(&B, "set_remote_description(offer)");
    CHECK_OK(rtcn_peer_connection_set_remote_description(B.pc, RTCN_SDP_TYPE_OFFER, offer, o));
    wait_op_ok(o);
    CHECK(o->signaling_events_at_completion >= 1 && B.signaling[0] == RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER,
          "B: no have-remote-offer signaling event before set_remote_description completed");
    B.remote_set = 1;
    flush_candidates(&B);

    step("B: create_answer");
    o = op_new(&B, "create_answer");
    CHECK_OK(rtcn_peer_connection_create_answer(B.pc, o));
    wait_op_ok(o);
    CHECK(o->sdp_type == RTCN_SDP_TYPE_ANSWER, "create_answer gave type %d", (int)o->sdp_type);
    CHECK(o->sdp && strstr(o->sdp, "m=application"), "the answer has no m=application line");
    const char* answer = o->sdp;
    note("answer: %zu bytes of SDP", strlen(answer));

    step("B: set_local_description(answer)");
    o = op_new(&B, "set_local_description(answer)");
    CHECK_OK(rtcn_peer_connection_set_local_description(B.pc, RTCN_SDP_TYPE_ANSWER, answer, o));
    wait_op_ok(o);
    wait_for(b_stable, &t, "B: signaling state stable");

    step("A: set_remote_description(answer)");
    o = op_new(&A, "set_remote_description(answer)");
    CHECK_OK(rtcn_peer_connection_set_remote_description(A.pc, RTCN_SDP_TYPE_ANSWER, answer, o));
    wait_op_ok(o);
    CHECK(o->signaling_events_at_completion >= 2,
          "A: no stable signaling event before set_remote_description(answer) completed");
    A.remote_set = 1;
    flush_candidates(&A);
    wait_for(a_stable, &t, "A: signaling state stable");

    step("wait: both connected, B announced the channel, both channels open");
    wait_for(connected_or_failed, &t, "both connection states connected and both channels open");
    CHECK(!A.local.message_before_open && !B.remote->message_before_open, "a message arrived before open");

    step("check data channel info on both sides");
    rtcn_data_channel_info ia, ib;
    check_info(&A, &A.local, RTCN_DATA_CHANNEL_STATE_OPEN, &ia);
    check_info(&B, B.remote, RTCN_DATA_CHANNEL_STATE_OPEN, &ib);
    CHECK(ia.id >= 0 && ia.id == ib.id, "channel ids differ or unset: A %d, B %d", ia.id, ib.id);
    note("channel id %d on both sides", ia.id);

    step("A sends text \"hello\"; B sends %d bytes binary", BINARY_SIZE);
    CHECK_OK(rtcn_data_channel_send(A.local.h, (const uint8_t*)"hello", 5, 0));
    uint8_t* blob = xcalloc(BINARY_SIZE, 1);
    for (size_t i = 0; i < BINARY_SIZE; i++) blob[i] = pattern(i);
    CHECK_OK(rtcn_data_channel_send(B.remote->h, blob, BINARY_SIZE, 1));
    free(blob);
    wait_for(both_got_message, &t, "each side to receive a message");
    settle(200); /* a duplicate would show up here */

    step("check received messages");
    CHECK(B.remote->messages == 1, "B received %d messages, want 1", B.remote->messages);
    CHECK(B.remote->is_binary == 0, "B: \"hello\" arrived with is_binary=%d", B.remote->is_binary);
    CHECK(B.remote->size == 5 && memcmp(B.remote->data, "hello", 5) == 0,
          "B: text message is %llu bytes, not \"hello\"", (unsigned long long)B.remote->size);
    CHECK(A.local.messages == 1, "A received %d messages, want 1", A.local.messages);
    CHECK(A.local.is_binary == 1, "A: binary message arrived with is_binary=%d", A.local.is_binary);
    CHECK(A.local.size == BINARY_SIZE, "A: binary message is %llu bytes, want %d",
          (unsigned long long)A.local.size, BINARY_SIZE);
    for (size_t i = 0; i < BINARY_SIZE; i++)
        CHECK(A.local.data[i] == pattern(i), "A: binary message differs at byte %zu", i);

    step("rtcn_data_channel_receive: argument checks and the delivery mode");
    {
        int64_t size = -2;
        int32_t is_binary = -1;
        uint8_t byte;
        rtcn_status r1 = rtcn_data_channel_receive(A.local.h, &byte, 1, NULL, &is_binary);
        rtcn_status r2 = rtcn_data_channel_receive(A.local.h, &byte, 1, &size, NULL);
        rtcn_status r3 = rtcn_data_channel_receive(A.local.h, NULL, 1, &size, &is_binary);
        CHECK(r1 == RTCN_ERROR_INVALID_ARGUMENT && r2 == RTCN_ERROR_INVALID_ARGUMENT && r3 == RTCN_ERROR_INVALID_ARGUMENT,
              "receive with a NULL out_size, out_is_binary or buffer returned %s, %s, %s", status_name(r1),
              status_name(r2), status_name(r3));
        rtcn_status r4 = rtcn_data_channel_receive(A.local.h, NULL, 0, &size, &is_binary);
#ifdef RTCN_TEST_QUEUED_DELIVERY
        CHECK(r4 == RTCN_OK && size == -1, "receive on an emptied inbox returned %s, size %lld", status_name(r4),
              (long long)size);
#else
        CHECK(r4 == RTCN_ERROR_INVALID_STATE, "receive with direct delivery registered returned %s, want INVALID_STATE",
              status_name(r4));
#endif
    }

    step("wait: end-of-candidates on both sides, every candidate added");
    wait_for(candidates_done, &t, "end-of-candidates from both peers and all add_ice_candidate completions");
    CHECK(A.candidates_sent > 0 && B.candidates_sent > 0, "no candidates (A %d, B %d)", A.candidates_sent,
          B.candidates_sent);
    CHECK(A.end_of_candidates_sent == 1 && B.end_of_candidates_sent == 1,
          "end-of-candidates seen %d times on A, %d on B; want once each", A.end_of_candidates_sent,
          B.end_of_candidates_sent);
    CHECK(!A.end_of_candidates_before_complete && !B.end_of_candidates_before_complete,
          "a NULL candidate arrived before the gathering state became complete");
    note("candidates: A sent %d, B sent %d; %d + %d add_ice_candidate ops succeeded", A.candidates_sent,
         B.candidates_sent, A.candidates_added, B.candidates_added);

    step("check signaling states and descriptions");
    check_signaling(&A, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE);
    check_signaling(&B, RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER, RTCN_SIGNALING_STATE_STABLE);
    for (int i = 0; i < A.nconnections; i++)
        CHECK(A.connections[i] != RTCN_PEER_CONNECTION_STATE_FAILED, "A: connection state failed");
    check_description(&A, RTCN_DESCRIPTION_LOCAL, "A local description", RTCN_SDP_TYPE_OFFER);
    check_description(&A, RTCN_DESCRIPTION_CURRENT_REMOTE, "A current remote description", RTCN_SDP_TYPE_ANSWER);
    check_description(&B, RTCN_DESCRIPTION_REMOTE, "B remote description", RTCN_SDP_TYPE_OFFER);
    {
        int32_t present = -1;
        rtcn_sdp_type type;
        char* sdp = (char*)"untouched";
        CHECK_OK(rtcn_peer_connection_get_description(A.pc, RTCN_DESCRIPTION_PENDING_LOCAL, &present, &type, &sdp));
        CHECK(present == 0, "A: pending local description present once stable");
    }

    step("transports: SCTP, DTLS and ICE snapshots and the remote certificate chain");
    for (int side = 0; side < 2; side++) {
        peer* p = side == 0 ? &A : &B;
        rtcn_transports_info ti;
        memset(&ti, 0xAB, sizeof ti);
        CHECK_OK(rtcn_peer_connection_get_transports(p->pc, &ti));
        CHECK(ti.sctp_present == 1, "%s: no SCTP transport once connected", p->name);
        CHECK(ti.sctp.state == RTCN_SCTP_TRANSPORT_STATE_CONNECTED, "%s: SCTP state %d, want connected", p->name,
              (int)ti.sctp.state);
        CHECK(ti.sctp.max_message_size == 262144.0, "%s: max message size %f", p->name, ti.sctp.max_message_size);
        CHECK(ti.sctp.max_channels > 0, "%s: max channels %d", p->name, ti.sctp.max_channels);
        CHECK(ti.dtls_state == RTCN_DTLS_TRANSPORT_STATE_CONNECTED, "%s: DTLS state %d", p->name, (int)ti.dtls_state);
        CHECK(ti.ice_role == (side == 0 ? RTCN_ICE_ROLE_CONTROLLING : RTCN_ICE_ROLE_CONTROLLED), "%s: ICE role %d",
              p->name, (int)ti.ice_role);
        CHECK(ti.selected_local_candidate && strncmp(ti.selected_local_candidate, "candidate:", 10) == 0,
              "%s: no selected local candidate", p->name);
        CHECK(ti.selected_remote_candidate && strncmp(ti.selected_remote_candidate, "candidate:", 10) == 0,
              "%s: no selected remote candidate", p->name);
        note("%s: selected pair %s <-> %s", p->name, ti.selected_local_candidate, ti.selected_remote_candidate);
        CHECK_OK(rtcn_free(ti.selected_local_candidate));
        CHECK_OK(rtcn_free(ti.selected_remote_candidate));
        rtcn_certificate_chain chain;
        CHECK_OK(rtcn_peer_connection_get_remote_certificates(p->pc, &chain));
        CHECK(chain.count >= 1 && chain.der && chain.lengths && chain.lengths[0] > 0,
              "%s: remote certificate chain has %d certificates", p->name, chain.count);
        CHECK_OK(rtcn_free(chain.der));
        CHECK_OK(rtcn_free(chain.lengths));
    }

    step("A: close the data channel");
    CHECK_OK(rtcn_data_channel_close(A.local.h));
    CHECK_OK(rtcn_data_channel_close(A.local.h)); /* idempotent */
    wait_for(both_closed, &t, "both channels to reach closed");
    CHECK(!A.local.closed_with_error && !B.remote->closed_with_error,
          "a channel closed normally reported an error");

    step("send on the closed channel must fail");
    rtcn_status s = rtcn_data_channel_send(A.local.h, (const uint8_t*)"late", 4, 0);
    CHECK(s == RTCN_ERROR_INVALID_STATE, "send on a closed channel returned %s, want INVALID_STATE",
          status_name(s));
    rtcn_error err;
    CHECK_OK(rtcn_get_last_error(&err));
    CHECK(err.message && err.message[0], "no last-error message after send on a closed channel");
    note("send on a closed channel: %s (\"%s\")", status_name(s), err.message);

    step("close both peer connections");
    CHECK_OK(rtcn_peer_connection_close(A.pc));
    CHECK_OK(rtcn_peer_connection_close(B.pc));
    CHECK_OK(rtcn_peer_connection_close(A.pc)); /* idempotent */
    s = rtcn_data_channel_send(B.remote->h, (const uint8_t*)"late", 4, 1);
    CHECK(s != RTCN_OK, "send on a channel of a closed connection returned RTCN_OK");
    note("send on a channel of a closed connection: %s", status_name(s));
    {
        rtcn_data_channel_info info;
        s = rtcn_data_channel_get_info(B.remote->h, &info);
        note("get_info on a channel of a closed connection: %s", status_name(s));
    }
    o = op_new(&A, "create_offer after close");
    s = rtcn_peer_connection_create_offer(A.pc, NULL, o);
    if (s == RTCN_OK) {
        wait_for(op_done, o, "create_offer on a closed connection to complete");
        CHECK(o->err.present, "create_offer on a closed connection succeeded");
        note("create_offer on a closed connection: completed with %s", status_name(o->err.status));
    } else {
        note("create_offer on a closed connection: returned %s", status_name(s));
    }

    step("release channels, peers and factor%s", factory_per_peer ? "ies" : "y");
    g_teardown = 1;
    pump(0);
    CHECK_OK(rtcn_data_channel_release(A.local.h));
    CHECK_OK(rtcn_data_channel_release(B.remote->h));
    CHECK_OK(rtcn_peer_connection_release(A.pc));
    A.released = 1;
    CHECK_OK(rtcn_peer_connection_release(B.pc));
    B.released = 1;
    CHECK_OK(rtcn_factory_release(fa));
    if (fb != fa) CHECK_OK(rtcn_factory_release(fb));
    peers_forget();

    g_diagnose = NULL;
    g_two = NULL;

    step("wait: no live native objects");
    wait_live_objects_zero();
}

/* ------------------------------------------------------------------ error paths */

static void error_paths(void) {
    g_run = "error paths";
    g_teardown = 0;
    rtcn_error err;
    rtcn_data_channel_info info;
    rtcn_peer_connection* no_pc = NULL;

    step("garbage SDP on a fresh connection completes with OperationError / sdp-syntax-error");
    rtcn_factory* f = make_factory();
    peer C;
    peer_init(&C, "C", f);
    C.other = &C;
    op* o = op_new(&C, "set_remote_description(garbage)");
    CHECK_OK(rtcn_peer_connection_set_remote_description(C.pc, RTCN_SDP_TYPE_OFFER, "this is not sdp", o));
    wait_for(op_done, o, "set_remote_description(garbage) to complete");
    CHECK(o->err.present, "set_remote_description with \"this is not sdp\" succeeded");
    CHECK(o->err.status == RTCN_ERROR_OPERATION, "garbage SDP completed with %s, want OPERATION",
          status_name(o->err.status));
    CHECK(o->err.detail == RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR, "garbage SDP completed with detail %d, want %d",
          (int)o->err.detail, (int)RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR);
    CHECK(o->err.message && o->err.message[0], "garbage SDP error has an empty message");
    note("garbage SDP -> %s, detail sdp-syntax-error, line %d: %s", status_name(o->err.status),
         o->err.sdp_line_number, o->err.message);
    CHECK(C.nsignaling == 0, "a failed set_remote_description changed the signaling state");

    step("NULL handles and out-parameters give INVALID_ARGUMENT with a message");
    /* Ops passed to calls that fail: they must never complete. */
    op* never = op_new(&C, "an op whose call returned an error");
#define EXPECT_INVALID_ARGUMENT(call)                                                             \
    do {                                                                                          \
        rtcn_status s_ = (call);                                                                  \
        CHECK(s_ == RTCN_ERROR_INVALID_ARGUMENT, "%s returned %s, want INVALID_ARGUMENT", #call,  \
              status_name(s_));                                                                   \
        memset(&err, 0, sizeof err);                                                              \
        CHECK_OK(rtcn_get_last_error(&err));                                                      \
        CHECK(err.status == RTCN_ERROR_INVALID_ARGUMENT, "%s: last error status is %s", #call,   \
              status_name(err.status));                                                           \
        CHECK(err.message && err.message[0], "%s: empty last-error message", #call);             \
        note("%s -> \"%s\"", #call, err.message);                                                \
    } while (0)
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_create_offer(NULL, NULL, never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_create_answer(NULL, never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_set_remote_description(NULL, RTCN_SDP_TYPE_OFFER, "v=0", never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_add_ice_candidate(NULL, NULL, never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_create(NULL, NULL, NULL, &no_pc));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_create(f, NULL, NULL, NULL));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_create_data_channel(C.pc, "x", NULL, NULL, NULL));
    EXPECT_INVALID_ARGUMENT(rtcn_data_channel_send(NULL, (const uint8_t*)"x", 1, 0));
    EXPECT_INVALID_ARGUMENT(rtcn_data_channel_get_info(NULL, &info));
    EXPECT_INVALID_ARGUMENT(rtcn_data_channel_close(NULL));
    {
        int64_t size;
        int32_t is_binary;
        uint8_t byte;
        EXPECT_INVALID_ARGUMENT(rtcn_data_channel_receive(NULL, &byte, 1, &size, &is_binary));
    }
    EXPECT_INVALID_ARGUMENT(rtcn_factory_create(NULL, NULL));
    {
        rtcn_transports_info ti;
        rtcn_certificate_chain chain;
        EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_get_transports(NULL, &ti));
        EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_get_transports(C.pc, NULL));
        EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_get_remote_certificates(NULL, &chain));
        EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_get_remote_certificates(C.pc, NULL));
        CHECK_OK(rtcn_peer_connection_get_transports(C.pc, &ti));
        CHECK(ti.sctp_present == 0 && ti.selected_local_candidate == NULL, "a fresh connection has an SCTP transport");
        CHECK_OK(rtcn_peer_connection_get_remote_certificates(C.pc, &chain));
        CHECK(chain.count == 0 && chain.der == NULL && chain.lengths == NULL, "a fresh connection has remote certificates");
    }
    EXPECT_INVALID_ARGUMENT(rtcn_get_live_object_count(RTCN_OBJECT_ALL, NULL));
#undef EXPECT_INVALID_ARGUMENT
    CHECK(no_pc == NULL, "a failed rtcn_peer_connection_create set its out-parameter");
    CHECK(rtcn_get_last_error(NULL) == RTCN_ERROR_INVALID_ARGUMENT,
          "rtcn_get_last_error(NULL) is not INVALID_ARGUMENT");
    CHECK(rtcn_free(NULL) == RTCN_OK, "rtcn_free(NULL) is not RTCN_OK");
    {
        /* The header leaves release(NULL) open; the shim treats it as free(NULL) does. Require
         * that it does not crash, is not an unexpected status, and is the same for every release. */
        rtcn_status r1 = rtcn_factory_release(NULL);
        rtcn_status r2 = rtcn_peer_connection_release(NULL);
        rtcn_status r3 = rtcn_data_channel_release(NULL);
        CHECK((r1 == RTCN_OK || r1 == RTCN_ERROR_INVALID_ARGUMENT) && r1 == r2 && r2 == r3,
              "release(NULL) gives factory %s, peer connection %s, data channel %s", status_name(r1),
              status_name(r2), status_name(r3));
        note("*_release(NULL) -> %s for all three", status_name(r1));
    }

    step("a second, different callback table is refused");
    {
        rtcn_callbacks other;
        memset(&other, 0, sizeof other);
        other.log_message = cb_log;
        rtcn_status s = rtcn_register_callbacks(&other);
        CHECK(s == RTCN_ERROR_INVALID_STATE, "registering a different table returned %s, want INVALID_STATE",
              status_name(s));
    }

    step("an op whose call returned an error never completes");
    settle(300);
    CHECK(never->completions == 0, "an operation whose call returned an error completed");

    step("an op pending at release completes (with CLOSED unless it finished first)");
    o = op_new(&C, "create_offer pending at release");
    CHECK_OK(rtcn_peer_connection_create_offer(C.pc, NULL, o));
    g_teardown = 1;
    CHECK_OK(rtcn_peer_connection_release(C.pc));
    C.released = 1;
    wait_for(op_done, o, "create_offer pending at release to complete");
    CHECK(!o->err.present || o->err.status == RTCN_ERROR_CLOSED,
          "create_offer pending at release completed with %s", status_name(o->err.status));
    note("create_offer pending at release: %s", o->err.present ? status_name(o->err.status) : "succeeded first");
    CHECK(never->completions == 0, "an operation whose call returned an error completed");
    CHECK_OK(rtcn_factory_release(f));
    peers_forget();

    step("wait: no live native objects");
    wait_live_objects_zero();
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    g_start_ms = now_ms();
    atomic_store(&g_step_started_ms, now_ms());

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g_cv, &ca);
    pthread_condattr_destroy(&ca);

    pthread_t watchdog;
    if (pthread_create(&watchdog, NULL, watchdog_main, NULL) != 0) fail("cannot start the watchdog thread");
    pthread_detach(watchdog);

    step("check the ABI version");
    int32_t version = -1;
    CHECK_OK(rtcn_get_abi_version(&version));
    CHECK(version == RTCN_ABI_VERSION, "library ABI version %d, header %d", version, RTCN_ABI_VERSION);

    step("register callbacks");
    static const rtcn_callbacks callbacks = {
        .peer_connection_signaling_state_change = cb_signaling,
        .peer_connection_ice_gathering_state_change = cb_gathering,
        .peer_connection_ice_connection_state_change = cb_ice_connection,
        .peer_connection_connection_state_change = cb_connection,
        .peer_connection_ice_candidate = cb_candidate,
        .peer_connection_ice_candidate_error = cb_candidate_error,
        .peer_connection_negotiation_needed = cb_negotiation_needed,
        .peer_connection_data_channel = cb_data_channel,
        .data_channel_state_change = cb_channel_state,
#ifdef RTCN_TEST_QUEUED_DELIVERY
        .data_channel_messages_available = cb_channel_messages_available,
#else
        .data_channel_message = cb_channel_message,
#endif
        .data_channel_buffered_amount_decrease = cb_channel_buffered,
        .session_description_created = cb_sdp_created,
        .operation_complete = cb_op_complete,
        .log_message = cb_log,
    };
    CHECK_OK(rtcn_register_callbacks(&callbacks));

    run_flow(0);
    run_flow(1);
    error_paths();

    g_run = "end";
    step("PASS (exiting normally: the library's static destructors run now)");
    return 0;
}
