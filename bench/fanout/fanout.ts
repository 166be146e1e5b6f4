/**
 * Live fan-out: a stop raised -> `stop.raised` received by every connected
 * client, against a bare `ws` broadcast (the floor) and Socket.IO, with the
 * same client counts and payload size, all on loopback in the same run.
 * DESIGN.md targets: Setbook p99 <= 2 x ws p99 at 2,000 clients on one server;
 * two instances on PostgreSQL p99 <= 250 ms.
 *
 *   npx tsx bench/fanout/fanout.ts [--clients 500,1000,2000] [--rounds 5]
 *       [--systems setbook,ws,sio,pg] [--client-procs 1] [--cpu-prof]
 *
 * See bench/fanout/README.md for what is measured and the caveats.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ClientPool } from './clients.js';
import {
  assertLoopback,
  cpuMsOf,
  machineCpuMs,
  memoryOf,
  since,
  sleep,
  stats,
  withTimeout,
  type Call,
  type ClientSpec,
  type Connected,
  type Received,
  type Stats,
} from './common.js';
import { summarizeProfile } from './profile.js';
import { WorkerCalls } from './worker-calls.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const BASE = process.hrtime.bigint();
const SETUP_TOKEN = 'bench-fanout-setup-token';
const PASSWORD = 'correct horse battery';

const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '500,1000,2000' },
    rounds: { type: 'string', default: '5' },
    systems: { type: 'string', default: 'setbook,ws,sio,pg' },
    'client-procs': { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '64' },
    'round-timeout': { type: 'string', default: '10000' },
    gap: { type: 'string', default: '300' },
    'cpu-prof': { type: 'boolean', default: false },
    'quiet-wait': { type: 'string', default: '120' },
    'pg-url': { type: 'string', default: process.env.SETBOOK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    deadline: { type: 'string', default: '1800' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log(fs.readFileSync(path.join(here, 'README.md'), 'utf8'));
  process.exit(0);
}
const COUNTS = flags.clients.split(',').map((s) => Number(s.trim()));
const ROUNDS = Number(flags.rounds);
const SYSTEMS = new Set(flags.systems.split(',').map((s) => s.trim()));
const CLIENT_PROCS = Number(flags['client-procs']);
const CONCURRENCY = Number(flags.concurrency);
const ROUND_TIMEOUT = Number(flags['round-timeout']);
const GAP = Number(flags.gap);
const WARMUP = 2;
const QUIET_WAIT = Number(flags['quiet-wait']) * 1000;
/** CPU share of the machine used by processes not in this run above which the run waits (when --quiet-wait > 0) */
const QUIET_SHARE = 0.2;
/** a timed attempt during which other processes used more than this share of the CPUs is repeated */
const NOISY = 0.1;
const ATTEMPTS = 3;
for (const [name, value, ok] of [
  ['--clients', COUNTS, COUNTS.every((n) => Number.isInteger(n) && n > 0 && n <= 10_000)],
  ['--rounds', ROUNDS, Number.isInteger(ROUNDS) && ROUNDS > 0 && ROUNDS <= 100],
  ['--client-procs', CLIENT_PROCS, [0, 1, 2, 3, 4].includes(CLIENT_PROCS)],
  ['--systems', flags.systems, [...SYSTEMS].every((s) => ['setbook', 'ws', 'sio', 'pg'].includes(s))],
] as const) {
  if (!ok) throw new Error(`bad ${name}: ${String(value)}`);
}
const PG_URL = assertLoopback(flags['pg-url'], 'PostgreSQL');

// ---------------------------------------------------------------- cleanup

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const pgDatabases = new Set<string>();

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL.toString(), connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    pgDatabases.delete(name);
  } finally {
    await admin.end();
  }
}

let aborting = false;
async function abort(reason: string, code: number): Promise<never> {
  if (!aborting) {
    aborting = true;
    console.error(`\nfanout: aborting: ${reason}`);
    killAll();
    for (const name of pgDatabases) await withTimeout(dropDatabase(name), 5000, `drop ${name}`).catch(() => undefined);
  }
  process.exit(code);
}

function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    tempDirs.delete(dir);
  } catch (error) {
    process.stderr.write(`fanout: could not remove ${dir}: ${String(error)}\n`);
  }
}

process.on('exit', () => {
  killAll();
  for (const dir of tempDirs) removeDir(dir);
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void abort(`got ${signal}`, 130));
process.on('uncaughtException', (error) => void abort(error.stack ?? String(error), 1));
process.on('unhandledRejection', (error) => void abort(error instanceof Error ? (error.stack ?? error.message) : String(error), 1));
const deadline = setTimeout(() => void abort(`the run passed its --deadline of ${flags.deadline} s`, 2), Number(flags.deadline) * 1000);

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `setbook-bench-fanout-${label}-`));
  tempDirs.add(dir);
  return dir;
}

/** Where --cpu-prof leaves the servers' .cpuprofile files (kept after the run, for DevTools). */
function profileDir(label: string): string | undefined {
  return flags['cpu-prof'] ? fs.mkdtempSync(path.join(os.tmpdir(), `setbook-fanout-prof-${label}-`)) : undefined;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function checkFileLimit(needed: number): void {
  const limits = fs.readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Infinity);
  // Node raises its soft limit to the hard one at start-up; children inherit it.
  if (soft < needed) throw new Error(`open-file limit ${soft} < ${needed} needed: raise it (ulimit -Hn / -n) before running`);
}

// ---------------------------------------------------------------- HTTP

const triggerAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  body: string;
  /** ms after BASE, stamped just before the request is written */
  t0: number;
  /** ms from t0 to the end of the response */
  ms: number;
}

function post(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Answer> {
  assertLoopback(url);
  const payload = JSON.stringify(body);
  return withTimeout(
    new Promise<Answer>((resolve, reject) => {
      let t0 = 0;
      const request = http.request(
        url,
        {
          method: 'POST',
          agent: triggerAgent,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, t0, ms: since(BASE) - t0 }));
          res.on('error', reject);
        },
      );
      request.on('error', reject);
      t0 = since(BASE);
      request.end(payload);
    }),
    timeoutMs,
    `POST ${new URL(url).pathname}`,
  );
}

async function postJson<T>(url: string, body: unknown, expect: number, headers?: Record<string, string>): Promise<T> {
  const answer = await post(url, body, headers);
  if (answer.status !== expect) throw new Error(`POST ${new URL(url).pathname} answered ${answer.status}: ${answer.body.slice(0, 500)}`);
  return JSON.parse(answer.body) as T;
}

// ---------------------------------------------------------------- processes

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function track(child: ChildProcess): Promise<void> {
  children.add(child);
  return new Promise<void>((resolve) =>
    child.once('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  try {
    await withTimeout(exited, graceMs, `pid ${child.pid} to exit`);
  } catch {
    child.kill('SIGKILL');
    await withTimeout(exited, 5000, `pid ${child.pid} to die`).catch(() => undefined);
  }
}

/** The real `setbook serve` from source (as test/support/process.ts runs it), on 127.0.0.1 and a free port. */
async function startSetbook(name: string, options: { dataDir: string; databaseUrl?: string; profDir?: string }): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      ...(options.profDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profDir}`] : []),
      '--import',
      'tsx',
      path.join(root, 'src/cli/main.ts'),
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      options.dataDir,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        SETBOOK_SETUP_TOKEN: SETUP_TOKEN,
        SETBOOK_SCRYPT_COST: '10',
        SETBOOK_DATABASE_URL: options.databaseUrl ?? '',
        // Measured over plain HTTP on loopback, as the baseline it is compared with.
        SETBOOK_HTTPS: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = track(child);
  let text = '';
  const keep = (chunk: string) => {
    text += chunk;
    if (text.length > 200_000) text = text.slice(-100_000);
  };
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  const url = await withTimeout(
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const found = /Setbook listening on (http:\/\/\S+)/.exec(text);
        if (found) resolve(found[1]!);
      };
      child.stdout!.on('data', look);
      child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${text.slice(-3000)}`)));
    }),
    60_000,
    `${name} to start`,
  );
  assertLoopback(url, name);
  return { name, url, child, output: () => text, stop: () => stopChild(child, exited) };
}

async function startFloor(kind: 'ws' | 'sio'): Promise<Server> {
  const child = fork(path.join(here, 'floor-server.ts'), [kind], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const exited = track(child);
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}:\n${text}`)));
    }),
    60_000,
    `${kind} server to start`,
  );
  const url = `http://127.0.0.1:${port}`;
  assertLoopback(url);
  return { name: kind, url, child, output: () => text, stop: () => stopChild(child, exited) };
}

// ---------------------------------------------------------------- client groups

interface Group {
  pid: number;
  connect(concurrency: number, timeoutMs: number): Promise<Connected>;
  wait(key: string, timeoutMs: number): Promise<Received>;
  close(): Promise<void>;
}

class LocalGroup implements Group {
  readonly pid = process.pid;
  private readonly pool: ClientPool;
  constructor(spec: ClientSpec) {
    this.pool = new ClientPool(spec, BASE);
  }
  connect(concurrency: number, timeoutMs: number) {
    return withTimeout(this.pool.connect(concurrency, timeoutMs), timeoutMs + 5000, 'clients to connect');
  }
  wait(key: string, timeoutMs: number) {
    return this.pool.wait(key, timeoutMs);
  }
  close() {
    return this.pool.close();
  }
}

class WorkerGroup implements Group {
  private constructor(private readonly worker: WorkerCalls<Call>) {
    children.add(worker.child);
    void worker.exited.then(() => children.delete(worker.child));
  }

  get pid() {
    return this.worker.pid;
  }

  static async start(spec: ClientSpec): Promise<WorkerGroup> {
    const group = new WorkerGroup(new WorkerCalls<Call>(path.join(here, 'client-worker.ts'), 'client worker'));
    await group.worker.call({ op: 'init', spec, base: BASE.toString() }, 60_000);
    return group;
  }

  connect(concurrency: number, timeoutMs: number) {
    return this.worker.call<Connected>({ op: 'connect', concurrency, timeoutMs }, timeoutMs + 5000);
  }
  wait(key: string, timeoutMs: number) {
    return this.worker.call<Received>({ op: 'wait', key, timeoutMs }, timeoutMs + 5000);
  }
  close() {
    return this.worker.close({ op: 'close' });
  }
}

/** N clients split over CLIENT_PROCS worker processes (0: in this process). */
async function startClients(spec: ClientSpec): Promise<Group[]> {
  checkFileLimit(spec.count + 500);
  if (CLIENT_PROCS === 0) return [new LocalGroup(spec)];
  const groups: Group[] = [];
  let offset = 0;
  try {
    for (let k = 0; k < CLIENT_PROCS; k++) {
      const count = Math.floor(spec.count / CLIENT_PROCS) + (k < spec.count % CLIENT_PROCS ? 1 : 0);
      groups.push(await WorkerGroup.start({ ...spec, count, first: offset, idPrefix: `${spec.idPrefix}-w${k}` }));
      offset += count;
    }
  } catch (error) {
    await Promise.all(groups.map((g) => g.close()));
    throw error;
  }
  return groups;
}

async function connectAll(groups: Group[], n: number): Promise<Connected & { window: { from: bigint; to: bigint } }> {
  const timeoutMs = 30_000 + n * 30;
  const lanes = Math.max(1, Math.ceil(CONCURRENCY / groups.length));
  const from = process.hrtime.bigint();
  const results = await Promise.all(groups.map((g) => g.connect(lanes, timeoutMs)));
  return { ms: Math.max(...results.map((r) => r.ms)), window: { from, to: process.hrtime.bigint() } };
}

/** The timed rounds' profile, then a shorter one of the connection phase. */
function profileText(file: string, rounds: { from: bigint; to: bigint }, connect?: { from: bigint; to: bigint }): string {
  return [
    file,
    '[timed rounds]',
    summarizeProfile(file, rounds),
    ...(connect ? ['[while the clients connected]', summarizeProfile(file, connect, 8)] : []),
  ].join('\n');
}

// ---------------------------------------------------------------- rounds

interface Trigger {
  /** ms after BASE, just before the request was written */
  t0: number;
  /** what the clients key the receipt by */
  key: string;
  /** ms from t0 to the trigger's response */
  responseMs: number;
}

interface Measured {
  latencies: number[];
  /** per client URL index (two-instance runs) */
  byUrl: number[][];
  missing: number;
  responseMs: number[];
  serverCpuPerRound: number[];
  clientCpuPerRound: number;
  /** share of all CPUs used by processes outside this run during the timed rounds */
  otherLoad: number;
  window: { from: bigint; to: bigint };
  /** one event as a client received it */
  sample: string;
}

let keys = 0;
const nextKey = () => `k${String(++keys).padStart(15, '0')}`;

async function measure(groups: Group[], urlsPerClient: number, trigger: () => Promise<Trigger>, serverPids: number[]): Promise<Measured> {
  let sample = '';
  const collect = async (t: Trigger) => {
    const received = await Promise.all(groups.map((g) => g.wait(t.key, ROUND_TIMEOUT)));
    sample ||= received.find((r) => r.sample)?.sample ?? '';
    return received;
  };
  // Untimed rounds: every client must get them (proves each is subscribed), and they warm the JIT.
  for (let i = 0; i < WARMUP; i++) {
    const received = await collect(await trigger());
    const missing = received.reduce((sum, r) => sum + r.missing, 0);
    if (missing > 0 && i === WARMUP - 1) throw new Error(`${missing} clients missed the last warm-up event`);
    await sleep(GAP);
  }
  const clientPids = [...new Set(groups.map((g) => g.pid))];
  const ours = [...new Set([process.pid, ...serverPids, ...clientPids])];
  // Other processes on a shared machine spoil a measurement; the timed rounds are repeated (up to
  // ATTEMPTS times, when --quiet-wait allows waiting) and the quietest attempt is kept.
  let best: Measured | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    await waitForQuiet(ours);
    const m = await timedRounds(groups, urlsPerClient, collect, trigger, serverPids, clientPids, ours);
    m.sample = sample;
    if (!best || m.otherLoad < best.otherLoad) best = m;
    if (m.otherLoad <= NOISY || QUIET_WAIT <= 0) break;
    log(`  other processes used ${(m.otherLoad * 100).toFixed(0)}% of the CPUs during the rounds${attempt < ATTEMPTS ? '; measuring again' : ''}`);
  }
  return best!;
}

async function timedRounds(
  groups: Group[],
  urlsPerClient: number,
  collect: (t: Trigger) => Promise<Received[]>,
  trigger: () => Promise<Trigger>,
  serverPids: number[],
  clientPids: number[],
  ours: number[],
): Promise<Measured> {
  const cpu0 = serverPids.map(cpuMsOf);
  const clientCpu0 = clientPids.map(cpuMsOf);
  const ours0 = ours.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  const machine0 = machineCpuMs();
  const latencies: number[] = [];
  const byUrl: number[][] = Array.from({ length: urlsPerClient }, () => []);
  const responseMs: number[] = [];
  let missing = 0;
  const from = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) {
    const t = await trigger();
    responseMs.push(t.responseMs);
    const received = await collect(t);
    for (const r of received) {
      missing += r.missing;
      r.times.forEach((at, i) => {
        latencies.push(at - t.t0);
        byUrl[(r.urlIndex[i] ?? 0) % urlsPerClient]!.push(at - t.t0);
      });
    }
    await sleep(GAP);
  }
  const to = process.hrtime.bigint();
  const serverCpuPerRound = serverPids.map((pid, i) => (cpuMsOf(pid) - cpu0[i]!) / ROUNDS);
  const clientCpuPerRound = clientPids.reduce((sum, pid, i) => sum + (cpuMsOf(pid) - clientCpu0[i]!), 0) / ROUNDS;
  const machine = machineCpuMs();
  const others = machine.busy - machine0.busy - (ours.reduce((sum, pid) => sum + cpuMsOf(pid), 0) - ours0);
  const otherLoad = Math.max(0, others / (machine.total - machine0.total));
  return { latencies, byUrl, missing, responseMs, serverCpuPerRound, clientCpuPerRound, otherLoad, window: { from, to }, sample: '' };
}

/** Waits (up to --quiet-wait) until processes outside this run use under QUIET_SHARE of the machine. */
async function waitForQuiet(ours: number[]): Promise<void> {
  if (QUIET_WAIT <= 0) return;
  const until = Date.now() + QUIET_WAIT;
  let share = 0;
  for (let polls = 0; ; polls++) {
    const m0 = machineCpuMs();
    const o0 = ours.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    await sleep(1000);
    const m1 = machineCpuMs();
    const o1 = ours.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    share = (m1.busy - m0.busy - (o1 - o0)) / (m1.total - m0.total);
    if (!(share >= QUIET_SHARE)) {
      if (polls > 0) log(`  machine quiet again (${(share * 100).toFixed(0)}% used by other processes)`);
      return;
    }
    if (polls === 0) log(`  other processes use ${(share * 100).toFixed(0)}% of the CPUs; waiting up to ${QUIET_WAIT / 1000} s for quiet`);
    if (Date.now() > until) {
      log(`  still ${(share * 100).toFixed(0)}% busy with other processes; measuring anyway (see the "other load" column)`);
      return;
    }
  }
}

// ---------------------------------------------------------------- systems

interface Row {
  n: number;
  system: string;
  latency?: Stats;
  byUrl?: Stats[];
  missing?: number;
  responseP50?: number;
  memory?: string;
  serverCpu?: string;
  clientCpu?: number;
  otherLoad?: number;
  error?: string;
  profile?: string;
}

interface World {
  pid: string;
  producerToken: string;
  crewToken: string;
}

/** First-run setup, one production and one crew member (whose token every stream reuses), like test/support/world.ts. */
async function makeWorld(base: string): Promise<World> {
  const setup = await postJson<{ token: string }>(`${base}/api/setup`, { setupToken: SETUP_TOKEN, email: 'producer@bench.test', name: 'Bench Producer', password: PASSWORD }, 201);
  const producer = { authorization: `Bearer ${setup.token}` };
  const { production } = await postJson<{ production: { id: string } }>(`${base}/api/productions`, { name: 'Fan-out Bench', timezone: 'UTC' }, 201, producer);
  const { invitation } = await postJson<{ invitation: { code: string } }>(
    `${base}/api/productions/${production.id}/members`,
    { email: 'grip@bench.test', name: 'Bench Grip', roles: ['crew'] },
    201,
    producer,
  );
  const accepted = await postJson<{ token: string }>(`${base}/api/invitations/${invitation.code}/accept`, { name: 'Bench Grip', password: PASSWORD, pin: '4321' }, 201);
  return { pid: production.id, producerToken: setup.token, crewToken: accepted.token };
}

function raiser(base: string, world: World): () => Promise<Trigger> {
  const url = `${base}/api/productions/${world.pid}/stops`;
  const headers = { authorization: `Bearer ${world.producerToken}` };
  return async () => {
    const answer = await post(url, { reason: 'Safety line on the crane looks frayed', location: 'Stage 2' }, headers, ROUND_TIMEOUT);
    if (answer.status !== 201) throw new Error(`raising a stop answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const { stop } = JSON.parse(answer.body) as { stop: { id: string } };
    return { t0: answer.t0, key: stop.id, responseMs: answer.ms };
  };
}

function mb(pid: number | undefined, idle: { rss: number }): string {
  const now = memoryOf(pid);
  return `${idle.rss.toFixed(0)}/${now.rss.toFixed(0)}/${now.peak.toFixed(0)}`;
}

/** The main thread's profile of `pid` (CPU.date.time.pid.thread.seq.cpuprofile; tsx's loader thread writes its own). */
function findProfile(dir: string, pid: number | undefined): string | undefined {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const found = files.find((f) => {
    const parts = f.split('.');
    return f.endsWith('.cpuprofile') && parts[3] === String(pid) && parts[4] === '0';
  });
  return found && path.join(dir, found);
}

let payloadBytes = 0;
const DEFAULT_PAYLOAD = 420;

async function runSetbook(n: number): Promise<Row> {
  const dir = tempDir('sqlite');
  const profDir = profileDir(`sqlite-${n}`);
  const server = await startSetbook('setbook', { dataDir: path.join(dir, 'data'), ...(profDir ? { profDir } : {}) });
  let groups: Group[] = [];
  let measured: Measured | undefined;
  let memory = '';
  let connectWindow: { from: bigint; to: bigint } | undefined;
  try {
    const world = await makeWorld(server.url);
    const idle = memoryOf(server.child.pid);
    groups = await startClients({
      kind: 'sse',
      urls: [`${server.url}/api/productions/${world.pid}/live`],
      headers: { authorization: `Bearer ${world.crewToken}` },
      count: n,
      first: 0,
      idPrefix: 'device',
    });
    const connected = await connectAll(groups, n);
    connectWindow = connected.window;
    log(`  setbook: ${n} SSE clients ready in ${connected.ms.toFixed(0)} ms`);
    await sleep(500);
    const raise = raiser(server.url, world);
    measured = await measure(groups, 1, raise, [server.child.pid!]);
    // the payload the floors match: the bytes Setbook writes to each stream per event
    if (measured.sample) payloadBytes = Buffer.byteLength(measured.sample);
    memory = mb(server.child.pid, idle);
  } finally {
    await Promise.all(groups.map((g) => g.close()));
    await server.stop();
    removeDir(dir);
  }
  const profile = profDir && measured ? findProfile(profDir, server.child.pid) : undefined;
  return {
    ...summarize(n, 'Setbook (SQLite, 1 server)', measured!),
    memory,
    ...(profile ? { profile: profileText(profile, measured!.window, connectWindow) } : {}),
  };
}

async function runFloor(n: number, kind: 'ws' | 'sio'): Promise<Row> {
  const server = await startFloor(kind);
  let groups: Group[] = [];
  let measured: Measured | undefined;
  let memory = '';
  const bytes = payloadBytes || DEFAULT_PAYLOAD;
  try {
    const idle = memoryOf(server.child.pid);
    groups = await startClients({ kind, urls: [server.url], count: n, first: 0, idPrefix: kind });
    const connected = await connectAll(groups, n);
    log(`  ${kind}: ${n} clients ready in ${connected.ms.toFixed(0)} ms`);
    await sleep(500);
    const trigger = async (): Promise<Trigger> => {
      const key = nextKey();
      const answer = await post(`${server.url}/trigger`, { key, bytes }, {}, ROUND_TIMEOUT);
      if (answer.status !== 200) throw new Error(`trigger answered ${answer.status}`);
      return { t0: answer.t0, key, responseMs: answer.ms };
    };
    measured = await measure(groups, 1, trigger, [server.child.pid!]);
    memory = mb(server.child.pid, idle);
  } finally {
    await Promise.all(groups.map((g) => g.close()));
    await server.stop();
  }
  const name = kind === 'ws' ? `ws broadcast (floor)` : 'Socket.IO broadcast';
  return { ...summarize(n, `${name}, ${bytes} B`, measured!), memory };
}

async function runPostgres(n: number): Promise<Row> {
  const name = `setbook_bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL.toString(), connectionTimeoutMillis: 5000 });
  await withTimeout(admin.connect(), 10_000, 'PostgreSQL admin connection');
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    pgDatabases.add(name);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL.toString());
  url.pathname = `/${name}`;
  const dir = tempDir('pg');
  const profDir = profileDir(`pg-${n}`);
  const servers: Server[] = [];
  let groups: Group[] = [];
  let measured: Measured | undefined;
  let memory = '';
  let connectWindow: { from: bigint; to: bigint } | undefined;
  try {
    // One data directory: both instances sign the ledger with the same key, as a real deployment would share it.
    const options = { dataDir: path.join(dir, 'data'), databaseUrl: url.toString(), ...(profDir ? { profDir } : {}) };
    servers.push(await startSetbook('setbook A', options));
    servers.push(await startSetbook('setbook B', options));
    const [a, b] = servers as [Server, Server];
    const world = await makeWorld(a.url);
    const idle = servers.map((s) => memoryOf(s.child.pid));
    groups = await startClients({
      kind: 'sse',
      urls: [a.url, b.url].map((u) => `${u}/api/productions/${world.pid}/live`),
      headers: { authorization: `Bearer ${world.crewToken}` },
      count: n,
      first: 0,
      idPrefix: 'device',
    });
    const connected = await connectAll(groups, n);
    connectWindow = connected.window;
    log(`  postgres: ${n} SSE clients (half on each instance) ready in ${connected.ms.toFixed(0)} ms`);
    await sleep(500);
    measured = await measure(groups, 2, raiser(a.url, world), servers.map((s) => s.child.pid!));
    memory = servers.map((s, i) => `${'AB'[i]} ${mb(s.child.pid, idle[i]!)}`).join(', ');
  } finally {
    await Promise.all(groups.map((g) => g.close()));
    await Promise.all(servers.map((s) => s.stop()));
    removeDir(dir);
    await withTimeout(dropDatabase(name), 15_000, `drop ${name}`).catch((error: Error) => log(`  could not drop ${name}: ${error.message}`));
  }
  const profile =
    profDir && measured
      ? servers
          .map((s, i) => {
            const file = findProfile(profDir, s.child.pid);
            return file ? `--- instance ${'AB'[i]}: ${profileText(file, measured!.window, connectWindow)}` : '';
          })
          .join('\n')
      : '';
  return {
    ...summarize(n, 'Setbook (PostgreSQL, 2 servers)', measured!),
    byUrl: measured!.byUrl.map(stats),
    memory,
    ...(profile ? { profile } : {}),
  };
}

function summarize(n: number, system: string, m: Measured): Row {
  return {
    n,
    system,
    latency: stats(m.latencies),
    missing: m.missing,
    responseP50: stats(m.responseMs).p50,
    serverCpu: m.serverCpuPerRound.map((ms) => ms.toFixed(0)).join('+'),
    clientCpu: m.clientCpuPerRound,
    otherLoad: m.otherLoad,
  };
}

// ---------------------------------------------------------------- report

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
}

function report(rows: Row[]): string {
  const f = (x: number | undefined, digits = 1) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));
  const head = ['clients', 'system', 'p50 ms', 'p99 ms', 'max ms', 'lost', 'trigger resp p50 ms', 'srv CPU ms/round', 'cli CPU ms/round', 'other load', 'srv RSS MB idle/loaded/peak'];
  const lines = rows.map((r) =>
    r.error
      ? [String(r.n), r.system, 'FAILED', '', '', '', '', '', '', '', r.error.split('\n')[0]!.slice(0, 120)]
      : [
          String(r.n),
          r.system,
          f(r.latency?.p50),
          f(r.latency?.p99),
          f(r.latency?.max),
          String(r.missing),
          f(r.responseP50),
          r.serverCpu ?? '-',
          f(r.clientCpu, 0),
          r.otherLoad === undefined ? '-' : `${(r.otherLoad * 100).toFixed(0)}%`,
          r.memory ?? '-',
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const out = [pad(head, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map((l) => pad(l, widths))];

  const split = rows.filter((r) => r.byUrl);
  if (split.length) {
    out.push('', 'two instances, by where the client is connected (stop raised through A):');
    for (const r of split) {
      const [a, b] = r.byUrl!;
      out.push(`  ${r.n} clients: on A p50 ${f(a?.p50)} p99 ${f(a?.p99)} max ${f(a?.max)} ms | on B (NOTIFY) p50 ${f(b?.p50)} p99 ${f(b?.p99)} max ${f(b?.max)} ms`);
    }
  }

  out.push('', 'ratios of p99 (target: Setbook / ws <= 2.0 at 2,000 clients; PostgreSQL p99 <= 250 ms at 2,000):');
  for (const n of COUNTS) {
    const at = (prefix: string) => rows.find((r) => r.n === n && r.system.startsWith(prefix) && !r.error)?.latency?.p99;
    const floor = at('ws');
    const ratio = (x: number | undefined) => (x !== undefined && floor ? `${(x / floor).toFixed(2)}x` : '-');
    const sb = at('Setbook (SQLite');
    const pgp99 = at('Setbook (PostgreSQL');
    const verdict = n === 2000 && sb !== undefined && floor ? (sb <= 2 * floor ? ' (meets target)' : ' (MISSES target)') : '';
    const pgVerdict = n === 2000 && pgp99 !== undefined ? (pgp99 <= 250 ? ' (meets target)' : ' (MISSES target)') : '';
    out.push(
      `  ${String(n).padStart(5)} clients: Setbook/ws ${ratio(sb)}${verdict}   Socket.IO/ws ${ratio(at('Socket.IO'))}   PostgreSQL p99 ${f(pgp99)} ms${pgVerdict}`,
    );
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const cpus = os.cpus();
  log(
    `fanout: ${COUNTS.join(', ')} clients x ${ROUNDS} timed rounds (+${WARMUP} warm-up); ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}; ` +
      `node ${process.version}; clients ${CLIENT_PROCS === 0 ? 'in this process' : `in ${CLIENT_PROCS} worker process(es)`}`,
  );
  const rows: Row[] = [];
  const run = async (n: number, system: string, work: () => Promise<Row>) => {
    log(`[${n}] ${system}...`);
    try {
      rows.push(await work());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`  failed: ${message}`);
      rows.push({ n, system, error: message });
    }
  };
  for (const n of COUNTS) {
    if (SYSTEMS.has('setbook')) await run(n, 'Setbook (SQLite, 1 server)', () => runSetbook(n));
    if (SYSTEMS.has('ws')) await run(n, 'ws broadcast (floor)', () => runFloor(n, 'ws'));
    if (SYSTEMS.has('sio')) await run(n, 'Socket.IO broadcast', () => runFloor(n, 'sio'));
    if (SYSTEMS.has('pg')) await run(n, 'Setbook (PostgreSQL, 2 servers)', () => runPostgres(n));
  }
  const cpuModel = cpus[0]?.model ?? 'cpu';
  console.log(
    `\nLive fan-out, loopback, ${cpus.length} x ${cpuModel}, node ${process.version}, ${ROUNDS} timed rounds per row, ` +
      `clients ${CLIENT_PROCS === 0 ? 'in the bench process' : `in ${CLIENT_PROCS} worker process(es)`}.\n` +
      `Latency: trigger request written -> event parsed at each client, over every client and round.\n`,
  );
  console.log(report(rows));
  for (const row of rows.filter((r) => r.profile)) console.log(`\nCPU profile of ${row.system} at ${row.n} clients, timed rounds only:\n${row.profile}`);
}

try {
  await main();
} finally {
  clearTimeout(deadline);
  killAll();
  for (const name of pgDatabases) await withTimeout(dropDatabase(name), 5000, `drop ${name}`).catch(() => undefined);
}
process.exit(0);
