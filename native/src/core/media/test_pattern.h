// The test pattern (rtcn_test_pattern_*): 80 bits (a 32-bit frame counter, a 32-bit capture
// time in ms, a CRC-16/CCITT-FALSE of those 8 bytes, big endian, most significant bit first)
// drawn as black (luma 16) and white (luma 235) blocks in 4 rows of 20 blocks at the top of
// the luma plane. The geometry depends on the width only, so a reader finds it again after
// scaling: block column i spans x from i*W/20 to (i+1)*W/20, block row j spans y from
// j*W/20 to (j+1)*W/20 (integer division). A reader takes the mean of the central half of each
// block (both directions) and thresholds at 128. Below the code: a horizontal gray gradient
// with a white vertical bar that moves 4 pixels (of a 320-wide frame) per frame; chroma 128.
// The code needs W >= 40 (2x2-pixel blocks) and H >= 4*W/20; smaller frames carry no code.
#pragma once

#include <cstdint>

namespace rtcn {

constexpr int kPatternColumns = 20;
constexpr int kPatternRows = 4;

// Draws into I420 planes of width x height.
void DrawTestPattern(uint8_t* y, int stride_y, uint8_t* u, int stride_u, uint8_t* v, int stride_v, int width,
                     int height, uint32_t counter, uint32_t time_ms);
// Reads the code; false when the frame is too small or the checksum does not match.
bool ReadTestPattern(const uint8_t* luma, int width, int height, int stride, uint32_t* counter, uint32_t* time_ms);
// Whether a width x height frame can carry the code.
bool TestPatternFits(int width, int height);

}  // namespace rtcn
