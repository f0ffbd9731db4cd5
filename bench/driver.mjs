// Runs every scenario for every stack, one process each, inside the benchmark's network namespace,
// and prints ONE markdown table. Started by bench/run.sh (which builds the runners and owns the
// namespace); see bench/README.md.
//
//   node bench/driver.mjs --ns NAME [--runs N] [--stacks a,b] [--scenarios a,b] [--out DIR]
//
// Every process is bounded (its own watchdog at timeout_ms, then SIGKILL 15 s later); a stack that
// fails a scenario gets the error in its cell and the run goes on.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');

// ------------------------------------------------------------------ configuration

const STACKS = {
  rtcnative: { label: 'RtcNative (C#)', cmd: ['dotnet', path.join(root, 'out/bench/dotnet/RtcNative.Bench.dll')] },
  c: { label: 'C client (same ABI)', cmd: [path.join(root, 'out/bench/native/rtcn_bench')] },
  'node-webrtc': { label: 'node-webrtc', cmd: ['node', '--expose-gc', path.join(benchDir, 'node/bench.js'), 'wrtc'] },
  'node-datachannel': { label: 'node-datachannel', cmd: ['node', '--expose-gc', path.join(benchDir, 'node/bench.js'), 'ndc'] },
};

// The same parameters go to every stack.
const SCENARIOS = {
  connect: { title: 'connect, ms (median [min–max] of 10 pairs)', params: { pairs: 10, warmup: 1, timeout_ms: 30000 } },
  throughput: { title: 'throughput, MB/s (64 KiB messages, 3 s)', params: { size: 65536, ms: 3000, cap: 1048576, low: 524288, timeout_ms: 30000 } },
  rate: { title: 'message rate, msg/s (100 B messages, 3 s)', params: { size: 100, ms: 3000, cap: 1048576, low: 524288, timeout_ms: 30000 } },
  rtt: { title: 'round trip, ms (median / p99 of 1000)', params: { count: 1000, warmup: 20, size: 16, timeout_ms: 30000 } },
  // 50 sequential connections: a stack whose connect takes a second (see README) needs more than 30 s.
  rss: { title: 'RSS growth, 50 connected pairs (MB; per pair)', params: { pairs: 50, timeout_ms: 90000 } },
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
for (const s of stacks) if (!STACKS[s]) { console.error(`unknown stack ${s}`); process.exit(2); }
for (const s of scenarios) if (!SCENARIOS[s]) { console.error(`unknown scenario ${s}`); process.exit(2); }
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

function runOne(stack, scenario, run) {
  const params = SCENARIOS[scenario].params;
  const [exe, ...pre] = STACKS[stack].cmd;
  const argv = ['netns', 'exec', ns, exe, ...pre, scenario, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)];
  const logFile = path.join(logDir, `${scenario}.${stack}.run${run}.log`);
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

// Per (scenario, stack): the headline value (for comparisons), its text, and a CPU note.
function summarize(scenario, results) {
  const ok = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  const failNote = failed.length ? ` (${failed.length} of ${results.length} runs failed: ${failed[0].error})` : '';
  const drops = results.map((r) => r.udp_rcvbuf_drops).filter((d) => d !== null && d !== undefined);
  const dropNote = drops.some((d) => d > 0) ? `${drops.reduce((a, b) => a + b, 0)} UDP drops` : '';
  if (!ok.length) return { value: NaN, text: `**failed:** ${failed[0]?.error ?? 'no run'}`.replace(/\|/g, '\\|'), cpu: '', drops: dropNote };
  let value;
  let text;
  let cpu = '';
  const extra = [];
  switch (scenario) {
    case 'connect': {
      const all = ok.flatMap((r) => r.samples_ms);
      const cold = ok.flatMap((r) => r.warmup_ms);
      value = median(all);
      text = `${fmt(value, 1)} [${fmt(Math.min(...all), 1)}–${fmt(Math.max(...all), 1)}]; first pair ${fmt(median(cold), 0)}`;
      const slow = all.filter((x) => x > 10 * Math.min(...all)).length;
      if (slow) extra.push(`${slow} of ${all.length} pairs took > 10× the fastest`);
      break;
    }
    case 'throughput': {
      const rates = ok.map((r) => r.received_bytes / r.seconds / 1e6);
      value = median(rates);
      text = `${fmt(value, 1)}`;
      const us = median(ok.map((r) => (r.cpu_seconds / r.received_messages) * 1e6));
      cpu = `${fmt(us, 0)} µs/msg`;
      break;
    }
    case 'rate': {
      const rates = ok.map((r) => r.received_messages / r.seconds);
      value = median(rates);
      text = fmtInt(value);
      const us = median(ok.map((r) => (r.cpu_seconds / r.received_messages) * 1e6));
      cpu = `${fmt(us, 1)} µs/msg`;
      break;
    }
    case 'rtt': {
      const all = ok.flatMap((r) => r.samples_ms);
      value = median(all);
      text = `${fmt(value, 3)} / ${fmt(percentile(all, 99), 3)}`;
      const us = median(ok.map((r) => (r.cpu_seconds / r.samples_ms.length) * 1e6));
      cpu = `${fmt(us, 0)} µs/round trip`;
      break;
    }
    case 'rss': {
      const growth = ok.map((r) => r.after_mb - r.baseline_mb);
      value = median(growth) / ok[0].pairs;
      text = `+${fmt(median(growth), 1)}; ${fmt(value, 2)}/pair (base ${fmt(median(ok.map((r) => r.baseline_mb)), 0)})`;
      break;
    }
    default:
      throw new Error(scenario);
  }
  const timeouts = ok.reduce((a, r) => a + (r.low_wait_timeouts || 0), 0);
  const notes = [...extra];
  if (timeouts) notes.push(`${timeouts} low-waits > 1 s`);
  return { value, text: text + failNote.replace(/\|/g, '\\|'), cpu, drops: [dropNote, ...notes].filter(Boolean).join(', ') };
}

const higherIsBetter = { connect: false, throughput: true, rate: true, rtt: false, rss: false };

function verdicts(scenario, cells) {
  const r = cells.rtcnative;
  if (!r || !Number.isFinite(r.value)) return { vsNode: '', vsC: '', target: '' };
  // Within 5% counts as a tie: one run on a shared machine cannot tell such a difference.
  const rel = (x, y) => Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
  const better = (x, y) => rel(x, y) >= 0.05 && (higherIsBetter[scenario] ? x > y : x < y);
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
  let vsC = '';
  const c = cells.c;
  if (c && Number.isFinite(c.value) && c.value !== 0) {
    const ratio = r.value / c.value;
    vsC = higherIsBetter[scenario] ? `${fmt(ratio * 100, 0)}% of C` : `${fmt(ratio, 2)}× C's`;
  } else if (c) {
    vsC = 'C client failed';
  }
  const targets = [];
  const ofC = c && Number.isFinite(c.value) ? r.value / c.value : NaN;
  switch (scenario) {
    case 'connect': targets.push(`median < 8 ms: ${r.value < 8 ? 'met' : 'not met'}`); break;
    case 'throughput': targets.push(`≥ 95% of C: ${Number.isFinite(ofC) ? (ofC >= 0.95 ? 'met' : 'not met') : 'n/a'}`); break;
    case 'rate':
      targets.push(`≥ 95% of C: ${Number.isFinite(ofC) ? (ofC >= 0.95 ? 'met' : 'not met') : 'n/a'}`);
      targets.push(`≥ 150k msg/s: ${r.value >= 150000 ? 'met' : 'not met'}`);
      break;
    case 'rss': targets.push(`< 0.5 MB/pair: ${r.value < 0.5 ? 'met' : 'not met'}`); break;
    default: break;
  }
  if (vsNode) targets.unshift(`ahead of both: ${ahead ? 'met' : 'not met'}`);
  return { vsNode, vsC, target: targets.join('; ') };
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
  };
}

// ------------------------------------------------------------------ main

const loadStart = os.loadavg();
const startedAt = new Date();
const raw = [];
console.error(`benchmark: ${runs} run(s) x ${scenarios.length} scenarios x ${stacks.length} stacks in namespace ${ns}; logs in ${logDir}`);
for (let run = 1; run <= runs; run++) {
  for (const scenario of scenarios) {
    for (const stack of stacks) {
      const t = Date.now();
      const result = await runOne(stack, scenario, run);
      raw.push({ run, scenario, stackKey: stack, ...result });
      const brief = result.ok ? 'ok' : `FAILED: ${result.error}`;
      console.error(`  run ${run} ${scenario.padEnd(10)} ${stack.padEnd(16)} ${brief} (${((Date.now() - t) / 1000).toFixed(1)} s${result.udp_rcvbuf_drops ? `, ${result.udp_rcvbuf_drops} UDP drops` : ''})`);
    }
  }
}
const loadEnd = os.loadavg();

const versions = readVersions(raw);
const lines = [];
lines.push(`RtcNative benchmark, ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}: ${runs} run(s); ${os.cpus().length} cores, load average ${loadStart[0].toFixed(1)} at start, ${loadEnd[0].toFixed(1)} at end (indicative numbers when the load exceeds the cores).`);
lines.push('');
lines.push(`Versions: libwebrtc for RtcNative and the C client: ${versions.libwebrtc}; ${versions.dotnet}; node ${versions.node}; @roamhq/wrtc ${versions.wrtc}; node-datachannel ${versions.ndc}; C client: ABI ${versions.abi ?? '?'}, gcc ${versions.cc ?? '?'}.`);
lines.push('');
lines.push(`Setup: each stack in its own process, one scenario per process, one after the other inside network namespace \`${ns}\` (lo + a veth pair 10.77.0.1/24–10.77.0.2/24, nothing else reachable). Both peers of every pair live in that one process and exchange signaling in-process (trickle ICE, candidates relayed once the receiver has its remote description). Over loopback: RtcNative and the C client \`IncludeLoopback\`, interfaces \`["lo"]\`, one factory for both peers; node-datachannel bound to 127.0.0.1; node-webrtc gathers every interface of the namespace (its default), all of which the kernel routes through lo.`);
lines.push('');
lines.push('| Scenario | Stack | Result | CPU | Notes | RtcNative vs node stacks | RtcNative vs C client | Issue 3 targets |');
lines.push('|---|---|---|---|---|---|---|---|');
const summaries = {};
for (const scenario of scenarios) {
  const cells = {};
  for (const stack of stacks) {
    cells[stack] = summarize(scenario, raw.filter((r) => r.scenario === scenario && r.stackKey === stack));
  }
  summaries[scenario] = cells;
  const v = verdicts(scenario, cells);
  stacks.forEach((stack, i) => {
    const c = cells[stack];
    const isR = stack === 'rtcnative';
    lines.push(`| ${i === 0 ? SCENARIOS[scenario].title : ''} | ${isR ? '**' + STACKS[stack].label + '**' : STACKS[stack].label} | ${c.text} | ${c.cpu} | ${c.drops} | ${isR ? v.vsNode : ''} | ${isR ? v.vsC : ''} | ${isR ? v.target : ''} |`);
  });
}
lines.push('');
lines.push('Result: connect = median [min–max] of the measured pairs, "first pair" = the cold first connection of the process (not in the median); throughput and rate measured at the receiver, MB = 10^6 bytes; round trip = median / p99; RSS = growth after 50 connected pairs, MB = 2^20 bytes. CPU = process CPU time (all threads, user + system) per message or round trip during the measurement. Notes: UDP drops = datagrams the kernel dropped in the namespace because a socket receive buffer was full; "low-waits > 1 s" = waits for bufferedamountlow that lasted over a second.');
const table = lines.join('\n');
console.log(table);
fs.writeFileSync(path.join(outDir, 'results.md'), table + '\n');
fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ startedAt, runs, ns, loadStart, loadEnd, versions, raw }, null, 1));
console.error(`\nwritten: ${path.join(outDir, 'results.md')}, ${path.join(outDir, 'results.json')}, logs in ${logDir}`);
