#!/usr/bin/env bash
# Where a data channel message's time goes in libwebrtc (M109) under RtcNative: counts, for the
# message-rate scenario (100-byte messages for 3 s), per message,
#   - blocking signaling -> network thread hops (the BlockingCall inside
#     webrtc::DataChannelController::DataChannelSendData, run on the network thread),
#   - tasks posted network -> signaling thread for received messages (the task posted by
#     webrtc::DataChannelController::OnDataReceived),
#   - context switches and CPU time of the process, and UDP datagrams sent in the namespace.
# The counters are uprobes on librtcnative.so (perf probe): they slow each hit by a few
# microseconds, so the rate printed here is not the benchmark's. Run after ./build.sh bench.
#   bash bench/hops.sh [c|rtcnative]      (default c: the native-only client)
# Needs root and perf (Debian: linux-perf). Uses a network namespace of its own, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
stack=${1:-c}
die() { printf 'hops: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (uprobes, ip netns)"
command -v perf >/dev/null || die "perf is not installed (apt-get install linux-perf)"
case "$stack" in
    c) lib=out/bench/lib/librtcnative.so; cmd=(out/bench/native/rtcn_bench) ;;
    rtcnative) lib=out/bench/dotnet/runtimes/linux-x64/native/librtcnative.so
               cmd=(dotnet out/bench/dotnet/RtcNative.Bench.dll) ;;
    *) die "unknown stack '$stack' (c, rtcnative)" ;;
esac
[ -x "${cmd[0]}" ] || command -v "${cmd[0]}" >/dev/null || die "${cmd[0]} is missing: run ./build.sh bench first"
lib=$(readlink -f "$lib")
[ -f "$lib" ] || die "no $lib: run ./build.sh bench first"

# Symbol addresses (librtcnative.so keeps its symbol table; only rtcn_* is exported).
symbol() {
    nm -C --defined-only "$lib" | grep -F -- "$1" | grep -v 'clone \.cold' | head -n1 | awk '{print "0x"$1}'
}
send_hop=$(symbol 'CallVoidPtr<rtc::Thread::BlockingCall<webrtc::DataChannelController::DataChannelSendData(')
receive_task=$(symbol 'RemoteInvoker<false, void, webrtc::DataChannelController::OnDataReceived(')
[ -n "$send_hop" ] && [ -n "$receive_task" ] || die "the libwebrtc symbols were not found in $lib (another libwebrtc version?)"

ns="rtcnbench-hops-$$"
group=probe_librtcnative
cleanup() {
    perf probe -q -d "$group:rtcnb_sendhop" 2>/dev/null || true
    perf probe -q -d "$group:rtcnb_rxtask" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
perf probe -q -d "$group:rtcnb_*" 2>/dev/null || true
perf probe -q -x "$lib" -a "rtcnb_sendhop=$send_hop" >/dev/null
perf probe -q -x "$lib" -a "rtcnb_rxtask=$receive_task" >/dev/null
ip netns add "$ns"
ip -n "$ns" link set lo up

datagrams() { ip netns exec "$ns" cat /proc/net/snmp /proc/net/snmp6 | awk '
    /^Udp: / && !h { h = 1; for (i = 1; i <= NF; i++) if ($i == "OutDatagrams") c = i; next }
    /^Udp: / && h { s += $c }
    /^Udp6OutDatagrams/ { s += $2 }
    END { print s + 0 }'; }
stat_file=$(mktemp)
before=$(datagrams)
result=$(perf stat -x, -o "$stat_file" -e "$group:rtcnb_sendhop,$group:rtcnb_rxtask,context-switches,task-clock" -- \
    ip netns exec "$ns" "${cmd[@]}" rate size=100 ms=3000 cap=1048576 low=524288 timeout_ms=30000 | grep '^RESULT ' || true)
after=$(datagrams)
[ -n "$result" ] || die "the run printed no result"
messages=$(printf '%s' "$result" | grep -o '"received_messages":[0-9]*' | cut -d: -f2)
[ -n "$messages" ] && [ "$messages" -gt 0 ] || die "no messages: $result"
count() { awk -F, -v e="$1" '$3 == e || $3 ~ e { print $1; exit }' "$stat_file"; }
hops=$(count "$group:rtcnb_sendhop")
tasks=$(count "$group:rtcnb_rxtask")
switches=$(count context-switches)
cpu_ms=$(count task-clock)
rm -f "$stat_file"
awk -v m="$messages" -v h="$hops" -v t="$tasks" -v s="$switches" -v c="$cpu_ms" -v d="$((after - before))" -v st="$stack" 'BEGIN {
    printf "%s, 100-byte messages for 3 s under uprobes: %d messages\n", st, m
    printf "  blocking signaling->network hops (DataChannelSendData): %d = %.2f per message\n", h, h / m
    printf "  posted receive tasks (OnDataReceived):                 %d = %.2f per message\n", t, t / m
    printf "  context switches:                                      %d = %.2f per message\n", s, s / m
    printf "  UDP datagrams sent:                                    %d = %.2f per message\n", d, d / m
    printf "  CPU time (all threads):                                %.0f ms = %.1f us per message\n", c, c * 1000 / m
}'
