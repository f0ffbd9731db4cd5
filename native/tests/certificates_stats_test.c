/*
 * certificates_stats_test.c - certificates and getStats through the C ABI alone.
 *
 * Certificates: generation (ECDSA, RSA, unsupported RSA parameters), inspection (expiry,
 * fingerprint format), bad PEM input, a configuration that uses a certificate, and
 * setConfiguration's checks. Stats: getStats on a fresh connection completes once with a JSON
 * array holding the peer-connection entry; released with a request in flight, it still
 * completes exactly once; after close it still reports (as in Chrome).
 * Exit code 0 on success; 1 with a message on failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* _exit */

#include "rtcnative.h"
#include "test_support.h"

#define WAIT_MS 20000

static void expect_status(rtcn_status got, rtcn_status want, const char* what) {
    if (got != want) fail("%s: status %d, expected %d (%s)", what, (int)got, (int)want, last_error_text());
}

/* ------------------------------------------------------------------ text_result callback */

typedef struct stats_op {
    atomic_int completions;
    atomic_int status; /* RTCN_OK or the error's status */
    char* text;
} stats_op;

static void cb_text_result(void* op_user_data, const rtcn_error* error, const char* text) {
    stats_op* op = (stats_op*)op_user_data;
    if (error == NULL && text != NULL) op->text = strdup(text);
    atomic_store(&op->status, error == NULL ? RTCN_OK : (int)error->status);
    atomic_fetch_add(&op->completions, 1);
}

static void wait_completion(stats_op* op, const char* what) {
    for (int waited = 0; atomic_load(&op->completions) == 0; waited += 10) {
        if (waited > WAIT_MS) fail("%s: no completion within %d ms", what, WAIT_MS);
        sleep_ms(10);
    }
}

/* ------------------------------------------------------------------ certificates */

typedef struct pem_pair {
    char* key;
    char* certificate;
} pem_pair;

static pem_pair generate(rtcn_key_type type, int32_t modulus, uint32_t exponent, uint64_t expires_ms) {
    pem_pair pair = {NULL, NULL};
    expect_status(rtcn_certificate_generate(type, modulus, exponent, expires_ms, &pair.key, &pair.certificate),
                  RTCN_OK, "generate");
    if (!strstr(pair.key, "PRIVATE KEY-----") || !strstr(pair.certificate, "-----BEGIN CERTIFICATE-----"))
        fail("generate: the PEM strings are not a private key and a certificate");
    return pair;
}

static void free_pair(pem_pair* pair) {
    rtcn_free(pair->key);
    rtcn_free(pair->certificate);
}

/* Checks the fingerprint is "sha-256" with 32 upper-case hex pairs joined by ':'; returns it. */
static char* inspect(const pem_pair* pair, int64_t* expires_ms) {
    rtcn_certificate_pem pem = {pair->key, pair->certificate};
    char* algorithm = NULL;
    char* value = NULL;
    expect_status(rtcn_certificate_inspect(&pem, expires_ms, &algorithm, &value), RTCN_OK, "inspect");
    if (strcmp(algorithm, "sha-256") != 0) fail("inspect: algorithm %s", algorithm);
    if (strlen(value) != 32 * 3 - 1) fail("inspect: fingerprint %s has the wrong length", value);
    for (size_t i = 0; value[i]; ++i) {
        const char c = value[i];
        const int ok = i % 3 == 2 ? c == ':' : ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
        if (!ok) fail("inspect: fingerprint %s is not upper-case hex pairs", value);
    }
    rtcn_free(algorithm);
    return value;
}

/* Wall-clock milliseconds since the Unix epoch: certificate expiry is a date, not a monotonic time. */
static int64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_certificates(void) {
    int64_t expires = 0;
    const int64_t before = wall_ms();
    pem_pair ecdsa = generate(RTCN_KEY_TYPE_ECDSA_P256, 0, 0, 0);
    char* fingerprint = inspect(&ecdsa, &expires);
    /* libwebrtc's default lifetime is 30 days. */
    if (expires < before + 29LL * 86400000 || expires > before + 31LL * 86400000)
        fail("default expiry %lld is not about 30 days from now", (long long)expires);

    pem_pair short_lived = generate(RTCN_KEY_TYPE_ECDSA_P256, 0, 0, 2000);
    rtcn_free(inspect(&short_lived, &expires));
    if (expires < before || expires > wall_ms() + 2000) fail("2 s expiry gave %lld", (long long)expires);

    pem_pair rsa = generate(RTCN_KEY_TYPE_RSA, 2048, 65537, 0);
    rtcn_free(inspect(&rsa, &expires));

    char* key = NULL;
    char* certificate = NULL;
    expect_status(rtcn_certificate_generate(RTCN_KEY_TYPE_RSA, 512, 65537, 0, &key, &certificate),
                  RTCN_ERROR_NOT_SUPPORTED, "RSA 512");
    expect_status(rtcn_certificate_generate(RTCN_KEY_TYPE_RSA, 2048, 17, 0, &key, &certificate),
                  RTCN_ERROR_NOT_SUPPORTED, "RSA exponent 17");
    expect_status(rtcn_certificate_generate((rtcn_key_type)7, 0, 0, 0, &key, &certificate),
                  RTCN_ERROR_INVALID_ARGUMENT, "unknown key type");
    if (key != NULL || certificate != NULL) fail("a failed generate left out parameters set");

    /* Garbage and a key that belongs to another certificate are usage errors. */
    char* algorithm = NULL;
    char* value = NULL;
    rtcn_certificate_pem garbage = {"not a key", "not a certificate"};
    expect_status(rtcn_certificate_inspect(&garbage, &expires, &algorithm, &value), RTCN_ERROR_INVALID_ARGUMENT,
                  "inspect garbage");
    rtcn_certificate_pem mismatched = {rsa.key, ecdsa.certificate};
    expect_status(rtcn_certificate_inspect(&mismatched, &expires, &algorithm, &value), RTCN_ERROR_INVALID_ARGUMENT,
                  "inspect a mismatched pair");
    expect_status(rtcn_certificate_inspect(NULL, &expires, &algorithm, &value), RTCN_ERROR_INVALID_ARGUMENT,
                  "inspect NULL");

    /* A connection with the certificate offers its fingerprint; setConfiguration keeps it. */
    rtcn_factory* factory = NULL;
    expect_status(rtcn_factory_create(NULL, NULL, &factory), RTCN_OK, "factory");
    rtcn_certificate_pem pem = {ecdsa.key, ecdsa.certificate};
    rtcn_configuration config = {0};
    config.certificates = &pem;
    config.certificate_count = 1;
    rtcn_peer_connection* pc = NULL;
    expect_status(rtcn_peer_connection_create(factory, &config, NULL, &pc), RTCN_OK, "create with a certificate");
    expect_status(rtcn_peer_connection_set_configuration(pc, &config), RTCN_OK, "set the same certificate");
    rtcn_configuration no_certificates = config;
    no_certificates.certificates = NULL;
    no_certificates.certificate_count = 0;
    expect_status(rtcn_peer_connection_set_configuration(pc, &no_certificates), RTCN_OK, "set no certificates");
    rtcn_certificate_pem other = {rsa.key, rsa.certificate};
    rtcn_configuration changed = config;
    changed.certificates = &other;
    expect_status(rtcn_peer_connection_set_configuration(pc, &changed), RTCN_ERROR_INVALID_MODIFICATION,
                  "set another certificate");
    rtcn_configuration bundle = config;
    bundle.bundle_policy = RTCN_BUNDLE_POLICY_MAX_BUNDLE;
    expect_status(rtcn_peer_connection_set_configuration(pc, &bundle), RTCN_ERROR_INVALID_MODIFICATION,
                  "change the bundle policy");
    rtcn_configuration bad_pem = config;
    bad_pem.certificates = &garbage;
    expect_status(rtcn_peer_connection_set_configuration(pc, &bad_pem), RTCN_ERROR_INVALID_ARGUMENT,
                  "set a garbage certificate");
    expect_status(rtcn_peer_connection_close(pc), RTCN_OK, "close");
    expect_status(rtcn_peer_connection_set_configuration(pc, &config), RTCN_ERROR_INVALID_STATE,
                  "setConfiguration after close");
    expect_status(rtcn_peer_connection_release(pc), RTCN_OK, "release");

    /* An expired certificate is refused at construction (InvalidAccessError). */
    pem_pair expired = generate(RTCN_KEY_TYPE_ECDSA_P256, 0, 0, 1);
    sleep_ms(1100);
    rtcn_certificate_pem expired_pem = {expired.key, expired.certificate};
    config.certificates = &expired_pem;
    expect_status(rtcn_peer_connection_create(factory, &config, NULL, &pc), RTCN_ERROR_INVALID_ACCESS,
                  "create with an expired certificate");
    expect_status(rtcn_factory_release(factory), RTCN_OK, "factory release");

    rtcn_free(fingerprint);
    free_pair(&ecdsa);
    free_pair(&short_lived);
    free_pair(&rsa);
    free_pair(&expired);
    printf("certificates: ok\n");
}

/* ------------------------------------------------------------------ turns: trust settings */

/* tls_trusted_roots_pem must hold PEM certificates and tls_cert_policy a known value, at creation
 * and in setConfiguration; a refused setConfiguration leaves the connection usable. */
static void test_tls_trust_settings(void) {
    pem_pair root = generate(RTCN_KEY_TYPE_ECDSA_P256, 0, 0, 0);
    rtcn_factory* factory = NULL;
    expect_status(rtcn_factory_create(NULL, NULL, &factory), RTCN_OK, "factory");
    const char* urls[] = {"turns:127.0.0.1:5349?transport=tcp"};
    rtcn_ice_server server = {urls, 1, "user", "password", RTCN_TLS_CERT_POLICY_SECURE, root.certificate};
    rtcn_configuration config = {0};
    config.ice_servers = &server;
    config.ice_server_count = 1;
    rtcn_peer_connection* pc = NULL;
    expect_status(rtcn_peer_connection_create(factory, &config, NULL, &pc), RTCN_OK, "create with a trusted root");

    rtcn_ice_server garbage = server;
    garbage.tls_trusted_roots_pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    rtcn_configuration bad_roots = config;
    bad_roots.ice_servers = &garbage;
    expect_status(rtcn_peer_connection_set_configuration(pc, &bad_roots), RTCN_ERROR_INVALID_ARGUMENT,
                  "set malformed trusted roots");
    rtcn_peer_connection* refused = NULL;
    expect_status(rtcn_peer_connection_create(factory, &bad_roots, NULL, &refused), RTCN_ERROR_INVALID_ARGUMENT,
                  "create with malformed trusted roots");
    garbage.tls_trusted_roots_pem = "no certificate at all";
    expect_status(rtcn_peer_connection_create(factory, &bad_roots, NULL, &refused), RTCN_ERROR_INVALID_ARGUMENT,
                  "create with text that holds no certificate");
    if (refused != NULL) fail("a refused create returned a connection");

    rtcn_ice_server unknown_policy = server;
    unknown_policy.tls_cert_policy = (rtcn_tls_cert_policy)7;
    rtcn_configuration bad_policy = config;
    bad_policy.ice_servers = &unknown_policy;
    expect_status(rtcn_peer_connection_set_configuration(pc, &bad_policy), RTCN_ERROR_INVALID_ARGUMENT,
                  "set an unknown tls certificate policy");

    rtcn_ice_server insecure = server;
    insecure.tls_cert_policy = RTCN_TLS_CERT_POLICY_INSECURE_NO_CHECK;
    insecure.tls_trusted_roots_pem = NULL;
    rtcn_configuration changed = config;
    changed.ice_servers = &insecure;
    expect_status(rtcn_peer_connection_set_configuration(pc, &changed), RTCN_OK, "set no roots, insecure policy");
    expect_status(rtcn_peer_connection_release(pc), RTCN_OK, "release");
    expect_status(rtcn_factory_release(factory), RTCN_OK, "factory release");
    free_pair(&root);
    printf("tls trust settings: ok\n");
}

/* ------------------------------------------------------------------ stats */

static void test_stats(void) {
    rtcn_factory* factory = NULL;
    expect_status(rtcn_factory_create(NULL, NULL, &factory), RTCN_OK, "factory");
    rtcn_peer_connection* pc = NULL;
    expect_status(rtcn_peer_connection_create(factory, NULL, NULL, &pc), RTCN_OK, "create");

    stats_op first = {0};
    expect_status(rtcn_peer_connection_get_stats(pc, &first), RTCN_OK, "get_stats");
    wait_completion(&first, "get_stats");
    if (atomic_load(&first.status) != RTCN_OK || first.text == NULL) fail("get_stats failed");
    if (first.text[0] != '[' || !strstr(first.text, "\"type\":\"peer-connection\""))
        fail("get_stats: no peer-connection entry in %s", first.text);
    free(first.text);

    /* Released with a request in flight: exactly one completion, success or closed. */
    stats_op pending = {0};
    expect_status(rtcn_peer_connection_get_stats(pc, &pending), RTCN_OK, "get_stats before release");
    expect_status(rtcn_peer_connection_release(pc), RTCN_OK, "release");
    wait_completion(&pending, "get_stats across release");
    sleep_ms(200);
    if (atomic_load(&pending.completions) != 1) fail("get_stats completed %d times", atomic_load(&pending.completions));
    free(pending.text);

    /* After close: allowed, as in Chrome; it completes once with what is left. */
    expect_status(rtcn_peer_connection_create(factory, NULL, NULL, &pc), RTCN_OK, "create");
    expect_status(rtcn_peer_connection_close(pc), RTCN_OK, "close");
    stats_op closed = {0};
    expect_status(rtcn_peer_connection_get_stats(pc, &closed), RTCN_OK, "get_stats after close");
    wait_completion(&closed, "get_stats after close");
    if (atomic_load(&closed.status) != RTCN_OK || closed.text == NULL || closed.text[0] != '[')
        fail("get_stats after close completed with status %d, text %s", atomic_load(&closed.status),
             closed.text ? closed.text : "(none)");
    stats_op refused = {0};
    expect_status(rtcn_peer_connection_get_stats(NULL, &refused), RTCN_ERROR_INVALID_ARGUMENT, "get_stats NULL");
    expect_status(rtcn_peer_connection_release(pc), RTCN_OK, "release");
    sleep_ms(100);
    if (atomic_load(&closed.completions) != 1) fail("get_stats after close completed %d times", atomic_load(&closed.completions));
    if (atomic_load(&refused.completions) != 0) fail("a refused get_stats completed");
    free(closed.text);
    expect_status(rtcn_factory_release(factory), RTCN_OK, "factory release");

    /* Releases do not wait: the factory's threads stop on a background thread after it. */
    int64_t live = -1;
    for (int waited = 0;; waited += 10) {
        expect_status(rtcn_get_live_object_count(RTCN_OBJECT_ALL, &live), RTCN_OK, "live objects");
        if (live == 0) break;
        if (waited > WAIT_MS) fail("%lld native objects still live %d ms after the releases", (long long)live, WAIT_MS);
        sleep_ms(10);
    }
    printf("stats: ok\n");
}

/* Released with many requests in flight, in both thread layouts. In the split layout the
 * connection is torn down without waiting for them, so libwebrtc delivers cached reports after it:
 * each must still complete exactly once, and nothing may touch the released connection (a
 * use-after-free the sanitizer build catches; it crashed the process at thread exit before). */
#define BURST_STATS 64
#define BURST_ROUNDS 10

static void test_stats_released_in_flight(rtcn_thread_layout layout) {
    rtcn_factory_options options;
    memset(&options, 0, sizeof options);
    options.audio_device = RTCN_AUDIO_DEVICE_DUMMY;
    options.thread_layout = layout;
    rtcn_factory* factory = NULL;
    expect_status(rtcn_factory_create(&options, NULL, &factory), RTCN_OK, "factory");
    static stats_op ops[BURST_ROUNDS][BURST_STATS];
    memset(ops, 0, sizeof ops);
    for (int round = 0; round < BURST_ROUNDS; round++) {
        rtcn_peer_connection* pc = NULL;
        expect_status(rtcn_peer_connection_create(factory, NULL, NULL, &pc), RTCN_OK, "create");
        rtcn_data_channel* channel = NULL;
        expect_status(rtcn_peer_connection_create_data_channel(pc, "stats", NULL, NULL, &channel), RTCN_OK,
                      "create_data_channel");
        /* A first report, awaited, so that the burst is served from libwebrtc's report cache (it
         * keeps one for 50 ms): those deliveries are tasks posted behind the release's. */
        expect_status(rtcn_peer_connection_get_stats(pc, &ops[round][0]), RTCN_OK, "get_stats");
        wait_completion(&ops[round][0], "get_stats");
        for (int i = 1; i < BURST_STATS; i++)
            expect_status(rtcn_peer_connection_get_stats(pc, &ops[round][i]), RTCN_OK, "get_stats burst");
        expect_status(rtcn_data_channel_release(channel), RTCN_OK, "channel release");
        expect_status(rtcn_peer_connection_release(pc), RTCN_OK, "release with stats in flight");
    }
    expect_status(rtcn_factory_release(factory), RTCN_OK, "factory release");
    for (int round = 0; round < BURST_ROUNDS; round++)
        for (int i = 0; i < BURST_STATS; i++) wait_completion(&ops[round][i], "get_stats across release");
    int64_t live = -1;
    for (int waited = 0;; waited += 10) {
        expect_status(rtcn_get_live_object_count(RTCN_OBJECT_ALL, &live), RTCN_OK, "live objects");
        if (live == 0) break;
        if (waited > WAIT_MS) fail("%lld native objects still live %d ms after the releases", (long long)live, WAIT_MS);
        sleep_ms(10);
    }
    for (int round = 0; round < BURST_ROUNDS; round++)
        for (int i = 0; i < BURST_STATS; i++) {
            stats_op* op = &ops[round][i];
            if (atomic_load(&op->completions) != 1)
                fail("get_stats %d of round %d completed %d times", i, round, atomic_load(&op->completions));
            int status = atomic_load(&op->status);
            if (status != RTCN_OK && status != RTCN_ERROR_CLOSED)
                fail("get_stats across release completed with status %s", status_name((rtcn_status)status));
            free(op->text);
        }
    printf("stats released in flight (%s layout): ok\n", layout == RTCN_THREAD_LAYOUT_SPLIT ? "split" : "shared");
}

int main(void) {
    rtcn_callbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.text_result = cb_text_result;
    expect_status(rtcn_register_callbacks(&callbacks), RTCN_OK, "register callbacks");
    test_certificates();
    test_tls_trust_settings();
    test_stats();
    test_stats_released_in_flight(RTCN_THREAD_LAYOUT_SHARED);
    test_stats_released_in_flight(RTCN_THREAD_LAYOUT_SPLIT);
    return 0;
}
