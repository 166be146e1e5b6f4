import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT, startApp } from '../support/harness.js';
import { privatePostgres } from '../support/postgres.js';
import { createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { expectProblem } from '../support/routes.js';

/**
 * When the database cannot be reached (PostgreSQL down or restarting, SQLite
 * locked by another program past the busy timeout), a write is answered 503
 * with Retry-After, never a bare 500, and the server carries on once it is back.
 */
const database = DIALECT === 'postgres' ? await privatePostgres() : null;
const t = await startApp(database ? { databaseUrl: database.url } : {});

describe(`the database out of reach, on ${DIALECT}`, () => {
  let producer: Person;
  let pid: string;
  beforeAll(async () => {
    producer = await setUpFirstUser(t, 'Dana Producer');
    pid = (await createProduction(t, producer, 'Dust Devil')).id;
  });
  afterAll(async () => {
    await t.close();
    await database?.stop();
  });

  const addScene = (number: string) =>
    t.call('POST', `/api/productions/${pid}/scenes`, { token: producer.token, body: { number, description: 'Night exterior', hazards: [] } });

  it('answers 503 with Retry-After while it is out of reach, and records the write once it is back', { timeout: 30_000 }, async () => {
    const refused = database ? await whileDown(() => addScene('1')) : await whileLockedByAnotherProgram(() => addScene('1'));
    const problem = expectProblem(refused, 503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(problem.title).toBe('Database unavailable');

    const again = await addScene('1');
    expect(again.statusCode, again.body).toBe(201);
  });

  it('a write while it is reachable is not refused', async () => {
    const res = await addScene('2');
    expect(res.statusCode, res.body).toBe(201);
  });

  if (database) it('does not notice a PostgreSQL restart between two requests: dropped connections are replaced', { timeout: 30_000 }, async () => {
    await database!.kill();
    await database!.start();
    const res = await addScene('3');
    expect(res.statusCode, res.body).toBe(201);
  });

  /** PostgreSQL is down (every process of it killed) for the length of one request. */
  async function whileDown<T>(act: () => Promise<T>): Promise<T> {
    await database!.kill();
    try {
      return await act();
    } finally {
      await database!.start();
    }
  }

  /** Another program holds the write lock longer than the busy timeout (5 s). */
  async function whileLockedByAnotherProgram<T>(act: () => Promise<T>): Promise<T> {
    const other = new SQLite(path.join(t.dataDir, 'setbook.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      return await act();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  }
});
