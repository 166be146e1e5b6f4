import type { Kysely, Selectable } from 'kysely';
import type { ConcernMessagesTable, ConcernsTable, Database, EscalationLaddersTable } from './schema.js';

export type ConcernRow = Selectable<ConcernsTable>;
export type ConcernMessageRow = Selectable<ConcernMessagesTable>;
export type LadderRow = Selectable<EscalationLaddersTable>;

export class ConcernRepository {
  constructor(private readonly db: Kysely<Database>) {}

  ladder(productionId: string): Promise<LadderRow | undefined> {
    return this.db.selectFrom('escalation_ladders').selectAll().where('production_id', '=', productionId).executeTakeFirst();
  }

  async saveLadder(row: LadderRow): Promise<void> {
    await this.db
      .insertInto('escalation_ladders')
      .values(row)
      .onConflict((oc) =>
        oc.column('production_id').doUpdateSet({
          levels: row.levels,
          proposed: row.proposed,
          proposed_by: row.proposed_by,
          proposed_role: row.proposed_role,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async insert(concern: ConcernRow, implicated: readonly string[]): Promise<void> {
    await this.db.insertInto('concerns').values(concern).execute();
    if (implicated.length > 0) {
      await this.db
        .insertInto('concern_implicated')
        .values(implicated.map((userId) => ({ concern_id: concern.id, production_id: concern.production_id, user_id: userId })))
        .execute();
    }
  }

  byId(productionId: string, id: string): Promise<ConcernRow | undefined> {
    return this.db.selectFrom('concerns').selectAll().where('production_id', '=', productionId).where('id', '=', id).executeTakeFirst();
  }

  byFollowUpKey(key: string): Promise<ConcernRow | undefined> {
    return this.db.selectFrom('concerns').selectAll().where('follow_up_key', '=', key).executeTakeFirst();
  }

  /** Every concern of the production, newest first, with the people each implicates. */
  async list(productionId: string): Promise<Array<ConcernRow & { implicated: string[] }>> {
    const rows = await this.db.selectFrom('concerns').selectAll().where('production_id', '=', productionId).orderBy('created_at', 'desc').execute();
    const implicated = await this.db
      .selectFrom('concern_implicated')
      .select(['concern_id', 'user_id'])
      .where('production_id', '=', productionId)
      .execute();
    const byConcern = new Map<string, string[]>();
    for (const row of implicated) byConcern.set(row.concern_id, [...(byConcern.get(row.concern_id) ?? []), row.user_id]);
    return rows.map((row) => ({ ...row, implicated: byConcern.get(row.id) ?? [] }));
  }

  async implicated(concernId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('concern_implicated').select('user_id').where('concern_id', '=', concernId).execute();
    return rows.map((row) => row.user_id);
  }

  /** Open concerns whose acknowledgement deadline has passed, across productions. */
  due(now: string, limit: number): Promise<ConcernRow[]> {
    return this.db
      .selectFrom('concerns')
      .selectAll()
      .where('status', '=', 'open')
      .where('ack_deadline', 'is not', null)
      .where('ack_deadline', '<=', now)
      .orderBy('ack_deadline')
      .limit(limit)
      .execute();
  }

  /** The earliest deadline still ahead, so the scheduler knows when to wake. */
  async nextDeadline(): Promise<string | null> {
    const row = await this.db
      .selectFrom('concerns')
      .select((eb) => eb.fn.min('ack_deadline').as('next'))
      .where('status', '=', 'open')
      .where('ack_deadline', 'is not', null)
      .executeTakeFirst();
    return (row?.next as string | null | undefined) ?? null;
  }

  /**
   * The claim that makes each climb happen once: it moves the concern from
   * `fromLevel` only if nobody else did (or acknowledged it) first.
   */
  async climb(productionId: string, id: string, fromLevel: number, to: { level: number; level_since: string; ack_deadline: string | null }): Promise<boolean> {
    const result = await this.db
      .updateTable('concerns')
      .set(to)
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('level', '=', fromLevel)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async acknowledge(productionId: string, id: string, by: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('concerns')
      .set({ status: 'acknowledged', acknowledged_by: by, acknowledged_at: at, ack_deadline: null })
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async resolve(productionId: string, id: string, fields: { resolved_by: string; resolved_at: string; resolution: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('concerns')
      .set({ ...fields, status: 'resolved', ack_deadline: null })
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('status', '!=', 'resolved')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async addMessage(message: ConcernMessageRow): Promise<void> {
    await this.db.insertInto('concern_messages').values(message).execute();
  }

  messages(concernId: string): Promise<ConcernMessageRow[]> {
    return this.db.selectFrom('concern_messages').selectAll().where('concern_id', '=', concernId).orderBy('at').orderBy('ledger_index').execute();
  }
}
