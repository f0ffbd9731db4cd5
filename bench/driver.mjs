// Runs every scenario for every stack, one process each, inside the benchmark's network namespace,
// and prints ONE markdown table. Started by bench/run.sh (which builds the runners and owns the
// namespace); see bench/README.md.
//
//   node bench/driver.mjs --ns NAME [--runs N] [--stacks a,b] [--scenarios a,b] [--layouts shared,split] [--out DIR]
//
// The media scenarios (video, audio) run for RtcNative, the C client and aiortc (bench/aiortc,
// Debian's python3-aiortc with the system python); the node stacks run the data channel
// scenarios only, aiortc the media ones only. Media results get a table of their own.
//
// RtcNative and the C client run every scenario once per thread layout (--layouts, default both):
// one row each, and RtcNative is compared with the C client of the same layout. The node stacks
// have no such option: one row each. Every process is bounded (its own watchdog at timeout_ms,
// then SIGKILL 15 s later); a stack that fails a scenario gets the error in its cell and the run
// goes on.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');

// ------------------------------------------------------------------ configuration

// layouts: the stack takes layout=shared|split (RtcNative and the C client: the factory's thread layout).
// scenarios: the ones the stack runs (all when absent).
const DATA_SCENARIOS = ['connect', 'throughput', 'rate', 'rtt', 'rss', 'many'];
const MEDIA_SCENARIOS = ['video', 'audio'];
const STACKS = {
  rtcnative: { label: 'RtcNative (C#)', layouts: true, cmd: ['dotnet', path.join(root, 'out/bench/dotnet/RtcNative.Bench.dll')] },
  c: { label: 'C client', layouts: true, cmd: [path.join(root, 'out/bench/native/rtcn_bench')] },
  'node-webrtc': { label: 'node-webrtc', layouts: false, scenarios: DATA_SCENARIOS, cmd: ['node', '--expose-gc', path.join(benchDir, 'node/bench.js'), 'wrtc'] },
  'node-datachannel': { label: 'node-datachannel', layouts: false, scenarios: DATA_SCENARIOS, cmd: ['node', '--expose-gc', path.join(benchDir, 'node/bench.js'), 'ndc'] },
  // The system python: Debian's python3-aiortc is installed for it, not for a pyenv python first on PATH.
  aiortc: { label: 'aiortc', layouts: false, scenarios: MEDIA_SCENARIOS, cmd: ['/usr/bin/python3', path.join(benchDir, 'aiortc/media_bench.py')] },
};
const supports = (stack, scenario) => !STACKS[stack].scenarios || STACKS[stack].scenarios.includes(scenario);
const LAYOUTS = ['shared', 'split'];

// The same parameters go to every stack.
const SCENARIOS = {
  connect: { params: { pairs: 10, warmup: 1, timeout_ms: 30000 } },
  throughput: { params: { size: 65536, ms: 3000, cap: 1048576, low: 524288, timeout_ms: 30000 } },
  rate: { params: { size: 100, ms: 3000, cap: 1048576, low: 524288, timeout_ms: 30000 } },
  rtt: { params: { count: 1000, warmup: 20, size: 16, timeout_ms: 30000 } },
  // 50 sequential connections: a stack whose connect takes a second (see README) needs more than 30 s.
  rss: { params: { pairs: 50, timeout_ms: 90000 } },
  // 16 pairs set up at once, then a rate part and a throughput part in the same process. Draining
  // 16 full channels of 100-byte messages (160k messages) takes seconds at 20k msg/s: drain_ms.
  many: { params: { pairs: 16, rate_size: 100, bulk_size: 65536, ms: 3000, cap: 1048576, low: 524288, burst: 16, drain_ms: 20000, timeout_ms: 90000 } },
  // Media: 2 s of warm-up, then the measured window of 10 s (the process takes about 13 s).
  video: { params: { width: 1280, height: 720, fps: 30, ms: 10000, warmup_ms: 2000, queue: 8, timeout_ms: 60000 } },
  audio: { params: { ms: 10000, warmup_ms: 2000, period_ms: 500, tone_ms: 200, queue: 50, timeout_ms: 60000 } },
};

// The table's sections: one per scenario, two for many (its two parts). cpu: the section has a CPU
// per message (or round trip) column, and its C#/C ratio; cpuTarget: issue 3's 1.3x bound applies.
const SECTIONS = {
  connect: { scenario: 'connect', title: 'connect, ms (median [min–max] of 10 pairs)', higher: false },
  throughput: { scenario: 'throughput', title: 'throughput, MB/s (64 KiB messages, 3 s)', higher: true, cpu: true },
  rate: { scenario: 'rate', title: 'message rate, msg/s (100 B messages, 3 s)', higher: true, cpu: true, cpuTarget: true },
  rtt: { scenario: 'rtt', title: 'round trip, ms (median / p99 of 1000)', higher: false, cpu: true, cpuTarget: true },
  rss: { scenario: 'rss', title: 'RSS growth, 50 connected pairs (MB; per pair)', higher: false },
  'many-rate': { scenario: 'many', part: 'rate', title: 'many: 16 pairs on one factory, set up at once; message rate, msg/s received in total (100 B messages, 3 s); setup time of all 16', higher: true, cpu: true, cpuTarget: true },
  'many-throughput': { scenario: 'many', part: 'throughput', title: 'many: the same 16 pairs, throughput, MB/s received in total (64 KiB messages, 3 s)', higher: true, cpu: true },
};
// The media table's sections.
const MEDIA_SECTIONS = {
  video: { scenario: 'video', title: 'video: 1280x720 I420, 30 fps, generator → VP8 → processor (10 s after 2 s warm-up)', unit: 'frame' },
  audio: { scenario: 'audio', title: 'audio: 48 kHz stereo in 10 ms writes, generator → Opus → processor; a 200 ms tone burst every 500 ms (10 s after 2 s warm-up)', unit: 's of audio' },
};

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const ns = opt('ns', null);
if (!ns) {
  console.error('driver.mjs: --ns NAME is required (bench/run.sh creates the namespace)');
  process.exit(2);
}
const runs = Math.max(1, Math.min(10, Number(opt('runs', '1'))));
const stacks = opt('stacks', Object.keys(STACKS).join(',')).split(',');
const scenarios = opt('scenarios', Object.keys(SCENARIOS).join(',')).split(',');
const layouts = opt('layouts', LAYOUTS.join(',')).split(',');
for (const s of stacks) if (!STACKS[s]) { console.error(`unknown stack ${s} (${Object.keys(STACKS).join(', ')})`); process.exit(2); }
for (const s of scenarios) if (!SCENARIOS[s]) { console.error(`unknown scenario ${s} (${Object.keys(SCENARIOS).join(', ')})`); process.exit(2); }
for (const l of layouts) if (!LAYOUTS.includes(l)) { console.error(`unknown layout ${l} (${LAYOUTS.join(', ')})`); process.exit(2); }

// The table's rows: RtcNative and the C client once per layout, the node stacks once.
const variants = stacks.flatMap((stack) => (STACKS[stack].layouts
  ? layouts.map((layout) => ({ key: `${stack}-${layout}`, stack, layout, label: `${STACKS[stack].label}, ${layout}` }))
  : [{ key: stack, stack, layout: null, label: STACKS[stack].label }]));
// Run order: per layout RtcNative then the C client (the pair that is compared runs back to back), then the node stacks.
const runOrder = [...layouts.flatMap((l) => variants.filter((v) => v.layout === l)), ...variants.filter((v) => !v.layout)];
const sections = Object.keys(SECTIONS).filter((name) => scenarios.includes(SECTIONS[name].scenario));
const mediaSections = Object.keys(MEDIA_SECTIONS).filter((name) => scenarios.includes(MEDIA_SECTIONS[name].scenario));
const outDir = path.resolve(opt('out', path.join(root, 'out/bench')));
const logDir = path.join(outDir, 'logs');
fs.mkdirSync(logDir, { recursive: true });

// ------------------------------------------------------------------ running

// UDP receive-buffer drops in the namespace (IPv4 + IPv6): packets the kernel dropped because a
// socket's receive buffer was full. Read before and after each process.
function udpDrops() {
  try {
    const text = execFileSync('ip', ['netns', 'exec', ns, 'cat', '/proc/net/snmp', '/proc/net/snmp6'], { encoding: 'utf8' });
    let total = 0;
    const lines = text.split('\n');
    for (let i = 0; i + 1 < lines.length; i++) {
      if (lines[i].startsWith('Udp: ') && lines[i + 1].startsWith('Udp: ')) {
        const names = lines[i].split(/\s+/);
        const values = lines[i + 1].split(/\s+/);
        total += Number(values[names.indexOf('RcvbufErrors')] || 0);
        i++;
      }
    }
    const m = /Udp6RcvbufErrors\s+(\d+)/.exec(text);
    if (m) total += Number(m[1]);
    return total;
  } catch {
    return null;
  }
}

function runOne(variant, scenario, run) {
  const params = SCENARIOS[scenario].params;
  const [exe, ...pre] = STACKS[variant.stack].cmd;
  const argv = ['netns', 'exec', ns, exe, ...pre, scenario, ...Object.entries(params).map(([k, v]) => `${k}=${v}`),
    ...(variant.layout ? [`layout=${variant.layout}`] : [])];
  const logFile = path.join(logDir, `${scenario}.${variant.key}.run${run}.log`);
  const dropsBefore = udpDrops();
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('ip', argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1e6) stderr = stderr.slice(-5e5); });
    const killer = setTimeout(() => child.kill('SIGKILL'), params.timeout_ms + 15000);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const seconds = (Date.now() - started) / 1000;
      fs.writeFileSync(logFile, `$ ip ${argv.join(' ')}\n# exit ${code ?? signal} after ${seconds.toFixed(1)} s\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      let result;
      if (line) {
        try {
          result = JSON.parse(line.slice(7));
        } catch (err) {
          result = { ok: false, error: `unreadable result: ${err.message}` };
        }
      } else {
        const last = stderr.trim().split('\n').slice(-1)[0] || '';
        result = { ok: false, error: `no result (exit ${code ?? signal}${signal === 'SIGKILL' ? ', killed' : ''}) ${last}`.trim() };
      }
      if (result.ok && code !== 0) result.exit_note = `exit ${code ?? signal} after the result`;
      const dropsAfter = udpDrops();
      result.udp_rcvbuf_drops = dropsBefore !== null && dropsAfter !== null ? dropsAfter - dropsBefore : null;
      result.wall_seconds = seconds;
      resolve(result);
    });
  });
}

// ------------------------------------------------------------------ statistics

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const percentile = (v, p) => { // nearest rank
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const fmt = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const fmtInt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');

// The result of one process for one section: the many scenario's part (with the process's fields
// that apply to both), or the result itself.
function sectionResult(section, r) {
  const part = SECTIONS[section].part;
  if (!part || !r.ok) return r;
  if (!r[part]) return { ...r, ok: false, error: `no ${part} part in the result` };
  return { ...r[part], ok: true, run: r.run, setup_ms: r.setup_ms, pairs: r.pairs, udp_rcvbuf_drops: part === 'rate' ? r.udp_rcvbuf_drops : null };
}

// CPU time per message (or per round trip) of one result, in µs.
function cpuUs(section, r) {
  if (!r.ok || !Number.isFinite(r.cpu_seconds)) return NaN;
  const count = SECTIONS[section].scenario === 'rtt' ? r.samples_ms.length : r.received_messages;
  return (r.cpu_seconds / count) * 1e6;
}

// Per (section, variant): the headline value (for comparisons), its text, and a CPU note.
function summarize(section, results) {
  const scenario = SECTIONS[section].scenario;
  const ok = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  const failNote = failed.length ? ` (${failed.length} of ${results.length} runs failed: ${failed[0].error})` : '';
  const drops = results.map((r) => r.udp_rcvbuf_drops).filter((d) => d !== null && d !== undefined);
  const dropNote = drops.some((d) => d > 0) ? `${drops.reduce((a, b) => a + b, 0)} UDP drops${SECTIONS[section].part ? ' (both parts)' : ''}` : '';
  if (!ok.length) return { value: NaN, text: `**failed:** ${failed[0]?.error ?? 'no run'}`.replace(/\|/g, '\\|'), cpu: '', drops: dropNote, cpuByRun: {} };
  let value;
  let text;
  let cpu = '';
  const extra = [];
  const cpuByRun = {};
  for (const r of ok) cpuByRun[r.run] = cpuUs(section, r);
  const cpuMedian = median(ok.map((r) => cpuUs(section, r)));
  switch (section) {
    case 'connect': {
      const all = ok.flatMap((r) => r.samples_ms);
      const cold = ok.flatMap((r) => r.warmup_ms);
      value = median(all);
      text = `${fmt(value, 1)} [${fmt(Math.min(...all), 1)}–${fmt(Math.max(...all), 1)}]; first pair ${fmt(median(cold), 0)}`;
      const slow = all.filter((x) => x > 10 * Math.min(...all)).length;
      if (slow) extra.push(`${slow} of ${all.length} pairs took > 10× the fastest`);
      break;
    }
    case 'throughput':
    case 'many-throughput': {
      value = median(ok.map((r) => r.received_bytes / r.seconds / 1e6));
      text = `${fmt(value, 1)}`;
      cpu = `${fmt(cpuMedian, 0)} µs/msg`;
      break;
    }
    case 'rate':
    case 'many-rate': {
      value = median(ok.map((r) => r.received_messages / r.seconds));
      text = fmtInt(value);
      if (section === 'many-rate') text += `; setup ${fmt(median(ok.map((r) => r.setup_ms)), 0)} ms`;
      cpu = `${fmt(cpuMedian, 1)} µs/msg`;
      break;
    }
    case 'rtt': {
      const all = ok.flatMap((r) => r.samples_ms);
      value = median(all);
      text = `${fmt(value, 3)} / ${fmt(percentile(all, 99), 3)}`;
      cpu = `${fmt(cpuMedian, 0)} µs/round trip`;
      break;
    }
    case 'rss': {
      const growth = ok.map((r) => r.after_mb - r.baseline_mb);
      value = median(growth) / ok[0].pairs;
      text = `+${fmt(median(growth), 1)}; ${fmt(value, 2)}/pair (base ${fmt(median(ok.map((r) => r.baseline_mb)), 0)})`;
      break;
    }
    default:
      throw new Error(section);
  }
  const timeouts = ok.reduce((a, r) => a + (r.low_wait_timeouts || 0), 0);
  const notes = [...extra];
  if (timeouts) notes.push(`${timeouts} low-waits > 1 s`);
  if (SECTIONS[section].part) {
    // How evenly the pairs were served: the slowest pair against the mean, when it is far below.
    const worst = Math.min(...ok.map((r) => {
      const v = r.per_pair_messages || [];
      return v.length ? Math.min(...v) / (v.reduce((a, b) => a + b, 0) / v.length) : 1;
    }));
    if (worst < 0.8) notes.push(`slowest pair ${fmt(worst, 2)}× the mean`);
  }
  const gc = ok.filter((r) => Number.isFinite(r.gc_allocated_bytes));
  if (gc.length) {
    const perMessage = median(gc.map((r) => r.gc_allocated_bytes / (scenario === 'rtt' ? r.samples_ms.length : r.received_messages)));
    notes.push(`GC ${fmt(perMessage, perMessage < 10 ? 2 : 0)} B/${scenario === 'rtt' ? 'round trip' : 'msg'}`);
  }
  return { value, text: text + failNote.replace(/\|/g, '\\|'), cpu, cpuMedian, cpuByRun, drops: [dropNote, ...notes].filter(Boolean).join(', ') };
}

// The C#/C ratio of CPU per message (or round trip) for one layout: the median of the per-round
// ratios (RtcNative and the C client of a round ran back to back), with each round's when > 1.
function cpuRatio(r, c) {
  const ratios = Object.keys(r.cpuByRun).filter((run) => Number.isFinite(r.cpuByRun[run]) && Number.isFinite(c.cpuByRun[run]) && c.cpuByRun[run] > 0)
    .map((run) => r.cpuByRun[run] / c.cpuByRun[run]);
  if (!ratios.length) return { value: NaN, text: '' };
  const value = median(ratios);
  return { value, text: `${fmt(value, 2)}×${ratios.length > 1 ? ` (rounds: ${ratios.map((x) => fmt(x, 2)).join(', ')})` : ''}` };
}

function verdicts(section, cells, variant) {
  const r = cells[variant.key];
  const higher = SECTIONS[section].higher;
  if (!r || !Number.isFinite(r.value)) return { vsNode: '', vsC: '', cpuRatio: '', target: '' };
  // Within 5% counts as a tie: one run on a shared machine cannot tell such a difference.
  const rel = (x, y) => Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
  const better = (x, y) => rel(x, y) >= 0.05 && (higher ? x > y : x < y);
  const tied = (x, y) => rel(x, y) < 0.05;
  const nodes = ['node-webrtc', 'node-datachannel'].filter((s) => cells[s]);
  let vsNode = '';
  let ahead = false;
  if (nodes.length) {
    const missing = nodes.filter((s) => !Number.isFinite(cells[s].value));
    const known = nodes.filter((s) => Number.isFinite(cells[s].value));
    const beaten = known.filter((s) => better(r.value, cells[s].value));
    const ties = known.filter((s) => tied(r.value, cells[s].value));
    const lost = known.filter((s) => !beaten.includes(s) && !ties.includes(s));
    ahead = !lost.length && !ties.length && !missing.length;
    const parts = [];
    if (beaten.length) parts.push(`ahead of ${beaten.join(', ')}`);
    if (ties.length) parts.push(`tie (within 5%) with ${ties.join(', ')}`);
    if (lost.length) parts.push(`behind ${lost.join(', ')}`);
    if (missing.length) parts.push(`${missing.join(', ')} failed`);
    vsNode = ahead ? 'yes, beats both' : `no: ${parts.join('; ')}`;
  }
  // The C client of the same layout.
  let vsC = '';
  let ratio = { value: NaN, text: '' };
  const c = cells[`c-${variant.layout}`];
  if (c && Number.isFinite(c.value) && c.value !== 0) {
    const x = r.value / c.value;
    vsC = higher ? `${fmt(x * 100, 0)}% of C ${variant.layout}` : `${fmt(x, 2)}× C ${variant.layout}'s`;
    if (SECTIONS[section].cpu) ratio = cpuRatio(r, c);
  } else if (c) {
    vsC = `C client ${variant.layout} failed`;
  }
  const targets = [];
  const ofC = c && Number.isFinite(c.value) ? r.value / c.value : NaN;
  switch (section) {
    case 'connect': targets.push(`median < 8 ms: ${r.value < 8 ? 'met' : 'not met'}`); break;
    case 'throughput': targets.push(`≥ 95% of C: ${Number.isFinite(ofC) ? (ofC >= 0.95 ? 'met' : 'not met') : 'n/a'}`); break;
    case 'rate':
      targets.push(`≥ 95% of C: ${Number.isFinite(ofC) ? (ofC >= 0.95 ? 'met' : 'not met') : 'n/a'}`);
      targets.push(`≥ 150k msg/s: ${r.value >= 150000 ? 'met' : 'not met'}`);
      break;
    case 'rss': targets.push(`< 0.5 MB/pair: ${r.value < 0.5 ? 'met' : 'not met'}`); break;
    default: break;
  }
  if (SECTIONS[section].cpuTarget && c) {
    targets.push(`CPU ≤ 1.3× C: ${Number.isFinite(ratio.value) ? (ratio.value <= 1.3 ? 'met' : 'not met') : 'n/a'}`);
  }
  if (vsNode && !SECTIONS[section].part) targets.unshift(`ahead of both: ${ahead ? 'met' : 'not met'}`);
  return { vsNode, vsC, cpuRatio: ratio.text, target: targets.join('; ') };
}

// ------------------------------------------------------------------ versions

function readVersions(all) {
  const v = {};
  for (const r of all) if (r.versions) Object.assign(v, r.versions);
  let libwebrtc = process.env.BENCH_LIBWEBRTC_VERSION || null;
  const pkg = (name) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(benchDir, 'node/node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  let dotnet = v.dotnet || null;
  if (!dotnet) {
    try { dotnet = `.NET SDK ${execFileSync('dotnet', ['--version'], { encoding: 'utf8' }).trim()}`; } catch { /* none */ }
  }
  return {
    libwebrtc: libwebrtc ? `Debian libtgowt ${libwebrtc} (tg_owt, ~M109), rebuilt with PIC` : 'unknown (no cache version file)',
    dotnet,
    node: process.version,
    wrtc: `${pkg('@roamhq/wrtc') ?? v['@roamhq/wrtc'] ?? '?'} (libwebrtc ${v.libwebrtc ?? '?'})`,
    ndc: `${pkg('node-datachannel') ?? v['node-datachannel'] ?? '?'} (libdatachannel ${v.libdatachannel ?? '?'})`,
    abi: v.abi ?? null,
    cc: v.compiler ?? null,
    aiortc: v.aiortc ? `aiortc ${v.aiortc} (PyAV ${v.av ?? '?'}, libvpx/libopus through it, Python ${v.python ?? '?'})` : null,
  };
}

// ------------------------------------------------------------------ main

const loadStart = os.loadavg();
const startedAt = new Date();
const raw = [];
console.error(`benchmark: ${runs} run(s) x ${scenarios.length} scenarios x ${variants.length} stacks and layouts in namespace ${ns}; logs in ${logDir}`);
for (let run = 1; run <= runs; run++) {
  for (const scenario of scenarios) {
    for (const variant of runOrder) {
      if (!supports(variant.stack, scenario)) continue;
      const t = Date.now();
      const result = await runOne(variant, scenario, run);
      raw.push({ run, scenario, stackKey: variant.stack, layout: variant.layout, variant: variant.key, ...result });
      const brief = result.ok ? 'ok' : `FAILED: ${result.error}`;
      console.error(`  run ${run} ${scenario.padEnd(10)} ${variant.key.padEnd(16)} ${brief} (${((Date.now() - t) / 1000).toFixed(1)} s${result.udp_rcvbuf_drops ? `, ${result.udp_rcvbuf_drops} UDP drops` : ''})`);
    }
  }
}
const loadEnd = os.loadavg();

const versions = readVersions(raw);
const lines = [];
lines.push(`RtcNative benchmark, ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}: ${runs} run(s); ${os.cpus().length} cores, load average ${loadStart[0].toFixed(1)} at start, ${loadEnd[0].toFixed(1)} at end (indicative numbers when the load exceeds the cores).`);
lines.push('');
lines.push(`Versions: libwebrtc for RtcNative and the C client: ${versions.libwebrtc}; ${versions.dotnet}; node ${versions.node}; @roamhq/wrtc ${versions.wrtc}; node-datachannel ${versions.ndc}; C client: ABI ${versions.abi ?? '?'}, gcc ${versions.cc ?? '?'}${versions.aiortc ? `; ${versions.aiortc}` : ''}.`);
lines.push('');
lines.push(`Setup: each stack in its own process, one scenario per process, one after the other inside network namespace \`${ns}\` (lo + a veth pair 10.77.0.1/24–10.77.0.2/24, nothing else reachable). Both peers of every pair live in that one process and exchange signaling in-process (trickle ICE, candidates relayed once the receiver has its remote description). Over loopback: RtcNative and the C client \`IncludeLoopback\`, interfaces \`["lo"]\`, one factory for both peers, once per thread layout (${layouts.join(', ')}: shared = one libwebrtc thread for the network, worker and signaling roles; split = libwebrtc's three threads); node-datachannel bound to 127.0.0.1; node-webrtc gathers every interface of the namespace (its default), all of which the kernel routes through lo.`);
lines.push('');
const cpuRatios = {};
if (sections.length) {
lines.push('| Scenario | Stack | Result | CPU | Notes | RtcNative vs node stacks | RtcNative vs C client (same layout) | CPU per message, C# / C (same layout) | Issue 3 targets |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const section of sections) {
  const cells = {};
  const rowVariants = variants.filter((v) => supports(v.stack, SECTIONS[section].scenario));
  for (const variant of rowVariants) {
    const results = raw.filter((r) => r.scenario === SECTIONS[section].scenario && r.variant === variant.key).map((r) => sectionResult(section, r));
    cells[variant.key] = summarize(section, results);
  }
  rowVariants.forEach((variant, i) => {
    const c = cells[variant.key];
    const isR = variant.stack === 'rtcnative';
    const v = isR ? verdicts(section, cells, variant) : { vsNode: '', vsC: '', cpuRatio: '', target: '' };
    if (isR && v.cpuRatio) cpuRatios[`${section} ${variant.layout}`] = v.cpuRatio;
    lines.push(`| ${i === 0 ? SECTIONS[section].title : ''} | ${isR ? '**' + variant.label + '**' : variant.label} | ${c.text} | ${c.cpu} | ${c.drops} | ${v.vsNode} | ${v.vsC} | ${v.cpuRatio} | ${v.target} |`);
  });
}
lines.push('');
lines.push('Result: connect = median [min–max] of the measured pairs, "first pair" = the cold first connection of the process (not in the median); throughput and rate measured at the receiver, MB = 10^6 bytes; round trip = median / p99; RSS = growth after 50 connected pairs, MB = 2^20 bytes; many = 16 pairs in one process (one factory), set up concurrently ("setup" = first createPeerConnection to all 32 channels open), then every pair sends for 3 s (100 B messages, then 64 KiB messages), totals over all pairs. CPU = process CPU time (all threads, user + system) per message or round trip during the measurement; "C# / C (same layout)" = RtcNative\'s CPU per message over the C client\'s with the same thread layout, median of the per-round ratios (the two run back to back), each round\'s in brackets; issue 3\'s target is ≤ 1.3× for 100 B messages and round trips. Notes: UDP drops = datagrams the kernel dropped in the namespace because a socket receive buffer was full; "low-waits > 1 s" = waits for bufferedamountlow that lasted over a second; GC = bytes the .NET GC allocated during the measurement (all threads) per message or round trip; "slowest pair" = the pair that received least, against the mean, when under 0.8×.');
}

// ------------------------------------------------------------------ media table

// Per (media section, variant): frames (or audio) received, latency median / p99 over every run's samples, CPU per
// frame (or per second of audio) and the C# GC figures per frame (or per 10 ms chunk).
function mediaUnits(section, r) {
  return section === 'video' ? r.received_frames : r.audio_seconds;
}
function summarizeMedia(section, results) {
  const ok = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  const failNote = failed.length ? ` (${failed.length} of ${results.length} runs failed: ${failed[0].error})` : '';
  if (!ok.length) return { ok: false, text: `**failed:** ${failed[0]?.error ?? 'no run'}`.replace(/\|/g, '\\|'), latency: '', cpu: '', notes: '', cpuByRun: {}, latByRun: {} };
  const cpuByRun = {};
  const latByRun = {};
  for (const r of ok) {
    cpuByRun[r.run] = (r.cpu_seconds / mediaUnits(section, r)) * 1e3; // ms of CPU per frame / per s of audio
    latByRun[r.run] = median(r.latency_ms);
  }
  const all = ok.flatMap((r) => r.latency_ms);
  const lat = { median: median(all), p99: percentile(all, 99) };
  const cpuMedian = median(Object.values(cpuByRun));
  const notes = [];
  let text;
  if (section === 'video') {
    const fps = median(ok.map((r) => r.received_frames / r.seconds));
    text = `${fmt(fps, 1)} fps (${ok.map((r) => `${r.received_frames}/${r.sent_frames}`).join(', ')} frames)`;
    const smaller = ok.reduce((a, r) => a + (r.smaller_frames || 0), 0);
    if (smaller) notes.push(`${smaller} frames scaled down by libwebrtc (last ${ok[ok.length - 1].received_width}x${ok[ok.length - 1].received_height})`);
    const unreadable = ok.reduce((a, r) => a + (r.unreadable_frames || 0), 0);
    if (unreadable) notes.push(`${unreadable} frames without a readable code`);
    const dropped = ok.reduce((a, r) => a + (r.dropped_frames || 0), 0);
    if (dropped) notes.push(`${dropped} dropped by the processor's queue`);
  } else {
    text = `${fmt(median(ok.map((r) => r.audio_seconds)), 1)} s of audio; onsets ${ok.map((r) => `${r.onsets_detected}/${r.onsets_sent}`).join(', ')}`;
    const spurious = ok.reduce((a, r) => a + (r.spurious_onsets || 0), 0);
    if (spurious) notes.push(`${spurious} spurious onsets`);
    const dropped = ok.reduce((a, r) => a + (r.dropped_chunks || 0), 0);
    if (dropped) notes.push(`${dropped} chunks dropped by the processor's queue`);
  }
  const per = section === 'video' ? 'frame' : 'chunk';
  const perCount = (r) => (section === 'video' ? r.received_frames : r.received_chunks);
  const gc = ok.filter((r) => Number.isFinite(r.gc_allocated_bytes));
  let gcPer = NaN;
  if (gc.length) {
    gcPer = median(gc.map((r) => r.gc_allocated_bytes / perCount(r)));
    const readerPer = median(gc.map((r) => r.reader_allocated_bytes / perCount(r)));
    notes.push(`GC ${fmt(gcPer, 0)} B/${per} in all (reading code ${fmt(readerPer, 0)} B/${per}, on ${Math.max(...gc.map((r) => r.reader_threads))} threads)`);
  }
  for (const note of new Set(ok.map((r) => r.note).filter(Boolean))) notes.push(note);
  const cpuText = section === 'video' ? `${fmt(cpuMedian, 2)} ms/frame` : `${fmt(cpuMedian, 1)} ms/s of audio (${fmt(cpuMedian / 10, 1)}% of a core)`;
  return { ok: true, text: text + failNote.replace(/\|/g, '\\|'), latency: `${fmt(lat.median, 1)} / ${fmt(lat.p99, 1)}`, lat, cpu: cpuText, cpuMedian, gcPer, notes: notes.join('; '), cpuByRun, latByRun };
}

// Against a reference row (the C client of the same layout, or the C client's first layout for aiortc): CPU ratio
// (median of the per-round ratios) and latency difference (median of the per-round differences of the medians).
function mediaVs(r, ref) {
  const runsBoth = Object.keys(r.cpuByRun).filter((run) => Number.isFinite(ref.cpuByRun[run]) && ref.cpuByRun[run] > 0);
  if (!runsBoth.length) return null;
  const ratios = runsBoth.map((run) => r.cpuByRun[run] / ref.cpuByRun[run]);
  const diffs = runsBoth.map((run) => r.latByRun[run] - ref.latByRun[run]);
  return {
    ratio: median(ratios),
    diff: median(diffs),
    text: `CPU ${fmt(median(ratios), 2)}×${ratios.length > 1 ? ` (${ratios.map((x) => fmt(x, 2)).join(', ')})` : ''}; latency ${median(diffs) >= 0 ? '+' : ''}${fmt(median(diffs), 1)} ms${diffs.length > 1 ? ` (${diffs.map((x) => fmt(x, 1)).join(', ')})` : ''}`,
  };
}

const mediaComparisons = {};
if (mediaSections.length) {
  lines.push('');
  lines.push('Media: one process per (stack, layout, scenario) as above, both peers in it, over loopback. A sends a generator\'s track on a sendonly transceiver whose codec preferences hold only VP8 (or Opus); B reads the remote track with a processor (RtcNative: `MediaStreamTrackProcessor`; C: a media sink read on a thread of its own, woken by `media_sink_available`; aiortc: `track.recv()`). The sender paces the writes itself (30 frames per second; 10 ms of audio every 10 ms). RtcNative and the C client: video with libwebrtc\'s dummy audio device, audio with the headless device (it pulls remote audio every 10 ms).');
  lines.push('');
  lines.push('| Scenario | Stack | Received | Latency median / p99, ms | CPU | Notes | vs C client (same layout; aiortc: vs C ' + (layouts[0]) + ') | Targets |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const section of mediaSections) {
    const rowVariants = variants.filter((v) => supports(v.stack, MEDIA_SECTIONS[section].scenario));
    const cells = {};
    for (const variant of rowVariants) {
      cells[variant.key] = summarizeMedia(section, raw.filter((r) => r.scenario === section && r.variant === variant.key));
    }
    rowVariants.forEach((variant, i) => {
      const c = cells[variant.key];
      let vs = '';
      let target = '';
      const refKey = variant.stack === 'rtcnative' ? `c-${variant.layout}` : variant.stack === 'aiortc' ? `c-${layouts[0]}` : null;
      const ref = refKey ? cells[refKey] : null;
      if (c.ok && ref) {
        const m = ref.ok ? mediaVs(c, ref) : null;
        vs = m ? m.text : `${refKey} failed`;
        if (m) mediaComparisons[`${section} ${variant.key}`] = { cpu_ratio: m.ratio, latency_diff_ms: m.diff };
        if (variant.stack === 'rtcnative') {
          const t = [];
          t.push(`CPU ≤ 1.1× C: ${m ? (m.ratio <= 1.1 ? 'met' : 'not met') : 'n/a'}`);
          t.push(`latency ≤ C + 2 ms: ${m ? (m.diff <= 2 ? 'met' : 'not met') : 'n/a'}`);
          const per = section === 'video' ? 'frame' : 'chunk';
          t.push(`no GC allocation per ${per}: ${Number.isFinite(c.gcPer) ? (c.gcPer < 1 ? 'met' : `not met (${fmt(c.gcPer, 0)} B/${per})`) : 'n/a'}`);
          target = t.join('; ');
        }
      }
      const isR = variant.stack === 'rtcnative';
      lines.push(`| ${i === 0 ? MEDIA_SECTIONS[section].title : ''} | ${isR ? '**' + variant.label + '**' : variant.label} | ${c.text} | ${c.latency} | ${c.cpu} | ${c.notes.replace(/\|/g, '\\|')} | ${vs} | ${target} |`);
    });
  }
  lines.push('');
  lines.push('Received: frames per second received in the window (received/sent per run), or seconds of audio received and tone onsets detected/sent per run. Latency: video = the time read at the receiver minus the capture time drawn into the frame\'s pixels (RtcNative and C: the test pattern, both ends on the engine\'s monotonic clock in whole ms; aiortc: see bench/README.md); audio = from writing the 10 ms chunk that starts a tone burst to the reader seeing its first sample above 0.1 of full scale; median / p99 (nearest rank) over all runs\' samples. CPU = process CPU time (all threads, user + system) in the window, per frame received, or per second of audio received (a core = 1000 ms/s). "vs C" = CPU ratio (median of the per-round ratios, each round\'s in brackets) and latency difference (median of the per-round differences of the medians). GC: bytes the .NET GC allocated in the window (all threads, sender included) per frame or 10 ms chunk received; "reading code" = what the threads running the processor\'s enumeration allocated. Targets (media issue): CPU per frame within 1.1× of the C client\'s, latency within 2 ms of it, no GC allocation per frame in steady state.');
}
const table = lines.join('\n');
console.log(table);
fs.writeFileSync(path.join(outDir, 'results.md'), table + '\n');
fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ startedAt, runs, ns, layouts, loadStart, loadEnd, versions, cpuRatios, mediaComparisons, raw }, null, 1));
console.error(`\nwritten: ${path.join(outDir, 'results.md')}, ${path.join(outDir, 'results.json')}, logs in ${logDir}`);
