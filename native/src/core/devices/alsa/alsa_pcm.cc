#include "core/devices/alsa/alsa_pcm.h"

#include <cerrno>

namespace rtcn {
namespace {

// ALSA's buffer: enough for a scheduling hiccup of the capture or playout thread, short enough
// that what plays is heard soon (Chrome's ALSA output asks for the same order).
constexpr unsigned kLatencyUs = 60000;

}  // namespace

std::unique_ptr<AlsaPcm> AlsaPcm::Open(const std::string& name, snd_pcm_stream_t direction, int sample_rate,
                                       int channels, std::string* error) {
  const AlsaLibrary* alsa = Alsa();
  if (alsa == nullptr) {
    *error = "ALSA (libasound.so.2) is not installed";
    return nullptr;
  }
  snd_pcm_t* pcm = nullptr;
  // Non-blocking: a device another program holds fails at once (EBUSY) instead of waiting for it,
  // and reads and writes wait through snd_pcm_wait, bounded.
  int result = alsa->pcm_open(&pcm, name.c_str(), direction, SND_PCM_NONBLOCK);
  if (result < 0) {
    *error = alsa->strerror(result);
    return nullptr;
  }
  result = alsa->pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED,
                                static_cast<unsigned>(channels), static_cast<unsigned>(sample_rate),
                                /*soft_resample=*/1, kLatencyUs);
  if (result < 0) {
    *error = std::string("the device refused 16-bit samples at ") + std::to_string(sample_rate) + " Hz, " +
             std::to_string(channels) + " channel(s): " + alsa->strerror(result);
    alsa->pcm_close(pcm);
    return nullptr;
  }
  return std::unique_ptr<AlsaPcm>(new AlsaPcm(alsa, pcm, channels));
}

AlsaPcm::~AlsaPcm() {
  alsa_->pcm_drop(pcm_);
  alsa_->pcm_close(pcm_);
}

bool AlsaPcm::Recover(long result) {
  if (result == -EAGAIN) return true;
  // -EPIPE (overrun, underrun) and -ESTRPIPE (suspended) come back with a prepare; a device that
  // went away (-ENODEV, -EBADFD, -EIO) does not.
  return alsa_->pcm_recover(pcm_, static_cast<int>(result), /*silent=*/1) == 0;
}

long AlsaPcm::Read(int16_t* samples, size_t frames, int wait_ms) {
  // A capture stream starts with its first read, so the read comes even when the wait saw nothing
  // (non-blocking, it then gives -EAGAIN: no frames).
  const int ready = alsa_->pcm_wait(pcm_, wait_ms);
  if (ready < 0 && !Recover(ready)) return -1;
  const snd_pcm_sframes_t read = alsa_->pcm_readi(pcm_, samples, frames);
  if (read < 0) return Recover(read) ? 0 : -1;
  return static_cast<long>(read);
}

bool AlsaPcm::Write(const int16_t* samples, size_t frames, int wait_ms) {
  size_t done = 0;
  // Bounded: a device that takes nothing for a few waits in a row is given up on for this piece
  // (the samples are dropped, as a device that fell behind drops them), never blocking longer.
  for (int idle = 0; done < frames && idle < 4;) {
    const snd_pcm_sframes_t written =
        alsa_->pcm_writei(pcm_, samples + done * static_cast<size_t>(channels_), frames - done);
    if (written > 0) {
      done += static_cast<size_t>(written);
      idle = 0;
      continue;
    }
    if (written < 0 && !Recover(written)) return false;
    const int ready = alsa_->pcm_wait(pcm_, wait_ms);
    if (ready < 0 && !Recover(ready)) return false;
    ++idle;
  }
  return true;
}

}  // namespace rtcn
