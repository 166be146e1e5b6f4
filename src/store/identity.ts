import type { Kysely } from 'kysely';
import { runStatement, type DialectName } from './db.js';
import type { Database, NewUser, UserRow } from './schema.js';

export class UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Holds the person's row until the transaction ends, so their PIN tries are
   * counted one check at a time (PostgreSQL; SQLite runs one writer at a time).
   */
  async lockForPin(id: string): Promise<void> {
    if (this.dialect === 'postgres') await this.db.selectFrom('users').select('id').where('id', '=', id).forUpdate().execute();
  }

  /** Names by user id, for sentences about people. */
  async names(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }

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

  async setLocale(id: string, locale: string | null): Promise<void> {
    await this.db.updateTable('users').set({ locale }).where('id', '=', id).execute();
  }

  /** Each person's chosen language by user id, for emails written to many people at once. */
  async locales(ids: readonly string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'locale']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, row.locale]));
  }

  async setCredentials(id: string, fields: { name?: string; password_hash?: string; pin_hash?: string }): Promise<void> {
    await this.db.updateTable('users').set(fields).where('id', '=', id).execute();
  }
}

export class SessionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async insert(session: { id: string; user_id: string; created_at: string; expires_at: string }): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  /** The signed-in user for a token hash, if the session is still valid at `now`: every request asks, so one prepared statement. */
  async userFor(id: string, now: string): Promise<UserRow | undefined> {
    const [user] = await runStatement<UserRow>(
      this.db,
      this.dialect,
      'select users.id, users.email, users.name, users.password_hash, users.pin_hash, users.created_at, users.locale from sessions inner join users on users.id = sessions.user_id where sessions.id = ? and sessions.expires_at > ?',
      [id, now],
    );
    return user;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }
}

/** A failed login, a wrong PIN, or a PIN try whose check is under way. */
export type FailureKind = 'login' | 'pin' | 'pin-claim';

/** Failed logins and PIN entries, counted in the database so every server instance sees them. */
export class AuthFailureRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a failure, or a PIN try claimed before its check ('pin-claim'), and returns its id. */
  async record(kind: FailureKind, subject: string, at: string): Promise<number> {
    const row = await this.db.insertInto('auth_failures').values({ kind, subject, at }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * A person's wrong PINs since `failedSince` and tries in flight since
   * `claimedSince`, oldest first, in ONE statement: a try settled between two
   * separate reads would be missed by both.
   */
  async pinTries(userId: string, failedSince: string, claimedSince: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('auth_failures')
      .select('at')
      .where('subject', '=', userId)
      .where((eb) => eb.or([eb.and([eb('kind', '=', 'pin'), eb('at', '>', failedSince)]), eb.and([eb('kind', '=', 'pin-claim'), eb('at', '>', claimedSince)])]))
      .orderBy('at')
      .execute();
    return rows.map((row) => row.at);
  }

  /** Ends a claimed PIN try: a wrong PIN becomes a failure, a right one gives the try back. */
  async settleClaim(id: number, outcome: 'failed' | 'given back'): Promise<void> {
    if (outcome === 'failed') await this.db.updateTable('auth_failures').set({ kind: 'pin' }).where('id', '=', id).where('kind', '=', 'pin-claim').execute();
    else await this.db.deleteFrom('auth_failures').where('id', '=', id).where('kind', '=', 'pin-claim').execute();
  }

  /** Failures since `since`, oldest first (the oldest tells when a lockout ends). */
  since(kind: FailureKind, subject: string, since: string): Promise<string[]> {
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
