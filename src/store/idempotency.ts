import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: string;
}

export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(scope: string, key: string): Promise<StoredResponse | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'body'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && { requestHash: row.request_hash, status: row.status, body: row.body };
  }

  async insert(scope: string, key: string, response: StoredResponse, at: string): Promise<void> {
    await this.db
      .insertInto('idempotency_keys')
      .values({
        scope,
        key,
        request_hash: response.requestHash,
        status: response.status,
        body: response.body,
        created_at: at,
      })
      .execute();
  }
}
