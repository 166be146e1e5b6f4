import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { asDatabaseOwner } from '../support/tamper.js';
import { ndjsonLines, verifyBundle } from '../../src/ledger/bundle.js';
import { fromBase64, leafHash, toHex } from '../../src/ledger/hash.js';
import { utf8 } from '../../src/ledger/canonical.js';
import { entryLeafHash } from '../../src/ledger/entry.js';
import { parseVerifierKey, verifyCheckpoint } from '../../src/ledger/note.js';
import { verifyInclusion } from '../../src/ledger/tree.js';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

describe('the ledger over HTTP', () => {
  let t: TestApp;
  let producer: Person;
  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
  });
  afterAll(() => t.close());

  const blob = (bytes: Uint8Array) => (t.deps.store.dialect === 'sqlite' ? `X'${toHex(bytes)}'` : `'\\x${toHex(bytes)}'::bytea`);

  /** A production whose log holds a few scenes: 2 entries at creation plus `scenes`. */
  async function productionWithLog(scenes: number) {
    const production = await createProduction(t, producer, `Log ${Math.random()}`);
    for (let i = 0; i < scenes; i++) {
      const res = await t.call('POST', `/api/productions/${production.id}/scenes`, {
        token: producer.token,
        body: { number: `${i + 1}`, description: `Scene ${i + 1}`, hazards: i % 2 ? ['firearms'] : [] },
      });
      expect(res.statusCode).toBe(201);
    }
    return production.id;
  }

  async function exportAndVerify(pid: string, pinned?: string) {
    const res = await t.call('GET', `/api/productions/${pid}/ledger/export`, { token: producer.token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    return verifyBundle(ndjsonLines([res.body]), pinned ? { pinned } : {});
  }

  it('serves entries that are exactly the hashed objects, and the whole log with from=0&to=treeSize', async () => {
    const pid = await productionWithLog(3);
    const head = (await t.call('GET', `/api/productions/${pid}/ledger/checkpoint`, { token: producer.token })).json();
    expect(head.treeSize).toBe(5);
    const cp = verifyCheckpoint(head.checkpoint, parseVerifierKey(head.publicKey));
    expect(cp.size).toBe(5);
    const { entries } = (await t.call('GET', `/api/productions/${pid}/ledger/entries?from=0&to=5`, { token: producer.token })).json();
    expect(entries.map((e: { index: number }) => e.index)).toEqual([0, 1, 2, 3, 4]);
    expect(entries.map((e: { entry: { type: string } }) => e.entry.type)).toEqual([
      'production.created',
      'member.added',
      'scene.created',
      'scene.created',
      'scene.created',
    ]);
    for (const e of entries) expect(e.leafHash).toBe(Buffer.from(entryLeafHash(e.entry)).toString('base64'));
    const proof = (await t.call('GET', `/api/productions/${pid}/ledger/proofs/inclusion?index=2&treeSize=5`, { token: producer.token })).json();
    expect(() => verifyInclusion(entryLeafHash(entries[2].entry), 2, 5, proof.proof.map(fromBase64), cp.rootHash)).not.toThrow();
    const bad = await t.call('GET', `/api/productions/${pid}/ledger/proofs/inclusion?index=5&treeSize=5`, { token: producer.token });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['query.index']);
  });

  it('exports a bundle that verifies offline, and against a checkpoint pinned on a call sheet', async () => {
    const pid = await productionWithLog(4);
    const pinned = (await t.call('GET', `/api/productions/${pid}/ledger/checkpoint`, { token: producer.token })).json();
    await t.call('POST', `/api/productions/${pid}/scenes`, { token: producer.token, body: { number: '99', description: 'later', hazards: [] } });
    const report = await exportAndVerify(pid, pinned.checkpoint);
    expect(report).toMatchObject({ ok: true, treeSize: 7, pinned: { size: 6 } });
  });

  type Tampering =
    | { kind: 'entry'; index: number }
    | { kind: 'leaf'; index: number }
    | { kind: 'rehashed'; index: number }
    | { kind: 'swap'; index: number }
    | { kind: 'delete'; index: number }
    | { kind: 'insert' };

  const tampering: fc.Arbitrary<Tampering> = fc.oneof(
    fc.record({ kind: fc.constantFrom('entry' as const, 'leaf' as const, 'rehashed' as const, 'swap' as const, 'delete' as const), index: fc.nat({ max: 7 }) }),
    fc.constant({ kind: 'insert' as const }),
  );

  it('detects any single rewrite of a stored entry, hash or order, and names the first bad index', async () => {
    await fc.assert(
      fc.asyncProperty(tampering, async (change) => {
        const pid = await productionWithLog(7); // 9 entries
        expect((await exportAndVerify(pid)).ok).toBe(true);
        const rows = (await t.call('GET', `/api/productions/${pid}/ledger/entries`, { token: producer.token })).json().entries;
        const where = (index: number) => `production_id = ${quote(pid)} AND idx = ${index}`;
        let expectedIndex: number;
        if (change.kind === 'insert') {
          const extra = JSON.stringify({ ...rows[1].entry, at: '2026-11-23T00:00:00.000Z' });
          await asDatabaseOwner(t.deps.store, [
            `INSERT INTO ledger_entries (production_id, idx, leaf_hash, entry, created_at) VALUES (${quote(pid)}, 9, ${blob(leafHash(utf8(extra)))}, ${quote(extra)}, 'x')`,
            `UPDATE ledger_heads SET tree_size = 10 WHERE production_id = ${quote(pid)}`,
          ]);
          expectedIndex = 9;
        } else {
          const i = change.index;
          const forged = JSON.stringify({ ...rows[i].entry, data: { ...rows[i].entry.data, forged: true } });
          const statements: Record<typeof change.kind, string[]> = {
            entry: [`UPDATE ledger_entries SET entry = ${quote(forged)} WHERE ${where(i)}`],
            leaf: [`UPDATE ledger_entries SET leaf_hash = ${blob(leafHash(utf8('x')))} WHERE ${where(i)}`],
            rehashed: [`UPDATE ledger_entries SET entry = ${quote(forged)}, leaf_hash = ${blob(leafHash(utf8(forged)))} WHERE ${where(i)}`],
            swap: [
              `UPDATE ledger_entries SET idx = -1 WHERE ${where(i)}`,
              `UPDATE ledger_entries SET idx = ${i} WHERE ${where(i + 1)}`,
              `UPDATE ledger_entries SET idx = ${i + 1} WHERE ${where(-1)}`,
            ],
            delete: [`DELETE FROM ledger_entries WHERE ${where(i)}`],
          };
          await asDatabaseOwner(t.deps.store, statements[change.kind]);
          expectedIndex = i;
        }
        const report = await exportAndVerify(pid);
        expect(report.ok).toBe(false);
        if (!report.ok) expect(report.firstBadIndex).toBe(expectedIndex);
      }),
      { numRuns: 25 },
    );
  });

  it('never serves a proof that verifies from a rewritten subtree hash', async () => {
    const pid = await productionWithLog(6); // 8 entries: nodes at levels 1..3
    const head = (await t.call('GET', `/api/productions/${pid}/ledger/checkpoint`, { token: producer.token })).json();
    const root = verifyCheckpoint(head.checkpoint, parseVerifierKey(head.publicKey)).rootHash;
    const rows = (await t.call('GET', `/api/productions/${pid}/ledger/entries`, { token: producer.token })).json().entries;
    await asDatabaseOwner(t.deps.store, [
      `UPDATE ledger_nodes SET hash = ${blob(leafHash(utf8('forged')))} WHERE production_id = ${quote(pid)} AND level = 1 AND idx = 1`,
    ]);
    // Leaf 0's proof is [leaf 1, node(1,1), node(2,1)]: the forged node is in it.
    const proof = (await t.call('GET', `/api/productions/${pid}/ledger/proofs/inclusion?index=0&treeSize=8`, { token: producer.token })).json();
    expect(() => verifyInclusion(entryLeafHash(rows[0].entry), 0, 8, proof.proof.map(fromBase64), root)).toThrow();
  });
});
