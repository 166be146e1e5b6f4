import { sql, type Kysely, type Selectable } from 'kysely';
import type { DialectName } from './db.js';
import type { Database } from './schema.js';
import type { EntryKind, Fields, VersionContent, Visibility } from '../domain/notebooks/entries.js';

export type NotebookRow = Selectable<Database['notebooks']>;
type EntryRow = Selectable<Database['notebook_entries']>;
type VersionRow = Selectable<Database['notebook_versions']>;
export type AttachmentRow = Selectable<Database['notebook_attachments']>;
export type HandoffRow = Selectable<Database['notebook_handoffs']>;

/** An entry as it stands, its JSON read. */
export interface EntryRecord {
  id: string;
  notebookId: string;
  kind: EntryKind;
  version: number;
  title: string;
  body: string | null;
  fields: Fields;
  tags: string[];
  links: string[];
  visibility: Visibility;
  createdBy: string;
  createdAt: string;
  /** when it was written on the phone, if before createdAt */
  writtenAt: string | null;
  updatedBy: string;
  updatedAt: string;
  removedAt: string | null;
}

/** One kept version, its JSON read. */
export interface VersionRecord extends VersionContent {
  contentHash: string;
}

const toEntry = (row: EntryRow): EntryRecord => ({
  id: row.id,
  notebookId: row.notebook_id,
  kind: row.kind,
  version: row.version,
  title: row.title,
  body: row.body,
  fields: JSON.parse(row.fields) as Fields,
  tags: JSON.parse(row.tags) as string[],
  links: JSON.parse(row.links) as string[],
  visibility: row.visibility,
  createdBy: row.created_by,
  createdAt: row.created_at,
  writtenAt: row.written_at,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
  removedAt: row.removed_at,
});

const toVersion = (row: VersionRow): VersionRecord => ({
  entryId: row.entry_id,
  version: row.version,
  kind: row.kind,
  title: row.title,
  body: row.body,
  fields: JSON.parse(row.fields) as Fields,
  tags: JSON.parse(row.tags) as string[],
  links: JSON.parse(row.links) as string[],
  visibility: row.visibility,
  removed: row.removed === 1,
  authorId: row.author_id,
  at: row.at,
  contentHash: row.content_hash,
});

/** Which entries a listing asks for: never more than the caller may read. */
export interface EntryFilter {
  visibilities: readonly Visibility[];
  kind?: EntryKind | undefined;
  tag?: string | undefined;
  limit: number;
}

/** A department's notebooks, their entries with every version, attachments and handoffs. */
export class NotebookRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async insertNotebook(row: NotebookRow): Promise<void> {
    await this.db.insertInto('notebooks').values(row).execute();
  }

  notebook(productionId: string, id: string): Promise<NotebookRow | undefined> {
    return this.db.selectFrom('notebooks').selectAll().where('production_id', '=', productionId).where('id', '=', id).executeTakeFirst();
  }

  /** Holds the notebook's row until the transaction ends, so two handoffs of it happen one after the other (PostgreSQL; SQLite has one writer). */
  async lockNotebook(id: string): Promise<void> {
    if (this.dialect === 'postgres') await this.db.selectFrom('notebooks').select('id').where('id', '=', id).forUpdate().execute();
  }

  notebooks(productionId: string): Promise<NotebookRow[]> {
    return this.db.selectFrom('notebooks').selectAll().where('production_id', '=', productionId).orderBy('department_key').execute();
  }

  async setHead(id: string, headId: string): Promise<void> {
    await this.db.updateTable('notebooks').set({ head_id: headId }).where('id', '=', id).execute();
  }

  /** The member's department on the production; undefined when they are not on it. */
  async departmentOf(productionId: string, userId: string): Promise<string | null | undefined> {
    const row = await this.db
      .selectFrom('members')
      .select('department')
      .where('production_id', '=', productionId)
      .where('user_id', '=', userId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return row ? row.department : undefined;
  }

  /** The people the head let in, by notebook. */
  async members(notebookIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const found = new Map(notebookIds.map((id) => [id, new Set<string>()]));
    if (notebookIds.length === 0) return found;
    const rows = await this.db.selectFrom('notebook_members').select(['notebook_id', 'user_id']).where('notebook_id', 'in', [...notebookIds]).execute();
    for (const row of rows) found.get(row.notebook_id)!.add(row.user_id);
    return found;
  }

  async setMembers(notebook: { id: string; productionId: string }, userIds: readonly string[], by: string, at: string): Promise<void> {
    await this.db.deleteFrom('notebook_members').where('notebook_id', '=', notebook.id).execute();
    if (userIds.length === 0) return;
    await this.db
      .insertInto('notebook_members')
      .values(userIds.map((userId) => ({ notebook_id: notebook.id, production_id: notebook.productionId, user_id: userId, added_by: by, added_at: at })))
      .execute();
  }

  async removeMember(notebookId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('notebook_members').where('notebook_id', '=', notebookId).where('user_id', '=', userId).execute();
  }

  /** Everyone who headed each notebook before its current head. */
  async formerHeads(notebookIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const found = new Map(notebookIds.map((id) => [id, new Set<string>()]));
    if (notebookIds.length === 0) return found;
    const rows = await this.db.selectFrom('notebook_handoffs').select(['notebook_id', 'from_id']).where('notebook_id', 'in', [...notebookIds]).execute();
    for (const row of rows) found.get(row.notebook_id)!.add(row.from_id);
    return found;
  }

  // ---------------------------------------------------------------- entries

  async insertEntry(productionId: string, entry: EntryRecord): Promise<void> {
    await this.db
      .insertInto('notebook_entries')
      .values({
        id: entry.id,
        production_id: productionId,
        notebook_id: entry.notebookId,
        kind: entry.kind,
        version: entry.version,
        title: entry.title,
        body: entry.body,
        fields: JSON.stringify(entry.fields),
        tags: JSON.stringify(entry.tags),
        links: JSON.stringify(entry.links),
        visibility: entry.visibility,
        created_by: entry.createdBy,
        created_at: entry.createdAt,
        written_at: entry.writtenAt,
        updated_by: entry.updatedBy,
        updated_at: entry.updatedAt,
        removed_at: entry.removedAt,
      })
      .execute();
  }

  /** Moves an entry on from version `from`; false when another edit got there first. */
  async advanceEntry(entry: EntryRecord, from: number): Promise<boolean> {
    const result = await this.db
      .updateTable('notebook_entries')
      .set({
        version: entry.version,
        title: entry.title,
        body: entry.body,
        fields: JSON.stringify(entry.fields),
        tags: JSON.stringify(entry.tags),
        links: JSON.stringify(entry.links),
        visibility: entry.visibility,
        updated_by: entry.updatedBy,
        updated_at: entry.updatedAt,
        removed_at: entry.removedAt,
      })
      .where('id', '=', entry.id)
      .where('version', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async entry(notebookId: string, id: string): Promise<EntryRecord | undefined> {
    const row = await this.db.selectFrom('notebook_entries').selectAll().where('notebook_id', '=', notebookId).where('id', '=', id).executeTakeFirst();
    return row && toEntry(row);
  }

  /** These entries of the notebook (removed ones included), by id. */
  async entriesById(notebookId: string, ids: readonly string[]): Promise<Map<string, EntryRecord>> {
    if (ids.length === 0) return new Map();
    // By the key alone: the notebook's own index would have the engine read the whole notebook to find a few ids.
    const rows = await this.db.selectFrom('notebook_entries').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.filter((row) => row.notebook_id === notebookId).map((row) => [row.id, toEntry(row)]));
  }

  /** The entries as they stand, most recently changed first. */
  async entries(notebookId: string, filter: EntryFilter): Promise<EntryRecord[]> {
    if (filter.visibilities.length === 0) return [];
    let query = this.db
      .selectFrom('notebook_entries as e')
      .selectAll('e')
      .where('e.notebook_id', '=', notebookId)
      .where('e.removed_at', 'is', null)
      .where('e.visibility', 'in', [...filter.visibilities]);
    if (filter.kind) query = query.where('e.kind', '=', filter.kind);
    if (filter.tag) {
      const tag = filter.tag;
      query = query.where(({ exists, selectFrom }) => exists(selectFrom('notebook_tags as t').select('t.tag').whereRef('t.entry_id', '=', 'e.id').where('t.tag', '=', tag)));
    }
    const rows = await query.orderBy('e.updated_at', 'desc').orderBy('e.id').limit(filter.limit).execute();
    return rows.map(toEntry);
  }

  /** Every entry of the notebook as it stands, removed ones included, oldest first: for the package and the export. */
  async allEntries(notebookId: string, kind?: EntryKind): Promise<EntryRecord[]> {
    let query = this.db.selectFrom('notebook_entries').selectAll().where('notebook_id', '=', notebookId);
    if (kind) query = query.where('kind', '=', kind);
    return (await query.orderBy('created_at').orderBy('id').execute()).map(toEntry);
  }

  /**
   * Entries matching a full-text query, best first: FTS5's bm25 on SQLite,
   * ts_rank on PostgreSQL, both weighting the title over the fields over the
   * body; ties go to the newest. Ranked and filtered on the search table
   * alone, so a prefix of two letters matching most of a notebook sorts ids,
   * and only the entries answered are read.
   */
  async search(notebookId: string, query: { fts5: string; tsquery: string }, filter: EntryFilter): Promise<EntryRecord[]> {
    if (filter.visibilities.length === 0) return [];
    const conditions = [sql`s.notebook_id = ${notebookId}`, sql`s.visibility in (${sql.join([...filter.visibilities])})`];
    if (filter.kind) conditions.push(sql`s.kind = ${filter.kind}`);
    if (filter.tag) conditions.push(sql`exists (select 1 from notebook_tags t where t.entry_id = s.entry_id and t.tag = ${filter.tag})`);
    const where = sql.join(conditions, sql` and `);
    const ranked =
      this.dialect === 'sqlite'
        ? sql<{ entry_id: string }>`select s.entry_id from notebook_search_index
            join notebook_search s on s.seq = notebook_search_index.rowid
            where notebook_search_index match ${query.fts5} and ${where}
            order by bm25(notebook_search_index, 8.0, 3.0, 1.0), s.seq desc
            limit ${filter.limit}`
        : sql<{ entry_id: string }>`select s.entry_id from notebook_search s
            where s.document @@ to_tsquery('simple', ${query.tsquery}) and ${where}
            order by ts_rank(s.document, to_tsquery('simple', ${query.tsquery})) desc, s.seq desc
            limit ${filter.limit}`;
    const ids = (await ranked.execute(this.db)).rows.map((row) => row.entry_id);
    const found = await this.entriesById(notebookId, ids);
    return ids.map((id) => found.get(id)!);
  }

  /** How many entries each notebook holds at each visibility, removed ones left out. */
  async counts(notebookIds: readonly string[]): Promise<Map<string, Record<Visibility, number>>> {
    const found = new Map(notebookIds.map((id) => [id, { department: 0, head: 0 }]));
    if (notebookIds.length === 0) return found;
    const rows = await this.db
      .selectFrom('notebook_entries')
      .select(['notebook_id', 'visibility', (eb) => eb.fn.countAll<number>().as('n')])
      .where('notebook_id', 'in', [...notebookIds])
      .where('removed_at', 'is', null)
      .groupBy(['notebook_id', 'visibility'])
      .execute();
    for (const row of rows) found.get(row.notebook_id)![row.visibility] = Number(row.n);
    return found;
  }

  async insertVersion(productionId: string, version: VersionRecord, notebookId: string): Promise<void> {
    await this.db
      .insertInto('notebook_versions')
      .values({
        entry_id: version.entryId,
        version: version.version,
        production_id: productionId,
        notebook_id: notebookId,
        kind: version.kind,
        title: version.title,
        body: version.body,
        fields: JSON.stringify(version.fields),
        tags: JSON.stringify(version.tags),
        links: JSON.stringify(version.links),
        visibility: version.visibility,
        removed: version.removed ? 1 : 0,
        author_id: version.authorId,
        at: version.at,
        content_hash: version.contentHash,
      })
      .execute();
  }

  async versions(entryId: string): Promise<VersionRecord[]> {
    return (await this.db.selectFrom('notebook_versions').selectAll().where('entry_id', '=', entryId).orderBy('version').execute()).map(toVersion);
  }

  async notebookVersions(notebookId: string): Promise<VersionRecord[]> {
    return (await this.db.selectFrom('notebook_versions').selectAll().where('notebook_id', '=', notebookId).orderBy('entry_id').orderBy('version').execute()).map(toVersion);
  }

  /** The words the search reads for an entry as it stands; none once it is removed. */
  async index(entry: Pick<EntryRecord, 'id' | 'notebookId' | 'visibility' | 'kind'>, document: { title: string; fields: string; body: string } | null): Promise<void> {
    if (document === null) {
      await this.db.deleteFrom('notebook_search').where('entry_id', '=', entry.id).execute();
      return;
    }
    const row = { visibility: entry.visibility, kind: entry.kind, ...document };
    await this.db
      .insertInto('notebook_search')
      .values({ entry_id: entry.id, notebook_id: entry.notebookId, ...row })
      .onConflict((oc) => oc.column('entry_id').doUpdateSet(row))
      .execute();
  }

  async setTags(entryId: string, notebookId: string, tags: readonly string[]): Promise<void> {
    await this.db.deleteFrom('notebook_tags').where('entry_id', '=', entryId).execute();
    if (tags.length === 0) return;
    await this.db
      .insertInto('notebook_tags')
      .values(tags.map((tag) => ({ entry_id: entryId, notebook_id: notebookId, tag })))
      .execute();
  }

  // ---------------------------------------------------------------- attachments

  async insertAttachment(row: AttachmentRow): Promise<void> {
    await this.db.insertInto('notebook_attachments').values(row).execute();
  }

  attachment(entryId: string, id: string): Promise<AttachmentRow | undefined> {
    return this.db.selectFrom('notebook_attachments').selectAll().where('entry_id', '=', entryId).where('id', '=', id).executeTakeFirst();
  }

  /** The attachments of these entries, oldest first. */
  async attachments(entryIds: readonly string[]): Promise<AttachmentRow[]> {
    if (entryIds.length === 0) return [];
    return this.db.selectFrom('notebook_attachments').selectAll().where('entry_id', 'in', [...new Set(entryIds)]).orderBy('added_at').orderBy('id').execute();
  }

  notebookAttachments(notebookId: string): Promise<AttachmentRow[]> {
    return this.db.selectFrom('notebook_attachments').selectAll().where('notebook_id', '=', notebookId).orderBy('id').execute();
  }

  // ---------------------------------------------------------------- handoffs

  async insertHandoff(row: HandoffRow): Promise<void> {
    await this.db.insertInto('notebook_handoffs').values(row).execute();
  }

  handoffs(notebookId: string): Promise<HandoffRow[]> {
    return this.db.selectFrom('notebook_handoffs').selectAll().where('notebook_id', '=', notebookId).orderBy('at').orderBy('id').execute();
  }
}
