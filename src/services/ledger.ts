import type { Repos } from '../store/index.js';
import type { EntryFilter } from '../store/ledger.js';
import { addDays, instantOf } from '../domain/schedule/calendar.js';
import { canonicalize, utf8 } from '../ledger/canonical.js';
import type { LedgerActor, LedgerEntry } from '../ledger/entry.js';
import { emptyRoot, leafHash, toBase64 } from '../ledger/hash.js';
import { encodeVerifierKey, keyHashText, parseCheckpoint, signCheckpoint, type NoteSigner } from '../ledger/note.js';
import { bundleCheckpointLine, bundleHeaderLine } from '../ledger/bundle.js';
import { appendLeaf, consistencyProof, consistencyProofNodes, grownTree, inclusionProof, inclusionProofNodes, nodeGetter } from '../ledger/tree.js';
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

/** One production's log as a transaction leaves it: the head in memory, and the receipts still to complete. */
interface OpenLog {
  /** the log as the transaction found it: its size and compact range */
  start: { treeSize: number; frontier: Uint8Array[] };
  head: { treeSize: number; rootHash: Uint8Array; frontier: Uint8Array[] };
  /** the checkpoint signed at the head's size, when one already was */
  checkpoint: string | null;
  /** the leaves appended since the start, and their receipts */
  leaves: Uint8Array[];
  receipts: Receipt[];
}

/**
 * The ledger appends of one transaction (on the embedded database, of every
 * use case a group commit carries): each production's head is read once and
 * kept in memory, entries and subtree hashes are written as they come, and at
 * the end the head is written once and signed once. Every receipt then names
 * that last checkpoint, with the entry's inclusion proof in it (RFC 9162
 * 2.1.3), which is as good a proof as one at the entry's own size and costs
 * one signature a transaction instead of one an entry. Sizes whose
 * checkpoints are kept for exports (keepsCheckpoint) are still signed each.
 */
export class LedgerBatch {
  private logs = new Map<string, OpenLog>();

  constructor(
    private readonly repos: Repos,
    private readonly signer: NoteSigner,
  ) {}

  /** Starts an empty log for a new production, with a signed checkpoint of size 0. */
  async open(productionId: string): Promise<void> {
    const root = emptyRoot();
    const checkpoint = signCheckpoint({ origin: logOrigin(productionId), size: 0, rootHash: root }, this.signer);
    await this.repos.ledger.openHead(productionId, { treeSize: 0, rootHash: root, checkpoint, frontier: [] });
  }

  async append(productionId: string, input: NewEntry, now: Date): Promise<Receipt> {
    const log = await this.log(productionId);
    const index = log.head.treeSize;
    const at = now.toISOString();
    const entry: LedgerEntry = { type: input.type, productionId, at, actor: input.actor, data: input.data, refs: input.refs ?? [] };
    const text = canonicalize(entry);
    const leaf = leafHash(utf8(text), nodeSha256);
    // The head carries the old tree's compact range: the new subtrees, the root and the leaf's proof come from it.
    const next = appendLeaf(index, log.head.frontier, leaf, nodeSha256);
    const size = index + 1;
    await this.repos.ledger.insertEntry(productionId, index, leaf, text, at);
    await this.repos.ledger.insertNodes(productionId, next.completed);
    let checkpoint: string | null = null;
    if (keepsCheckpoint(size)) {
      checkpoint = signCheckpoint({ origin: logOrigin(productionId), size, rootHash: next.rootHash }, this.signer);
      await this.repos.ledger.keepCheckpoint(productionId, size, next.rootHash, checkpoint, at);
    }
    const receipt: Receipt = { index, checkpoint: '', treeSize: size, rootHash: '', inclusionProof: [] };
    this.logs.set(productionId, {
      start: log.start,
      head: { treeSize: size, rootHash: next.rootHash, frontier: next.frontier },
      checkpoint,
      leaves: [...log.leaves, leaf],
      receipts: [...log.receipts, receipt],
    });
    return receipt;
  }

  private async log(productionId: string): Promise<OpenLog> {
    const open = this.logs.get(productionId);
    if (open) return open;
    const head = await this.repos.ledger.lockHead(productionId);
    if (!head) throw new ProblemError({ status: 404, title: 'Production not found' });
    const log: OpenLog = { start: { treeSize: head.treeSize, frontier: head.frontier }, head, checkpoint: head.checkpoint, leaves: [], receipts: [] };
    this.logs.set(productionId, log);
    return log;
  }

  /** Where a use case starts: if it fails, its appends are undone with its savepoint, and here with restore. */
  mark(): ReadonlyMap<string, OpenLog> {
    return new Map(this.logs);
  }

  restore(mark: ReadonlyMap<string, OpenLog>): void {
    this.logs = new Map(mark);
  }

  /** Writes each head, signs it once, and completes every receipt; before the commit. */
  async finish(): Promise<void> {
    for (const [productionId, log] of this.logs) {
      if (log.receipts.length === 0) continue;
      const { head } = log;
      const checkpoint = log.checkpoint ?? signCheckpoint({ origin: logOrigin(productionId), size: head.treeSize, rootHash: head.rootHash }, this.signer);
      await this.repos.ledger.writeHead(productionId, { ...head, checkpoint });
      const rootHash = toBase64(head.rootHash);
      // Every path in the final tree, from the range the transaction started on and its own leaves: nothing is read back.
      const tree = grownTree(log.start.treeSize, log.start.frontier, log.leaves, nodeSha256);
      for (const receipt of log.receipts) {
        const path = inclusionProof(receipt.index, head.treeSize, tree).map(toBase64);
        Object.assign(receipt, { checkpoint, treeSize: head.treeSize, rootHash, inclusionProof: path });
      }
    }
    this.logs.clear();
  }
}

/**
 * A use case's view of the ledger: appends inside its transaction, so a state
 * change and its entry commit together or not at all. Its receipts are
 * complete once the transaction's batch has finished (see LedgerBatch).
 */
export class LedgerWriter {
  constructor(
    private readonly batch: LedgerBatch,
    private readonly now: Date,
  ) {}

  open(productionId: string): Promise<void> {
    return this.batch.open(productionId);
  }

  append(productionId: string, input: NewEntry): Promise<Receipt> {
    return this.batch.append(productionId, input, this.now);
  }
}

/** What a reader asks of the entries (API.md, "Ledger"): a range, filters, an order and a limit. */
export interface EntriesAsked {
  from: number;
  to?: number | undefined;
  /** comma-separated entry types, `*.<ending>` for every type ending so */
  type?: string | undefined;
  person?: string | undefined;
  /** YYYY-MM-DD in the production's zone */
  day?: string | undefined;
  order: 'asc' | 'desc';
  limit?: number | undefined;
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
      // What call sheets print, so `setbook verify`'s first line can be compared with paper.
      keyHash: keyHashText(this.signer.name, this.signer.publicKey),
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

  /**
   * Entries [from, to) that pass a reader's filters, newest or oldest first, with how many pass in all:
   * the ledger page asks for one screenful of a log of any size and still says how many match.
   */
  async select(productionId: string, asked: EntriesAsked) {
    const head = await this.requireHead(productionId);
    const from = Math.min(asked.from, head.treeSize);
    const to = Math.max(from, Math.min(asked.to ?? head.treeSize, head.treeSize));
    const filter = await this.filterOf(productionId, asked);
    const matched = filter ? await this.repos.ledger.countMatching(productionId, from, to, filter) : to - from;
    const limit = Math.min(asked.limit ?? matched, matched);
    return { from, to, treeSize: head.treeSize, matched, rows: this.matching(productionId, from, to, filter ?? {}, asked.order, limit) };
  }

  /** Everyone the log can name, removed members too: an investigator still needs the name of whoever held a firearm. */
  async people(productionId: string) {
    await this.requireHead(productionId);
    const rows = await this.repos.ledger.people(productionId);
    return { people: rows.map((row) => ({ userId: row.user_id, name: row.name, member: row.removed_at === null })) };
  }

  private async filterOf(productionId: string, asked: EntriesAsked): Promise<EntryFilter | null> {
    if (asked.type === undefined && asked.person === undefined && asked.day === undefined) return null;
    const filter: EntryFilter = {};
    if (asked.type !== undefined) filter.types = [...new Set(asked.type.split(','))];
    if (asked.person !== undefined) filter.person = asked.person;
    if (asked.day !== undefined) {
      // A day on set runs midnight to midnight where the production is, whatever the reader's zone.
      const zone = (await this.repos.productions.byId(productionId))?.timezone ?? 'UTC';
      filter.since = instantOf(asked.day, '00:00', zone).toISOString();
      filter.until = instantOf(addDays(asked.day, 1), '00:00', zone).toISOString();
    }
    return filter;
  }

  /** In pages, as `entries` does, each page starting where the last one stopped. */
  private async *matching(productionId: string, from: number, to: number, filter: EntryFilter, order: 'asc' | 'desc', limit: number, pageSize = 2000) {
    let [low, high, left] = [from, to, limit];
    while (left > 0 && low < high) {
      const asking = Math.min(pageSize, left);
      const page = await this.repos.ledger.matching(productionId, low, high, filter, order, asking);
      yield* page;
      if (page.length < asking) return;
      left -= page.length;
      const last = page.at(-1)!.idx;
      if (order === 'asc') low = last + 1;
      else high = last;
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
