import { sql } from 'kysely';
import type { Store } from '../../src/store/index.js';

const LEDGER_TABLES = ['ledger_entries', 'ledger_nodes', 'ledger_checkpoints'] as const;

/**
 * Runs direct SQL as someone with raw database access would: with the
 * append-only triggers out of the way (dropped on SQLite, disabled on PostgreSQL).
 */
export async function asDatabaseOwner(store: Store, statements: string[]): Promise<void> {
  if (store.dialect === 'sqlite') {
    for (const table of LEDGER_TABLES) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_update`).execute(store.db);
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`).execute(store.db);
    }
    for (const statement of statements) await sql.raw(statement).execute(store.db);
    return;
  }
  await store.db.connection().execute(async (db) => {
    for (const table of LEDGER_TABLES) await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`).execute(db);
    try {
      for (const statement of statements) await sql.raw(statement).execute(db);
    } finally {
      for (const table of LEDGER_TABLES) await sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`).execute(db);
    }
  });
}
