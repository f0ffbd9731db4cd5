# Sourced by build scripts: Debian packages the build and the tests need, installed only
# when missing (a machine that has them pays one dpkg-query).

apt_log() { printf '[apt %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else apt_log "ERROR: need root (or sudo) to run: $*"; return 1; fi
}

# Packages missing from the given list (prints their names).
apt_missing() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
    done
}

apt_updated=0
apt_update_once() {
    [ "$apt_updated" = 1 ] && return 0
    apt_log "apt-get update"
    as_root apt-get update -qq >&2 || { apt_log "ERROR: apt-get update failed (is the Debian mirror reachable?)"; return 1; }
    apt_updated=1
}

# Installs what is missing of the given packages; apt's chatter goes to a log file.
apt_ensure() {
    local missing; missing=$(apt_missing "$@" | tr '\n' ' ')
    [ -z "${missing// /}" ] && return 0
    apt_update_once || return 1
    apt_log "installing: $missing"
    local log; log=$(mktemp)
    if ! DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        apt_log "ERROR: apt-get install failed for: $missing"
        rm -f "$log"; return 1
    fi
    rm -f "$log"
}

# Tools the build uses directly.
RTCN_BUILD_PACKAGES=(cmake ninja-build g++ pkg-config clang-14 dpkg-dev binutils)

# Packages only the tests use: a private PulseAudio daemon (a sine microphone, a null-sink speaker) for the
# platform audio device tests (tests/RtcNative.Tests/Media/PlatformAudioTests.cs; parec and pactl), and Debian's
# chromium for the interop suite (tests/RtcNative.Tests/Interop), inside a network namespace of its own
# (iproute2's ip netns); a private X server, Xvfb, for the display capture tests
# (tests/RtcNative.Tests/Devices/DisplayCaptureTests.cs); coturn (TURN relays) and janus (an SFU) for the
# deployment tests, each started and stopped by the tests themselves.
RTCN_TEST_PACKAGES=(pulseaudio pulseaudio-utils chromium iproute2 xvfb coturn janus)
# The benchmark: aiortc (its media rows run with the system python) and ip for its network namespace.
RTCN_BENCH_PACKAGES=(python3-aiortc iproute2)
