#include "core/media/test_pattern.h"

#include <algorithm>
#include <cstring>

namespace rtcn {
namespace {

constexpr uint8_t kBlack = 16;
constexpr uint8_t kWhite = 235;

uint16_t Crc16(const uint8_t* data, int size) {
  uint16_t crc = 0xFFFF;  // CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF
  for (int i = 0; i < size; ++i) {
    crc ^= static_cast<uint16_t>(data[i]) << 8;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021) : static_cast<uint16_t>(crc << 1);
  }
  return crc;
}

void Payload(uint32_t counter, uint32_t time_ms, uint8_t out[10]) {
  for (int i = 0; i < 4; ++i) {
    out[i] = static_cast<uint8_t>(counter >> (24 - 8 * i));
    out[4 + i] = static_cast<uint8_t>(time_ms >> (24 - 8 * i));
  }
  const uint16_t crc = Crc16(out, 8);
  out[8] = static_cast<uint8_t>(crc >> 8);
  out[9] = static_cast<uint8_t>(crc);
}

int Edge(int index, int width) { return static_cast<int>(static_cast<int64_t>(index) * width / kPatternColumns); }

}  // namespace

bool TestPatternFits(int width, int height) {
  return width >= 2 * kPatternColumns && height >= Edge(kPatternRows, width);
}

void DrawTestPattern(uint8_t* y, int stride_y, uint8_t* u, int stride_u, uint8_t* v, int stride_v, int width,
                     int height, uint32_t counter, uint32_t time_ms) {
  const bool code = TestPatternFits(width, height);
  const int code_height = code ? Edge(kPatternRows, width) : 0;
  // Gradient with the moving bar.
  const int bar_width = std::max(2, width / 40);
  const int bar_x = static_cast<int>((static_cast<uint64_t>(counter) * 4 * static_cast<uint64_t>(width) / 320) %
                                     static_cast<uint64_t>(width));
  for (int row = code_height; row < height; ++row) {
    uint8_t* line = y + static_cast<size_t>(row) * stride_y;
    for (int x = 0; x < width; ++x) {
      const bool bar = x >= bar_x && x < bar_x + bar_width;
      line[x] = bar ? kWhite : static_cast<uint8_t>(32 + (x * 160) / width);
    }
  }
  if (code) {
    uint8_t payload[10];
    Payload(counter, time_ms, payload);
    for (int j = 0; j < kPatternRows; ++j) {
      const int y0 = Edge(j, width);
      const int y1 = Edge(j + 1, width);
      for (int i = 0; i < kPatternColumns; ++i) {
        const int bit = j * kPatternColumns + i;
        const bool one = (payload[bit / 8] >> (7 - bit % 8)) & 1;
        const int x0 = Edge(i, width);
        const int x1 = Edge(i + 1, width);
        for (int row = y0; row < y1; ++row) std::memset(y + static_cast<size_t>(row) * stride_y + x0, one ? kWhite : kBlack, x1 - x0);
      }
    }
  }
  const int cw = (width + 1) / 2;
  const int ch = (height + 1) / 2;
  for (int row = 0; row < ch; ++row) {
    std::memset(u + static_cast<size_t>(row) * stride_u, 128, cw);
    std::memset(v + static_cast<size_t>(row) * stride_v, 128, cw);
  }
}

bool ReadTestPattern(const uint8_t* luma, int width, int height, int stride, uint32_t* counter, uint32_t* time_ms) {
  if (!TestPatternFits(width, height)) return false;
  uint8_t payload[10] = {};
  for (int j = 0; j < kPatternRows; ++j) {
    const int y0 = Edge(j, width);
    const int y1 = Edge(j + 1, width);
    const int qy = (y1 - y0) / 4;
    const int sy0 = y0 + qy;
    const int sy1 = std::max(sy0 + 1, y1 - qy);
    for (int i = 0; i < kPatternColumns; ++i) {
      const int x0 = Edge(i, width);
      const int x1 = Edge(i + 1, width);
      const int qx = (x1 - x0) / 4;
      const int sx0 = x0 + qx;
      const int sx1 = std::max(sx0 + 1, x1 - qx);
      uint64_t sum = 0;
      for (int row = sy0; row < sy1; ++row) {
        const uint8_t* line = luma + static_cast<size_t>(row) * stride;
        for (int x = sx0; x < sx1; ++x) sum += line[x];
      }
      const uint64_t count = static_cast<uint64_t>(sy1 - sy0) * static_cast<uint64_t>(sx1 - sx0);
      const int bit = j * kPatternColumns + i;
      if (sum >= 128 * count) payload[bit / 8] |= static_cast<uint8_t>(1 << (7 - bit % 8));
    }
  }
  const uint16_t crc = Crc16(payload, 8);
  if (payload[8] != static_cast<uint8_t>(crc >> 8) || payload[9] != static_cast<uint8_t>(crc)) return false;
  uint32_t c = 0;
  uint32_t t = 0;
  for (int i = 0; i < 4; ++i) {
    c = (c << 8) | payload[i];
    t = (t << 8) | payload[4 + i];
  }
  *counter = c;
  *time_ms = t;
  return true;
}

}  // namespace rtcn
