/**
 * A 1,000,000-entry log: inclusion proof latency through the store (target
 * p99 <= 5 ms) and offline `setbook verify` of its export (target <= 15 s).
 *
 * The fixture is written straight into the SQLite schema in bulk (computing
 * leaves, subtree hashes and signed checkpoints with the writer's own code),
 * because a million fsynced appends would take an hour; what is measured is
 * the real read path and the real verifier.
 *
 *   npx tsx bench/ledger/million.ts [entries]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import { openStore, repositories } from '../../src/store/index.js';
import { loadOrCreateSigner, nodeSha256 } from '../../src/services/keys.js';
import { exportBundle, exportCheckpointSizes, LedgerReader, logOrigin } from '../../src/services/ledger.js';
import { canonicalize, utf8 } from '../../src/ledger/canonical.js';
import { leafHash } from '../../src/ledger/hash.js';
import { signCheckpoint } from '../../src/ledger/note.js';
import { appendLeaf } from '../../src/ledger/tree.js';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-bench-million-'));
const pid = 'bench-production';
const signer = loadOrCreateSigner(dir);

// Create the schema through the real migrations, then bulk-load with a raw connection.
await (await openStore({ dataDir: dir })).close();
const db = new SQLite(path.join(dir, 'setbook.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
db.exec(`INSERT INTO users VALUES ('u', 'u@example.test', 'U', NULL, NULL, '2026-11-22T00:00:00Z');
         INSERT INTO productions VALUES ('${pid}', 'Bench', 'UTC', 'BENCH00000', 'u', '2026-11-22T00:00:00Z');`);
const insertEntry = db.prepare('INSERT INTO ledger_entries VALUES (?, ?, ?, ?, ?)');
const insertNode = db.prepare('INSERT INTO ledger_nodes VALUES (?, ?, ?, ?)');
const insertCheckpoint = db.prepare('INSERT INTO ledger_checkpoints VALUES (?, ?, ?, ?, ?)');

const buildStart = performance.now();
const checkpointSizes = new Set(exportCheckpointSizes(N));
// The frontier: hashes of the current tree's root nodes, all that appends need.
let frontier: Uint8Array[] = [];
let head: { size: number; root: Uint8Array; checkpoint: string } = { size: 0, root: new Uint8Array(32), checkpoint: '' };
const load = db.transaction((from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const entry = {
      type: i % 3 === 0 ? 'firearm.inspect' : i % 3 === 1 ? 'firearm.handOff' : 'firearm.return',
      productionId: pid,
      at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
      actor: { userId: 'armorer-1' },
      data: { firearmId: `f-${i % 40}`, sceneId: `s-${i % 120}`, toUserId: 'performer-7', load: 'dummy', rounds: [{ lotId: 'lot-3', count: 6 }] },
      refs: [],
    };
    const text = canonicalize(entry);
    const leaf = leafHash(utf8(text), nodeSha256);
    insertEntry.run(pid, i, leaf, text, entry.at);
    const next = appendLeaf(i, frontier, leaf, nodeSha256);
    for (const node of next.completed) insertNode.run(pid, node.level, node.index, node.hash);
    frontier = next.frontier;
    const size = i + 1;
    if (checkpointSizes.has(size) || size === N) {
      const checkpoint = signCheckpoint({ origin: logOrigin(pid), size, rootHash: next.rootHash }, signer);
      if (checkpointSizes.has(size)) insertCheckpoint.run(pid, size, next.rootHash, checkpoint, entry.at);
      head = { size, root: next.rootHash, checkpoint };
    }
  }
});
for (let from = 0; from < N; from += 50_000) {
  load(from, Math.min(N, from + 50_000));
  process.stderr.write(`\r  fixture: ${Math.min(N, from + 50_000).toLocaleString('en')} entries`);
}
process.stderr.write('\n');
const frontierBytes = Buffer.concat(frontier);
db.prepare('INSERT INTO ledger_heads VALUES (?, ?, ?, ?, ?)').run(pid, head.size, head.root, head.checkpoint, frontierBytes);
db.close();
const buildSeconds = (performance.now() - buildStart) / 1000;

process.stderr.write(`  fixture built in ${buildSeconds.toFixed(1)} s; timing proofs\n`);
const store = await openStore({ dataDir: dir });
const repos = repositories(store.db, store.dialect);
const reader = new LedgerReader(repos, signer);
const samples: number[] = [];
for (let i = 0; i < 5000; i++) {
  const index = Math.floor(Math.random() * N);
  const start = performance.now();
  await reader.inclusionProof(pid, index, N);
  samples.push(performance.now() - start);
}
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!.toFixed(3);

process.stderr.write('  exporting\n');
const bundle = path.join(dir, 'bundle.ndjson');
const exportStart = performance.now();
await pipeline(Readable.from(exportBundle(repos, signer, pid)), fs.createWriteStream(bundle));
const exportSeconds = (performance.now() - exportStart) / 1000;
await store.close();

process.stderr.write('  verifying\n');
const verifyStart = performance.now();
const out = execFileSync(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../src/cli/main.ts'), 'verify', bundle], { encoding: 'utf8' });
const verifySeconds = (performance.now() - verifyStart) / 1000;

console.log(`ledger of ${N.toLocaleString('en')} entries (fixture built in ${buildSeconds.toFixed(1)} s, ${os.cpus().length} cores)`);
console.log(`  inclusion proof through the store, 5,000 random leaves: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${samples.at(-1)!.toFixed(3)} ms (target p99 <= 5 ms)`);
console.log(`  export bundle: ${(fs.statSync(bundle).size / 1e6).toFixed(0)} MB in ${exportSeconds.toFixed(1)} s`);
console.log(`  setbook verify (whole process): ${verifySeconds.toFixed(1)} s (target <= 15 s)`);
console.log(out.trim().split('\n').map((line) => `    ${line}`).join('\n'));
// SETBOOK_BENCH_KEEP=<file> keeps the bundle, to profile the verifier on it.
if (process.env.SETBOOK_BENCH_KEEP) fs.copyFileSync(bundle, process.env.SETBOOK_BENCH_KEEP);
fs.rmSync(dir, { recursive: true, force: true });
