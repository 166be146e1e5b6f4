import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { DialectName } from './db.js';

export interface LiveEventRow {
  seq: number;
  type: string;
  data: string;
  hiddenFrom: string[] | null;
}

/** Devices per presence statement: well inside both engines' parameter limits. */
export const PRESENCE_BATCH = 1000;

/** The live event log (the truth the stream replays) and which devices are connected. */
export class LiveRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async open(productionId: string): Promise<void> {
    await this.db.insertInto('event_heads').values({ production_id: productionId, seq: 0 }).execute();
  }

  /** Appends an event with the production's next sequence number (the head row serialises writers). */
  async append(productionId: string, type: string, data: string, hiddenFrom: string[] | null, at: string): Promise<number> {
    const { seq } = await this.db
      .updateTable('event_heads')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('production_id', '=', productionId)
      .returning('seq')
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('live_events')
      .values({ production_id: productionId, seq, type, data, hidden_from: hiddenFrom && JSON.stringify(hiddenFrom), created_at: at })
      .execute();
    if (this.dialect === 'postgres') {
      // Delivered to every listening instance when, and only if, the transaction commits.
      await sql`SELECT pg_notify('setbook_live', ${`${productionId}:${seq}`})`.execute(this.db);
    }
    return seq;
  }

  async head(productionId: string): Promise<number> {
    const row = await this.db.selectFrom('event_heads').select('seq').where('production_id', '=', productionId).executeTakeFirst();
    return row?.seq ?? 0;
  }

  async heads(productionIds: readonly string[]): Promise<Map<string, number>> {
    if (productionIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('event_heads').select(['production_id', 'seq']).where('production_id', 'in', [...productionIds]).execute();
    return new Map(rows.map((row) => [row.production_id, row.seq]));
  }

  async after(productionId: string, seq: number, limit = 500): Promise<LiveEventRow[]> {
    const rows = await this.db
      .selectFrom('live_events')
      .select(['seq', 'type', 'data', 'hidden_from'])
      .where('production_id', '=', productionId)
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      seq: row.seq,
      type: row.type,
      data: row.data,
      hiddenFrom: row.hidden_from === null ? null : (JSON.parse(row.hidden_from) as string[]),
    }));
  }

  /**
   * Marks devices as connected now, a batch of rows per statement: SQLite
   * takes at most 32,766 parameters in one (four a device), PostgreSQL 65,535.
   */
  async touch(devices: ReadonlyArray<{ productionId: string; deviceId: string; userId: string }>, at: string): Promise<void> {
    for (let start = 0; start < devices.length; start += PRESENCE_BATCH) {
      await this.db
        .insertInto('device_presence')
        .values(devices.slice(start, start + PRESENCE_BATCH).map((d) => ({ production_id: d.productionId, device_id: d.deviceId, user_id: d.userId, last_seen_at: at })))
        .onConflict((oc) =>
          oc.columns(['production_id', 'device_id']).doUpdateSet((eb) => ({
            user_id: eb.ref('excluded.user_id'),
            last_seen_at: eb.ref('excluded.last_seen_at'),
          })),
        )
        .execute();
    }
  }

  /** Who holds a device on this production (the member whose live stream it opened), or null when it never connected. */
  async deviceHolder(productionId: string, deviceId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('device_presence')
      .select('user_id')
      .where('production_id', '=', productionId)
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return row?.user_id ?? null;
  }

  async disconnect(productionId: string, deviceId: string): Promise<void> {
    await this.db
      .updateTable('device_presence')
      .set({ last_seen_at: '1970-01-01T00:00:00.000Z' })
      .where('production_id', '=', productionId)
      .where('device_id', '=', deviceId)
      .execute();
  }

  /** Devices seen since `since`, with whose they are. */
  connected(productionId: string, since: string) {
    return this.db
      .selectFrom('device_presence')
      .select(['device_id', 'user_id'])
      .where('production_id', '=', productionId)
      .where('last_seen_at', '>=', since)
      .orderBy('device_id')
      .execute();
  }
}
