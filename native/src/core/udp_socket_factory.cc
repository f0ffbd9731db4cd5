#include "udp_socket_factory.h"

#include <utility>

#include "rtc_base/async_packet_socket.h"
#include "rtc_base/logging.h"
#include "rtc_base/network/sent_packet.h"
#include "rtc_base/socket.h"
#include "rtc_base/time_utils.h"

namespace rtcn {
namespace {

constexpr size_t kMaxDatagramBytes = 64 * 1024;

// Behaves as rtc::AsyncUDPSocket (same signals, same sent-packet reports) but receives into a
// buffer it shares with the other sockets of its factory.
class UdpSocket : public rtc::AsyncPacketSocket {
 public:
  UdpSocket(std::unique_ptr<rtc::Socket> socket, std::shared_ptr<std::vector<char>> receive_buffer)
      : socket_(std::move(socket)), receive_buffer_(std::move(receive_buffer)) {
    socket_->SignalReadEvent.connect(this, &UdpSocket::OnReadEvent);
    socket_->SignalWriteEvent.connect(this, &UdpSocket::OnWriteEvent);
  }

  rtc::SocketAddress GetLocalAddress() const override { return socket_->GetLocalAddress(); }
  rtc::SocketAddress GetRemoteAddress() const override { return socket_->GetRemoteAddress(); }

  int Send(const void* data, size_t size, const rtc::PacketOptions& options) override {
    rtc::SentPacket sent(options.packet_id, rtc::TimeMillis(), options.info_signaled_after_sent);
    rtc::CopySocketInformationToPacketInfo(size, *this, false, &sent.info);
    const int result = socket_->Send(data, size);
    SignalSentPacket(this, sent);
    return result;
  }

  int SendTo(const void* data, size_t size, const rtc::SocketAddress& address,
             const rtc::PacketOptions& options) override {
    rtc::SentPacket sent(options.packet_id, rtc::TimeMillis(), options.info_signaled_after_sent);
    rtc::CopySocketInformationToPacketInfo(size, *this, true, &sent.info);
    const int result = socket_->SendTo(data, size, address);
    SignalSentPacket(this, sent);
    return result;
  }

  int Close() override { return socket_->Close(); }
  State GetState() const override { return STATE_BOUND; }
  int GetOption(rtc::Socket::Option option, int* value) override { return socket_->GetOption(option, value); }
  int SetOption(rtc::Socket::Option option, int value) override { return socket_->SetOption(option, value); }
  int GetError() const override { return socket_->GetError(); }
  void SetError(int error) override { socket_->SetError(error); }

 private:
  // One datagram per read event, as AsyncUDPSocket: reading a socket dry per event measured no
  // faster and let SCTP grow a larger backlog under load.
  void OnReadEvent(rtc::Socket*) {
    std::vector<char>& buffer = *receive_buffer_;
    rtc::SocketAddress remote;
    int64_t timestamp = -1;
    const int length = socket_->RecvFrom(buffer.data(), buffer.size(), &remote, &timestamp);
    if (length < 0) {
      // Typically an ICMP error for an earlier datagram (unreachable candidate): normal in ICE.
      RTC_LOG(LS_INFO) << "UDP receive on " << socket_->GetLocalAddress().ToSensitiveString()
                       << " failed with error " << socket_->GetError();
      return;
    }
    // Listeners use the bytes before this returns; the next read on this thread overwrites them.
    SignalReadPacket(this, buffer.data(), static_cast<size_t>(length), remote,
                     timestamp > -1 ? timestamp : rtc::TimeMicros());
  }

  void OnWriteEvent(rtc::Socket*) { SignalReadyToSend(this); }

  const std::unique_ptr<rtc::Socket> socket_;
  const std::shared_ptr<std::vector<char>> receive_buffer_;
};

int Bind(rtc::Socket* socket, const rtc::SocketAddress& address, uint16_t min_port, uint16_t max_port) {
  if (min_port == 0 && max_port == 0) return socket->Bind(address);
  int result = -1;
  for (int port = min_port; result < 0 && port <= max_port; ++port) {
    result = socket->Bind(rtc::SocketAddress(address.ipaddr(), port));
  }
  return result;
}

}  // namespace

UdpSocketFactory::UdpSocketFactory(rtc::SocketFactory* socket_factory)
    : rtc::BasicPacketSocketFactory(socket_factory),
      socket_factory_(socket_factory),
      receive_buffer_(std::make_shared<std::vector<char>>(kMaxDatagramBytes)) {}

rtc::AsyncPacketSocket* UdpSocketFactory::CreateUdpSocket(const rtc::SocketAddress& local_address,
                                                          uint16_t min_port, uint16_t max_port) {
  std::unique_ptr<rtc::Socket> socket(socket_factory_->CreateSocket(local_address.family(), SOCK_DGRAM));
  if (!socket) return nullptr;
  if (Bind(socket.get(), local_address, min_port, max_port) < 0) {
    RTC_LOG(LS_ERROR) << "UDP bind failed with error " << socket->GetError();
    return nullptr;
  }
  return new UdpSocket(std::move(socket), receive_buffer_);
}

}  // namespace rtcn
