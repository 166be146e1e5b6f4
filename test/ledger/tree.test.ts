import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/ledger/canonical.js';
import { emptyRoot, fromHex, leafHash, nodeHash, toHex } from '../../src/ledger/hash.js';
import {
  TreeBuilder,
  appendLeaf,
  grownTree,
  consistencyProof,
  consistencyProofNodes,
  inclusionProof,
  inclusionProofNodes,
  nodeGetter,
  nodeKey,
  nodesCompletedBy,
  rangeHash,
  rangeNodes,
  rootHash,
  rootNodes,
  verifyConsistency,
  verifyInclusion,
  type NodeGetter,
} from '../../src/ledger/tree.js';
import {
  MemoryStore,
  expectCode,
  flipBit,
  ledgerError,
  referenceConsistency,
  referencePath,
  referenceRoot,
  storeOf,
} from './helpers.js';

// The RFC 6962 test tree published by transparency-dev/merkle, testonly/constants.go
// (LeafInputs, NodeHashes, RootHashes), and its proofs from proof/verify_test.go
// (inclusionProofs, consistencyProofs; there the leaf number is 1-based).
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];
const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION_VECTORS: Array<{ index: number; size: number; proof: string[] }> = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const CONSISTENCY_VECTORS: Array<{ m: number; n: number; proof: string[] }> = [
  { m: 1, n: 1, proof: [] },
  {
    m: 1,
    n: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    m: 6,
    n: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    m: 2,
    n: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    m: 6,
    n: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];
// transparency-dev/merkle proof/verify_test.go: sha256SomeHash, a hash that is in no tree.
const SOME_HASH = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');

function rfc6962Store(): MemoryStore {
  const store = new MemoryStore();
  for (const input of LEAF_INPUTS) store.append(leafHash(fromHex(input)));
  return store;
}

const hex = (hashes: Uint8Array[]) => hashes.map(toHex);
const keys = (ids: Array<{ level: number; index: number }>) => ids.map(nodeKey);

describe('the RFC 6962 test tree (transparency-dev/merkle vectors)', () => {
  const store = rfc6962Store();
  const get = nodeGetter(store.nodes);

  it('stores every complete subtree with its published hash', () => {
    NODE_HASHES.forEach((level, l) =>
      level.forEach((hash, index) => expect(toHex(store.nodes.get(nodeKey({ level: l, index }))!)).toBe(hash)),
    );
    expect(store.nodes.size).toBe(8 + 4 + 2 + 1);
  });

  it('gives the published root at every size from 0 to 8, from the store and from a TreeBuilder', () => {
    const builder = new TreeBuilder();
    expect(toHex(builder.root())).toBe(ROOT_HASHES[0]);
    ROOT_HASHES.forEach((root, size) => {
      expect(toHex(rootHash(size, get))).toBe(root);
      if (size > 0) {
        builder.push(store.leaves[size - 1]!);
        expect(builder.size).toBe(size);
        expect(toHex(builder.root())).toBe(root);
      }
    });
    expect(toHex(emptyRoot())).toBe(ROOT_HASHES[0]);
  });

  it.each(INCLUSION_VECTORS)('gives and verifies the published inclusion proof of leaf $index in $size', ({ index, size, proof }) => {
    expect(hex(inclusionProof(index, size, get))).toEqual(proof);
    verifyInclusion(store.leaves[index]!, index, size, proof.map(fromHex), fromHex(ROOT_HASHES[size]!));
  });

  it.each(CONSISTENCY_VECTORS)('gives and verifies the published consistency proof from $m to $n', ({ m, n, proof }) => {
    expect(hex(consistencyProof(m, n, get))).toEqual(proof);
    verifyConsistency(m, n, proof.map(fromHex), fromHex(ROOT_HASHES[m]!), fromHex(ROOT_HASHES[n]!));
  });

  // The probes of transparency-dev/merkle corruptInclusionProof, each of which must fail.
  it.each(INCLUSION_VECTORS.filter((v) => v.size > 1))('refuses every corruption of the proof of leaf $index in $size', ({ index, size, proof }) => {
    const root = fromHex(ROOT_HASHES[size]!);
    const leaf = store.leaves[index]!;
    const path = proof.map(fromHex);
    const probes: Array<[number, number, Uint8Array, Uint8Array, Uint8Array[]]> = [
      [index - 1, size, root, leaf, path],
      [index + 1, size, root, leaf, path],
      [index ^ 2, size, root, leaf, path],
      [index, size * 2, root, leaf, path],
      [index, Math.floor(size / 2), root, leaf, path],
      [index, size, root, utf8('WrongLeaf'), path],
      [index, size, emptyRoot(), leaf, path],
      [index, size, SOME_HASH, leaf, path],
      [index, size, root, leaf, [...path, new Uint8Array(0)]],
      [index, size, root, leaf, [...path, root]],
      [index, size, root, leaf, [new Uint8Array(0), ...path]],
      [index, size, root, leaf, [root, ...path]],
      [index, size, root, leaf, path.slice(0, -1)],
      [index, size, root, leaf, [path[0]!, SOME_HASH, ...path.slice(1)]],
      ...path.map((_, i): [number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
        index,
        size,
        root,
        leaf,
        path.map((p, j) => (i === j ? flipBit(p, 3) : p)),
      ]),
    ];
    for (const [i, s, r, l, p] of probes) ledgerError(() => verifyInclusion(l, i, s, p, r));
  });

  // The probes of transparency-dev/merkle corruptConsistencyProof, each of which must fail.
  it.each(CONSISTENCY_VECTORS.filter((v) => v.proof.length > 0))('refuses every corruption of the proof from $m to $n', ({ m, n, proof }) => {
    const root1 = fromHex(ROOT_HASHES[m]!);
    const root2 = fromHex(ROOT_HASHES[n]!);
    const path = proof.map(fromHex);
    const probes: Array<[number, number, Uint8Array, Uint8Array, Uint8Array[]]> = [
      [m - 1, n, root1, root2, path],
      [m + 1, n, root1, root2, path],
      [m ^ 2, n, root1, root2, path],
      [m, n * 2, root1, root2, path],
      [m, Math.floor(n / 2), root1, root2, path],
      [m, n, utf8('WrongRoot'), root2, path],
      [m, n, root1, utf8('WrongRoot'), path],
      [m, n, root2, root1, path],
      [m, n, root1, root2, []],
      [m, n, root1, root2, [...path, new Uint8Array(0)]],
      [m, n, root1, root2, [...path, root1]],
      [m, n, root1, root2, [...path, root2]],
      [m, n, root1, root2, [new Uint8Array(0), ...path]],
      [m, n, root1, root2, [root1, ...path]],
      [m, n, root1, root2, [root2, ...path]],
      [m, n, root1, root2, [path[0]!, ...path]],
      [m, n, root1, root2, path.slice(0, -1)],
      ...path.map((_, i): [number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
        m,
        n,
        root1,
        root2,
        path.map((p, j) => (i === j ? flipBit(p, 4) : p)),
      ]),
    ];
    for (const [a, b, r1, r2, p] of probes) ledgerError(() => verifyConsistency(a, b, p, r1, r2));
  });
});

describe('every proof in trees of up to 64 leaves, against a plain RFC 9162 implementation', () => {
  const MAX = 64;
  const store = storeOf(MAX);
  const leaves = store.leaves;

  it('roots: rootHash reads exactly rootNodes and equals MTH', () => {
    for (let size = 0; size <= MAX; size++) {
      const { get, asked } = store.recorder();
      expect(toHex(rootHash(size, get))).toBe(toHex(referenceRoot(leaves.slice(0, size))));
      expect(keys(asked)).toEqual(keys(rootNodes(size)));
    }
  });

  it('inclusion: every (index, size) proof equals PATH, reads exactly inclusionProofNodes, and verifies', () => {
    for (let size = 1; size <= MAX; size++) {
      const root = referenceRoot(leaves.slice(0, size));
      for (let index = 0; index < size; index++) {
        const { get, asked } = store.recorder();
        const proof = inclusionProof(index, size, get);
        expect(hex(proof)).toEqual(hex(referencePath(index, leaves.slice(0, size))));
        expect(keys(asked)).toEqual(keys(inclusionProofNodes(index, size)));
        verifyInclusion(leaves[index]!, index, size, proof, root);
      }
    }
  });

  it('consistency: every (m, n) proof equals PROOF, reads exactly consistencyProofNodes, and verifies', () => {
    for (let n = 0; n <= MAX; n++) {
      const newRoot = referenceRoot(leaves.slice(0, n));
      for (let m = 0; m <= n; m++) {
        const { get, asked } = store.recorder();
        const proof = consistencyProof(m, n, get);
        expect(hex(proof)).toEqual(hex(referenceConsistency(m, leaves.slice(0, n))));
        expect(keys(asked)).toEqual(keys(consistencyProofNodes(m, n)));
        verifyConsistency(m, n, proof, referenceRoot(leaves.slice(0, m)), newRoot);
      }
    }
  });

  it('ranges: every subtree range hashes to MTH of its leaves', () => {
    for (let width = 1; width <= MAX; width *= 2) {
      for (let start = 0; start < MAX; start += width) {
        for (let end = start; end <= Math.min(start + width, MAX); end++) {
          const { get, asked } = store.recorder();
          expect(toHex(rangeHash(start, end, get))).toBe(toHex(referenceRoot(leaves.slice(start, end))));
          expect(keys(asked)).toEqual(keys(rangeNodes(start, end)));
        }
      }
    }
  });

  it('ranges that are no subtree of any tree are refused rather than hashed wrongly', () => {
    for (const [start, end] of [[1, 3], [2, 5], [1, 5], [4, 9], [3, 2]] as const) {
      expectCode(() => rangeNodes(start, end), 'BAD_INDEX');
    }
  });

  it('a TreeBuilder agrees with the store at every size', () => {
    const builder = new TreeBuilder();
    for (let size = 1; size <= MAX; size++) {
      builder.push(leaves[size - 1]!);
      expect(toHex(builder.root())).toBe(toHex(rootHash(size, nodeGetter(store.nodes))));
    }
  });

  it('a TreeBuilder refuses a leaf hash of the wrong size rather than hashing stale bytes', () => {
    const builder = new TreeBuilder();
    builder.push(leaves[0]!);
    expectCode(() => builder.push(leaves[1]!.subarray(1)), 'BAD_PROOF');
    expect(builder.size).toBe(1);
  });
});

describe('appending to the store', () => {
  it('names the subtrees each leaf completes', () => {
    expect(nodesCompletedBy(0)).toEqual([]);
    expect(nodesCompletedBy(1)).toEqual([{ level: 1, index: 0 }]);
    expect(nodesCompletedBy(2)).toEqual([]);
    expect(nodesCompletedBy(3)).toEqual([
      { level: 1, index: 1 },
      { level: 2, index: 0 },
    ]);
    expect(nodesCompletedBy(11)).toEqual([
      { level: 1, index: 5 },
      { level: 2, index: 2 },
    ]);
    expect(nodesCompletedBy(2 ** 40 - 1).map((n) => n.level)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(nodesCompletedBy(2 ** 40 - 1).at(-1)).toEqual({ level: 40, index: 0 });
  });

  it('appendLeaf, from the compact range alone, gives the rows, root, path and next range the store would', () => {
    const store = storeOf(100);
    let frontier: Uint8Array[] = [];
    for (let size = 0; size < 100; size++) {
      const leaf = store.leaves[size]!;
      const next = appendLeaf(size, frontier, leaf);
      const get = nodeGetter(store.nodes);
      expect(next.completed.map(nodeKey)).toEqual(keys(nodesCompletedBy(size)));
      expect(hex(next.completed.map((node) => node.hash))).toEqual(hex(next.completed.map(get)));
      expect(toHex(next.rootHash)).toBe(toHex(referenceRoot(store.leaves.slice(0, size + 1))));
      expect(hex(next.inclusionProof)).toEqual(hex(referencePath(size, store.leaves.slice(0, size + 1))));
      expect(hex(next.frontier)).toEqual(hex(rootNodes(size + 1).map(get)));
      frontier = next.frontier;
    }
  });

  it('grownTree proves every leaf added after a compact range exactly as the full tree does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 1, max: 40 }), (start, added) => {
        const store = storeOf(start + added);
        const get = grownTree(start, rootNodes(start).map(nodeGetter(store.nodes)), store.leaves.slice(start));
        for (let size = start + 1; size <= start + added; size++) {
          for (let index = start; index < size; index++) {
            expect(hex(inclusionProof(index, size, get))).toEqual(hex(referencePath(index, store.leaves.slice(0, size))));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('grownTree refuses a subtree it was never given: before the frontier, or past the last leaf (MISSING_NODE)', () => {
    const store = storeOf(12);
    const get = grownTree(8, rootNodes(8).map(nodeGetter(store.nodes)), store.leaves.slice(8));
    expectCode(() => get({ level: 1, index: 1 }), 'MISSING_NODE');
    expectCode(() => get({ level: 0, index: 12 }), 'MISSING_NODE');
    expectCode(() => grownTree(8, [], []), 'MISSING_NODE');
  });

  it('appendLeaf with node:crypto SHA-256 gives the same hashes as noble', () => {
    const store = storeOf(23);
    const nodeSha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
    const frontier = rootNodes(22).map(nodeGetter(store.nodes));
    const [noble, node] = [appendLeaf(22, frontier, store.leaves[22]!), appendLeaf(22, frontier, store.leaves[22]!, nodeSha256)];
    expect(hex([node.rootHash, ...node.frontier, ...node.inclusionProof])).toEqual(hex([noble.rootHash, ...noble.frontier, ...noble.inclusionProof]));
  });

  it('appendLeaf refuses a frontier that does not fit the size: MISSING_NODE', () => {
    const store = storeOf(7);
    const frontier = rootNodes(6).map(nodeGetter(store.nodes));
    expectCode(() => appendLeaf(6, frontier.slice(1), store.leaves[6]!), 'MISSING_NODE');
    expectCode(() => appendLeaf(7, frontier, store.leaves[6]!), 'MISSING_NODE');
    expectCode(() => appendLeaf(6, [frontier[0]!, frontier[1]!.subarray(1)], store.leaves[6]!), 'MISSING_NODE');
    expectCode(() => appendLeaf(-1, [], store.leaves[6]!), 'BAD_INDEX');
  });

  it('a missing row is MISSING_NODE, not a wrong hash', () => {
    const store = storeOf(7);
    store.nodes.delete(nodeKey({ level: 1, index: 2 }));
    expectCode(() => rootHash(7, nodeGetter(store.nodes)), 'MISSING_NODE');
    expectCode(() => rootHash(7, () => new Uint8Array(31)), 'MISSING_NODE');
  });
});

describe('sizes beyond 2^32 (no 32-bit bitwise arithmetic)', () => {
  // A consistent tree too big to store: leaf i is the hash of i mod 16, so every
  // complete subtree of 16 or more leaves at a level has the same hash, and any
  // node's hash is computed from its children with memoization.
  const PERIOD = 16;
  const memo = new Map<string, Uint8Array>();
  const virtual: NodeGetter = ({ level, index }) => {
    const first = (index * 2 ** level) % PERIOD;
    const key = level >= 4 ? `${level}` : `${level}:${first}`;
    let hash = memo.get(key);
    if (!hash) {
      hash =
        level === 0
          ? leafHash(utf8(`leaf ${first}`))
          : nodeHash(virtual({ level: level - 1, index: 2 * index }), virtual({ level: level - 1, index: 2 * index + 1 }));
      memo.set(key, hash);
    }
    return hash;
  };
  const virtualRoot = (size: number) => rootHash(size, virtual);

  it('the virtual tree agrees with a real store where both exist', () => {
    const store = new MemoryStore();
    for (let i = 0; i < 100; i++) store.append(virtual({ level: 0, index: i }));
    for (let size = 0; size <= 100; size++) expect(toHex(virtualRoot(size))).toBe(toHex(referenceRoot(store.leaves.slice(0, size))));
  });

  it.each([
    [2 ** 32 + 5, 2 ** 33 + 3],
    [2 ** 40 - 1, 2 ** 40 + 1],
    [123_456_789_012, 2 ** 52 - 3],
    [0, 2 ** 53 - 1],
  ])('leaf %d in a tree of %d', (index, size) => {
    const proof = inclusionProof(index, size, virtual);
    verifyInclusion(virtual({ level: 0, index }), index, size, proof, virtualRoot(size));
    ledgerError(() => verifyInclusion(virtual({ level: 0, index }), index + 1, size, proof, virtualRoot(size)));
  });

  it.each([
    [2 ** 32 + 5, 2 ** 33 + 3],
    [2 ** 40, 2 ** 41 - 1],
    [3, 2 ** 52 + 1],
  ])('consistency from %d to %d', (m, n) => {
    const proof = consistencyProof(m, n, virtual);
    verifyConsistency(m, n, proof, virtualRoot(m), virtualRoot(n));
    ledgerError(() => verifyConsistency(m, n, proof, virtualRoot(m + 1), virtualRoot(n)));
  });

  it('the compact range of 2^53 - 1 leaves is 53 nodes', () => {
    expect(rootNodes(2 ** 53 - 1)).toHaveLength(53);
  });
});

describe('bad arguments', () => {
  const store = storeOf(8);
  const get = nodeGetter(store.nodes);
  const root = rootHash(8, get);

  it('an index outside the tree or a size that is not a count is BAD_INDEX', () => {
    expectCode(() => inclusionProof(8, 8, get), 'BAD_INDEX');
    expectCode(() => inclusionProof(0, 0, get), 'BAD_INDEX');
    expectCode(() => inclusionProof(-1, 8, get), 'BAD_INDEX');
    expectCode(() => inclusionProof(1.5, 8, get), 'BAD_INDEX');
    expectCode(() => rootHash(2 ** 53, get), 'BAD_INDEX');
    expectCode(() => consistencyProof(9, 8, get), 'BAD_INDEX');
    expectCode(() => verifyInclusion(store.leaves[0]!, 8, 8, [], root), 'BAD_INDEX');
    expectCode(() => verifyConsistency(9, 8, [], root, root), 'BAD_INDEX');
    expectCode(() => nodesCompletedBy(-1), 'BAD_INDEX');
  });

  it('the trivial consistency cases need an empty proof and the right roots', () => {
    verifyConsistency(0, 8, [], emptyRoot(), root);
    verifyConsistency(8, 8, [], root, root);
    verifyConsistency(0, 0, [], emptyRoot(), emptyRoot());
    expectCode(() => verifyConsistency(0, 8, [root], emptyRoot(), root), 'BAD_PROOF');
    expectCode(() => verifyConsistency(0, 8, [], root, root), 'ROOT_MISMATCH');
    expectCode(() => verifyConsistency(8, 8, [root], root, root), 'BAD_PROOF');
    expectCode(() => verifyConsistency(8, 8, [], root, emptyRoot()), 'ROOT_MISMATCH');
    expectCode(() => verifyConsistency(4, 8, [], rootHash(4, get), root), 'BAD_PROOF');
  });

  it('a hash of the wrong size is BAD_PROOF', () => {
    const proof = inclusionProof(3, 8, get);
    expectCode(() => verifyInclusion(store.leaves[3]!, 3, 8, [...proof.slice(0, 2), proof[2]!.slice(1)], root), 'BAD_PROOF');
    expectCode(() => verifyInclusion(store.leaves[3]!.slice(1), 3, 8, proof, root), 'BAD_PROOF');
    expectCode(() => verifyInclusion(store.leaves[3]!, 3, 8, proof, root.slice(1)), 'BAD_PROOF');
  });

  it('a proof for the right leaf with the wrong root is ROOT_MISMATCH and names the leaf', () => {
    const error = ledgerError(() => verifyInclusion(store.leaves[3]!, 3, 8, inclusionProof(3, 8, get), emptyRoot()));
    expect(error.code).toBe('ROOT_MISMATCH');
    expect(error.index).toBe(3);
  });
});

describe('tampering (property)', () => {
  const store = storeOf(300, 'prop');
  const get = nodeGetter(store.nodes);
  const rootOf = (size: number) => rootHash(size, get);

  const inclusionCase = fc
    .integer({ min: 1, max: 300 })
    .chain((size) => fc.record({ size: fc.constant(size), index: fc.nat({ max: size - 1 }), bit: fc.nat({ max: 255 }) }));

  it('a flipped bit in any proof element fails inclusion', () => {
    fc.assert(
      fc.property(inclusionCase, fc.nat(), ({ size, index, bit }, pick) => {
        const proof = inclusionProof(index, size, get);
        fc.pre(proof.length > 0);
        const at = pick % proof.length;
        const bad = proof.map((p, i) => (i === at ? flipBit(p, bit) : p));
        ledgerError(() => verifyInclusion(store.leaves[index]!, index, size, bad, rootOf(size)));
      }),
    );
  });

  it('a flipped bit in the leaf, the root or the index fails inclusion', () => {
    fc.assert(
      fc.property(inclusionCase, fc.nat({ max: 9 }), ({ size, index, bit }, indexBit) => {
        const proof = inclusionProof(index, size, get);
        const leaf = store.leaves[index]!;
        const root = rootOf(size);
        ledgerError(() => verifyInclusion(flipBit(leaf, bit), index, size, proof, root));
        ledgerError(() => verifyInclusion(leaf, index, size, proof, flipBit(root, bit)));
        const otherIndex = index % 2 ** (indexBit + 1) >= 2 ** indexBit ? index - 2 ** indexBit : index + 2 ** indexBit;
        ledgerError(() => verifyInclusion(leaf, otherIndex, size, proof, root));
      }),
    );
  });

  it('a flipped bit in any proof element or either root fails consistency', () => {
    const consistencyCase = fc
      .integer({ min: 2, max: 300 })
      .chain((n) => fc.record({ n: fc.constant(n), m: fc.integer({ min: 1, max: n - 1 }), bit: fc.nat({ max: 255 }) }));
    fc.assert(
      fc.property(consistencyCase, fc.nat(), ({ m, n, bit }, pick) => {
        const proof = consistencyProof(m, n, get);
        const oldRoot = rootOf(m);
        const newRoot = rootOf(n);
        const at = pick % proof.length;
        ledgerError(() => verifyConsistency(m, n, proof.map((p, i) => (i === at ? flipBit(p, bit) : p)), oldRoot, newRoot));
        ledgerError(() => verifyConsistency(m, n, proof, flipBit(oldRoot, bit), newRoot));
        ledgerError(() => verifyConsistency(m, n, proof, oldRoot, flipBit(newRoot, bit)));
      }),
    );
  });

  it('a TreeBuilder gives the stored root for any number of leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (size) => {
        const builder = new TreeBuilder();
        for (const leaf of store.leaves.slice(0, size)) builder.push(leaf);
        expect(toHex(builder.root())).toBe(toHex(rootOf(size)));
      }),
      { numRuns: 50 },
    );
  });
});

it('leaf and node hashes are RFC 6962 domain-separated SHA-256', () => {
  expect(toHex(leafHash(new Uint8Array(0)))).toBe(NODE_HASHES[0]![0]);
  const [a, b] = [leafHash(fromHex('')), leafHash(fromHex('00'))];
  expect(toHex(nodeHash(a, b))).toBe(NODE_HASHES[1]![0]);
});
