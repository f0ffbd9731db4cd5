// The page side of the Chromium interop harness: named RTCPeerConnections, their data channels (by label)
// and the messages they received; signaling goes through Playwright as JSON (RTCSessionDescription and
// RTCIceCandidate toJSON shapes). Candidates reach C# through the exposed function chromeCandidate.
const peers = {};
const log = (...args) => console.log('[harness]', ...args);

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function track(peer, channel) {
  const entry = { channel, messages: [], open: channel.readyState === 'open', closed: false };
  peer.channels[channel.label] = entry;
  channel.binaryType = 'arraybuffer';
  channel.onopen = () => { entry.open = true; };
  channel.onclose = () => { entry.closed = true; log(peer.name, 'channel closed', channel.label); };
  channel.onerror = e => log(peer.name, 'channel error', channel.label, e.error && e.error.message);
  channel.onmessage = e => entry.messages.push(typeof e.data === 'string' ? { text: e.data } : { base64: toBase64(e.data) });
  return entry;
}

// Candidates and descriptions arrive on different paths (unlike one ordered signaling channel): a candidate waits
// until the remote description carries its ICE ufrag (after an ICE restart, new candidates can overtake the offer).
function belongs(peer, candidate) {
  return !candidate.usernameFragment || peer.remoteUfrags.length === 0 || peer.remoteUfrags.includes(candidate.usernameFragment);
}

function setRemote(peer, description) {
  const done = peer.pc.setRemoteDescription(description);
  peer.remoteSet = true;
  peer.remoteUfrags = (description.sdp || '').split('\r\n').filter(l => l.startsWith('a=ice-ufrag:')).map(l => l.slice('a=ice-ufrag:'.length));
  const waiting = peer.pending.splice(0);
  for (const candidate of waiting) {
    if (!belongs(peer, candidate)) { peer.pending.push(candidate); continue; }
    peer.pc.addIceCandidate(candidate).catch(e => log(peer.name, 'addIceCandidate failed', e.message));
  }
  return done;
}

Object.assign(window, {
  peers,
  newPeer(name) {
    const pc = new RTCPeerConnection();
    const peer = { name, pc, channels: {}, pending: [], remoteSet: false, remoteUfrags: [] };
    peers[name] = peer;
    pc.onicecandidate = e => { if (e.candidate) window.chromeCandidate(name, JSON.stringify(e.candidate)); };
    pc.ondatachannel = e => track(peer, e.channel);
    pc.onconnectionstatechange = () => log(name, 'connection', pc.connectionState);
    if (window.onNewPeer) window.onNewPeer(peer);   // media.js
    return true;
  },
  async addCandidate(name, json) {
    const peer = peers[name];
    const candidate = JSON.parse(json);
    if (!peer.remoteSet || !belongs(peer, candidate)) { peer.pending.push(candidate); return true; }
    await peer.pc.addIceCandidate(candidate);
    return true;
  },
  async makeOffer(name, restartIce) {
    const peer = peers[name];
    if (restartIce) peer.pc.restartIce();
    await peer.pc.setLocalDescription();
    return JSON.stringify(peer.pc.localDescription);
  },
  async acceptOffer(name, json) {
    const peer = peers[name];
    await setRemote(peer, JSON.parse(json));
    await peer.pc.setLocalDescription();
    return JSON.stringify(peer.pc.localDescription);
  },
  async acceptAnswer(name, json) {
    await setRemote(peers[name], JSON.parse(json));
    return true;
  },
  createChannel(name, label, init) {
    track(peers[name], peers[name].pc.createDataChannel(label, init || {}));
    return true;
  },
  // items: [{ text }] or [{ base64 }]; returns what each send threw ('' when it was sent).
  send(name, label, items) {
    const channel = peers[name].channels[label].channel;
    return items.map(item => {
      try { channel.send(item.text !== undefined && item.text !== null ? item.text : fromBase64(item.base64)); return ''; }
      catch (e) { return e.name + ': ' + e.message; }
    });
  },
  messages(name, label) { return JSON.stringify(peers[name].channels[label].messages); },
  // Sends '<prefix><label>' on every open channel; returns how many.
  sendToAll(name, prefix) {
    const entries = Object.values(peers[name].channels).filter(e => e.channel.readyState === 'open');
    for (const e of entries) e.channel.send(prefix + e.channel.label);
    return entries.length;
  },
  closeChannel(name, label) { peers[name].channels[label].channel.close(); return true; },
  async dataChannelStats(name) {
    const report = await peers[name].pc.getStats();
    const result = { channels: {}, transportBytesSent: 0, transportBytesReceived: 0 };
    report.forEach(s => {
      if (s.type === 'data-channel') result.channels[s.label] = { bytesSent: s.bytesSent, bytesReceived: s.bytesReceived, messagesSent: s.messagesSent, messagesReceived: s.messagesReceived };
      if (s.type === 'transport') { result.transportBytesSent += s.bytesSent; result.transportBytesReceived += s.bytesReceived; }
    });
    return JSON.stringify(result);
  },
  descriptions(name) {
    const pc = peers[name] && peers[name].pc;
    return pc ? JSON.stringify({ local: pc.localDescription, remote: pc.remoteDescription, connection: pc.connectionState }) : 'no such peer';
  },
  closePeer(name) { if (peers[name]) { peers[name].pc.close(); delete peers[name]; } return true; },
  maxMessageSize(name) { const sctp = peers[name].pc.sctp; return sctp ? sctp.maxMessageSize : -1; },
});
