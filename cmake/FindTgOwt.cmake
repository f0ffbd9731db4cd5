# Finds tg_owt (Telegram's libwebrtc) as built by build/deps/libwebrtc.sh: a PIC static
# archive installed into a cache outside the clone. Set TGOWT_ROOT to that install prefix.
# Defines the imported target tg_owt::tg_owt.
set(_tgowt_hint "Run ./build.sh (it builds libwebrtc into ~/.cache/rtcnative) or pass -DTGOWT_ROOT=<install prefix>.")
if(NOT TGOWT_ROOT AND DEFINED ENV{TGOWT_ROOT})
  set(TGOWT_ROOT "$ENV{TGOWT_ROOT}")
endif()
if(NOT TGOWT_ROOT)
  message(FATAL_ERROR "TGOWT_ROOT is not set. ${_tgowt_hint}")
endif()
find_package(tg_owt CONFIG QUIET NO_DEFAULT_PATH PATHS "${TGOWT_ROOT}/lib/cmake/tg_owt")
if(NOT tg_owt_FOUND)
  message(FATAL_ERROR "No tg_owt CMake package under ${TGOWT_ROOT}/lib/cmake/tg_owt. ${_tgowt_hint}")
endif()
# Debian's prebuilt archive is PIE, not PIC: linking it into a shared library fails late and
# obscurely, so refuse an archive that is not ours.
if(NOT EXISTS "${TGOWT_ROOT}/../.complete")
  message(FATAL_ERROR "${TGOWT_ROOT} is not a completed PIC build of tg_owt. ${_tgowt_hint}")
endif()
set(TgOwt_FOUND TRUE)
