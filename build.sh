#!/usr/bin/env bash
# RtcNative build entry point (Linux). Every verb does the set-up it needs first.
#   ./build.sh            build everything (libwebrtc if not cached, native shim, bindings check, managed)
#   ./build.sh demo       build, then run the demo: a call page on http://127.0.0.1:8080 whose .NET peer sends
#                         a test pattern and a tone, echoes your camera and chats (--port N, --address A);
#                         `./build.sh demo --check` makes that call with headless Chromium and prints a report
#   ./build.sh test       build, then run every test (C tests plain and under sanitizers, the managed
#                         suite in both thread layouts; PulseAudio installed for the platform audio
#                         tests; then pack and the packaging tests once); ends with "N passed, N failed"
#   ./build.sh deps       only the apt packages and the cached libwebrtc build
#   ./build.sh native     only the native shim (out/native/librtcnative.so)
#   ./build.sh bindings   regenerate bindings/ from native/include/rtcnative.h
#   ./build.sh pack       build, then the NuGet packages in out/packages: RtcNative, RtcNative.Runtime.linux-x64
#                         (the stripped librtcnative.so) and its split debug symbols (*.debug.tar.xz)
#   ./build.sh bench      the benchmark (bench/README.md; root: it makes a network namespace)
#   ./build.sh sanitize   the shim and the C tests (SDP fuzz included) under ASan + UBSan (test runs it too)
#   ./build.sh clean      remove out/ and the .NET build outputs (not the libwebrtc cache)
# Environment: RTCNATIVE_CACHE (libwebrtc cache root, default ~/.cache/rtcnative).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
# shellcheck source=build/deps/apt.sh
. build/deps/apt.sh
out="$root/out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

need_dotnet() {
    command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed (https://learn.microsoft.com/dotnet/core/install/linux-debian)"
}

deps() {
    step "libwebrtc (tg_owt) and build dependencies"
    TGOWT_ROOT=$(bash build/deps/libwebrtc.sh | tail -n1)
    [ -f "$TGOWT_ROOT/lib/libtg_owt.a" ] || die "libwebrtc build did not produce $TGOWT_ROOT/lib/libtg_owt.a"
    export TGOWT_ROOT
}

native() {
    [ -n "${TGOWT_ROOT:-}" ] || deps
    step "native shim (cmake, out/native)"
    cmake -S native -B "$out/native" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTGOWT_ROOT="$TGOWT_ROOT" >/dev/null
    cmake --build "$out/native" -j "$(nproc)"
    check_exports
}

# Only the rtcn_ prefix may be exported (the version script hides libwebrtc and its deps).
check_exports() {
    local lib="$out/native/librtcnative.so" foreign
    foreign=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^rtcn_' || true)
    [ -z "$foreign" ] || die "librtcnative.so exports symbols outside the rtcn_ prefix: $(echo "$foreign" | head -n 5 | tr '\n' ' ')"
    echo "exports: $(nm -D --defined-only "$lib" | grep -c ' rtcn_') rtcn_ symbols, nothing else"
}

bindings_tool() {
    need_dotnet
    dotnet run --project build/BindingGen -c Release -- "$1" native/include/rtcnative.h bindings
}

bindings() { step "bindings (generate)"; bindings_tool generate; }
check_bindings() {
    step "bindings (check against native/include/rtcnative.h)"
    bindings_tool check || die "bindings/ is stale: run ./build.sh bindings and commit the result"
}

managed() {
    need_dotnet
    step "managed (dotnet build RtcNative.sln)"
    dotnet build RtcNative.sln -c Release -nologo -v minimal
}

built=0
all() { native; check_bindings; managed; built=1; }

# The version of every package: Directory.Build.props' VersionPrefix, the one place it is written.
pack_version() {
    local v; v=$(sed -n 's:.*<VersionPrefix>\([^<]*\)</VersionPrefix>.*:\1:p' Directory.Build.props | head -n1)
    [ -n "$v" ] || die "no <VersionPrefix> in Directory.Build.props"
    echo "$v"
}

# out/packages: RtcNative.<v>.nupkg (+ .snupkg, its portable PDB), RtcNative.Runtime.linux-x64.<v>.nupkg
# holding the stripped library in runtimes/linux-x64/native, and RtcNative.Runtime.linux-x64.<v>.debug.tar.xz:
# librtcnative.so.debug, the split symbols, which the stripped library names in .gnu_debuglink (gdb finds
# it beside the library or under /usr/lib/debug; the build ID matches too). Deterministic: the same
# commit gives the same managed assembly (ContinuousIntegrationBuild, no SourceLink).
pack() {
    [ "$built" = 1 ] || all
    step "packages (out/packages)"
    # Each step returns on failure: test_all calls pack in an || list, where set -e does not apply.
    local version stage="$out/pack/linux-x64" packages="$out/packages"
    version=$(pack_version) || return
    rm -rf "$stage" "$packages" && mkdir -p "$stage" "$packages" || return
    local lib="$stage/librtcnative.so" debug="$stage/librtcnative.so.debug"
    objcopy --only-keep-debug "$out/native/librtcnative.so" "$debug" || return
    objcopy --strip-unneeded "$out/native/librtcnative.so" "$lib" || return
    # --add-gnu-debuglink records the file's name and CRC: run beside it so only the name is kept.
    (cd "$stage" && objcopy --add-gnu-debuglink=librtcnative.so.debug librtcnative.so) || return
    tar -C "$stage" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cJf \
        "$packages/RtcNative.Runtime.linux-x64.$version.debug.tar.xz" librtcnative.so.debug || return
    dotnet pack packaging/runtime/RtcNative.Runtime.linux-x64.csproj -c Release -nologo -v minimal -o "$packages" \
        -p:ContinuousIntegrationBuild=true -p:RuntimePackLibrary="$lib" || return
    dotnet pack src/RtcNative/RtcNative.csproj -c Release -nologo -v minimal -o "$packages" \
        -p:ContinuousIntegrationBuild=true -p:RtcNativePack=true || return
    ls -l "$packages"
}

# The demo (samples/RtcNative.Demo): serves the call page on http://127.0.0.1:8080 (--port, --address, --urls);
# --check makes the call with headless Chromium in a network namespace (root) and prints a report.
demo() {
    all
    step "demo"
    dotnet run --project samples/RtcNative.Demo -c Release --no-build -- "$@"
}

# The apt packages only the tests need (build/deps/apt.sh: RTCN_TEST_PACKAGES), installed when missing.
test_deps() {
    step "test packages (apt)"
    apt_ensure "${RTCN_TEST_PACKAGES[@]}" || die "installing the test packages failed (${RTCN_TEST_PACKAGES[*]})"
}

test_all() {
    all
    test_deps
    local results="$out/test-results"
    rm -rf "$results"; mkdir -p "$results"
    local native_rc=0 managed_rc=0
    step "native tests (ctest)"
    ctest --test-dir "$out/native" --output-on-failure --output-junit "$results/ctest.xml" || native_rc=$?
    sanitize "$results/ctest-sanitize.xml" || native_rc=$?
    # The whole managed suite once per thread layout (PeerConnectionFactory reads RTCNATIVE_THREAD_LAYOUT).
    local layout
    for layout in shared split; do
        step "managed tests, $layout thread layout (dotnet test)"
        RTCNATIVE_THREAD_LAYOUT=$layout dotnet test tests/RtcNative.Tests -c Release --no-build -nologo --blame-hang-timeout 10m \
            --logger "trx;LogFileName=managed-$layout.trx" --results-directory "$results" || managed_rc=$?
    done
    # The packages, then their tests once (contents, runtime needs, consumer projects, build.ps1): about 2 minutes.
    pack || managed_rc=$?
    step "packaging tests (dotnet test tests/RtcNative.Packaging.Tests)"
    dotnet test tests/RtcNative.Packaging.Tests -c Release --no-build -nologo --blame-hang-timeout 15m \
        --logger "trx;LogFileName=packaging.trx" --results-directory "$results" || managed_rc=$?
    summarize "$results" "$native_rc" "$managed_rc"
}

# Prints "N passed, N failed[, N skipped]" from the real result files and fails on any
# failure, any non-zero runner exit, or no test run at all.
summarize() {
    local dir=$1 native_rc=$2 managed_rc=$3 passed=0 failed=0 skipped=0 n
    attr() { sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" | head -n1; }
    # The first <name ...> element of a file on one line (ctest spreads attributes over lines).
    element() { tr '\n\t' '  ' < "$2" | grep -o "<$1 [^>]*>" | head -n1 || true; }
    local junit
    for junit in "$dir"/ctest*.xml; do
        [ -f "$junit" ] || continue
        local suite; suite=$(element testsuite "$junit")
        local total f s
        total=$(echo "$suite" | attr tests); f=$(echo "$suite" | attr failures); s=$(echo "$suite" | attr skipped)
        passed=$((passed + ${total:-0} - ${f:-0} - ${s:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
    done
    local trx found_trx=0
    while IFS= read -r trx; do
        found_trx=1
        local counters; counters=$(element Counters "$trx")
        n=$(echo "$counters" | attr passed); passed=$((passed + ${n:-0}))
        n=$(echo "$counters" | attr failed); failed=$((failed + ${n:-0}))
        n=$(echo "$counters" | attr error); failed=$((failed + ${n:-0}))
        n=$(echo "$counters" | attr timeout); failed=$((failed + ${n:-0}))
        n=$(echo "$counters" | attr aborted); failed=$((failed + ${n:-0}))
        n=$(echo "$counters" | attr notExecuted); skipped=$((skipped + ${n:-0}))
    done < <(find "$dir" -name '*.trx')
    local rc=0
    if [ "$native_rc" != 0 ] || [ "$managed_rc" != 0 ] || [ "$failed" != 0 ]; then rc=1; fi
    if [ "$found_trx" = 0 ]; then echo "no managed test results were written"; rc=1; fi
    if [ $((passed + failed)) = 0 ]; then echo "no test ran"; rc=1; fi
    if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; echo "a test runner failed without a failing test result (crash or hang?)"; fi
    echo
    if [ "$skipped" != 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
    return $rc
}

clean() {
    rm -rf "$out"
    find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
}

# The benchmark (bench/README.md): the native shim, then bench/run.sh builds the four runners and
# runs them in a network namespace of its own; prints one table. Options: --runs N, --stacks, --scenarios.
bench() {
    native
    need_dotnet
    apt_ensure "${RTCN_BENCH_PACKAGES[@]}" || die "installing the benchmark packages failed (${RTCN_BENCH_PACKAGES[*]})"
    bash bench/run.sh "$@"
}

# The shim's own sources and the C tests under AddressSanitizer + UndefinedBehaviorSanitizer
# (libwebrtc stays uninstrumented: cmake/RtcNativeSanitize.cmake), built in out/native-sanitize;
# then every C test there (the SDP fuzzer, the two-peer tests, certificates/stats) with ctest, the
# sanitizers' options coming from the tests' environment. $1: the JUnit file to write (default
# out/test-results/ctest-sanitize.xml). Returns non-zero when the build or a test fails; about a
# minute of tests on 2 cores once built (the first build of the shim takes about 2 minutes more).
sanitize() {
    [ -n "${TGOWT_ROOT:-}" ] || deps
    local dir="$out/native-sanitize" junit="${1:-$out/test-results/ctest-sanitize.xml}"
    case "$junit" in /*) ;; *) junit="$root/$junit" ;; esac
    step "native shim and C tests under ASan + UBSan (cmake -DRTCN_SANITIZE=ON, out/native-sanitize)"
    cmake -S native -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTGOWT_ROOT="$TGOWT_ROOT" -DRTCN_SANITIZE=ON >/dev/null || return
    cmake --build "$dir" -j "$(nproc)" || return
    mkdir -p "$(dirname "$junit")" || return
    step "C tests under the sanitizers (ctest, out/native-sanitize; JUnit: $junit)"
    ctest --test-dir "$dir" --output-on-failure --output-junit "$junit"
}

case "${1:-all}" in
    all|build) all ;;
    demo) shift; demo "$@" ;;
    test) test_all ;;
    deps) deps ;;
    native) native ;;
    bindings) bindings ;;
    check-bindings) check_bindings ;;
    managed) managed ;;
    clean) clean ;;
    pack) pack ;;
    bench) shift; bench "$@" ;;
    sanitize) shift; sanitize "$@" ;;
    *) die "unknown verb '$1' (all, demo, test, pack, bench, sanitize, deps, native, bindings, check-bindings, managed, clean)" ;;
esac
