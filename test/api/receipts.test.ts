import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT, startApp, type TestApp } from '../support/harness.js';
import { createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { fromBase64, toBase64 } from '../../src/ledger/hash.js';
import { entryLeafHash } from '../../src/ledger/entry.js';
import { parseVerifierKey, verifyCheckpoint } from '../../src/ledger/note.js';
import { verifyInclusion } from '../../src/ledger/tree.js';

interface Receipt {
  index: number;
  checkpoint: string;
  treeSize: number;
  rootHash: string;
  inclusionProof: string[];
}

/**
 * Writes that arrive together are committed together (one signature on the
 * embedded database): every receipt still proves its own entry in a signed
 * checkpoint, whichever tree size that checkpoint names.
 */
describe(`receipts of writes committed together, on ${DIALECT}`, () => {
  let t: TestApp;
  let producer: Person;
  let pid: string;

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    pid = (await createProduction(t, producer)).id;
  });
  afterAll(() => t.close());

  it('gives each of 24 simultaneous writes a receipt whose proof and signature verify', async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        t.call('POST', `/api/productions/${pid}/scenes`, { token: producer.token, body: { number: `${100 + i}`, description: `Insert ${i}`, hazards: [] } }),
      ),
    );
    const receipts = answers.map((answer) => {
      expect(answer.statusCode, answer.body).toBe(201);
      return answer.json().receipt as Receipt;
    });
    const head = (await t.call('GET', `/api/productions/${pid}/ledger/checkpoint`, { token: producer.token })).json();
    const key = parseVerifierKey(head.publicKey);
    const { entries } = (await t.call('GET', `/api/productions/${pid}/ledger/entries?from=0&to=${head.treeSize}`, { token: producer.token })).json();
    expect(new Set(receipts.map((r) => r.index)).size).toBe(24);
    for (const receipt of receipts) {
      const signed = verifyCheckpoint(receipt.checkpoint, key);
      expect(signed.size).toBe(receipt.treeSize);
      expect(toBase64(signed.rootHash)).toBe(receipt.rootHash);
      expect(receipt.index).toBeLessThan(receipt.treeSize);
      const leaf = entryLeafHash(entries[receipt.index].entry);
      expect(() => verifyInclusion(leaf, receipt.index, receipt.treeSize, receipt.inclusionProof.map(fromBase64), signed.rootHash)).not.toThrow();
    }
    // On the embedded database they shared commits, so some receipts name a later size than their own entry's.
    if (DIALECT === 'sqlite') expect(receipts.some((r) => r.treeSize > r.index + 1)).toBe(true);
  });
});
