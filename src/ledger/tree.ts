/**
 * Merkle tree math of RFC 9162 section 2.1 over stored subtree hashes.
 *
 * The store keeps the hash of every complete, aligned subtree: NodeId
 * {level, index} covers leaves [index * 2^level, (index + 1) * 2^level), and
 * level 0 is the leaf hash itself. Each computation comes in two steps so the
 * store can fetch what it needs in one query: `xNodes(...)` lists exactly the
 * nodes that `x(..., getNode)` will read, then `x` computes with a getter over
 * those rows (see nodeGetter).
 *
 * Sizes and indices are plain numbers checked to be safe integers; the code
 * uses arithmetic, not bitwise operators, which would truncate past 2^31.
 * Verification functions return nothing and throw LedgerError.
 */
import { LedgerError } from './errors.js';
import { HASH_SIZE, bytesEqual, emptyRoot, nobleSha256, nodeHash, type Sha256 } from './hash.js';

export interface NodeId {
  level: number;
  index: number;
}

export type StoredNode = NodeId & { hash: Uint8Array };

/** Returns the stored hash of a node; called only with ids the matching xNodes function listed. */
export type NodeGetter = (id: NodeId) => Uint8Array;

/** A map key for a node: "level:index". */
export function nodeKey(id: NodeId): string {
  return `${id.level}:${id.index}`;
}

/** A getter over rows fetched into a map keyed by nodeKey; a missing row throws MISSING_NODE. */
export function nodeGetter(nodes: ReadonlyMap<string, Uint8Array>): NodeGetter {
  return (id) => {
    const hash = nodes.get(nodeKey(id));
    if (!hash) throw new LedgerError('MISSING_NODE', `node ${nodeKey(id)} is not in the store`);
    return hash;
  };
}

/** The level >= 1 nodes that become complete when leaf `leafIndex` is appended, lowest first. */
export function nodesCompletedBy(leafIndex: number): NodeId[] {
  checkIndex(leafIndex, Number.MAX_SAFE_INTEGER);
  const nodes: NodeId[] = [];
  const size = leafIndex + 1;
  for (let level = 1, width = 2; size % width === 0; level++, width *= 2) {
    nodes.push({ level, index: size / width - 1 });
  }
  return nodes;
}

/** What appending one leaf stores and answers with (see appendLeaf). */
export interface Appended {
  /** nodesCompletedBy(leaf index) with their hashes, lowest first: the rows to store. */
  completed: StoredNode[];
  /** The hashes of rootNodes(size + 1): the next append's input. */
  frontier: Uint8Array[];
  /** MTH of the size + 1 leaves. */
  rootHash: Uint8Array;
  /** PATH(size, D[0:size + 1]), the sibling nearest the leaf first. */
  inclusionProof: Uint8Array[];
}

/**
 * Appends leaf number `size` to the tree whose compact range is `frontier`
 * (the hashes of rootNodes(size), left to right), reading nothing else. The
 * leaf merges with the trailing subtrees it completes; being the last leaf,
 * its path (RFC 9162 section 2.1.3.1) is those siblings, then the rest of the
 * compact range from the right, each a complete left subtree. Throws BAD_INDEX,
 * or MISSING_NODE when the frontier does not fit the size.
 */
export function appendLeaf(size: number, frontier: readonly Uint8Array[], leafHash: Uint8Array, hash: Sha256 = nobleSha256): Appended {
  const ids = nodesCompletedBy(size);
  if (frontier.length !== compactRangeLength(size) || frontier.some((node) => node.length !== HASH_SIZE)) {
    throw new LedgerError('MISSING_NODE', `the frontier of a tree of ${size} is not ${compactRangeLength(size)} hashes of ${HASH_SIZE} bytes`);
  }
  const kept = frontier.slice(0, frontier.length - ids.length);
  const siblings = frontier.slice(kept.length).reverse();
  let top = leafHash;
  const completed = ids.map((id, i) => {
    top = nodeHash(siblings[i]!, top, hash);
    return { ...id, hash: top };
  });
  let root = top;
  for (let i = kept.length - 1; i >= 0; i--) root = nodeHash(kept[i]!, root, hash);
  return { completed, frontier: [...kept, top], rootHash: root, inclusionProof: [...siblings, ...[...kept].reverse()] };
}

/**
 * The subtrees of a tree that grew from the compact range of its first
 * `start` leaves (`frontier`, the hashes of rootNodes(start)) by the leaves
 * `later`, without a store. Any inclusion proof (RFC 9162 section 2.1.3) of
 * one of the later leaves reads only such subtrees: a left sibling wholly
 * before `start` is maximal there, so it is one of the frontier's; every other
 * is made of frontier subtrees and later leaves. Asking for a subtree wholly
 * before `start` that is not in the frontier is MISSING_NODE. Memoized, so a
 * writer proves every entry of a transaction at once for the cost of the
 * subtrees the proofs share.
 */
export function grownTree(start: number, frontier: readonly Uint8Array[], later: readonly Uint8Array[], hash: Sha256 = nobleSha256): NodeGetter {
  const known = new Map(rootNodes(start).map((id, i) => [nodeKey(id), frontier[i]!]));
  if (known.size !== frontier.length) throw new LedgerError('MISSING_NODE', `the frontier of a tree of ${start} is not ${known.size} hashes`);
  const get: NodeGetter = (id) => {
    const key = nodeKey(id);
    const found = known.get(key);
    if (found) return found;
    const first = id.index * 2 ** id.level;
    if (first + 2 ** id.level <= start) throw new LedgerError('MISSING_NODE', `node ${key} lies before the frontier of ${start}`);
    let made: Uint8Array | undefined;
    if (id.level === 0) made = later[first - start];
    else made = nodeHash(get({ level: id.level - 1, index: 2 * id.index }), get({ level: id.level - 1, index: 2 * id.index + 1 }), hash);
    if (!made) throw new LedgerError('MISSING_NODE', `node ${key} lies beyond the ${start + later.length} leaves`);
    known.set(key, made);
    return made;
  };
  return get;
}

/**
 * The maximal complete aligned subtrees that make up leaves [start, end), left
 * to right. The range must be a subtree of the RFC 9162 tree of some size:
 * start is a multiple of the smallest power of two >= end - start (true of
 * [0, size) and of every range a proof uses). Then the pieces shrink from left
 * to right, which is exactly how MTH splits (section 2.1.1), so folding them
 * from the right gives MTH(D[start:end]).
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  checkIndex(start, Number.MAX_SAFE_INTEGER);
  checkIndex(end, Number.MAX_SAFE_INTEGER);
  if (end < start) throw new LedgerError('BAD_INDEX', `range [${start}, ${end}) ends before it starts`);
  if (start % ceilPowerOfTwo(end - start) !== 0) {
    throw new LedgerError('BAD_INDEX', `range [${start}, ${end}) is not a subtree of any Merkle tree`);
  }
  const nodes: NodeId[] = [];
  for (let at = start; at < end; ) {
    let level = 0;
    let width = 1;
    while (width * 2 <= end - at) {
      level++;
      width *= 2;
    }
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}

/** MTH(D[start:end]) (RFC 9162 section 2.1.1) from the nodes of rangeNodes(start, end). */
export function rangeHash(start: number, end: number, getNode: NodeGetter): Uint8Array {
  const hashes = rangeNodes(start, end).map((id) => stored(getNode, id));
  let hash = hashes.pop();
  if (!hash) return emptyRoot();
  for (let i = hashes.length - 1; i >= 0; i--) hash = nodeHash(hashes[i]!, hash);
  return hash;
}

/** The nodes whose fold is the root of the tree of `size` leaves: its compact range. */
export function rootNodes(size: number): NodeId[] {
  return rangeNodes(0, size);
}

/** MTH(D[0:size]); the empty tree's root is SHA-256 of nothing. */
export function rootHash(size: number, getNode: NodeGetter): Uint8Array {
  return rangeHash(0, size, getNode);
}

/** The nodes inclusionProof(index, size) reads. */
export function inclusionProofNodes(index: number, size: number): NodeId[] {
  return inclusionRanges(index, size).flatMap(([start, end]) => rangeNodes(start, end));
}

/** PATH(index, D[0:size]) of RFC 9162 section 2.1.3.1, the sibling nearest the leaf first. */
export function inclusionProof(index: number, size: number, getNode: NodeGetter): Uint8Array[] {
  return inclusionRanges(index, size).map(([start, end]) => rangeHash(start, end, getNode));
}

/** The nodes consistencyProof(oldSize, newSize) reads. */
export function consistencyProofNodes(oldSize: number, newSize: number): NodeId[] {
  return consistencyRanges(oldSize, newSize).flatMap(([start, end]) => rangeNodes(start, end));
}

/**
 * PROOF(oldSize, D[0:newSize]) of RFC 9162 section 2.1.4.1. The RFC defines it
 * for 0 < m < n; like transparency-dev/merkle, the proof is empty when m = 0
 * (every tree extends the empty one) or m = n.
 */
export function consistencyProof(oldSize: number, newSize: number, getNode: NodeGetter): Uint8Array[] {
  return consistencyRanges(oldSize, newSize).map(([start, end]) => rangeHash(start, end, getNode));
}

/**
 * Checks that `proof` proves leaf `index` is in the tree of `size` leaves with
 * root `root`, by RFC 9162 section 2.1.3.2. Throws BAD_INDEX, BAD_PROOF (wrong
 * length or hash size) or ROOT_MISMATCH.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkIndex(size, Number.MAX_SAFE_INTEGER);
  checkIndex(index, size - 1);
  checkHashes([leafHash, root, ...proof]);
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new LedgerError('BAD_PROOF', `inclusion proof is longer than a tree of ${size} needs`);
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new LedgerError('BAD_PROOF', `inclusion proof is shorter than a tree of ${size} needs`);
  if (!bytesEqual(r, root)) {
    throw new LedgerError('ROOT_MISMATCH', `leaf ${index} and its proof give another root`, index);
  }
}

/**
 * Checks that `proof` proves the tree of `oldSize` leaves with root `oldRoot` is
 * a prefix of the tree of `newSize` leaves with root `newRoot`, by RFC 9162
 * section 2.1.4.2. For oldSize = 0 the proof must be empty and oldRoot the empty
 * root; for oldSize = newSize, empty with equal roots. Throws BAD_INDEX,
 * BAD_PROOF or ROOT_MISMATCH.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): void {
  checkIndex(newSize, Number.MAX_SAFE_INTEGER);
  checkIndex(oldSize, newSize);
  checkHashes([oldRoot, newRoot, ...proof]);
  if (oldSize === 0 || oldSize === newSize) {
    if (proof.length !== 0) throw new LedgerError('BAD_PROOF', 'consistency proof must be empty');
    const expected = oldSize === 0 ? emptyRoot() : newRoot;
    if (!bytesEqual(oldRoot, expected)) {
      throw new LedgerError('ROOT_MISMATCH', `old root is not the root of a tree of ${oldSize}`);
    }
    return;
  }
  // Step 1: an empty path proves nothing.
  if (proof.length === 0) throw new LedgerError('BAD_PROOF', 'consistency proof is empty');
  // Step 2: the old tree is then a complete subtree whose hash the proof omits.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new LedgerError('BAD_PROOF', 'consistency proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new LedgerError('BAD_PROOF', 'consistency proof is too short');
  if (!bytesEqual(fr, oldRoot)) throw new LedgerError('ROOT_MISMATCH', `proof does not give the old root of ${oldSize}`);
  if (!bytesEqual(sr, newRoot)) throw new LedgerError('ROOT_MISMATCH', `proof does not give the new root of ${newSize}`);
}

/**
 * Appends leaves and yields the root without a store, in O(log n) memory: it
 * keeps only the hashes of rootNodes(size) (a compact range), so a
 * million-entry export verifies in a stream.
 */
export class TreeBuilder {
  readonly #hash: Sha256;
  readonly #stack: Uint8Array[] = [];
  #size = 0;
  /** 0x01 || left || right, refilled for every node: a million leaves allocate no hash inputs. */
  readonly #input = new Uint8Array(1 + 2 * HASH_SIZE);

  constructor(hash: Sha256 = nobleSha256) {
    this.#hash = hash;
    this.#input[0] = 1;
  }

  get size(): number {
    return this.#size;
  }

  push(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new LedgerError('BAD_PROOF', `a leaf hash must be ${HASH_SIZE} bytes`);
    let hash = leafHash;
    // Each trailing 1 bit of the old size is a complete subtree the new leaf closes.
    for (let s = this.#size; s % 2 === 1; s = (s - 1) / 2) hash = this.#node(this.#stack.pop()!, hash);
    this.#stack.push(hash);
    this.#size++;
  }

  root(): Uint8Array {
    let hash = this.#stack.at(-1);
    if (!hash) return emptyRoot();
    for (let i = this.#stack.length - 2; i >= 0; i--) hash = this.#node(this.#stack[i]!, hash);
    return hash;
  }

  /** nodeHash(left, right) for two HASH_SIZE-byte hashes. */
  #node(left: Uint8Array, right: Uint8Array): Uint8Array {
    this.#input.set(left, 1);
    this.#input.set(right, 1 + HASH_SIZE);
    return this.#hash(this.#input);
  }
}

type Range = readonly [start: number, end: number];

// RFC 9162 section 2.1.3.1, unrolled: walk down from the root and keep the
// sibling of the half holding the leaf; the RFC lists them leaf end first.
function inclusionRanges(index: number, size: number): Range[] {
  checkIndex(size, Number.MAX_SAFE_INTEGER);
  checkIndex(index, size - 1);
  const ranges: Range[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = floorPowerOfTwoBelow(end - start);
    if (index < start + k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
    }
  }
  return ranges.reverse();
}

// RFC 9162 section 2.1.4.1 SUBPROOF(m, D[start:end], b), unrolled the same way.
function consistencyRanges(oldSize: number, newSize: number): Range[] {
  checkIndex(newSize, Number.MAX_SAFE_INTEGER);
  checkIndex(oldSize, newSize);
  const ranges: Range[] = [];
  if (oldSize === 0 || oldSize === newSize) return ranges;
  let start = 0;
  let end = newSize;
  let complete = true; // b: the old tree is still the whole left part, so its hash is known to the verifier
  while (end !== oldSize) {
    const k = floorPowerOfTwoBelow(end - start);
    if (oldSize - start <= k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
      complete = false;
    }
  }
  if (!complete) ranges.push([start, end]);
  return ranges.reverse();
}

function stored(getNode: NodeGetter, id: NodeId): Uint8Array {
  const hash: Uint8Array | undefined = getNode(id);
  if (hash?.length !== HASH_SIZE) throw new LedgerError('MISSING_NODE', `node ${nodeKey(id)} has no ${HASH_SIZE}-byte hash`);
  return hash;
}

function checkIndex(value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new LedgerError('BAD_INDEX', `${value} is not an index in [0, ${max}]`);
  }
}

function checkHashes(hashes: readonly Uint8Array[]): void {
  if (hashes.some((hash) => hash.length !== HASH_SIZE)) {
    throw new LedgerError('BAD_PROOF', `every hash must be ${HASH_SIZE} bytes`);
  }
}

/** The number of nodes in rootNodes(size): one per 1 bit of the size. */
function compactRangeLength(size: number): number {
  let count = 0;
  for (let n = size; n > 0; n = Math.floor(n / 2)) count += n % 2;
  return count;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && ceilPowerOfTwo(n) === n;
}

/** The largest power of two strictly below n (n >= 2): the k of RFC 9162 section 2.1.1. */
function floorPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The smallest power of two >= n (1 for n <= 1). */
function ceilPowerOfTwo(n: number): number {
  let k = 1;
  while (k < n) k *= 2;
  return k;
}
