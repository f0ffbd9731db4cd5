#!/usr/bin/env bash
# Writes THIRD-PARTY-NOTICES (repo root): the licences of everything librtcnative.so contains
# besides RtcNative's own code. Run it again when the tg_owt version or the statically linked
# archives (cmake/RtcNativeStaticDeps.cmake) change, and commit the result.
#   - libwebrtc as Debian's tg_owt and the third_party code compiled into it: the licence files of
#     the tg_owt source package (the libwebrtc cache of build/deps/libwebrtc.sh keeps only the
#     install, so the source package is fetched again into a temporary folder);
#   - the archives linked statically (cmake/RtcNativeStaticDeps.cmake: libvpx): their Debian
#     copyright files (/usr/share/doc/<package>).
set -euo pipefail
cd "$(dirname "$0")/.."
out=THIRD-PARTY-NOTICES
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && apt-get source -qq libtgowt >/dev/null 2>&1) || { echo "apt-get source libtgowt failed (needs deb-src entries: ./build.sh deps adds them)" >&2; exit 1; }
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'libtgowt-*' | head -n1)
[ -f "$src/LICENSE" ] || { echo "no LICENSE in the tg_owt source ($src)" >&2; exit 1; }
version=$(cd "$work" && ls ./*.dsc | sed 's/.*libtgowt_\(.*\)\.dsc/\1/')

# tg_owt path -> what it is. Only code compiled into libtg_owt.a (Debian's source drops
# src/third_party/rnnoise and abseil-cpp, and libsrtp comes from the system archive below).
tgowt_parts=(
    "LICENSE|libwebrtc (WebRTC Native Code, as Telegram's tg_owt)"
    "src/PATENTS|libwebrtc: additional IP rights grant (patents)"
    "src/third_party/libyuv/LICENSE|libyuv"
    "src/third_party/libyuv/PATENTS|libyuv: additional IP rights grant (patents)"
    "src/third_party/openh264/src/LICENSE|OpenH264 (Cisco), the H.264 encoder"
    "src/third_party/crc32c/src/LICENSE|CRC32C (Google)"
    "src/third_party/pffft/LICENSE|PFFFT (FFTPACK licence)"
    "src/common_audio/third_party/ooura/LICENSE|Ooura FFT"
    "src/common_audio/third_party/spl_sqrt_floor/LICENSE|spl_sqrt_floor"
    "src/modules/third_party/fft/LICENSE|fft (Sound Canvas)"
    "src/modules/third_party/g711/LICENSE|G.711 codec"
    "src/modules/third_party/g722/LICENSE|G.722 codec"
    "src/modules/third_party/portaudio/LICENSE|PortAudio ring buffer"
    "src/rtc_base/third_party/base64/LICENSE|base64 (René Nyffenegger)"
    "src/rtc_base/third_party/sigslot/LICENSE|sigslot (public domain)"
)
# Debian package whose copyright file covers an archive cmake/RtcNativeStaticDeps.cmake links in.
static_parts=(
    "libvpx7|libvpx (VP8/VP9), linked from libvpx-dev's libvpx.a"
)

rule() { printf '%s\n' "================================================================================"; }
# One licence: its title, where the text comes from, and the text (a missing file fails the script).
section() {
    local title=$1 origin=$2 file=$3
    [ -f "$file" ] || { echo "missing $file ($origin)" >&2; exit 1; }
    echo; rule; echo "$title"; echo "($origin)"; rule; echo
    cat "$file"
}
{
    echo "THIRD-PARTY NOTICES for librtcnative.so (RtcNative's native library)"
    echo
    echo "librtcnative.so contains, besides RtcNative's own code (MIT, see LICENSE), the software"
    echo "listed below, under the licences reproduced here. libwebrtc is Debian's tg_owt source"
    echo "package, version $version; libvpx is the archive of Debian 12's libvpx-dev."
    echo "It links dynamically against, and does not contain: glibc, libstdc++, libgcc_s,"
    echo "OpenSSL (libssl, libcrypto), FFmpeg (libavcodec, libavutil), Abseil, libsrtp2, Opus,"
    echo "libjpeg-turbo, GLib (libglib, libgobject, libgio) and the X11 client libraries"
    echo "(packaging/runtime-needs.txt; cmake/RtcNativeStaticDeps.cmake says why each stays shared)."
    echo
    echo "Contents:"
    for part in "${tgowt_parts[@]}" "${static_parts[@]}"; do echo "  - ${part#*|}"; done
    for part in "${tgowt_parts[@]}"; do
        section "${part#*|}" "tg_owt $version: ${part%%|*}" "$src/${part%%|*}"
    done
    for part in "${static_parts[@]}"; do
        section "${part#*|}" "Debian: /usr/share/doc/${part%%|*}/copyright" "/usr/share/doc/${part%%|*}/copyright"
    done
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($(wc -l < "$out") lines)"
