// libwebrtc's packet socket factory with our own UDP socket. libwebrtc's AsyncUDPSocket keeps a
// 64 KiB receive buffer per socket (three sockets per connection on loopback alone, most of a
// connection's memory); ours read into one buffer per factory, which is safe because every socket
// of a factory is read on its one network thread. Kernel buffers stay at the system default:
// larger receive buffers were measured to hurt (M109's SCTP then keeps more data in flight and
// spends longer per acknowledgement, and loopback pairs stalled).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "p2p/base/basic_packet_socket_factory.h"

namespace rtcn {

class UdpSocketFactory : public rtc::BasicPacketSocketFactory {
 public:
  explicit UdpSocketFactory(rtc::SocketFactory* socket_factory);

  rtc::AsyncPacketSocket* CreateUdpSocket(const rtc::SocketAddress& local_address, uint16_t min_port,
                                          uint16_t max_port) override;

 private:
  rtc::SocketFactory* const socket_factory_;
  const std::shared_ptr<std::vector<char>> receive_buffer_;
};

}  // namespace rtcn
