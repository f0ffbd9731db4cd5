#!/usr/bin/env bash
# The benchmark (./build.sh bench runs this after building the native shim; see bench/README.md).
# Builds the runners, creates a network namespace of its own, runs bench/driver.mjs, and
# deletes the namespace at the end, also on failure or interrupt.
#   bash bench/run.sh [--runs N] [--stacks rtcnative,c,node-webrtc,node-datachannel,aiortc]
#                     [--scenarios connect,throughput,rate,rtt,rss,many,video,audio] [--layouts shared,split]
# The media scenarios (video, audio) run for RtcNative, the C client and aiortc (Debian's
# python3-aiortc with /usr/bin/python3; nothing to build), the data channel ones for every stack
# but aiortc.
# Needs root (ip netns), the .NET 10 SDK, node and npm, cmake, and out/native/librtcnative.so.
# Environment: TGOWT_ROOT (the libwebrtc install prefix; its ../version names the package
# version in the table), RTCNATIVE_CACHE (where to look for it otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/out/bench"

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }

[ "$(id -u)" = 0 ] || die "needs root for its network namespace (ip netns): run as root or with sudo"
for tool in ip dotnet node npm cmake; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[ -f "$root/out/native/librtcnative.so" ] || die "no out/native/librtcnative.so: run ./build.sh native first"

# The libwebrtc package version, from the cache that built the shim.
version_file=""
if [ -n "${TGOWT_ROOT:-}" ] && [ -f "$TGOWT_ROOT/../version" ]; then
    version_file="$TGOWT_ROOT/../version"
else
    version_file=$(ls -1 "${RTCNATIVE_CACHE:-$HOME/.cache/rtcnative}"/tgowt/*/version 2>/dev/null | head -n1 || true)
fi
BENCH_LIBWEBRTC_VERSION=$([ -n "$version_file" ] && cat "$version_file" || true)
export BENCH_LIBWEBRTC_VERSION

step "bench runners"
# aiortc runs with the system python (Debian's python3-aiortc); without it its rows say so.
if ! /usr/bin/python3 -c 'import aiortc, av, numpy' 2>/dev/null; then
    printf 'bench: /usr/bin/python3 cannot import aiortc (apt-get install python3-aiortc): the aiortc rows will show the error\n' >&2
fi
# node-webrtc and node-datachannel at the exact versions of bench/node/package-lock.json; npm ci
# only when the lock file changed since the last install.
lock_stamp="$root/bench/node/node_modules/.bench-lock"
if ! cmp -s "$root/bench/node/package-lock.json" "$lock_stamp" 2>/dev/null; then
    (cd "$root/bench/node" && npm ci --no-audit --no-fund) || die "npm ci failed in bench/node"
    cp "$root/bench/node/package-lock.json" "$lock_stamp"
fi
# The library under test, copied once: every run of every runner uses these same bytes, and a
# rebuild of out/native (or of the C# projects) by someone else during the run changes nothing.
mkdir -p "$out/lib"
cp "$root/out/native/librtcnative.so" "$out/lib/librtcnative.so.tmp"
mv -f "$out/lib/librtcnative.so.tmp" "$out/lib/librtcnative.so"
cmake -S bench/native -B "$out/native" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DRTCNATIVE_LIBRARY="$out/lib/librtcnative.so" >/dev/null || die "cmake configure of bench/native failed"
cmake --build "$out/native" || die "bench/native build failed"
dotnet build bench/RtcNative.Bench -c Release -nologo -v minimal || die "dotnet build of bench/RtcNative.Bench failed"
rm -rf "$out/dotnet"
cp -r bench/RtcNative.Bench/bin/Release/net10.0 "$out/dotnet"
mkdir -p "$out/dotnet/runtimes/linux-x64/native"
cp "$out/lib/librtcnative.so" "$out/dotnet/runtimes/linux-x64/native/librtcnative.so"

# One namespace of our own: lo up, plus a veth pair with both ends inside it (10.77.0.1/24 and
# 10.77.0.2/24) for stacks that gather no loopback candidates. Nothing else is reachable from it.
# Namespaces left by an earlier run that was killed (their pid is gone) are removed first.
for old in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^rtcnbench-[0-9]+$' || true); do
    kill -0 "${old#rtcnbench-}" 2>/dev/null || ip netns del "$old" 2>/dev/null || true
done
ns="rtcnbench-$$"
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
step "network namespace $ns"
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add rb0 type veth peer name rb1
ip -n "$ns" addr add 10.77.0.1/24 dev rb0
ip -n "$ns" addr add 10.77.0.2/24 dev rb1
ip -n "$ns" link set rb0 up
ip -n "$ns" link set rb1 up
ip -n "$ns" -brief address

step "benchmark"
node bench/driver.mjs --ns "$ns" --out "$out" "$@"
