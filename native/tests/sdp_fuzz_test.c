/*
 * sdp_fuzz_test.c - a structural fuzzer of remote SDP through the C ABI alone (ABI 7).
 *
 * Why: a remote peer used to crash the process with one SDP line, an m= section of an unknown
 * media type with a DTLS/SCTP protocol ("m=foo 9 UDP/DTLS/SCTP webrtc-datachannel"): libwebrtc's
 * serializer dereferenced a NULL SCTP description whenever the description was read back,
 * answered, applied, rolled back, or a candidate with a usernameFragment was added. This test
 * throws structurally mutated descriptions at the shim and runs everything that used to crash.
 *
 * Corpus: real descriptions, harvested first. An offer of a connection with a data channel
 * (create_offer), the same with the legacy offer_to_receive_audio/video (RTP sections), the
 * re-offers of a connected pair (candidates; then an ICE restart with audio and video sections
 * added), the answer of that pair, and, as the run goes, offers that fuzzed answerers created
 * after applying their answer (they carry the rejected unknown sections on).
 *
 * Mutations (k_mutations): unknown media types (foo, text, message, image, empty), protocols
 * (UDP/DTLS/SCTP, DTLS/SCTP, TCP/DTLS/SCTP, SCTP, RTP/AVP, UDP/TLS/RTP/SAVPF, TCP/MSRP, garbage,
 * the shim's own marker), formats, ports (0 included), duplicated/missing/renamed a=mid, BUNDLE
 * groups naming unknown mids, sections appended, removed, duplicated or swapped, attributes
 * dropped (sctp-port, max-message-size, setup, c=, ice-ufrag, fingerprint, ...) or added,
 * bundle-only, and a little line noise.
 *
 * Scenarios, per iteration, each on fresh connections of one factory:
 *  - answerer (most): set_remote_description(offer); then, whatever its outcome, add_ice_candidate
 *    with a username_fragment, an end-of-candidates with an sdp_mid naming no section,
 *    create_answer, then set_local_description(answer) or a rollback of the remote offer (and now
 *    and then set_local_description(rollback), refused in have-remote-offer, and get_stats); after
 *    an applied answer, sometimes the answerer's own offer, applied and rolled back. The operations
 *    are awaited one by one, queued all at once, or queued and the connection released at once.
 *  - offerer: a fresh offerer applies its offer, then a mutated answer, a candidate, and a
 *    re-offer or a rollback.
 *  - live pair (every LIVE_PAIR_EVERY iterations): two connections connect over loopback; the
 *    offerer's re-offer is applied locally, mutated and given to the connected answerer, whose
 *    answer (sometimes mutated too) goes back to the offerer.
 * The first iterations are fixed: every base unmutated (must be accepted, answered and applied),
 * then the known crash line on every base (with an offer of the answerer's own while that remote
 * offer is pending), then two shapes this fuzzer found libwebrtc M109 aborting on (RTC_CHECK) when
 * an offer is created afterwards: a remote offer refused after libwebrtc installed it (max-bundle
 * answerer, an empty a=group:BUNDLE line), and a connected answerer rolling back a re-offer that
 * rejected the data section. The shim now refuses those offers (CheckCanOffer) instead of letting
 * libwebrtc abort; RTCN_FUZZ_SKIP_KNOWN_CRASHES=1 still leaves them out, to tell a regression there
 * from a new finding.
 *
 * Checked: the process does not crash; every operation completes exactly once (counted per
 * op_user_data, through the right callback, in chain order) within OP_WAIT_MS; no SDP the shim
 * hands out (created descriptions, the four descriptions of every session state, those pushed
 * with gathered candidates) contains "RTCN-", the shim's internal marker; descriptions start
 * with v=0; an accepted offer reads back with all its m= sections and the protocols of its
 * unknown ones; an answer has as many m= sections as the offer, the same media types, and port 0
 * for sections of unknown media types; after an offer refused outright nothing that depends on it
 * succeeds (refusals libwebrtc applied in part are counted and shown in the summary);
 * user_data_released comes exactly once per object, after its release, with no callback after
 * it; no native object is left at the end.
 *
 * Environment: RTCN_FUZZ_SEED (decimal or 0x-hex; the default is fixed, so runs repeat),
 * RTCN_FUZZ_ITERATIONS (default DEFAULT_ITERATIONS), RTCN_FUZZ_VERBOSE=1 (each iteration; 2: and
 * each SDP), RTCN_FUZZ_THREAD_LAYOUT=split (libwebrtc's three threads instead of one; ctest runs
 * both, see CMakeLists.txt). A failure, a crash (signal handler) or a sanitizer report (death
 * callback) prints the iteration's context and the line that replays it: the same seed, the
 * iterations up to the failing one (later ones draw offers from a pool the earlier ones filled).
 * The descriptions' random parts (ufrags, fingerprints, session ids) and the timing of
 * libwebrtc's threads differ from run to run; the mutations and the scenario do not.
 * Exit code 0 on success; 1 with a message (iteration, seed, mutations and SDP) on failure; 2 when
 * the watchdog fires.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <signal.h>
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

#define DEFAULT_SEED 0x5344504655A2A001ull
#define DEFAULT_ITERATIONS 1500   /* about 12 s here (2 cores, shared thread layout) */
#define OP_WAIT_MS 15000        /* a batch of operations must complete within this */
#define CONNECT_WAIT_MS 20000   /* a pair must connect within this */
#define RELEASE_WAIT_MS 30000   /* every user_data_released, and no live object, within this */
#define WATCHDOG_STEP_MS 60000  /* one step (an iteration) longer than this: something hangs */
#define LIVE_PAIR_EVERY 40      /* every so many iterations, a live pair */
#define MAX_SECTIONS 12
#define POOL_SIZE 16
#define MAX_BASES 8
#define NO_SUCH_MID "rtcn-fuzz-no-such-mid"
#define COUNT_OF_SIGNALS 5

/* ------------------------------------------------------------------ time, output, failure */

static int64_t g_start_ms;
static int g_verbose;
static uint64_t g_seed;
static _Atomic int g_iteration = -1;
static _Atomic(const char*) g_step = "start";
static _Atomic int64_t g_step_started_ms;

/* What the current iteration does (scenario, base, mutations, SDP), for failure messages. Written
 * by the main thread only; the watchdog reads it when it gives up. */
static char g_context[2][32768];
static _Atomic int g_context_which;

static void set_step(const char* what) {
    atomic_store(&g_step, what);
    atomic_store(&g_step_started_ms, now_ms());
}

static void say(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf("[%6lld ms] ", (long long)(now_ms() - g_start_ms));
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
}

static void print_context(void) {
    const char* c = g_context[atomic_load(&g_context_which)];
    if (c[0]) fprintf(stderr, "---- iteration context (seed 0x%016llx)\n%s\n---- end of context\n",
                      (unsigned long long)g_seed, c);
}

/* Ends the process at once: library threads may still run, so no exit handlers. */
static void fail(const char* fmt, ...) {
    char b[16384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    fflush(stdout);
    fprintf(stderr, "FAIL [iteration %d, seed 0x%016llx, step \"%s\"]: %s\n", atomic_load(&g_iteration),
            (unsigned long long)g_seed, atomic_load(&g_step), b);
    print_context();
    if (atomic_load(&g_iteration) >= 0)
        fprintf(stderr, "replay: RTCN_FUZZ_SEED=0x%016llx RTCN_FUZZ_ITERATIONS=%d RTCN_FUZZ_VERBOSE=1\n",
                (unsigned long long)g_seed, atomic_load(&g_iteration) + 1);
    fflush(stderr);
    _exit(1);
}

static void* watchdog_main(void* arg) {
    (void)arg;
    for (;;) {
        sleep_ms(200);
        if (now_ms() - atomic_load(&g_step_started_ms) > WATCHDOG_STEP_MS) {
            fflush(stdout);
            fprintf(stderr, "FAIL [watchdog, iteration %d, seed 0x%016llx]: step \"%s\" has not finished after %d ms "
                            "(an ABI call hangs?)\n",
                    atomic_load(&g_iteration), (unsigned long long)g_seed, atomic_load(&g_step), WATCHDOG_STEP_MS);
            print_context();
            fflush(stderr);
            _exit(2);
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ a crash: say what was running */

static void write_str(const char* s) {
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

static void write_int(long long v) {
    char b[32];
    int i = (int)sizeof b - 1;
    int negative = v < 0;
    unsigned long long u = negative ? 0ull - (unsigned long long)v : (unsigned long long)v;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u && i > 1);
    if (negative) b[--i] = '-';
    write_str(b + i);
}

static void write_hex(uint64_t v) {
    char b[19] = "0x";
    for (int i = 0; i < 16; i++) b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    b[18] = 0;
    write_str(b);
}

static volatile sig_atomic_t g_crash_context_written;

/* Only write(2) from here: it runs in a signal handler or as a sanitizer's death callback. */
static void write_crash_context(const char* what) {
    write_str("\nsdp_fuzz: ");
    write_str(what);
    write_str(" in iteration ");
    write_int(atomic_load(&g_iteration));
    write_str(" (step \"");
    write_str(atomic_load(&g_step));
    write_str("\"); replay with RTCN_FUZZ_SEED=");
    write_hex(g_seed);
    write_str(" RTCN_FUZZ_ITERATIONS=");
    write_int(atomic_load(&g_iteration) + 1);
    write_str(" RTCN_FUZZ_VERBOSE=1\n");
    if (g_crash_context_written) return; /* a signal first, then the sanitizer's death: once is enough */
    g_crash_context_written = 1;
    write_str("---- iteration context\n");
    write_str(g_context[atomic_load(&g_context_which)]);
    write_str("\n---- end of context\n");
}

static const int k_crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static struct sigaction g_previous_actions[COUNT_OF_SIGNALS];

static void crash_handler(int sig) {
    write_crash_context(sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE"
                                                       : sig == SIGILL ? "SIGILL" : "SIGABRT");
    /* Hand the signal to whoever had it (a sanitizer's report, or the default action): a fault
     * happens again when this returns; SIGABRT is raised again. */
    for (int i = 0; i < COUNT_OF_SIGNALS; i++)
        if (k_crash_signals[i] == sig) sigaction(sig, &g_previous_actions[i], NULL);
    if (sig == SIGABRT) raise(sig);
}

static void sanitizer_death(void) { write_crash_context("a sanitizer report (above)"); }

/* In the sanitizer runtimes when the test runs under them (RTCN_SANITIZE), else NULL. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void install_crash_reporting(void) {
    for (int i = 0; i < COUNT_OF_SIGNALS; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = crash_handler;
        sigemptyset(&action.sa_mask);
        sigaction(k_crash_signals[i], &action, &g_previous_actions[i]);
    }
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(sanitizer_death);
}

static void* xcalloc(size_t n, size_t size) {
    void* p = calloc(n ? n : 1, size ? size : 1);
    if (!p) fail("out of memory");
    return p;
}

static char* xstrdup(const char* s) {
    char* d = strdup(s);
    if (!d) fail("out of memory");
    return d;
}

static char* xstrndup(const char* s, size_t n) {
    char* d = xcalloc(n + 1, 1);
    memcpy(d, s, n);
    return d;
}

/* A growing string. */
typedef struct sbuf {
    char* p;
    size_t n, cap;
} sbuf;

static void sb_addn(sbuf* b, const char* s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char* p = realloc(b->p, cap);
        if (!p) fail("out of memory");
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}
static void sb_add(sbuf* b, const char* s) { sb_addn(b, s, strlen(s)); }
static void sb_addf(sbuf* b, const char* fmt, ...) {
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    sb_addn(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
static void sb_free(sbuf* b) {
    free(b->p);
    memset(b, 0, sizeof *b);
}
static const char* sb_str(const sbuf* b) { return b->p ? b->p : ""; }

/* ------------------------------------------------------------------ the PRNG (splitmix64) */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_u64(rng* r) {
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static uint32_t rng_below(rng* r, uint32_t n) { return n ? (uint32_t)(rng_u64(r) % n) : 0; }
static int rng_pct(rng* r, int percent) { return (int)rng_below(r, 100) < percent; }
#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[rng_below((r), (uint32_t)COUNT_OF(a))])

/* The PRNG of one iteration: a function of the seed and the iteration alone. */
static rng iteration_rng(int iteration) {
    rng r = {g_seed ^ (0xD1B54A32D192ED03ull * (uint64_t)(iteration + 1))};
    rng_u64(&r);
    return r;
}

/* ------------------------------------------------------------------ SDP as lines and sections */

typedef struct strv {
    char** v;
    int n, cap;
} strv;

static void strv_insert(strv* s, int at, const char* text) {
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        char** v = realloc(s->v, (size_t)s->cap * sizeof *v);
        if (!v) fail("out of memory");
        s->v = v;
    }
    memmove(&s->v[at + 1], &s->v[at], (size_t)(s->n - at) * sizeof *s->v);
    s->v[at] = xstrdup(text);
    s->n++;
}
static void strv_push(strv* s, const char* text) { strv_insert(s, s->n, text); }
static void strv_remove(strv* s, int at) {
    free(s->v[at]);
    memmove(&s->v[at], &s->v[at + 1], (size_t)(s->n - at - 1) * sizeof *s->v);
    s->n--;
}
static void strv_set(strv* s, int at, const char* text) {
    char* d = xstrdup(text); /* text may be s->v[at] itself */
    free(s->v[at]);
    s->v[at] = d;
}
static void strv_clear(strv* s) {
    for (int i = 0; i < s->n; i++) free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}
static void strv_copy(strv* to, const strv* from) {
    memset(to, 0, sizeof *to);
    for (int i = 0; i < from->n; i++) strv_push(to, from->v[i]);
}

/* Session-level lines, then one line list per m= section (its m= line first). */
typedef struct sdp_doc {
    strv session;
    strv sec[MAX_SECTIONS];
    int nsec;
} sdp_doc;

static void doc_parse(sdp_doc* d, const char* text) {
    memset(d, 0, sizeof *d);
    for (const char* p = text; *p;) {
        size_t n = strcspn(p, "\n");
        size_t len = n;
        if (len > 0 && p[len - 1] == '\r') len--;
        if (len > 0) {
            char* line = xstrndup(p, len);
            if (strncmp(line, "m=", 2) == 0 && d->nsec < MAX_SECTIONS) d->nsec++;
            strv_push(d->nsec ? &d->sec[d->nsec - 1] : &d->session, line);
            free(line);
        }
        p += n;
        if (*p == '\n') p++;
    }
}

static char* doc_serialize(const sdp_doc* d) {
    sbuf b = {0};
    for (int i = 0; i < d->session.n; i++) {
        sb_add(&b, d->session.v[i]);
        sb_add(&b, "\r\n");
    }
    for (int s = 0; s < d->nsec; s++)
        for (int i = 0; i < d->sec[s].n; i++) {
            sb_add(&b, d->sec[s].v[i]);
            sb_add(&b, "\r\n");
        }
    if (!b.p) sb_add(&b, "");
    return b.p;
}

static void doc_free(sdp_doc* d) {
    strv_clear(&d->session);
    for (int i = 0; i < MAX_SECTIONS; i++) strv_clear(&d->sec[i]);
    d->nsec = 0;
}

static void doc_remove_section(sdp_doc* d, int i) {
    strv_clear(&d->sec[i]);
    for (int k = i; k + 1 < d->nsec; k++) d->sec[k] = d->sec[k + 1];
    memset(&d->sec[d->nsec - 1], 0, sizeof d->sec[0]);
    d->nsec--;
}

/* Inserts a copy of lines as section at (d->nsec < MAX_SECTIONS). */
static void doc_insert_section(sdp_doc* d, int at, const strv* lines) {
    for (int k = d->nsec; k > at; k--) d->sec[k] = d->sec[k - 1];
    strv_copy(&d->sec[at], lines);
    d->nsec++;
}

/* The fields of an m= line: media, port, protocol, and the formats (the rest). */
typedef struct mparts {
    char media[64];
    char port[32];
    char proto[128];
    char fmts[4096];
} mparts;

static void copy_field(char* dst, size_t cap, const char* src, size_t n) {
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static void mline_split(const char* line, mparts* m) {
    memset(m, 0, sizeof *m);
    const char* p = strncmp(line, "m=", 2) == 0 ? line + 2 : line;
    char* fields[3] = {m->media, m->port, m->proto};
    size_t caps[3] = {sizeof m->media, sizeof m->port, sizeof m->proto};
    for (int f = 0; f < 3; f++) {
        size_t n = strcspn(p, " ");
        copy_field(fields[f], caps[f], p, n);
        p += n;
        if (*p != ' ') return;
        p++;
    }
    copy_field(m->fmts, sizeof m->fmts, p, strlen(p));
}

static void mline_join(const mparts* m, sbuf* out) {
    sb_addf(out, "m=%s %s %s", m->media, m->port, m->proto);
    if (m->fmts[0]) {
        sb_add(out, " ");
        sb_add(out, m->fmts);
    }
}

static int sec_find(const strv* s, const char* prefix) {
    size_t n = strlen(prefix);
    for (int i = 0; i < s->n; i++)
        if (strncmp(s->v[i], prefix, n) == 0) return i;
    return -1;
}

static const char* sec_value(const strv* s, const char* prefix) {
    int i = sec_find(s, prefix);
    return i < 0 ? NULL : s->v[i] + strlen(prefix);
}

static void sec_remove_all(strv* s, const char* prefix) {
    size_t n = strlen(prefix);
    for (int i = s->n - 1; i >= 0; i--)
        if (strncmp(s->v[i], prefix, n) == 0) strv_remove(s, i);
}

/* Sets field 0..3 (media, port, protocol, formats) of section i's m= line. */
static void set_mline_field(sdp_doc* d, int i, int field, const char* value) {
    if (d->sec[i].n == 0) return;
    mparts m;
    mline_split(d->sec[i].v[0], &m);
    switch (field) {
    case 0: copy_field(m.media, sizeof m.media, value, strlen(value)); break;
    case 1: copy_field(m.port, sizeof m.port, value, strlen(value)); break;
    case 2: copy_field(m.proto, sizeof m.proto, value, strlen(value)); break;
    default: copy_field(m.fmts, sizeof m.fmts, value, strlen(value)); break;
    }
    sbuf b = {0};
    mline_join(&m, &b);
    strv_set(&d->sec[i], 0, b.p);
    sb_free(&b);
}

static int is_known_media(const char* media) {
    return strcmp(media, "audio") == 0 || strcmp(media, "video") == 0 || strcmp(media, "application") == 0;
}

/* The m= lines of a serialized SDP. With as_parsed, only those libwebrtc M109's parser reads: an
 * m= line it does not take as a line ("m= 9 ...": its GetLine refuses whitespace after "=") ends
 * its m= section loop without an error, so it and every section after it are silently dropped;
 * *truncated then says so. */
static int sdp_mlines_ex(const char* sdp, mparts* out, int max, int as_parsed, int* truncated) {
    int n = 0;
    if (truncated) *truncated = 0;
    for (const char* p = sdp; p && *p;) {
        size_t len = strcspn(p, "\r\n");
        if (as_parsed && n > 0 && len >= 2 && strncmp(p, "m=", 2) == 0 && (len < 3 || p[2] == ' ')) {
            if (truncated) *truncated = 1;
            break;
        }
        if (len > 2 && strncmp(p, "m=", 2) == 0) {
            if (n < max) {
                char* line = xstrndup(p, len);
                mline_split(line, &out[n]);
                free(line);
            }
            n++;
        }
        p += len;
        while (*p == '\r' || *p == '\n') p++;
    }
    return n;
}
static int sdp_mlines(const char* sdp, mparts* out, int max) { return sdp_mlines_ex(sdp, out, max, 0, NULL); }

/* Whether sdp, as libwebrtc parses it, has the shape that used to crash: an m= section of an
 * unknown media type with a DTLS/SCTP (or plain SCTP) protocol. */
static int has_crash_shape(const char* sdp) {
    static mparts m[MAX_SECTIONS + 4];
    int n = sdp_mlines_ex(sdp, m, COUNT_OF(m), 1, NULL);
    for (int i = 0; i < n && i < COUNT_OF(m); i++) {
        if (is_known_media(m[i].media)) continue;
        if (strcmp(m[i].proto, "UDP/DTLS/SCTP") == 0 || strcmp(m[i].proto, "DTLS/SCTP") == 0 ||
            strcmp(m[i].proto, "TCP/DTLS/SCTP") == 0 || strcmp(m[i].proto, "SCTP") == 0)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ mutations */

static const char* const k_unknown_media[] = {"foo", "text", "message", "image", ""};
static const char* const k_media_all[] = {"foo",   "text",  "message",     "image",       "",
                                          "audio", "video", "application", "Application", "data",
                                          /* the shim's marker where it does not put it */
                                          "RTCN-UNSUPPORTED+", "RTCN-UNSUPPORTED+foo"};
static const char* const k_sctp_protos[] = {"UDP/DTLS/SCTP", "UDP/DTLS/SCTP", "DTLS/SCTP", "TCP/DTLS/SCTP", "SCTP"};
static const char* const k_protos[] = {
    "UDP/DTLS/SCTP",   "DTLS/SCTP",       "TCP/DTLS/SCTP",     "SCTP",
    "RTP/AVP",         "UDP/TLS/RTP/SAVPF", "TCP/MSRP",        "RTP/SAVPF",
    "TCP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP", "udp/dtls/sctp",  "UDP/DTLS/SCTP/x",
    "DTLS/SCTP/UDP",   "garbage",         "UDP",               "-",
    "",                /* an empty field: "m=foo 9  webrtc-datachannel" */
    "RTCN-UNSUPPORTED+UDP/DTLS/SCTP", /* the shim's own marker, sent by the remote peer */
    "RTCN-UNSUPPORTED+RTP/AVP",
};
static const char* const k_fmts[] = {"webrtc-datachannel", "5000", "0", "111", "96 97", "webrtc-datachannel 5000",
                                     "*", "t140", "wb", "-1", "4294967296", "abc def",
                                     "webrtc-datachannel webrtc-datachannel", ""};
static const char* const k_ports[] = {"0", "0", "9", "1", "65535", "65536", "-1", "x", "9/2", "00", ""};
static const char* const k_mids[] = {"", "x", "0", "1", "2", "fz", "a b", "data", "audio", "ghost",
                                     "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"};
static const char* const k_drop_attrs[] = {"a=sctp-port:", "a=max-message-size:", "a=setup:", "c=",
                                           "a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:", "a=mid:",
                                           "a=rtcp-mux", "a=rtpmap:", "a=ice-options:", "a=candidate:",
                                           "a=sendrecv", "a=ssrc", "a=msid", "a=extmap"};
static const char* const k_add_attrs[] = {
    "a=sctp-port:0", "a=sctp-port:65536", "a=sctp-port:5000", "a=sctp-port:x", "a=max-message-size:0",
    "a=max-message-size:-1", "a=max-message-size:18446744073709551616", "a=sctpmap:5000 webrtc-datachannel 1024",
    "a=setup:active", "a=setup:passive", "a=setup:holdconn", "a=setup:garbage", "a=inactive", "a=recvonly",
    "a=sendonly", "a=ice-lite", "a=rtcp-mux-only", "a=rtcp-mux", "a=bundle-only", "a=extmap-allow-mixed",
    "a=msid:- -", "a=ssrc:1 cname:fuzz", "a=ssrc-group:FID 1 2", "a=rtpmap:96 VP8/90000", "a=fmtp:96 x=y",
    "a=rtcp-fb:* nack", "a=ice-options:trickle renomination", "a=end-of-candidates",
    "a=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host", "a=candidate:garbage", "a=fingerprint:sha-256 00",
    "a=fingerprint:md5 AA:BB", "a=fingerprint:sha-1 garbage", "a=ice-ufrag:", "a=ice-pwd:short", "a=mid:extra",
    "a=rid:r0 send", "a=simulcast:send r0;r1", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:garbage",
    "a=group:BUNDLE", "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid", "a=tls-id:abc", "c=IN IP6 ::1",
    "c=IN IP4 300.0.0.1", "b=AS:0", "a=sctp-init:garbage", "a=packetization:96 raw", "a=rtpmap:98 t140/1000",
};

static int g_appended; /* numbers appended mids (fz1, fz2, ...) */

static int pick_section(sdp_doc* d, rng* r) { return d->nsec ? (int)rng_below(r, (uint32_t)d->nsec) : -1; }

/* Sets field `field` of a random section's m= line to one of `values` (section drawn first). */
static void mutate_mline_field(sdp_doc* d, rng* r, sbuf* log, int field, const char* name,
                               const char* const* values, size_t count) {
    int i = pick_section(d, r);
    if (i < 0) return;
    const char* v = values[rng_below(r, (uint32_t)count)];
    set_mline_field(d, i, field, v);
    sb_addf(log, "%s[%d]='%s' ", name, i, v);
}

static void mut_media(sdp_doc* d, rng* r, sbuf* log) {
    if (rng_pct(r, 70)) mutate_mline_field(d, r, log, 0, "media", k_unknown_media, COUNT_OF(k_unknown_media));
    else mutate_mline_field(d, r, log, 0, "media", k_media_all, COUNT_OF(k_media_all));
}

static void mut_proto(sdp_doc* d, rng* r, sbuf* log) {
    mutate_mline_field(d, r, log, 2, "protocol", k_protos, COUNT_OF(k_protos));
}

static void mut_fmts(sdp_doc* d, rng* r, sbuf* log) {
    mutate_mline_field(d, r, log, 3, "formats", k_fmts, COUNT_OF(k_fmts));
}

static void mut_port(sdp_doc* d, rng* r, sbuf* log) {
    mutate_mline_field(d, r, log, 1, "port", k_ports, COUNT_OF(k_ports));
}

/* The line that used to crash: a data section turned into an unknown media type with a
 * DTLS/SCTP protocol. */
static void mut_classic(sdp_doc* d, rng* r, sbuf* log) {
    int candidates[MAX_SECTIONS], n = 0;
    for (int i = 0; i < d->nsec; i++) {
        mparts m;
        mline_split(d->sec[i].v[0], &m);
        if (strcmp(m.media, "application") == 0) candidates[n++] = i;
    }
    int i = n ? candidates[rng_below(r, (uint32_t)n)] : pick_section(d, r);
    if (i < 0) return;
    const char* media = k_unknown_media[rng_below(r, 4)]; /* not the empty one */
    const char* proto = PICK(r, k_sctp_protos);
    set_mline_field(d, i, 0, media);
    set_mline_field(d, i, 2, proto);
    if (rng_pct(r, 30)) set_mline_field(d, i, 3, rng_pct(r, 50) ? "webrtc-datachannel" : "5000");
    sb_addf(log, "classic[%d]='m=%s ... %s' ", i, media, proto);
}

static void set_mid(strv* s, const char* mid) {
    char line[256];
    snprintf(line, sizeof line, "a=mid:%s", mid);
    int at = sec_find(s, "a=mid:");
    if (at >= 0) strv_set(s, at, line);
    else strv_insert(s, s->n > 1 ? 1 + (s->n - 1) / 2 : s->n, line);
}

static void mut_mid_dup(sdp_doc* d, rng* r, sbuf* log) {
    int i = pick_section(d, r);
    if (i < 0) return;
    if (d->nsec >= 2) {
        int j = (i + 1 + (int)rng_below(r, (uint32_t)d->nsec - 1)) % d->nsec;
        const char* mid = sec_value(&d->sec[j], "a=mid:");
        char copy[256];
        snprintf(copy, sizeof copy, "%s", mid ? mid : "0");
        set_mid(&d->sec[i], copy);
        sb_addf(log, "mid[%d]=mid[%d]='%s' ", i, j, copy);
    } else {
        strv_push(&d->sec[i], rng_pct(r, 50) ? "a=mid:0" : "a=mid:second");
        sb_addf(log, "second-mid-line[%d] ", i);
    }
}

static void mut_mid_drop(sdp_doc* d, rng* r, sbuf* log) {
    int i = pick_section(d, r);
    if (i < 0) return;
    sec_remove_all(&d->sec[i], "a=mid:");
    sb_addf(log, "drop-mid[%d] ", i);
}

static void mut_mid_rename(sdp_doc* d, rng* r, sbuf* log) {
    int i = pick_section(d, r);
    if (i < 0) return;
    const char* mid = PICK(r, k_mids);
    set_mid(&d->sec[i], mid);
    sb_addf(log, "rename-mid[%d]='%s' ", i, mid);
}

static void mut_bundle(sdp_doc* d, rng* r, sbuf* log) {
    int at = sec_find(&d->session, "a=group:BUNDLE");
    const char* first_mid = d->nsec ? sec_value(&d->sec[0], "a=mid:") : NULL;
    char line[1024];
    switch (rng_below(r, 8)) {
    case 0:
        if (at < 0) return;
        snprintf(line, sizeof line, "%s ghost", d->session.v[at]);
        strv_set(&d->session, at, line);
        sb_add(log, "bundle+ghost ");
        break;
    case 1:
        if (at >= 0) strv_set(&d->session, at, "a=group:BUNDLE ghost");
        else strv_push(&d->session, "a=group:BUNDLE ghost");
        sb_add(log, "bundle=ghost ");
        break;
    case 2:
        if (at >= 0) strv_remove(&d->session, at);
        sb_add(log, "no-bundle ");
        break;
    case 3:
        if (at >= 0) strv_set(&d->session, at, "a=group:BUNDLE");
        else strv_push(&d->session, "a=group:BUNDLE");
        sb_add(log, "bundle-empty ");
        break;
    case 4:
        snprintf(line, sizeof line, "a=group:BUNDLE %s", first_mid ? first_mid : "0");
        strv_push(&d->session, line);
        sb_add(log, "second-bundle-group ");
        break;
    case 5:
        snprintf(line, sizeof line, "a=group:BUNDLE %s %s", first_mid ? first_mid : "0", first_mid ? first_mid : "0");
        if (at >= 0) strv_set(&d->session, at, line);
        else strv_push(&d->session, line);
        sb_add(log, "bundle-duplicate-mid ");
        break;
    case 6:
        strv_push(&d->session, rng_pct(r, 50) ? "a=group:LS ghost 0" : "a=group:FID 0");
        sb_add(log, "other-group ");
        break;
    default: {
        sbuf b = {0};
        sb_add(&b, "a=group:BUNDLE");
        for (int i = d->nsec - 1; i >= 0; i--) {
            const char* mid = sec_value(&d->sec[i], "a=mid:");
            if (mid) sb_addf(&b, " %s", mid);
        }
        if (at >= 0) strv_set(&d->session, at, b.p);
        else strv_push(&d->session, b.p);
        sb_free(&b);
        sb_add(log, "bundle-reversed ");
        break;
    }
    }
}

static void bundle_add_mid(sdp_doc* d, const char* mid) {
    int at = sec_find(&d->session, "a=group:BUNDLE");
    if (at < 0) return;
    char line[1024];
    snprintf(line, sizeof line, "%s %s", d->session.v[at], mid);
    strv_set(&d->session, at, line);
}

static void mut_append(sdp_doc* d, rng* r, sbuf* log) {
    if (d->nsec >= MAX_SECTIONS) return;
    char mid[32];
    snprintf(mid, sizeof mid, "fz%d", ++g_appended);
    strv s = {0};
    char line[512];
    int kind = (int)rng_below(r, 4);
    const strv* model = d->nsec ? &d->sec[0] : NULL;
    if (kind == 0 && model) {
        /* A copy of an existing section under a new mid, with another media type or protocol. */
        strv_copy(&s, &d->sec[rng_below(r, (uint32_t)d->nsec)]);
        sdp_doc tmp = {0};
        tmp.sec[0] = s;
        tmp.nsec = 1;
        set_mline_field(&tmp, 0, 0, rng_pct(r, 70) ? PICK(r, k_unknown_media) : PICK(r, k_media_all));
        if (rng_pct(r, 50)) set_mline_field(&tmp, 0, 2, PICK(r, k_protos));
        s = tmp.sec[0];
        set_mid(&s, mid);
        sb_addf(log, "append-copy(%s) ", s.v[0]);
    } else {
        const char* media = k_unknown_media[rng_below(r, 4)];
        int rtp = kind == 3;
        snprintf(line, sizeof line, "m=%s 9 %s %s", media, rtp ? "UDP/TLS/RTP/SAVPF" : PICK(r, k_sctp_protos),
                 rtp ? "98" : "webrtc-datachannel");
        strv_push(&s, line);
        if (kind != 1) { /* kind 1: the bare line and a mid */
            strv_push(&s, "c=IN IP4 0.0.0.0");
            const char* copy[] = {"a=ice-ufrag:", "a=ice-pwd:", "a=ice-options:", "a=fingerprint:"};
            for (int k = 0; model && k < COUNT_OF(copy); k++) {
                int at = sec_find(model, copy[k]);
                if (at >= 0) strv_push(&s, model->v[at]);
            }
            strv_push(&s, "a=setup:actpass");
        }
        snprintf(line, sizeof line, "a=mid:%s", mid);
        strv_push(&s, line);
        if (rtp) {
            strv_push(&s, "a=sendrecv");
            strv_push(&s, "a=rtcp-mux");
            strv_push(&s, "a=rtpmap:98 t140/1000");
        } else if (kind != 1) {
            strv_push(&s, "a=sctp-port:5000");
            strv_push(&s, "a=max-message-size:262144");
        }
        sb_addf(log, "append(%s) ", s.v[0]);
    }
    int at = rng_pct(r, 70) ? d->nsec : (int)rng_below(r, (uint32_t)d->nsec + 1);
    doc_insert_section(d, at, &s);
    strv_clear(&s);
    if (rng_pct(r, 70)) {
        bundle_add_mid(d, mid);
        sb_add(log, "(bundled) ");
    }
}

static void mut_remove(sdp_doc* d, rng* r, sbuf* log) {
    int i = pick_section(d, r);
    if (i < 0) return;
    doc_remove_section(d, i);
    sb_addf(log, "remove[%d] ", i);
}

static void mut_duplicate(sdp_doc* d, rng* r, sbuf* log) {
    int i = pick_section(d, r);
    if (i < 0 || d->nsec >= MAX_SECTIONS) return;
    strv copy;
    strv_copy(&copy, &d->sec[i]);
    int same_mid = rng_pct(r, 50);
    if (!same_mid) {
        char mid[32];
        snprintf(mid, sizeof mid, "fz%d", ++g_appended);
        set_mid(&copy, mid);
        if (rng_pct(r, 50)) bundle_add_mid(d, mid);
    }
    int at = (int)rng_below(r, (uint32_t)d->nsec + 1);
    doc_insert_section(d, at, &copy);
    strv_clear(&copy);
    sb_addf(log, "duplicate[%d]->%d%s ", i, at, same_mid ? "(same mid)" : "");
}

static void mut_drop_attr(sdp_doc* d, rng* r, sbuf* log) {
    const char* prefix = PICK(r, k_drop_attrs);
    int where = (int)rng_below(r, 4);
    if (where == 0) { /* everywhere */
        sec_remove_all(&d->session, prefix);
        for (int i = 0; i < d->nsec; i++) /* never the m= line itself */
            for (int k = d->sec[i].n - 1; k >= 1; k--)
                if (strncmp(d->sec[i].v[k], prefix, strlen(prefix)) == 0) strv_remove(&d->sec[i], k);
        sb_addf(log, "drop-everywhere('%s') ", prefix);
    } else if (where == 1) {
        sec_remove_all(&d->session, prefix);
        sb_addf(log, "drop-session('%s') ", prefix);
    } else {
        int i = pick_section(d, r);
        if (i < 0) return;
        for (int k = d->sec[i].n - 1; k >= 1; k--)
            if (strncmp(d->sec[i].v[k], prefix, strlen(prefix)) == 0) strv_remove(&d->sec[i], k);
        sb_addf(log, "drop[%d]('%s') ", i, prefix);
    }
}

static void mut_bundle_only(sdp_doc* d, rng* r, sbuf* log) {
    int i = pick_section(d, r);
    if (i < 0) return;
    strv_push(&d->sec[i], "a=bundle-only");
    int zero = rng_pct(r, 70);
    if (zero) set_mline_field(d, i, 1, "0");
    sb_addf(log, "bundle-only[%d]%s ", i, zero ? "(port 0)" : "");
}

static void mut_add_attr(sdp_doc* d, rng* r, sbuf* log) {
    const char* attr = PICK(r, k_add_attrs);
    int i = rng_pct(r, 15) ? -1 : pick_section(d, r);
    if (i < 0) strv_push(&d->session, attr);
    else strv_insert(&d->sec[i], 1 + (int)rng_below(r, (uint32_t)d->sec[i].n), attr);
    sb_addf(log, "add[%d]('%s') ", i, attr);
}

static void mut_swap(sdp_doc* d, rng* r, sbuf* log) {
    if (d->nsec < 2) return;
    int i = (int)rng_below(r, (uint32_t)d->nsec), j = (int)rng_below(r, (uint32_t)d->nsec);
    strv t = d->sec[i];
    d->sec[i] = d->sec[j];
    d->sec[j] = t;
    sb_addf(log, "swap[%d,%d] ", i, j);
}

static void mut_ufrag(sdp_doc* d, rng* r, sbuf* log) {
    int i = pick_section(d, r);
    if (i < 0) return;
    static const char* const values[] = {"a=ice-ufrag:fuzz", "a=ice-ufrag:x", "a=ice-ufrag:", "a=ice-ufrag:RTCNfuzz"};
    const char* v = PICK(r, values);
    int at = sec_find(&d->sec[i], "a=ice-ufrag:");
    if (at >= 0) strv_set(&d->sec[i], at, v);
    else strv_push(&d->sec[i], v);
    sb_addf(log, "ufrag[%d]('%s') ", i, v);
}

/* Moves a transport attribute of a section to the session level. */
static void mut_session_move(sdp_doc* d, rng* r, sbuf* log) {
    static const char* const prefixes[] = {"a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:", "a=setup:", "a=ice-options:"};
    int i = pick_section(d, r);
    if (i < 0) return;
    const char* prefix = PICK(r, prefixes);
    int at = sec_find(&d->sec[i], prefix);
    if (at < 1) return;
    strv_push(&d->session, d->sec[i].v[at]);
    strv_remove(&d->sec[i], at);
    sb_addf(log, "to-session[%d]('%s') ", i, prefix);
}

static void mut_noise(sdp_doc* d, rng* r, sbuf* log) {
    int i = pick_section(d, r);
    strv* s = i < 0 ? &d->session : &d->sec[i];
    if (s->n == 0) return;
    int k = (int)rng_below(r, (uint32_t)s->n);
    if (i >= 0 && k == 0 && s->n > 1) k = 1; /* keep sections sections */
    switch (rng_below(r, 4)) {
    case 0:
        sb_addf(log, "noise-delete[%d]('%s') ", i, s->v[k]);
        strv_remove(s, k);
        break;
    case 1:
        strv_insert(s, k, s->v[k]);
        sb_addf(log, "noise-duplicate[%d]('%s') ", i, s->v[k]);
        break;
    case 2: {
        size_t len = strlen(s->v[k]);
        size_t keep = len ? rng_below(r, (uint32_t)len) : 0;
        char* t = xstrndup(s->v[k], keep);
        strv_set(s, k, t);
        free(t);
        sb_addf(log, "noise-truncate[%d]('%s') ", i, s->v[k]);
        break;
    }
    default: {
        char* t = xstrdup(s->v[k]);
        size_t len = strlen(t);
        if (len > 2) t[2 + rng_below(r, (uint32_t)(len - 2))] = rng_pct(r, 50) ? ' ' : ':';
        strv_set(s, k, t);
        free(t);
        sb_addf(log, "noise-char[%d]('%s') ", i, s->v[k]);
        break;
    }
    }
}

typedef struct mutation {
    const char* name;
    void (*apply)(sdp_doc* d, rng* r, sbuf* log);
    int weight;
    int used; /* statistics */
} mutation;

static mutation k_mutations[] = {
    {"media", mut_media, 6, 0},           {"protocol", mut_proto, 6, 0},       {"formats", mut_fmts, 3, 0},
    {"port", mut_port, 3, 0},             {"classic", mut_classic, 8, 0},      {"mid-dup", mut_mid_dup, 3, 0},
    {"mid-drop", mut_mid_drop, 3, 0},     {"mid-rename", mut_mid_rename, 3, 0}, {"bundle", mut_bundle, 5, 0},
    {"append", mut_append, 8, 0},         {"remove", mut_remove, 3, 0},        {"duplicate", mut_duplicate, 3, 0},
    {"drop-attr", mut_drop_attr, 6, 0},   {"bundle-only", mut_bundle_only, 3, 0}, {"add-attr", mut_add_attr, 5, 0},
    {"swap", mut_swap, 2, 0},             {"ufrag", mut_ufrag, 2, 0},          {"session-move", mut_session_move, 2, 0},
    {"noise", mut_noise, 1, 0},
};

/* A mutated copy of sdp (malloc'ed); what was done goes to log. */
static char* mutate(const char* sdp, rng* r, sbuf* log) {
    sdp_doc d;
    doc_parse(&d, sdp);
    int total = 0;
    for (int i = 0; i < COUNT_OF(k_mutations); i++) total += k_mutations[i].weight;
    int n = 1 + (int)rng_below(r, 4);
    if (rng_pct(r, 10)) n += 4;
    for (int k = 0; k < n; k++) {
        int pick = (int)rng_below(r, (uint32_t)total);
        int i = 0;
        while (pick >= k_mutations[i].weight) pick -= k_mutations[i++].weight;
        k_mutations[i].used++;
        k_mutations[i].apply(&d, r, log);
    }
    char* out = doc_serialize(&d);
    doc_free(&d);
    return out;
}

/* The known crash on every m=application line of sdp: "m=foo" instead of "m=application". */
static char* classic_everywhere(const char* sdp) {
    sdp_doc d;
    doc_parse(&d, sdp);
    for (int i = 0; i < d.nsec; i++) {
        mparts m;
        mline_split(d.sec[i].v[0], &m);
        if (strcmp(m.media, "application") == 0) set_mline_field(&d, i, 0, "foo");
    }
    char* out = doc_serialize(&d);
    doc_free(&d);
    return out;
}

/* ------------------------------------------------------------------ objects, operations, callbacks */

/* One mutex and condvar for everything the callbacks touch; the main thread never holds it while
 * it calls into the ABI (callbacks may run inside a call). */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv;

/* The first contract violation seen inside a callback (they must not fail loudly there). */
static char g_violation[16384];
static int g_has_violation;

static void violation_locked(const char* fmt, ...) {
    if (g_has_violation) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_violation, sizeof g_violation, fmt, ap);
    va_end(ap);
    g_has_violation = 1;
}

static void check_violations(void) {
    pthread_mutex_lock(&g_mu);
    int has = g_has_violation;
    pthread_mutex_unlock(&g_mu);
    if (has) fail("seen in a callback: %s", g_violation);
}

#define OBJ_MAGIC 0x4F424A31u
#define OP_MAGIC 0x4F505331u

typedef enum obj_kind { OBJ_FACTORY = 1, OBJ_CONNECTION, OBJ_CHANNEL } obj_kind;

/* The head of everything created with a user_data. Never freed: user_data stay unique. */
typedef struct obj {
    uint32_t magic;
    obj_kind kind;
    char what[96];
    struct obj* next_all;
    int release_called; /* under g_mu */
    int released;       /* user_data_released count, under g_mu */
} obj;

static obj* g_objects;
static int g_nobjects;

typedef struct cand {
    struct cand* next;
    char* candidate; /* NULL: end-of-candidates */
    char* sdp_mid;
    int32_t sdp_mline_index;
    char* ufrag;
} cand;

typedef struct conn {
    obj base; /* first: the user_data is the conn */
    rtcn_peer_connection* pc;
    int chain_ops;    /* operations of the chain issued (main thread) */
    /* Main thread: what makes create_offer hit a known libwebrtc CHECK (RTCN_FUZZ_SKIP_KNOWN_CRASHES) */
    int offer_risk;         /* a remote offer was given and no answer to it applied since */
    int offer_risk_sticky;  /* a remote description was refused, or a remote offer rolled back */
    /* under g_mu: */
    int forward;      /* queue gathered candidates (pairs) */
    cand* head;
    cand* tail;
    int32_t state;    /* rtcn_peer_connection_state */
} conn;

typedef struct chan {
    obj base;
    rtcn_data_channel* h;
} chan;

typedef struct fac {
    obj base;
    rtcn_factory* h;
} fac;

typedef enum op_kind { K_CREATE_OFFER, K_CREATE_ANSWER, K_SET_LOCAL, K_SET_REMOTE, K_CANDIDATE, K_STATS } op_kind;

typedef struct op {
    uint32_t magic;
    op_kind kind;
    char what[192];
    conn* owner;
    int chain_index;       /* its place in the owner's chain; -1 for get_stats */
    int iteration;
    struct op* next_all;
    /* under g_mu: */
    int completions;
    uint64_t complete_seq;
    int err_present;
    rtcn_status status;
    rtcn_error_detail detail;
    char* message;
    char* text;            /* created description / stats report */
    rtcn_sdp_type sdp_type;
    int session_given;
    int32_t signaling_state;
    int pending_remote;    /* the state had a pending remote description */
    char* remote;          /* remoteDescription of the state: pending, else current */
    char* local;           /* localDescription */
} op;

static op* g_ops;          /* every op ever issued, never freed (late completions must find them) */
static int64_t g_nops;
static uint64_t g_complete_seq;

static fac* g_factory;

static void obj_init(obj* o, obj_kind kind, const char* what) {
    o->magic = OBJ_MAGIC;
    o->kind = kind;
    snprintf(o->what, sizeof o->what, "%s", what);
    pthread_mutex_lock(&g_mu);
    o->next_all = g_objects;
    g_objects = o;
    g_nobjects++;
    pthread_mutex_unlock(&g_mu);
}

/* Before an object's *_release: its user_data_released must not have come yet. */
static void before_release(obj* o) {
    pthread_mutex_lock(&g_mu);
    int released = o->released;
    o->release_called = 1;
    pthread_mutex_unlock(&g_mu);
    CHECK(released == 0, "%s: user_data_released came before its release", o->what);
}

/* A callback of object o: it must not come after o's user_data_released. */
static void event_of_locked(obj* o, const char* callback) {
    if (!o || o->magic != OBJ_MAGIC) {
        violation_locked("%s with a user_data no object was created with (%p)", callback, (void*)o);
        return;
    }
    if (o->released) violation_locked("%s for %s after its user_data_released", callback, o->what);
}

/* Handed-out SDPs with an "m= " line (an empty media type): libwebrtc's parser would silently drop
 * that section and every one after it. A remote peer cannot cause one directly (its own "m= " line
 * is dropped on the way in); the shim makes one when it removes its marker from an m= line whose
 * media type the remote peer made the marker itself. Counted, shown in the summary. */
/* The current iteration handed the shim an SDP that itself contains "RTCN-" (a remote peer may send any media
 * type): that text then rightly comes back out, so only the read-back comparison checks it. */
static atomic_int g_input_has_marker;
static int g_emptied_media;
static char g_emptied_media_example[256];

/* Every SDP the shim hands out: never the internal marker, always a description. */
static void check_out_locked(const char* where, const char* sdp) {
    if (!sdp) return;
    if (strncmp(sdp, "m= ", 3) == 0 || strstr(sdp, "\nm= ")) {
        if (g_emptied_media++ == 0)
            snprintf(g_emptied_media_example, sizeof g_emptied_media_example, "iteration %d, %s",
                     atomic_load(&g_iteration), where);
    }
    const char* at = strstr(sdp, "RTCN-");
    if (at && !atomic_load(&g_input_has_marker))
        violation_locked("%s: the shim handed out an SDP with its internal marker \"RTCN-\" (offset %ld):\n%s", where,
                         (long)(at - sdp), sdp);
    if (strncmp(sdp, "v=0", 3) != 0) violation_locked("%s: a description that does not start with v=0:\n%s", where, sdp);
}

static void check_state_locked(const char* where, const rtcn_session_state* st) {
    const rtcn_session_description* d[4] = {&st->current_local, &st->pending_local, &st->current_remote,
                                            &st->pending_remote};
    static const char* names[4] = {"current local", "pending local", "current remote", "pending remote"};
    char w[160];
    for (int i = 0; i < 4; i++) {
        if (!d[i]->sdp) continue;
        snprintf(w, sizeof w, "%s (%s description)", where, names[i]);
        check_out_locked(w, d[i]->sdp);
        if (d[i]->type != RTCN_SDP_TYPE_OFFER && d[i]->type != RTCN_SDP_TYPE_PRANSWER &&
            d[i]->type != RTCN_SDP_TYPE_ANSWER)
            violation_locked("%s: %s description of type %d", where, names[i], (int)d[i]->type);
    }
    if (st->signaling_state < RTCN_SIGNALING_STATE_STABLE || st->signaling_state > RTCN_SIGNALING_STATE_CLOSED)
        violation_locked("%s: signaling state %d", where, (int)st->signaling_state);
    if (st->signaling_change_count < 0 || st->signaling_change_count > 16 ||
        (st->signaling_change_count > 0 && !st->signaling_changes))
        violation_locked("%s: bad signaling_changes (count %d)", where, (int)st->signaling_change_count);
    if (!st->transports) violation_locked("%s: a session state with NULL transports", where);
    if (st->can_trickle_ice_candidates < -1 || st->can_trickle_ice_candidates > 1)
        violation_locked("%s: can_trickle_ice_candidates %d", where, (int)st->can_trickle_ice_candidates);
}

static char* dup_locked(const char* s) {
    if (!s) return NULL;
    char* d = strdup(s);
    if (!d) violation_locked("out of memory inside a callback");
    return d;
}

/* The common part of the three completion callbacks; NULL when the completion must be ignored. */
static op* completion_locked(void* op_ud, const rtcn_error* error, const char* callback, int kind_ok) {
    op* o = op_ud;
    if (!o || o->magic != OP_MAGIC) {
        violation_locked("%s with an op_user_data no operation was issued with (%p)", callback, op_ud);
        return NULL;
    }
    event_of_locked(&o->owner->base, callback);
    if (++o->completions > 1) {
        violation_locked("%s (iteration %d) completed %d times (double completion; this time through %s, %s)",
                         o->what, o->iteration, o->completions, callback,
                         error ? status_name(error->status) : "success");
        return NULL;
    }
    o->complete_seq = ++g_complete_seq;
    if (!kind_ok) violation_locked("%s completed through %s", o->what, callback);
    if (error) {
        o->err_present = 1;
        o->status = error->status;
        o->detail = error->detail;
        if (!error->message) violation_locked("%s: an rtcn_error with a NULL message", o->what);
        o->message = dup_locked(error->message ? error->message : "");
        if (error->status == RTCN_OK || error->status < 0 || error->status > RTCN_ERROR_CANCELED)
            violation_locked("%s failed with status %d", o->what, (int)error->status);
    }
    return o;
}

static void cb_released(void* ud) {
    pthread_mutex_lock(&g_mu);
    obj* o = ud;
    if (!o || o->magic != OBJ_MAGIC) {
        violation_locked("user_data_released with a user_data no object was created with (%p)", ud);
    } else {
        if (!o->release_called) violation_locked("user_data_released for %s before its release", o->what);
        if (++o->released > 1) violation_locked("user_data_released %d times for %s", o->released, o->what);
    }
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static void cb_conn_event(void* ud, const char* callback) {
    pthread_mutex_lock(&g_mu);
    event_of_locked(ud, callback);
    pthread_mutex_unlock(&g_mu);
}
static void cb_gathering(void* ud, rtcn_ice_gathering_state s) {
    (void)s;
    cb_conn_event(ud, "ice_gathering_state_change");
}
static void cb_ice_connection(void* ud, rtcn_ice_connection_state s) {
    (void)s;
    cb_conn_event(ud, "ice_connection_state_change");
}
static void cb_connection(void* ud, rtcn_peer_connection_state s) {
    pthread_mutex_lock(&g_mu);
    event_of_locked(ud, "connection_state_change");
    ((conn*)ud)->state = s;
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}
static void cb_candidate(void* ud, const rtcn_ice_candidate_info* c, const rtcn_session_state* state) {
    conn* x = ud;
    pthread_mutex_lock(&g_mu);
    event_of_locked(ud, "ice_candidate");
    if (state) check_state_locked("the session state of a gathered candidate", state);
    if (c && !c->candidate) violation_locked("an ICE candidate with a NULL candidate string");
    if (c && c->candidate && strstr(c->candidate, "RTCN-")) violation_locked("a gathered candidate with the marker");
    if (x->forward) {
        cand* k = calloc(1, sizeof *k);
        if (!k) {
            violation_locked("out of memory inside a callback");
        } else {
            if (c) {
                k->candidate = dup_locked(c->candidate ? c->candidate : "");
                k->sdp_mid = dup_locked(c->sdp_mid);
                k->ufrag = dup_locked(c->username_fragment);
            }
            k->sdp_mline_index = c ? c->sdp_mline_index : -1;
            if (x->tail) x->tail->next = k;
            else x->head = k;
            x->tail = k;
        }
        pthread_cond_broadcast(&g_cv);
    }
    pthread_mutex_unlock(&g_mu);
}
static void cb_candidate_error(void* ud, const rtcn_ice_candidate_error_info* e) {
    (void)e;
    cb_conn_event(ud, "ice_candidate_error");
}
static void cb_negotiation_needed(void* ud, uint32_t id) {
    (void)id;
    cb_conn_event(ud, "negotiation_needed");
}
static void* cb_data_channel(void* ud, rtcn_data_channel* ch) {
    (void)ch;
    cb_conn_event(ud, "data_channel");
    return NULL; /* declined: the shim releases it */
}
static void cb_transports(void* ud, const rtcn_transports_info* t) {
    pthread_mutex_lock(&g_mu);
    event_of_locked(ud, "transports_change");
    if (!t) violation_locked("transports_change with NULL transports");
    pthread_mutex_unlock(&g_mu);
}
static void cb_channel_state(void* ud, rtcn_data_channel_state s, const rtcn_error* e) {
    (void)s;
    pthread_mutex_lock(&g_mu);
    event_of_locked(ud, "data_channel_state_change");
    if (e && !e->message) violation_locked("a channel error with a NULL message");
    pthread_mutex_unlock(&g_mu);
}
static void cb_channel_message(void* ud, const uint8_t* data, uint64_t size, int32_t is_binary) {
    (void)data, (void)size, (void)is_binary;
    cb_conn_event(ud, "data_channel_message");
}
static void cb_channel_buffered(void* ud, uint64_t sent) {
    (void)sent;
    cb_conn_event(ud, "data_channel_buffered_amount_decrease");
}

static void cb_sdp_created(void* op_ud, const rtcn_error* error, rtcn_sdp_type type, const char* sdp) {
    pthread_mutex_lock(&g_mu);
    op* o = completion_locked(op_ud, error, "session_description_created", 1);
    if (o) {
        if (o->kind != K_CREATE_OFFER && o->kind != K_CREATE_ANSWER)
            violation_locked("%s completed through session_description_created", o->what);
        if (!error) {
            rtcn_sdp_type want = o->kind == K_CREATE_OFFER ? RTCN_SDP_TYPE_OFFER : RTCN_SDP_TYPE_ANSWER;
            if (!sdp) violation_locked("%s succeeded with a NULL sdp", o->what);
            if (type != want) violation_locked("%s created a description of type %d", o->what, (int)type);
            check_out_locked(o->what, sdp);
            o->sdp_type = type;
            o->text = dup_locked(sdp);
        }
    }
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static void cb_op_complete(void* op_ud, const rtcn_error* error, const rtcn_session_state* state) {
    pthread_mutex_lock(&g_mu);
    op* o = completion_locked(op_ud, error, "operation_complete", 1);
    if (o) {
        if (o->kind != K_SET_LOCAL && o->kind != K_SET_REMOTE && o->kind != K_CANDIDATE)
            violation_locked("%s completed through operation_complete", o->what);
        if (!error && !state) violation_locked("%s succeeded without a session state", o->what);
        o->session_given = state != NULL;
        if (state) {
            check_state_locked(o->what, state);
            o->signaling_state = state->signaling_state;
            o->pending_remote = state->pending_remote.sdp != NULL;
            const rtcn_session_description* remote = state->pending_remote.sdp ? &state->pending_remote : &state->current_remote;
            const rtcn_session_description* local = state->pending_local.sdp ? &state->pending_local : &state->current_local;
            o->remote = dup_locked(remote->sdp);
            o->local = dup_locked(local->sdp);
        }
    }
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static void cb_text_result(void* op_ud, const rtcn_error* error, const char* text) {
    pthread_mutex_lock(&g_mu);
    op* o = completion_locked(op_ud, error, "text_result", 1);
    if (o) {
        if (o->kind != K_STATS) violation_locked("%s completed through text_result", o->what);
        if (!error && !text) violation_locked("%s succeeded with NULL text", o->what);
    }
    pthread_cond_broadcast(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

/* ------------------------------------------------------------------ statistics */

typedef struct counter {
    char key[112];
    int count;
} counter;

#define MAX_COUNTERS 96
static counter g_refusals[MAX_COUNTERS];
static int g_nrefusals;

static void count_key(counter* table, int* n, const char* key) {
    for (int i = 0; i < *n; i++)
        if (strcmp(table[i].key, key) == 0) {
            table[i].count++;
            return;
        }
    if (*n == MAX_COUNTERS) return;
    snprintf(table[*n].key, sizeof table[*n].key, "%s", key);
    table[*n].count = 1;
    (*n)++;
}

/* The reason of a refusal, without what varies (mids, line contents). */
static void count_refusal(const op* o) {
    char key[112];
    snprintf(key, sizeof key, "%s: %s", status_name(o->status), o->message ? o->message : "");
    for (char* p = key; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    /* cut at the first quote or "m=" of the message: the rest echoes the SDP */
    size_t skip = strlen(status_name(o->status)) + 2;
    if (skip > strlen(key)) skip = strlen(key);
    char* cut = strpbrk(key + skip, "\"'");
    char* m = strstr(key, "m=");
    if (m && (!cut || m < cut)) cut = m;
    if (cut) *cut = 0;
    if (strlen(key) > 100) key[100] = 0;
    count_key(g_refusals, &g_nrefusals, key);
}

static struct {
    int offers, accepted, refused, closed_first;
    int answers_created, answers_applied, remote_rollbacks;
    int own_offers, own_offers_applied;
    int remote_answers, remote_answers_accepted, remote_answers_refused;
    int live_pairs, live_answers_accepted, live_answers_refused;
    int ufrag_candidates_ok, ufrag_candidates_failed;
    int eoc_unknown_ok, eoc_unknown_failed;
    int early_releases, stats;
    int eoc_unknown_ok_with_remote;
    int offers_while_remote_offer, offers_while_remote_offer_created, offers_while_remote_offer_applied;
    int crash_shape_accepted, crash_shape_candidates, crash_shape_answered, crash_shape_applied, crash_shape_rolled_back;
    int truncated;
    char truncated_example[256];
    int session_error_rollbacks;
    int refused_partial_stable, refused_partial_other;
    char partial_stable_example[512], partial_other_example[512];
    int bundle_policy[3];
} g_stats;

/* ------------------------------------------------------------------ issuing and awaiting operations */

typedef struct iter {
    int index;
    rng r;
    const char* scenario;
    op** ops;
    int nops, cap, nchecked;
} iter;

static op* op_new(iter* it, conn* c, op_kind kind, int chained, const char* fmt, ...) {
    op* o = xcalloc(1, sizeof *o);
    o->magic = OP_MAGIC;
    o->kind = kind;
    o->owner = c;
    o->iteration = it->index;
    o->chain_index = chained ? c->chain_ops++ : -1;
    char what[80];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(o->what, sizeof o->what, "%.96s: %.80s", c->base.what, what);
    o->next_all = g_ops; /* only the main thread touches the list */
    g_ops = o;
    g_nops++;
    if (it->nops == it->cap) {
        it->cap = it->cap ? it->cap * 2 : 32;
        op** v = realloc(it->ops, (size_t)it->cap * sizeof *v);
        if (!v) fail("out of memory");
        it->ops = v;
    }
    it->ops[it->nops++] = o;
    if (g_verbose) say("  issue %s", o->what);
    return o;
}

/* A call that returns an error never completes: the fuzzer only makes calls that must start. */
static void issued(op* o, rtcn_status s) {
    if (s != RTCN_OK) fail("%s: the call returned %s (%s)", o->what, status_name(s), last_error_text());
}

/* RTCN_FUZZ_SKIP_KNOWN_CRASHES=1: no offer of its own on a connection where it would hit one of the
 * libwebrtc CHECKs this fuzzer found (see the summary and the fixed iterations): with a remote offer
 * pending, after a refused remote description, after a remote offer was rolled back. For looking
 * past them while they are not fixed; off by default. */
static int g_skip_known_crashes;
static int g_skipped_offers;

static int skip_known_crash(const conn* c) {
    if (!g_skip_known_crashes || !(c->offer_risk || c->offer_risk_sticky)) return 0;
    g_skipped_offers++;
    return 1;
}

static const char* sdp_type_name(rtcn_sdp_type t) {
    static const char* n[] = {"offer", "pranswer", "answer", "rollback", "implicit"};
    return (t >= 0 && t < 5) ? n[t] : "?";
}

static op* issue_srd(iter* it, conn* c, rtcn_sdp_type type, const char* sdp) {
    if (type == RTCN_SDP_TYPE_OFFER) c->offer_risk = 1;
    if (type == RTCN_SDP_TYPE_ROLLBACK) c->offer_risk_sticky = 1;
    if (sdp && strstr(sdp, "RTCN-")) atomic_store(&g_input_has_marker, 1);
    op* o = op_new(it, c, K_SET_REMOTE, 1, "set_remote_description(%s)", sdp_type_name(type));
    issued(o, rtcn_peer_connection_set_remote_description(c->pc, type, sdp, o));
    return o;
}
static op* issue_sld(iter* it, conn* c, rtcn_sdp_type type, const char* sdp) {
    if (type == RTCN_SDP_TYPE_OFFER && skip_known_crash(c)) return NULL;
    op* o = op_new(it, c, K_SET_LOCAL, 1, "set_local_description(%s%s)", sdp_type_name(type),
                   sdp ? ", sdp" : "");
    issued(o, rtcn_peer_connection_set_local_description(c->pc, type, sdp, o));
    return o;
}
static op* issue_offer(iter* it, conn* c, const rtcn_offer_options* options) {
    if (skip_known_crash(c)) return NULL;
    op* o = op_new(it, c, K_CREATE_OFFER, 1, "create_offer");
    issued(o, rtcn_peer_connection_create_offer(c->pc, options, o));
    return o;
}
static op* issue_answer(iter* it, conn* c) {
    op* o = op_new(it, c, K_CREATE_ANSWER, 1, "create_answer");
    issued(o, rtcn_peer_connection_create_answer(c->pc, o));
    return o;
}
static op* issue_candidate(iter* it, conn* c, const rtcn_ice_candidate_init* init, const char* what) {
    op* o = op_new(it, c, K_CANDIDATE, 1, "add_ice_candidate(%s)", what);
    issued(o, rtcn_peer_connection_add_ice_candidate(c->pc, init, o));
    return o;
}
static op* issue_stats(iter* it, conn* c) {
    op* o = op_new(it, c, K_STATS, 0, "get_stats");
    issued(o, rtcn_peer_connection_get_stats(c->pc, o));
    g_stats.stats++;
    return o;
}

/* Waits for every op issued since the last wait: each must complete exactly once, within
 * OP_WAIT_MS, and the ops of one chain in the order they were issued. */
static void wait_all(iter* it) {
    int64_t deadline = now_ms() + OP_WAIT_MS;
    pthread_mutex_lock(&g_mu);
    for (;;) {
        int pending = 0;
        for (int i = it->nchecked; i < it->nops; i++) pending += it->ops[i]->completions == 0;
        if (!pending || g_has_violation) break;
        int64_t left = deadline - now_ms();
        if (left <= 0) break;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t wait = left < 100 ? left : 100;
        int64_t ns = ts.tv_nsec + wait * 1000000;
        ts.tv_sec += ns / 1000000000;
        ts.tv_nsec = ns % 1000000000;
        pthread_cond_timedwait(&g_cv, &g_mu, &ts);
    }
    int has_violation = g_has_violation;
    pthread_mutex_unlock(&g_mu);
    if (has_violation) check_violations();
    pthread_mutex_lock(&g_mu);
    for (int i = it->nchecked; i < it->nops; i++) {
        op* o = it->ops[i];
        if (o->completions == 0)
            fail("%s did not complete within %d ms (a missing completion; the ops of this wait: %d to %d)", o->what,
                 OP_WAIT_MS, it->nchecked, it->nops - 1);
        if (o->completions > 1) fail("%s completed %d times", o->what, o->completions);
        for (int k = it->nchecked; k < i; k++) {
            op* before = it->ops[k];
            if (before->owner == o->owner && before->chain_index >= 0 && o->chain_index >= 0 &&
                before->chain_index < o->chain_index && before->complete_seq > o->complete_seq)
                fail("%s completed before %s, issued before it on the same chain", o->what, before->what);
        }
    }
    for (int i = it->nchecked; i < it->nops; i++) {
        op* o = it->ops[i];
        if (o->kind == K_SET_REMOTE && o->err_present) o->owner->offer_risk_sticky = 1;
        if (o->kind == K_SET_LOCAL && !o->err_present && o->signaling_state == RTCN_SIGNALING_STATE_STABLE)
            o->owner->offer_risk = 0;
    }
    if (g_verbose)
        for (int i = it->nchecked; i < it->nops; i++) {
            op* o = it->ops[i];
            say("  done  %s: %s%s%s", o->what, o->err_present ? status_name(o->status) : "ok",
                o->err_present ? ", " : "", o->err_present && o->message ? o->message : "");
        }
    pthread_mutex_unlock(&g_mu);
    it->nchecked = it->nops;
}

/* The fields the main thread reads once an op completed (wait_all saw it complete). */
static int op_ok(const op* o) { return o && o->completions == 1 && !o->err_present; }

/* libwebrtc's session error state: a description it refused after it began to apply it leaves
 * the connection refusing every later description ("Session error code: ERROR_CONTENT"). */
static int session_error(const op* o) {
    return o->err_present && o->message && strstr(o->message, "Session error code") != NULL;
}

/* A rollback that must succeed, unless the connection is in libwebrtc's session error state. */
static void check_rollback(const op* o, const char* what) {
    if (session_error(o)) {
        g_stats.session_error_rollbacks++;
        return;
    }
    CHECK(op_ok(o), "%s failed: %s", what, o->message ? o->message : "");
}

static void op_free_copies(op* o) {
    pthread_mutex_lock(&g_mu);
    free(o->text);
    free(o->remote);
    free(o->local);
    o->text = o->remote = o->local = NULL;
    pthread_mutex_unlock(&g_mu);
}

/* ------------------------------------------------------------------ connections */

static conn* conn_new(const char* what, const rtcn_configuration* configuration) {
    conn* c = xcalloc(1, sizeof *c);
    obj_init(&c->base, OBJ_CONNECTION, what);
    CHECK_OK(rtcn_peer_connection_create(g_factory->h, configuration, c, &c->pc));
    CHECK(c->pc != NULL, "rtcn_peer_connection_create returned RTCN_OK and a NULL connection");
    return c;
}

static void conn_release(conn* c) {
    before_release(&c->base);
    CHECK_OK(rtcn_peer_connection_release(c->pc));
    c->pc = NULL;
    pthread_mutex_lock(&g_mu);
    c->forward = 0;
    cand* k = c->head;
    c->head = c->tail = NULL;
    pthread_mutex_unlock(&g_mu);
    while (k) {
        cand* next = k->next;
        free(k->candidate), free(k->sdp_mid), free(k->ufrag), free(k);
        k = next;
    }
}

static chan* chan_new(conn* c, const char* label) {
    chan* ch = xcalloc(1, sizeof *ch);
    char what[96];
    snprintf(what, sizeof what, "%.80s's channel", c->base.what);
    obj_init(&ch->base, OBJ_CHANNEL, what);
    CHECK_OK(rtcn_peer_connection_create_data_channel(c->pc, label, NULL, ch, &ch->h));
    return ch;
}

static void chan_release(chan* ch) {
    before_release(&ch->base);
    CHECK_OK(rtcn_data_channel_release(ch->h));
    ch->h = NULL;
}

static const char* policy_name(rtcn_bundle_policy p) {
    return p == RTCN_BUNDLE_POLICY_BALANCED ? "balanced" : p == RTCN_BUNDLE_POLICY_MAX_COMPAT ? "max-compat" : "max-bundle";
}

static rtcn_configuration random_configuration(rng* r) {
    rtcn_configuration c;
    memset(&c, 0, sizeof c);
    uint32_t x = rng_below(r, 10);
    c.bundle_policy = x < 5 ? RTCN_BUNDLE_POLICY_BALANCED : x < 8 ? RTCN_BUNDLE_POLICY_MAX_BUNDLE : RTCN_BUNDLE_POLICY_MAX_COMPAT;
    c.ice_transport_policy = RTCN_ICE_TRANSPORT_POLICY_ALL;
    c.rtcp_mux_policy = RTCN_RTCP_MUX_POLICY_REQUIRE;
    g_stats.bundle_policy[c.bundle_policy]++;
    return c;
}

/* ------------------------------------------------------------------ corpus and iteration context */

typedef struct base {
    const char* name;
    char* sdp;
} base;

static base g_offers[MAX_BASES];
static int g_noffers;
static char* g_answer_base;          /* the pair's answer to a data-channel-only offer */
static char* g_pool[POOL_SIZE];      /* offers answerers created after a fuzzed negotiation */
static int g_npool;

static void pool_add(rng* r, const char* sdp) {
    if (g_npool < POOL_SIZE) {
        g_pool[g_npool++] = xstrdup(sdp);
    } else if (rng_pct(r, 25)) {
        int i = (int)rng_below(r, POOL_SIZE);
        free(g_pool[i]);
        g_pool[i] = xstrdup(sdp);
    }
}

static void context_set(iter* it, const char* base_name, const char* mutations, const char* sdp) {
    int next = atomic_load(&g_context_which) ^ 1;
    snprintf(g_context[next], sizeof g_context[next], "iteration %d, scenario %s, base \"%s\"\nmutations: %s\nSDP:\n%s",
             it->index, it->scenario, base_name, mutations && mutations[0] ? mutations : "(none)", sdp ? sdp : "");
    atomic_store(&g_context_which, next);
    if (!sdp) return; /* a placeholder */
    if (g_verbose) say("iteration %d (%s, %s): %s", it->index, it->scenario, base_name, mutations ? mutations : "");
    if (g_verbose > 1) printf("%s\n", sdp);
}

static void context_note(const char* fmt, ...) {
    int which = atomic_load(&g_context_which);
    size_t n = strlen(g_context[which]);
    if (n + 2 >= sizeof g_context[which]) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_context[which] + n, sizeof g_context[which] - n, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------ the checks of an answered offer */

/* The remote description read back after an accepted offer keeps every m= section, and the
 * protocol of every section of an unknown media type (what libwebrtc used to crash on). */
static void check_remote_readback(const char* sent, const char* remote) {
    static mparts a[MAX_SECTIONS + 4], b[MAX_SECTIONS + 4];
    CHECK(remote != NULL, "an accepted description left no remote description");
    int truncated = 0;
    int na = sdp_mlines_ex(sent, a, COUNT_OF(a), 1, &truncated), nb = sdp_mlines(remote, b, COUNT_OF(b));
    if (truncated && g_stats.truncated++ == 0)
        snprintf(g_stats.truncated_example, sizeof g_stats.truncated_example,
                 "iteration %d: %d m= section(s) sent, %d read back", atomic_load(&g_iteration),
                 sdp_mlines(sent, a, COUNT_OF(a)), nb);
    if (truncated) sdp_mlines_ex(sent, a, COUNT_OF(a), 1, NULL);
    CHECK(na == nb, "the remote description reads back with %d m= sections, the offer had %d:\n%s", nb, na, remote);
    for (int i = 0; i < na && i < COUNT_OF(a); i++) {
        CHECK(strcmp(a[i].media, b[i].media) == 0, "m= section %d reads back as '%s', sent as '%s':\n%s", i, b[i].media,
              a[i].media, remote);
        if (!is_known_media(a[i].media))
            CHECK(strcmp(a[i].proto, b[i].proto) == 0,
                  "m= section %d (%s) reads back with protocol '%s', sent with '%s':\n%s", i, a[i].media, b[i].proto,
                  a[i].proto, remote);
    }
}

/* JSEP: the answer has the offer's m= sections, and rejects (port 0) those of unknown types. */
static void check_answer(const char* remote, const char* answer) {
    static mparts a[MAX_SECTIONS + 4], b[MAX_SECTIONS + 4];
    int na = sdp_mlines(remote, a, COUNT_OF(a)), nb = sdp_mlines(answer, b, COUNT_OF(b));
    CHECK(na == nb, "the answer has %d m= sections, the offer %d:\n%s", nb, na, answer);
    for (int i = 0; i < na && i < COUNT_OF(a); i++) {
        CHECK(strcmp(a[i].media, b[i].media) == 0, "answer m= section %d is '%s', the offer's '%s':\n%s", i, b[i].media,
              a[i].media, answer);
        if (!is_known_media(a[i].media)) {
            CHECK(strcmp(b[i].port, "0") == 0, "answer m= section %d of unknown type '%s' has port %s, want 0:\n%s", i,
                  b[i].media, b[i].port, answer);
            CHECK(strcmp(a[i].proto, b[i].proto) == 0, "answer m= section %d (%s) has protocol '%s', the offer '%s':\n%s",
                  i, b[i].media, b[i].proto, a[i].proto, answer);
        }
    }
}

/* A candidate for section `index` of sdp: by mid or by index, with that section's ufrag (or a
 * wrong one, or none). The strings live in `storage`. */
typedef struct cand_storage {
    char candidate[160];
    char mid[256];
    char ufrag[256];
    char what[96];
} cand_storage;

static rtcn_ice_candidate_init make_candidate(rng* r, const char* sdp, cand_storage* s) {
    static const char* const forms[] = {
        "candidate:1 1 udp 2122260223 127.0.0.1 9 typ host generation 0",
        "candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype passive generation 0",
        "candidate:3 1 udp 1686052607 203.0.113.1 9 typ srflx raddr 127.0.0.1 rport 9 generation 0",
        "candidate:4 2 udp 2122260222 127.0.0.1 9 typ host",
        "candidate:garbage",
    };
    sdp_doc d;
    doc_parse(&d, sdp);
    rtcn_ice_candidate_init init;
    memset(&init, 0, sizeof init);
    snprintf(s->candidate, sizeof s->candidate, "%s", rng_pct(r, 90) ? forms[rng_below(r, 3)] : PICK(r, forms));
    init.candidate = s->candidate;
    int i = pick_section(&d, r);
    const char* mid = i >= 0 ? sec_value(&d.sec[i], "a=mid:") : NULL;
    uint32_t how = rng_below(r, 100);
    init.sdp_mline_index = -1;
    if (how < 70 && mid) {
        snprintf(s->mid, sizeof s->mid, "%s", mid);
        init.sdp_mid = s->mid;
    } else if (how < 90 && i >= 0) {
        init.sdp_mline_index = i;
    } else {
        snprintf(s->mid, sizeof s->mid, "%s", NO_SUCH_MID);
        init.sdp_mid = s->mid;
    }
    const char* ufrag = i >= 0 ? sec_value(&d.sec[i], "a=ice-ufrag:") : NULL;
    if (!ufrag) ufrag = sec_value(&d.session, "a=ice-ufrag:");
    uint32_t u = rng_below(r, 100);
    if (u < 75 && ufrag) snprintf(s->ufrag, sizeof s->ufrag, "%s", ufrag);
    else if (u < 95) snprintf(s->ufrag, sizeof s->ufrag, "%s", "wrongufrag");
    else s->ufrag[0] = 0;
    init.username_fragment = s->ufrag[0] ? s->ufrag : NULL;
    snprintf(s->what, sizeof s->what, "mid %.24s, index %d, ufrag %.24s", init.sdp_mid ? init.sdp_mid : "NULL",
             (int)init.sdp_mline_index, init.username_fragment ? init.username_fragment : "NULL");
    doc_free(&d);
    return init;
}

static const rtcn_ice_candidate_init k_eoc_unknown_mid = {"", NO_SUCH_MID, -1, NULL};

/* ------------------------------------------------------------------ scenario: a fuzzed offer to an answerer */

typedef struct answerer_options {
    int strict;       /* an unmutated base: every step must succeed */
    conn* target;     /* a connected answerer instead of a fresh one (not released here) */
    int offer_while_remote_offer; /* always create an offer of its own with the remote offer pending */
    int roll_back;    /* always end with a rollback of the remote offer */
} answerer_options;

/* Runs the offer through answerer x (fresh unless opts->target) and returns the created answer
 * when it was applied (malloc'ed), else NULL. */
static char* fuzz_answerer(iter* it, const char* offer, const answerer_options* opts) {
    rng* r = &it->r;
    conn* x = opts->target;
    if (!x) {
        rtcn_configuration cfg = random_configuration(r);
        char what[64];
        snprintf(what, sizeof what, "answerer %d (%s)", it->index, policy_name(cfg.bundle_policy));
        x = conn_new(what, &cfg);
    }
    uint32_t mode = rng_below(r, 100);
    int sequential = opts->strict || opts->target || mode < 50;
    int early_release = !opts->strict && !opts->target && mode >= 90;
    context_note("\nmode: %s", sequential ? "sequential" : early_release ? "queued, released at once" : "queued");

    g_stats.offers++;
    op* srd = issue_srd(it, x, RTCN_SDP_TYPE_OFFER, offer);
    if (sequential) wait_all(it);
    cand_storage cs;
    rtcn_ice_candidate_init init = make_candidate(r, offer, &cs);
    op* c1 = issue_candidate(it, x, &init, cs.what);
    op* c2 = issue_candidate(it, x, &k_eoc_unknown_mid, "end-of-candidates, mid " NO_SUCH_MID);
    /* An offer of its own while the remote offer is pending (have-remote-offer when it was
     * accepted): webrtc-pc refuses it with InvalidStateError; libwebrtc builds it from the
     * pending remote offer's sections. Either outcome is fine; a crash is not. */
    op *own = NULL, *own_applied = NULL;
    if (!opts->strict && (opts->offer_while_remote_offer || rng_pct(r, 12))) {
        own = issue_offer(it, x, NULL);
        if (rng_pct(r, 30)) own_applied = issue_sld(it, x, RTCN_SDP_TYPE_OFFER, NULL);
        if (own) g_stats.offers_while_remote_offer++;
    }
    op* ans = issue_answer(it, x);
    if (sequential) wait_all(it);

    uint32_t finish = opts->strict ? 0 : opts->roll_back ? 60 : rng_below(r, 100);
    op *sld = NULL, *rollback = NULL, *local_rollback = NULL;
    if (finish < 60) {
        const char* text = sequential && op_ok(ans) && rng_pct(r, 70) ? ans->text : NULL;
        sld = issue_sld(it, x, RTCN_SDP_TYPE_ANSWER, text);
    } else if (finish < 90) {
        rollback = issue_srd(it, x, RTCN_SDP_TYPE_ROLLBACK, NULL);
    } else {
        local_rollback = issue_sld(it, x, RTCN_SDP_TYPE_ROLLBACK, NULL);
        rollback = issue_srd(it, x, RTCN_SDP_TYPE_ROLLBACK, NULL);
    }
    if (!opts->target && rng_pct(r, 10)) issue_stats(it, x);
    if (early_release) {
        g_stats.early_releases++;
        conn_release(x);
        wait_all(it); /* completed with their result or with CLOSED, once each */
        for (int i = 0; i < it->nops; i++)
            if (it->ops[i]->owner == x && it->ops[i]->err_present)
                CHECK(it->ops[i]->status != RTCN_ERROR_CANCELED, "%s was canceled", it->ops[i]->what);
        if (srd->err_present && srd->status == RTCN_ERROR_CLOSED) g_stats.closed_first++;
        else if (srd->err_present) g_stats.refused++, count_refusal(srd);
        else g_stats.accepted++;
        return NULL;
    }
    wait_all(it);

    /* What must follow from the outcome of set_remote_description. */
    if (op_ok(srd)) {
        g_stats.accepted++;
        CHECK(srd->session_given && srd->signaling_state == RTCN_SIGNALING_STATE_HAVE_REMOTE_OFFER,
              "an accepted offer left the signaling state %d", (int)srd->signaling_state);
        check_remote_readback(offer, srd->remote);
        if (op_ok(ans)) {
            g_stats.answers_created++;
            check_answer(srd->remote, ans->text);
        }
        if (local_rollback)
            CHECK(local_rollback->err_present && local_rollback->status == RTCN_ERROR_INVALID_STATE,
                  "set_local_description(rollback) in have-remote-offer gave %s, want INVALID_STATE",
                  local_rollback->err_present ? status_name(local_rollback->status) : "success");
        if (rollback) {
            CHECK(op_ok(rollback), "rolling back an accepted remote offer failed: %s",
                  rollback->message ? rollback->message : "");
            /* back to stable, with the remote description of before: none on a fresh connection */
            int want_remote = opts->target != NULL;
            CHECK(rollback->signaling_state == RTCN_SIGNALING_STATE_STABLE && (rollback->remote != NULL) == want_remote,
                  "after rolling back the remote offer: signaling state %d, remote description %s",
                  (int)rollback->signaling_state, rollback->remote ? "present" : "absent");
            g_stats.remote_rollbacks++;
        }
    } else {
        g_stats.refused++;
        count_refusal(srd);
        CHECK(srd->status != RTCN_ERROR_CLOSED && srd->status != RTCN_ERROR_CANCELED,
              "set_remote_description on an open connection completed with %s", status_name(srd->status));
        /* libwebrtc M109 may refuse an offer after it began to apply it: it keeps it as its pending
         * remote description (ReplaceRemoteDescription runs before the transport controller refuses
         * a BUNDLE group), or even enters have-remote-offer (a media section's parameters refused
         * after the signaling state changed), and enters its session error state. The shim reports
         * that state as it is (signaling.h: a failure after which libwebrtc's state differs).
         * Counted and shown in the summary, not failed. */
        int partial = srd->session_given && srd->remote != NULL;
        if (partial && !opts->target) {
            int stable = srd->signaling_state == RTCN_SIGNALING_STATE_STABLE;
            if (stable) g_stats.refused_partial_stable++;
            else g_stats.refused_partial_other++;
            char* example = stable ? g_stats.partial_stable_example : g_stats.partial_other_example;
            if (!example[0])
                snprintf(example, sizeof g_stats.partial_stable_example,
                         "iteration %d: \"%s\", signaling state %d, %s remote description", it->index, srd->message,
                         (int)srd->signaling_state, srd->pending_remote ? "pending" : "current");
        }
        if (!opts->target && !partial) {
            /* a fresh connection that refused the offer outright has no remote offer to go on with */
            CHECK(ans->err_present, "create_answer succeeded after the remote offer was refused");
            CHECK(c1->err_present, "add_ice_candidate succeeded after the remote offer was refused");
            if (sld) CHECK(sld->err_present, "set_local_description(answer) succeeded after the remote offer was refused");
        }
    }
    if (op_ok(c1)) g_stats.ufrag_candidates_ok++;
    else g_stats.ufrag_candidates_failed++;
    if (op_ok(c2)) g_stats.eoc_unknown_ok++;
    else g_stats.eoc_unknown_failed++;
    if (op_ok(c2) && op_ok(srd)) g_stats.eoc_unknown_ok_with_remote++;
    if (own && op_ok(own)) g_stats.offers_while_remote_offer_created++;
    if (own_applied && op_ok(own_applied)) g_stats.offers_while_remote_offer_applied++;
    int crash_shape = op_ok(srd) && has_crash_shape(offer);
    if (crash_shape) {
        g_stats.crash_shape_accepted++;
        if (op_ok(c1) && init.username_fragment) g_stats.crash_shape_candidates++;
        if (op_ok(ans)) g_stats.crash_shape_answered++;
        if (rollback && op_ok(rollback)) g_stats.crash_shape_rolled_back++;
    }

    char* applied = NULL;
    if (sld && op_ok(sld)) {
        g_stats.answers_applied++;
        if (crash_shape) g_stats.crash_shape_applied++;
        CHECK(sld->signaling_state == RTCN_SIGNALING_STATE_STABLE, "an applied answer left the signaling state %d",
              (int)sld->signaling_state);
        applied = xstrdup(sld->local ? sld->local : "");
    }
    if (opts->strict)
        CHECK(op_ok(srd) && op_ok(ans) && sld && op_ok(sld),
              "an unmutated base failed: set_remote_description %s, create_answer %s, set_local_description %s",
              srd->err_present ? srd->message : "ok", ans->err_present ? ans->message : "ok",
              sld && sld->err_present ? sld->message : "ok");

    /* The answerer's own offer, with the fuzzed sections in its current descriptions. */
    if (applied && !opts->target && rng_pct(r, 50)) {
        op* o = issue_offer(it, x, NULL);
        op* l = issue_sld(it, x, RTCN_SDP_TYPE_OFFER, NULL);
        op* b = issue_sld(it, x, RTCN_SDP_TYPE_ROLLBACK, NULL);
        wait_all(it);
        g_stats.own_offers++;
        if (op_ok(o)) pool_add(r, o->text);
        if (op_ok(l)) {
            g_stats.own_offers_applied++;
            CHECK(op_ok(b), "rolling back the answerer's own offer failed: %s", b->message ? b->message : "");
        }
    }
    if (!opts->target) conn_release(x);
    return applied;
}

/* ------------------------------------------------------------------ scenario: a fuzzed answer to an offerer */

static void fuzz_offerer(iter* it, int strict) {
    rng* r = &it->r;
    conn* o = conn_new("offerer", NULL);
    chan* ch = chan_new(o, "fuzz");
    op* co = issue_offer(it, o, NULL);
    op* lo = issue_sld(it, o, RTCN_SDP_TYPE_OFFER, NULL);
    wait_all(it);
    CHECK(op_ok(co) && op_ok(lo), "a fresh offerer could not create and apply its offer: %s",
          co->err_present ? co->message : lo->message);
    sbuf log = {0};
    char* answer = strict ? xstrdup(g_answer_base) : mutate(g_answer_base, r, &log);
    context_set(it, "the pair's answer", sb_str(&log), answer);
    sb_free(&log);

    g_stats.remote_answers++;
    op* srd = issue_srd(it, o, RTCN_SDP_TYPE_ANSWER, answer);
    cand_storage cs;
    rtcn_ice_candidate_init init = make_candidate(r, answer, &cs);
    op* c1 = issue_candidate(it, o, &init, cs.what);
    op* c2 = issue_candidate(it, o, &k_eoc_unknown_mid, "end-of-candidates, mid " NO_SUCH_MID);
    wait_all(it);
    if (op_ok(c1)) g_stats.ufrag_candidates_ok++;
    else g_stats.ufrag_candidates_failed++;
    if (op_ok(c2)) g_stats.eoc_unknown_ok++;
    else g_stats.eoc_unknown_failed++;
    if (op_ok(srd)) {
        g_stats.remote_answers_accepted++;
        CHECK(srd->signaling_state == RTCN_SIGNALING_STATE_STABLE, "an accepted answer left the signaling state %d",
              (int)srd->signaling_state);
        check_remote_readback(answer, srd->remote);
        if (rng_pct(r, 60)) { /* a re-offer after the fuzzed answer */
            op* ro = issue_offer(it, o, NULL);
            op* rl = issue_sld(it, o, RTCN_SDP_TYPE_OFFER, NULL);
            op* rb = issue_sld(it, o, RTCN_SDP_TYPE_ROLLBACK, NULL);
            wait_all(it);
            if (op_ok(ro)) pool_add(r, ro->text);
            if (op_ok(rl)) check_rollback(rb, "rolling back a re-offer");
        }
    } else {
        CHECK(!strict, "the pair's unmutated answer was refused by a fresh offerer: %s", srd->message);
        g_stats.remote_answers_refused++;
        count_refusal(srd);
        op* rb = issue_sld(it, o, RTCN_SDP_TYPE_ROLLBACK, NULL);
        wait_all(it);
        check_rollback(rb, "rolling back the local offer after a refused answer");
    }
    if (rng_pct(r, 10)) {
        issue_stats(it, o);
        wait_all(it);
    }
    free(answer);
    chan_release(ch);
    conn_release(o);
}

/* ------------------------------------------------------------------ a connected pair */

typedef struct pair {
    conn* a;
    conn* b;
    chan* channel;
    char* answer;  /* b's answer */
} pair;

static void forward_candidates(iter* it, conn* from, conn* to) {
    pthread_mutex_lock(&g_mu);
    cand* k = from->head;
    from->head = from->tail = NULL;
    pthread_mutex_unlock(&g_mu);
    while (k) {
        cand* next = k->next;
        rtcn_ice_candidate_init init = {k->candidate, k->sdp_mid, k->sdp_mline_index, k->ufrag};
        issue_candidate(it, to, k->candidate ? &init : NULL, k->candidate ? "trickled" : "end-of-candidates");
        free(k->candidate), free(k->sdp_mid), free(k->ufrag), free(k);
        k = next;
    }
}

static void make_pair(iter* it, pair* p, const char* name) {
    char what[64];
    snprintf(what, sizeof what, "%s offerer", name);
    p->a = conn_new(what, NULL);
    snprintf(what, sizeof what, "%s answerer", name);
    p->b = conn_new(what, NULL);
    pthread_mutex_lock(&g_mu);
    p->a->forward = p->b->forward = 1;
    pthread_mutex_unlock(&g_mu);
    p->channel = chan_new(p->a, "pair");
    op* o = issue_offer(it, p->a, NULL);
    op* lo = issue_sld(it, p->a, RTCN_SDP_TYPE_OFFER, NULL);
    wait_all(it);
    CHECK(op_ok(o) && op_ok(lo), "pair: the offer failed");
    op* rb = issue_srd(it, p->b, RTCN_SDP_TYPE_OFFER, o->text);
    op* an = issue_answer(it, p->b);
    op* lb = issue_sld(it, p->b, RTCN_SDP_TYPE_ANSWER, NULL);
    wait_all(it);
    CHECK(op_ok(rb) && op_ok(an) && op_ok(lb), "pair: the answer failed: %s",
          rb->err_present ? rb->message : an->err_present ? an->message : lb->message);
    p->answer = xstrdup(an->text);
    op* ra = issue_srd(it, p->a, RTCN_SDP_TYPE_ANSWER, an->text);
    wait_all(it);
    CHECK(op_ok(ra), "pair: applying the answer failed: %s", ra->message);
    int first = it->nops;
    int64_t deadline = now_ms() + CONNECT_WAIT_MS;
    for (;;) {
        forward_candidates(it, p->a, p->b);
        forward_candidates(it, p->b, p->a);
        pthread_mutex_lock(&g_mu);
        int done = p->a->state == RTCN_PEER_CONNECTION_STATE_CONNECTED &&
                   p->b->state == RTCN_PEER_CONNECTION_STATE_CONNECTED;
        int32_t sa = p->a->state, sb = p->b->state;
        if (!done && !g_has_violation) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            int64_t ns = ts.tv_nsec + 50 * 1000000L;
            ts.tv_sec += ns / 1000000000;
            ts.tv_nsec = ns % 1000000000;
            pthread_cond_timedwait(&g_cv, &g_mu, &ts);
        }
        pthread_mutex_unlock(&g_mu);
        check_violations();
        if (done) break;
        CHECK(now_ms() < deadline, "pair: not connected after %d ms (connection states %d / %d)", CONNECT_WAIT_MS,
              (int)sa, (int)sb);
    }
    wait_all(it);
    for (int i = first; i < it->nops; i++)
        CHECK(op_ok(it->ops[i]), "pair: %s failed: %s", it->ops[i]->what, it->ops[i]->message);
    /* From now on gathered candidates are not forwarded. */
    forward_candidates(it, p->a, p->b);
    forward_candidates(it, p->b, p->a);
    pthread_mutex_lock(&g_mu);
    p->a->forward = p->b->forward = 0;
    pthread_mutex_unlock(&g_mu);
    wait_all(it);
}

static void release_pair(pair* p) {
    chan_release(p->channel);
    conn_release(p->a);
    conn_release(p->b);
    free(p->answer);
    memset(p, 0, sizeof *p);
}

/* ------------------------------------------------------------------ scenario: a live pair */

/* sdp with every m=application section rejected (port 0). */
static char* reject_data(const char* sdp) {
    sdp_doc d;
    doc_parse(&d, sdp);
    for (int i = 0; i < d.nsec; i++) {
        mparts m;
        mline_split(d.sec[i].v[0], &m);
        if (strcmp(m.media, "application") == 0) set_mline_field(&d, i, 1, "0");
    }
    char* out = doc_serialize(&d);
    doc_free(&d);
    return out;
}

/* reject_data_then_roll_back: the fixed case of a re-offer that rejects the data section, rolled
 * back by the answerer, whose offer of its own follows (a libwebrtc CHECK, see the report). */
static void fuzz_live_pair(iter* it, int reject_data_then_roll_back) {
    rng* r = &it->r;
    pair p;
    make_pair(it, &p, "live pair");
    g_stats.live_pairs++;
    rtcn_offer_options options;
    options.ice_restart = rng_pct(r, 30);
    options.offer_to_receive_audio = (int32_t)rng_below(r, 3) - 1;
    options.offer_to_receive_video = (int32_t)rng_below(r, 3) - 1;
    if (reject_data_then_roll_back) options.ice_restart = 0, options.offer_to_receive_audio = options.offer_to_receive_video = -1;
    op* ro = issue_offer(it, p.a, &options);
    op* rl = issue_sld(it, p.a, RTCN_SDP_TYPE_OFFER, NULL);
    wait_all(it);
    CHECK(op_ok(ro) && op_ok(rl), "live pair: the re-offer failed");
    sbuf log = {0};
    char* offer;
    if (reject_data_then_roll_back) {
        offer = reject_data(ro->text);
        sb_add(&log, "m=application port 0 (the data section rejected); the answerer rolls it back");
    } else {
        offer = mutate(ro->text, r, &log);
    }
    context_set(it, "the live pair's re-offer", sb_str(&log), offer);
    sb_free(&log);

    answerer_options opts = {0, p.b, 0, reject_data_then_roll_back};
    char* answer = fuzz_answerer(it, offer, &opts);
    if (answer) {
        /* b answered the mutated offer: a gets that answer (sometimes mutated too). */
        char* given = answer;
        if (rng_pct(r, 30)) {
            sbuf alog = {0};
            given = mutate(answer, r, &alog);
            context_note("\nanswer mutations: %s\nanswer:\n%s", sb_str(&alog), given);
            sb_free(&alog);
        } else {
            context_note("\nanswer given back unmutated");
        }
        op* ra = issue_srd(it, p.a, RTCN_SDP_TYPE_ANSWER, given);
        wait_all(it);
        if (op_ok(ra)) {
            g_stats.live_answers_accepted++;
        } else {
            g_stats.live_answers_refused++;
            count_refusal(ra);
            op* rb = issue_sld(it, p.a, RTCN_SDP_TYPE_ROLLBACK, NULL);
            wait_all(it);
            check_rollback(rb, "live pair: rolling back the re-offer after a refused answer");
        }
        if (given != answer) free(given);
        free(answer);
    } else {
        op* rb = issue_sld(it, p.a, RTCN_SDP_TYPE_ROLLBACK, NULL);
        wait_all(it);
        check_rollback(rb, "live pair: rolling back the re-offer");
    }
    /* Both sides' offers now, then let the transports react a moment. */
    op* ao = issue_offer(it, p.a, NULL);
    op* bo = issue_offer(it, p.b, NULL);
    wait_all(it);
    if (op_ok(ao)) pool_add(r, ao->text);
    if (op_ok(bo)) pool_add(r, bo->text);
    if (rng_pct(r, 50)) {
        issue_stats(it, p.a);
        issue_stats(it, p.b);
    }
    sleep_ms(150);
    wait_all(it);
    check_violations();
    free(offer);
    release_pair(&p);
}

/* ------------------------------------------------------------------ the harvest */

static void add_offer_base(const char* name, const char* sdp) {
    CHECK(g_noffers < MAX_BASES, "too many bases");
    g_offers[g_noffers].name = name;
    g_offers[g_noffers].sdp = xstrdup(sdp);
    g_noffers++;
    if (g_verbose > 1) printf("---- base \"%s\"\n%s", name, sdp);
}

static void harvest(void) {
    iter it;
    memset(&it, 0, sizeof it);
    it.index = -1;
    it.scenario = "harvest";
    set_step("harvest: initial offers");
    conn* c = conn_new("harvest offerer", NULL);
    chan* ch = chan_new(c, "harvest");
    rtcn_offer_options av = {0, 1, 1};
    op* o1 = issue_offer(&it, c, NULL);
    op* o2 = issue_offer(&it, c, &av);
    wait_all(&it);
    CHECK(op_ok(o1) && op_ok(o2), "harvest: create_offer failed");
    add_offer_base("initial offer (data channel)", o1->text);
    add_offer_base("initial offer (data channel, offer_to_receive audio and video)", o2->text);
    chan_release(ch);
    conn_release(c);

    set_step("harvest: a connected pair's re-offers");
    pair p;
    make_pair(&it, &p, "harvest pair");
    g_answer_base = xstrdup(p.answer);
    rtcn_offer_options restart = {1, 1, 1};
    op* r1 = issue_offer(&it, p.a, NULL);
    op* r2 = issue_offer(&it, p.a, &restart);
    wait_all(&it);
    CHECK(op_ok(r1) && op_ok(r2), "harvest: the re-offers failed");
    add_offer_base("re-offer of a connected pair", r1->text);
    add_offer_base("re-offer of a connected pair (ICE restart, offer_to_receive audio and video)", r2->text);
    release_pair(&p);
    for (int i = 0; i < it.nops; i++) op_free_copies(it.ops[i]);
    free(it.ops);
    say("harvested %d offers and an answer", g_noffers);
}

/* ------------------------------------------------------------------ scenario: an offer after a refused one */

/* libwebrtc M109 keeps a remote offer it refused in UpdateTransceiversAndDataChannels (here: "max-bundle
 * configured but session description has no BUNDLE group", for an empty a=group:BUNDLE line) as its
 * pending remote description, signaling state stable and no session error; an offer of its own is
 * then built on it (a libwebrtc CHECK, see the report). */
static void fuzz_refused_then_offer(iter* it) {
    rtcn_configuration cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.bundle_policy = RTCN_BUNDLE_POLICY_MAX_BUNDLE;
    conn* x = conn_new("answerer (max-bundle)", &cfg);
    sdp_doc d;
    doc_parse(&d, g_offers[0].sdp);
    int at = sec_find(&d.session, "a=group:BUNDLE");
    if (at >= 0) strv_set(&d.session, at, "a=group:BUNDLE");
    else strv_push(&d.session, "a=group:BUNDLE");
    char* offer = doc_serialize(&d);
    doc_free(&d);
    context_set(it, g_offers[0].name, "an empty a=group:BUNDLE line; the answerer's bundle policy is max-bundle", offer);
    g_stats.offers++;
    op* srd = issue_srd(it, x, RTCN_SDP_TYPE_OFFER, offer);
    wait_all(it);
    if (op_ok(srd)) {
        g_stats.accepted++;
    } else {
        g_stats.refused++;
        count_refusal(srd);
    }
    issue_offer(it, x, NULL);
    wait_all(it);
    conn_release(x);
    free(offer);
}

/* ------------------------------------------------------------------ one iteration */

static void run_iteration(int index) {
    iter it;
    memset(&it, 0, sizeof it);
    it.index = index;
    it.r = iteration_rng(index);
    atomic_store(&g_iteration, index);
    atomic_store(&g_input_has_marker, 0);
    static char step_text[64];
    snprintf(step_text, sizeof step_text, "iteration %d", index);
    set_step(step_text);
    rng* r = &it.r;
    answerer_options plain = {0, NULL, 0, 0};
    g_appended = 0; /* appended mids are numbered per iteration */
    it.scenario = "(starting)";
    context_set(&it, "-", NULL, NULL);

    if (index < g_noffers) { /* every base as it is */
        it.scenario = "answerer (unmutated base)";
        context_set(&it, g_offers[index].name, NULL, g_offers[index].sdp);
        answerer_options strict = {1, NULL, 0, 0};
        free(fuzz_answerer(&it, g_offers[index].sdp, &strict));
    } else if (index == g_noffers) {
        it.scenario = "offerer (unmutated answer)";
        fuzz_offerer(&it, 1);
    } else if (index <= 2 * g_noffers) { /* the known crash on every base */
        const base* b = &g_offers[index - g_noffers - 1];
        it.scenario = "answerer (m=application -> m=foo)";
        char* offer = classic_everywhere(b->sdp);
        context_set(&it, b->name, "m=application -> m=foo everywhere", offer);
        answerer_options classic = {0, NULL, 1, 0};
        free(fuzz_answerer(&it, offer, &classic));
        free(offer);
    } else if (index == 2 * g_noffers + 1) {
        it.scenario = "answerer (max-bundle): a refused offer, then an offer of its own";
        fuzz_refused_then_offer(&it);
    } else if (index == 2 * g_noffers + 2) {
        it.scenario = "live pair: a re-offer rejecting the data section, rolled back, then an offer of its own";
        fuzz_live_pair(&it, 1);
    } else if (index % LIVE_PAIR_EVERY == LIVE_PAIR_EVERY - 1) {
        it.scenario = "live pair";
        fuzz_live_pair(&it, 0);
    } else if (rng_pct(r, 15)) {
        it.scenario = "offerer";
        fuzz_offerer(&it, 0);
    } else {
        it.scenario = "answerer";
        const char* name;
        const char* sdp;
        if (g_npool && rng_pct(r, 30)) {
            int i = (int)rng_below(r, (uint32_t)g_npool);
            name = "an answerer's own offer";
            sdp = g_pool[i];
        } else {
            int i = (int)rng_below(r, (uint32_t)g_noffers);
            name = g_offers[i].name;
            sdp = g_offers[i].sdp;
        }
        sbuf log = {0};
        char* offer = mutate(sdp, r, &log);
        context_set(&it, name, sb_str(&log), offer);
        sb_free(&log);
        free(fuzz_answerer(&it, offer, &plain));
        free(offer);
    }
    check_violations();
    for (int i = 0; i < it.nops; i++) op_free_copies(it.ops[i]);
    free(it.ops);
}

/* ------------------------------------------------------------------ the end */

static void wait_everything_released(void) {
    set_step("every user_data released exactly once, no live native object");
    int64_t deadline = now_ms() + RELEASE_WAIT_MS;
    for (;;) {
        pthread_mutex_lock(&g_mu);
        obj* waiting = NULL;
        int nwaiting = 0;
        for (obj* o = g_objects; o; o = o->next_all) {
            CHECK(o->release_called, "%s was never released by the test", o->what);
            if (o->released == 0) {
                waiting = o;
                nwaiting++;
            }
        }
        pthread_mutex_unlock(&g_mu);
        check_violations();
        int64_t live = -1;
        CHECK_OK(rtcn_get_live_object_count(RTCN_OBJECT_ALL, &live));
        if (!waiting && live == 0) return;
        CHECK(now_ms() < deadline,
              "after %d ms: %d object(s) still without user_data_released (e.g. %s), %lld live native object(s)",
              RELEASE_WAIT_MS, nwaiting, waiting ? waiting->what : "-", (long long)live);
        sleep_ms(20);
    }
}

static void final_sweep(void) {
    set_step("every operation completed exactly once");
    sleep_ms(300); /* room for a late second completion */
    check_violations();
    pthread_mutex_lock(&g_mu);
    for (op* o = g_ops; o; o = o->next_all) {
        if (o->completions != 1)
            fail("%s (iteration %d) completed %d times in the end", o->what, o->iteration, o->completions);
    }
    pthread_mutex_unlock(&g_mu);
}

static void print_summary(int iterations, int64_t elapsed) {
    printf("\nsdp_fuzz: seed 0x%016llx, %d iterations in %.1f s, %lld operations, %d objects\n",
           (unsigned long long)g_seed, iterations, (double)elapsed / 1000.0, (long long)g_nops, g_nobjects);
    printf("  fuzzed remote offers: %d: %d accepted, %d refused, %d closed first (released at once)\n",
           g_stats.offers, g_stats.accepted, g_stats.refused, g_stats.closed_first);
    printf("  answers: %d created for accepted offers, %d applied; %d remote offers rolled back\n",
           g_stats.answers_created, g_stats.answers_applied, g_stats.remote_rollbacks);
    printf("  answerers' own offers after the fuzzed negotiation: %d, %d applied and rolled back; pool %d\n",
           g_stats.own_offers, g_stats.own_offers_applied, g_npool);
    printf("  fuzzed remote answers to fresh offerers: %d: %d accepted, %d refused\n", g_stats.remote_answers,
           g_stats.remote_answers_accepted, g_stats.remote_answers_refused);
    printf("  live pairs: %d; their answers to the fuzzed re-offers, back at the offerer: %d accepted, %d refused\n",
           g_stats.live_pairs, g_stats.live_answers_accepted, g_stats.live_answers_refused);
    printf("  accepted offers of the crash's shape (unknown media type, [UDP/|TCP/]DTLS/SCTP or SCTP): %d; then a\n"
           "    candidate with a username_fragment added %d, answered %d, answer applied %d, rolled back %d\n",
           g_stats.crash_shape_accepted, g_stats.crash_shape_candidates, g_stats.crash_shape_answered,
           g_stats.crash_shape_applied, g_stats.crash_shape_rolled_back);
    printf("  create_offer with the remote offer pending: %d, %d created, %d applied\n", g_stats.offers_while_remote_offer,
           g_stats.offers_while_remote_offer_created, g_stats.offers_while_remote_offer_applied);
    if (g_skip_known_crashes)
        printf("  offers skipped (RTCN_FUZZ_SKIP_KNOWN_CRASHES): %d\n", g_skipped_offers);
    printf("  candidates with a username_fragment: %d added, %d refused; end-of-candidates with an unknown mid: %d "
           "succeeded (%d of them with a remote description), %d failed\n",
           g_stats.ufrag_candidates_ok, g_stats.ufrag_candidates_failed, g_stats.eoc_unknown_ok,
           g_stats.eoc_unknown_ok_with_remote, g_stats.eoc_unknown_failed);
    printf("  answerers released with operations queued: %d; get_stats: %d; bundle policies: balanced %d, "
           "max-compat %d, max-bundle %d\n",
           g_stats.early_releases, g_stats.stats, g_stats.bundle_policy[0], g_stats.bundle_policy[1],
           g_stats.bundle_policy[2]);
    if (g_emptied_media)
        printf("  handed-out SDPs with an \"m= \" line (marker removed from a media type): %d (the first: %s)\n",
               g_emptied_media, g_emptied_media_example);
    if (g_stats.session_error_rollbacks)
        printf("  rollbacks refused in libwebrtc's session error state (after a partly applied refusal): %d\n",
               g_stats.session_error_rollbacks);
    if (g_stats.truncated)
        printf("  accepted descriptions libwebrtc silently cut at an \"m= \" line: %d (the first: %s)\n",
               g_stats.truncated, g_stats.truncated_example);
    if (g_stats.refused_partial_stable)
        printf("  refused offers kept as libwebrtc's remote description, signaling state stable: %d\n    (the first: %s)\n",
               g_stats.refused_partial_stable, g_stats.partial_stable_example);
    if (g_stats.refused_partial_other)
        printf("  refused offers kept as libwebrtc's remote description, signaling state changed: %d\n    (the first: %s)\n",
               g_stats.refused_partial_other, g_stats.partial_other_example);
    printf("  mutations:");
    for (int i = 0; i < COUNT_OF(k_mutations); i++) printf(" %s %d", k_mutations[i].name, k_mutations[i].used);
    printf("\n  refusals, most common first:\n");
    for (int shown = 0; shown < 12; shown++) {
        int best = -1;
        for (int i = 0; i < g_nrefusals; i++)
            if (g_refusals[i].count > 0 && (best < 0 || g_refusals[i].count > g_refusals[best].count)) best = i;
        if (best < 0) break;
        printf("    %5d  %s\n", g_refusals[best].count, g_refusals[best].key);
        g_refusals[best].count = -g_refusals[best].count; /* shown */
    }
    fflush(stdout);
}

static long long env_number(const char* name, long long fallback) {
    const char* v = getenv(name);
    if (!v || !v[0]) return fallback;
    char* end = NULL;
    long long n = (long long)strtoull(v, &end, 0);
    if (!end || *end) fail("%s=\"%s\" is not a number", name, v);
    return n;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    g_start_ms = now_ms();
    atomic_store(&g_step_started_ms, now_ms());
    g_seed = (uint64_t)env_number("RTCN_FUZZ_SEED", (long long)DEFAULT_SEED);
    long long iterations = env_number("RTCN_FUZZ_ITERATIONS", DEFAULT_ITERATIONS);
    g_verbose = (int)env_number("RTCN_FUZZ_VERBOSE", 0);
    g_skip_known_crashes = (int)env_number("RTCN_FUZZ_SKIP_KNOWN_CRASHES", 0);
    const char* layout_env = getenv("RTCN_FUZZ_THREAD_LAYOUT");
    int split = layout_env && strcmp(layout_env, "split") == 0;
    CHECK(iterations >= 0 && iterations <= 10000000, "RTCN_FUZZ_ITERATIONS out of range");
    say("sdp_fuzz: seed 0x%016llx (RTCN_FUZZ_SEED), %lld iterations (RTCN_FUZZ_ITERATIONS), %s thread layout%s",
        (unsigned long long)g_seed, iterations, split ? "split" : "shared",
        g_skip_known_crashes ? ", RTCN_FUZZ_SKIP_KNOWN_CRASHES: no offers where libwebrtc is known to abort" : "");

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g_cv, &ca);
    pthread_condattr_destroy(&ca);
    install_crash_reporting();
    pthread_t watchdog;
    CHECK(pthread_create(&watchdog, NULL, watchdog_main, NULL) == 0, "cannot start the watchdog thread");
    pthread_detach(watchdog);

    int32_t version = -1;
    CHECK_OK(rtcn_get_abi_version(&version));
    CHECK(version == RTCN_ABI_VERSION && version == 9, "library ABI version %d, header %d, test 9", version,
          RTCN_ABI_VERSION);
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
        .data_channel_message = cb_channel_message,
        .data_channel_buffered_amount_decrease = cb_channel_buffered,
        .session_description_created = cb_sdp_created,
        .operation_complete = cb_op_complete,
        .text_result = cb_text_result,
    };
    CHECK_OK(rtcn_register_callbacks(&callbacks));

    static const char* const interfaces[] = {"lo"};
    rtcn_factory_options fo;
    memset(&fo, 0, sizeof fo);
    fo.include_loopback = 1;
    fo.network_interfaces = interfaces;
    fo.network_interface_count = 1;
    fo.audio_device = RTCN_AUDIO_DEVICE_DUMMY;
    fo.thread_layout = split ? RTCN_THREAD_LAYOUT_SPLIT : RTCN_THREAD_LAYOUT_SHARED;
    g_factory = xcalloc(1, sizeof *g_factory);
    obj_init(&g_factory->base, OBJ_FACTORY, "the factory");
    CHECK_OK(rtcn_factory_create(&fo, g_factory, &g_factory->h));

    harvest();
    int64_t fuzz_start = now_ms();
    int ran = 0;
    int progress = iterations >= 10 ? (int)(iterations / 10) : 1;
    for (int i = 0; i < (int)iterations; i++, ran++) {
        run_iteration(i);
        if ((i + 1) % progress == 0)
            say("%d/%lld iterations: %d offers accepted, %d refused", i + 1, iterations, g_stats.accepted,
                g_stats.refused);
    }
    int64_t elapsed = now_ms() - fuzz_start;
    atomic_store(&g_iteration, -1);
    g_context[0][0] = g_context[1][0] = 0;

    before_release(&g_factory->base);
    CHECK_OK(rtcn_factory_release(g_factory->h));
    wait_everything_released();
    final_sweep();
    print_summary(ran, elapsed);
    if (ran > 2 * g_noffers + 40)
        CHECK(g_stats.accepted > 0 && g_stats.refused > 0, "the fuzzer never saw both an accepted and a refused offer");
    say("PASS (exiting normally: the library's static destructors run now)");
    return 0;
}
