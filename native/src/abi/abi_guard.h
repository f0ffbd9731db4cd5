// What every extern "C" function shares: catch everything (no C++ exception may cross into
// the embedder), convert handles, check arguments before libwebrtc sees them.
#pragma once

#include <exception>
#include <new>
#include <string>

#include "core/data_channel.h"
#include "core/errors.h"
#include "core/media/media_sink.h"
#include "core/media/media_source.h"
#include "core/media/media_track.h"
#include "core/media/video_frame.h"
#include "core/peer_connection.h"
#include "core/runtime.h"
#include "rtcnative.h"

namespace rtcn {

template <class Body>
rtcn_status Guard(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(RTCN_ERROR_INTERNAL, std::string(function) + ": out of memory");
  } catch (const std::exception& e) {
    return Fail(RTCN_ERROR_INTERNAL, std::string(function) + ": " + e.what());
  } catch (...) {
    return Fail(RTCN_ERROR_INTERNAL, std::string(function) + ": unknown exception");
  }
}

inline rtcn_status NullArgument(const char* function, const char* argument) {
  return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(function) + ": " + argument + " is NULL");
}

inline rtcn_status Invalid(const char* function, const std::string& what) {
  return Fail(RTCN_ERROR_INVALID_ARGUMENT, std::string(function) + ": " + what);
}

template <class Enum>
bool InRange(Enum value, Enum first, Enum last) {
  return static_cast<int>(value) >= static_cast<int>(first) && static_cast<int>(value) <= static_cast<int>(last);
}

inline Runtime* AsRuntime(rtcn_factory* handle) { return reinterpret_cast<Runtime*>(handle); }
inline PeerConnection* AsPeerConnection(rtcn_peer_connection* handle) {
  return reinterpret_cast<PeerConnection*>(handle);
}
inline DataChannel* AsDataChannel(rtcn_data_channel* handle) { return reinterpret_cast<DataChannel*>(handle); }
// Media handles: the object's own pointer (sources: the MediaSource base of the generator).
inline MediaTrack* AsMediaTrack(rtcn_media_track* handle) { return reinterpret_cast<MediaTrack*>(handle); }
inline rtcn_media_track* ToHandle(MediaTrack* track) { return reinterpret_cast<rtcn_media_track*>(track); }
inline VideoGenerator* AsVideoGenerator(rtcn_video_source* handle) {
  return static_cast<VideoGenerator*>(reinterpret_cast<MediaSource*>(handle));
}
inline AudioGenerator* AsAudioGenerator(rtcn_audio_source* handle) {
  return static_cast<AudioGenerator*>(reinterpret_cast<MediaSource*>(handle));
}
inline VideoFrameHandle* AsVideoFrame(rtcn_video_frame* handle) { return reinterpret_cast<VideoFrameHandle*>(handle); }
inline AudioDataHandle* AsAudioData(rtcn_audio_data* handle) { return reinterpret_cast<AudioDataHandle*>(handle); }
inline MediaSink* AsMediaSink(rtcn_media_sink* handle) { return reinterpret_cast<MediaSink*>(handle); }

}  // namespace rtcn
