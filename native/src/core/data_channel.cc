#include "data_channel.h"

#include <cstring>
#include <iterator>

#include "callbacks.h"
#include "errors.h"
#include "peer_connection.h"
#include "runtime.h"

namespace rtcn {
namespace {

rtcn_data_channel_state ToAbi(webrtc::DataChannelInterface::DataState state) {
  switch (state) {
    case webrtc::DataChannelInterface::kConnecting: return RTCN_DATA_CHANNEL_STATE_CONNECTING;
    case webrtc::DataChannelInterface::kOpen: return RTCN_DATA_CHANNEL_STATE_OPEN;
    case webrtc::DataChannelInterface::kClosing: return RTCN_DATA_CHANNEL_STATE_CLOSING;
    case webrtc::DataChannelInterface::kClosed: return RTCN_DATA_CHANNEL_STATE_CLOSED;
  }
  return RTCN_DATA_CHANNEL_STATE_CLOSED;
}

}  // namespace

DataChannel::DataChannel(PeerConnection* owner, rtc::scoped_refptr<webrtc::DataChannelInterface> channel,
                         bool remote_announced, void* user_data)
    : runtime_(owner->runtime()),
      owner_(owner),
      channel_(std::move(channel)),
      queue_(user_data, user_data != nullptr),
      label_(channel_->label()),
      protocol_(channel_->protocol()),
      ordered_(channel_->ordered()),
      max_packet_life_time_(channel_->maxPacketLifeTime().value_or(-1)),
      max_retransmits_(channel_->maxRetransmitsOpt().value_or(-1)),
      negotiated_(channel_->negotiated()),
      remote_announced_(remote_announced),
      id_(channel_->id()),
      state_(ToAbi(channel_->state())) {
  runtime_->AddRef();
  channel_->RegisterObserver(this);
}

DataChannel::~DataChannel() {
  // Runs where the last reference went; Teardown already let go of libwebrtc's channel there.
  runtime_->Release();
  live_.End();
  queue_.Detach();  // user_data_released, the last thing of this channel
}

void DataChannel::RefreshId() {
  if (channel_) id_.store(channel_->id());
}

rtcn_data_channel_info DataChannel::Info() {
  rtcn_data_channel_info info;
  info.label = label_.c_str();
  info.protocol = protocol_.c_str();
  info.ordered = ordered_ ? 1 : 0;
  info.max_packet_life_time = max_packet_life_time_;
  info.max_retransmits = max_retransmits_;
  info.negotiated = negotiated_ ? 1 : 0;
  info.id = id_.load();
  info.state = state_.load();
  return info;
}

rtcn_status DataChannel::Send(const uint8_t* data, uint64_t size, bool is_binary) {
  // A remotely announced channel is open for the spec from the datachannel event on, while
  // libwebrtc opens it in a task posted before that event: sends posted now run after it.
  const rtcn_data_channel_state state = state_.load();
  const bool open = state == RTCN_DATA_CHANNEL_STATE_OPEN ||
                    (state == RTCN_DATA_CHANNEL_STATE_CONNECTING && remote_announced_);
  if (!open) return Fail(RTCN_ERROR_INVALID_STATE, "InvalidStateError: RTCDataChannel.readyState is not 'open'");
  // Chrome: "RTCDataChannel send queue is full" (OperationError); the message is not queued.
  uint64_t queued = queued_bytes_.load();
  do {
    if (queued + size > RTCN_DATA_CHANNEL_SEND_QUEUE_BYTES) {
      return Fail(RTCN_ERROR_OPERATION, "OperationError: RTCDataChannel send queue is full (" + std::to_string(queued) +
                                            " bytes queued, at most " + std::to_string(RTCN_DATA_CHANNEL_SEND_QUEUE_BYTES) +
                                            ")");
    }
  } while (!queued_bytes_.compare_exchange_weak(queued, queued + size));
  webrtc::DataBuffer buffer(rtc::CopyOnWriteBuffer(data, static_cast<size_t>(size)), is_binary);
  bool schedule;
  {
    std::lock_guard<std::mutex> lock(outgoing_mutex_);
    outgoing_.push_back(std::move(buffer));
    schedule = !drain_scheduled_;
    drain_scheduled_ = true;
  }
  // One task drains every message queued until it runs; tasks run in order, so messages keep
  // the order of Send calls, and a Close posted later runs after them.
  if (schedule) runtime_->signaling_thread()->PostTask([self = Ref<DataChannel>(this)] { self->DrainOutgoing(); });
  return RTCN_OK;
}

void DataChannel::DrainOutgoing() {
  std::deque<webrtc::DataBuffer> batch;
  {
    std::lock_guard<std::mutex> lock(outgoing_mutex_);
    batch.swap(outgoing_);
    drain_scheduled_ = false;
  }
  // libwebrtc reports each message handed to SCTP from inside Send: one decrease for the batch.
  // It refuses a message only once the channel is no longer open (the queue limit is ours too):
  // those bytes leave the queue unsent, as the channel's close tells the embedder.
  draining_ = true;
  uint64_t refused = 0;
  for (const webrtc::DataBuffer& buffer : batch) {
    if (!channel_ || !channel_->Send(buffer)) refused += buffer.size();
  }
  draining_ = false;
  if (refused > 0) queued_bytes_.fetch_sub(refused);
  const uint64_t sent = sent_in_drain_;
  sent_in_drain_ = 0;
  if (sent > 0) DeliverBufferedAmountDecrease(sent);
}

void DataChannel::Close() {
  // Sends after close() fail at once (webrtc-pc: readyState is "closing" when close() returns),
  // though libwebrtc closes in a task that runs after the already queued messages.
  auto state = state_.load();
  while ((state == RTCN_DATA_CHANNEL_STATE_CONNECTING || state == RTCN_DATA_CHANNEL_STATE_OPEN) &&
         !state_.compare_exchange_weak(state, RTCN_DATA_CHANNEL_STATE_CLOSING)) {
  }
  runtime_->signaling_thread()->PostTask([self = Ref<DataChannel>(this)] {
    if (self->channel_) self->channel_->Close();
  });
}

void DataChannel::ReleaseHandle() {
  queue_.Mute();
  {
    std::lock_guard<std::mutex> reading_lock(reading_mutex_);
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    released_ = true;
    inbox_.clear();
    spent_.clear();
    spent_bytes_ = 0;
    reading_.clear();
    reading_next_ = 0;
    read_bytes_ = 0;
  }
  runtime_->signaling_thread()->PostTask([self = Ref<DataChannel>(this)] { self->Teardown(); });
  Release();
}

void DataChannel::Teardown() {
  if (channel_) {
    channel_->UnregisterObserver();
    channel_ = nullptr;
  }
  if (owner_) owner_->ForgetChannel(this);
  owner_ = nullptr;
}

void DataChannel::OnStateChange() {
  if (!channel_) return;
  rtcn_data_channel_state state = ToAbi(channel_->state());
  id_.store(channel_->id());
  state_.store(state);
  Error error;
  bool has_error = false;
  if (state == RTCN_DATA_CHANNEL_STATE_CLOSED) {
    webrtc::RTCError rtc_error = channel_->error();
    if (!rtc_error.ok()) {
      error = FromRtcError(rtc_error);
      has_error = true;
    }
  }
  queue_.Event([state, error = std::move(error), has_error](void* user_data) {
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks == nullptr || callbacks->data_channel_state_change == nullptr) return;
    rtcn_error view = error.View();
    callbacks->data_channel_state_change(user_data, state, has_error ? &view : nullptr);
  });
}

void DataChannel::OnMessage(const webrtc::DataBuffer& buffer) {
  const rtcn_callbacks* callbacks = Callbacks();
  if (callbacks == nullptr) return;
  if (callbacks->data_channel_message != nullptr) {
    // CopyOnWriteBuffer shares the bytes: capturing it copies nothing.
    queue_.Event([callbacks, data = buffer.data, binary = buffer.binary](void* user_data) {
      callbacks->data_channel_message(user_data, data.cdata(), data.size(), binary ? 1 : 0);
    });
    return;
  }
  if (callbacks->data_channel_messages_available == nullptr) return;
  bool signal;
  std::vector<webrtc::DataBuffer> spent;  // freed here, on libwebrtc's thread, after the lock
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    if (released_) return;
    inbox_.push_back(buffer);  // shares the bytes
    signal = !signaled_;
    signaled_ = true;
    spent.swap(spent_);
    spent_bytes_ = 0;
  }
  // Through the queue, so the signal keeps its place among the channel's other events.
  if (signal) {
    queue_.Event([callbacks](void* user_data) { callbacks->data_channel_messages_available(user_data); });
  }
}

int64_t DataChannel::Receive(uint8_t* buffer, uint64_t capacity, bool* is_binary) {
  std::vector<webrtc::DataBuffer> to_free;  // declared first: freed after the locks are released
  std::lock_guard<std::mutex> reading_lock(reading_mutex_);
  if (reading_next_ == reading_.size()) {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    spent_bytes_ += read_bytes_;
    read_bytes_ = 0;
    if (spent_.empty()) {
      spent_.swap(reading_);
    } else {
      spent_.insert(spent_.end(), std::make_move_iterator(reading_.begin()), std::make_move_iterator(reading_.end()));
    }
    reading_.clear();  // moved-from: frees nothing
    reading_next_ = 0;
    if (inbox_.empty()) {
      signaled_ = false;  // found empty: the next message signals again
      // No next message may come to free a large spent batch: free it here rather than hold it.
      if (spent_bytes_ >= kMaxSpentBytes) {
        to_free.swap(spent_);
        spent_bytes_ = 0;
      }
      return -1;
    }
    reading_.swap(inbox_);
  }
  const webrtc::DataBuffer& next = reading_[reading_next_];
  const uint64_t size = next.size();
  *is_binary = next.binary;
  if (size > capacity) return static_cast<int64_t>(size);
  if (size > 0) std::memcpy(buffer, next.data.cdata(), size);
  ++reading_next_;
  read_bytes_ += size;
  return static_cast<int64_t>(size);
}

void DataChannel::OnBufferedAmountChange(uint64_t sent_data_size) {
  queued_bytes_.fetch_sub(sent_data_size);
  if (draining_) {
    sent_in_drain_ += sent_data_size;
    return;
  }
  DeliverBufferedAmountDecrease(sent_data_size);
}

void DataChannel::DeliverBufferedAmountDecrease(uint64_t sent_data_size) {
  queue_.Event([sent_data_size](void* user_data) {
    const rtcn_callbacks* callbacks = Callbacks();
    if (callbacks == nullptr || callbacks->data_channel_buffered_amount_decrease == nullptr) return;
    callbacks->data_channel_buffered_amount_decrease(user_data, sent_data_size);
  });
}

}  // namespace rtcn
