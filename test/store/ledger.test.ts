import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sqliteStatements } from '../../src/store/db.js';
import { throwawayStore } from '../support/harness.js';
import { inTransaction, reader, type ServiceDeps } from '../../src/services/context.js';
import { loadOrCreateSigner } from '../../src/services/keys.js';
import { blobsIn } from '../../src/services/blobs.js';
import { SecretHasher } from '../../src/services/secrets.js';
import { LedgerReader, type Receipt } from '../../src/services/ledger.js';
import { fromBase64, leafHash, nodeHash, emptyRoot, toBase64 } from '../../src/ledger/hash.js';
import { utf8 } from '../../src/ledger/canonical.js';
import { nodeGetter, rootNodes, verifyConsistency, verifyInclusion } from '../../src/ledger/tree.js';
import { verifyCheckpoint } from '../../src/ledger/note.js';

/** RFC 9162 2.1.1 MTH, straight from the definition. */
function naiveRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

describe('the ledger store', () => {
  let deps: ServiceDeps;
  let drop: () => Promise<void>;
  const pid = 'prod-ledger-test';
  const receipts: Receipt[] = [];

  beforeAll(async () => {
    const made = await throwawayStore();
    drop = made.drop;
    deps = {
      store: made.store,
      hasher: new SecretHasher(10),
      signer: loadOrCreateSigner(made.dataDir),
      clock: () => new Date('2026-11-22T14:00:00Z'),
      setupToken: 'unused',
      blobs: blobsIn(made.dataDir),
    };
    await inTransaction(deps, async (tx) => {
      await tx.repos.users.insert({ id: 'u1', email: 'a@example.test', name: 'A', password_hash: null, pin_hash: null, created_at: '2026-11-22T00:00:00Z' });
      await tx.repos.productions.insert({ id: pid, name: 'P', timezone: 'UTC', set_code: 'ABCDEFGHJK', created_by: 'u1', created_at: '2026-11-22T00:00:00Z' });
      await tx.ledger.open(pid);
    });
    for (let i = 0; i < 70; i++) {
      receipts.push(await inTransaction(deps, (tx) => tx.ledger.append(pid, { type: 'test.entry', actor: { userId: 'u1' }, data: { i } })));
    }
  });
  afterAll(() => drop());

  it('keeps the root equal to the RFC 9162 hash of every stored entry', async () => {
    const rows = await reader(deps).ledger.entries(pid, 0, 1000);
    expect(rows.map((r) => r.idx)).toEqual([...Array(70).keys()]);
    const leaves = rows.map((row) => leafHash(utf8(row.entry)));
    rows.forEach((row, i) => expect(toBase64(row.leaf_hash)).toBe(toBase64(leaves[i]!)));
    const head = await reader(deps).ledger.head(pid);
    expect(toBase64(head!.rootHash)).toBe(toBase64(naiveRoot(leaves)));
    expect(receipts.at(-1)!.rootHash).toBe(toBase64(naiveRoot(leaves)));
  });

  it('gives every append a receipt whose proof verifies against its signed checkpoint', async () => {
    const rows = await reader(deps).ledger.entries(pid, 0, 70);
    const log = new LedgerReader(reader(deps), deps.signer);
    for (const receipt of receipts) {
      const checkpoint = verifyCheckpoint(receipt.checkpoint, deps.signer);
      expect(checkpoint.size).toBe(receipt.index + 1);
      expect(toBase64(checkpoint.rootHash)).toBe(receipt.rootHash);
      const proof = receipt.inclusionProof.map(fromBase64);
      expect(() => verifyInclusion(rows[receipt.index]!.leaf_hash, receipt.index, checkpoint.size, proof, checkpoint.rootHash)).not.toThrow();
      expect(receipt.inclusionProof).toEqual((await log.inclusionProof(pid, receipt.index, checkpoint.size)).proof);
    }
  });

  it('keeps in the head the compact range of the whole log, which the next append starts from', async () => {
    const head = (await reader(deps).ledger.head(pid))!;
    const nodes = await reader(deps).ledger.nodes(pid, rootNodes(head.treeSize));
    expect(head.frontier.map(toBase64)).toEqual(rootNodes(head.treeSize).map((id) => toBase64(nodeGetter(nodes)(id))));
    expect(head.frontier).toHaveLength(3); // 70 = 64 + 4 + 2
  });

  it('serves inclusion and consistency proofs that verify for every size', async () => {
    const log = new LedgerReader(reader(deps), deps.signer);
    const rows = await reader(deps).ledger.entries(pid, 0, 70);
    const leaves = rows.map((row) => row.leaf_hash);
    for (const size of [1, 2, 3, 7, 8, 9, 31, 32, 33, 64, 70]) {
      const root = naiveRoot(leaves.slice(0, size));
      for (const index of [0, Math.floor(size / 2), size - 1]) {
        const { proof } = await log.inclusionProof(pid, index, size);
        expect(() => verifyInclusion(leaves[index]!, index, size, proof.map(fromBase64), root)).not.toThrow();
      }
      for (const from of [1, Math.max(1, size - 5), size]) {
        const { proof } = await log.consistencyProof(pid, from, size);
        const oldRoot = naiveRoot(leaves.slice(0, from));
        expect(() => verifyConsistency(from, size, proof.map(fromBase64), oldRoot, root)).not.toThrow();
      }
    }
  });

  it('refuses proofs for sizes the log has not reached', async () => {
    const log = new LedgerReader(reader(deps), deps.signer);
    await expect(log.inclusionProof(pid, 3, 71)).rejects.toMatchObject({ problem: { status: 400 } });
    await expect(log.consistencyProof(pid, 0, 5)).rejects.toMatchObject({ problem: { status: 400 } });
  });

  it('is append-only in the database engine itself', async () => {
    const db = deps.store.db;
    await expect(sql`UPDATE ledger_entries SET entry = '{}' WHERE idx = 3`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ledger_entries WHERE idx = 3`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE ledger_nodes SET hash = hash WHERE level = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ledger_checkpoints`.execute(db)).rejects.toThrow(/append-only/);
    expect((await reader(deps).ledger.entries(pid, 0, 1000)).length).toBe(70);
  });

  it('appends that arrive together are serialised into one consistent log', async () => {
    const other = 'prod-ledger-together';
    await inTransaction(deps, async (tx) => {
      await tx.repos.productions.insert({ id: other, name: 'Q', timezone: 'UTC', set_code: 'BCDEFGHJKM', created_by: 'u1', created_at: '2026-11-22T00:00:00Z' });
      await tx.ledger.open(other);
    });
    const appends = Array.from({ length: 30 }, (_, i) =>
      inTransaction(deps, async (tx) => {
        const first = await tx.ledger.append(other, { type: 'stop.raised', actor: { userId: 'u1' }, data: { i } });
        await tx.repos.ledger.head(other);
        const second = await tx.ledger.append(other, { type: 'stop.lifted', actor: { userId: 'u1' }, data: { i }, refs: [first.index] });
        return [first, second];
      }),
    );
    const receipts = (await Promise.all(appends)).flat();
    expect(receipts.map((r) => r.index).sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
    const rows = await reader(deps).ledger.entries(other, 0, 60);
    const leaves = rows.map((row) => leafHash(utf8(row.entry)));
    const last = receipts.find((r) => r.index === 59)!;
    expect(last.rootHash).toBe(toBase64(naiveRoot(leaves)));
    for (const receipt of receipts) {
      expect(() => verifyInclusion(leaves[receipt.index]!, receipt.index, receipt.treeSize, receipt.inclusionProof.map(fromBase64), fromBase64(receipt.rootHash))).not.toThrow();
    }
  });

  it('on the embedded database runs the append path on the transaction\'s own connection', async () => {
    const direct = await deps.store.db.transaction().execute(async (trx) => sqliteStatements(trx));
    expect(direct !== undefined).toBe(deps.store.dialect === 'sqlite');
    expect(sqliteStatements(deps.store.db)).toBeUndefined();
  });

  it('writes the state change and its entry together or not at all', async () => {
    const before = (await reader(deps).ledger.head(pid))!.treeSize;
    await expect(
      inTransaction(deps, async (tx) => {
        await tx.repos.schedule.insertScene(pid, { id: 's1', number: '1', description: 'd', hazards: [], aimedAtPerson: false, intExt: null, timeOfDay: null, locationId: null, eighths: null, castIds: [] }, 'now');
        await tx.ledger.append(pid, { type: 'scene.created', actor: null, data: {} });
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect((await reader(deps).ledger.head(pid))!.treeSize).toBe(before);
    expect(await reader(deps).schedule.scenes(pid)).toEqual([]);
  });
});
