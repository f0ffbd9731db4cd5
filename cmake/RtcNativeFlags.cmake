# Compile flags for the shim. They must match the tg_owt archive: C++20, RTTI, and the same
# NDEBUG choice (DCHECK settings change libwebrtc's class layouts), hence Release only.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()
if(NOT CMAKE_BUILD_TYPE STREQUAL "Release")
  message(FATAL_ERROR "Build the shim as Release: the tg_owt archive is built with NDEBUG, and DCHECK settings change libwebrtc's class layouts.")
endif()
# Line tables for the shim's own code (-g1 changes no generated code): ./build.sh pack splits them
# into librtcnative.so.debug, the symbols shipped beside the stripped library in the package.
if(NOT MSVC)
  string(APPEND CMAKE_C_FLAGS_RELEASE " -g1")
  string(APPEND CMAKE_CXX_FLAGS_RELEASE " -g1")
endif()

function(rtcnative_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /EHsc)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
  endif()
endfunction()
