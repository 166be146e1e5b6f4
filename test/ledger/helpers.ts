import { expect } from 'vitest';
import { utf8 } from '../../src/ledger/canonical.js';
import { LedgerError, type LedgerErrorCode } from '../../src/ledger/errors.js';
import { emptyRoot, leafHash, nodeHash } from '../../src/ledger/hash.js';
import { nodeGetter, nodeKey, type NodeGetter, type NodeId } from '../../src/ledger/tree.js';

/** The ledger's node table in memory: what the store keeps, one row per complete subtree. */
export class MemoryStore {
  readonly nodes = new Map<string, Uint8Array>();
  readonly leaves: Uint8Array[] = [];

  append(hash: Uint8Array): void {
    const index = this.leaves.length;
    this.nodes.set(nodeKey({ level: 0, index }), hash);
    this.leaves.push(hash);
    // Each subtree the leaf completes hashes its two halves (RFC 9162 section 2.1.1).
    for (let level = 1, width = 2; (index + 1) % width === 0; level++, width *= 2) {
      const at = (index + 1) / width - 1;
      const left = this.nodes.get(nodeKey({ level: level - 1, index: 2 * at }))!;
      const right = this.nodes.get(nodeKey({ level: level - 1, index: 2 * at + 1 }))!;
      this.nodes.set(nodeKey({ level, index: at }), nodeHash(left, right));
    }
  }

  /** A getter that records which nodes it was asked for, to check the xNodes functions. */
  recorder(): { get: NodeGetter; asked: NodeId[] } {
    const asked: NodeId[] = [];
    const get = nodeGetter(this.nodes);
    return { asked, get: (id) => (asked.push(id), get(id)) };
  }
}

export function storeOf(count: number, name = 'leaf'): MemoryStore {
  const store = new MemoryStore();
  for (let i = 0; i < count; i++) store.append(leafHash(utf8(`${name} ${i}`)));
  return store;
}

// RFC 9162 section 2.1 written out as plainly as the RFC states it, over leaf hashes.
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function referenceRoot(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return leaves[0]!;
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

export function referencePath(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...referencePath(m, leaves.slice(0, k)), referenceRoot(leaves.slice(k))]
    : [...referencePath(m - k, leaves.slice(k)), referenceRoot(leaves.slice(0, k))];
}

export function referenceConsistency(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (m === 0) return [];
  return subproof(m, leaves, true);
}

function subproof(m: number, leaves: Uint8Array[], complete: boolean): Uint8Array[] {
  if (m === leaves.length) return complete ? [] : [referenceRoot(leaves)];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), complete), referenceRoot(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), referenceRoot(leaves.slice(0, k))];
}

export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[Math.floor(bit / 8) % copy.length]! ^= 1 << bit % 8;
  return copy;
}

/** Runs f and returns the LedgerError it throws; fails the test if it does not throw one. */
export function ledgerError(f: () => unknown): LedgerError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    return error as LedgerError;
  }
  throw new Error('expected a LedgerError, nothing was thrown');
}

export function expectCode(f: () => unknown, code: LedgerErrorCode): void {
  expect(ledgerError(f).code).toBe(code);
}
