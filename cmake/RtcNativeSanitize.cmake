# RTCN_SANITIZE=ON (option in native/CMakeLists.txt): the shim's own sources (native/src) and the
# C tests built with AddressSanitizer and UndefinedBehaviorSanitizer, for ./build.sh sanitize.
#
# libwebrtc stays uninstrumented: the shim links the same cached PIC archive (tg_owt) as the
# normal build. Mixing is sound here because neither sanitizer changes a class layout, the build
# type stays Release (NDEBUG, which does change libwebrtc's layouts, must match the archive), and
# GCC 12's libstdc++ does not annotate std::vector/std::string unless asked to (so containers
# filled by uninstrumented code raise no false container-overflow). What ASan still sees inside
# libwebrtc: every heap allocation and free (its malloc/new are replaced process-wide, so a shim
# object freed twice or used after libwebrtc freed it is caught) and the libc calls it intercepts
# (memcpy, strlen, ...). What it cannot see: plain loads and stores inside libwebrtc's own code.
#
# Linking: librtcnative.so is linked with --no-undefined, so the sanitizer runtimes must be linked
# into it, not left for the executable to provide. GCC does that when -fsanitize=... is on the
# shared library's link line (it adds libasan.so and libubsan.so as DT_NEEDED, shared runtimes, the
# GCC default; -static-libasan would be wrong for a shared library loaded by someone else). The
# test executables link them too, so the ASan runtime comes first in the initial library list, as
# it requires. A host that is not instrumented (dotnet) would need LD_PRELOAD=libasan.so.8; only
# the C tests run this build.
#
# -O1 -g replaces the Release -O3 for usable stacks; -fno-omit-frame-pointer lets the fast unwinder
# walk the shim's frames. -fno-sanitize-recover=undefined makes any UB report fatal (the test fails).

if(NOT RTCN_SANITIZE)
  return()
endif()

if(NOT CMAKE_C_COMPILER_ID STREQUAL "GNU" OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "RTCN_SANITIZE is set up for GCC (C: ${CMAKE_C_COMPILER_ID}, C++: ${CMAKE_CXX_COMPILER_ID}); "
                      "Clang would also need -shared-libsan for the shared library.")
endif()

set(RTCN_SANITIZE_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
# Directory scope, before any target of native/ or native/tests/ is defined: the core, the
# shared library, the header check and every C test get them; the imported tg_owt archive cannot.
add_compile_options(${RTCN_SANITIZE_FLAGS} -O1 -g)
add_link_options(${RTCN_SANITIZE_FLAGS})

# The runtime options every C test of this build runs with (set_tests_properties ENVIRONMENT in
# native/tests/CMakeLists.txt; also printed by ./build.sh sanitize to reproduce a run by hand).
set(_supp "${CMAKE_CURRENT_LIST_DIR}/sanitizers")
# ASan: stop at the first error; handle_abort=1 prints a stack for an abort() too (a libwebrtc
#   RTC_CHECK failing aborts). detect_leaks=1 (LeakSanitizer at exit): libwebrtc's
#   process-lifetime singletons are still reachable from its globals at exit, and LSan reports only
#   blocks nothing points to, so they are not leaks to it; the tests exit normally only after every
#   factory, connection and channel has reported user_data_released and the live-object count is 0,
#   so what is left unreachable then is a real leak. lsan.supp would list unreachable blocks that
#   belong to libwebrtc and its libraries, each with its reason (none so far).
#   detect_stack_use_after_return stays off (its fake stacks slow libwebrtc's threads down for
#   nothing: libwebrtc's frames are not instrumented). strict_string_checks and
#   check_initialization_order check the shim's own code.
set(RTCN_SANITIZE_ASAN_OPTIONS
    "halt_on_error=1:abort_on_error=0:handle_abort=1:detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=0:suppressions=${_supp}/asan.supp")
set(RTCN_SANITIZE_LSAN_OPTIONS "suppressions=${_supp}/lsan.supp:print_suppressions=1")
set(RTCN_SANITIZE_UBSAN_OPTIONS "halt_on_error=1:print_stacktrace=1:suppressions=${_supp}/ubsan.supp")
set(RTCN_SANITIZE_TEST_ENVIRONMENT
    "ASAN_OPTIONS=${RTCN_SANITIZE_ASAN_OPTIONS}"
    "LSAN_OPTIONS=${RTCN_SANITIZE_LSAN_OPTIONS}"
    "UBSAN_OPTIONS=${RTCN_SANITIZE_UBSAN_OPTIONS}")
message(STATUS "RTCN_SANITIZE: the shim and the C tests with ${RTCN_SANITIZE_FLAGS}; libwebrtc uninstrumented")
