import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { sql } from 'kysely';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, LOG_SERIALIZERS } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/index.js';
import { loadOrCreateSigner } from '../../src/services/keys.js';
import { blobsIn } from '../../src/services/blobs.js';
import { SecretHasher } from '../../src/services/secrets.js';
import type { ServiceDeps } from '../../src/services/context.js';
import { loadOrCreateVapidKeys, type PushOptions } from '../../src/services/notify/push.js';

/** Which engine this run tests: `SETBOOK_TEST_DIALECT=postgres` runs the same suites on PostgreSQL. */
export const DIALECT = process.env.SETBOOK_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
export const PG_ADMIN_URL = process.env.SETBOOK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const SETUP_TOKEN = 'test-setup-token';
export const PASSWORD = 'correct horse battery';

/** A throwaway database: a temp SQLite file, or a fresh PostgreSQL database dropped afterwards. */
export async function throwawayStore(): Promise<{ store: Store; dataDir: string; databaseUrl?: string; drop(): Promise<void> }> {
  if (DIALECT === 'sqlite') return storeIn();
  const name = `setbook_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return storeIn(url.toString(), async () => {
    const cleanup = new pg.Client({ connectionString: PG_ADMIN_URL });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
}

/** A store in a fresh data directory (on `databaseUrl` when given); dropping it closes the store, then runs `dropDatabase` and removes the directory. */
async function storeIn(databaseUrl?: string, dropDatabase?: () => Promise<void>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-test-'));
  const store = closeOnce(await openStore({ dataDir, databaseUrl }));
  return {
    store,
    dataDir,
    databaseUrl,
    drop: async () => {
      await store.close();
      await dropDatabase?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test may close the store early (to hand the database to a child process); drop closes it only once. */
function closeOnce(store: Store): Store {
  let closing: Promise<void> | undefined;
  return { ...store, close: () => (closing ??= store.close()) };
}

/** A clock tests can move. */
export class TestClock {
  constructor(public time = new Date('2026-11-22T14:00:00.000Z')) {}
  now = () => new Date(this.time);
  advance(ms: number) {
    this.time = new Date(this.time.getTime() + ms);
  }
}

export interface TestApp {
  app: FastifyInstance;
  deps: ServiceDeps;
  clock: TestClock;
  dataDir: string;
  close(): Promise<void>;
  /** As a server restart: the app and its database connection closed, then opened again on the same database (in-memory state gone). */
  restart(): Promise<void>;
  /** Sends a request; `token` signs it in with a bearer token. */
  call(method: string, url: string, options?: CallOptions): Promise<LightMyRequestResponse>;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface StartOptions {
  /** where escalation email goes; the data dir's outbox folder unless an SMTP URL is given */
  smtpUrl?: string;
  /** a PostgreSQL database of the test's own (one it may stop) instead of a throwaway on the shared server */
  databaseUrl?: string;
  /** how Web Push is sent (a test's own push service and its CA); the data dir's VAPID keys otherwise */
  push?: Partial<PushOptions>;
}

export async function startApp(options: StartOptions = {}): Promise<TestApp> {
  const made = options.databaseUrl ? await storeIn(options.databaseUrl) : await throwawayStore();
  const { dataDir } = made;
  const clock = new TestClock();
  const signer = loadOrCreateSigner(dataDir);
  const build = (store: Store) => {
    const deps: ServiceDeps = { store, hasher: new SecretHasher(10), signer, clock: clock.now, setupToken: SETUP_TOKEN, blobs: blobsIn(dataDir) };
    const app = buildApp(deps, {
      webRoot: path.join(dataDir, 'no-web'),
      mail: { smtpUrl: options.smtpUrl, outboxDir: path.join(dataDir, 'outbox'), from: 'Setbook <setbook@example.test>' },
      // Escalation runs when a test moves its clock and calls app.jobs.runOnce().
      jobs: false,
      // Tests run their push service on this machine: any host may be one.
      push: { keys: loadOrCreateVapidKeys(dataDir), subject: 'mailto:safety@example.test', services: 'any', ...options.push },
    });
    return { deps, app };
  };
  let current = build(made.store);
  let store = made.store;
  const test: TestApp = {
    app: await current.app,
    deps: current.deps,
    clock,
    dataDir,
    close: async () => {
      await test.app.close();
      if (store !== made.store) await store.close();
      await made.drop();
    },
    restart: async () => {
      await test.app.close();
      await store.close();
      store = closeOnce(await openStore({ dataDir, databaseUrl: made.databaseUrl }));
      current = build(store);
      test.app = await current.app;
      test.deps = current.deps;
    },
    call: (method, url, callOptions = {}) =>
      test.app.inject({
        method: method as 'GET',
        url,
        // A different source per call: the per-address rate limits are tested on their own.
        remoteAddress: `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`,
        headers: {
          ...(callOptions.token ? { authorization: `Bearer ${callOptions.token}` } : {}),
          ...callOptions.headers,
        },
        ...(callOptions.body !== undefined ? { payload: callOptions.body as object } : {}),
      }),
  };
  return test;
}

/** Every row of every table, for tests that prove something is stored nowhere. */
export async function dumpDatabase(store: Store): Promise<Record<string, unknown[]>> {
  const tables =
    store.dialect === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(store.db)
      : await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`.execute(store.db);
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) dump[name] = (await sql.raw(`SELECT * FROM "${name}"`).execute(store.db)).rows;
  return dump;
}

/** A log stream a test can read back, and the server's production log settings writing to it. */
export function capturedLog() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    text: () => text,
    logger: { level: 'trace', stream, serializers: LOG_SERIALIZERS, redact: ['req.headers.authorization', 'req.headers.cookie'] },
  };
}
