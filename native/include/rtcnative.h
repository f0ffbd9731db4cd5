/*
 * rtcnative.h - the whole C ABI of librtcnative, a thin shim over libwebrtc. This umbrella
 * includes one header per area under rtcnative/; the conventions are in rtcnative/base.h, the
 * callback rules in rtcnative/callbacks.h, the operations chain in rtcnative/signaling.h.
 */
#ifndef RTCNATIVE_H
#define RTCNATIVE_H

#include "rtcnative/base.h"
#include "rtcnative/library.h"
#include "rtcnative/factory.h"
#include "rtcnative/certificate.h"
#include "rtcnative/ice.h"
#include "rtcnative/transports.h"
#include "rtcnative/signaling.h"
#include "rtcnative/peer_connection.h"
#include "rtcnative/data_channel.h"
#include "rtcnative/media.h"
#include "rtcnative/video_capture.h"
#include "rtcnative/display_capture.h"
#include "rtcnative/rtp.h"
#include "rtcnative/dtmf.h"
#include "rtcnative/audio_devices.h"
#include "rtcnative/callbacks.h"

#endif /* RTCNATIVE_H */
