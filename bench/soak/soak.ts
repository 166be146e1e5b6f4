/**
 * Soak: 2,000 live clients on one production and a steady write load for a
 * bounded time. The server's memory must stay flat and no client may miss a
 * live event: each checks that the sequence numbers it receives have no gap.
 * Prints the server's RSS at start and end, write latency and live-delivery
 * latency, and one greppable `soak:` line; exits 1 on any gap, lost event or
 * failed write.
 *
 *   npx tsx bench/soak/soak.ts [--clients 2000] [--duration 300] [--rate 20]
 *       [--warmup 15] [--client-procs 2] [--quiet-wait 120]
 *
 * The first --warmup seconds of the --duration are counted (writes, events,
 * gaps) but not timed; the RSS at start is read when they end.
 *
 * SQLite by default; with SETBOOK_DATABASE_URL set (on 127.0.0.1), a
 * throwaway database on that PostgreSQL server. See bench/soak/README.md.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { spawnServer, type ServerProcess } from '../../test/support/process.js';
import { assertLoopback, cpuMsOf, machineCpuMs, memoryOf, sleep, stats, withTimeout } from '../fanout/common.js';
import { Api } from './api.js';
import { castProduction } from './cast.js';
import { Histogram } from './histogram.js';
import { Attribution, WriteLoad, type Paced, type WriteRecord } from './load.js';
import { Monitor } from './monitor.js';
import { WorkerCalls } from '../fanout/worker-calls.js';
import { probeHead, type StreamCall, type StreamReport, type StreamSpec, type StreamStatus } from './streams.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const BASE = process.hrtime.bigint();
/** how often the server's RSS is read */
const SAMPLE_MS = 5000;
/** how long the clients get to catch up with the last event once the writes stop */
const DRAIN_MS = 30_000;
const CONCURRENCY = 64;

const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '300' },
    rate: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '15' },
    'client-procs': { type: 'string', default: '2' },
    'quiet-wait': { type: 'string', default: '120' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log(fs.readFileSync(path.join(here, 'README.md'), 'utf8'));
  process.exit(0);
}
const CLIENTS = Number(flags.clients);
const DURATION = Number(flags.duration);
const RATE = Number(flags.rate);
const WARMUP = Number(flags.warmup);
const CLIENT_PROCS = Number(flags['client-procs']);
const QUIET_WAIT = Number(flags['quiet-wait']);
/** the share of the machine other processes may use before the load starts (when --quiet-wait > 0) */
const QUIET_SHARE = 0.2;
for (const [name, value, ok] of [
  ['--clients', flags.clients, Number.isInteger(CLIENTS) && CLIENTS > 0 && CLIENTS <= 10_000],
  ['--duration', flags.duration, DURATION > 0 && DURATION <= 86_400],
  ['--rate', flags.rate, RATE > 0 && RATE <= 500],
  ['--warmup', flags.warmup, WARMUP >= 0 && WARMUP < DURATION],
  ['--quiet-wait', flags['quiet-wait'], QUIET_WAIT >= 0 && QUIET_WAIT <= 3600],
  ['--client-procs', flags['client-procs'], Number.isInteger(CLIENT_PROCS) && CLIENT_PROCS >= 1 && CLIENT_PROCS <= 8 && CLIENT_PROCS <= CLIENTS],
] as const) {
  if (!ok) throw new Error(`bad ${name}: ${value}`);
}
const PG_ADMIN = process.env.SETBOOK_DATABASE_URL ? assertLoopback(process.env.SETBOOK_DATABASE_URL, 'PostgreSQL') : undefined;

const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- cleanup

const children = new Set<ChildProcess>();
let server: ServerProcess | undefined;
let dataDir: string | undefined;
let database: string | undefined;

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN!.toString(), connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

function killAll(): void {
  for (const child of [...children, ...(server ? [server.child] : [])]) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function cleanUp(): Promise<void> {
  killAll();
  if (database) await withTimeout(adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`), 10_000, `drop ${database}`).catch((e: Error) => log(`soak: could not drop ${database}: ${e.message}`));
  database = undefined;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  dataDir = undefined;
}

let aborting = false;
async function abort(reason: string): Promise<never> {
  if (!aborting) {
    aborting = true;
    log(`\nsoak: aborting: ${reason}`);
    await cleanUp();
  }
  process.exit(2);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void abort(`got ${signal}`));
process.on('uncaughtException', (error) => void abort(error.stack ?? String(error)));
process.on('unhandledRejection', (error) => void abort(error instanceof Error ? (error.stack ?? error.message) : String(error)));
process.on('exit', killAll);
const deadline = setTimeout(() => void abort('the run took 10 minutes longer than planned'), (DURATION + QUIET_WAIT + 600) * 1000 + CLIENTS * 60);

// ---------------------------------------------------------------- client processes

class StreamGroup {
  private constructor(private readonly worker: WorkerCalls<StreamCall>) {
    children.add(worker.child);
    void worker.exited.then(() => children.delete(worker.child));
  }

  get pid(): number {
    return this.worker.pid;
  }

  static async start(spec: StreamSpec): Promise<StreamGroup> {
    const group = new StreamGroup(new WorkerCalls<StreamCall>(path.join(here, 'stream-worker.ts'), 'stream worker'));
    await group.call({ op: 'init', spec, base: BASE.toString() }, 60_000);
    return group;
  }

  call<T>(call: StreamCall, timeoutMs = 30_000): Promise<T> {
    return this.worker.call<T>(call, timeoutMs);
  }

  close(): Promise<void> {
    return this.worker.close({ op: 'close' });
  }
}

function checkFileLimit(needed: number): void {
  const limits = fs.readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Infinity);
  if (soft < needed) throw new Error(`open-file limit ${soft} < ${needed} needed: raise it (ulimit -n) before running`);
}

// ---------------------------------------------------------------- measuring

interface Sample {
  /** s since the first write */
  t: number;
  rss: number;
}

/** Least-squares slope of RSS over time, in MB per minute. */
function slope(samples: Sample[]): number {
  if (samples.length < 2) return NaN;
  const n = samples.length;
  const mt = samples.reduce((s, x) => s + x.t, 0) / n;
  const mr = samples.reduce((s, x) => s + x.rss, 0) / n;
  const num = samples.reduce((s, x) => s + (x.t - mt) * (x.rss - mr), 0);
  const den = samples.reduce((s, x) => s + (x.t - mt) ** 2, 0);
  return (num / den) * 60;
}

/** Resident memory by kind (Linux /proc): anonymous is the JS heap, buffers and SQLite's cache; file is code and mapped files. */
function residentParts(pid: number): string {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return `anon ${kb('RssAnon').toFixed(0)} + file ${kb('RssFile').toFixed(0)} + shmem ${kb('RssShmem').toFixed(0)}`;
}

const ms = (x: number) => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const mb = (x: number) => x.toFixed(0);
const count = (x: number) => x.toLocaleString('en-US');

/** Waits (up to --quiet-wait s) until processes outside the run use under QUIET_SHARE of the machine, as bench/fanout does. */
async function waitForQuiet(ours: number[]): Promise<void> {
  const until = Date.now() + QUIET_WAIT * 1000;
  for (let polls = 0; QUIET_WAIT > 0; polls++) {
    const m0 = machineCpuMs();
    const o0 = ours.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    await sleep(1000);
    const m1 = machineCpuMs();
    const share = (m1.busy - m0.busy - (ours.reduce((sum, pid) => sum + cpuMsOf(pid), 0) - o0)) / (m1.total - m0.total);
    if (!(share >= QUIET_SHARE)) {
      if (polls > 0) log(`  machine quiet again (${(share * 100).toFixed(0)}% used by other processes)`);
      return;
    }
    if (polls === 0) log(`  other processes use ${(share * 100).toFixed(0)}% of the CPUs; waiting up to ${QUIET_WAIT} s for quiet`);
    if (Date.now() > until) {
      log(`  still ${(share * 100).toFixed(0)}% busy with other processes; starting anyway (see the CPU line)`);
      return;
    }
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  checkFileLimit(CLIENTS + 500);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-bench-soak-'));
  let databaseUrl: string | undefined;
  if (PG_ADMIN) {
    database = `setbook_soak_${crypto.randomBytes(6).toString('hex')}`;
    await withTimeout(adminQuery(`CREATE DATABASE ${database}`), 15_000, 'create the soak database');
    const url = new URL(PG_ADMIN.toString());
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  }
  const engine = PG_ADMIN ? `PostgreSQL (${PG_ADMIN.host})` : 'SQLite';
  const cpus = os.cpus();
  log(
    `soak: ${CLIENTS} clients in ${CLIENT_PROCS} process(es), ${RATE} writes/s for ${DURATION} s (the first ${WARMUP} s a warm-up); ` +
      `${engine}; ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}; node ${process.version}`,
  );

  server = await spawnServer({ dataDir: path.join(dataDir, 'data'), databaseUrl });
  const serverPid = server.child.pid!;
  const api = new Api(server.url, BASE);
  const cast = await castProduction(api, WriteLoad.firearmLanes(RATE));
  const liveUrl = `${server.url}/api/productions/${cast.pid}/live`;
  const streamHeaders = { authorization: `Bearer ${cast.grip.token}` };
  const idle = memoryOf(serverPid);

  const attribution = new Attribution();
  const monitor = new Monitor(liveUrl, streamHeaders, (seq, type, data) => attribution.event(seq, type, data));
  await monitor.start();

  const groups: StreamGroup[] = [];
  let collected: StreamReport[] = [];
  const load = new WriteLoad(api, cast, attribution, RATE);
  const samples: Sample[] = [];
  let loadStart = 0;
  const since = () => (performance.now() - loadStart) / 1000;
  let sampler: NodeJS.Timeout | undefined;
  let telling: NodeJS.Timeout | undefined;
  const tell = async () => {
    const news = attribution.take();
    if (news.timed.length + news.untimed.length === 0) return;
    await Promise.all(groups.map((g) => g.call({ op: 'resolve', ...news })));
  };
  const result = {
    connectMs: 0,
    warm: { due: 0, started: 0, late: 0, seconds: 0 },
    timed: { due: 0, started: 0, late: 0, seconds: 0 },
    head: 0,
    drainMs: 0,
    start: NaN,
    startIndex: 0,
    startParts: '',
    end: NaN,
    endParts: '',
    serverCpu: 0,
    clientCpu: 0,
    otherLoad: 0,
    clientRss: [] as number[],
  };
  try {
    checkFileLimit(CLIENTS + 500);
    for (let k = 0; k < CLIENT_PROCS; k++) {
      const n = Math.floor(CLIENTS / CLIENT_PROCS) + (k < CLIENTS % CLIENT_PROCS ? 1 : 0);
      groups.push(await StreamGroup.start({ url: liveUrl, headers: streamHeaders, count: n, idPrefix: `soak-w${k}` }));
    }
    const connectTimeout = 30_000 + CLIENTS * 30;
    const lanes = Math.max(1, Math.ceil(CONCURRENCY / groups.length));
    const connected = await Promise.all(groups.map((g) => g.call<{ ms: number }>({ op: 'connect', concurrency: lanes, timeoutMs: connectTimeout }, connectTimeout + 5000)));
    result.connectMs = Math.max(...connected.map((c) => c.ms));
    log(`  ${CLIENTS} streams ready in ${ms(result.connectMs)} ms; server RSS ${mb(memoryOf(serverPid).rss)} MB (before the streams: ${mb(idle.rss)} MB)`);

    await waitForQuiet([process.pid, serverPid, ...groups.map((g) => g.pid)]);
    telling = setInterval(() => void tell().catch((e: Error) => void abort(`telling the clients: ${e.message}`)), 1000);
    loadStart = performance.now();
    sampler = setInterval(() => samples.push({ t: since(), rss: memoryOf(serverPid).rss }), SAMPLE_MS);
    const progress = setInterval(() => {
      const last = samples.at(-1);
      const failed = load.records.filter((r) => r.ok === false).length;
      log(`  ${since().toFixed(0).padStart(5)} s: ${load.records.length} writes (${failed} failed), ${attribution.events} events, server RSS ${last ? mb(last.rss) : '-'} MB, monitor drops ${monitor.drops}`);
    }, 30_000);

    try {
      if (WARMUP > 0) {
        log(`  warm-up: ${WARMUP} s of writes, untimed`);
        result.warm = await load.run(WARMUP, false);
      }
      await load.settle();
      result.start = memoryOf(serverPid).rss;
      result.startParts = residentParts(serverPid);
      result.startIndex = samples.length;
      samples.push({ t: since(), rss: result.start });
      const cpu0 = cpuMsOf(serverPid);
      const clientPids = groups.map((g) => g.pid);
      const clientCpu0 = clientPids.reduce((s, pid) => s + cpuMsOf(pid), 0);
      const ours = () => [process.pid, serverPid, ...clientPids].reduce((s, pid) => s + cpuMsOf(pid), 0);
      const ours0 = ours();
      const machine0 = machineCpuMs();
      log(`  timed load: ${RATE} writes/s for ${DURATION - WARMUP} s; server RSS at start ${mb(result.start)} MB`);
      const timedStart = performance.now();
      result.timed = await load.run(DURATION - WARMUP, true);
      await load.settle();
      const loadMs = performance.now() - timedStart;
      result.serverCpu = (cpuMsOf(serverPid) - cpu0) / loadMs;
      result.clientCpu = (clientPids.reduce((s, pid) => s + cpuMsOf(pid), 0) - clientCpu0) / loadMs;
      const machine = machineCpuMs();
      result.otherLoad = Math.max(0, (machine.busy - machine0.busy - (ours() - ours0)) / (machine.total - machine0.total));

      // Drain: every stream (and the coordinator's) must reach the head a fresh stream reports.
      const drainStart = performance.now();
      result.head = await probeHead(liveUrl, streamHeaders, 'soak-probe');
      for (;;) {
        await tell();
        const status = await Promise.all(groups.map((g) => g.call<StreamStatus>({ op: 'status' })));
        const caughtUp = status.every((s) => s.lowest >= result.head) && monitor.lastSeq >= result.head;
        if (caughtUp || performance.now() - drainStart > DRAIN_MS) break;
        await sleep(250);
      }
      result.drainMs = performance.now() - drainStart;
      await sleep(200); // a straggler after the head would show as disorder or a gap
      result.end = memoryOf(serverPid).rss;
      result.endParts = residentParts(serverPid);
      samples.push({ t: since(), rss: result.end });
      await tell();
      collected = await Promise.all(groups.map((g) => g.call<StreamReport>({ op: 'report', head: result.head }, 60_000)));
      result.clientRss = clientPids.map((pid) => memoryOf(pid).rss);
    } finally {
      clearInterval(progress);
    }
  } finally {
    clearInterval(sampler);
    clearInterval(telling);
    monitor.close();
    await Promise.all(groups.map((g) => g.close()));
    api.close();
  }
  const peak = memoryOf(serverPid).peak;
  const serverLog = server.output();
  await withTimeout(server.stop(), 20_000, 'the server to stop').catch(() => server?.child.kill('SIGKILL'));

  return report({ engine, cast: { firearms: WriteLoad.firearmLanes(RATE) }, records: load.records, attribution, monitor, collected, samples, result, idle: idle.rss, peak, failures: load.failures, serverLog });
}

// ---------------------------------------------------------------- report

function report(r: {
  engine: string;
  cast: { firearms: number };
  records: WriteRecord[];
  attribution: Attribution;
  monitor: Monitor;
  collected: StreamReport[];
  samples: Sample[];
  result: {
    connectMs: number;
    warm: Paced;
    timed: Paced;
    head: number;
    drainMs: number;
    start: number;
    startIndex: number;
    startParts: string;
    end: number;
    endParts: string;
    serverCpu: number;
    clientCpu: number;
    otherLoad: number;
    clientRss: number[];
  };
  idle: number;
  peak: number;
  failures: string[];
  serverLog: string;
}): number {
  const { records, collected, result } = r;
  const failed = records.filter((w) => !w.ok);
  const timed = records.filter((w) => w.timed && w.ok);
  const writeStats = stats(timed.map((w) => w.answered! - w.sent));
  const kinds = [...new Set(records.map((w) => w.kind))];
  const sum = (f: (c: StreamReport) => number) => collected.reduce((s, c) => s + f(c), 0);
  const fromSent = new Histogram();
  const fromAnswered = new Histogram();
  for (const c of collected) {
    fromSent.merge(c.fromSent);
    fromAnswered.merge(c.fromAnswered);
  }
  const received = sum((c) => c.received);
  const gaps = sum((c) => c.gaps);
  const gapped = sum((c) => c.gappedStreams);
  const disorder = sum((c) => c.disorder);
  const behind = sum((c) => c.behind);
  const missingTail = sum((c) => c.missingTail);
  const reconnects = sum((c) => c.reconnects);
  const open = sum((c) => c.open);
  const unseen = r.attribution.unseen();
  const window = r.samples.slice(result.startIndex);
  const max = Math.max(...window.map((s) => s.rss));
  const growth = result.end - result.start;
  const timeline = r.samples.filter((s, i) => i === result.startIndex || i === r.samples.length - 1 || (i > result.startIndex && Math.floor(s.t / 30) > Math.floor(r.samples[i - 1]!.t / 30)));

  const lines = [
    '',
    `Setbook soak, ${r.engine}, loopback, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    `  clients: ${CLIENTS} SSE streams (one crew member's token, distinct devices) in ${CLIENT_PROCS} worker process(es), ready in ${ms(result.connectMs)} ms; ${open} still open at the end`,
    `  load: ${RATE} writes/s over 1 stop lane (raise -> ack -> lift) and ${r.cast.firearms} firearm lanes (inspect -> hand off -> return)`,
    `  writes: ${records.length} (${failed.length} failed): warm-up ${result.warm.started} of ${result.warm.due} due in ${result.warm.seconds.toFixed(1)} s (${result.warm.late} late), ` +
      `timed ${result.timed.started} of ${result.timed.due} due in ${result.timed.seconds.toFixed(1)} s (${result.timed.late} late: started over one interval after due; ${(result.timed.started / result.timed.seconds).toFixed(1)}/s)`,
    `  write latency (request written -> response read), timed writes: p50 ${ms(writeStats.p50)} ms, p99 ${ms(writeStats.p99)} ms, max ${ms(writeStats.max)} ms`,
    ...kinds.map((kind) => {
      const s = stats(timed.filter((w) => w.kind === kind).map((w) => w.answered! - w.sent));
      return `    ${kind.padEnd(18)} ${String(s.n).padStart(6)}  p50 ${ms(s.p50).padStart(5)}  p99 ${ms(s.p99).padStart(5)}  max ${ms(s.max).padStart(6)} ms`;
    }),
    `  live events: head ${result.head} (${r.monitor.firstSeq} from the set-up); ${r.attribution.events} seen by the coordinator's stream (${r.attribution.unattributed} not from a soak write, ${r.monitor.gaps} gaps, ${r.monitor.drops} drops); ` +
      `${unseen} successful writes whose event it never saw`,
    `  received by the clients: ${count(received)} events; gaps ${gaps} (${gapped} clients), out of order or repeated ${disorder}, ` +
      `clients behind the head after ${ms(result.drainMs)} ms of drain ${behind} (${missingTail} events short), reconnects ${reconnects} (${sum((c) => c.failedReconnects)} failed)`,
    `  delivery (write request written -> event read by a client), timed writes, ${count(fromSent.n)} receipts: ` +
      `p50 ${ms(fromSent.percentile(0.5))} ms, p99 ${ms(fromSent.percentile(0.99))} ms, max ${ms(fromSent.max)} ms`,
    `  delivery after the write's response (response read -> event read): p50 ${ms(fromAnswered.percentile(0.5))} ms, p99 ${ms(fromAnswered.percentile(0.99))} ms, ` +
      `max ${ms(fromAnswered.max)} ms; ${((fromAnswered.negative / Math.max(1, fromAnswered.n)) * 100).toFixed(1)}% arrived before the response (counted as 0)`,
    `  server RSS: ${mb(r.idle)} MB before the streams; ${mb(result.start)} MB at start (after ${WARMUP} s of warm-up), ${mb(result.end)} MB at end (after the drain), max ${mb(max)} MB, ` +
      `growth ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB, trend ${slope(window).toFixed(2)} MB/min over ${window.length} samples; peak (VmHWM) ${mb(r.peak)} MB`,
    `  server RSS by kind (MB): at start ${result.startParts}; at end ${result.endParts}`,
    `  server RSS over time (s since the first write: MB): ${timeline.map((s) => `${s.t.toFixed(0)}: ${mb(s.rss)}`).join(', ')}`,
    `  CPU during the timed load: server ${(result.serverCpu * 100).toFixed(0)}% of a core, clients ${(result.clientCpu * 100).toFixed(0)}%, ` +
      `processes outside the run ${(result.otherLoad * 100).toFixed(0)}% of the machine; client RSS ${result.clientRss.map(mb).join(' + ')} MB`,
  ];
  if (r.failures.length) lines.push(`  first failures:`, ...r.failures.map((f) => `    ${f}`));
  const problems = [
    failed.length && `${failed.length} failed writes`,
    gaps && `${gaps} gaps`,
    disorder && `${disorder} out-of-order events`,
    behind && `${behind} clients behind the head`,
    unseen && `${unseen} writes whose event was never seen`,
    r.monitor.gaps && `${r.monitor.gaps} gaps on the coordinator's stream`,
  ].filter(Boolean);
  if (result.otherLoad > 0.1) {
    lines.push(`  NOTE: processes outside the run used ${(result.otherLoad * 100).toFixed(0)}% of the machine during the timed load: the latencies include waiting for a core`);
  }
  if (problems.length && /error/i.test(r.serverLog)) lines.push(`  server log (last 2,000 characters):`, r.serverLog.slice(-2000));
  lines.push(
    '',
    `soak: ${CLIENTS} clients, ${DURATION} s, ${records.length} writes (${failed.length} failed), events delivered ${count(received)}, gaps ${gaps}, ` +
      `RSS start ${mb(result.start)} MB end ${mb(result.end)} MB (max ${mb(max)} MB), write p99 ${ms(writeStats.p99)} ms, delivery p99 ${ms(fromSent.percentile(0.99))} ms`,
  );
  if (problems.length) lines.push(`soak: FAILED: ${problems.join(', ')}`);
  console.log(lines.join('\n'));
  return problems.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} finally {
  clearTimeout(deadline);
  await cleanUp();
}
process.exit(code);
