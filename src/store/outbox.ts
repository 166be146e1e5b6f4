import type { Kysely, Selectable } from 'kysely';
import type { Database, EmailsTable } from './schema.js';

export type EmailRow = Selectable<EmailsTable>;

/** Email waiting to go, gone, or written to the outbox folder: the notify module's rows. */
export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async queue(email: EmailRow): Promise<void> {
    await this.db.insertInto('emails').values(email).execute();
  }

  forConcern(concernId: string): Promise<EmailRow[]> {
    return this.db.selectFrom('emails').selectAll().where('concern_id', '=', concernId).orderBy('created_at').execute();
  }

  /** Emails waiting to go (new, or failed and due for another try), oldest first. */
  due(now: string, limit: number): Promise<EmailRow[]> {
    return this.db
      .selectFrom('emails')
      .selectAll()
      .where('status', 'in', ['pending', 'failed'])
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
  }

  /** Claims an email for sending until `until`; false when another instance holds it or it has gone. */
  async claim(id: string, now: string, until: string): Promise<boolean> {
    const result = await this.db
      .updateTable('emails')
      .set({ claimed_until: until })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'failed'])
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async done(id: string, fields: Partial<Pick<EmailRow, 'status' | 'attempts' | 'next_attempt_at' | 'sent_at' | 'error' | 'claimed_until'>>): Promise<void> {
    await this.db.updateTable('emails').set(fields).where('id', '=', id).execute();
  }
}
