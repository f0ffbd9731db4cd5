// Node runners of the benchmark: node-webrtc (@roamhq/wrtc, its W3C API) and node-datachannel
// (its own native API, the fast path of that package). One scenario per process; both peers of
// every pair in this process (in-process signaling with trickle ICE). Prints exactly one line
// "RESULT {json}" on stdout; diagnostics go to stderr. bench/driver.mjs passes the parameters so
// that every stack gets the same; bench/README.md says what each scenario measures.
//
//   node --expose-gc bench.js <wrtc|ndc> <connect|throughput|rate|rtt|rss|many> key=value...
//   keys: pairs, warmup, size, ms, cap, low, count, rate_size, bulk_size, burst, drain_ms, timeout_ms
'use strict';

const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const [stackName, scenario, ...rest] = process.argv.slice(2);
const params = {};
for (const arg of rest) {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`bad argument '${arg}' (key=value expected)`);
  params[arg.slice(0, eq)] = Number(arg.slice(eq + 1));
}
const param = (key) => {
  if (!(key in params)) throw new Error(`missing ${key}=`);
  return params[key];
};
const STEP_TIMEOUT_MS = 10000;

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

let emitted = false;
let versions = { node: process.version };
function emit(result) {
  if (emitted) return;
  emitted = true;
  const out = { stack: stackName === 'wrtc' ? 'node-webrtc' : 'node-datachannel', scenario, ...result, versions };
  process.stdout.write('RESULT ' + JSON.stringify(out) + '\n');
}

const timeoutMs = params.timeout_ms ?? 30000;
setTimeout(() => {
  emit({ ok: false, error: `timed out after ${Math.round(timeoutMs / 1000)} s` });
  process.exit(3);
}, timeoutMs).unref();

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

// CPU time (user + system) of the whole process, every thread, in seconds.
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function rssMb() {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  if (!m) throw new Error('no VmRSS in /proc/self/status');
  return Number(m[1]) / 1024;
}

function threadCount() {
  const m = /Threads:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : -1;
}

// ------------------------------------------------------------------ stacks
// Each stack gives connectPair() -> { ms, a, b, close() } where a and b are channel adapters:
// send(buf), bufferedAmount(), setLowThreshold(n), onLow(cb), onMessage(cb(bytes: number, data)).

// What connectPair returns for either stack: the connect time, both channels adapted, and a closer.
function connectedPair(ms, a, b, dcA, dcB, adapt) {
  return {
    ms,
    a: adapt(dcA),
    b: adapt(dcB),
    close: () => { dcA.close(); dcB.close(); a.close(); b.close(); },
  };
}

function wrtcStack() {
  const wrtc = require('@roamhq/wrtc');
  let m = null;
  try {
    m = /M(\d{2,3})\b/.exec(fs.readFileSync(path.join(__dirname, 'node_modules/@roamhq/wrtc/README.md'), 'utf8'));
  } catch { /* no README: no libwebrtc milestone in the versions */ }
  versions = { ...versions, '@roamhq/wrtc': packageVersion('@roamhq/wrtc'), libwebrtc: m ? `M${m[1]}` : null };

  const adapt = (dc) => ({
    send: (buf) => dc.send(buf),
    bufferedAmount: () => dc.bufferedAmount,
    setLowThreshold: (n) => { dc.bufferedAmountLowThreshold = n; },
    onLow: (cb) => { dc.onbufferedamountlow = cb; },
    onMessage: (cb) => { dc.onmessage = (e) => cb(e.data.byteLength, e.data); },
  });

  async function connectPair() {
    const a = new wrtc.RTCPeerConnection({ iceServers: [] });
    const b = new wrtc.RTCPeerConnection({ iceServers: [] });
    const relay = (to) => {
      let pending = [];
      return {
        onCandidate: (e) => {
          if (!e.candidate) return; // end of candidates: nothing to relay on one host
          if (pending) pending.push(e.candidate);
          else to.addIceCandidate(e.candidate).catch(() => {});
        },
        ready: () => {
          const list = pending;
          pending = null;
          for (const c of list) to.addIceCandidate(c).catch(() => {});
        },
      };
    };
    const toB = relay(b);
    const toA = relay(a);
    a.onicecandidate = toB.onCandidate;
    b.onicecandidate = toA.onCandidate;
    const dcA = a.createDataChannel('bench');
    dcA.binaryType = 'arraybuffer';
    const openA = deferred();
    dcA.onopen = () => openA.resolve();
    const openB = deferred();
    b.ondatachannel = (e) => {
      const dc = e.channel;
      dc.binaryType = 'arraybuffer';
      if (dc.readyState === 'open') openB.resolve(dc);
      else dc.onopen = () => openB.resolve(dc);
    };
    try {
      const start = performance.now();
      const offer = await a.createOffer();
      await a.setLocalDescription(offer);
      await b.setRemoteDescription(offer);
      toB.ready();
      const answer = await b.createAnswer();
      await b.setLocalDescription(answer);
      await a.setRemoteDescription(answer);
      toA.ready();
      const [, dcB] = await withTimeout(Promise.all([openA.promise, openB.promise]), STEP_TIMEOUT_MS, 'both channels open');
      return connectedPair(performance.now() - start, a, b, dcA, dcB, adapt);
    } catch (err) {
      a.close();
      b.close();
      throw err;
    }
  }

  return { connectPair, shutdown: () => {} };
}

function ndcStack() {
  const ndc = require('node-datachannel');
  versions = {
    ...versions,
    'node-datachannel': packageVersion('node-datachannel'),
    libdatachannel: typeof ndc.getLibraryVersion === 'function' ? ndc.getLibraryVersion() : null,
  };
  // Errors only (nothing is logged while all goes well): the last one explains a failed pair.
  let lastError = null;
  ndc.initLogger('Error', (level, message) => { lastError = message; });
  // libjuice gathers no loopback candidates by default: bind the ICE agent to 127.0.0.1 so that
  // this stack uses loopback like the others.
  const config = { iceServers: [], bindAddress: '127.0.0.1', disableAutoNegotiation: true };

  const adapt = (dc) => ({
    send: (buf) => dc.sendMessageBinary(buf),
    bufferedAmount: () => dc.bufferedAmount(),
    setLowThreshold: (n) => dc.setBufferedAmountLowThreshold(n),
    onLow: (cb) => dc.onBufferedAmountLow(cb),
    onMessage: (cb) => dc.onMessage((msg) => cb(typeof msg === 'string' ? Buffer.byteLength(msg) : msg.byteLength, msg)),
  });

  let serial = 0;
  async function connectPair() {
    const n = ++serial;
    const a = new ndc.PeerConnection(`a${n}`, config);
    const b = new ndc.PeerConnection(`b${n}`, config);
    // A candidate that cannot be added (the connection failed meanwhile, say) is skipped, as the
    // other runners do: the pair's own state or timeout tells.
    const add = (to, candidate, mid) => {
      try {
        to.addRemoteCandidate(candidate, mid);
      } catch { /* see above */ }
    };
    const relay = (to) => {
      let pending = [];
      return {
        onCandidate: (candidate, mid) => {
          if (pending) pending.push([candidate, mid]);
          else add(to, candidate, mid);
        },
        ready: () => {
          const list = pending;
          pending = null;
          for (const [c, mid] of list) add(to, c, mid);
        },
      };
    };
    const toB = relay(b);
    const toA = relay(a);
    a.onLocalCandidate(toB.onCandidate);
    b.onLocalCandidate(toA.onCandidate);
    const failed = deferred();
    // A connection that fails before both channels are open ends the wait at once. (With many pairs
    // set up at once, the answerer's DTLS handshake can reach the offerer before the offerer has
    // applied the answer, and libdatachannel then fails the fingerprint check.)
    for (const [name, pc] of [['a', a], ['b', b]]) {
      pc.onStateChange((state) => {
        if (state === 'failed' || state === 'closed') {
          failed.reject(new Error(`pair ${n}: ${name}'s connection ${state} before both channels opened${lastError ? ` (libdatachannel: ${lastError})` : ''}`));
        }
      });
    }
    a.onLocalDescription((sdp, type) => {
      try {
        b.setRemoteDescription(sdp, type);
        toB.ready();
        b.setLocalDescription('answer');
      } catch (err) {
        failed.reject(err);
      }
    });
    b.onLocalDescription((sdp, type) => {
      try {
        a.setRemoteDescription(sdp, type);
        toA.ready();
      } catch (err) {
        failed.reject(err);
      }
    });
    const openB = deferred();
    b.onDataChannel((dc) => {
      if (dc.isOpen()) openB.resolve(dc);
      else dc.onOpen(() => openB.resolve(dc));
    });
    const dcA = a.createDataChannel('bench');
    const openA = deferred();
    dcA.onOpen(() => openA.resolve());
    try {
      const start = performance.now();
      a.setLocalDescription('offer');
      const [, dcB] = await withTimeout(Promise.race([Promise.all([openA.promise, openB.promise]), failed.promise]),
        STEP_TIMEOUT_MS, 'both channels open');
      return connectedPair(performance.now() - start, a, b, dcA, dcB, adapt);
    } catch (err) {
      a.close();
      b.close();
      throw err;
    }
  }

  return { connectPair, shutdown: () => {} };
}

// ------------------------------------------------------------------ scenarios

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function connect(stack) {
  // warmup pairs (cold) stay open while the measured pairs are connected and closed one at a time.
  const pairs = param('pairs');
  const warmup = param('warmup');
  const held = [];
  const warm = [];
  const samples = [];
  try {
    for (let i = 0; i < warmup + pairs; i++) {
      const pair = await stack.connectPair();
      if (i < warmup) {
        warm.push(pair.ms);
        held.push(pair);
      } else {
        samples.push(pair.ms);
        pair.close();
      }
    }
  } finally {
    held.forEach((p) => p.close());
  }
  return { samples_ms: samples, warmup_ms: warm };
}

// a sends size-byte binary messages for ms, keeping bufferedAmount + size <= cap and waiting for
// bufferedamountlow (threshold low) when full; b counts what arrives.
async function stream(stack) {
  const size = param('size');
  const durationMs = param('ms');
  const cap = param('cap');
  const low = param('low');
  const pair = await stack.connectPair();
  try {
    let receivedMessages = 0;
    let receivedBytes = 0;
    let lastReceived = 0;
    let expected = -1;
    const done = deferred();
    pair.b.onMessage((bytes) => {
      receivedBytes += bytes;
      lastReceived = performance.now();
      if (++receivedMessages === expected) done.resolve();
    });

    const payload = Buffer.alloc(size);
    let sent = 0;
    let lowWaits = 0;
    let lowWaitTimeouts = 0;
    const finished = deferred();
    let waiting = null; // the timer of a wait for bufferedamountlow
    const cpuStart = cpuSeconds();
    const start = performance.now();
    const deadline = start + durationMs;
    const pump = () => {
      try {
        while (performance.now() < deadline) {
          if (pair.a.bufferedAmount() + size > cap) {
            lowWaits++;
            waiting = setTimeout(() => {
              waiting = null;
              if (performance.now() < deadline) lowWaitTimeouts++; // no bufferedamountlow within 1 s
              pump();
            }, Math.max(1, Math.min(1000, deadline - performance.now())));
            return;
          }
          pair.a.send(payload);
          sent++;
        }
        finished.resolve();
      } catch (err) {
        finished.reject(err);
      }
    };
    pair.a.setLowThreshold(low);
    pair.a.onLow(() => {
      if (waiting) {
        clearTimeout(waiting);
        waiting = null;
        pump();
      }
    });
    pump();
    await finished.promise;
    if (sent === 0) throw new Error('not a single message could be sent in the time given');
    expected = sent;
    if (receivedMessages >= sent) done.resolve();
    await withTimeout(done.promise, STEP_TIMEOUT_MS, `all ${sent} messages (received ${receivedMessages})`);
    const cpu = cpuSeconds() - cpuStart;
    return {
      size,
      sent_messages: sent,
      received_messages: receivedMessages,
      received_bytes: receivedBytes,
      seconds: (lastReceived - start) / 1000,
      cpu_seconds: cpu,
      low_waits: lowWaits,
      low_wait_timeouts: lowWaitTimeouts,
    };
  } finally {
    pair.close();
  }
}

// warmup + count sequential ping-pongs: a sends, b echoes from its message handler, a's message
// handler records the time and sends the next one.
async function rtt(stack) {
  const count = param('count');
  const warmup = param('warmup');
  const size = param('size');
  const pair = await stack.connectPair();
  try {
    const ping = Buffer.alloc(size);
    const samples = new Array(count);
    const done = deferred();
    let i = 0;
    let sentAt = 0;
    let cpuStart = 0;
    pair.b.onMessage((bytes, data) => pair.b.send(data));
    pair.a.onMessage(() => {
      const now = performance.now();
      if (i + 1 === warmup) cpuStart = cpuSeconds();
      if (i >= warmup) samples[i - warmup] = now - sentAt;
      if (++i === warmup + count) {
        done.resolve();
        return;
      }
      sentAt = performance.now();
      pair.a.send(ping);
    });
    cpuStart = cpuSeconds();
    sentAt = performance.now();
    pair.a.send(ping);
    await withTimeout(done.promise, 20000, 'the round trips');
    return { samples_ms: samples, cpu_seconds: cpuSeconds() - cpuStart };
  } finally {
    pair.close();
  }
}

async function settledRss() {
  if (global.gc) global.gc();
  await sleep(300);
  return rssMb();
}

// RSS after one pair was connected and closed, then after `pairs` more pairs are connected (and
// kept open); a full GC (node --expose-gc) and a 300 ms pause before each reading.
async function rss(stack) {
  const count = param('pairs');
  (await stack.connectPair()).close();
  const baseline = await settledRss();
  const pairs = [];
  try {
    for (let i = 0; i < count; i++) pairs.push(await stack.connectPair());
    const after = await settledRss();
    return { pairs: count, baseline_mb: baseline, after_mb: after, threads: threadCount(), gc: !!global.gc };
  } finally {
    pairs.forEach((p) => p.close());
  }
}

// The many scenario: `pairs` pairs in this one process, set up concurrently; then every pair's
// channel sends rate_size messages for ms (the rate part), then bulk_size messages for ms (the
// throughput part).
async function many(stack) {
  const n = param('pairs');
  const setupStart = performance.now();
  const settled = await Promise.allSettled(Array.from({ length: n }, () => stack.connectPair()));
  const pairs = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    pairs.forEach((p) => p.close());
    throw failure.reason;
  }
  const setupMs = performance.now() - setupStart;
  try {
    const counters = pairs.map((pair) => {
      const c = { messages: 0, bytes: 0, last: 0 };
      pair.b.onMessage((bytes) => {
        c.bytes += bytes;
        c.last = performance.now();
        c.messages++;
      });
      return c;
    });
    let onAnyLow = null;
    for (const pair of pairs) {
      pair.a.setLowThreshold(param('low'));
      pair.a.onLow(() => { if (onAnyLow) onAnyLow(); });
    }
    const part = async (size) => {
      const durationMs = param('ms');
      const cap = param('cap');
      const burst = param('burst');
      const payload = Buffer.alloc(size);
      const sent = new Array(n).fill(0);
      const base = counters.map((c) => ({ messages: c.messages, bytes: c.bytes }));
      let lowWaits = 0;
      let lowWaitTimeouts = 0;
      let waiting = null; // the timer of a wait for any bufferedamountlow
      const finished = deferred();
      const cpuStart = cpuSeconds();
      const start = performance.now();
      const deadline = start + durationMs;
      // Round-robin over the pairs: on each pair's turn up to `burst` messages, each only while that
      // channel's bufferedAmount + size <= cap; back to the event loop after every round (the
      // receivers run there too); when a round sent nothing, wait for any bufferedamountlow.
      const pump = () => {
        try {
          if (performance.now() >= deadline) {
            finished.resolve();
            return;
          }
          let any = false;
          for (let i = 0; i < n; i++) {
            const a = pairs[i].a;
            for (let k = 0; k < burst && a.bufferedAmount() + size <= cap; k++) {
              a.send(payload);
              sent[i]++;
              any = true;
            }
          }
          if (any) {
            setImmediate(pump);
            return;
          }
          lowWaits++;
          waiting = setTimeout(() => {
            waiting = null;
            if (performance.now() < deadline) lowWaitTimeouts++; // no bufferedamountlow within 1 s
            pump();
          }, Math.max(1, Math.min(1000, deadline - performance.now())));
        } catch (err) {
          finished.reject(err);
        }
      };
      onAnyLow = () => {
        if (waiting) {
          clearTimeout(waiting);
          waiting = null;
          pump();
        }
      };
      pump();
      await finished.promise;
      onAnyLow = null;
      const total = sent.reduce((a, b) => a + b, 0);
      if (total === 0) throw new Error(`${size}-byte part: not a single message could be sent in the time given`);
      const drainDeadline = performance.now() + param('drain_ms');
      for (let i = 0; i < n; i++) {
        while (counters[i].messages - base[i].messages < sent[i]) {
          if (performance.now() > drainDeadline) {
            throw new Error(`${size}-byte part: pair ${i + 1} received ${counters[i].messages - base[i].messages} of ${sent[i]} messages`);
          }
          await sleep(1);
        }
      }
      const cpu = cpuSeconds() - cpuStart;
      const perPair = counters.map((c, i) => c.messages - base[i].messages);
      return {
        size,
        sent_messages: total,
        received_messages: perPair.reduce((a, b) => a + b, 0),
        received_bytes: counters.reduce((a, c, i) => a + c.bytes - base[i].bytes, 0),
        seconds: (Math.max(...counters.map((c) => c.last)) - start) / 1000,
        cpu_seconds: cpu,
        low_waits: lowWaits,
        low_wait_timeouts: lowWaitTimeouts,
        per_pair_messages: perPair,
      };
    };
    const rate = await part(param('rate_size'));
    const throughput = await part(param('bulk_size'));
    return { pairs: n, setup_ms: setupMs, connect_ms: pairs.map((p) => p.ms), rate, throughput };
  } finally {
    pairs.forEach((p) => p.close());
  }
}

(async () => {
  let code = 0;
  try {
    const stack = stackName === 'wrtc' ? wrtcStack() : stackName === 'ndc' ? ndcStack() : null;
    if (!stack) throw new Error(`unknown stack '${stackName}' (wrtc, ndc)`);
    const run = { connect, throughput: stream, rate: stream, rtt, rss, many }[scenario];
    if (!run) throw new Error(`unknown scenario '${scenario}' (connect, throughput, rate, rtt, rss, many)`);
    emit({ ok: true, ...(await run(stack)) });
  } catch (err) {
    emit({ ok: false, error: String(err && err.message ? err.message : err) });
    process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
    code = 1;
  }
  // Closed connections finish their teardown on native threads: give them a moment, then leave.
  await sleep(200);
  process.exit(code);
})();
