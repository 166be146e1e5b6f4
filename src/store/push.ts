import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';

export type PushDeviceRow = Selectable<Database['push_devices']>;

/** The browsers each person receives Web Push on. */
export class PushRepository {
  constructor(private readonly db: Kysely<Database>) {}

  byEndpoint(endpoint: string): Promise<PushDeviceRow | undefined> {
    return this.db.selectFrom('push_devices').selectAll().where('endpoint', '=', endpoint).executeTakeFirst();
  }

  async insert(row: PushDeviceRow): Promise<void> {
    await this.db.insertInto('push_devices').values(row).execute();
  }

  /** A browser subscribing again (new keys, or another person signed in on it) keeps its row and starts counting afresh. */
  async resubscribe(id: string, fields: Pick<PushDeviceRow, 'user_id' | 'p256dh' | 'auth' | 'locale' | 'label'>): Promise<void> {
    await this.db.updateTable('push_devices').set({ ...fields, failures: 0 }).where('id', '=', id).execute();
  }

  ofUser(userId: string): Promise<PushDeviceRow[]> {
    return this.db.selectFrom('push_devices').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  }

  ofUsers(userIds: readonly string[]): Promise<PushDeviceRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('push_devices').selectAll().where('user_id', 'in', [...userIds]).execute();
  }

  /** Removes one of the person's own devices; false when it is not theirs or is gone. */
  async remove(userId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('push_devices').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** The push service says this subscription is gone (404, 410). */
  async forget(id: string): Promise<void> {
    await this.db.deleteFrom('push_devices').where('id', '=', id).execute();
  }

  async reached(id: string, at: string): Promise<void> {
    await this.db.updateTable('push_devices').set({ last_ok_at: at, failures: 0 }).where('id', '=', id).execute();
  }

  async missed(id: string): Promise<void> {
    await this.db
      .updateTable('push_devices')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }
}
