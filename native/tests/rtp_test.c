/*
 * rtp_test.c - transceivers, senders and receivers through the C ABI alone: two connections on
 * one factory over loopback, a video and an audio transceiver, the track event on the callee
 * (before the completion of setRemoteDescription), mids and current directions after
 * negotiation, negotiation-needed after setDirection, codec capabilities and preferences (the
 * offer's m=video line), get/set parameters (maxBitrate round trip, a stale transaction id),
 * stats by track, sender and receiver, stop (ENDED), argument errors, calls after close, and
 * every object gone after release.
 *
 * With RTCN_TEST_MEDIA (the media half built): a test-pattern generator on the caller and a
 * sink on the callee's remote video track (frames with increasing pattern counters), an
 * UNMUTE event, and a tone whose PCM reaches the callee's audio sink (headless audio device).
 *
 * Callbacks only copy into an event log; the main thread drives everything with deadlines.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "rtcnative.h"
#include "test_support.h"

#ifndef RTCN_TEST_THREAD_LAYOUT
#define RTCN_TEST_THREAD_LAYOUT RTCN_THREAD_LAYOUT_SHARED
#endif

#define WAIT_MS 20000
#define MAX_EVENTS 8192

/* ------------------------------------------------------------------ the event log */

enum ev_kind {
    EV_NONE,
    EV_DESCRIPTION,   /* session_description_created */
    EV_COMPLETE,      /* operation_complete */
    EV_TEXT,          /* text_result */
    EV_CANDIDATE,     /* peer_connection_ice_candidate (candidate != NULL) */
    EV_NEGOTIATION,   /* peer_connection_negotiation_needed */
    EV_TRACK,         /* peer_connection_track */
    EV_TRACK_EVENT,   /* peer_connection_receiver_track_event */
    EV_RELEASED,      /* user_data_released */
    EV_SINK           /* media_sink_available */
};

typedef struct event {
    enum ev_kind kind;
    int consumed;
    intptr_t who;            /* peer (1, 2), op id, sink id, released user_data */
    rtcn_status status;      /* completions: RTCN_OK or the error's */
    char* text;              /* sdp, stats JSON, candidate */
    char* text2;             /* candidate mid; first stream id */
    int32_t number;          /* mline index; stream id count; track event */
    rtcn_rtp_transceiver* transceiver;
} event;

static pthread_mutex_t g_mutex = PTHREAD_MUTEX_INITIALIZER;
static event g_events[MAX_EVENTS];
static int g_event_count;
static atomic_int g_violations;

static char* dup_or_null(const char* s) { return s ? strdup(s) : NULL; }

static void push(event e) {
    pthread_mutex_lock(&g_mutex);
    if (g_event_count < MAX_EVENTS) {
        g_events[g_event_count++] = e;
    } else {
        atomic_fetch_add(&g_violations, 1);
    }
    pthread_mutex_unlock(&g_mutex);
}

static void on_released(void* user_data) { push((event){.kind = EV_RELEASED, .who = (intptr_t)user_data}); }
static void on_description(void* op, const rtcn_error* error, rtcn_sdp_type type, const char* sdp) {
    (void)type;
    push((event){.kind = EV_DESCRIPTION, .who = (intptr_t)op, .status = error ? error->status : RTCN_OK,
                 .text = dup_or_null(error ? error->message : sdp)});
}
static void on_complete(void* op, const rtcn_error* error, const rtcn_session_state* state) {
    (void)state;
    push((event){.kind = EV_COMPLETE, .who = (intptr_t)op, .status = error ? error->status : RTCN_OK,
                 .text = dup_or_null(error ? error->message : NULL)});
}
static void on_text(void* op, const rtcn_error* error, const char* text) {
    push((event){.kind = EV_TEXT, .who = (intptr_t)op, .status = error ? error->status : RTCN_OK,
                 .text = dup_or_null(error ? error->message : text)});
}
static void on_candidate(void* user_data, const rtcn_ice_candidate_info* candidate, const rtcn_session_state* state) {
    (void)state;
    if (!candidate) return;
    push((event){.kind = EV_CANDIDATE, .who = (intptr_t)user_data, .text = dup_or_null(candidate->candidate),
                 .text2 = dup_or_null(candidate->sdp_mid), .number = candidate->sdp_mline_index});
}
static void on_negotiation(void* user_data, uint32_t event_id) {
    (void)event_id;
    push((event){.kind = EV_NEGOTIATION, .who = (intptr_t)user_data});
}
static void on_track(void* user_data, rtcn_rtp_transceiver* transceiver, const char* const* stream_ids, int32_t count) {
    if (count > 0 && stream_ids == NULL) atomic_fetch_add(&g_violations, 1);
    push((event){.kind = EV_TRACK, .who = (intptr_t)user_data, .transceiver = transceiver, .number = count,
                 .text2 = count > 0 ? dup_or_null(stream_ids[0]) : NULL});
}
static void on_track_event(void* user_data, rtcn_rtp_transceiver* transceiver, rtcn_receiver_track_event e) {
    push((event){.kind = EV_TRACK_EVENT, .who = (intptr_t)user_data, .transceiver = transceiver, .number = e});
}
/* media_sink_available runs on the signaling thread, not on the decoder or audio playout thread
 * that queued the remote frame or PCM (a violation otherwise). */
static atomic_int g_sink_signals;
static void on_sink(void* user_data) {
    char name[16] = {0};
    prctl(PR_GET_NAME, name, 0, 0, 0);
    const char* expected = RTCN_TEST_THREAD_LAYOUT == RTCN_THREAD_LAYOUT_SPLIT ? "rtcn-signaling" : "rtcn-network";
    if (strcmp(name, expected) != 0) {
        fprintf(stderr, "media_sink_available on thread \"%s\", want \"%s\"\n", name, expected);
        atomic_fetch_add(&g_violations, 1);
    }
    atomic_fetch_add(&g_sink_signals, 1);
    push((event){.kind = EV_SINK, .who = (intptr_t)user_data});
}

/* ------------------------------------------------------------------ helpers */

static rtcn_factory* g_factory;
static rtcn_peer_connection* g_pc[3]; /* 1 and 2 */
static intptr_t g_next_op = 1000;

static void forward_candidates(void) {
    for (;;) {
        event e = {0};
        int found = 0;
        pthread_mutex_lock(&g_mutex);
        for (int i = 0; i < g_event_count; ++i) {
            if (g_events[i].kind == EV_CANDIDATE && !g_events[i].consumed) {
                g_events[i].consumed = 1;
                e = g_events[i];
                found = 1;
                break;
            }
        }
        pthread_mutex_unlock(&g_mutex);
        if (!found) return;
        rtcn_peer_connection* other = g_pc[e.who == 1 ? 2 : 1];
        rtcn_ice_candidate_init init = {e.text, e.text2, e.number, NULL};
        /* Its completion is not awaited (a candidate for a closed connection fails, fine). */
        rtcn_peer_connection_add_ice_candidate(other, &init, (void*)(intptr_t)1);
    }
}

/* Index of the first unconsumed event of a kind from who (-1 = any) after index from, or -1. */
static int find_event(enum ev_kind kind, intptr_t who, int from) {
    pthread_mutex_lock(&g_mutex);
    int found = -1;
    for (int i = from; i < g_event_count; ++i) {
        if (g_events[i].kind == kind && !g_events[i].consumed && (who == -1 || g_events[i].who == who)) {
            found = i;
            break;
        }
    }
    pthread_mutex_unlock(&g_mutex);
    return found;
}

static int wait_event(enum ev_kind kind, intptr_t who, int64_t wait_ms) {
    const int64_t deadline = now_ms() + wait_ms;
    for (;;) {
        forward_candidates();
        int i = find_event(kind, who, 0);
        if (i >= 0) {
            pthread_mutex_lock(&g_mutex);
            g_events[i].consumed = 1;
            pthread_mutex_unlock(&g_mutex);
            return i;
        }
        if (now_ms() > deadline) return -1;
        sleep_ms(2);
    }
}

static event must_wait(enum ev_kind kind, intptr_t who, const char* what) {
    int i = wait_event(kind, who, WAIT_MS);
    if (i < 0) fail("timed out waiting for %s", what);
    pthread_mutex_lock(&g_mutex);
    event e = g_events[i];
    pthread_mutex_unlock(&g_mutex);
    return e;
}

static void consume_all(enum ev_kind kind, intptr_t who) {
    pthread_mutex_lock(&g_mutex);
    for (int i = 0; i < g_event_count; ++i)
        if (g_events[i].kind == kind && (who == -1 || g_events[i].who == who)) g_events[i].consumed = 1;
    pthread_mutex_unlock(&g_mutex);
}

static intptr_t new_op(void) { return ++g_next_op; }

static char* create_sdp(int peer, int offer) {
    intptr_t op = new_op();
    if (offer) {
        CHECK_OK(rtcn_peer_connection_create_offer(g_pc[peer], NULL, (void*)op));
    } else {
        CHECK_OK(rtcn_peer_connection_create_answer(g_pc[peer], (void*)op));
    }
    event e = must_wait(EV_DESCRIPTION, op, offer ? "createOffer" : "createAnswer");
    CHECK(e.status == RTCN_OK, "create %s failed: %s", offer ? "offer" : "answer", e.text);
    return e.text;
}

/* Returns the index of the completion event (for ordering checks). */
static int set_description(int peer, int local, rtcn_sdp_type type, const char* sdp) {
    intptr_t op = new_op();
    if (local) {
        CHECK_OK(rtcn_peer_connection_set_local_description(g_pc[peer], type, sdp, (void*)op));
    } else {
        CHECK_OK(rtcn_peer_connection_set_remote_description(g_pc[peer], type, sdp, (void*)op));
    }
    int i = wait_event(EV_COMPLETE, op, WAIT_MS);
    if (i < 0) fail("timed out waiting for set%sDescription", local ? "Local" : "Remote");
    CHECK(g_events[i].status == RTCN_OK, "set%sDescription failed: %s", local ? "Local" : "Remote", g_events[i].text);
    return i;
}

/* Offer from a to b and the answer back; returns the offer (caller frees) and the index of the
 * callee's setRemoteDescription completion. */
static char* negotiate(int a, int b, int* srd_index) {
    char* offer = create_sdp(a, 1);
    set_description(a, 1, RTCN_SDP_TYPE_OFFER, offer);
    int i = set_description(b, 0, RTCN_SDP_TYPE_OFFER, offer);
    if (srd_index) *srd_index = i;
    char* answer = create_sdp(b, 0);
    set_description(b, 1, RTCN_SDP_TYPE_ANSWER, answer);
    set_description(a, 0, RTCN_SDP_TYPE_ANSWER, answer);
    free(answer);
    return offer;
}

static rtcn_status wait_op_status(intptr_t op, enum ev_kind kind, const char* what, char** text) {
    event e = must_wait(kind, op, what);
    if (text) {
        *text = e.text;
    }
    return e.status;
}

static rtcn_rtp_transceiver_info info_of(rtcn_rtp_transceiver* t) {
    rtcn_rtp_transceiver_info info;
    CHECK_OK(rtcn_rtp_transceiver_get_info(t, &info));
    return info;
}

static void expect(rtcn_status got, rtcn_status want, const char* what) {
    if (got != want) fail("%s: expected %s, got %s (last error: %s)", what, status_name(want), status_name(got),
                          last_error_text());
}

/* The payload types of the m=<kind> line of an SDP, and whether every rtpmap of that section
 * is one of the allowed codec names (rtx always allowed). */
static int section_codecs(const char* sdp, const char* kind, const char* allowed, int* payload_count) {
    char head[32];
    snprintf(head, sizeof head, "m=%s ", kind);
    const char* m = strstr(sdp, head);
    if (!m) return 0;
    const char* end = strstr(m + 2, "\nm=");
    if (!end) end = m + strlen(m);
    /* m=video 9 UDP/TLS/RTP/SAVPF 96 97 */
    int count = 0;
    const char* line_end = strchr(m, '\n');
    const char* p = m;
    for (int field = 0; p < line_end; ++field) {
        while (p < line_end && *p == ' ') ++p;
        const char* start = p;
        while (p < line_end && *p != ' ' && *p != '\r') ++p;
        if (field >= 3 && p > start) ++count;
        if (*p == '\r') break;
    }
    *payload_count = count;
    int ok = 1;
    for (const char* r = strstr(m, "a=rtpmap:"); r && r < end; r = strstr(r + 1, "a=rtpmap:")) {
        const char* name = strchr(r, ' ');
        if (!name) break;
        ++name;
        if (strncmp(name, allowed, strlen(allowed)) != 0 && strncmp(name, "rtx/", 4) != 0) ok = 0;
    }
    return ok;
}

static int has_codec(const rtcn_rtp_capabilities* caps, const char* mime) {
    for (int32_t i = 0; i < caps->codec_count; ++i)
        if (strcmp(caps->codecs[i].mime_type, mime) == 0) return 1;
    return 0;
}

static int64_t live(rtcn_object_kind kind) {
    int64_t n = -1;
    CHECK_OK(rtcn_get_live_object_count(kind, &n));
    return n;
}

/* ------------------------------------------------------------------ the test */

int main(void) {
    static const rtcn_callbacks callbacks = {
        .user_data_released = on_released,
        .peer_connection_ice_candidate = on_candidate,
        .peer_connection_negotiation_needed = on_negotiation,
        .peer_connection_track = on_track,
        .peer_connection_receiver_track_event = on_track_event,
        .media_sink_available = on_sink,
        .session_description_created = on_description,
        .operation_complete = on_complete,
        .text_result = on_text,
    };
    CHECK_OK(rtcn_register_callbacks(&callbacks));

    /* ---- argument errors that need no object */
    expect(rtcn_rtp_transceiver_get_info(NULL, NULL), RTCN_ERROR_INVALID_ARGUMENT, "get_info(NULL)");
    expect(rtcn_rtp_transceiver_release(NULL), RTCN_OK, "release(NULL)");
    expect(rtcn_factory_get_rtp_capabilities(NULL, RTCN_MEDIA_KIND_VIDEO, 0, NULL), RTCN_ERROR_INVALID_ARGUMENT,
           "capabilities(NULL)");

    const char* lo[] = {"lo"};
    rtcn_factory_options options = {0};
    options.include_loopback = 1;
    options.network_interfaces = lo;
    options.network_interface_count = 1;
    options.audio_device = RTCN_AUDIO_DEVICE_HEADLESS;
    options.thread_layout = RTCN_TEST_THREAD_LAYOUT;
    CHECK_OK(rtcn_factory_create(&options, (void*)(intptr_t)100, &g_factory));

    /* ---- capabilities */
    rtcn_rtp_capabilities* video_caps = NULL;
    rtcn_rtp_capabilities* audio_caps = NULL;
    CHECK_OK(rtcn_factory_get_rtp_capabilities(g_factory, RTCN_MEDIA_KIND_VIDEO, 0, &video_caps));
    CHECK_OK(rtcn_factory_get_rtp_capabilities(g_factory, RTCN_MEDIA_KIND_AUDIO, 1, &audio_caps));
    rtcn_rtp_capabilities* none = NULL;
    expect(rtcn_factory_get_rtp_capabilities(g_factory, (rtcn_media_kind)7, 0, &none), RTCN_ERROR_INVALID_ARGUMENT,
           "capabilities(kind 7)");
    CHECK(has_codec(video_caps, "video/VP8") && has_codec(video_caps, "video/VP9") && has_codec(video_caps, "video/H264"),
          "video capabilities lack VP8, VP9 or H264");
    CHECK(has_codec(audio_caps, "audio/opus") && has_codec(audio_caps, "audio/PCMU") && has_codec(audio_caps, "audio/PCMA") &&
              has_codec(audio_caps, "audio/G722"),
          "audio capabilities lack opus, PCMU, PCMA or G722");
    CHECK(video_caps->header_extension_count > 0, "no video header extensions");
    printf("capabilities: %d video codecs, %d audio codecs\n", video_caps->codec_count, audio_caps->codec_count);
    rtcn_rtp_codec vp8 = {0};
    for (int32_t i = 0; i < video_caps->codec_count; ++i)
        if (strcmp(video_caps->codecs[i].mime_type, "video/VP8") == 0) vp8 = video_caps->codecs[i];

    CHECK_OK(rtcn_peer_connection_create(g_factory, NULL, (void*)(intptr_t)1, &g_pc[1]));
    CHECK_OK(rtcn_peer_connection_create(g_factory, NULL, (void*)(intptr_t)2, &g_pc[2]));

    /* ---- add_transceiver argument errors */
    rtcn_rtp_transceiver* t = NULL;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], (rtcn_media_kind)9, NULL, NULL, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(kind 9)");
    expect(rtcn_peer_connection_add_transceiver(NULL, RTCN_MEDIA_KIND_VIDEO, NULL, NULL, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(NULL)");
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, NULL, NULL), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(out NULL)");
    rtcn_rtp_transceiver_init bad = {0};
    bad.direction = RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(stopped)");
    bad.direction = (rtcn_rtp_transceiver_direction)-3;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(direction -3)");
    bad.direction = RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV;
    bad.stream_id_count = -1;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(stream count -1)");
    bad.stream_id_count = 2000000000;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(huge stream count)");
    bad.stream_id_count = 0;
    rtcn_rtp_encoding encodings[2] = {{"a", 1, -1, -1, -1, RTCN_PRIORITY_LOW, RTCN_PRIORITY_LOW},
                                      {"b", 1, -1, -1, -1, RTCN_PRIORITY_LOW, RTCN_PRIORITY_LOW}};
    bad.send_encodings = encodings;
    bad.send_encoding_count = 2;
    encodings[1].rid = "bad rid!";
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(rid syntax)");
    encodings[1].rid = "a";
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(duplicate rid)");
    encodings[1].rid = "b";
    encodings[1].scale_resolution_down_by = 0.5;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_RANGE,
           "add_transceiver(scale 0.5)");
    encodings[1].scale_resolution_down_by = -1;
    encodings[1].priority = (rtcn_priority)77;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(priority 77)");
    bad.send_encoding_count = -5;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &bad, &t), RTCN_ERROR_INVALID_ARGUMENT,
           "add_transceiver(encoding count -5)");
    int32_t count = -1;
    CHECK_OK(rtcn_peer_connection_get_transceiver_count(g_pc[1], &count));
    CHECK(count == 0, "refused transceivers were added (%d)", count);

    /* ---- tracks (with the media half) */
#ifdef RTCN_TEST_MEDIA
    rtcn_video_source* video_source = NULL;
    rtcn_media_track* video_track = NULL;
    rtcn_audio_source* audio_source = NULL;
    rtcn_media_track* audio_track = NULL;
    CHECK_OK(rtcn_video_generator_create(g_factory, NULL, &video_source, &video_track));
    CHECK_OK(rtcn_video_source_start_test_pattern(video_source, 320, 240, 30));
    CHECK_OK(rtcn_audio_generator_create(g_factory, NULL, 48000, 1, &audio_source, &audio_track));
    CHECK_OK(rtcn_audio_source_start_tone(audio_source, 440, 0.5));
#endif

    /* ---- the caller's transceivers */
    const char* streams[] = {"s1"};
    rtcn_rtp_encoding one = {NULL, 1, -1, -1, -1, RTCN_PRIORITY_LOW, RTCN_PRIORITY_LOW};
    rtcn_rtp_transceiver_init video_init = {RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV, streams, 1, &one, 1};
    rtcn_rtp_transceiver* t1v = NULL;
    rtcn_rtp_transceiver* t1a = NULL;
#ifdef RTCN_TEST_MEDIA
    CHECK_OK(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_AUDIO /* ignored */, video_track, &video_init, &t1v));
    CHECK_OK(rtcn_peer_connection_add_track(g_pc[1], audio_track, streams, 1, &t1a));
    rtcn_rtp_transceiver* again = NULL;
    expect(rtcn_peer_connection_add_track(g_pc[1], audio_track, NULL, 0, &again), RTCN_ERROR_INVALID_ACCESS,
           "add_track(the same track again)");
    rtcn_media_track* sender_track = NULL;
    CHECK_OK(rtcn_rtp_sender_get_track(t1v, &sender_track));
    CHECK(sender_track == video_track, "the sender's track is not the track given");
    CHECK_OK(rtcn_media_track_release(sender_track));
#else
    CHECK_OK(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, &video_init, &t1v));
    CHECK_OK(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_AUDIO, NULL, NULL, &t1a));
    rtcn_media_track* sender_track = (rtcn_media_track*)1;
    CHECK_OK(rtcn_rtp_sender_get_track(t1v, &sender_track));
    CHECK(sender_track == NULL, "a transceiver added by kind has a sender track");
#endif
    rtcn_rtp_transceiver_info info = info_of(t1v);
    CHECK(info.kind == RTCN_MEDIA_KIND_VIDEO && info.mid == NULL && info.direction == RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV &&
              !info.has_current_direction && !info.stopping && !info.stopped,
          "a new video transceiver's info is wrong");
    CHECK(info_of(t1a).kind == RTCN_MEDIA_KIND_AUDIO, "the audio transceiver's kind");
    CHECK_OK(rtcn_peer_connection_get_transceiver_count(g_pc[1], &count));
    CHECK(count == 2, "transceiver count %d, expected 2", count);
    rtcn_rtp_transceiver* got = NULL;
    CHECK_OK(rtcn_peer_connection_get_transceiver(g_pc[1], 0, &got));
    CHECK(got == t1v, "get_transceiver(0) is not the first transceiver");
    CHECK_OK(rtcn_rtp_transceiver_release(got));
    CHECK_OK(rtcn_peer_connection_get_transceiver(g_pc[1], 5, &got));
    CHECK(got == NULL, "get_transceiver(5) is not NULL");
    CHECK_OK(rtcn_peer_connection_get_transceiver(g_pc[1], -1, &got));
    CHECK(got == NULL, "get_transceiver(-1) is not NULL");
    must_wait(EV_NEGOTIATION, 1, "negotiation-needed after addTransceiver");

    /* ---- DTMF before negotiation (no current direction): the state is refused before the
     * characters; a video sender has no DTMF sender; NULL arguments are usage errors. */
    int32_t can_insert = -1;
    CHECK_OK(rtcn_rtp_sender_dtmf_can_insert(t1a, &can_insert));
    CHECK(can_insert == 0, "can_insert before negotiation");
    expect(rtcn_rtp_sender_dtmf_insert(t1a, "1", 100, 70), RTCN_ERROR_INVALID_STATE, "dtmf_insert before negotiation");
    expect(rtcn_rtp_sender_dtmf_insert(t1a, "X", 100, 70), RTCN_ERROR_INVALID_STATE, "dtmf_insert(X) before negotiation");
    expect(rtcn_rtp_sender_dtmf_insert(t1a, NULL, 100, 70), RTCN_ERROR_INVALID_ARGUMENT, "dtmf_insert(NULL tones)");
    expect(rtcn_rtp_sender_dtmf_insert(NULL, "1", 100, 70), RTCN_ERROR_INVALID_ARGUMENT, "dtmf_insert(NULL sender)");
    expect(rtcn_rtp_sender_dtmf_can_insert(t1a, NULL), RTCN_ERROR_INVALID_ARGUMENT, "dtmf_can_insert(NULL out)");
    expect(rtcn_rtp_sender_dtmf_insert(t1v, "1", 100, 70), RTCN_ERROR_NOT_SUPPORTED, "dtmf_insert on video");
    expect(rtcn_rtp_sender_dtmf_can_insert(t1v, &can_insert), RTCN_ERROR_NOT_SUPPORTED, "dtmf_can_insert on video");
    char* tone_buffer = NULL;
    CHECK_OK(rtcn_rtp_sender_dtmf_get_tone_buffer(t1a, &tone_buffer));
    CHECK(tone_buffer != NULL && tone_buffer[0] == '\0', "the tone buffer before any insert is not empty");
    CHECK_OK(rtcn_free(tone_buffer));
    int32_t dtmf_duration = 0, dtmf_gap = 0;
    CHECK_OK(rtcn_rtp_sender_dtmf_get_timing(t1a, &dtmf_duration, &dtmf_gap));
    CHECK(dtmf_duration >= 40 && dtmf_gap >= 30, "DTMF timing %d/%d", dtmf_duration, dtmf_gap);

    /* ---- codec preferences */
    rtcn_rtp_codec bogus = {-1, "video/NOPE", 90000, 0, NULL};
    expect(rtcn_rtp_transceiver_set_codec_preferences(t1v, &bogus, 1), RTCN_ERROR_INVALID_MODIFICATION,
           "set_codec_preferences(bogus)");
    rtcn_rtp_codec no_mime = {-1, NULL, 90000, 0, NULL};
    expect(rtcn_rtp_transceiver_set_codec_preferences(t1v, &no_mime, 1), RTCN_ERROR_INVALID_ARGUMENT,
           "set_codec_preferences(NULL mime)");
    expect(rtcn_rtp_transceiver_set_codec_preferences(t1v, NULL, 3), RTCN_ERROR_INVALID_ARGUMENT,
           "set_codec_preferences(NULL, 3)");
    expect(rtcn_rtp_transceiver_set_codec_preferences(t1v, &vp8, -1), RTCN_ERROR_INVALID_ARGUMENT,
           "set_codec_preferences(count -1)");
    expect(rtcn_rtp_transceiver_set_codec_preferences(t1a, &vp8, 1), RTCN_ERROR_INVALID_MODIFICATION,
           "set_codec_preferences(VP8 on audio)");
    CHECK_OK(rtcn_rtp_transceiver_set_codec_preferences(t1a, NULL, 0));
    CHECK_OK(rtcn_rtp_transceiver_set_codec_preferences(t1v, &vp8, 1));

    CHECK(info_of(t1v).dtls_transport_id == 0, "a DTLS transport id before any description");

    /* ---- negotiation: the track event on the callee before its setRemoteDescription completes */
    int srd_index = -1;
    char* offer = negotiate(1, 2, &srd_index);
    int payloads = 0;
    CHECK(section_codecs(offer, "video", "VP8/", &payloads), "the offer's video section has codecs besides VP8:\n%s", offer);
    CHECK(payloads >= 1 && payloads <= 2, "the offer's m=video line has %d payload types", payloads);
    CHECK(section_codecs(offer, "audio", "", &payloads) && payloads > 3, "the audio section lost codecs");
    free(offer);
    rtcn_rtp_transceiver* t2v = NULL;
    rtcn_rtp_transceiver* t2a = NULL;
    for (int n = 0; n < 2; ++n) {
        int i = wait_event(EV_TRACK, 2, WAIT_MS);
        CHECK(i >= 0, "no track event on the callee");
        CHECK(i < srd_index, "the track event (#%d) came after the setRemoteDescription completion (#%d)", i, srd_index);
        event e = g_events[i];
        rtcn_rtp_transceiver_info ti = info_of(e.transceiver);
        if (ti.kind == RTCN_MEDIA_KIND_VIDEO) {
            t2v = e.transceiver;
            CHECK(e.number == 1 && e.text2 && strcmp(e.text2, "s1") == 0, "the video track event's streams");
        } else {
            t2a = e.transceiver;
        }
    }
    CHECK(t2v && t2a, "the callee's track events do not name a video and an audio transceiver");
    CHECK(wait_event(EV_TRACK, 1, 0) < 0, "the caller got a track event");
    rtcn_rtp_transceiver_info i1v = info_of(t1v), i2v = info_of(t2v), i1a = info_of(t1a), i2a = info_of(t2a);
    CHECK(i1v.mid && i2v.mid && strcmp(i1v.mid, i2v.mid) == 0, "video mids differ");
    CHECK(i1a.mid && i2a.mid && strcmp(i1a.mid, i2a.mid) == 0, "audio mids differ");
    CHECK(i1v.has_current_direction && i1v.current_direction == RTCN_RTP_TRANSCEIVER_DIRECTION_SENDONLY,
          "caller's video current direction %d, expected sendonly", i1v.current_direction);
    CHECK(i2v.has_current_direction && i2v.current_direction == RTCN_RTP_TRANSCEIVER_DIRECTION_RECVONLY &&
              i2v.direction == RTCN_RTP_TRANSCEIVER_DIRECTION_RECVONLY,
          "callee's video direction/current direction wrong");
    CHECK_OK(rtcn_peer_connection_get_transceiver_count(g_pc[2], &count));
    CHECK(count == 2, "the callee has %d transceivers", count);
    /* Bundled: both transceivers of a side name the same DTLS transport. */
    CHECK(i1v.dtls_transport_id != 0 && i1v.dtls_transport_id == i1a.dtls_transport_id,
          "caller's DTLS transport ids: video %llu, audio %llu", (unsigned long long)i1v.dtls_transport_id,
          (unsigned long long)i1a.dtls_transport_id);
    CHECK(i2v.dtls_transport_id != 0 && i2v.dtls_transport_id == i2a.dtls_transport_id,
          "callee's DTLS transport ids: video %llu, audio %llu", (unsigned long long)i2v.dtls_transport_id,
          (unsigned long long)i2a.dtls_transport_id);
    printf("negotiated: video mid %s, audio mid %s\n", i1v.mid, i1a.mid);

    /* ---- receiver reads */
    char** ids = NULL;
    int32_t id_count = 0;
    CHECK_OK(rtcn_rtp_receiver_get_stream_ids(t2v, &ids, &id_count));
    CHECK(id_count == 1 && strcmp(ids[0], "s1") == 0, "receiver stream ids");
    CHECK_OK(rtcn_free(ids));
    rtcn_rtp_parameters* rp = NULL;
    CHECK_OK(rtcn_rtp_receiver_get_parameters(t2v, &rp));
    CHECK(rp->codec_count >= 1 && strcmp(rp->codecs[0].mime_type, "video/VP8") == 0 && rp->transaction_id == NULL,
          "receiver parameters");
    CHECK_OK(rtcn_free(rp));
    expect(rtcn_rtp_receiver_set_jitter_buffer_target(t2v, 5000), RTCN_ERROR_RANGE, "jitter 5000");
    expect(rtcn_rtp_receiver_set_jitter_buffer_target(t2v, -2), RTCN_ERROR_RANGE, "jitter -2");
    expect(rtcn_rtp_receiver_set_jitter_buffer_target(t2v, NAN), RTCN_ERROR_RANGE, "jitter NaN");
    CHECK_OK(rtcn_rtp_receiver_set_jitter_buffer_target(t2v, 100));
    CHECK_OK(rtcn_rtp_receiver_set_jitter_buffer_target(t2v, -1));
    rtcn_rtp_source* sources = NULL;
    int32_t source_count = -1;
    CHECK_OK(rtcn_rtp_receiver_get_sources(t2a, 0, &sources, &source_count));
    CHECK(source_count >= 0, "source count");
    CHECK_OK(rtcn_free(sources));
    rtcn_media_track* remote_video = NULL;
    CHECK_OK(rtcn_rtp_receiver_get_track(t2v, &remote_video));
    rtcn_media_track* remote_video_again = NULL;
    CHECK_OK(rtcn_rtp_receiver_get_track(t2v, &remote_video_again));
    CHECK(remote_video && remote_video == remote_video_again, "the receiver's track is not one object");
    CHECK_OK(rtcn_media_track_release(remote_video_again));

    /* ---- parameters */
    rtcn_rtp_parameters* p = NULL;
    CHECK_OK(rtcn_rtp_sender_get_parameters(t1v, &p));
    CHECK(p->transaction_id && p->transaction_id[0] && p->encoding_count == 1, "sender parameters");
    rtcn_rtp_encoding changed = p->encodings[0];
    changed.max_bitrate_bps = 300000;
    rtcn_rtp_parameters set = *p;
    set.encodings = &changed;
    intptr_t op = new_op();
    CHECK_OK(rtcn_rtp_sender_set_parameters(t1v, &set, (void*)op));
    CHECK_OK(rtcn_free(p));
    char* message = NULL;
    rtcn_status s = wait_op_status(op, EV_COMPLETE, "setParameters", &message);
    CHECK(s == RTCN_OK, "setParameters failed: %s %s", status_name(s), message ? message : "");
    CHECK_OK(rtcn_rtp_sender_get_parameters(t1v, &p));
    CHECK(p->encodings[0].max_bitrate_bps == 300000, "maxBitrate read back %lld", (long long)p->encodings[0].max_bitrate_bps);
    rtcn_rtp_parameters* newer = NULL;
    CHECK_OK(rtcn_rtp_sender_get_parameters(t1v, &newer));
    set = *p; /* the stale transaction id */
    op = new_op();
    CHECK_OK(rtcn_rtp_sender_set_parameters(t1v, &set, (void*)op));
    s = wait_op_status(op, EV_COMPLETE, "setParameters (stale)", NULL);
    expect(s, RTCN_ERROR_INVALID_MODIFICATION, "setParameters with a stale transaction id");
    set = *newer;
    set.encoding_count = 0;
    op = new_op();
    CHECK_OK(rtcn_rtp_sender_set_parameters(t1v, &set, (void*)op));
    expect(wait_op_status(op, EV_COMPLETE, "setParameters (no encodings)", NULL), RTCN_ERROR_INVALID_MODIFICATION,
           "setParameters with another encoding count");
    set.encoding_count = -1;
    expect(rtcn_rtp_sender_set_parameters(t1v, &set, (void*)op), RTCN_ERROR_INVALID_ARGUMENT, "setParameters(count -1)");
    set.encoding_count = 1;
    set.degradation_preference = (rtcn_degradation_preference)42;
    expect(rtcn_rtp_sender_set_parameters(t1v, &set, (void*)op), RTCN_ERROR_INVALID_ARGUMENT, "setParameters(bad enum)");
    CHECK_OK(rtcn_free(p));
    CHECK_OK(rtcn_free(newer));

    /* ---- stats */
    op = new_op();
    CHECK_OK(rtcn_rtp_sender_get_stats(t1v, (void*)op));
    char* json = NULL;
    s = wait_op_status(op, EV_TEXT, "sender getStats", &json);
    CHECK(s == RTCN_OK && json && strstr(json, "outbound-rtp"), "sender stats lack outbound-rtp: %s", json ? json : "");
    op = new_op();
    CHECK_OK(rtcn_rtp_receiver_get_stats(t2v, (void*)op));
    s = wait_op_status(op, EV_TEXT, "receiver getStats", &json);
    CHECK(s == RTCN_OK && json && json[0] == '[', "receiver stats: %s", json ? json : "");
    op = new_op();
    CHECK_OK(rtcn_peer_connection_get_stats_for_track(g_pc[2], remote_video, (void*)op));
    s = wait_op_status(op, EV_TEXT, "getStats(track)", &json);
    CHECK(s == RTCN_OK && json && json[0] == '[', "track stats: %s", json ? json : "");
    expect(rtcn_peer_connection_get_stats_for_track(g_pc[1], remote_video, (void*)op), RTCN_ERROR_INVALID_ACCESS,
           "getStats(a track of another connection)");
#ifdef RTCN_TEST_MEDIA
    op = new_op();
    CHECK_OK(rtcn_peer_connection_get_stats_for_track(g_pc[1], video_track, (void*)op));
    s = wait_op_status(op, EV_TEXT, "getStats(sent track)", &json);
    CHECK(s == RTCN_OK && json && strstr(json, "outbound-rtp"), "sent track stats: %s", json ? json : "");
#endif

    /* ---- media end to end */
#ifdef RTCN_TEST_MEDIA
    {
        rtcn_media_sink* video_sink = NULL;
        CHECK_OK(rtcn_media_sink_create(remote_video, 16, (void*)(intptr_t)501, &video_sink));
        uint32_t last_counter = 0;
        int decoded = 0;
        const int64_t deadline = now_ms() + WAIT_MS;
        while (decoded < 10 && now_ms() < deadline) {
            forward_candidates();
            rtcn_video_frame* frame = NULL;
            int32_t ended = 0;
            CHECK_OK(rtcn_media_sink_read_video(video_sink, &frame, &ended));
            CHECK(!ended, "the remote video track ended");
            if (!frame) {
                sleep_ms(5);
                continue;
            }
            int32_t found = 0;
            uint32_t counter = 0, time_ms = 0;
            CHECK_OK(rtcn_test_pattern_read(frame, &found, &counter, &time_ms));
            if (found) {
                CHECK(decoded == 0 || counter > last_counter, "pattern counter went from %u to %u", last_counter, counter);
                last_counter = counter;
                ++decoded;
            }
            CHECK_OK(rtcn_video_frame_release(frame));
        }
        CHECK(decoded >= 10, "only %d frames with a readable pattern arrived", decoded);
        printf("video: %d pattern frames, last counter %u\n", decoded, last_counter);
        CHECK_OK(rtcn_media_sink_release(video_sink));
        /* media arrived: the callee's video receiver was unmuted */
        int unmuted = 0;
        for (int i = 0; i < g_event_count; ++i)
            if (g_events[i].kind == EV_TRACK_EVENT && g_events[i].who == 2 && g_events[i].transceiver == t2v &&
                g_events[i].number == RTCN_RECEIVER_TRACK_EVENT_UNMUTE)
                unmuted = 1;
        CHECK(unmuted, "no UNMUTE event for the callee's video receiver");

        rtcn_media_track* remote_audio = NULL;
        CHECK_OK(rtcn_rtp_receiver_get_track(t2a, &remote_audio));
        rtcn_media_sink* audio_sink = NULL;
        CHECK_OK(rtcn_media_sink_create(remote_audio, 64, (void*)(intptr_t)502, &audio_sink));
        int loud = 0, chunks = 0;
        const int64_t audio_deadline = now_ms() + WAIT_MS;
        while (loud < 20 && now_ms() < audio_deadline) {
            forward_candidates();
            rtcn_audio_data* data = NULL;
            int32_t ended = 0;
            CHECK_OK(rtcn_media_sink_read_audio(audio_sink, &data, &ended));
            if (!data) {
                sleep_ms(5);
                continue;
            }
            ++chunks;
            rtcn_audio_data_info ai;
            CHECK_OK(rtcn_audio_data_get_info(data, &ai));
            int peak = 0;
            for (int32_t k = 0; k < ai.frame_count * ai.channel_count; ++k) {
                int v = ai.samples[k] < 0 ? -ai.samples[k] : ai.samples[k];
                if (v > peak) peak = v;
            }
            if (peak > 1000) ++loud;
            CHECK_OK(rtcn_audio_data_release(data));
        }
        CHECK(loud >= 20, "the callee's audio sink got %d chunks, %d loud", chunks, loud);
        printf("audio: %d chunks read, %d with the tone\n", chunks, loud);
        CHECK_OK(rtcn_media_sink_release(audio_sink));
        CHECK_OK(rtcn_media_track_release(remote_audio));
        /* sources: generators are counted, sinks too */
        CHECK_OK(rtcn_audio_source_stop_tone(audio_source));
    }
#endif

    /* ---- set_direction and negotiation-needed */
    consume_all(EV_NEGOTIATION, -1);
    expect(rtcn_rtp_transceiver_set_direction(t2v, RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED), RTCN_ERROR_INVALID_ARGUMENT,
           "set_direction(stopped)");
    expect(rtcn_rtp_transceiver_set_direction(t2v, (rtcn_rtp_transceiver_direction)99), RTCN_ERROR_INVALID_ARGUMENT,
           "set_direction(99)");
    CHECK_OK(rtcn_rtp_transceiver_set_direction(t2v, RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV));
    CHECK(info_of(t2v).direction == RTCN_RTP_TRANSCEIVER_DIRECTION_SENDRECV, "direction not read back");
    must_wait(EV_NEGOTIATION, 2, "negotiation-needed after setDirection");
    /* replaceTrack with the wrong kind and with nothing */
#ifdef RTCN_TEST_MEDIA
    op = new_op();
    CHECK_OK(rtcn_rtp_sender_replace_track(t1v, audio_track, (void*)op));
    expect(wait_op_status(op, EV_COMPLETE, "replaceTrack (kind)", NULL), RTCN_ERROR_INVALID_ARGUMENT, "replaceTrack(audio on video)");
#endif
    op = new_op();
    CHECK_OK(rtcn_rtp_sender_replace_track(t2v, NULL, (void*)op));
    expect(wait_op_status(op, EV_COMPLETE, "replaceTrack (null)", NULL), RTCN_OK, "replaceTrack(NULL)");
    const char* new_streams[] = {"x", "y"};
    CHECK_OK(rtcn_rtp_sender_set_streams(t2v, new_streams, 2));
    expect(rtcn_rtp_sender_set_streams(t2v, NULL, 2), RTCN_ERROR_INVALID_ARGUMENT, "set_streams(NULL, 2)");

    /* ---- stop: the receiver's track ends (ENDED), locally at once and on the other side after negotiation */
    consume_all(EV_TRACK_EVENT, -1);
    CHECK_OK(rtcn_rtp_transceiver_stop(t1a));
    CHECK_OK(rtcn_rtp_transceiver_stop(t1a)); /* idempotent */
    info = info_of(t1a);
    CHECK(info.stopping && info.direction == RTCN_RTP_TRANSCEIVER_DIRECTION_STOPPED, "stop() not reflected");
    event ended = must_wait(EV_TRACK_EVENT, 1, "ENDED after stop()");
    CHECK(ended.transceiver == t1a && ended.number == RTCN_RECEIVER_TRACK_EVENT_ENDED, "the event after stop() is %d",
          ended.number);
    expect(rtcn_rtp_transceiver_set_direction(t1a, RTCN_RTP_TRANSCEIVER_DIRECTION_SENDONLY), RTCN_ERROR_INVALID_STATE,
           "set_direction after stop");
    op = new_op();
    CHECK_OK(rtcn_rtp_sender_replace_track(t1a, NULL, (void*)op));
    expect(wait_op_status(op, EV_COMPLETE, "replaceTrack after stop", NULL), RTCN_ERROR_INVALID_STATE, "replaceTrack after stop");
    offer = negotiate(1, 2, NULL);
    free(offer);
    CHECK(info_of(t1a).stopped, "the stopped transceiver is not [[Stopped]] after negotiation");
    CHECK(info_of(t2a).stopped, "the callee's audio transceiver is not stopped after negotiation");
    int ended2 = 0;
    for (int n = 0; n < 4 && !ended2; ++n) {
        int i = wait_event(EV_TRACK_EVENT, 2, WAIT_MS);
        CHECK(i >= 0, "no ENDED event on the callee");
        if (g_events[i].transceiver == t2a && g_events[i].number == RTCN_RECEIVER_TRACK_EVENT_ENDED) ended2 = 1;
    }
    CHECK_OK(rtcn_peer_connection_get_transceiver_count(g_pc[1], &count));
    printf("after stop and negotiation: caller lists %d transceivers\n", count);

    /* ---- close: handles stay valid and report closed */
    CHECK_OK(rtcn_peer_connection_close(g_pc[1]));
    expect(rtcn_rtp_transceiver_set_direction(t1v, RTCN_RTP_TRANSCEIVER_DIRECTION_INACTIVE), RTCN_ERROR_INVALID_STATE,
           "set_direction after close");
    op = new_op();
    CHECK_OK(rtcn_rtp_sender_replace_track(t1v, NULL, (void*)op));
    expect(wait_op_status(op, EV_COMPLETE, "replaceTrack after close", NULL), RTCN_ERROR_CLOSED, "replaceTrack after close");
    rtcn_rtp_transceiver* added = NULL;
    expect(rtcn_peer_connection_add_transceiver(g_pc[1], RTCN_MEDIA_KIND_VIDEO, NULL, NULL, &added), RTCN_ERROR_INVALID_STATE,
           "add_transceiver after close");
    /* the connection released: every call on its transceivers still answers */
    CHECK_OK(rtcn_peer_connection_release(g_pc[1]));
    must_wait(EV_RELEASED, 1, "user_data_released of the caller");
    info = info_of(t1v);
    CHECK(info.stopped, "a transceiver of a released connection is not stopped");
    expect(rtcn_rtp_transceiver_stop(t1v), RTCN_ERROR_INVALID_STATE, "stop after release");
    rtcn_rtp_parameters* after = NULL;
    expect(rtcn_rtp_sender_get_parameters(t1v, &after), RTCN_ERROR_INVALID_STATE, "get_parameters after release");
    op = new_op();
    expect(rtcn_rtp_sender_get_stats(t1v, (void*)op), RTCN_ERROR_CLOSED, "sender stats after release");
    expect(rtcn_rtp_transceiver_set_codec_preferences(t1v, &vp8, 1), RTCN_ERROR_INVALID_STATE, "codecs after release");

    /* ---- release everything (track events not looked at hold references too) */
    for (int i = 0; i < g_event_count; ++i)
        if (g_events[i].kind == EV_TRACK && !g_events[i].consumed) {
            g_events[i].consumed = 1;
            CHECK_OK(rtcn_rtp_transceiver_release(g_events[i].transceiver));
        }
    CHECK_OK(rtcn_free(video_caps));
    CHECK_OK(rtcn_free(audio_caps));
    CHECK_OK(rtcn_media_track_release(remote_video));
    CHECK_OK(rtcn_rtp_transceiver_release(t1v));
    CHECK_OK(rtcn_rtp_transceiver_release(t1a));
    CHECK_OK(rtcn_rtp_transceiver_release(t2v));
    CHECK_OK(rtcn_rtp_transceiver_release(t2a));
#ifdef RTCN_TEST_MEDIA
    CHECK_OK(rtcn_media_track_release(video_track));
    CHECK_OK(rtcn_media_track_release(audio_track));
    CHECK_OK(rtcn_video_source_release(video_source));
    CHECK_OK(rtcn_audio_source_release(audio_source));
#endif
    CHECK_OK(rtcn_peer_connection_release(g_pc[2]));
    CHECK_OK(rtcn_factory_release(g_factory));
    must_wait(EV_RELEASED, 100, "user_data_released of the factory");
    const int64_t deadline = now_ms() + 5000;
    while (live(RTCN_OBJECT_ALL) != 0 && now_ms() < deadline) sleep_ms(10);
    CHECK(live(RTCN_OBJECT_ALL) == 0, "%lld objects still live (transceivers %lld, tracks %lld, connections %lld)",
          (long long)live(RTCN_OBJECT_ALL), (long long)live(RTCN_OBJECT_TRANSCEIVER), (long long)live(RTCN_OBJECT_MEDIA_TRACK),
          (long long)live(RTCN_OBJECT_PEER_CONNECTION));
    CHECK(atomic_load(&g_violations) == 0, "callback contract violations: %d", atomic_load(&g_violations));
    CHECK(atomic_load(&g_sink_signals) > 0, "no media_sink_available was raised");
    printf("rtp_test: OK\n");
    return 0;
}
