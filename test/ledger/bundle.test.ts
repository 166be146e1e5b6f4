import { createPrivateKey, createPublicKey, hash as nodeHashFn, sign as nodeSign, verify as nodeVerifyRaw } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bundleCheckpointLine,
  bundleEntryLine,
  bundleHeaderLine,
  bundleLines,
  ndjsonLines,
  verifyBundle,
  type BundleEntry,
  type BundleHeader,
  type BundleReport,
} from '../../src/ledger/bundle.js';
import { canonicalize, utf8 } from '../../src/ledger/canonical.js';
import { entryLeafHash, type LedgerEntry } from '../../src/ledger/entry.js';
import type { LedgerErrorCode } from '../../src/ledger/errors.js';
import { leafHash, toBase64, type Sha256 } from '../../src/ledger/hash.js';
import {
  encodeVerifierKey,
  generateKeyPair,
  keyHashText,
  nobleSigner,
  signCheckpoint,
  type NoteSigner,
  type SignatureVerifier,
} from '../../src/ledger/note.js';
import { TreeBuilder } from '../../src/ledger/tree.js';
import { ledgerError } from './helpers.js';

const PID = 'prod_night_shoot';
const ORIGIN = 'setbook.test/prod_night_shoot';

// node:crypto Ed25519, as the server and the CLI use it: noble's pure-JS
// verify (~400/s) would make the property tests slow.
function nodeSigner(name: string): NoteSigner {
  const { secretKey, publicKey } = generateKeyPair();
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secretKey]),
    format: 'der',
    type: 'pkcs8',
  });
  return { name, publicKey, sign: (message) => new Uint8Array(nodeSign(null, message, key)) };
}
const nodeVerify: SignatureVerifier = (signature, message, publicKey) =>
  nodeVerifyRaw(
    null,
    message,
    createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]), format: 'der', type: 'spki' }),
    signature,
  );
const nodeSha256: Sha256 = (data) => new Uint8Array(nodeHashFn('sha256', data, 'buffer'));
const fast = { verify: nodeVerify };

const signer = nodeSigner('setbook-test');
const header: BundleHeader = { productionId: PID, origin: ORIGIN, verifierKey: encodeVerifierKey(signer.name, signer.publicKey) };

/** The story of a night shoot: hand-offs, stops, concerns; each refers back to the one before. */
function entryAt(i: number, note = `take ${i}`): LedgerEntry {
  const types = ['firearm.handOff', 'stop.raised', 'stop.lifted', 'concern.reported', 'firearm.checkIn'];
  return {
    type: types[i % types.length]!,
    productionId: PID,
    at: new Date(Date.UTC(2026, 10, 22, 20) + i * 60_000).toISOString(),
    actor: i % 4 === 3 ? { anonymous: true } : { userId: `usr_${i % 7}`, roles: ['armorer'] },
    data: { firearmId: `fa_${i % 3}`, note, rounds: i % 2 === 0 ? 6 : 0.5 },
    refs: i > 0 ? [i - 1] : [],
  };
}

interface Log {
  entries: BundleEntry[];
  checkpoints: string[];
  roots: Uint8Array[];
}

/** A log of `size` entries with signed checkpoints at `sizes` (ascending, the last = size). */
function makeLog(size: number, sizes: number[], by: NoteSigner = signer, entry = entryAt): Log {
  const builder = new TreeBuilder();
  const roots = [builder.root()];
  const entries: BundleEntry[] = [];
  for (let index = 0; index < size; index++) {
    const value = entry(index);
    const leafHash = entryLeafHash(value);
    entries.push({ index, leafHash, entry: value });
    builder.push(leafHash);
    roots.push(builder.root());
  }
  const checkpoints = sizes.map((s) => signCheckpoint({ origin: ORIGIN, size: s, rootHash: roots[s]! }, by));
  return { entries, checkpoints, roots };
}

async function linesOf(log: Log, head: BundleHeader = header): Promise<string[]> {
  const lines: string[] = [];
  for await (const chunk of bundleLines(head, log.checkpoints, log.entries)) lines.push(chunk.slice(0, -1));
  return lines;
}

/** The line number of entry `index` in a bundle of `log`. */
const lineOf = (log: Log, index: number) => 1 + log.checkpoints.length + index;

function expectFailure(report: BundleReport, code: LedgerErrorCode, firstBadIndex: number | null): void {
  expect(report).toMatchObject({ ok: false, code, firstBadIndex });
}

type Tamper = 'entry' | 'leafHash' | 'both' | 'remove' | 'swap' | 'duplicate' | 'insert' | 'respace' | 'respace-own-hash' | 'none';

/**
 * The bundle of `log` with one change at entry `target`: its entry, its stored
 * hash, or both forged; its line removed, swapped with or preceded by the line
 * of `other`, or preceded by a forged line; its entry re-spaced (no longer
 * canonical) with the stored hash or with the hash of the new text.
 */
async function tampered(log: Log, tamper: Tamper, target: number, other: number): Promise<string[]> {
  const lines = await linesOf(log);
  const at = lineOf(log, target);
  const forged = entryAt(target, 'forged');
  const respaced = JSON.stringify(log.entries[target]!.entry, null, 1).replaceAll('\n', '');
  switch (tamper) {
    case 'entry':
      lines[at] = bundleEntryLine({ ...log.entries[target]!, entry: forged });
      break;
    case 'leafHash':
      lines[at] = bundleEntryLine({ ...log.entries[target]!, leafHash: entryLeafHash(forged) });
      break;
    case 'both':
      lines[at] = bundleEntryLine({ index: target, leafHash: entryLeafHash(forged), entry: forged });
      break;
    case 'remove':
      lines.splice(at, 1);
      break;
    case 'swap':
      [lines[at], lines[lineOf(log, other)]] = [lines[lineOf(log, other)]!, lines[at]!];
      break;
    case 'duplicate':
      lines.splice(at, 0, lines[lineOf(log, other)]!);
      break;
    case 'insert':
      lines.splice(at, 0, bundleEntryLine({ index: target, leafHash: entryLeafHash(forged), entry: forged }));
      break;
    case 'respace':
      lines[at] = `{"entry":${respaced},"index":${target},"leafHash":"${toBase64(log.entries[target]!.leafHash)}"}`;
      break;
    case 'respace-own-hash':
      lines[at] = `{"entry":${respaced},"index":${target},"leafHash":"${toBase64(leafHash(utf8(respaced)))}"}`;
      break;
  }
  return lines;
}

describe('an intact bundle', () => {
  const log = makeLog(20, [5, 12, 20]);

  it('verifies and reports what it verified', async () => {
    const report = await verifyBundle(await linesOf(log));
    expect(report).toEqual({
      ok: true,
      productionId: PID,
      origin: ORIGIN,
      verifierKey: header.verifierKey,
      keyHash: keyHashText(signer.name, signer.publicKey),
      treeSize: 20,
      rootHash: toBase64(log.roots[20]!),
      checkpointsVerified: 3,
    });
  });

  it('is exactly: header, checkpoints, then entries, one canonical JSON object per line', async () => {
    const lines = await linesOf(log);
    expect(lines).toHaveLength(1 + 3 + 20);
    expect(lines[0]).toBe(bundleHeaderLine(header));
    expect(JSON.parse(lines[0]!)).toEqual({ format: 'setbook-ledger/1', ...header });
    expect(lines[1]).toBe(bundleCheckpointLine(log.checkpoints[0]!));
    expect(lines[4]).toBe(`{"entry":${canonicalize(log.entries[0]!.entry)},"index":0,"leafHash":"${toBase64(log.entries[0]!.leafHash)}"}`);
    expect(lines[4]).toBe(bundleEntryLine(log.entries[0]!));
    for (const line of lines) expect(canonicalize(JSON.parse(line))).toBe(line);
  });

  it('verifies from a byte stream cut anywhere, with CRLF line ends, using node:crypto', async () => {
    const text = (await linesOf(log)).join('\r\n') + '\r\n';
    const bytes = new TextEncoder().encode(text);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 97) chunks.push(bytes.subarray(at, at + 97));
    const report = await verifyBundle(ndjsonLines(chunks), { verify: nodeVerify, sha256: nodeSha256 });
    expect(report).toMatchObject({ ok: true, treeSize: 20 });
  });

  it('verifies an empty log with its size-0 checkpoint', async () => {
    expect(await verifyBundle(await linesOf(makeLog(0, [0])), fast)).toMatchObject({ ok: true, treeSize: 0, checkpointsVerified: 1 });
  });

  it('accepts entry text another tool re-serialized, since the entry is the same object', async () => {
    const lines = await linesOf(log);
    const { entry, index, leafHash } = JSON.parse(lines[lineOf(log, 3)]!) as Record<string, unknown>;
    lines[lineOf(log, 3)] = JSON.stringify({ leafHash, index, entry: { ...(entry as object), type: (entry as LedgerEntry).type } }, null, 1).replaceAll('\n', '');
    expect(await verifyBundle(lines, fast)).toMatchObject({ ok: true });
  });

  it('a pinned checkpoint from the call sheet, as a note or as size:root, matches', async () => {
    const lines = await linesOf(log);
    expect(await verifyBundle(lines, { ...fast, pinned: log.checkpoints[1] })).toMatchObject({ ok: true, pinned: { size: 12 } });
    const pin = `9:${toBase64(log.roots[9]!)}`;
    expect(await verifyBundle(lines, { ...fast, pinned: pin })).toMatchObject({ ok: true, pinned: { size: 9 } });
  });
});

describe('a tampered bundle names what it can', () => {
  const log = makeLog(20, [5, 12, 20]);

  it('an entry changed in the bundle: LEAF_MISMATCH at its index', async () => {
    const lines = await linesOf(log);
    lines[lineOf(log, 7)] = lines[lineOf(log, 7)]!.replace('take 7', 'take 8');
    expectFailure(await verifyBundle(lines, fast), 'LEAF_MISMATCH', 7);
  });

  it('a stored leaf hash changed: LEAF_MISMATCH at its index', async () => {
    const lines = await linesOf(log);
    const changed = { ...log.entries[3]!, leafHash: entryLeafHash(entryAt(4)) };
    lines[lineOf(log, 3)] = bundleEntryLine(changed);
    expectFailure(await verifyBundle(lines, fast), 'LEAF_MISMATCH', 3);
  });

  it('an entry and its leaf hash changed together: the checkpoint after it fails, naming where trust ends', async () => {
    const lines = await linesOf(log);
    const forged = entryAt(8, 'the revolver was never loaded');
    lines[lineOf(log, 8)] = bundleEntryLine({ index: 8, leafHash: entryLeafHash(forged), entry: forged });
    const report = await verifyBundle(lines, fast);
    expectFailure(report, 'ROOT_MISMATCH', 5);
    expect(report.ok || report.message).toMatch(/size 12.*at 5 or later/);
  });

  it('a removed entry line: BAD_INDEX at the missing index', async () => {
    const lines = await linesOf(log);
    lines.splice(lineOf(log, 9), 1);
    expectFailure(await verifyBundle(lines, fast), 'BAD_INDEX', 9);
  });

  it('the last entry line removed: TRUNCATED at the missing index', async () => {
    const lines = await linesOf(log);
    lines.pop();
    expectFailure(await verifyBundle(lines, fast), 'TRUNCATED', 19);
  });

  it('two lines swapped: BAD_INDEX at the first', async () => {
    const lines = await linesOf(log);
    const [a, b] = [lines[lineOf(log, 10)]!, lines[lineOf(log, 11)]!];
    lines[lineOf(log, 10)] = b;
    lines[lineOf(log, 11)] = a;
    expectFailure(await verifyBundle(lines, fast), 'BAD_INDEX', 10);
  });

  it('a forged entry inserted with a valid index: BAD_INDEX at that index, which now appears twice', async () => {
    const lines = await linesOf(log);
    const forged = entryAt(6, 'inserted later');
    lines.splice(lineOf(log, 6), 0, bundleEntryLine({ index: 6, leafHash: entryLeafHash(forged), entry: forged }));
    expectFailure(await verifyBundle(lines, fast), 'BAD_INDEX', 6);
  });

  it('an entry appended after the last checkpoint: UNSIGNED_ENTRY', async () => {
    const lines = await linesOf(log);
    const extra = entryAt(20);
    lines.push(bundleEntryLine({ index: 20, leafHash: entryLeafHash(extra), entry: extra }));
    expectFailure(await verifyBundle(lines, fast), 'UNSIGNED_ENTRY', 20);
  });

  it('a checkpoint with a corrupted signature: BAD_SIGNATURE', async () => {
    const lines = await linesOf(log);
    const note = log.checkpoints[1]!;
    const at = note.length - 20; // inside the signature bytes, past the key hash
    lines[2] = bundleCheckpointLine(note.slice(0, at) + (note[at] === 'A' ? 'B' : 'A') + note.slice(at + 1));
    expectFailure(await verifyBundle(lines, fast), 'BAD_SIGNATURE', null);
  });

  it('a checkpoint signed by another key: BAD_SIGNATURE; for another log: BAD_CHECKPOINT', async () => {
    const lines = await linesOf(log);
    lines[3] = bundleCheckpointLine(signCheckpoint({ origin: ORIGIN, size: 20, rootHash: log.roots[20]! }, nodeSigner('setbook-test')));
    expectFailure(await verifyBundle(lines, fast), 'BAD_SIGNATURE', null);
    lines[3] = bundleCheckpointLine(signCheckpoint({ origin: 'other', size: 20, rootHash: log.roots[20]! }, signer));
    expectFailure(await verifyBundle(lines, fast), 'BAD_CHECKPOINT', null);
  });

  it('an entry of another production, or referring forward, even if signed: BAD_ENTRY', async () => {
    const other = makeLog(6, [6], signer, (i) => (i === 4 ? { ...entryAt(i), productionId: 'prod_other' } : entryAt(i)));
    expectFailure(await verifyBundle(await linesOf(other), fast), 'BAD_ENTRY', 4);
    const forward = makeLog(6, [6], signer, (i) => (i === 2 ? { ...entryAt(i), refs: [2] } : entryAt(i)));
    expectFailure(await verifyBundle(await linesOf(forward), fast), 'BAD_ENTRY', 2);
  });

  it('an entry line that is not JSON: BAD_BUNDLE at its index', async () => {
    const lines = await linesOf(log);
    lines[lineOf(log, 4)] = lines[lineOf(log, 4)]!.slice(0, -1);
    expectFailure(await verifyBundle(lines, fast), 'BAD_BUNDLE', 4);
  });
});

describe('the pinned checkpoint catches a rewrite signed with the real key', () => {
  const log = makeLog(20, [5, 12, 20]);
  const rewritten = makeLog(20, [5, 12, 20], signer, (i) => (i === 3 ? entryAt(3, 'rewritten') : entryAt(i)));

  it('the rewritten bundle is self-consistent, so only the pin exposes it', async () => {
    const lines = await linesOf(rewritten);
    expect((await verifyBundle(lines, fast)).ok).toBe(true);
    expectFailure(await verifyBundle(lines, { ...fast, pinned: log.checkpoints[1] }), 'PINNED_MISMATCH', null);
    expectFailure(await verifyBundle(lines, { ...fast, pinned: `5:${toBase64(log.roots[5]!)}` }), 'PINNED_MISMATCH', null);
  });

  it('an entry before the pin is untouched: the pin still matches', async () => {
    expect(await verifyBundle(await linesOf(rewritten), { ...fast, pinned: `3:${toBase64(log.roots[3]!)}` })).toMatchObject({ ok: true });
  });

  it('a bundle shorter than the pin has lost entries', async () => {
    const pin = `25:${toBase64(log.roots[20]!)}`;
    expectFailure(await verifyBundle(await linesOf(log), { ...fast, pinned: pin }), 'PINNED_MISMATCH', 20);
  });

  it('a pin signed by another key is refused; a malformed pin is BAD_CHECKPOINT', async () => {
    const lines = await linesOf(log);
    const foreign = signCheckpoint({ origin: ORIGIN, size: 5, rootHash: log.roots[5]! }, nodeSigner('setbook-test'));
    expectFailure(await verifyBundle(lines, { ...fast, pinned: foreign }), 'PINNED_MISMATCH', null);
    expectFailure(await verifyBundle(lines, { ...fast, pinned: '5:not-a-hash' }), 'BAD_CHECKPOINT', null);
    expectFailure(await verifyBundle(lines, { ...fast, pinned: 'size five' }), 'BAD_CHECKPOINT', null);
  });
});

describe('a trusted key catches a rewrite signed again under the same key name', () => {
  const log = makeLog(20, [5, 12, 20]);
  // Whoever rewrites the log cannot sign with the production's key, so makes a fresh one with the same name.
  const impostor = nodeSigner(signer.name);
  const impostorHeader = { ...header, verifierKey: encodeVerifierKey(impostor.name, impostor.publicKey) };
  const rewritten = makeLog(20, [5, 12, 20], impostor, (i) => (i === 3 ? entryAt(3, 'the revolver was never loaded') : entryAt(i)));
  const trusted = { ...fast, trustedKey: header.verifierKey };

  it('the production’s own bundle is signed by the trusted key, and reports its key hash as the key spells it', async () => {
    const report = await verifyBundle(await linesOf(log), trusted);
    expect(report).toMatchObject({ ok: true, treeSize: 20, keyHash: header.verifierKey.split('+')[1] });
    // As read from a file, with its line end.
    expect(await verifyBundle(await linesOf(log), { ...trusted, trustedKey: `${header.verifierKey}\n` })).toMatchObject({ ok: true });
  });

  it('the re-signed rewrite is self-consistent, so only the trusted key exposes it: UNTRUSTED_KEY, saying the name matches but the key differs', async () => {
    const lines = await linesOf(rewritten, impostorHeader);
    expect(await verifyBundle(lines, fast)).toMatchObject({ ok: true, treeSize: 20 });
    const report = await verifyBundle(lines, trusted);
    expectFailure(report, 'UNTRUSTED_KEY', null);
    const [impostorHash, trustedHash] = [keyHashText(impostor.name, impostor.publicKey), keyHashText(signer.name, signer.publicKey)];
    expect(report.ok || report.message).toBe(
      `the key name ${signer.name} matches the trusted key but the key itself differs (key hash ${impostorHash}, trusted ${trustedHash}): ` +
        'the log may have been rewritten and signed again',
    );
    // The report still shows the key hash the bundle claims, to hold against the call sheet.
    expect(report.keyHash).toBe(impostorHash);
  });

  it('a bundle whose checkpoints the impostor signed under the real header: BAD_SIGNATURE, trusted key or not', async () => {
    const lines = await linesOf(rewritten);
    expectFailure(await verifyBundle(lines, trusted), 'BAD_SIGNATURE', null);
    expectFailure(await verifyBundle(lines, fast), 'BAD_SIGNATURE', null);
  });

  it('a bundle signed by a key of another name, even the same key bytes: UNTRUSTED_KEY naming both keys', async () => {
    for (const other of [nodeSigner('setbook-elsewhere'), { ...signer, name: 'setbook-renamed' }]) {
      const lines = await linesOf(makeLog(20, [5, 12, 20], other), { ...header, verifierKey: encodeVerifierKey(other.name, other.publicKey) });
      const report = await verifyBundle(lines, trusted);
      expectFailure(report, 'UNTRUSTED_KEY', null);
      expect(report.ok || report.message).toBe(
        `the bundle is signed by ${other.name}+${keyHashText(other.name, other.publicKey)}, ` +
          `not by the trusted key ${signer.name}+${keyHashText(signer.name, signer.publicKey)}`,
      );
    }
  });

  it('a trusted key that is not a verifier key: BAD_KEY, before any signature is believed', async () => {
    const lines = await linesOf(log);
    const mangled = header.verifierKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
    for (const trustedKey of ['', 'setbook-test', mangled]) {
      const report = await verifyBundle(lines, { ...fast, trustedKey });
      expectFailure(report, 'BAD_KEY', null);
      expect(report.ok || report.message).toMatch(/^the trusted key is not a verifier key: /);
    }
  });

  it('an unreadable header reports no key hash', async () => {
    expect(await verifyBundle([], trusted)).toMatchObject({ ok: false, code: 'BAD_BUNDLE', keyHash: null });
    const noKey = [bundleHeaderLine({ ...header, verifierKey: 'nope' }), ...(await linesOf(log)).slice(1)];
    expect(await verifyBundle(noKey, trusted)).toMatchObject({ ok: false, code: 'BAD_KEY', keyHash: null });
  });
});

describe('bundle structure', () => {
  const log = makeLog(6, [2, 6]);

  it('no checkpoint at all: NO_CHECKPOINT', async () => {
    const lines = (await linesOf(log)).filter((line) => !line.startsWith('{"checkpoint"'));
    expectFailure(await verifyBundle(lines, fast), 'NO_CHECKPOINT', null);
    expectFailure(await verifyBundle([bundleHeaderLine(header)], fast), 'NO_CHECKPOINT', null);
  });

  it('a last checkpoint short of the entries: UNSIGNED_ENTRY at the first unsigned one', async () => {
    const lines = (await linesOf(log)).filter((line) => line !== bundleCheckpointLine(log.checkpoints[1]!));
    expectFailure(await verifyBundle(lines, fast), 'UNSIGNED_ENTRY', 2);
  });

  it('checkpoints out of order or after the entries: BAD_BUNDLE', async () => {
    const lines = await linesOf(log);
    expectFailure(await verifyBundle([lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)], fast), 'BAD_BUNDLE', null);
    expectFailure(await verifyBundle([...lines, lines[2]!], fast), 'BAD_BUNDLE', null);
    // In stream order the entries beyond the first checkpoint are met before a late one.
    expectFailure(await verifyBundle([lines[0]!, lines[1]!, ...lines.slice(3), lines[2]!], fast), 'UNSIGNED_ENTRY', 2);
  });

  it('a missing or foreign header: BAD_BUNDLE; a bad key: BAD_KEY', async () => {
    const lines = await linesOf(log);
    expectFailure(await verifyBundle(lines.slice(1), fast), 'BAD_BUNDLE', null);
    expectFailure(await verifyBundle([lines[0]!.replace('setbook-ledger/1', 'setbook-ledger/2'), ...lines.slice(1)], fast), 'BAD_BUNDLE', null);
    expectFailure(await verifyBundle([bundleHeaderLine({ ...header, verifierKey: 'nope' }), ...lines.slice(1)], fast), 'BAD_KEY', null);
    expectFailure(await verifyBundle([], fast), 'BAD_BUNDLE', null);
  });

  it('a line with an unknown field: BAD_BUNDLE', async () => {
    const lines = await linesOf(log);
    const line = JSON.parse(lines[lineOf(log, 1)]!) as object;
    lines[lineOf(log, 1)] = JSON.stringify({ ...line, comment: 'hi' });
    expectFailure(await verifyBundle(lines, fast), 'BAD_BUNDLE', 1);
  });

  it('bytes that are not UTF-8: BAD_BUNDLE', async () => {
    expectFailure(await verifyBundle(ndjsonLines([Uint8Array.of(0x7b, 0xff, 0x7d, 0x0a)]), fast), 'BAD_BUNDLE', null);
  });

  it('the writer enforces the order the verifier needs', async () => {
    const drain = async (checkpoints: string[], entries: BundleEntry[]) => {
      for await (const _ of bundleLines(header, checkpoints, entries));
    };
    const rejects = async (checkpoints: string[], entries: BundleEntry[]) => {
      const error = await drain(checkpoints, entries).then(
        () => null,
        (e: unknown) => e,
      );
      expect(ledgerError(() => { if (error) throw error; }).code).toBe('BAD_BUNDLE');
    };
    await drain(log.checkpoints, log.entries);
    await rejects([], log.entries);
    await rejects([log.checkpoints[1]!, log.checkpoints[0]!], log.entries);
    await rejects([log.checkpoints[0]!], log.entries);
    await rejects(log.checkpoints, log.entries.slice(0, 5));
    await rejects(log.checkpoints, [log.entries[1]!, log.entries[0]!, ...log.entries.slice(2)]);
    await rejects([signCheckpoint({ origin: 'other', size: 6, rootHash: log.roots[6]! }, signer)], log.entries);
  });

  it('noble verifies the same bundle as node:crypto', async () => {
    const noble = nobleSigner('setbook-noble', generateKeyPair().secretKey);
    const small = makeLog(3, [3], noble);
    const head = { ...header, verifierKey: encodeVerifierKey(noble.name, noble.publicKey) };
    expect(await verifyBundle(await linesOf(small, head))).toMatchObject({ ok: true, treeSize: 3 });
  });
});

describe('entry lines as the server writes them are read without parsing, to the same verdict', () => {
  /** A log whose leaves are the hashes of these exact texts, canonical or not, signed at `sizes`. */
  async function linesOfTexts(texts: string[], sizes: number[]): Promise<string[]> {
    const builder = new TreeBuilder();
    const roots = [builder.root()];
    const leaves = texts.map((text) => leafHash(utf8(text)));
    for (const leaf of leaves) {
      builder.push(leaf);
      roots.push(builder.root());
    }
    return [
      bundleHeaderLine(header),
      ...sizes.map((size) => bundleCheckpointLine(signCheckpoint({ origin: ORIGIN, size, rootHash: roots[size]! }, signer))),
      ...texts.map((text, index) => `{"entry":${text},"index":${index},"leafHash":"${toBase64(leaves[index]!)}"}`),
    ];
  }

  /** The same bundle with each entry line's keys in another order, which only the long way reads. */
  function relaid(lines: string[]): string[] {
    return lines.map((line) => {
      if (!line.startsWith('{"entry":')) return line;
      const { index, leafHash } = JSON.parse(line) as { index: number; leafHash: string };
      return `{"index":${index},"leafHash":"${leafHash}","entry":${line.slice('{"entry":'.length, line.lastIndexOf(',"index":'))}}`;
    });
  }

  const texts = Array.from({ length: 8 }, (_, i) => canonicalize(entryAt(i)));

  it.each([
    ['in the order it was built', (entry: LedgerEntry) => JSON.stringify(entry)],
    ['with a space', (entry: LedgerEntry) => canonicalize(entry).replace('"at":', '"at": ')],
    ['with a number written 6.0', (entry: LedgerEntry) => canonicalize(entry).replace('"rounds":6', '"rounds":6.0')],
    ['with a letter escaped', (entry: LedgerEntry) => canonicalize(entry).replace('take', '\\u0074ake')],
    ['with an escaped solidus', (entry: LedgerEntry) => canonicalize({ ...entry, data: { ...entry.data, note: 'a/b' } }).replace('a/b', 'a\\/b')],
  ])('an entry written %s fails at its index, though its leaf hash and every checkpoint were made over that text', async (_name, write) => {
    const lines = await linesOfTexts(texts.map((text, i) => (i === 4 ? write(entryAt(4)) : text)), [2, 8]);
    expectFailure(await verifyBundle(lines, fast), 'LEAF_MISMATCH', 4);
    expect(await verifyBundle(relaid(lines), fast)).toEqual(await verifyBundle(lines, fast));
  });

  it('entries with escapes, any script, fractions and escaped keys verify, whichever way a line is read', async () => {
    const notes = ['line 1\nline 2\t"quoted" \\ back/slash', 'Ωμέγα 😀 \u2028 \u0001', '', '0.1 + 0.2'];
    const log = makeLog(12, [3, 12], signer, (i) => ({
      ...entryAt(i, notes[i % notes.length]!),
      data: { note: notes[i % notes.length]!, rounds: [0.1, 1e21, -5e-324][i % 3]!, ...(i % 5 === 0 ? { '\n': 'escaped key' } : {}) },
    }));
    const lines = await linesOf(log);
    expect(await verifyBundle(lines, fast)).toMatchObject({ ok: true, treeSize: 12 });
    expect(await verifyBundle(relaid(lines), fast)).toEqual(await verifyBundle(lines, fast));
  });

  it('every tampering gets the same report either way (property)', async () => {
    const scenario = fc.record({
      size: fc.integer({ min: 1, max: 24 }),
      target: fc.nat(),
      other: fc.nat(),
      tamper: fc.constantFrom('entry', 'leafHash', 'both', 'remove', 'swap', 'duplicate', 'insert', 'respace', 'respace-own-hash', 'none'),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ size, target: t, other: o, tamper }) => {
        const [target, other] = [t % size, o % size];
        const log = makeLog(size, [...new Set([Math.ceil(size / 2), size])]);
        const lines = await tampered(log, tamper, target, other);
        const report = await verifyBundle(lines, fast);
        expect(report).toEqual(await verifyBundle(relaid(lines), fast));
        const intact = tamper === 'none' || tamper === 'respace' || (tamper === 'swap' && target === other);
        expect(report.ok).toBe(intact);
      }),
      { numRuns: 300 },
    );
  });
});

describe('random logs, random single tampering (property)', () => {
  const scenario = fc
    .integer({ min: 1, max: 40 })
    .chain((size) =>
      fc.record({
        size: fc.constant(size),
        earlier: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 3 }),
        target: fc.nat({ max: size - 1 }),
        other: fc.nat({ max: size - 1 }),
        tamper: fc.constantFrom<Tamper>('entry', 'leafHash', 'both', 'remove', 'swap', 'duplicate', 'none'),
      }),
    );

  it('every tampering fails, naming the right index', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ size, earlier, target, other, tamper }) => {
        const sizes = [...earlier.sort((a, b) => a - b), size];
        const log = makeLog(size, sizes);
        if (tamper === 'swap') fc.pre(other !== target);
        const lines = await tampered(log, tamper, target, other);
        const report = await verifyBundle(lines, fast);
        if (tamper === 'none') {
          expect(report).toMatchObject({ ok: true, treeSize: size, checkpointsVerified: sizes.length });
          return;
        }
        expect(report.ok).toBe(false);
        if (report.ok) return;
        const covered = Math.max(0, ...sizes.filter((s) => s <= target));
        const expected: Record<string, [LedgerErrorCode, number]> = {
          entry: ['LEAF_MISMATCH', target],
          leafHash: ['LEAF_MISMATCH', target],
          both: ['ROOT_MISMATCH', covered],
          remove: target === size - 1 ? ['TRUNCATED', target] : ['BAD_INDEX', target],
          swap: ['BAD_INDEX', Math.min(target, other)],
          duplicate: ['BAD_INDEX', Math.min(target, other)],
        };
        expect([report.code, report.firstBadIndex]).toEqual(expected[tamper]);
      }),
      { numRuns: 150 },
    );
  });
});
