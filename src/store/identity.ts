import type { Kysely } from 'kysely';
import type { Database, NewUser, UserRow } from './schema.js';

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  count(): Promise<number> {
    return this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  }

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async insert(user: NewUser): Promise<void> {
    await this.db.insertInto('users').values(user).execute();
  }

  async setCredentials(id: string, fields: { name?: string; password_hash?: string; pin_hash?: string }): Promise<void> {
    await this.db.updateTable('users').set(fields).where('id', '=', id).execute();
  }
}

export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: { id: string; user_id: string; created_at: string; expires_at: string }): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  /** The signed-in user for a token hash, if the session is still valid at `now`. */
  userFor(id: string, now: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .where('sessions.id', '=', id)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }
}

/** Failed logins and PIN entries, counted in the database so every server instance sees them. */
export class AuthFailureRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(kind: 'login' | 'pin', subject: string, at: string): Promise<void> {
    await this.db.insertInto('auth_failures').values({ kind, subject, at }).execute();
  }

  /** Failures since `since`, oldest first (the oldest tells when a lockout ends). */
  since(kind: 'login' | 'pin', subject: string, since: string): Promise<string[]> {
    return this.db
      .selectFrom('auth_failures')
      .select('at')
      .where('kind', '=', kind)
      .where('subject', '=', subject)
      .where('at', '>', since)
      .orderBy('at')
      .execute()
      .then((rows) => rows.map((row) => row.at));
  }

  async clear(kind: 'login' | 'pin', subject: string): Promise<void> {
    await this.db.deleteFrom('auth_failures').where('kind', '=', kind).where('subject', '=', subject).execute();
  }
}
