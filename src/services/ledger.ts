import type { Repos } from '../store/index.js';
import { canonicalize, utf8 } from '../ledger/canonical.js';
import type { LedgerActor, LedgerEntry } from '../ledger/entry.js';
import { emptyRoot, leafHash, toBase64 } from '../ledger/hash.js';
import { encodeVerifierKey, parseCheckpoint, signCheckpoint, type NoteSigner } from '../ledger/note.js';
import { bundleCheckpointLine, bundleHeaderLine } from '../ledger/bundle.js';
import { appendLeaf, consistencyProof, consistencyProofNodes, inclusionProof, inclusionProofNodes, nodeGetter } from '../ledger/tree.js';
import { nodeSha256 } from './keys.js';
import { ProblemError } from './problem.js';

/** What every recorded write answers with (API.md, "Conventions"). */
export interface Receipt {
  index: number;
  checkpoint: string;
  treeSize: number;
  rootHash: string;
  inclusionProof: string[];
}

export interface NewEntry {
  type: string;
  actor: LedgerActor | null;
  data: Record<string, unknown>;
  /** earlier entries this one answers (a lift names its stop) */
  refs?: number[];
}

/** The checkpoint origin line: one log per production. */
export function logOrigin(productionId: string): string {
  return `setbook/production/${productionId}`;
}

/**
 * Appends to a production's log inside the caller's transaction, so a state
 * change and its entry commit together or not at all. One instance per
 * transaction; it holds the transaction's clock.
 */
export class LedgerWriter {
  constructor(
    private readonly repos: Repos,
    private readonly signer: NoteSigner,
    private readonly now: Date,
  ) {}

  /** Starts an empty log for a new production, with a signed checkpoint of size 0. */
  async open(productionId: string): Promise<void> {
    const root = emptyRoot();
    const checkpoint = signCheckpoint({ origin: logOrigin(productionId), size: 0, rootHash: root }, this.signer);
    await this.repos.ledger.openHead(productionId, { treeSize: 0, rootHash: root, checkpoint, frontier: [] });
  }

  async append(productionId: string, input: NewEntry): Promise<Receipt> {
    const head = await this.repos.ledger.lockHead(productionId);
    if (!head) throw new ProblemError({ status: 404, title: 'Production not found' });
    const index = head.treeSize;
    const at = this.now.toISOString();
    const entry: LedgerEntry = {
      type: input.type,
      productionId,
      at,
      actor: input.actor,
      data: input.data,
      refs: input.refs ?? [],
    };
    const text = canonicalize(entry);
    const leaf = leafHash(utf8(text), nodeSha256);
    // The head carries the old tree's compact range: all the new subtrees, the
    // root and the leaf's inclusion proof come from it.
    const next = appendLeaf(index, head.frontier, leaf, nodeSha256);
    const size = index + 1;
    const checkpoint = signCheckpoint({ origin: logOrigin(productionId), size, rootHash: next.rootHash }, this.signer);
    await this.repos.ledger.insertEntry(productionId, index, leaf, text, at);
    await this.repos.ledger.insertNodes(productionId, next.completed);
    await this.repos.ledger.advanceHead(
      productionId,
      { treeSize: size, rootHash: next.rootHash, checkpoint, frontier: next.frontier },
      at,
      keepsCheckpoint(size),
    );
    return { index, checkpoint, treeSize: size, rootHash: toBase64(next.rootHash), inclusionProof: next.inclusionProof.map(toBase64) };
  }
}

/** Reads of one production's log: the current checkpoint, entries, and proofs. */
export class LedgerReader {
  constructor(
    private readonly repos: Repos,
    private readonly signer: NoteSigner,
  ) {}

  async checkpoint(productionId: string) {
    const head = await this.requireHead(productionId);
    return {
      treeSize: head.treeSize,
      rootHash: toBase64(head.rootHash),
      checkpoint: head.checkpoint,
      publicKey: encodeVerifierKey(this.signer.name, this.signer.publicKey),
    };
  }

  async requireHead(productionId: string) {
    const head = await this.repos.ledger.head(productionId);
    if (!head) throw new ProblemError({ status: 404, title: 'Production not found' });
    return head;
  }

  /** Entries [from, to) in pages, so a million-entry log streams instead of filling memory. */
  async *entries(productionId: string, from: number, to: number, pageSize = 2000) {
    for (let start = from; start < to; start += pageSize) {
      yield* await this.repos.ledger.entries(productionId, start, Math.min(to, start + pageSize));
    }
  }

  async inclusionProof(productionId: string, index: number, treeSize: number) {
    await this.checkRange(productionId, treeSize, [
      ['index', index < treeSize, 'must be less than treeSize'],
    ]);
    const nodes = await this.repos.ledger.nodes(productionId, inclusionProofNodes(index, treeSize));
    return { index, treeSize, proof: inclusionProof(index, treeSize, nodeGetter(nodes)).map(toBase64) };
  }

  async consistencyProof(productionId: string, from: number, to: number) {
    await this.checkRange(productionId, to, [
      ['from', from >= 1, 'must be at least 1 (RFC 9162 2.1.4)'],
      ['from', from <= to, 'must not be more than to'],
    ]);
    const nodes = await this.repos.ledger.nodes(productionId, consistencyProofNodes(from, to));
    return { from, to, proof: consistencyProof(from, to, nodeGetter(nodes)).map(toBase64) };
  }

  private async checkRange(productionId: string, size: number, checks: Array<[string, boolean, string]>) {
    const head = await this.requireHead(productionId);
    const errors = checks.filter(([, ok]) => !ok).map(([path, , message]) => ({ path: `query.${path}`, message }));
    if (size > head.treeSize) errors.push({ path: 'query.treeSize', message: `must not exceed the log size ${head.treeSize}` });
    if (errors.length > 0) {
      throw new ProblemError({
        status: 400,
        title: 'Invalid request',
        detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
        errors,
      });
    }
  }
}

/**
 * Which signed checkpoints are kept beyond the head: every size of the first
 * 1,024 entries, then every 1,024th. Enough to name a rewritten entry in a
 * small log and to localise one in a big log, at one extra row per 1,024 appends.
 */
export const CHECKPOINT_STRIDE = 1024;

export function keepsCheckpoint(size: number): boolean {
  return size <= CHECKPOINT_STRIDE || size % CHECKPOINT_STRIDE === 0;
}

/** The kept checkpoint sizes an export carries (at most about 2,048), the head's own checkpoint added by the exporter. */
export function exportCheckpointSizes(treeSize: number): number[] {
  const kept: number[] = [];
  for (let size = 1; size <= Math.min(treeSize, CHECKPOINT_STRIDE); size++) kept.push(size);
  const multiples: number[] = [];
  for (let size = 2 * CHECKPOINT_STRIDE; size <= treeSize; size += CHECKPOINT_STRIDE) multiples.push(size);
  const step = Math.ceil(multiples.length / CHECKPOINT_STRIDE) || 1;
  for (let i = step - 1; i < multiples.length; i += step) kept.push(multiples[i]!);
  return kept;
}

/**
 * The offline bundle of a production's log (format in src/ledger/bundle.ts), as
 * lines. Rows go out exactly as stored, never re-derived: if someone rewrote the
 * database, the bundle shows it and `setbook verify` names the first bad index.
 */
export async function* exportBundle(repos: Repos, signer: NoteSigner, productionId: string): AsyncGenerator<string> {
  const head = await repos.ledger.head(productionId);
  if (!head) throw new ProblemError({ status: 404, title: 'Production not found' });
  // The head's own signed checkpoint closes the list; its size is what it says, not what the row claims.
  const headSize = parseCheckpoint(head.checkpoint).size;
  const kept = await repos.ledger.checkpoints(productionId, exportCheckpointSizes(head.treeSize));
  const checkpoints = kept.filter((row) => row.tree_size < headSize).map((row) => row.checkpoint);
  checkpoints.push(head.checkpoint);
  yield `${bundleHeaderLine({
    productionId,
    origin: logOrigin(productionId),
    verifierKey: encodeVerifierKey(signer.name, signer.publicKey),
  })}\n`;
  for (const checkpoint of checkpoints) yield `${bundleCheckpointLine(checkpoint)}\n`;
  const reader = new LedgerReader(repos, signer);
  for await (const row of reader.entries(productionId, 0, head.treeSize)) {
    yield `{"entry":${row.entry},"index":${row.idx},"leafHash":"${toBase64(row.leaf_hash)}"}\n`;
  }
}
