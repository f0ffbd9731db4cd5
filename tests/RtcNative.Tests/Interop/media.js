// The media side of the Chromium interop harness (loaded after harness.js): local tracks (the fake camera via
// getUserMedia, an OscillatorNode tone), the remote tracks each peer received with their events, a reader of
// RtcNative's test pattern from pixels, audio samples of a remote track, and media stats.
let audioContext = null;

function sharedAudioContext() {
  if (!audioContext) audioContext = new AudioContext({ sampleRate: 48000 });
  return audioContext;
}

// Remote tracks as received ('track' events), each with the events seen on it and on its streams.
window.onNewPeer = peer => {
  peer.remote = [];
  peer.local = {};
  peer.pc.addEventListener('track', e => {
    const entry = { kind: e.track.kind, track: e.track, events: [] };
    for (const type of ['mute', 'unmute', 'ended']) e.track.addEventListener(type, () => entry.events.push(type));
    for (const stream of e.streams) stream.addEventListener('removetrack', ev => { if (ev.track === e.track) entry.events.push('removetrack'); });
    peer.remote.push(entry);
    log(peer.name, 'track', e.track.kind, e.track.id);
  });
};

function lastRemote(name, kind) {
  const entries = peers[name].remote.filter(e => e.kind === kind);
  if (!entries.length) throw new Error(`${name} received no ${kind} track`);
  return entries[entries.length - 1];
}

// RtcNative's test pattern code (native/src/core/media/test_pattern.cc): 4 rows of 20 blocks of side width/20 at
// the top; block (j, i) is bit j*20+i of 10 bytes (counter, time in ms, both big-endian, then CRC-16/CCITT-FALSE
// of those 8), white (luma 235) for 1, black (16) for 0; read as the mean over each block's inner half.
const patternColumns = 20;
const patternRows = 4;

function crc16(bytes, size) {
  let crc = 0xffff;
  for (let i = 0; i < size; i++) {
    crc ^= bytes[i] << 8;
    for (let bit = 0; bit < 8; bit++) crc = (crc & 0x8000) ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

// RGBA pixels (full range after the browser's conversion) -> { counter, timeMs } or null.
function readPattern(rgba, width, height) {
  const edge = index => Math.floor(index * width / patternColumns);
  if (width < 2 * patternColumns || height < edge(patternRows)) return null;
  const payload = new Uint8Array(10);
  for (let j = 0; j < patternRows; j++) {
    const y0 = edge(j), y1 = edge(j + 1), qy = Math.floor((y1 - y0) / 4);
    const sy0 = y0 + qy, sy1 = Math.max(sy0 + 1, y1 - qy);
    for (let i = 0; i < patternColumns; i++) {
      const x0 = edge(i), x1 = edge(i + 1), qx = Math.floor((x1 - x0) / 4);
      const sx0 = x0 + qx, sx1 = Math.max(sx0 + 1, x1 - qx);
      let sum = 0;
      for (let y = sy0; y < sy1; y++) {
        for (let x = sx0; x < sx1; x++) {
          const p = (y * width + x) * 4;
          sum += 0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2];
        }
      }
      const bit = j * patternColumns + i;
      if (sum >= 128 * (sy1 - sy0) * (sx1 - sx0)) payload[bit >> 3] |= 1 << (7 - (bit & 7));
    }
  }
  const crc = crc16(payload, 8);
  if (payload[8] !== crc >> 8 || payload[9] !== (crc & 0xff)) return null;
  const word = o => ((payload[o] << 24) | (payload[o + 1] << 16) | (payload[o + 2] << 8) | payload[o + 3]) >>> 0;
  return { counter: word(0), timeMs: word(4) };
}

function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(what + ' timed out')), ms))]);
}

Object.assign(window, {
  readPattern,
  // The fake camera (getUserMedia), sent with addTrack in a stream of its own; returns its settings.
  async addCamera(name, width, height) {
    const video = width ? { width: { exact: width }, height: { exact: height } } : true;
    const stream = await navigator.mediaDevices.getUserMedia({ video });
    const track = stream.getVideoTracks()[0];
    track.contentHint = 'detail';   // keep the resolution under bandwidth pressure; the size is checked
    peers[name].local.video = { track, sender: peers[name].pc.addTrack(track, stream) };
    return JSON.stringify(track.getSettings());
  },
  // A sine from an OscillatorNode through a MediaStreamAudioDestinationNode, sent with addTrack.
  async addOscillator(name, frequency) {
    const context = sharedAudioContext();
    await context.resume();
    const oscillator = new OscillatorNode(context, { frequency });
    const destination = context.createMediaStreamDestination();
    oscillator.connect(destination);
    oscillator.start();
    const track = destination.stream.getAudioTracks()[0];
    peers[name].local.audio = { track, sender: peers[name].pc.addTrack(track, destination.stream), oscillator };
    return true;
  },
  preferCodec(name, kind, mimeType) {
    const sender = peers[name].local[kind].sender;
    const codecs = RTCRtpReceiver.getCapabilities(kind).codecs.filter(c => c.mimeType.toLowerCase() === mimeType.toLowerCase() || c.mimeType === 'video/rtx');
    peers[name].pc.getTransceivers().find(t => t.sender === sender).setCodecPreferences(codecs);
    return true;
  },
  addReceiver(name, kind) { peers[name].pc.addTransceiver(kind, { direction: 'recvonly' }); return true; },
  removeLocal(name, kind) { peers[name].pc.removeTrack(peers[name].local[kind].sender); return true; },
  stopLocal(name, kind) {
    const sender = peers[name].local[kind].sender;
    peers[name].pc.getTransceivers().find(t => t.sender === sender).stop();
    return true;
  },
  // Stops sending kind (replaceTrack(null)): the byte counters then settle.
  async silenceLocal(name, kind) { await peers[name].local[kind].sender.replaceTrack(null); return true; },
  remoteTracks(name) { return JSON.stringify(peers[name].remote.map(e => ({ kind: e.kind, readyState: e.track.readyState, muted: e.track.muted, events: e.events }))); },
  // Draws frames of the last remote video track to a canvas and reads the pattern code from its pixels, until
  // count codes were read or timeoutMs passed; returns { codes: [counter...], frames, width, height }.
  async readRemotePattern(name, count, timeoutMs) {
    const { track } = lastRemote(name, 'video');
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const canvas = new OffscreenCanvas(1, 1);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const result = { codes: [], frames: 0, width: 0, height: 0 };
    const deadline = performance.now() + timeoutMs;
    try {
      while (result.codes.length < count && performance.now() < deadline) {
        const { value: frame, done } = await withTimeout(reader.read(), Math.max(1, deadline - performance.now()), 'reading a frame')
          .catch(() => ({ done: true }));
        if (done) break;
        result.frames++;
        result.width = frame.displayWidth;
        result.height = frame.displayHeight;
        if (canvas.width !== result.width || canvas.height !== result.height) { canvas.width = result.width; canvas.height = result.height; }
        context.drawImage(frame, 0, 0);
        frame.close();
        const code = readPattern(context.getImageData(0, 0, result.width, result.height).data, result.width, result.height);
        if (code) result.codes.push(code.counter);
      }
    } finally {
      reader.cancel().catch(() => {});
    }
    return JSON.stringify(result);
  },
  // The last remote audio track through an AnalyserNode: after settleMs, its last 32768 samples as 16-bit PCM.
  async recordRemoteAudio(name, settleMs) {
    const { track } = lastRemote(name, 'audio');
    const stream = new MediaStream([track]);
    const element = new Audio();   // Chrome feeds a remote track to Web Audio only while a media element plays it
    element.muted = true;
    element.srcObject = stream;
    await element.play().catch(e => log(name, 'audio element', e.message));
    const context = sharedAudioContext();
    await context.resume();
    const source = context.createMediaStreamSource(stream);
    const analyser = new AnalyserNode(context, { fftSize: 32768 });
    source.connect(analyser);
    await new Promise(resolve => setTimeout(resolve, settleMs));
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    source.disconnect();
    element.srcObject = null;
    return JSON.stringify({ sampleRate: context.sampleRate, state: context.state, samples: Array.from(samples, s => Math.round(Math.max(-1, Math.min(1, s)) * 32767)) });
  },
  // inbound-rtp and outbound-rtp of kind, each with its codec's mimeType.
  async rtpStats(name, kind) {
    const report = await peers[name].pc.getStats();
    const pick = type => {
      const list = [];
      report.forEach(s => { if (s.type === type && s.kind === kind) list.push({ ...s, mimeType: s.codecId && report.get(s.codecId) ? report.get(s.codecId).mimeType : null }); });
      return list;
    };
    return JSON.stringify({ inbound: pick('inbound-rtp'), outbound: pick('outbound-rtp') });
  },
  codecs(kind) {
    const names = caps => caps ? caps.codecs.map(c => c.mimeType + (c.sdpFmtpLine ? ';' + c.sdpFmtpLine : '')) : [];
    return JSON.stringify({ send: names(RTCRtpSender.getCapabilities(kind)), receive: names(RTCRtpReceiver.getCapabilities(kind)) });
  },
  isSecureContext() { return window.isSecureContext; },
});
