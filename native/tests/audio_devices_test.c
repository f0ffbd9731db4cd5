/*
 * audio_devices_test.c - the audio device ABI on ALSA, with no PulseAudio server and no sound card:
 * an ALSA configuration of the test's own (ALSA_CONFIG_PATH) defines a microphone (a "file" PCM
 * reading a FIFO this test feeds a 1 kHz sine) and a speaker (a "file" PCM writing a raw file).
 * Listing (Chrome's shape, the library's own PCMs left out), argument checks, a microphone whose
 * samples reach a sink at 1 kHz, the platform device's output choice and volume.
 */
#define _DEFAULT_SOURCE /* M_PI, mkdtemp */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "test_support.h"

#define RATE 48000
#define TONE_HZ 1000.0

static char g_dir[256];
static char g_fifo[300];
static atomic_int g_stop_feeding;

/* Writes 10 ms of a 1 kHz sine every 10 ms into the FIFO (held open for reading too, so the PCM's
 * read-only open finds a writer, and non-blocking, so a FIFO nobody reads never stalls this). */
static void* feed(void* arg) {
    (void)arg;
    int fd = open(g_fifo, O_RDWR | O_NONBLOCK);
    if (fd < 0) fail("open %s: errno %d", g_fifo, errno);
    int16_t piece[RATE / 100];
    long written = 0;
    while (!atomic_load(&g_stop_feeding)) {
        for (int i = 0; i < RATE / 100; ++i)
            piece[i] = (int16_t)lrint(12000.0 * sin(2.0 * M_PI * TONE_HZ * (double)(written + i) / RATE));
        if (write(fd, piece, sizeof piece) < 0 && errno != EAGAIN) break;
        written += RATE / 100;
        sleep_ms(10);
    }
    close(fd);
    return NULL;
}

static void write_config(const char* path) {
    FILE* f = fopen(path, "w");
    if (f == NULL) fail("cannot write %s", path);
    fprintf(f,
            "pcm.null { type null }\n"
            "pcm.rtcn_mic { type file; slave.pcm \"null\"; file \"/dev/null\"; infile \"%s\"; format \"raw\" }\n"
            "pcm.rtcn_spk { type file; slave.pcm \"null\"; file \"%s/spk.raw\"; format \"raw\" }\n"
            "pcm.default { type asym; playback.pcm \"rtcn_spk\"; capture.pcm \"rtcn_mic\" }\n"
            "pcm.lavrate { type plug; slave.pcm \"null\"; hint.description \"a converter's name: not listed\" }\n"
            "namehint.pcm {\n"
            "  rtcn_mic \"rtcn_mic|Test microphone|IOIDInput\"\n"
            "  rtcn_spk \"rtcn_spk|Test speaker|IOIDOutput\"\n"
            "}\n",
            g_fifo, g_dir);
    fclose(f);
}

static void expect_device(rtcn_audio_device_list* list, int index, rtcn_media_device_kind kind, const char* name,
                          const char* label, int is_default) {
    rtcn_audio_device_info info;
    CHECK_OK(rtcn_audio_device_list_get(list, index, &info));
    CHECK(info.kind == kind && strcmp(info.name, name) == 0 && strcmp(info.label, label) == 0 &&
              info.is_default == is_default,
          "device %d: kind %d name '%s' label '%s' default %d; want %d '%s' '%s' %d", index, (int)info.kind, info.name,
          info.label, info.is_default, (int)kind, name, label, is_default);
}

static void test_listing(void) {
    rtcn_audio_device_list* list = NULL;
    int32_t available = -1;
    CHECK(rtcn_audio_devices_enumerate(0, &list, &available) == RTCN_ERROR_INVALID_ARGUMENT, "timeout 0 is refused");
    CHECK(rtcn_audio_devices_enumerate(1000, NULL, &available) == RTCN_ERROR_INVALID_ARGUMENT, "NULL out_list");
    CHECK_OK(rtcn_audio_devices_enumerate(1000, &list, &available));
    CHECK(available == 1, "ALSA answered: available %d", available);
    int32_t count = 0;
    CHECK_OK(rtcn_audio_device_list_get_count(list, &count));
    CHECK(count == 4, "4 devices (a default and one PCM each way), got %d", count);
    expect_device(list, 0, RTCN_MEDIA_DEVICE_AUDIO_INPUT, "default", "Default", 1);
    expect_device(list, 1, RTCN_MEDIA_DEVICE_AUDIO_INPUT, "rtcn_mic", "Test microphone", 0);
    expect_device(list, 2, RTCN_MEDIA_DEVICE_AUDIO_OUTPUT, "default", "Default", 1);
    expect_device(list, 3, RTCN_MEDIA_DEVICE_AUDIO_OUTPUT, "rtcn_spk", "Test speaker", 0);
    rtcn_audio_device_info info;
    CHECK(rtcn_audio_device_list_get(list, 4, &info) == RTCN_ERROR_RANGE, "index past the end");
    CHECK_OK(rtcn_audio_device_list_release(list));
}

/* Reads the microphone through a sink for about a second; its frequency by zero crossings. */
static double captured_frequency(rtcn_media_track* track) {
    rtcn_media_sink* sink = NULL;
    CHECK_OK(rtcn_media_sink_create(track, 100, NULL, &sink));
    long crossings = 0, frames = 0;
    int16_t previous = 0;
    const int64_t deadline = now_ms() + 5000;
    while (frames < RATE && now_ms() < deadline) {
        rtcn_audio_data* data = NULL;
        int32_t ended = 0;
        CHECK_OK(rtcn_media_sink_read_audio(sink, &data, &ended));
        CHECK(!ended, "the microphone ended");
        if (data == NULL) {
            sleep_ms(5);
            continue;
        }
        rtcn_audio_data_info info;
        CHECK_OK(rtcn_audio_data_get_info(data, &info));
        CHECK(info.sample_rate == RATE && info.channel_count == 1, "%d Hz, %d channels", info.sample_rate, info.channel_count);
        for (int i = 0; i < info.frame_count; ++i) {
            const int16_t sample = info.samples[i];
            if ((previous < 0 && sample >= 0) || (previous >= 0 && sample < 0)) ++crossings;
            previous = sample;
        }
        frames += info.frame_count;
        CHECK_OK(rtcn_audio_data_release(data));
    }
    CHECK_OK(rtcn_media_sink_release(sink));
    CHECK(frames >= RATE, "only %ld frames in 5 s", frames);
    return crossings / 2.0 * RATE / (double)frames;
}

static void test_microphone_and_speaker(void) {
    rtcn_factory* factory = create_test_factory(NULL, RTCN_AUDIO_DEVICE_PLATFORM, NULL);
    rtcn_audio_device_kind kind = RTCN_AUDIO_DEVICE_AUTO;
    CHECK_OK(rtcn_factory_get_audio_device(factory, &kind));
    CHECK(kind == RTCN_AUDIO_DEVICE_PLATFORM, "ALSA lists an output: platform device, got %d", (int)kind);

    rtcn_microphone_options mic;
    memset(&mic, 0, sizeof mic);
    rtcn_media_track* track = NULL;
    CHECK(rtcn_microphone_open(factory, "no_such_pcm", &mic, NULL, &track) == RTCN_ERROR_NOT_READABLE && track == NULL,
          "an unknown PCM is not readable");
    CHECK_OK(rtcn_microphone_open(factory, "rtcn_mic", &mic, "mic", &track));
    rtcn_media_track_info info;
    CHECK_OK(rtcn_media_track_get_info(track, &info));
    CHECK(strcmp(info.label, "Test microphone") == 0, "label '%s'", info.label);
    const double hz = captured_frequency(track);
    printf("audio_devices_test: the microphone gave %.1f Hz\n", hz);
    CHECK(fabs(hz - TONE_HZ) < 10, "captured %.1f Hz, fed %.0f Hz", hz, TONE_HZ);
    CHECK_OK(rtcn_media_track_stop(track));
    CHECK_OK(rtcn_media_track_release(track));

    CHECK(rtcn_factory_set_playout_device(factory, "rtcn_mic") == RTCN_ERROR_NOT_FOUND, "an input is no output");
    CHECK_OK(rtcn_factory_set_playout_device(factory, "rtcn_spk"));
    CHECK_OK(rtcn_factory_set_playout_device(factory, NULL));
    CHECK_OK(rtcn_factory_set_playout_volume(factory, 0.5));
    double volume = 0;
    CHECK_OK(rtcn_factory_get_playout_volume(factory, &volume));
    CHECK(fabs(volume - 0.5) < 0.001, "volume %.3f after setting 0.5", volume);
    CHECK_OK(rtcn_factory_release(factory));
}

int main(void) {
    snprintf(g_dir, sizeof g_dir, "/tmp/rtcn-alsa-c-XXXXXX");
    if (mkdtemp(g_dir) == NULL) fail("mkdtemp: errno %d", errno);
    snprintf(g_fifo, sizeof g_fifo, "%s/mic.fifo", g_dir);
    if (mkfifo(g_fifo, 0600) != 0) fail("mkfifo: errno %d", errno);
    char config[320];
    snprintf(config, sizeof config, "%s/asound.conf", g_dir);
    write_config(config);
    char no_server[320];
    snprintf(no_server, sizeof no_server, "unix:%s/no-pulseaudio-here", g_dir);
    setenv("PULSE_SERVER", no_server, 1);
    setenv("ALSA_CONFIG_PATH", config, 1);

    pthread_t feeder;
    if (pthread_create(&feeder, NULL, feed, NULL) != 0) fail("pthread_create");
    test_listing();
    test_microphone_and_speaker();
    atomic_store(&g_stop_feeding, 1);
    pthread_join(feeder, NULL);
    printf("audio_devices_test: passed\n");
    fflush(stdout);
    _exit(0); /* library threads may still be stopping: no exit handlers (test_support.h) */
}
