#!/usr/bin/env bash
# Builds libwebrtc (Debian's tg_owt) from Debian's own source package, with PIC and the audio
# backends, into a cache outside the clone keyed by the package version. Second runs reuse it.
# Prints the install prefix on the last line of stdout. Progress goes to stderr.
#   RTCNATIVE_CACHE   cache root (default ~/.cache/rtcnative)
set -euo pipefail

log() { printf '[libwebrtc %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cache_root="${RTCNATIVE_CACHE:-$HOME/.cache/rtcnative}"
src_pkg=libtgowt

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root (or sudo) to run: $*"; fi
}

# apt needs a deb-src line for `apt-get source` and `apt-get build-dep`; mirror the system's
# Debian sources as deb-src in a file of our own, once.
# (grep reads all input: with pipefail, an early-exiting grep -q would fail the pipeline on SIGPIPE)
has_src() { [ "$(apt-cache showsrc "$src_pkg" 2>/dev/null | grep -c '^Version:')" != 0 ]; }

ensure_deb_src() {
    local f=/etc/apt/sources.list.d/rtcnative-deb-src.sources
    if has_src; then return; fi
    if [ ! -f "$f" ]; then
        local sys=/etc/apt/sources.list.d/debian.sources
        if [ -f "$sys" ]; then
            log "adding deb-src entries ($f) mirroring $sys"
            sed -e 's/^Types:.*/Types: deb-src/' "$sys" | as_root tee "$f" >/dev/null
        elif [ -f /etc/apt/sources.list ]; then
            log "adding deb-src entries mirroring /etc/apt/sources.list"
            grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
                | as_root tee /etc/apt/sources.list.d/rtcnative-deb-src.list >/dev/null
        else
            die "no Debian apt sources found to derive a deb-src entry from"
        fi
    fi
    log "apt-get update"
    as_root apt-get update -qq >&2 || die "apt-get update failed (is the Debian mirror reachable?)"
    has_src || die "apt has no source package '$src_pkg' even with deb-src entries"
}

command -v apt-get >/dev/null || die "this script needs Debian/Ubuntu apt (see README for other systems)"
ensure_deb_src

version=$(apt-cache showsrc "$src_pkg" | sed -n 's/^Version: //p' | sort -V | tail -n1)
[ -n "$version" ] || die "could not read the version of source package $src_pkg"
key=$(printf '%s' "$version" | tr -c 'A-Za-z0-9._+-' '_')
dir="$cache_root/tgowt/$key"
prefix="$dir/install"

if [ -f "$dir/.complete" ] && [ -f "$prefix/lib/libtg_owt.a" ]; then
    log "cached: tg_owt $version at $prefix"
    echo "$prefix"
    exit 0
fi

log "building tg_owt $version (first run on this machine: ~15 minutes on 2 cores)"
mkdir -p "$dir"

log "installing build dependencies (apt)"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get install -y -qq --no-install-recommends dpkg-dev cmake ninja-build g++ pkg-config \
    libpulse-dev libasound2-dev >&2 || die "apt-get install of build tools failed"
as_root apt-get build-dep -y -qq "$src_pkg" >&2 || die "apt-get build-dep $src_pkg failed"

log "fetching Debian source package $src_pkg $version"
rm -rf "$dir/src" "$dir/build" "$prefix"
mkdir -p "$dir/src"
(cd "$dir/src" && apt-get source -qq "$src_pkg=$version" >&2) || die "apt-get source $src_pkg failed"
srcdir=$(find "$dir/src" -mindepth 1 -maxdepth 1 -type d | head -n1)
[ -f "$srcdir/CMakeLists.txt" ] || die "unpacked source has no CMakeLists.txt ($srcdir)"

log "configuring (PIC, audio backends on)"
cmake -S "$srcdir" -B "$dir/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
    -DTG_OWT_USE_PROTOBUF=ON \
    -DTG_OWT_DLOPEN_PIPEWIRE=ON \
    -DTG_OWT_BUILD_AUDIO_BACKENDS=ON >"$dir/configure.log" 2>&1 \
    || { tail -n 40 "$dir/configure.log" >&2; die "cmake configure failed (full log: $dir/configure.log)"; }

log "compiling (progress every 100 steps; full log: $dir/build.log)"
set +e
cmake --build "$dir/build" -j "$(nproc)" 2>&1 | tee "$dir/build.log" \
    | awk '/^\[[0-9]+\/[0-9]+\]/ { split(substr($1,2), a, "/"); n=a[1]+0;
           if (n % 100 == 0 || n == a[2]+0) { printf("[libwebrtc] %s/%s\n", n, a[2]) > "/dev/stderr"; fflush("/dev/stderr") } }'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || { grep -E 'error|FAILED' "$dir/build.log" | head -n 30 >&2; die "tg_owt compile failed (log: $dir/build.log)"; }

log "installing into $prefix"
cmake --install "$dir/build" >"$dir/install.log" 2>&1 || die "cmake --install failed (log: $dir/install.log)"
[ -f "$prefix/lib/libtg_owt.a" ] || die "install produced no $prefix/lib/libtg_owt.a"
rm -rf "$dir/build" "$dir/src"   # keep only the install: the cache is about 0.3 GB, not 3
touch "$dir/.complete"
log "done: $prefix"
echo "$prefix"
