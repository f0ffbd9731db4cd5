/*
 * two_peers_test.c - connects two peers in one process through the C ABI alone (ABI 7).
 *
 * Callbacks never call back into the ABI and never block: they copy what they get (session
 * states and transports snapshots included) into the event queue of the peer they belong to
 * and return. The main thread drains the queues and drives the flow; every wait has a deadline.
 * A watchdog thread ends the process with the name of the step if a single step (an ABI call
 * that hangs, say) takes far too long.
 *
 * What the ABI pushes is checked as it arrives: the signaling states and descriptions of every
 * session state (operation completions and gathered candidates), the local description carrying
 * each gathered candidate, the transports snapshots (their invariants, and that their sequence
 * numbers order them as the states progressed), and user_data_released: exactly once per
 * factory, connection and channel, never before its release, and no callback of the object
 * after it.
 *
 * Run 1: both peers on one factory. Run 2: one factory per peer, the answer applied with
 * RTCN_SDP_TYPE_IMPLICIT. Each run also cancels a queued operation and overflows the send queue.
 * Then error paths. The factories use RTCN_TEST_THREAD_LAYOUT (shared unless defined), and
 * RTCN_TEST_QUEUED_DELIVERY selects queued message delivery (see CMakeLists.txt).
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
#define RTCN_TEST_OWN_FAIL
#include "test_support.h"

#ifndef RTCN_TEST_THREAD_LAYOUT
#define RTCN_TEST_THREAD_LAYOUT RTCN_THREAD_LAYOUT_SHARED
#endif

#define WAIT_MS 20000          /* deadline of every wait for an event */
#define LIVE_COUNT_WAIT_MS 5000
#define WATCHDOG_STEP_MS 30000 /* one step longer than this: something hangs */
#define BINARY_SIZE 200000
#define MAX_OPS 256
#define MAX_STATES 16
#define MAX_PEERS 4
#define MAX_TRACKED 64
#define MAX_CERTS 8
#define BURST_MESSAGE RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES /* 256 KiB */
#define BURST_MAX_MESSAGES 1024                           /* 256 MiB: the queue limit must hit long before */

/* ------------------------------------------------------------------ time, output, failure */

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

static void* watchdog_main(void* arg) {
    (void)arg;
    for (;;) {
        sleep_ms(200);
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

static char* xstrdup(const char* s) {
    char* d = strdup(s);
    if (!d) fail("out of memory");
    return d;
}

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
static const char* sdp_type_name(int32_t t) {
    static const char* n[] = {"offer", "pranswer", "answer", "rollback", "implicit"};
    return (t >= 0 && t < 5) ? n[t] : "?";
}
static const char* dtls_name(int32_t s) {
    static const char* n[] = {"new", "connecting", "connected", "closed", "failed"};
    return (s >= 0 && s < 5) ? n[s] : "?";
}
static const char* layout_name(int32_t l) {
    return l == RTCN_THREAD_LAYOUT_SHARED ? "shared" : l == RTCN_THREAD_LAYOUT_SPLIT ? "split" : "?";
}

/* ------------------------------------------------------------------ copies of what callbacks receive */

/* Problems seen inside callbacks (which must not fail loudly there); checked by the main thread. */
static _Atomic int g_callback_oom;
static _Atomic(const char*) g_callback_violation;

static void violation(const char* what) {
    const char* expected = NULL;
    atomic_compare_exchange_strong(&g_callback_violation, &expected, what); /* keep the first */
}

static char* dup_or_null(const char* s) {
    if (!s) return NULL;
    char* d = strdup(s);
    if (!d) atomic_store(&g_callback_oom, 1);
    return d;
}

typedef struct copied_error {
    int present;
    rtcn_status status;
    rtcn_error_detail detail;
    int32_t sdp_line_number;
    char* message; /* NULL when the shim gave NULL (a contract violation, checked) */
} copied_error;

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
        violation("an rtcn_error with a NULL message");
    }
}

static void free_copied_error(copied_error* e) {
    free(e->message);
    e->message = NULL;
}

/* A copied rtcn_transports_info. */
typedef struct tsnap {
    struct tsnap* next_alloc;   /* every snapshot of a peer, for freeing */
    const char* source;         /* which callback brought it */
    uint64_t sequence;
    int32_t sctp_present;
    int32_t sctp_state;
    double sctp_max_message_size;
    int32_t sctp_max_channels;
    int32_t dtls_count;         /* DTLS transports listed */
    int dtls_list_ok;           /* the list's pointer matches its count; ids non-zero and unique */
    int sctp_dtls_found;        /* SCTP's DTLS transport is in the list (its fields follow) */
    int32_t dtls_state;
    int32_t dtls_ice_state;           /* the ICE transport under SCTP's DTLS transport */
    int32_t dtls_ice_gathering_state;
    int32_t ice_state;
    int32_t ice_gathering_state;
    int32_t ice_role;
    char* selected_local;
    char* selected_remote;
    int selected_local_present, selected_remote_present; /* the pointers were non-NULL */
    int32_t cert_count;
    int cert_pointers_null;     /* both pointers NULL */
    int cert_pointers_set;      /* both pointers non-NULL */
    uint32_t cert_lengths[MAX_CERTS];
    uint8_t* cert_der;          /* the whole chain, when count is within MAX_CERTS */
    uint64_t cert_total;
} tsnap;

static tsnap* copy_transports(const rtcn_transports_info* t, const char* source) {
    tsnap* s = calloc(1, sizeof *s);
    if (!s) {
        atomic_store(&g_callback_oom, 1);
        return NULL;
    }
    s->source = source;
    s->sequence = t->sequence;
    s->sctp_present = t->sctp_present;
    s->sctp_state = t->sctp_state;
    s->sctp_max_message_size = t->sctp_max_message_size;
    s->sctp_max_channels = t->sctp_max_channels;
    s->ice_state = t->ice_state;
    s->ice_gathering_state = t->ice_gathering_state;
    s->dtls_count = t->dtls_transport_count;
    s->dtls_list_ok = t->dtls_transport_count == 0 ? t->dtls_transports == NULL : t->dtls_transports != NULL;
    /* The DTLS transport under SCTP (data channels only here: the only one). */
    const rtcn_dtls_transport_info* d = NULL;
    for (int32_t i = 0; s->dtls_list_ok && i < t->dtls_transport_count; i++) {
        if (t->dtls_transports[i].id == 0) s->dtls_list_ok = 0;
        for (int32_t j = 0; j < i; j++)
            if (t->dtls_transports[j].id == t->dtls_transports[i].id) s->dtls_list_ok = 0;
        if (t->sctp_present && t->dtls_transports[i].id == t->sctp_dtls_transport_id) d = &t->dtls_transports[i];
    }
    s->sctp_dtls_found = d != NULL;
    if (!d) {
        s->cert_pointers_null = 1;
        return s;
    }
    s->dtls_state = d->state;
    s->dtls_ice_state = d->ice_state;
    s->dtls_ice_gathering_state = d->ice_gathering_state;
    s->ice_role = d->ice_role;
    s->selected_local_present = d->selected_local_candidate != NULL;
    s->selected_remote_present = d->selected_remote_candidate != NULL;
    s->selected_local = dup_or_null(d->selected_local_candidate);
    s->selected_remote = dup_or_null(d->selected_remote_candidate);
    s->cert_count = d->remote_certificate_count;
    s->cert_pointers_null = d->remote_certificates == NULL && d->remote_certificate_lengths == NULL;
    s->cert_pointers_set = d->remote_certificates != NULL && d->remote_certificate_lengths != NULL;
    if (s->cert_pointers_set && d->remote_certificate_count > 0 && d->remote_certificate_count <= MAX_CERTS) {
        for (int i = 0; i < d->remote_certificate_count; i++) {
            s->cert_lengths[i] = d->remote_certificate_lengths[i];
            s->cert_total += d->remote_certificate_lengths[i];
        }
        s->cert_der = malloc(s->cert_total ? (size_t)s->cert_total : 1);
        if (!s->cert_der) atomic_store(&g_callback_oom, 1);
        else memcpy(s->cert_der, d->remote_certificates, (size_t)s->cert_total);
    }
    return s;
}

static void free_tsnap(tsnap* s) {
    if (!s) return;
    free(s->selected_local);
    free(s->selected_remote);
    free(s->cert_der);
    free(s);
}

typedef struct desc_copy {
    int present;
    rtcn_sdp_type type;
    char* sdp;
} desc_copy;

/* A copied rtcn_session_state. */
typedef struct sess {
    struct sess* next_alloc;
    int32_t changes[MAX_STATES];
    int nchanges;
    int32_t signaling_state;
    desc_copy current_local, pending_local, current_remote, pending_remote;
    int32_t can_trickle;
    tsnap* transports;
} sess;

static void copy_desc(desc_copy* to, const rtcn_session_description* from) {
    to->present = from->sdp != NULL;
    to->type = from->type;
    to->sdp = dup_or_null(from->sdp);
}

static sess* copy_session(const rtcn_session_state* st, const char* source) {
    sess* s = calloc(1, sizeof *s);
    if (!s) {
        atomic_store(&g_callback_oom, 1);
        return NULL;
    }
    if (st->signaling_change_count < 0 || st->signaling_change_count > MAX_STATES ||
        (st->signaling_change_count > 0 && !st->signaling_changes)) {
        violation("a session state with a bad signaling_changes array (count < 0, > 16, or NULL)");
    } else {
        s->nchanges = st->signaling_change_count;
        for (int i = 0; i < s->nchanges; i++) s->changes[i] = st->signaling_changes[i];
    }
    s->signaling_state = st->signaling_state;
    copy_desc(&s->current_local, &st->current_local);
    copy_desc(&s->pending_local, &st->pending_local);
    copy_desc(&s->current_remote, &st->current_remote);
    copy_desc(&s->pending_remote, &st->pending_remote);
    s->can_trickle = st->can_trickle_ice_candidates;
    if (!st->transports) violation("a session state with NULL transports");
    else s->transports = copy_transports(st->transports, source);
    return s;
}

static void free_session(sess* s) {
    if (!s) return;
    free(s->current_local.sdp);
    free(s->pending_local.sdp);
    free(s->current_remote.sdp);
    free(s->pending_remote.sdp);
    /* s->transports is owned by the peer's snapshot list */
    free(s);
}

/* localDescription / remoteDescription of webrtc-pc: the pending one, else the current one. */
static const desc_copy* local_description(const sess* s) {
    return s->pending_local.present ? &s->pending_local : &s->current_local;
}
static const desc_copy* remote_description(const sess* s) {
    return s->pending_remote.present ? &s->pending_remote : &s->current_remote;
}

/* candidate without its " ufrag <value>" pair (descriptions leave it out: a=ice-ufrag says it). */
static void strip_ufrag(const char* candidate, size_t n, char* out, size_t cap) {
    if (n >= cap) n = cap - 1;
    memcpy(out, candidate, n);
    out[n] = 0;
    char* at = strstr(out, " ufrag ");
    if (!at) return;
    char* end = strchr(at + 7, ' ');
    if (end) memmove(at, end, strlen(end) + 1);
    else *at = 0;
}

/* Whether sdp has the line "a=<candidate>" (compared without the ufrag pair). */
static int sdp_has_candidate(const char* sdp, const char* candidate) {
    if (!sdp || !candidate) return 0;
    char want[512], line[512];
    strip_ufrag(candidate, strlen(candidate), want, sizeof want);
    for (const char* at = strstr(sdp, "a=candidate:"); at; at = strstr(at + 1, "a=candidate:")) {
        if (at != sdp && at[-1] != '\n') continue;
        strip_ufrag(at + 2, strcspn(at + 2, "\r\n"), line, sizeof line);
        if (strcmp(line, want) == 0) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ event queues, objects, registry */

typedef enum ev_kind {
    EV_GATHERING,
    EV_ICE_CONNECTION,
    EV_CONNECTION,
    EV_CANDIDATE,
    EV_CANDIDATE_ERROR,
    EV_NEGOTIATION_NEEDED,
    EV_DATA_CHANNEL,
    EV_TRANSPORTS,
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
    int session_given;         /* the callback got a non-NULL rtcn_session_state */
    sess* session;             /* its copy */
    tsnap* transports;         /* peer_connection_transports_change */
} event;

/* One mutex and condvar for all queues and the registry: the main thread waits for any of them.
 * The main thread never holds it while it calls into the ABI (callbacks may run inside a call). */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv;

/* Every object created with a user_data: its user_data_released must come exactly once, after
 * its release was called, and no callback of it may follow. Entries are never removed, and the
 * structs they point to are never freed (a test process), so every user_data stays unique. */
typedef enum obj_kind { OBJ_FACTORY, OBJ_CONNECTION, OBJ_CHANNEL } obj_kind;
typedef struct tracked {
    void* user_data;
    obj_kind kind;
    char what[48];
    void* factory_ud;          /* connections and channels: the user_data of their factory */
    int release_called;
    int released;              /* user_data_released count */
    uint64_t released_order;   /* g_order when it came */
    uint64_t last_event_order; /* g_order of its last callback */
} tracked;
static tracked g_tracked[MAX_TRACKED];
static int g_ntracked;
static uint64_t g_order; /* orders every callback, under g_mu */

static tracked* find_tracked_locked(void* ud) {
    for (int i = 0; i < g_ntracked; i++)
        if (g_tracked[i].user_data == ud) return &g_tracked[i];
    return NULL;
}

static void track_locked(void* ud, obj_kind kind, const char* what, void* factory_ud) {
    if (g_ntracked == MAX_TRACKED) {
        violation("too many tracked objects");
        return;
    }
    if (find_tracked_locked(ud)) {
        violation("a user_data tracked twice");
        return;
    }
    tracked* t = &g_tracked[g_ntracked++];
    memset(t, 0, sizeof *t);
    t->user_data = ud;
    t->kind = kind;
    snprintf(t->what, sizeof t->what, "%s", what);
    t->factory_ud = factory_ud;
}

static void track(void* ud, obj_kind kind, const char* what, void* factory_ud) {
    pthread_mutex_lock(&g_mu);
    track_locked(ud, kind, what, factory_ud);
    pthread_mutex_unlock(&g_mu);
}

/* Called right before the object's *_release: its user_data_released must not have come yet. */
static void before_release(void* ud) {
    pthread_mutex_lock(&g_mu);
    tracked* t = find_tracked_locked(ud);
    if (!t) {
        pthread_mutex_unlock(&g_mu);
        fail("releasing an object that is not tracked");
    }
    int released = t->released;
    t->release_called = 1;
    char what[48];
    snprintf(what, sizeof what, "%s", t->what);
    pthread_mutex_unlock(&g_mu);
    CHECK(released == 0, "%s: user_data_released came before its release", what);
}

static int released_count(void* ud) {
    pthread_mutex_lock(&g_mu);
    tracked* t = find_tracked_locked(ud);
    int n = t ? t->released : -1;
    pthread_mutex_unlock(&g_mu);
    return n;
}

typedef struct pending_candidate {
    struct pending_candidate* next;
    char* candidate;
    char* sdp_mid;
    int32_t sdp_mline_index;
    char* ufrag;
    int end_of_candidates;
} pending_candidate;

typedef struct factory_token {
    const char* name;
    rtcn_factory* h;
} factory_token;

struct chan {
    peer* owner;
    const char* name;
    rtcn_data_channel* h;      /* NULL once released */
    int32_t states[MAX_STATES];
    int nstates;
    int open, closed, closed_with_error;
    int messages;
    int message_before_open;
    uint8_t* data;   /* last message */
    uint64_t size;
    int32_t is_binary;
    uint64_t buffered_decrease_total;          /* from the events, main thread */
    _Atomic uint64_t buffered_decrease_atomic; /* from the callback itself, at once */
    /* The send-queue burst (receiving side): each message is checked as it arrives. */
    int burst_active;
    int burst_received;
    uint64_t burst_bytes;
    int burst_bad;
    char burst_problem[160];
};

struct op {
    peer* owner;
    const char* what;
    int completions;
    int is_candidate;
    char* candidate;           /* add_ice_candidate: the candidate added (NULL for end-of-candidates) */
    copied_error err;
    rtcn_sdp_type sdp_type;
    char* sdp;
    int session_given;
    sess* session;             /* operation_complete's state (owned by the peer's list) */
    uint64_t completion_order;
};

struct peer {
    const char* name;
    int is_offerer;
    factory_token* factory;
    rtcn_peer_connection* pc;
    peer* other;
    event* head;
    event* tail;
    int closed;                     /* rtcn_peer_connection_close called */
    int released;                   /* rtcn_peer_connection_release called */
    /* What the session states told, in arrival order. */
    int32_t signaling[MAX_STATES];
    int nsignaling;
    sess* state;                    /* the latest session state */
    sess* all_states;               /* every copy, for freeing */
    int nstates_seen;
    /* Transports snapshots: all of them, the one with the highest sequence, arrival order. */
    tsnap* all_snaps;
    int nsnaps;
    tsnap* best;
    uint64_t last_arrival_sequence;
    int sequence_regressions;
    uint64_t progress_from;         /* a rollback replaced the transports: older snapshots do not count */
    int early_wrong_role;           /* snapshots before DTLS started with the other side's ICE role */
    char wrong_role_first[96];
    int32_t gathering;
    int32_t ice_connection;
    int32_t connection;
    int32_t connections[MAX_STATES];
    int nconnections;
    int candidates_sent;
    int candidates_in_local_description;
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
static uint64_t g_completions; /* main thread: orders operation completions */

static event* ev_new(ev_kind kind) {
    event* e = calloc(1, sizeof *e);
    if (!e) atomic_store(&g_callback_oom, 1);
    else e->kind = kind;
    return e;
}

/* Queues an event for peer p. source is the user_data of the object whose callback this is
 * (the connection for its events and its operations' completions, the channel for its events). */
static void push(peer* p, void* source, event* e) {
    if (!e) return;
    pthread_mutex_lock(&g_mu);
    tracked* t = find_tracked_locked(source);
    if (t) {
        if (t->released) {
            violation(e->kind == EV_OP_COMPLETE || e->kind == EV_SDP_CREATED
                          ? "an operation completed after its connection's user_data_released"
                          : "a callback ran after its object's user_data_released");
        }
        t->last_event_order = ++g_order;
    }
    if (p->tail) p->tail->next = e;
    else p->head = e;
    p->tail = e;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

/* ------------------------------------------------------------------ callbacks (copy and enqueue only) */

static void cb_released(void* ud) {
    pthread_mutex_lock(&g_mu);
    tracked* t = find_tracked_locked(ud);
    if (!t) {
        violation("user_data_released with a user_data no object was created with");
    } else {
        if (!t->release_called) violation("user_data_released before the object's release was called");
        if (++t->released > 1) violation("user_data_released twice for one object");
        t->released_order = ++g_order;
    }
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}
static void cb_gathering(void* ud, rtcn_ice_gathering_state s) {
    event* e = ev_new(EV_GATHERING);
    if (e) e->state = s;
    push(ud, ud, e);
}
static void cb_ice_connection(void* ud, rtcn_ice_connection_state s) {
    event* e = ev_new(EV_ICE_CONNECTION);
    if (e) e->state = s;
    push(ud, ud, e);
}
static void cb_connection(void* ud, rtcn_peer_connection_state s) {
    event* e = ev_new(EV_CONNECTION);
    if (e) e->state = s;
    push(ud, ud, e);
}
static void cb_candidate(void* ud, const rtcn_ice_candidate_info* c, const rtcn_session_state* state) {
    event* e = ev_new(EV_CANDIDATE);
    if (!e) return;
    e->session_given = state != NULL;
    if (!c) {
        e->end_of_candidates = 1;
    } else {
        if (!c->candidate) violation("an ICE candidate with a NULL candidate string");
        e->text = dup_or_null(c->candidate);
        e->sdp_mid = dup_or_null(c->sdp_mid);
        e->sdp_mline_index = c->sdp_mline_index;
        e->ufrag = dup_or_null(c->username_fragment);
        if (state) e->session = copy_session(state, "ice_candidate");
    }
    push(ud, ud, e);
}
static void cb_candidate_error(void* ud, const rtcn_ice_candidate_error_info* info) {
    event* e = ev_new(EV_CANDIDATE_ERROR);
    if (!e) return;
    if (info) {
        e->text = dup_or_null(info->error_text);
        e->state = info->error_code;
    }
    push(ud, ud, e);
}
static void cb_negotiation_needed(void* ud, uint32_t event_id) {
    event* e = ev_new(EV_NEGOTIATION_NEEDED);
    if (e) e->event_id = event_id;
    push(ud, ud, e);
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
    pthread_mutex_lock(&g_mu);
    char what[48];
    snprintf(what, sizeof what, "%s's remote channel", p->name);
    track_locked(c, OBJ_CHANNEL, what, p->factory);
    pthread_mutex_unlock(&g_mu);
    push(p, p, e);
    return c;
}
static void cb_transports(void* ud, const rtcn_transports_info* transports) {
    event* e = ev_new(EV_TRANSPORTS);
    if (!e) return;
    if (!transports) violation("peer_connection_transports_change with NULL transports");
    else e->transports = copy_transports(transports, "transports_change");
    push(ud, ud, e);
}
static void cb_channel_state(void* ud, rtcn_data_channel_state s, const rtcn_error* error) {
    chan* c = ud;
    event* e = ev_new(EV_CHANNEL_STATE);
    if (!e) return;
    e->ch = c;
    e->state = s;
    copy_error(&e->err, error);
    push(c->owner, c, e);
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
        if (!data) violation("a message with size > 0 and NULL data");
        else memcpy(e->data, data, size);
    }
    push(c->owner, c, e);
}
#else
static void cb_channel_messages_available(void* ud) {
    chan* c = ud;
    event* e = ev_new(EV_CHANNEL_MESSAGES_AVAILABLE);
    if (!e) return;
    e->ch = c;
    push(c->owner, c, e);
}
#endif
static void cb_channel_buffered(void* ud, uint64_t sent_bytes) {
    chan* c = ud;
    atomic_fetch_add(&c->buffered_decrease_atomic, sent_bytes);
    event* e = ev_new(EV_CHANNEL_BUFFERED);
    if (!e) return;
    e->ch = c;
    e->size = sent_bytes;
    push(c->owner, c, e);
}
static void cb_sdp_created(void* op_ud, const rtcn_error* error, rtcn_sdp_type type, const char* sdp) {
    op* o = op_ud;
    event* e = ev_new(EV_SDP_CREATED);
    if (!e) return;
    e->o = o;
    copy_error(&e->err, error);
    e->sdp_type = type;
    e->text = dup_or_null(sdp);
    push(o->owner, o->owner, e);
}
static void cb_op_complete(void* op_ud, const rtcn_error* error, const rtcn_session_state* state) {
    op* o = op_ud;
    event* e = ev_new(EV_OP_COMPLETE);
    if (!e) return;
    e->o = o;
    copy_error(&e->err, error);
    e->session_given = state != NULL;
    if (state) e->session = copy_session(state, "operation_complete");
    push(o->owner, o->owner, e);
}
static void cb_log(void* ud, rtcn_log_severity severity, const char* message) {
    (void)ud;
    (void)severity;
    (void)message;
}

/* ------------------------------------------------------------------ main-thread event handling */

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
    o->candidate = c->end_of_candidates ? NULL : xstrdup(c->candidate);
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

/* The send-queue burst: message i is BURST_MESSAGE bytes, its index in the first 4 bytes, then
 * a pattern that depends on the index. */
static uint8_t burst_byte(uint32_t index, size_t i) { return (uint8_t)((i * 13u + index * 101u + 5u) ^ (i >> 9)); }

static void burst_fill(uint8_t* b, uint32_t index) {
    memcpy(b, &index, 4);
    for (size_t i = 4; i < BURST_MESSAGE; i++) b[i] = burst_byte(index, i);
}

static void burst_check(chan* c, const uint8_t* data, uint64_t size, int32_t is_binary) {
    uint32_t index = 0;
    if (size >= 4) memcpy(&index, data, 4);
    const char* problem = NULL;
    if (size != BURST_MESSAGE) problem = "a message of the wrong size";
    else if (!is_binary) problem = "a text message";
    else if (index != (uint32_t)c->burst_received) problem = "a message out of order, repeated or not sent";
    else {
        for (size_t i = 4; i < BURST_MESSAGE; i++)
            if (data[i] != burst_byte(index, i)) {
                problem = "a message with corrupted bytes";
                break;
            }
    }
    if (problem && !c->burst_bad) {
        c->burst_bad = 1;
        snprintf(c->burst_problem, sizeof c->burst_problem, "%s (message %d of the burst: %llu bytes, index %u)",
                 problem, c->burst_received, (unsigned long long)size, index);
    }
    c->burst_received++;
    c->burst_bytes += size;
}

/* Takes ownership of data. */
static void record_message(peer* p, chan* c, uint8_t* data, uint64_t size, int32_t is_binary) {
    if (!c->open) c->message_before_open = 1;
    c->messages++;
    if (c->burst_active) {
        burst_check(c, data, size, is_binary);
        free(data);
        return;
    }
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

static int is_connected_ice(int32_t s) {
    return s == RTCN_ICE_CONNECTION_STATE_CONNECTED || s == RTCN_ICE_CONNECTION_STATE_COMPLETED;
}

/* The invariants of one transports snapshot, whatever its moment. */
static void check_snapshot(peer* p, const tsnap* t) {
    const char* n = p->name;
    CHECK(t->sequence > 0, "%s: a transports snapshot (%s) with sequence 0", n, t->source);
    CHECK(t->sctp_present == 0 || t->sctp_present == 1, "%s: sctp_present %d", n, t->sctp_present);
    CHECK(t->dtls_list_ok, "%s: a snapshot (%s) whose DTLS list (%d) has a bad pointer or a zero or repeated id", n,
          t->source, t->dtls_count);
    if (!t->sctp_present) {
        /* Data channels only: no transceiver, so no DTLS transport without SCTP. */
        CHECK(t->dtls_count == 0, "%s: %d DTLS transports without SCTP or transceivers", n, t->dtls_count);
        CHECK(t->sctp_state == 0 && t->sctp_max_message_size == 0 && t->sctp_max_channels == -1 && t->dtls_state == 0 &&
                  t->ice_role == 0 && !t->selected_local_present &&
                  !t->selected_remote_present && t->cert_count == 0 && t->cert_pointers_null,
              "%s: a snapshot (%s, sequence %llu) without SCTP is not zeroed: sctp state %d, max message %.0f, "
              "max channels %d, dtls %d, ice %d, gathering %d, role %d, selected %d/%d, %d certificates",
              n, t->source, (unsigned long long)t->sequence, t->sctp_state, t->sctp_max_message_size,
              t->sctp_max_channels, t->dtls_state, t->ice_state, t->ice_gathering_state, t->ice_role,
              t->selected_local_present, t->selected_remote_present, t->cert_count);
        return;
    }
    CHECK(t->sctp_state >= RTCN_SCTP_TRANSPORT_STATE_CONNECTING && t->sctp_state <= RTCN_SCTP_TRANSPORT_STATE_CLOSED,
          "%s: SCTP state %d", n, t->sctp_state);
    CHECK(t->sctp_dtls_found && t->dtls_count == 1, "%s: SCTP's DTLS transport %s listed, %d listed (want it alone)", n,
          t->sctp_dtls_found ? "is" : "is not", t->dtls_count);
    CHECK(t->dtls_state >= RTCN_DTLS_TRANSPORT_STATE_NEW && t->dtls_state <= RTCN_DTLS_TRANSPORT_STATE_FAILED,
          "%s: DTLS state %d", n, t->dtls_state);
    CHECK(t->ice_state >= RTCN_ICE_CONNECTION_STATE_NEW && t->ice_state <= RTCN_ICE_CONNECTION_STATE_CLOSED,
          "%s: ICE state %d", n, t->ice_state);
    CHECK(t->dtls_ice_state >= RTCN_ICE_CONNECTION_STATE_NEW && t->dtls_ice_state <= RTCN_ICE_CONNECTION_STATE_CLOSED &&
              t->dtls_ice_gathering_state >= 0 && t->dtls_ice_gathering_state <= RTCN_ICE_GATHERING_STATE_COMPLETE,
          "%s: the ICE transport's state %d, gathering state %d", n, t->dtls_ice_state, t->dtls_ice_gathering_state);
    /* Taken together: a connected DTLS transport never runs over a new ICE transport (checking is
     * possible again after an ICE restart). */
    CHECK(t->dtls_state != RTCN_DTLS_TRANSPORT_STATE_CONNECTED || t->dtls_ice_state != RTCN_ICE_CONNECTION_STATE_NEW,
          "%s: DTLS connected over an ICE transport in state %d (%s, sequence %llu)", n, t->dtls_ice_state, t->source,
          (unsigned long long)t->sequence);
    CHECK(t->ice_gathering_state >= 0 && t->ice_gathering_state <= RTCN_ICE_GATHERING_STATE_COMPLETE,
          "%s: ICE gathering state %d", n, t->ice_gathering_state);
    int32_t role = p->is_offerer ? RTCN_ICE_ROLE_CONTROLLING : RTCN_ICE_ROLE_CONTROLLED;
    if (t->ice_role != RTCN_ICE_ROLE_UNKNOWN && t->ice_role != role) {
        /* Before DTLS starts (the answerer between its remote offer and its local answer) the
         * shim reports libwebrtc's default role, controlling, instead of unknown or controlled:
         * counted and printed (see the summary note); from DTLS connecting on it must be right. */
        CHECK(t->dtls_state == RTCN_DTLS_TRANSPORT_STATE_NEW,
              "%s: ICE role %d in a snapshot (%s, sequence %llu, DTLS %s), want %d", n, t->ice_role, t->source,
              (unsigned long long)t->sequence, dtls_name(t->dtls_state), role);
        if (p->early_wrong_role++ == 0)
            snprintf(p->wrong_role_first, sizeof p->wrong_role_first, "the first: sequence %llu, with %s, after %d signaling change(s)",
                     (unsigned long long)t->sequence, t->source, p->nsignaling);
    }
    if (t->sctp_state == RTCN_SCTP_TRANSPORT_STATE_CONNECTED) {
        CHECK(t->sctp_max_message_size == (double)RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES,
              "%s: max message size %.0f once connected, want %d", n, t->sctp_max_message_size,
              RTCN_DATA_CHANNEL_MAX_MESSAGE_BYTES);
        CHECK(t->sctp_max_channels > 0 && t->sctp_max_channels <= RTCN_DATA_CHANNEL_MAX_ID + 1,
              "%s: max channels %d once connected", n, t->sctp_max_channels);
    } else if (t->sctp_state == RTCN_SCTP_TRANSPORT_STATE_CONNECTING) {
        CHECK(t->sctp_max_channels == -1, "%s: max channels %d before SCTP connected, want -1", n,
              t->sctp_max_channels);
    }
    CHECK(t->selected_local_present == t->selected_remote_present,
          "%s: a selected pair with only one side (local %d, remote %d)", n, t->selected_local_present,
          t->selected_remote_present);
    if (t->selected_local_present) {
        CHECK(t->selected_local && strncmp(t->selected_local, "candidate:", 10) == 0 && t->selected_remote &&
                  strncmp(t->selected_remote, "candidate:", 10) == 0,
              "%s: selected pair \"%s\" / \"%s\" are not candidate:... values", n,
              t->selected_local ? t->selected_local : "", t->selected_remote ? t->selected_remote : "");
    }
    CHECK(t->cert_count >= 0 && t->cert_count <= MAX_CERTS, "%s: %d remote certificates", n, t->cert_count);
    if (t->cert_count == 0) {
        CHECK(t->cert_pointers_null, "%s: no remote certificate but non-NULL pointers", n);
    } else {
        CHECK(t->cert_pointers_set && t->cert_der, "%s: %d remote certificates but NULL pointers", n, t->cert_count);
        uint64_t at = 0;
        for (int i = 0; i < t->cert_count; i++) {
            CHECK(t->cert_lengths[i] > 1 && t->cert_der[at] == 0x30,
                  "%s: remote certificate %d (%u bytes) is not DER (a SEQUENCE)", n, i, t->cert_lengths[i]);
            at += t->cert_lengths[i];
        }
    }
    if (t->dtls_state == RTCN_DTLS_TRANSPORT_STATE_NEW || t->dtls_state == RTCN_DTLS_TRANSPORT_STATE_CONNECTING)
        CHECK(t->cert_count == 0, "%s: %d remote certificates while DTLS is %s", n, t->cert_count,
              dtls_name(t->dtls_state));
    if (t->dtls_state == RTCN_DTLS_TRANSPORT_STATE_CONNECTED) {
        CHECK(t->cert_count >= 1, "%s: DTLS connected (snapshot %llu, %s) without a remote certificate", n,
              (unsigned long long)t->sequence, t->source);
        CHECK(t->selected_local_present, "%s: DTLS connected (snapshot %llu, %s) without a selected pair", n,
              (unsigned long long)t->sequence, t->source);
    }
}

/* Takes ownership of t. */
static void record_transports(peer* p, tsnap* t) {
    if (!t) return; /* out of memory or a violation: both reported */
    t->next_alloc = p->all_snaps;
    p->all_snaps = t;
    p->nsnaps++;
    check_snapshot(p, t);
    if (t->sequence < p->last_arrival_sequence) p->sequence_regressions++;
    if (t->sequence > p->last_arrival_sequence) p->last_arrival_sequence = t->sequence;
    if (!p->best || t->sequence > p->best->sequence) p->best = t;
}

/* The W3C invariants of a session state, and its place in the peer's history. Takes ownership. */
static void apply_state(peer* p, sess* s, const char* source) {
    if (!s) return;
    s->next_alloc = p->all_states;
    p->all_states = s;
    p->nstates_seen++;
    for (int i = 0; i < s->nchanges; i++) {
        CHECK(s->changes[i] >= RTCN_SIGNALING_STATE_STABLE && s->changes[i] < RTCN_SIGNALING_STATE_CLOSED,
              "%s: signaling change %d in a session state (%s)", p->name, s->changes[i], source);
        CHECK(p->nsignaling < MAX_STATES, "%s: too many signaling state changes", p->name);
        p->signaling[p->nsignaling++] = s->changes[i];
        note("%s: signaling state -> %s (with %s)", p->name, signaling_name(s->changes[i]), source);
    }
    if (s->nchanges > 0)
        CHECK(s->signaling_state == s->changes[s->nchanges - 1],
              "%s: signaling_state %s but the last change is %s (%s)", p->name, signaling_name(s->signaling_state),
              signaling_name(s->changes[s->nchanges - 1]), source);
    else if (p->state)
        CHECK(s->signaling_state == p->state->signaling_state, "%s: signaling state went %s -> %s without a change (%s)",
              p->name, signaling_name(p->state->signaling_state), signaling_name(s->signaling_state), source);
    else
        CHECK(s->signaling_state == RTCN_SIGNALING_STATE_STABLE, "%s: first session state is %s without a change (%s)",
              p->name, signaling_name(s->signaling_state), source);
    const desc_copy* d[4] = {&s->current_local, &s->pending_local, &s->current_remote, &s->pending_remote};
    static const char* names[4] = {"current local", "pending local", "current remote", "pending remote"};
    for (int i = 0; i < 4; i++) {
        if (!d[i]->present) continue;
        CHECK(d[i]->type == RTCN_SDP_TYPE_OFFER || d[i]->type == RTCN_SDP_TYPE_PRANSWER || d[i]->type == RTCN_SDP_TYPE_ANSWER,
              "%s: %s description of type %d (%s)", p->name, names[i], (int)d[i]->type, source);
        CHECK(strncmp(d[i]->sdp, "v=0", 3) == 0, "%s: %s description does not start with v=0 (%s)", p->name, names[i],
              source);
    }
    switch (s->signaling_state) {
    case RTCN_SIGNALING_STATE_STABLE:
        CHECK(!s->pending_local.present && !s->pending_remote.present, "%s: pending descriptions while stable (%s)",
              p->name, source);
        CHECK(s->current_local.present == s->current_remote.present,
              "%s: stable with only one current description (%s)", p->name, source);
        break;
    case RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER:
        CHECK(s->pending_local.present && s->pending_local.type == RTCN_SDP_TYPE_OFFER && !s->pending_remote.present,
              "%s: have-local-offer without a pending local offer, or with a pending remote description (%s)",
              p->name, source);
        break;
    case RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER:
        CHECK(s->pending_remote.present && s->pending_remote.type == RTCN_SDP_TYPE_OFFER && !s->pending_local.present,
              "%s: have-remote-offer without a pending remote offer, or with a pending local description (%s)",
              p->name, source);
        break;
    default:
        fail("%s: unexpected signaling state %s (%s)", p->name, signaling_name(s->signaling_state), source);
    }
    CHECK(s->can_trickle >= -1 && s->can_trickle <= 1, "%s: can_trickle_ice_candidates %d", p->name, s->can_trickle);
    CHECK((s->can_trickle == -1) == !remote_description(s)->present,
          "%s: can_trickle_ice_candidates %d with%s remote description (%s)", p->name, s->can_trickle,
          remote_description(s)->present ? " a" : "out a", source);
    if (p->state && s->nchanges == 0) {
        /* Nothing but candidates may change the descriptions without a signaling change. */
        CHECK(p->state->current_local.present == s->current_local.present &&
                  p->state->pending_local.present == s->pending_local.present &&
                  p->state->current_remote.present == s->current_remote.present &&
                  p->state->pending_remote.present == s->pending_remote.present,
              "%s: a description appeared or vanished without a signaling change (%s)", p->name, source);
    }
    record_transports(p, s->transports);
    p->state = s;
}

static void handle(peer* p, event* e) {
    switch (e->kind) {
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
    case EV_TRANSPORTS:
        record_transports(p, e->transports);
        e->transports = NULL; /* moved */
        break;
    case EV_CANDIDATE: {
        if (e->end_of_candidates) {
            CHECK(!e->session_given, "%s: end-of-candidates (NULL candidate) came with a session state", p->name);
            p->end_of_candidates_sent++;
            if (p->gathering != RTCN_ICE_GATHERING_STATE_COMPLETE) p->end_of_candidates_before_complete = 1;
        } else {
            p->candidates_sent++;
            if (!e->text) break; /* violation recorded by the callback */
            if (!e->sdp_mid && e->sdp_mline_index < 0)
                fail("%s: candidate \"%s\" has neither sdp_mid nor sdp_mline_index", p->name, e->text);
            if (e->sdp_mline_index < -1)
                fail("%s: candidate \"%s\" has sdp_mline_index %d", p->name, e->text, e->sdp_mline_index);
            CHECK(e->session_given, "%s: candidate \"%s\" came without a session state", p->name, e->text);
            sess* s = e->session;
            e->session = NULL; /* moved */
            apply_state(p, s, "ice_candidate");
            if (s) {
                const desc_copy* local = local_description(s);
                CHECK(local->present, "%s: candidate \"%s\" came with no local description", p->name, e->text);
                CHECK(sdp_has_candidate(local->sdp, e->text),
                      "%s: the local description that came with candidate \"%s\" does not carry it", p->name, e->text);
                p->candidates_in_local_description++;
            }
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
        o->completion_order = ++g_completions;
        free_copied_error(&o->err);
        o->err = e->err;
        e->err.message = NULL; /* moved */
        if (e->kind == EV_SDP_CREATED) {
            o->sdp_type = e->sdp_type;
            o->sdp = e->text;
            e->text = NULL;
        } else {
            o->session_given = e->session_given;
            o->session = e->session;
            e->session = NULL; /* moved */
            if (!o->err.present)
                CHECK(o->session_given, "%s: %s succeeded without a session state", p->name, o->what);
            apply_state(p, o->session, o->what);
        }
        if (o->is_candidate) {
            p->candidate_ops_pending--;
            if (o->err.present) {
                if (g_teardown && o->err.status == RTCN_ERROR_CLOSED) break;
                fail("%s: %s completed with %s: %s", p->name, o->what, status_name(o->err.status),
                     o->err.message ? o->err.message : "(NULL)");
            }
            if (o->candidate && o->session) {
                const desc_copy* remote = remote_description(o->session);
                CHECK(remote->present && sdp_has_candidate(remote->sdp, o->candidate),
                      "%s: after add_ice_candidate(\"%s\") the remote description does not carry it", p->name,
                      o->candidate);
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
    if (e->session) free_tsnap(e->session->transports); /* not applied: it is still the event's */
    free_session(e->session);
    free_tsnap(e->transports);
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
    int npeers = g_npeers;
    pthread_mutex_unlock(&g_mu);
    for (int i = 0; i < npeers; i++) {
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

static factory_token* make_factory(const char* name) {
    static const char* const interfaces[] = {"lo"};
    factory_token* token = xcalloc(1, sizeof *token); /* never freed: its address stays unique */
    token->name = name;
    rtcn_factory_options o;
    memset(&o, 0, sizeof o);
    o.include_loopback = 1;
    o.network_interfaces = interfaces;
    o.network_interface_count = 1;
    o.min_port = 0;
    o.max_port = 0;
    o.audio_device = RTCN_AUDIO_DEVICE_DUMMY;
    o.thread_layout = RTCN_TEST_THREAD_LAYOUT;
    track(token, OBJ_FACTORY, name, NULL);
    CHECK_OK(rtcn_factory_create(&o, token, &token->h));
    CHECK(token->h != NULL, "rtcn_factory_create returned RTCN_OK and a NULL factory");
    rtcn_audio_device_kind kind = RTCN_AUDIO_DEVICE_AUTO;
    CHECK_OK(rtcn_factory_get_audio_device(token->h, &kind));
    CHECK(kind == RTCN_AUDIO_DEVICE_DUMMY, "factory audio device is %d, asked for DUMMY", (int)kind);
    return token;
}

static void release_factory(factory_token* f) {
    before_release(f);
    CHECK_OK(rtcn_factory_release(f->h));
    f->h = NULL;
}

/* Peers are never freed (their addresses are user_data the registry must tell apart). */
static peer* peer_new(const char* name, factory_token* f, int is_offerer) {
    peer* p = xcalloc(1, sizeof *p);
    p->name = name;
    p->is_offerer = is_offerer;
    p->factory = f;
    p->local.owner = p;
    p->local.name = "chat";
    pthread_mutex_lock(&g_mu);
    if (g_npeers >= MAX_PEERS) {
        pthread_mutex_unlock(&g_mu);
        fail("too many peers");
    }
    g_peers[g_npeers++] = p;
    char what[48];
    snprintf(what, sizeof what, "connection %s", name);
    track_locked(p, OBJ_CONNECTION, what, f);
    pthread_mutex_unlock(&g_mu);
    CHECK_OK(rtcn_peer_connection_create(f->h, NULL, p, &p->pc));
    CHECK(p->pc != NULL, "rtcn_peer_connection_create returned RTCN_OK and a NULL connection");
    return p;
}

static void release_peer(peer* p) {
    before_release(p);
    CHECK_OK(rtcn_peer_connection_release(p->pc));
    p->released = 1;
}

static void release_channel(chan* c) {
    before_release(c);
    CHECK_OK(rtcn_data_channel_release(c->h));
    c->h = NULL;
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
        if (p->head != NULL) {
            pthread_mutex_unlock(&g_mu);
            fail("%s: events queued after the last drain", p->name);
        }
    }
    int npeers = g_npeers;
    g_npeers = 0;
    pthread_mutex_unlock(&g_mu);
    for (int i = 0; i < npeers; i++) {
        peer* p = g_peers[i];
        while (p->pending) {
            pending_candidate* c = p->pending;
            p->pending = c->next;
            pending_free(c);
        }
        p->pending_tail = NULL;
        chan_free(&p->local);
        if (p->remote) chan_free(p->remote); /* the struct itself stays: its address is a user_data */
        while (p->all_states) {
            sess* s = p->all_states;
            p->all_states = s->next_alloc;
            free_session(s);
        }
        while (p->all_snaps) {
            tsnap* t = p->all_snaps;
            p->all_snaps = t->next_alloc;
            free_tsnap(t);
        }
        p->state = NULL;
        p->best = NULL;
    }
    for (int i = 0; i < g_nops; i++) {
        free(g_ops[i].sdp);
        free(g_ops[i].candidate);
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
    /* Every factory, connection and channel got its user_data_released: their teardown is over. */
    for (int kind = RTCN_OBJECT_FACTORY; kind <= RTCN_OBJECT_DATA_CHANNEL; kind++) {
        int64_t n = -1;
        CHECK_OK(rtcn_get_live_object_count((rtcn_object_kind)kind, &n));
        CHECK(n == 0, "%lld live native objects of kind %d after every user_data_released", (long long)n, kind);
    }
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
        sleep_ms(50);
    }
}

/* Every tracked object whose release was called got its user_data_released. */
static int all_released(void* arg) {
    (void)arg;
    pthread_mutex_lock(&g_mu);
    int all = 1;
    for (int i = 0; i < g_ntracked; i++)
        if (g_tracked[i].release_called && g_tracked[i].released == 0) all = 0;
    pthread_mutex_unlock(&g_mu);
    return all;
}

static void diagnose_released(void) {
    pthread_mutex_lock(&g_mu);
    for (int i = 0; i < g_ntracked; i++) {
        tracked* t = &g_tracked[i];
        note("diagnose: %s: release %s, user_data_released %d time(s)", t->what, t->release_called ? "called" : "not called",
             t->released);
    }
    pthread_mutex_unlock(&g_mu);
}

/* After the releases: every released object's user_data_released came exactly once (a second
 * one would show within settle_ms), no callback of an object after it, and each factory's last. */
static void wait_user_data_released(int64_t settle_ms) {
    void (*saved)(void) = g_diagnose;
    g_diagnose = diagnose_released;
    wait_for(all_released, NULL, "user_data_released of every released factory, connection and channel");
    settle(settle_ms);
    g_diagnose = saved;
    pthread_mutex_lock(&g_mu);
    tracked copy[MAX_TRACKED];
    int n = g_ntracked;
    memcpy(copy, g_tracked, sizeof copy);
    pthread_mutex_unlock(&g_mu);
    for (int i = 0; i < n; i++) {
        tracked* t = &copy[i];
        if (!t->release_called) continue;
        CHECK(t->released == 1, "%s: user_data_released came %d times", t->what, t->released);
        CHECK(t->last_event_order < t->released_order, "%s: a callback of it ran after its user_data_released",
              t->what);
        if (t->kind == OBJ_FACTORY) continue;
        for (int j = 0; j < n; j++) {
            if (copy[j].user_data != t->factory_ud) continue;
            CHECK(copy[j].released_order > t->released_order,
                  "%s: its factory's user_data_released (%s) came before its own", t->what, copy[j].what);
        }
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
        if (p->best)
            note("diagnose %s: latest transports (sequence %llu of %d snapshots): sctp %d state %d, dtls %s, ice %d, "
                 "role %d, selected %s, %d remote certificates",
                 p->name, (unsigned long long)p->best->sequence, p->nsnaps, p->best->sctp_present,
                 p->best->sctp_state, dtls_name(p->best->dtls_state), p->best->ice_state, p->best->ice_role,
                 p->best->selected_local_present ? "yes" : "no", p->best->cert_count);
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
static int transports_connected(peer* p) {
    const tsnap* t = p->best;
    return t && t->sctp_present && t->sctp_state == RTCN_SCTP_TRANSPORT_STATE_CONNECTED &&
           t->dtls_state == RTCN_DTLS_TRANSPORT_STATE_CONNECTED && is_connected_ice(t->ice_state) &&
           t->selected_local_present && t->cert_count > 0;
}
static int both_transports_connected(void* arg) {
    two* t = arg;
    return transports_connected(t->a) && transports_connected(t->b);
}

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

static int32_t channel_id(chan* c) {
    rtcn_data_channel_info info;
    CHECK_OK(rtcn_data_channel_get_info(c->h, &info));
    return info.id;
}

/* The peer's signaling history from the session states is exactly the n states given. */
static void expect_history(peer* p, int n, ...) {
    int32_t want[MAX_STATES];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) want[i] = va_arg(ap, int32_t);
    va_end(ap);
    int same = p->nsignaling == n;
    for (int i = 0; same && i < n; i++) same = p->signaling[i] == want[i];
    if (same) return;
    char got[256] = "", exp[256] = "";
    for (int i = 0; i < p->nsignaling; i++) {
        strncat(got, signaling_name(p->signaling[i]), sizeof got - strlen(got) - 1);
        strncat(got, " ", sizeof got - strlen(got) - 1);
    }
    for (int i = 0; i < n; i++) {
        strncat(exp, signaling_name(want[i]), sizeof exp - strlen(exp) - 1);
        strncat(exp, " ", sizeof exp - strlen(exp) - 1);
    }
    fail("%s: signaling states from the session states: [%s], want [%s]", p->name, got, exp);
}

#define ABSENT (-1)

static void expect_desc(peer* p, const char* when, const char* slot, const desc_copy* d, int want) {
    if (want == ABSENT) {
        CHECK(!d->present, "%s: after %s the %s description is present (%s), want null", p->name, when, slot,
              sdp_type_name(d->type));
        return;
    }
    CHECK(d->present, "%s: after %s the %s description is null, want an %s", p->name, when, slot, sdp_type_name(want));
    CHECK((int)d->type == want, "%s: after %s the %s description is an %s, want an %s", p->name, when, slot,
          sdp_type_name(d->type), sdp_type_name(want));
    CHECK(strstr(d->sdp, "m=application"), "%s: after %s the %s description has no m=application line", p->name, when,
          slot);
}

/* The session state an operation completed with: signaling state and the four descriptions. */
static const sess* expect_state(op* o, int32_t signaling, int current_local, int pending_local, int current_remote,
                                int pending_remote) {
    peer* p = o->owner;
    CHECK(o->session_given && o->session, "%s: %s completed without a session state", p->name, o->what);
    const sess* s = o->session;
    CHECK(s->signaling_state == signaling, "%s: after %s the signaling state is %s, want %s", p->name, o->what,
          signaling_name(s->signaling_state), signaling_name(signaling));
    expect_desc(p, o->what, "current local", &s->current_local, current_local);
    expect_desc(p, o->what, "pending local", &s->pending_local, pending_local);
    expect_desc(p, o->what, "current remote", &s->current_remote, current_remote);
    expect_desc(p, o->what, "pending remote", &s->pending_remote, pending_remote);
    return s;
}

static uint8_t pattern(size_t i) { return (uint8_t)((i * 31u + 7u) ^ (i >> 8)); }

/* The first line of sdp that starts with prefix, copied into out (empty when none). */
static void sdp_line(const char* sdp, const char* prefix, char* out, size_t cap) {
    out[0] = 0;
    const char* at = sdp ? strstr(sdp, prefix) : NULL;
    if (!at) return;
    size_t n = strcspn(at, "\r\n");
    if (n >= cap) n = cap - 1;
    memcpy(out, at, n);
    out[n] = 0;
}

/* The description in a session state is the one that was set: same ICE credentials and fingerprint. */
static void expect_same_description(peer* p, const char* what, const char* got, const char* set) {
    static const char* const prefixes[] = {"a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:"};
    for (int i = 0; i < 3; i++) {
        char a[256], b[256];
        sdp_line(got, prefixes[i], a, sizeof a);
        sdp_line(set, prefixes[i], b, sizeof b);
        CHECK(b[0] && strcmp(a, b) == 0, "%s: %s: the session state's description has \"%s\", the one set \"%s\"",
              p->name, what, a, b);
    }
}

/* A sets its offer with a rollback queued right behind it and canceled at once. Canceled (the
 * usual case), it completes with CANCELED, after the offer, without a session state, and the
 * offer stays applied; if it had already started, it completes normally, its state shows the
 * rollback, and the offer is set again. Returns whether the rollback was applied. */
static int set_offer_with_canceled_rollback(peer* A, const char* offer) {
    step("A: set_local_description(offer), then set_local_description(rollback) canceled at once");
    op* set = op_new(A, "set_local_description(offer)");
    op* rollback = op_new(A, "set_local_description(rollback), canceled");
    CHECK_OK(rtcn_peer_connection_set_local_description(A->pc, RTCN_SDP_TYPE_OFFER, offer, set));
    CHECK_OK(rtcn_peer_connection_set_local_description(A->pc, RTCN_SDP_TYPE_ROLLBACK, NULL, rollback));
    CHECK_OK(rtcn_peer_connection_cancel_operation(A->pc, rollback));
    static int not_an_operation;
    CHECK_OK(rtcn_peer_connection_cancel_operation(A->pc, &not_an_operation)); /* unknown: ignored */
    CHECK_OK(rtcn_peer_connection_cancel_operation(A->pc, NULL));              /* no operation has NULL */
    wait_op_ok(set);
    const sess* s = expect_state(set, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, ABSENT, RTCN_SDP_TYPE_OFFER, ABSENT, ABSENT);
    expect_same_description(A, set->what, s->pending_local.sdp, offer);
    CHECK(s->can_trickle == -1, "A: can_trickle_ice_candidates %d without a remote description", s->can_trickle);
    /* The rollback's completion may already be handled too (if it ran): check the offer's own changes. */
    CHECK(s->nchanges == 1 && s->changes[0] == RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER && A->nsignaling >= 1 &&
              A->signaling[0] == RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER,
          "A: set_local_description(offer) came with %d signaling change(s), want have-local-offer", s->nchanges);
    CHECK(channel_id(&A->local) == -1, "A: the channel has id %d before the DTLS role is known",
          channel_id(&A->local));

    wait_for(op_done, rollback, "A: the canceled rollback to complete");
    CHECK(rollback->completion_order > set->completion_order,
          "A: the canceled rollback completed before the operation ahead of it in the chain");
    int applied;
    if (rollback->err.present) {
        CHECK(rollback->err.status == RTCN_ERROR_CANCELED, "A: the canceled rollback completed with %s (%s), want CANCELED",
              status_name(rollback->err.status), rollback->err.message ? rollback->err.message : "");
        CHECK(rollback->err.message && rollback->err.message[0], "A: CANCELED completion without a message");
        CHECK(!rollback->session_given, "A: the canceled rollback came with a session state: it changed nothing");
        /* Not applied: no signaling change since, and the latest state still holds the offer. */
        expect_history(A, 1, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER);
        CHECK(A->state->signaling_state == RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER && A->state->pending_local.present,
              "A: after the canceled rollback the latest session state is %s", signaling_name(A->state->signaling_state));
        note("A: the rollback was canceled before its turn (%s)", rollback->err.message);
        applied = 0;
    } else {
        note("A: the rollback had already started when canceled: it ran; setting the offer again");
        expect_state(rollback, RTCN_SIGNALING_STATE_STABLE, ABSENT, ABSENT, ABSENT, ABSENT);
        expect_history(A, 2, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE);
        A->progress_from = A->last_arrival_sequence; /* the rollback closed the transports */
        op* again = op_new(A, "set_local_description(offer) again");
        CHECK_OK(rtcn_peer_connection_set_local_description(A->pc, RTCN_SDP_TYPE_OFFER, offer, again));
        wait_op_ok(again);
        expect_state(again, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, ABSENT, RTCN_SDP_TYPE_OFFER, ABSENT, ABSENT);
        expect_history(A, 3, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE,
                       RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER);
        applied = 1;
    }
    /* Canceling a completed operation is ignored: no second completion (handle() fails on one). */
    CHECK_OK(rtcn_peer_connection_cancel_operation(A->pc, set));
    CHECK_OK(rtcn_peer_connection_cancel_operation(A->pc, rollback));
    return applied;
}

static int burst_received_all(void* arg) {
    chan* c = ((void**)arg)[0];
    int n = *(int*)((void**)arg)[1];
    return c->burst_bad || c->burst_received >= n;
}
static int decreases_reach(void* arg) {
    chan* c = ((void**)arg)[0];
    uint64_t want = *(uint64_t*)((void**)arg)[1];
    return c->buffered_decrease_total >= want;
}
static int got_messages(void* arg) {
    chan* c = ((void**)arg)[0];
    int n = *(int*)((void**)arg)[1];
    return c->messages >= n;
}

/* A sends 256 KiB messages without pumping until rtcn_data_channel_send refuses one with
 * OperationError; B must then receive exactly the accepted ones, in order and intact. libwebrtc's
 * thread keeps handing messages to SCTP during the burst, so more than 16 MiB may be accepted in
 * all; what the queue held is bounded with the hand-offs reported by
 * data_channel_buffered_amount_decrease (counted in the callback itself, at once): reports follow
 * hand-offs, so the ones seen before the refused call bound the queue from above (the refusal
 * was due), and the first report after it covers every earlier hand-off (never over the limit). */
static void send_queue_burst(peer* A, peer* B) {
    chan* tx = &A->local;
    chan* rx = B->remote;
    const uint64_t limit = RTCN_DATA_CHANNEL_SEND_QUEUE_BYTES;
    step("A: %d-byte messages without pumping until the send queue (%llu bytes) refuses one", BURST_MESSAGE,
         (unsigned long long)limit);
    pump(0);
    rx->burst_active = 1;
    rx->burst_received = 0;
    rx->burst_bytes = 0;
    const int rx_messages_before = rx->messages;
    const int tx_states_before = tx->nstates;
    const uint64_t events_base = tx->buffered_decrease_total;
    const uint64_t base = atomic_load(&tx->buffered_decrease_atomic);
    uint8_t* message = xcalloc(BURST_MESSAGE, 1);
    int n = 0;
    rtcn_status s = RTCN_OK;
    uint64_t reported_before = 0; /* hand-offs reported before the refused call: a lower bound of them then */
    const int64_t started = now_ms();
    for (; n < BURST_MAX_MESSAGES; n++) {
        burst_fill(message, (uint32_t)n);
        reported_before = atomic_load(&tx->buffered_decrease_atomic) - base;
        s = rtcn_data_channel_send(tx->h, message, BURST_MESSAGE, 1);
        if (s != RTCN_OK) break;
    }
    const int64_t burst_ms = now_ms() - started;
    rtcn_error err;
    memset(&err, 0, sizeof err);
    if (s != RTCN_OK) CHECK_OK(rtcn_get_last_error(&err));
    char refusal[256];
    snprintf(refusal, sizeof refusal, "%s", err.message ? err.message : "");
    const uint64_t reported_at = atomic_load(&tx->buffered_decrease_atomic) - base;
    /* The hand-offs of a drain are reported together when it ends, and the reports come in
     * order: the first report after the refusal covers every hand-off made before it. */
    uint64_t reported_next = reported_at;
    /* 3 x WAIT_MS: a 2.6 MB burst can overflow a loopback UDP socket buffer on a loaded machine, and SCTP then
     * waits for its backed-off retransmission timer (seen once in CI: nothing handed off for 20 s). */
    for (int64_t deadline = now_ms() + 3 * WAIT_MS; reported_next == reported_at && now_ms() < deadline;) {
        sleep_ms(1);
        reported_next = atomic_load(&tx->buffered_decrease_atomic) - base;
    }
    free(message);
    CHECK(n < BURST_MAX_MESSAGES, "%d messages (%llu bytes) were accepted without a pause and none refused",
          n, (unsigned long long)n * BURST_MESSAGE);
    CHECK(s == RTCN_ERROR_OPERATION, "send with a full queue returned %s (%s), want OPERATION", status_name(s),
          refusal);
    CHECK(err.status == RTCN_ERROR_OPERATION && refusal[0], "the refused send's last error: %s \"%s\"",
          status_name(err.status), refusal);
    const uint64_t accepted = (uint64_t)n * BURST_MESSAGE;
    note("accepted %d messages (%llu bytes) in %lld ms, then: %s", n, (unsigned long long)accepted,
         (long long)burst_ms, refusal);
    note("hand-offs to SCTP reported: %llu bytes before the refused send, %llu right after it, %llu with the next report",
         (unsigned long long)reported_before, (unsigned long long)reported_at, (unsigned long long)reported_next);
    CHECK(reported_next > reported_at, "no hand-off to SCTP reported in %d ms after the refusal", 3 * WAIT_MS);
    /* Queued when refused <= accepted - reported_before: the refusal must be due. */
    CHECK(accepted - reported_before + BURST_MESSAGE > limit,
          "refused early: at most %llu bytes were queued, and %d more fit under %llu",
          (unsigned long long)(accepted - reported_before), BURST_MESSAGE, (unsigned long long)limit);
    /* No more than the limit was queued: what was accepted beyond it had been handed to SCTP. */
    CHECK(accepted <= limit + reported_next,
          "%llu bytes accepted but only %llu reported handed to SCTP by the first report after the refusal: "
          "more than %llu were queued", (unsigned long long)accepted, (unsigned long long)reported_next,
          (unsigned long long)limit);

    step("B: every accepted byte arrives, in order, and nothing else");
    void* args[2] = {rx, &n};
    wait_for(burst_received_all, args, "B to receive every message of the burst");
    settle(300); /* the refused message, or a duplicate, would show up here */
    CHECK(!rx->burst_bad, "B: %s", rx->burst_problem);
    CHECK(rx->burst_received == n && rx->burst_bytes == accepted && rx->messages - rx_messages_before == n,
          "B received %d messages (%llu bytes) of the burst, want %d (%llu bytes)", rx->burst_received,
          (unsigned long long)rx->burst_bytes, n, (unsigned long long)accepted);
    rx->burst_active = 0;
    uint64_t want_events = events_base + accepted;
    void* dargs[2] = {tx, &want_events};
    wait_for(decreases_reach, dargs, "A: buffered_amount_decrease for every accepted byte");
    settle(50);
    CHECK(tx->buffered_decrease_total - events_base == accepted,
          "A: buffered_amount_decrease reported %llu bytes for %llu accepted",
          (unsigned long long)(tx->buffered_decrease_total - events_base), (unsigned long long)accepted);
    CHECK(tx->nstates == tx_states_before && !tx->closed && rx->nstates > 0 && !rx->closed,
          "a channel changed state during the burst (A %d state events, closed %d; B closed %d)", tx->nstates,
          tx->closed, rx->closed);

    step("A: the emptied queue takes a message again");
    CHECK_OK(rtcn_data_channel_send(tx->h, (const uint8_t*)"again", 5, 0));
    int want = rx->messages + 1;
    void* margs[2] = {rx, &want};
    wait_for(got_messages, margs, "B to receive \"again\"");
    CHECK(rx->size == 5 && memcmp(rx->data, "again", 5) == 0 && rx->is_binary == 0,
          "B: the message after the burst is not \"again\"");
}

/* The transports as pushed: the latest snapshot once connected, and the order of them all. */
static void check_transports(peer* p) {
    const tsnap* t = p->best;
    CHECK(t->sctp_present == 1, "%s: no SCTP transport once connected", p->name);
    CHECK(t->sctp_state == RTCN_SCTP_TRANSPORT_STATE_CONNECTED, "%s: SCTP state %d, want connected", p->name,
          t->sctp_state);
    CHECK(t->sctp_max_message_size == 262144.0, "%s: max message size %f", p->name, t->sctp_max_message_size);
    CHECK(t->sctp_max_channels > 0, "%s: max channels %d", p->name, t->sctp_max_channels);
    CHECK(t->dtls_state == RTCN_DTLS_TRANSPORT_STATE_CONNECTED, "%s: DTLS state %d", p->name, t->dtls_state);
    CHECK(is_connected_ice(t->ice_state), "%s: ICE state %d", p->name, t->ice_state);
    CHECK(t->ice_role == (p->is_offerer ? RTCN_ICE_ROLE_CONTROLLING : RTCN_ICE_ROLE_CONTROLLED), "%s: ICE role %d",
          p->name, t->ice_role);
    CHECK(t->selected_local_present && t->selected_remote_present, "%s: no selected candidate pair", p->name);
    CHECK(t->cert_count >= 1 && t->cert_lengths[0] > 0, "%s: remote certificate chain has %d certificates", p->name,
          t->cert_count);
    note("%s: selected pair %s <-> %s; %d remote certificate(s), leaf %u bytes", p->name, t->selected_local,
         t->selected_remote, t->cert_count, t->cert_lengths[0]);

    /* As the sequence grows the states only progress (nothing was closed yet), and one sequence
     * is one snapshot. */
    int ranks_seen = 0;
    for (const tsnap* x = p->all_snaps; x; x = x->next_alloc) {
        for (const tsnap* y = p->all_snaps; y; y = y->next_alloc) {
            if (x->sequence == y->sequence) {
                CHECK(x->sctp_present == y->sctp_present && x->sctp_state == y->sctp_state &&
                          x->dtls_state == y->dtls_state && x->ice_state == y->ice_state &&
                          x->ice_role == y->ice_role && x->cert_count == y->cert_count &&
                          x->selected_local_present == y->selected_local_present,
                      "%s: two different snapshots with sequence %llu (%s, %s)", p->name,
                      (unsigned long long)x->sequence, x->source, y->source);
                continue;
            }
            if (x->sequence > y->sequence || x->sequence <= p->progress_from) continue;
            /* x is older than y */
            CHECK(x->sctp_present <= y->sctp_present, "%s: SCTP present in snapshot %llu, absent in later %llu",
                  p->name, (unsigned long long)x->sequence, (unsigned long long)y->sequence);
            if (x->sctp_present && y->sctp_present) {
                CHECK(x->sctp_state <= y->sctp_state, "%s: SCTP state %d in snapshot %llu, %d in later %llu", p->name,
                      x->sctp_state, (unsigned long long)x->sequence, y->sctp_state, (unsigned long long)y->sequence);
                CHECK(x->dtls_state <= y->dtls_state, "%s: DTLS %s in snapshot %llu, %s in later %llu", p->name,
                      dtls_name(x->dtls_state), (unsigned long long)x->sequence, dtls_name(y->dtls_state),
                      (unsigned long long)y->sequence);
                CHECK(x->cert_count <= y->cert_count, "%s: %d remote certificates in snapshot %llu, %d in later %llu",
                      p->name, x->cert_count, (unsigned long long)x->sequence, y->cert_count,
                      (unsigned long long)y->sequence);
                ranks_seen++;
            }
        }
    }
    int distinct = 0;
    uint64_t lowest = UINT64_MAX;
    for (const tsnap* x = p->all_snaps; x; x = x->next_alloc) {
        if (x->sequence < lowest) lowest = x->sequence;
        distinct++;
    }
    CHECK(t->sequence > lowest, "%s: the latest snapshot's sequence %llu is not above the first's %llu", p->name,
          (unsigned long long)t->sequence, (unsigned long long)lowest);
    note("%s: %d transports snapshots, sequences %llu..%llu, %d arrived after a newer one", p->name, distinct,
         (unsigned long long)lowest, (unsigned long long)t->sequence, p->sequence_regressions);
    if (p->early_wrong_role)
        note("%s: LIBRARY ISSUE: %d snapshot(s) before DTLS started reported ICE role %s, this side's role is %s "
             "(%s)", p->name, p->early_wrong_role, p->is_offerer ? "controlled" : "controlling",
             p->is_offerer ? "controlling" : "controlled", p->wrong_role_first);
    /* One libwebrtc thread takes and queues every snapshot: they arrive in sequence order. */
    if (RTCN_TEST_THREAD_LAYOUT == RTCN_THREAD_LAYOUT_SHARED)
        CHECK(p->sequence_regressions == 0, "%s: %d transports snapshots arrived after a newer one with one thread",
              p->name, p->sequence_regressions);
}

static void run_flow(int factory_per_peer) {
    static char run_name[96];
    snprintf(run_name, sizeof run_name, "run %d (%s, %s threads)", factory_per_peer ? 2 : 1,
             factory_per_peer ? "factory per peer, implicit answer" : "one factory",
             layout_name(RTCN_TEST_THREAD_LAYOUT));
    g_run = run_name;
    g_teardown = 0;

    step("create factor%s", factory_per_peer ? "ies" : "y");
    factory_token* fa = make_factory(factory_per_peer ? "factory of A" : "factory of A and B");
    factory_token* fb = factory_per_peer ? make_factory("factory of B") : fa;

    step("create peers A and B");
    peer* A = peer_new("A", fa, 1);
    peer* B = peer_new("B", fb, 0);
    A->other = B;
    B->other = A;
    two t = {A, B};
    g_two = &t;
    g_diagnose = diagnose_two;

    step("A: create data channel \"chat\"");
    rtcn_data_channel_init init;
    memset(&init, 0, sizeof init);
    init.ordered = 1;
    init.max_packet_life_time = -1;
    init.max_retransmits = -1;
    init.protocol = NULL;
    init.negotiated = 0;
    init.id = -1;
    track(&A->local, OBJ_CHANNEL, "A's channel", fa);
    CHECK_OK(rtcn_peer_connection_create_data_channel(A->pc, "chat", &init, &A->local, &A->local.h));
    CHECK(A->local.h != NULL, "create_data_channel returned RTCN_OK and a NULL channel");
    check_info(A, &A->local, RTCN_DATA_CHANNEL_STATE_CONNECTING, NULL);

    step("A: create_offer");
    op* o = op_new(A, "create_offer");
    CHECK_OK(rtcn_peer_connection_create_offer(A->pc, NULL, o));
    wait_op_ok(o);
    CHECK(o->sdp_type == RTCN_SDP_TYPE_OFFER, "create_offer gave type %d", (int)o->sdp_type);
    CHECK(o->sdp && strstr(o->sdp, "m=application"), "the offer has no m=application line");
    const char* offer = o->sdp;
    note("offer: %zu bytes of SDP", strlen(offer));
    CHECK(A->nstates_seen == 0, "A: a session state came before any description was set");

    int rollback_applied = set_offer_with_canceled_rollback(A, offer);

    step("B: set_remote_description(offer)");
    o = op_new(B, "set_remote_description(offer)");
    CHECK_OK(rtcn_peer_connection_set_remote_description(B->pc, RTCN_SDP_TYPE_OFFER, offer, o));
    wait_op_ok(o);
    const sess* s = expect_state(o, RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER, ABSENT, ABSENT, ABSENT, RTCN_SDP_TYPE_OFFER);
    expect_same_description(B, o->what, s->pending_remote.sdp, offer);
    CHECK(s->can_trickle == 1, "B: can_trickle_ice_candidates %d for libwebrtc's offer, want 1", s->can_trickle);
    expect_history(B, 1, RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER);
    B->remote_set = 1;
    flush_candidates(B);

    const char* answer;
    if (!factory_per_peer) {
        step("B: create_answer");
        o = op_new(B, "create_answer");
        CHECK_OK(rtcn_peer_connection_create_answer(B->pc, o));
        wait_op_ok(o);
        CHECK(o->sdp_type == RTCN_SDP_TYPE_ANSWER, "create_answer gave type %d", (int)o->sdp_type);
        CHECK(o->sdp && strstr(o->sdp, "m=application"), "the answer has no m=application line");
        answer = o->sdp;
        note("answer: %zu bytes of SDP", strlen(answer));

        step("B: set_local_description(answer)");
        o = op_new(B, "set_local_description(answer)");
        CHECK_OK(rtcn_peer_connection_set_local_description(B->pc, RTCN_SDP_TYPE_ANSWER, answer, o));
        wait_op_ok(o);
        s = expect_state(o, RTCN_SIGNALING_STATE_STABLE, RTCN_SDP_TYPE_ANSWER, ABSENT, RTCN_SDP_TYPE_OFFER, ABSENT);
        expect_same_description(B, o->what, s->current_local.sdp, answer);
    } else {
        step("B: set_local_description(implicit): the answer is created and applied in one operation");
        o = op_new(B, "set_local_description(implicit)");
        CHECK_OK(rtcn_peer_connection_set_local_description(B->pc, RTCN_SDP_TYPE_IMPLICIT, NULL, o));
        wait_op_ok(o);
        s = expect_state(o, RTCN_SIGNALING_STATE_STABLE, RTCN_SDP_TYPE_ANSWER, ABSENT, RTCN_SDP_TYPE_OFFER, ABSENT);
        /* The answer to send is the one in the session state. */
        o->sdp = xstrdup(s->current_local.sdp);
        answer = o->sdp;
        note("answer from the session state: %zu bytes of SDP", strlen(answer));
    }
    expect_same_description(B, o->what, s->current_remote.sdp, offer);
    expect_history(B, 2, RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER, RTCN_SIGNALING_STATE_STABLE);

    step("A: set_remote_description(answer)");
    o = op_new(A, "set_remote_description(answer)");
    CHECK_OK(rtcn_peer_connection_set_remote_description(A->pc, RTCN_SDP_TYPE_ANSWER, answer, o));
    wait_op_ok(o);
    s = expect_state(o, RTCN_SIGNALING_STATE_STABLE, RTCN_SDP_TYPE_OFFER, ABSENT, RTCN_SDP_TYPE_ANSWER, ABSENT);
    expect_same_description(A, o->what, s->current_local.sdp, offer);
    expect_same_description(A, o->what, s->current_remote.sdp, answer);
    CHECK(s->can_trickle == 1, "A: can_trickle_ice_candidates %d for libwebrtc's answer, want 1", s->can_trickle);
    if (rollback_applied)
        expect_history(A, 4, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE,
                       RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE);
    else
        expect_history(A, 2, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE);
    /* The answer fixed the DTLS role: the id is known once the operation completed. */
    int32_t id_after_answer = channel_id(&A->local);
    CHECK(id_after_answer >= 0 && id_after_answer <= RTCN_DATA_CHANNEL_MAX_ID,
          "A: channel id %d after set_remote_description(answer) completed", id_after_answer);
    A->remote_set = 1;
    flush_candidates(A);

    step("wait: both connected, B announced the channel, both channels open");
    wait_for(connected_or_failed, &t, "both connection states connected and both channels open");
    CHECK(!A->local.message_before_open && !B->remote->message_before_open, "a message arrived before open");

    step("check data channel info on both sides");
    rtcn_data_channel_info ia, ib;
    check_info(A, &A->local, RTCN_DATA_CHANNEL_STATE_OPEN, &ia);
    check_info(B, B->remote, RTCN_DATA_CHANNEL_STATE_OPEN, &ib);
    CHECK(ia.id >= 0 && ia.id == ib.id, "channel ids differ or unset: A %d, B %d", ia.id, ib.id);
    CHECK(ia.id == id_after_answer, "A: channel id %d once open, %d after the answer", ia.id, id_after_answer);
    note("channel id %d on both sides", ia.id);

    step("A sends text \"hello\"; B sends %d bytes binary", BINARY_SIZE);
    CHECK_OK(rtcn_data_channel_send(A->local.h, (const uint8_t*)"hello", 5, 0));
    uint8_t* blob = xcalloc(BINARY_SIZE, 1);
    for (size_t i = 0; i < BINARY_SIZE; i++) blob[i] = pattern(i);
    CHECK_OK(rtcn_data_channel_send(B->remote->h, blob, BINARY_SIZE, 1));
    free(blob);
    wait_for(both_got_message, &t, "each side to receive a message");
    settle(200); /* a duplicate would show up here */

    step("check received messages");
    CHECK(B->remote->messages == 1, "B received %d messages, want 1", B->remote->messages);
    CHECK(B->remote->is_binary == 0, "B: \"hello\" arrived with is_binary=%d", B->remote->is_binary);
    CHECK(B->remote->size == 5 && memcmp(B->remote->data, "hello", 5) == 0,
          "B: text message is %llu bytes, not \"hello\"", (unsigned long long)B->remote->size);
    CHECK(A->local.messages == 1, "A received %d messages, want 1", A->local.messages);
    CHECK(A->local.is_binary == 1, "A: binary message arrived with is_binary=%d", A->local.is_binary);
    CHECK(A->local.size == BINARY_SIZE, "A: binary message is %llu bytes, want %d",
          (unsigned long long)A->local.size, BINARY_SIZE);
    for (size_t i = 0; i < BINARY_SIZE; i++)
        CHECK(A->local.data[i] == pattern(i), "A: binary message differs at byte %zu", i);

    step("rtcn_data_channel_receive: argument checks and the delivery mode");
    {
        int64_t size = -2;
        int32_t is_binary = -1;
        uint8_t byte;
        rtcn_status r1 = rtcn_data_channel_receive(A->local.h, &byte, 1, NULL, &is_binary);
        rtcn_status r2 = rtcn_data_channel_receive(A->local.h, &byte, 1, &size, NULL);
        rtcn_status r3 = rtcn_data_channel_receive(A->local.h, NULL, 1, &size, &is_binary);
        CHECK(r1 == RTCN_ERROR_INVALID_ARGUMENT && r2 == RTCN_ERROR_INVALID_ARGUMENT && r3 == RTCN_ERROR_INVALID_ARGUMENT,
              "receive with a NULL out_size, out_is_binary or buffer returned %s, %s, %s", status_name(r1),
              status_name(r2), status_name(r3));
        rtcn_status r4 = rtcn_data_channel_receive(A->local.h, NULL, 0, &size, &is_binary);
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
    CHECK(A->candidates_sent > 0 && B->candidates_sent > 0, "no candidates (A %d, B %d)", A->candidates_sent,
          B->candidates_sent);
    CHECK(A->candidates_in_local_description == A->candidates_sent &&
              B->candidates_in_local_description == B->candidates_sent,
          "not every gathered candidate was checked in its local description");
    CHECK(A->end_of_candidates_sent == 1 && B->end_of_candidates_sent == 1,
          "end-of-candidates seen %d times on A, %d on B; want once each", A->end_of_candidates_sent,
          B->end_of_candidates_sent);
    CHECK(!A->end_of_candidates_before_complete && !B->end_of_candidates_before_complete,
          "a NULL candidate arrived before the gathering state became complete");
    note("candidates: A sent %d, B sent %d, each in the local description of its event; %d + %d add_ice_candidate "
         "ops succeeded, each in the remote description of its completion",
         A->candidates_sent, B->candidates_sent, A->candidates_added, B->candidates_added);

    step("check signaling states and descriptions (the latest session states)");
    if (rollback_applied)
        expect_history(A, 4, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE,
                       RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE);
    else
        expect_history(A, 2, RTCN_SIGNALING_STATE_HAVE_LOCAL_OFFER, RTCN_SIGNALING_STATE_STABLE);
    expect_history(B, 2, RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER, RTCN_SIGNALING_STATE_STABLE);
    for (int i = 0; i < A->nconnections; i++)
        CHECK(A->connections[i] != RTCN_PEER_CONNECTION_STATE_FAILED, "A: connection state failed");
    CHECK(A->state->signaling_state == RTCN_SIGNALING_STATE_STABLE && B->state->signaling_state == RTCN_SIGNALING_STATE_STABLE,
          "the latest session states are not stable (A %s, B %s)", signaling_name(A->state->signaling_state),
          signaling_name(B->state->signaling_state));
    expect_desc(A, "everything", "current local", &A->state->current_local, RTCN_SDP_TYPE_OFFER);
    expect_desc(A, "everything", "pending local", &A->state->pending_local, ABSENT);
    expect_desc(A, "everything", "current remote", &A->state->current_remote, RTCN_SDP_TYPE_ANSWER);
    expect_desc(B, "everything", "current remote", &B->state->current_remote, RTCN_SDP_TYPE_OFFER);
    expect_desc(B, "everything", "current local", &B->state->current_local, RTCN_SDP_TYPE_ANSWER);

    step("transports: SCTP, DTLS and ICE snapshots and the remote certificate chain");
    wait_for(both_transports_connected, &t, "transports snapshots with SCTP, DTLS and ICE connected on both sides");
    check_transports(A);
    check_transports(B);

    send_queue_burst(A, B);

    step("A: close the data channel");
    CHECK_OK(rtcn_data_channel_close(A->local.h));
    CHECK_OK(rtcn_data_channel_close(A->local.h)); /* idempotent */
    wait_for(both_closed, &t, "both channels to reach closed");
    CHECK(!A->local.closed_with_error && !B->remote->closed_with_error, "a channel closed normally reported an error");

    step("send on the closed channel must fail");
    rtcn_status st = rtcn_data_channel_send(A->local.h, (const uint8_t*)"late", 4, 0);
    CHECK(st == RTCN_ERROR_INVALID_STATE, "send on a closed channel returned %s, want INVALID_STATE", status_name(st));
    rtcn_error err;
    CHECK_OK(rtcn_get_last_error(&err));
    CHECK(err.message && err.message[0], "no last-error message after send on a closed channel");
    note("send on a closed channel: %s (\"%s\")", status_name(st), err.message);

    step("close both peer connections");
    CHECK_OK(rtcn_peer_connection_close(A->pc));
    A->closed = 1;
    CHECK_OK(rtcn_peer_connection_close(B->pc));
    B->closed = 1;
    CHECK_OK(rtcn_peer_connection_close(A->pc)); /* idempotent */
    st = rtcn_data_channel_send(B->remote->h, (const uint8_t*)"late", 4, 1);
    CHECK(st != RTCN_OK, "send on a channel of a closed connection returned RTCN_OK");
    note("send on a channel of a closed connection: %s", status_name(st));
    {
        rtcn_data_channel_info info;
        CHECK_OK(rtcn_data_channel_get_info(B->remote->h, &info));
        CHECK(info.state == RTCN_DATA_CHANNEL_STATE_CLOSED, "B: a closed channel of a closed connection reports %s",
              channel_state_name(info.state));
    }
    o = op_new(A, "create_offer after close");
    st = rtcn_peer_connection_create_offer(A->pc, NULL, o);
    CHECK(st == RTCN_ERROR_CLOSED, "create_offer on a closed connection returned %s, want CLOSED", status_name(st));
    st = rtcn_peer_connection_cancel_operation(A->pc, o);
    CHECK(st == RTCN_OK || st == RTCN_ERROR_CLOSED, "cancel_operation on a closed connection returned %s",
          status_name(st));
    note("cancel_operation on a closed connection: %s", status_name(st));
    CHECK(released_count(A) == 0 && released_count(B) == 0, "user_data_released after close, before release");

    step("release channels, peers and factor%s; user_data_released once each, after its release",
         factory_per_peer ? "ies" : "y");
    g_teardown = 1;
    pump(0);
    release_channel(&A->local);
    release_channel(B->remote);
    release_peer(A);
    release_peer(B);
    release_factory(fa);
    if (fb != fa) release_factory(fb);
    wait_user_data_released(200);
    CHECK(o->completions == 0, "create_offer refused on a closed connection completed");
    peers_forget();

    g_diagnose = NULL;
    g_two = NULL;

    step("wait: no live native objects");
    wait_live_objects_zero();
}

/* ------------------------------------------------------------------ error paths */

static void error_paths(void) {
    static char run_name[64];
    snprintf(run_name, sizeof run_name, "error paths (%s threads)", layout_name(RTCN_TEST_THREAD_LAYOUT));
    g_run = run_name;
    g_teardown = 0;
    rtcn_error err;
    rtcn_data_channel_info info;
    rtcn_peer_connection* no_pc = NULL;

    step("garbage SDP on a fresh connection completes with OperationError / sdp-syntax-error");
    factory_token* f = make_factory("error paths' factory");
    peer* C = peer_new("C", f, 0);
    C->other = C;
    op* o = op_new(C, "set_remote_description(garbage)");
    CHECK_OK(rtcn_peer_connection_set_remote_description(C->pc, RTCN_SDP_TYPE_OFFER, "this is not sdp", o));
    wait_for(op_done, o, "set_remote_description(garbage) to complete");
    CHECK(o->err.present, "set_remote_description with \"this is not sdp\" succeeded");
    CHECK(o->err.status == RTCN_ERROR_OPERATION, "garbage SDP completed with %s, want OPERATION",
          status_name(o->err.status));
    CHECK(o->err.detail == RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR, "garbage SDP completed with detail %d, want %d",
          (int)o->err.detail, (int)RTCN_ERROR_DETAIL_SDP_SYNTAX_ERROR);
    CHECK(o->err.message && o->err.message[0], "garbage SDP error has an empty message");
    note("garbage SDP -> %s, detail sdp-syntax-error, line %d: %s", status_name(o->err.status),
         o->err.sdp_line_number, o->err.message);
    CHECK(C->nsignaling == 0, "a failed set_remote_description changed the signaling state");
    CHECK(!o->session_given || (o->session && o->session->nchanges == 0 &&
                                o->session->signaling_state == RTCN_SIGNALING_STATE_STABLE &&
                                !remote_description(o->session)->present),
          "a set_remote_description that failed to parse came with a changed session state");

    step("NULL handles and out-parameters give INVALID_ARGUMENT with a message");
    /* Ops passed to calls that fail: they must never complete. */
    op* never = op_new(C, "an op whose call returned an error");
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
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_set_local_description(NULL, RTCN_SDP_TYPE_IMPLICIT, NULL, never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_set_local_description(C->pc, (rtcn_sdp_type)99, NULL, never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_set_remote_description(NULL, RTCN_SDP_TYPE_OFFER, "v=0", never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_set_remote_description(C->pc, RTCN_SDP_TYPE_OFFER, NULL, never));
    /* IMPLICIT is for set_local_description only. */
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_set_remote_description(C->pc, RTCN_SDP_TYPE_IMPLICIT, "v=0", never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_add_ice_candidate(NULL, NULL, never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_cancel_operation(NULL, never));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_cancel_operation(NULL, NULL));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_create(NULL, NULL, NULL, &no_pc));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_create(f->h, NULL, NULL, NULL));
    EXPECT_INVALID_ARGUMENT(rtcn_peer_connection_create_data_channel(C->pc, "x", NULL, NULL, NULL));
    EXPECT_INVALID_ARGUMENT(rtcn_data_channel_send(NULL, (const uint8_t*)"x", 1, 0));
    EXPECT_INVALID_ARGUMENT(rtcn_data_channel_get_info(NULL, &info));
    EXPECT_INVALID_ARGUMENT(rtcn_data_channel_close(NULL));
    {
        int64_t size;
        int32_t is_binary;
        uint8_t byte;
        EXPECT_INVALID_ARGUMENT(rtcn_data_channel_receive(NULL, &byte, 1, &size, &is_binary));
    }
    EXPECT_INVALID_ARGUMENT(rtcn_factory_create(NULL, NULL, NULL));
    {
        rtcn_factory_options bad;
        memset(&bad, 0, sizeof bad);
        bad.thread_layout = (rtcn_thread_layout)7;
        rtcn_factory* none = NULL;
        static int never_created;
        EXPECT_INVALID_ARGUMENT(rtcn_factory_create(&bad, &never_created, &none));
        CHECK(none == NULL, "a failed rtcn_factory_create set its out-parameter");
    }
    {
        rtcn_audio_device_kind kind;
        EXPECT_INVALID_ARGUMENT(rtcn_factory_get_audio_device(NULL, &kind));
        EXPECT_INVALID_ARGUMENT(rtcn_factory_get_audio_device(f->h, NULL));
    }
    EXPECT_INVALID_ARGUMENT(rtcn_get_live_object_count(RTCN_OBJECT_ALL, NULL));
#undef EXPECT_INVALID_ARGUMENT
    CHECK(no_pc == NULL, "a failed rtcn_peer_connection_create set its out-parameter");
    CHECK(rtcn_get_last_error(NULL) == RTCN_ERROR_INVALID_ARGUMENT,
          "rtcn_get_last_error(NULL) is not INVALID_ARGUMENT");
    CHECK(rtcn_free(NULL) == RTCN_OK, "rtcn_free(NULL) is not RTCN_OK");
    {
        /* base.h: releasing NULL does nothing, as free(NULL). */
        rtcn_status r1 = rtcn_factory_release(NULL);
        rtcn_status r2 = rtcn_peer_connection_release(NULL);
        rtcn_status r3 = rtcn_data_channel_release(NULL);
        CHECK(r1 == RTCN_OK && r2 == RTCN_OK && r3 == RTCN_OK,
              "release(NULL) gives factory %s, peer connection %s, data channel %s", status_name(r1),
              status_name(r2), status_name(r3));
    }
    /* cancel_operation with a connection: unknown op_user_data (NULL included) is ignored. */
    CHECK_OK(rtcn_peer_connection_cancel_operation(C->pc, NULL));
    CHECK_OK(rtcn_peer_connection_cancel_operation(C->pc, never));

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

    step("an op pending at release completes (with CLOSED unless it finished first), before user_data_released");
    o = op_new(C, "create_offer pending at release");
    CHECK_OK(rtcn_peer_connection_create_offer(C->pc, NULL, o));
    op* queued = op_new(C, "set_local_description(implicit) queued at release");
    CHECK_OK(rtcn_peer_connection_set_local_description(C->pc, RTCN_SDP_TYPE_IMPLICIT, NULL, queued));
    g_teardown = 1;
    release_peer(C);
    wait_for(op_done, o, "create_offer pending at release to complete");
    wait_for(op_done, queued, "set_local_description queued at release to complete");
    CHECK(!o->err.present || o->err.status == RTCN_ERROR_CLOSED,
          "create_offer pending at release completed with %s", status_name(o->err.status));
    CHECK(!queued->err.present || queued->err.status == RTCN_ERROR_CLOSED,
          "set_local_description queued at release completed with %s", status_name(queued->err.status));
    CHECK(queued->completion_order > o->completion_order, "the queued operation completed before the one ahead of it");
    note("create_offer pending at release: %s; the queued set_local_description: %s",
         o->err.present ? status_name(o->err.status) : "succeeded first",
         queued->err.present ? status_name(queued->err.status) : "succeeded first");
    CHECK(never->completions == 0, "an operation whose call returned an error completed");
    release_factory(f);
    wait_user_data_released(200);
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
    CHECK(version == 9, "this test is written for ABI 9, the header says %d", version);

    step("register callbacks");
    static const rtcn_callbacks callbacks = {
        .user_data_released = cb_released,
        .peer_connection_ice_gathering_state_change = cb_gathering,
        .peer_connection_ice_connection_state_change = cb_ice_connection,
        .peer_connection_connection_state_change = cb_connection,
        .peer_connection_ice_candidate = cb_candidate,
        .peer_connection_ice_candidate_error = cb_candidate_error,
        .peer_connection_negotiation_needed = cb_negotiation_needed,
        .peer_connection_data_channel = cb_data_channel,
        .peer_connection_transports_change = cb_transports,
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
    {
        rtcn_factory* early = NULL;
        rtcn_status s = rtcn_factory_create(NULL, NULL, &early);
        CHECK(s != RTCN_OK && early == NULL, "rtcn_factory_create before rtcn_register_callbacks returned %s",
              status_name(s));
    }
    CHECK_OK(rtcn_register_callbacks(&callbacks));
    CHECK_OK(rtcn_register_callbacks(&callbacks)); /* the same table again */

    run_flow(0);
    run_flow(1);
    error_paths();

    g_run = "end";
    step("every user_data released exactly once");
    settle(100);
    wait_user_data_released(0);
    step("PASS (exiting normally: the library's static destructors run now)");
    return 0;
}
