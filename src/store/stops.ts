import type { Kysely, Selectable } from 'kysely';
import type { Database, StopsTable } from './schema.js';

export type StopRow = Selectable<StopsTable>;

export class StopRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(stop: StopRow): Promise<void> {
    await this.db.insertInto('stops').values(stop).execute();
  }

  byId(productionId: string, id: string): Promise<StopRow | undefined> {
    return this.db.selectFrom('stops').selectAll().where('production_id', '=', productionId).where('id', '=', id).executeTakeFirst();
  }

  active(productionId: string): Promise<StopRow[]> {
    return this.db
      .selectFrom('stops')
      .selectAll()
      .where('production_id', '=', productionId)
      .where('status', '=', 'active')
      .orderBy('raised_at')
      .execute();
  }

  recent(productionId: string, limit: number): Promise<StopRow[]> {
    return this.db.selectFrom('stops').selectAll().where('production_id', '=', productionId).orderBy('raised_at', 'desc').limit(limit).execute();
  }

  /** Lifts an active stop; false when someone lifted it meanwhile. */
  async lift(productionId: string, id: string, fields: { lifted_at: string; lifted_by: string; seconded_by: string; resolution: string }) {
    const result = await this.db
      .updateTable('stops')
      .set({ ...fields, status: 'lifted' })
      .where('production_id', '=', productionId)
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records a device's acknowledgement; false when its holder already acknowledged on it.
   * One recorded for the device by someone else gives way to the holder's own.
   */
  async ack(ack: { stop_id: string; production_id: string; device_id: string; user_id: string; at: string }): Promise<boolean> {
    const result = await this.db
      .insertInto('stop_acks')
      .values(ack)
      .onConflict((oc) =>
        oc
          .columns(['stop_id', 'device_id'])
          .doUpdateSet((eb) => ({ user_id: eb.ref('excluded.user_id'), at: eb.ref('excluded.at') }))
          .where('stop_acks.user_id', '!=', ack.user_id),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  acks(stopId: string) {
    return this.db.selectFrom('stop_acks').select(['device_id', 'user_id', 'at']).where('stop_id', '=', stopId).orderBy('at').execute();
  }
}
