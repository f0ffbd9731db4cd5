// The RTCDTMFSender of one audio sender: observes libwebrtc's DtmfSender and keeps the copy of
// the tone buffer the embedder reads without a thread hop. Owned by its Transceiver, which
// checks the spec's "can DTMF be sent" state before calling Insert.
//
// Threads: everything but ToneBuffer() runs on the signaling thread (libwebrtc's DtmfSender
// lives there, and its proxy calls straight through on it). OnToneChange only updates the copy
// and hands the tone to the owner's callback, which queues it on the connection's
// DeliveryQueue: no embedder code runs synchronously from libwebrtc's task.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "api/dtmf_sender_interface.h"
#include "api/scoped_refptr.h"

namespace rtcn {

class DtmfSender : public webrtc::DtmfSenderObserverInterface {
 public:
  using ToneCallback = std::function<void(const std::string& tone)>;

  // Signaling thread. Registers itself as the observer of dtmf.
  DtmfSender(rtc::scoped_refptr<webrtc::DtmfSenderInterface> dtmf, ToneCallback on_tone);
  // Signaling thread (after Detach, any thread).
  ~DtmfSender() override;
  DtmfSender(const DtmfSender&) = delete;
  DtmfSender& operator=(const DtmfSender&) = delete;

  // webrtc-pc's tone syntax: 0-9, A-D (either case), #, * and ','.
  static bool ValidTones(const std::string& tones);

  // ---- signaling thread
  // libwebrtc's own check: a send stream with telephone-event negotiated.
  bool EngineCanInsert();
  // Replaces the buffer with tones (valid, any case: stored uppercase); duration and gap are
  // clamped to libwebrtc's (and Chrome's) ranges here. false when libwebrtc refused.
  bool Insert(const std::string& tones, int duration_ms, int inter_tone_gap_ms);
  int duration() const { return dtmf_ ? dtmf_->duration() : 0; }
  int inter_tone_gap() const { return dtmf_ ? dtmf_->inter_tone_gap() : 0; }
  // The connection is torn down: stop observing and let go of libwebrtc's sender.
  void Detach();

  // ---- any thread
  std::string ToneBuffer();

  // webrtc::DtmfSenderObserverInterface, on the signaling thread. libwebrtc also calls the
  // one-argument overload for each tone; only this one is used.
  void OnToneChange(const std::string& tone, const std::string& tone_buffer) override;

 private:
  rtc::scoped_refptr<webrtc::DtmfSenderInterface> dtmf_;  // signaling thread
  const ToneCallback on_tone_;
  bool playing_ = false;  // signaling thread: a playout runs (its "" event is still to come)

  std::mutex mutex_;
  std::string tone_buffer_;  // guarded by mutex_
};

}  // namespace rtcn
