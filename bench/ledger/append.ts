/**
 * Durable append throughput: Setbook's ledger append (through the store, and
 * recorded writes through the HTTP API at 1, 16 and 64 concurrent clients)
 * against raw better-sqlite3 inserts of the same bytes at the same durability
 * (WAL, synchronous=FULL, one transaction per write), all in the same run on
 * the same disk. The HTTP clients run in a process of their own over real
 * keep-alive connections. Target (DESIGN.md): ratio >= 0.5 at 16 clients.
 *
 *   npx tsx bench/ledger/append.ts [count, default 5000] [clients, default 1,16,64]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { inTransaction, type ServiceDeps } from '../../src/services/context.js';
import { loadOrCreateSigner } from '../../src/services/keys.js';
import { blobsIn } from '../../src/services/blobs.js';
import { SecretHasher } from '../../src/services/secrets.js';
import { buildApp } from '../../src/server/app.js';
import { canonicalize } from '../../src/ledger/canonical.js';

const COUNT = Number(process.argv[2] ?? 5000);
const CLIENTS = (process.argv[3] ?? '1,16,64').split(',').map(Number);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-bench-append-'));

const sampleEntry = (i: number) => ({
  type: 'firearm.handOff',
  productionId: 'bench',
  at: new Date().toISOString(),
  actor: { userId: 'armorer-1' },
  data: { firearmId: 'f-1', toUserId: 'performer-1', sceneId: 's-27', seq: i },
  refs: [],
});

function rawInserts(): number {
  const db = new SQLite(path.join(tmp, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE entries (production_id TEXT NOT NULL, idx INTEGER NOT NULL, leaf_hash BLOB NOT NULL, entry TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (production_id, idx))');
  const insert = db.prepare('INSERT INTO entries VALUES (?, ?, ?, ?, ?)');
  const once = db.transaction((i: number) => insert.run('bench', i, Buffer.alloc(32, i % 256), canonicalize(sampleEntry(i)), new Date().toISOString()));
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) once(i);
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return COUNT / seconds;
}

/**
 * The same rows an append writes, raw: the entry, the subtree hashes it
 * completes (one on average), the head with its frontier and checkpoint, in
 * one transaction. The gap to this is Setbook's own cost (Kysely, hashing, signing).
 */
function rawSameRows(): number {
  const db = new SQLite(path.join(tmp, 'raw-rows.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE entries (production_id TEXT NOT NULL, idx INTEGER NOT NULL, leaf_hash BLOB NOT NULL, entry TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (production_id, idx)) WITHOUT ROWID;
           CREATE TABLE nodes (production_id TEXT NOT NULL, level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (production_id, level, idx)) WITHOUT ROWID;
           CREATE TABLE heads (production_id TEXT PRIMARY KEY, tree_size INTEGER NOT NULL, root_hash BLOB NOT NULL, checkpoint TEXT NOT NULL, frontier BLOB NOT NULL);
           INSERT INTO heads VALUES ('bench', 0, zeroblob(32), '', zeroblob(0));`);
  const entry = db.prepare('INSERT INTO entries VALUES (?, ?, ?, ?, ?)');
  const node = db.prepare('INSERT INTO nodes VALUES (?, ?, ?, ?)');
  const head = db.prepare('UPDATE heads SET tree_size = ?, root_hash = ?, checkpoint = ?, frontier = ? WHERE production_id = ?');
  const checkpoint = 'setbook/production/bench\n1234\n' + 'A'.repeat(44) + '\n\n— setbook-00000000 ' + 'B'.repeat(92) + '\n';
  const once = db.transaction((i: number) => {
    entry.run('bench', i, Buffer.alloc(32, i % 256), canonicalize(sampleEntry(i)), new Date().toISOString());
    for (let level = 1, width = 2; (i + 1) % width === 0; level++, width *= 2) node.run('bench', level, (i + 1) / width - 1, Buffer.alloc(32, level));
    head.run(i + 1, Buffer.alloc(32, 1), checkpoint, Buffer.alloc(32 * 10, 2), 'bench');
  });
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) once(i);
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return COUNT / seconds;
}

async function deps(dir: string): Promise<ServiceDeps> {
  return {
    store: await openStore({ dataDir: dir }),
    hasher: new SecretHasher(10),
    signer: loadOrCreateSigner(dir),
    clock: () => new Date(),
    setupToken: 'bench',
    blobs: blobsIn(dir),
  };
}

async function storeAppends(): Promise<number> {
  const d = await deps(path.join(tmp, 'store'));
  await inTransaction(d, async (tx) => {
    await tx.repos.users.insert({ id: 'u', email: 'u@x', name: 'u', password_hash: null, pin_hash: null, created_at: '' });
    await tx.repos.productions.insert({ id: 'bench', name: 'b', timezone: 'UTC', set_code: 'BENCH00000', created_by: 'u', created_at: '' });
    await tx.ledger.open('bench');
  });
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const { data } = sampleEntry(i);
    await inTransaction(d, (tx) => tx.ledger.append('bench', { type: 'firearm.handOff', actor: { userId: 'armorer-1' }, data }));
  }
  const seconds = (performance.now() - start) / 1000;
  await d.store.close();
  return COUNT / seconds;
}

interface HttpRun {
  clients: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** share of one core the server and the client process each used */
  serverCpu: number;
  clientCpu: number;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Recorded writes (a scene and its ledger entry) through the HTTP API, from a separate process holding `clients` connections. */
async function httpAppends(clients: number): Promise<HttpRun> {
  const d = await deps(path.join(tmp, `http-${clients}`));
  const app = await buildApp(d);
  const setup = await app.inject({ method: 'POST', url: '/api/setup', payload: { setupToken: 'bench', email: 'a@b.test', name: 'A', password: 'correct horse battery' } });
  const token = setup.json().token as string;
  const auth = { authorization: `Bearer ${token}` };
  const pid = (await app.inject({ method: 'POST', url: '/api/productions', headers: auth, payload: { name: 'Bench', timezone: 'UTC' } })).json().production.id;
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const worker = fork(fileURLToPath(new URL('./http-writer.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  type Reply = { seconds: number; latencies: number[]; cpuSeconds: number };
  const run = (count: number, tag: string) =>
    new Promise<Reply>((resolve, reject) => {
      worker.once('message', (reply: Reply | { error: string }) => ('error' in reply ? reject(new Error(reply.error)) : resolve(reply)));
      worker.send({ url: `${address}/api/productions/${pid}/scenes`, token, clients, count, tag });
    });
  // A warm-up long enough for the JIT, so each client count is measured warm whatever ran before it.
  await run(2000, 'warm');
  const cpu = process.cpuUsage();
  const { seconds, latencies, cpuSeconds } = await run(COUNT, 'run');
  const used = process.cpuUsage(cpu);
  worker.kill();
  await app.close();
  await d.store.close();
  latencies.sort((a, b) => a - b);
  return {
    clients,
    perSecond: COUNT / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    serverCpu: (used.user + used.system) / 1e6 / seconds,
    clientCpu: cpuSeconds / seconds,
  };
}

const raw = rawInserts();
const rawRows = rawSameRows();
const store = await storeAppends();
const http: HttpRun[] = [];
for (const clients of CLIENTS) http.push(await httpAppends(clients));
const fmt = (n: number) => n.toFixed(0).padStart(7);
console.log(`durable appends, ${COUNT} each, WAL + synchronous=FULL (${os.cpus().length} cores)`);
console.log(`  raw better-sqlite3 insert of the entry row, one transaction each   ${fmt(raw)} /s`);
console.log(`  raw better-sqlite3, the same rows an append writes, one each       ${fmt(rawRows)} /s`);
console.log(`  ledger append through the store, one transaction each              ${fmt(store)} /s   ratio ${(store / raw).toFixed(2)} to the entry row, ${(store / rawRows).toFixed(2)} to the same rows`);
for (const run of http) {
  console.log(
    `  recorded write through HTTP, ${String(run.clients).padStart(2)} client${run.clients === 1 ? ' ' : 's'}                         ${fmt(run.perSecond)} /s   ratio ${(run.perSecond / raw).toFixed(2)} to the entry row (target >= 0.5 at 16), ${(run.perSecond / rawRows).toFixed(2)} to the same rows; p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms; CPU server ${(run.serverCpu * 100).toFixed(0)}%, clients ${(run.clientCpu * 100).toFixed(0)}%`,
  );
}
fs.rmSync(tmp, { recursive: true, force: true });
