import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { runStatement, type DialectName } from './db.js';
import { nodeKey, type NodeId, type StoredNode } from '../ledger/tree.js';

export interface LedgerHead {
  treeSize: number;
  rootHash: Uint8Array;
  checkpoint: string;
  /** hashes of rootNodes(treeSize), in order */
  frontier: Uint8Array[];
}

const HASH = 32;

function packFrontier(hashes: readonly Uint8Array[]): Uint8Array {
  const packed = new Uint8Array(hashes.length * HASH);
  hashes.forEach((hash, i) => packed.set(hash, i * HASH));
  return packed;
}

function unpackFrontier(packed: Uint8Array): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < packed.length; i += HASH) hashes.push(packed.subarray(i, i + HASH));
  return hashes;
}

interface HeadRow {
  tree_size: number;
  root_hash: Uint8Array;
  checkpoint: string;
  frontier: Uint8Array;
}

function toHead(row: HeadRow): LedgerHead {
  return { treeSize: row.tree_size, rootHash: row.root_hash, checkpoint: row.checkpoint, frontier: unpackFrontier(row.frontier) };
}

/**
 * The per-production append-only log: entries, subtree hashes, and signed
 * checkpoints. The append path (lockHead to writeHead) runs in every
 * recorded write's transaction, so it is fixed SQL text run as prepared
 * statements rather than queries built per call (see #run).
 */
export class LedgerRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async openHead(productionId: string, head: LedgerHead): Promise<void> {
    await this.db
      .insertInto('ledger_heads')
      .values({
        production_id: productionId,
        tree_size: head.treeSize,
        root_hash: head.rootHash,
        checkpoint: head.checkpoint,
        frontier: packFrontier(head.frontier),
      })
      .execute();
  }

  /**
   * The head, locked for the rest of the transaction so appends to one log are
   * serialised (PostgreSQL row lock; SQLite serialises every write transaction).
   */
  async lockHead(productionId: string): Promise<LedgerHead | undefined> {
    const lock = this.dialect === 'postgres' ? ' for update' : '';
    const [row] = await this.#run<HeadRow>(`select tree_size, root_hash, checkpoint, frontier from ledger_heads where production_id = ?${lock}`, [
      productionId,
    ]);
    return row && toHead(row);
  }

  async head(productionId: string): Promise<LedgerHead | undefined> {
    const row = await this.db
      .selectFrom('ledger_heads')
      .select(['tree_size', 'root_hash', 'checkpoint', 'frontier'])
      .where('production_id', '=', productionId)
      .executeTakeFirst();
    return row && toHead(row);
  }

  /** Stored hashes of the given nodes (level 0 read from the entries), keyed by nodeKey. */
  async nodes(productionId: string, ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    const leaves = ids.filter((id) => id.level === 0).map((id) => id.index);
    const inner = ids.filter((id) => id.level > 0);
    if (leaves.length > 0) {
      const rows = await this.db
        .selectFrom('ledger_entries')
        .select(['idx', 'leaf_hash'])
        .where('production_id', '=', productionId)
        .where('idx', 'in', leaves)
        .execute();
      for (const row of rows) found.set(nodeKey({ level: 0, index: row.idx }), row.leaf_hash);
    }
    if (inner.length > 0) {
      const rows = await this.db
        .selectFrom('ledger_nodes')
        .select(['level', 'idx', 'hash'])
        .where('production_id', '=', productionId)
        // A row-value lookup: each node is one primary-key seek (a long OR can fall back to a scan).
        .where(
          sql<boolean>`(level, idx) in (values ${sql.join(inner.map((id) => sql`(cast(${id.level} as integer), cast(${id.index} as integer))`))})`,
        )
        .execute();
      for (const row of rows) found.set(nodeKey({ level: row.level, index: row.idx }), row.hash);
    }
    return found;
  }

  async insertEntry(productionId: string, index: number, leafHash: Uint8Array, entry: string, at: string): Promise<void> {
    await this.#run('insert into ledger_entries (production_id, idx, leaf_hash, entry, created_at) values (?, ?, ?, ?, ?)', [
      productionId,
      index,
      leafHash,
      entry,
      at,
    ]);
  }

  /** In one statement: an append completes a node every other leaf, sometimes several. */
  async insertNodes(productionId: string, nodes: readonly StoredNode[]): Promise<void> {
    if (nodes.length === 0) return;
    await this.#run(
      `insert into ledger_nodes (production_id, level, idx, hash) values ${nodes.map(() => '(?, ?, ?, ?)').join(', ')}`,
      nodes.flatMap((node) => [productionId, node.level, node.index, node.hash]),
    );
  }

  /** Moves the head to a new size with its signed checkpoint. */
  async writeHead(productionId: string, head: LedgerHead): Promise<void> {
    await this.#run('update ledger_heads set tree_size = ?, root_hash = ?, checkpoint = ?, frontier = ? where production_id = ?', [
      head.treeSize,
      head.rootHash,
      head.checkpoint,
      packFrontier(head.frontier),
      productionId,
    ]);
  }

  /** Files a signed checkpoint for exports (see keepsCheckpoint). */
  async keepCheckpoint(productionId: string, treeSize: number, rootHash: Uint8Array, checkpoint: string, at: string): Promise<void> {
    await this.#run('insert into ledger_checkpoints (production_id, tree_size, root_hash, checkpoint, created_at) values (?, ?, ?, ?, ?)', [
      productionId,
      treeSize,
      rootHash,
      checkpoint,
      at,
    ]);
  }

  /** One statement of the append path, run as a prepared statement (see runStatement). */
  #run<Row>(text: string, parameters: unknown[]): Promise<Row[]> {
    return runStatement<Row>(this.db, this.dialect, text, parameters);
  }

  /** Entries [from, to) in index order. */
  entries(productionId: string, from: number, to: number) {
    return this.db
      .selectFrom('ledger_entries')
      .select(['idx', 'leaf_hash', 'entry'])
      .where('production_id', '=', productionId)
      .where('idx', '>=', from)
      .where('idx', '<', to)
      .orderBy('idx')
      .execute();
  }

  /** Signed checkpoints whose sizes are in `sizes`, ascending. */
  checkpoints(productionId: string, sizes: readonly number[]) {
    if (sizes.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('ledger_checkpoints')
      .select(['tree_size', 'checkpoint'])
      .where('production_id', '=', productionId)
      .where('tree_size', 'in', [...sizes])
      .orderBy('tree_size')
      .execute();
  }
}
