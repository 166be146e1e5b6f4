import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: string;
}

/** Keys are kept as their SHA-256: a stored answer may hold a secret sealed with its key. */
const keyHash = (key: string) => crypto.createHash('sha256').update(key).digest('hex');

export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(scope: string, key: string): Promise<StoredResponse | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'body'])
      .where('scope', '=', scope)
      .where('key', '=', keyHash(key))
      .executeTakeFirst();
    return row && { requestHash: row.request_hash, status: row.status, body: row.body };
  }

  /** Writes the answer kept for replays into a claimed key's row. */
  async setAnswer(scope: string, key: string, answer: { status: number; body: string }): Promise<void> {
    await this.db.updateTable('idempotency_keys').set({ status: answer.status, body: answer.body }).where('scope', '=', scope).where('key', '=', keyHash(key)).execute();
  }

  async insert(scope: string, key: string, response: StoredResponse, at: string): Promise<void> {
    await this.db
      .insertInto('idempotency_keys')
      .values({
        scope,
        key: keyHash(key),
        request_hash: response.requestHash,
        status: response.status,
        body: response.body,
        created_at: at,
      })
      .execute();
  }
}
