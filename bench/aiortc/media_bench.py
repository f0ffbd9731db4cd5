#!/usr/bin/python3
"""aiortc runner of the benchmark's media scenarios (bench/README.md, "Media scenarios").

    /usr/bin/python3 bench/aiortc/media_bench.py <video|audio> key=value...
    keys: width, height, fps, ms, warmup_ms, period_ms, tone_ms, timeout_ms (numbers)

Debian's python3-aiortc (1.4.0) with the SYSTEM python: the pyenv python first on PATH does not
have it. Two aiortc peers in this one process (asyncio), signaling handed over in-process
(aiortc gathers before it completes setLocalDescription: no trickle). aiortc's ICE (aioice)
gathers no loopback addresses, so it uses the veth pair of the benchmark's namespace
(10.77.0.1/2, routed through the kernel's loopback path as every other stack's).

video: A sends a track whose recv() paces itself at fps (aiortc's sender pulls frames from it)
and makes each frame as RtcNative's test pattern does (a gradient, a moving bar, and the code at
the top): 720p yuv420p built in numpy, then av.VideoFrame.from_ndarray. The code is the capture
time in ms (time.monotonic, the same CLOCK_MONOTONIC as the engine's clock) and a frame counter,
drawn as two rows of 16x16 black/white blocks, the second the bit-inverse of the first (a frame
whose rows disagree counts as unreadable). Codec preferences: VP8 only. B reads the remote track
with track.recv() (a decoded av.VideoFrame) and decodes the blocks from the luma plane.

audio: 48 kHz stereo s16 in 20 ms frames (aiortc's Opus encoder takes 20 ms), a 1 kHz tone of
half scale for tone_ms every period_ms, silence between; latency from producing the frame that
starts a burst to B's recv() returning the first frame with a sample above 0.1 of full scale after
at least one silent frame. aiortc has no audio device: recv() returns frames as its jitter buffer
and decoder give them, nothing pulls at a playout clock as libwebrtc's device does.

Prints exactly one line "RESULT {json}" on stdout; diagnostics on stderr. A watchdog ends the
process with an error result after timeout_ms.
"""
import asyncio
import fractions
import json
import math
import os
import platform
import resource
import sys
import threading
import time

RESULT_EMITTED = threading.Lock()
SCENARIO = sys.argv[1] if len(sys.argv) > 1 else ""


def emit(result):
    if not RESULT_EMITTED.acquire(blocking=False):
        return
    result.setdefault("stack", "aiortc")
    result["scenario"] = SCENARIO
    result["layout"] = None
    try:
        import aiortc
        import av
        result["versions"] = {"aiortc": aiortc.__version__, "av": av.__version__, "python": platform.python_version()}
    except Exception:  # noqa: BLE001 - the error is in the result already
        pass
    sys.stdout.write("RESULT " + json.dumps(result) + "\n")
    sys.stdout.flush()


def fail(message, code=1):
    emit({"ok": False, "error": message})
    sys.stderr.write(f"media_bench.py: {message}\n")
    sys.stderr.flush()
    os._exit(code)


def cpu_seconds():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def now_ms_u32():
    return int(time.monotonic() * 1000) & 0xFFFFFFFF


def params():
    out = {}
    for arg in sys.argv[2:]:
        key, eq, value = arg.partition("=")
        if not eq or not key:
            fail(f"bad argument '{arg}' (key=value expected)", 2)
        if key == "layout":
            continue  # aiortc has no thread layouts
        out[key] = int(value)
    return out


P = params()


def watchdog():
    timeout_ms = P.get("timeout_ms", 60000)
    time.sleep(timeout_ms / 1000)
    fail(f"timed out after {timeout_ms // 1000} s", 3)


try:
    import numpy as np
    from av import AudioFrame, VideoFrame
    from aiortc import MediaStreamTrack, RTCPeerConnection, RTCRtpSender
except Exception as e:  # noqa: BLE001
    fail(f"aiortc is not usable with {sys.executable}: {e!r} (Debian: apt-get install python3-aiortc)")

BLOCK = 16
BITS = 48  # 32 bits of time_ms, 16 bits of counter


def make_code_rows(time_ms, counter):
    """The two rows of blocks (BLOCK high each) as a (2 * BLOCK, BITS * BLOCK) luma array."""
    value = (time_ms << 16) | (counter & 0xFFFF)
    bits = np.array([(value >> (BITS - 1 - i)) & 1 for i in range(BITS)], dtype=np.uint8)
    row = np.where(bits == 1, 235, 16).astype(np.uint8)
    inv = np.where(bits == 1, 16, 235).astype(np.uint8)
    top = np.repeat(np.repeat(row[None, :], BLOCK, axis=0), BLOCK, axis=1)
    bottom = np.repeat(np.repeat(inv[None, :], BLOCK, axis=0), BLOCK, axis=1)
    return np.vstack([top, bottom])


def read_code(luma):
    """(found, time_ms, counter) from a luma plane (2-D uint8 array)."""
    centers = np.arange(BITS) * BLOCK + BLOCK // 2
    if luma.shape[0] < 2 * BLOCK or luma.shape[1] < BITS * BLOCK:
        return False, 0, 0
    top = luma[BLOCK // 2, centers] > 128
    bottom = luma[BLOCK + BLOCK // 2, centers] > 128
    if not np.all(top != bottom):
        return False, 0, 0
    value = 0
    for b in top:
        value = (value << 1) | int(b)
    return True, (value >> 16) & 0xFFFFFFFF, value & 0xFFFF


class PacedVideoTrack(MediaStreamTrack):
    """720p frames at fps, paced by recv() (aiortc's sender awaits it for every frame)."""

    kind = "video"

    def __init__(self, width, height, fps):
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self.start = None
        self.counter = 0
        gradient = (32 + (np.arange(width) * 160) // width).astype(np.uint8)
        self.base = np.repeat(gradient[None, :], height, axis=0)
        self.buf = np.full((height * 3 // 2, width), 128, dtype=np.uint8)  # yuv420p: Y, then U and V
        self.sent = 0
        self.sent_in_window = 0
        self.measuring = False

    async def recv(self):
        if self.start is None:
            self.start = time.monotonic()
        due = self.start + self.counter / self.fps
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        t = now_ms_u32()
        y = self.buf[: self.height]
        y[:] = self.base
        bar_w = max(2, self.width // 40)
        bar_x = (self.counter * 4 * self.width // 320) % self.width
        y[:, bar_x : bar_x + bar_w] = 235
        code = make_code_rows(t, self.counter)
        y[: code.shape[0], : code.shape[1]] = code
        frame = VideoFrame.from_ndarray(self.buf, format="yuv420p")
        frame.pts = self.counter * (90000 // self.fps)
        frame.time_base = fractions.Fraction(1, 90000)
        self.counter += 1
        self.sent += 1
        if self.measuring:
            self.sent_in_window += 1
        return frame


class PacedAudioTrack(MediaStreamTrack):
    """48 kHz stereo s16, 20 ms per recv(), a tone burst every period_ms."""

    kind = "audio"
    RATE = 48000
    SAMPLES = 960  # 20 ms

    def __init__(self, period_ms, tone_ms):
        super().__init__()
        self.start = None
        self.index = 0
        period_frames = self.RATE * period_ms // 1000
        tone_frames = self.RATE * tone_ms // 1000
        n = np.arange(tone_frames)
        tone = np.round(0.5 * 32767 * np.sin(2 * math.pi * 1000 * n / self.RATE)).astype(np.int16)
        mono = np.zeros(period_frames, dtype=np.int16)
        mono[:tone_frames] = tone
        self.period = np.repeat(mono, 2)  # interleaved stereo
        self.period_frames = period_frames
        self.onsets = []  # (monotonic seconds of each burst's first frame, made inside the window)
        self.onsets_in_window = 0
        self.measuring = False

    async def recv(self):
        if self.start is None:
            self.start = time.monotonic()
        due = self.start + self.index * self.SAMPLES / self.RATE
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        offset = (self.index * self.SAMPLES) % self.period_frames
        if offset == 0:
            self.onsets.append((time.monotonic(), self.measuring))
            if self.measuring:
                self.onsets_in_window += 1
        chunk = self.period[offset * 2 : (offset + self.SAMPLES) * 2]
        frame = AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="stereo")
        frame.sample_rate = self.RATE
        frame.pts = self.index * self.SAMPLES
        frame.time_base = fractions.Fraction(1, self.RATE)
        self.index += 1
        return frame


async def connect(track, mime):
    a = RTCPeerConnection()
    b = RTCPeerConnection()
    transceiver = a.addTransceiver(track, direction="sendonly")
    caps = RTCRtpSender.getCapabilities(track.kind)
    chosen = [c for c in caps.codecs if c.mimeType.lower() == mime.lower()]
    if not chosen:
        fail(f"aiortc offers no {mime}")
    transceiver.setCodecPreferences(chosen)
    remote = asyncio.get_running_loop().create_future()

    @b.on("track")
    def on_track(t):
        if not remote.done():
            remote.set_result(t)

    connected = {a: asyncio.Event(), b: asyncio.Event()}
    for pc in (a, b):
        def make(pc=pc):
            @pc.on("connectionstatechange")
            def on_state():
                if pc.connectionState == "connected":
                    connected[pc].set()
                elif pc.connectionState == "failed":
                    fail("connection failed")
        make()
    await a.setLocalDescription(await a.createOffer())
    await b.setRemoteDescription(a.localDescription)
    await b.setLocalDescription(await b.createAnswer())
    await a.setRemoteDescription(b.localDescription)
    await asyncio.wait_for(asyncio.gather(connected[a].wait(), connected[b].wait(), remote), 10)
    return a, b, remote.result()


async def video():
    width, height, fps = P.get("width", 1280), P.get("height", 720), P.get("fps", 30)
    duration, warmup = P.get("ms", 10000) / 1000, P.get("warmup_ms", 2000) / 1000
    track = PacedVideoTrack(width, height, fps)
    a, b, remote = await connect(track, "video/VP8")
    state = {"measuring": False, "frames": 0, "unreadable": 0, "smaller": 0, "total": 0, "w": 0, "h": 0}
    latency = []
    first = {}

    async def reader():
        while True:
            frame = await remote.recv()
            luma = frame.planes[0]
            arr = np.frombuffer(luma, dtype=np.uint8).reshape(frame.height, luma.line_size)[:, : frame.width]
            found, t, _ = read_code(arr)
            now = now_ms_u32()
            state["total"] += 1
            if state["total"] == 1:
                first["t"] = time.monotonic()
            if state["measuring"]:
                state["frames"] += 1
                state["w"], state["h"] = frame.width, frame.height
                if frame.width < width or frame.height < height:
                    state["smaller"] += 1
                if not found:
                    state["unreadable"] += 1
                else:
                    latency.append(float((now - t) & 0xFFFFFFFF))

    start = time.monotonic()
    task = asyncio.ensure_future(reader())
    await asyncio.sleep(warmup)
    if state["total"] == 0:
        fail(f"no video frame arrived in the {int(warmup * 1000)} ms of warm-up")
    cpu0 = cpu_seconds()
    state["measuring"] = track.measuring = True
    await asyncio.sleep(duration)
    cpu = cpu_seconds() - cpu0
    state["measuring"] = track.measuring = False
    task.cancel()
    if state["frames"] == 0:
        fail(f"no video frames arrived in the measured window ({track.sent_in_window} sent)")
    if not latency:
        fail(f"{state['frames']} frames arrived but none carried a readable code")
    result = {
        "ok": True, "width": width, "height": height, "fps": fps, "codec": "VP8", "seconds": duration,
        "warmup_seconds": warmup, "sent_frames": track.sent_in_window, "received_frames": state["frames"],
        "unreadable_frames": state["unreadable"], "dropped_frames": 0,
        "first_frame_ms": (first.get("t", start) - start) * 1000, "received_width": state["w"],
        "received_height": state["h"], "smaller_frames": state["smaller"], "cpu_seconds": cpu,
        "latency_ms": latency,
        "latency_method": "capture time drawn in the pixels (two rows of 16x16 blocks, the second inverted)",
    }
    emit(result)
    await a.close()
    await b.close()


async def audio():
    duration, warmup = P.get("ms", 10000) / 1000, P.get("warmup_ms", 2000) / 1000
    period_ms, tone_ms = P.get("period_ms", 500), P.get("tone_ms", 200)
    track = PacedAudioTrack(period_ms, tone_ms)
    a, b, remote = await connect(track, "audio/opus")
    state = {"measuring": False, "samples": 0, "chunks": 0, "total": 0, "spurious": 0, "rate": 48000}
    latency = []
    matched = set()
    threshold = 3277

    async def reader():
        armed = False
        while True:
            frame = await remote.recv()
            now = time.monotonic()
            samples = frame.to_ndarray()
            loud = bool(np.any(np.abs(samples.astype(np.int32)) > threshold))
            state["total"] += 1
            measuring = state["measuring"]
            if measuring:
                state["chunks"] += 1
                state["samples"] += frame.samples
                state["rate"] = frame.sample_rate
            if not loud:
                armed = True
                continue
            if not armed:
                continue
            armed = False
            k = len(track.onsets) - 1
            while k >= 0 and track.onsets[k][0] > now:
                k -= 1
            if k < 0 or k in matched:
                if measuring:
                    state["spurious"] += 1
                continue
            matched.add(k)
            if measuring and track.onsets[k][1]:  # bursts started inside the window only
                latency.append((now - track.onsets[k][0]) * 1000)

    task = asyncio.ensure_future(reader())
    await asyncio.sleep(warmup)
    if state["total"] == 0:
        fail(f"no audio arrived in the {int(warmup * 1000)} ms of warm-up")
    cpu0 = cpu_seconds()
    state["measuring"] = track.measuring = True
    await asyncio.sleep(duration)
    # The last burst of the window arrives (its latency counts), then the measuring stops.
    await asyncio.sleep(min(300, period_ms) / 1000)
    cpu = cpu_seconds() - cpu0
    state["measuring"] = track.measuring = False
    task.cancel()
    if state["chunks"] == 0:
        fail("no audio arrived in the measured window")
    if not latency:
        fail(f"audio arrived ({state['chunks']} frames) but no tone onset was detected")
    result = {
        "ok": True, "sample_rate": 48000, "channels": 2, "codec": "opus", "chunk_ms": 20, "period_ms": period_ms,
        "tone_ms": tone_ms, "seconds": duration + min(300, period_ms) / 1000, "warmup_seconds": warmup,
        "received_chunks": state["chunks"], "audio_seconds": state["samples"] / state["rate"],
        "onsets_sent": track.onsets_in_window, "onsets_detected": len(latency), "spurious_onsets": state["spurious"],
        "dropped_chunks": 0, "cpu_seconds": cpu, "latency_ms": latency,
        "note": "aiortc: 20 ms frames, no audio device (frames come as decoded, not pulled at a playout clock)",
    }
    emit(result)
    await a.close()
    await b.close()


def main():
    threading.Thread(target=watchdog, daemon=True).start()
    if SCENARIO == "video":
        run = video
    elif SCENARIO == "audio":
        run = audio
    else:
        fail(f"unknown scenario '{SCENARIO}' (aiortc runs video and audio only)", 2)
    try:
        asyncio.run(run())
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001
        fail(f"{type(e).__name__}: {e}")
    os._exit(0)  # aiortc's encoder/decoder threads may linger


if __name__ == "__main__":
    main()
