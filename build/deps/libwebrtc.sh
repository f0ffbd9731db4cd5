#!/usr/bin/env bash
# Builds libwebrtc (Debian's tg_owt) from Debian's own source package, with PIC and the audio
# backends, into a cache outside the clone keyed by the package version; later runs reuse it.
# Prints the install prefix as the last line of stdout; progress goes to stderr.
#   RTCNATIVE_CACHE   cache root (default ~/.cache/rtcnative)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/apt.sh"

log() { printf '[libwebrtc %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cache_root="${RTCNATIVE_CACHE:-$HOME/.cache/rtcnative}"
src_pkg=libtgowt

command -v apt-get >/dev/null || die "this script needs Debian's apt (README: other systems)"

# (grep reads all input: with pipefail, an early-exiting grep -q would fail on SIGPIPE)
has_src() { [ "$(apt-cache showsrc "$src_pkg" 2>/dev/null | grep -c '^Version:')" != 0 ]; }

# apt-get source/build-dep need deb-src entries: mirror the system's Debian sources once.
ensure_deb_src() {
    has_src && return 0
    local f=/etc/apt/sources.list.d/rtcnative-deb-src.sources
    if [ ! -f "$f" ]; then
        if [ -f /etc/apt/sources.list.d/debian.sources ]; then
            log "adding deb-src entries ($f)"
            sed -e 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee "$f" >/dev/null
        elif [ -f /etc/apt/sources.list ]; then
            log "adding deb-src entries (/etc/apt/sources.list.d/rtcnative-deb-src.list)"
            grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
                | as_root tee /etc/apt/sources.list.d/rtcnative-deb-src.list >/dev/null
        else
            die "no Debian apt sources found to derive a deb-src entry from"
        fi
    fi
    apt_updated=0
    apt_update_once || die "apt-get update failed"
    has_src || die "apt knows no source package '$src_pkg' even with deb-src entries"
}

# Build-Depends(-Arch) of the source package as plain package names (first alternative, no
# versions; debhelper only packages Debian's build and is not needed here).
build_depends() {
    apt-cache showsrc "$src_pkg" | awk -v v="$1" '
        /^Version: / { ok = ($2 == v) }
        ok && /^Build-Depends(-Arch)?: / { sub(/^[^:]*: /, ""); deps = deps "," $0; more = 1; next }
        more && /^ / { deps = deps $0; next }
        { more = 0 }
        /^$/ && ok { print deps; exit }
        END { if (ok) print deps }' | tr ',' '\n' \
        | sed -e 's/|.*//' -e 's/(.*)//' -e 's/\[.*\]//' -e 's/<.*>//' -e 's/:any//' -e 's/ //g' | grep -v -e '^$' -e '^debhelper' | sort -u
}

apt_ensure "${RTCN_BUILD_PACKAGES[@]}" libpulse-dev libasound2-dev || die "installing build tools failed"

# A cache hit needs no deb-src: the version and dependency list were recorded with the build,
# and apt's candidate version of libtgowt-dev says whether the cache is still current.
candidate=$(apt-cache policy libtgowt-dev 2>/dev/null | sed -n 's/ *Candidate: //p')
for done_marker in "$cache_root"/tgowt/*/.complete; do
    [ -f "$done_marker" ] || continue
    dir=$(dirname "$done_marker")
    case "$candidate" in ""|"(none)"|"$(cat "$dir/version")") ;; *) continue ;; esac
    apt_ensure $(cat "$dir/packages") || die "installing libwebrtc's link dependencies failed"
    log "cached: tg_owt $(cat "$dir/version") at $dir/install"
    echo "$dir/install"
    exit 0
done

ensure_deb_src
version=$(apt-cache showsrc "$src_pkg" | sed -n 's/^Version: //p' | sort -V | tail -n1)
[ -n "$version" ] || die "could not read the version of source package $src_pkg"
dir="$cache_root/tgowt/$(printf '%s' "$version" | tr -c 'A-Za-z0-9._+-' '_')"
prefix="$dir/install"

log "building tg_owt $version from Debian's source package (first run on this machine: ~20 minutes on 2 cores)"
mkdir -p "$dir"
build_depends "$version" > "$dir/packages.tmp"
[ -s "$dir/packages.tmp" ] || die "could not read the Build-Depends of $src_pkg $version"
apt_ensure $(cat "$dir/packages.tmp") || die "installing the build dependencies of $src_pkg failed"

log "fetching the source package"
rm -rf "$dir/src" "$dir/build" "$prefix"
mkdir -p "$dir/src"
(cd "$dir/src" && apt-get source -qq "$src_pkg=$version" >"$dir/source.log" 2>&1) \
    || { tail -n 20 "$dir/source.log" >&2; die "apt-get source $src_pkg failed"; }
srcdir=$(find "$dir/src" -mindepth 1 -maxdepth 1 -type d | head -n1)
[ -f "$srcdir/CMakeLists.txt" ] || die "the unpacked source has no CMakeLists.txt ($srcdir)"

log "configuring (PIC, audio backends on)"
cmake -S "$srcdir" -B "$dir/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
    -DTG_OWT_USE_PROTOBUF=ON \
    -DTG_OWT_DLOPEN_PIPEWIRE=ON \
    -DTG_OWT_BUILD_AUDIO_BACKENDS=ON >"$dir/configure.log" 2>&1 \
    || { tail -n 40 "$dir/configure.log" >&2; die "cmake configure failed (log: $dir/configure.log)"; }

log "compiling: progress every 100 of ~1450 steps (log: $dir/build.log)"
set +e
cmake --build "$dir/build" -j "$(nproc)" 2>&1 | tee "$dir/build.log" \
    | awk '/^\[[0-9]+\/[0-9]+\]/ { s = $1; gsub(/[\[\]]/, "", s); split(s, a, "/");
           if (a[1] % 100 == 0 || a[1] == a[2]) { printf("[libwebrtc] %d/%d steps\n", a[1], a[2]) > "/dev/stderr"; fflush("/dev/stderr") } }'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || { grep -E 'error|FAILED' "$dir/build.log" | head -n 30 >&2; die "tg_owt compile failed (log: $dir/build.log)"; }

log "installing into $prefix"
cmake --install "$dir/build" >"$dir/install.log" 2>&1 || die "cmake --install failed (log: $dir/install.log)"
[ -f "$prefix/lib/libtg_owt.a" ] || die "the install produced no $prefix/lib/libtg_owt.a"
rm -rf "$dir/build" "$dir/src"   # keep only the install (~0.3 GB instead of ~3 GB)
mv "$dir/packages.tmp" "$dir/packages"
echo "$version" > "$dir/version"
touch "$dir/.complete"
log "done: $prefix"
echo "$prefix"
