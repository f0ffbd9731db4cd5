# Links into librtcnative.so, as static archives, the libwebrtc dependencies whose shared
# libraries tie the binary to one distribution release (libvpx's SONAME changes with every
# upstream major: .so.7 on Debian 12, .so.9 on Ubuntu 24.04) where Debian 12 ships an archive that
# can go into a shared object (position-independent, no text relocation). --exclude-libs,ALL in
# native/CMakeLists.txt keeps their symbols out of the export table.
#
# Not linked statically, and why (the documented runtime set: packaging/runtime-needs.txt):
#   libavcodec/libavutil  Debian's libavcodec.a is not PIC (thousands of R_X86_64_32 relocations)
#   libsrtp2              Debian's libsrtp2.a is built over NSS: linking it needs libnss3 + libnspr4
#                         (PK11_*, NSS_InitContext, PR_GetError), two shared libraries for one
#   libjpeg               Debian's libjpeg.a has text relocations (jerror.c.o against stderr)
#   libopus               Debian's libopus.a is not PIC (celt.o: R_X86_64_PC32 against stderr)
#   abseil (libabsl_*)    Debian's libabsl_*.a are PIE, not PIC: the link fails ("R_X86_64_PC32
#                         against symbol `_ZTISt11logic_error' can not be used when making a
#                         shared object", libabsl_throw_delegate.a), so libabsl_*.so.20220623 stay
#   libssl/libcrypto      libssl.so.3 is on every current distribution and gets its security fixes there
#   glib, X11 and libc    stable SONAMEs present on any desktop-capable system
#
# Call rtcnative_static_deps() after find_package(TgOwt). Option RTCN_STATIC_DEPS (default ON).
option(RTCN_STATIC_DEPS "Link libvpx statically into librtcnative.so" ON)

# Archives replacing the shared libraries that tg_owt's CMake package names by full path.
set(RTCN_STATIC_ARCHIVES vpx)

function(_rtcn_static_replace target)
  get_target_property(_libs ${target} INTERFACE_LINK_LIBRARIES)
  if(NOT _libs)
    return()
  endif()
  set(_new "")
  foreach(_lib IN LISTS _libs)
    foreach(_name IN LISTS RTCN_STATIC_ARCHIVES)
      if(_lib MATCHES "^(.*)/lib${_name}\\.so$")
        set(_archive "${CMAKE_MATCH_1}/lib${_name}.a")
        if(NOT EXISTS "${_archive}")
          message(FATAL_ERROR "RTCN_STATIC_DEPS: ${_archive} is missing (install lib${_name}-dev, or configure with -DRTCN_STATIC_DEPS=OFF)")
        endif()
        set(_lib "${_archive}")
      endif()
    endforeach()
    list(APPEND _new "${_lib}")
  endforeach()
  set_target_properties(${target} PROPERTIES INTERFACE_LINK_LIBRARIES "${_new}")
endfunction()

function(rtcnative_static_deps)
  if(NOT RTCN_STATIC_DEPS OR NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
    return()
  endif()
  _rtcn_static_replace(tg_owt::tg_owt)
  # The archive's own needs (threads, libm), which libvpx.so recorded itself.
  set(THREADS_PREFER_PTHREAD_FLAG ON)
  find_package(Threads REQUIRED)
  set_property(TARGET tg_owt::tg_owt APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads m)
endfunction()
