import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { migrations } from './migrations/generate.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  /** the connection every write and every transaction goes through */
  db: Kysely<Database>;
  /**
   * Reads outside any transaction. On SQLite a read-only second connection:
   * WAL lets it read the last commit while the writer holds a transaction
   * open, so a request's sign-in and access checks never queue behind
   * someone else's write (and so writes that arrive together can commit
   * together). On PostgreSQL the same pool.
   */
  reads: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
  /**
   * Calls back with a production id whenever another instance commits a live
   * event (PostgreSQL LISTEN/NOTIFY); a no-op on SQLite, where one server owns
   * the file. Returns the function that stops listening.
   */
  listen(onProduction: (productionId: string) => void): Promise<() => Promise<void>>;
}

export interface StoreOptions {
  /** folder for the SQLite file (ignored for PostgreSQL) */
  dataDir: string;
  /** when set, PostgreSQL instead of the embedded SQLite file */
  databaseUrl?: string | undefined;
}

// pg returns int8/numeric as strings; every integer we store fits in int4, and
// COUNT(*) is int8, so parse it back to a number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** Opens the configured database and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options.dataDir);
  await migrate(store);
  return store;
}

function openSqlite(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = new SQLite(path.join(dataDir, 'setbook.db'));
  // WAL + synchronous=FULL: a committed custody entry survives power loss.
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  const statements = withStatementCache(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  statementCaches.set(db.getExecutor().adapter, statements);
  // Read-only, so no write can ever wait on the writer from the same thread (it would block the process until busy_timeout).
  const readFile = new SQLite(path.join(dataDir, 'setbook.db'), { readonly: true });
  readFile.pragma('busy_timeout = 5000');
  const readCache = withStatementCache(readFile);
  const reads = new Kysely<Database>({ dialect: new SqliteDialect({ database: readCache }) });
  readCaches.set(reads.getExecutor().adapter, readCache);
  return {
    db,
    reads,
    dialect: 'sqlite',
    close: async () => {
      await reads.destroy();
      await db.destroy();
    },
    listen: async () => async () => {},
  };
}

function openPostgres(connectionString: string): Store {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // A connection the database dropped (restart, failover, crash) must never crash the process. The pool hears an idle
  // one's error and replaces it; a checked-out one (between two statements of a transaction) emits its error with no pool
  // listener attached, so every connection gets its own. The transaction still fails through its next statement (a 503),
  // and the pool drops the broken connection when it is released.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, reads: db, dialect: 'postgres', close: () => db.destroy(), listen: (onProduction) => listenPostgres(connectionString, onProduction) };
}

/**
 * A dedicated connection LISTENing on setbook_live. It reconnects after a
 * failure; notifications lost meanwhile are covered by the live hub's poll.
 */
async function listenPostgres(connectionString: string, onProduction: (productionId: string) => void) {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      const productionId = message.payload?.split(':')[0];
      if (productionId) onProduction(productionId);
    });
    next.on('error', () => {
      void next.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(reconnect, 2000);
    });
    await next.connect();
    await next.query('LISTEN setbook_live');
    if (stopped) await next.end();
    else client = next;
  };
  const reconnect = () => {
    connect().catch(() => {
      if (!stopped) retry = setTimeout(reconnect, 2000);
    });
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

export interface StatementCache {
  /** The prepared statement for this SQL text, made once. */
  prepare(text: string): SQLite.Statement;
}

/** Each embedded store's cache, by the Kysely adapter the store and all its transactions share. */
const statementCaches = new WeakMap<object, StatementCache>();

/**
 * The embedded connection's statements, for a hot path that runs inside a
 * transaction: the transaction holds the one connection until it ends, so a
 * statement run on it directly (synchronously) is part of that transaction
 * and cannot interleave with anyone else's. Undefined outside a transaction
 * and on PostgreSQL.
 */
export function sqliteStatements(db: Kysely<Database>): StatementCache | undefined {
  return db.isTransaction ? statementCaches.get(db.getExecutor().adapter) : undefined;
}

/** The read-only connection's cache: it runs no transactions, so a statement run on it directly never lands inside one. */
const readCaches = new WeakMap<object, StatementCache>();

/**
 * Runs one fixed statement written with ? placeholders, for the paths every
 * request takes (sign-in, access, the ledger append): on SQLite as a prepared
 * statement run directly, inside a transaction or on the read-only
 * connection; otherwise through Kysely ($n placeholders on PostgreSQL). It
 * skips building a query per call, which is most of a small query's cost.
 */
export async function runStatement<Row>(db: Kysely<Database>, dialect: DialectName, text: string, parameters: unknown[]): Promise<Row[]> {
  const statements = sqliteStatements(db) ?? readCaches.get(db.getExecutor().adapter);
  if (statements) {
    const statement = statements.prepare(text);
    if (statement.reader) return statement.all(parameters) as Row[];
    statement.run(parameters);
    return [];
  }
  let n = 0;
  const dialectText = dialect === 'postgres' ? text.replaceAll('?', () => `$${++n}`) : text;
  return (await db.executeQuery<Row>(CompiledQuery.raw(dialectText, parameters))).rows;
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and
 * on the one embedded connection queries run one at a time, so each distinct
 * SQL text is prepared once. The cache is bounded (IN lists vary in length).
 */
function withStatementCache(file: SQLite.Database): StatementCache & { close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => file.close(),
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (!statement) {
        statement = file.prepare(text);
        if (cache.size >= 500) cache.delete(cache.keys().next().value!);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

async function migrate(store: Store): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations(store.dialect) },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/** True when a driver error is a unique-key violation, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
