// An RTCDataChannel: observes libwebrtc's channel from its creation (so nothing is lost
// before the embedder attaches), delivers its events through a DeliveryQueue, and sends and
// releases without blocking the caller on libwebrtc's signaling thread.
//
// State: libwebrtc owns the channel's state; this shim keeps the last state libwebrtc
// reported (its send gate, since Send must not block) and the bytes it accepted and libwebrtc
// has not handed to SCTP (its send-queue limit). The embedder mirrors the state from the events.
#pragma once

#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "api/data_channel_interface.h"
#include "delivery_queue.h"
#include "live_objects.h"
#include "ref_counted.h"
#include "rtcnative.h"

namespace rtcn {

class PeerConnection;
class Runtime;

class DataChannel : public RefCounted<DataChannel>, public webrtc::DataChannelObserver {
 public:
  // Call on the signaling thread. Registers the observer at once. remote_announced: the
  // channel came from OnDataChannel (the remote peer opened it); its events wait until
  // AttachUserData. owner lists the channel until it is torn down or owner is.
  DataChannel(PeerConnection* owner, rtc::scoped_refptr<webrtc::DataChannelInterface> channel, bool remote_announced,
              void* user_data);

  void AttachUserData(void* user_data) { queue_.Attach(user_data); }
  rtcn_data_channel_info Info();

  // Queues a message for the signaling thread. Messages queued while a drain is pending ride
  // along with it: one task per burst, not per message.
  rtcn_status Send(const uint8_t* data, uint64_t size, bool is_binary);
  // Queued delivery: moves the oldest inbox message into buffer (see rtcn_data_channel_receive).
  // Returns its size, -1 when the inbox is empty; a message larger than capacity stays queued.
  int64_t Receive(uint8_t* buffer, uint64_t capacity, bool* is_binary);
  void Close();
  // The embedder's release: stops the events, unobserves libwebrtc's channel on the signaling
  // thread, hands the user_data back and drops the handle's reference. Never blocks.
  void ReleaseHandle();
  // Signaling thread: libwebrtc assigns the stream id once the DTLS role is known.
  void RefreshId();
  // Signaling thread: the connection is torn down before this channel.
  void DetachFromConnection() { owner_ = nullptr; }

  // webrtc::DataChannelObserver, on the signaling thread.
  void OnStateChange() override;
  void OnMessage(const webrtc::DataBuffer& buffer) override;
  void OnBufferedAmountChange(uint64_t sent_data_size) override;

 private:
  friend class RefCounted<DataChannel>;
  ~DataChannel() override;
  void DrainOutgoing();  // on the signaling thread
  void Teardown();       // on the signaling thread
  void DeliverBufferedAmountDecrease(uint64_t sent_bytes);

  LiveObject<RTCN_OBJECT_DATA_CHANNEL> live_;
  Runtime* const runtime_;
  PeerConnection* owner_;  // signaling thread only; null once the connection was torn down
  rtc::scoped_refptr<webrtc::DataChannelInterface> channel_;  // signaling thread only after construction
  DeliveryQueue queue_;
  const std::string label_;
  const std::string protocol_;
  const bool ordered_;
  const int32_t max_packet_life_time_;
  const int32_t max_retransmits_;
  const bool negotiated_;
  const bool remote_announced_;
  std::atomic<int32_t> id_;
  std::atomic<rtcn_data_channel_state> state_;
  // Bytes accepted by Send and not yet reported handed to SCTP: at most
  // RTCN_DATA_CHANNEL_SEND_QUEUE_BYTES, which is libwebrtc's own queue limit, so libwebrtc never
  // refuses a message it was handed while open.
  std::atomic<uint64_t> queued_bytes_{0};
  // Queued delivery. libwebrtc's thread appends to inbox_; Receive reads reading_, refilled by
  // swapping with inbox_ when used up, so the two threads meet once per batch, not per message.
  // A used-up batch goes back as spent_ and is freed by libwebrtc's thread, which allocated it
  // (frees from another thread contend for the allocator's arena).
  std::mutex inbox_mutex_;
  std::vector<webrtc::DataBuffer> inbox_;
  std::vector<webrtc::DataBuffer> spent_;
  uint64_t spent_bytes_ = 0;
  static constexpr uint64_t kMaxSpentBytes = 256 * 1024;  // held for libwebrtc's thread at most
  bool signaled_ = false;  // under inbox_mutex_: messages_available raised, no receive found it empty since
  bool released_ = false;  // under inbox_mutex_: nobody will receive any more
  std::mutex reading_mutex_;
  std::vector<webrtc::DataBuffer> reading_;
  size_t reading_next_ = 0;
  uint64_t read_bytes_ = 0;  // bytes taken from reading_ so far (its batch becomes spent)
  std::mutex outgoing_mutex_;
  std::deque<webrtc::DataBuffer> outgoing_;
  bool drain_scheduled_ = false;
  bool draining_ = false;       // signaling thread: inside DrainOutgoing
  uint64_t sent_in_drain_ = 0;  // signaling thread: decreases reported during that drain
};

}  // namespace rtcn
