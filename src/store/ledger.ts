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

/** Which entries a reader asks for; every part left out keeps everything. */
export interface EntryFilter {
  /** exact types, and `*.<ending>` for every type ending so */
  types?: readonly string[];
  /** a user id the entry names, as actor or in its data */
  person?: string;
  /** recorded at or after this instant (ISO 8601, as the entries store it) */
  since?: string;
  /** recorded before this instant */
  until?: string;
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

  /** Up to `limit` entries of [from, to) that pass `filter`, from the `order` end of the range. */
  matching(productionId: string, from: number, to: number, filter: EntryFilter, order: 'asc' | 'desc', limit: number) {
    return this.#filtered(productionId, from, to, filter).select(['idx', 'leaf_hash', 'entry']).orderBy('idx', order).limit(limit).execute();
  }

  /** How many entries of [from, to) pass `filter`. */
  async countMatching(productionId: string, from: number, to: number, filter: EntryFilter): Promise<number> {
    const row = await this.#filtered(productionId, from, to, filter)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  #filtered(productionId: string, from: number, to: number, filter: EntryFilter) {
    let query = this.db.selectFrom('ledger_entries').where('production_id', '=', productionId).where('idx', '>=', from).where('idx', '<', to);
    if (filter.types) {
      // Stored entries are RFC 8785 canonical text: keys sorted, so `type` is the last key and the text ends
      // `"type":"<type>"}`. Comparing that ending needs no JSON parsing, and a row that is not canonical
      // (rewritten by hand) simply matches nothing rather than failing the query.
      const endings = filter.types.map((t) => (t.startsWith('*.') ? `${t.slice(1)}"}` : `"type":${JSON.stringify(t)}}`));
      const endsWith = (ending: string) =>
        this.dialect === 'postgres' ? sql<boolean>`right(entry, ${ending.length}) = ${ending}` : sql<boolean>`substr(entry, ${-ending.length}) = ${ending}`;
      query = query.where((eb) => eb.or(endings.map(endsWith)));
    }
    if (filter.person) {
      // A user id is an opaque token: quoted, it occurs in an entry's text only where the entry names that person.
      const needle = JSON.stringify(filter.person);
      query = query.where(this.dialect === 'postgres' ? sql<boolean>`strpos(entry, ${needle}) > 0` : sql<boolean>`instr(entry, ${needle}) > 0`);
    }
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
    return query;
  }

  /** Everyone who is or was a member, by name: the people a production's entries can name. */
  people(productionId: string) {
    return this.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(['members.user_id', 'users.name', 'members.removed_at'])
      .where('members.production_id', '=', productionId)
      .orderBy('users.name')
      .orderBy('members.user_id')
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
