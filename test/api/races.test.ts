import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT, startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/**
 * Two devices acting at the same moment, on either database: uniqueness and
 * "keep one producer" hold under concurrency, and a duplicate is a 409, never a 500.
 */
describe(`concurrent writes on ${DIALECT}`, () => {
  let t: TestApp;
  let producer: Person;
  let second: Person;
  let hank: Person;
  let pid: string;

  const call = (who: Person, method: string, path: string, body?: unknown) =>
    t.call(method, `/api/productions/${pid}${path}`, { token: who.token, ...(body !== undefined ? { body } : {}) });
  const statuses = (answers: Array<{ statusCode: number }>) => answers.map((a) => a.statusCode).sort();

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    pid = (await createProduction(t, producer)).id;
    second = await addPerson(t, producer, pid, ['producer'], 'Rosa Delgado');
    hank = await addPerson(t, producer, pid, ['armorer'], 'Hank Morrow');
  });
  afterAll(() => t.close());

  it('registers a serial once when eight devices send it at once; the rest are 409', async () => {
    const body = { serial: 'SAA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(hank, 'POST', '/firearms', body)));
    expect(statuses(answers)).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.statusCode === 409)) expect(answer.json().detail).toMatch(/already in the inventory/);
    expect((await call(hank, 'GET', '/armory')).json().firearms).toHaveLength(1);
  });

  it('enters an ammunition lot once when eight devices send it at once', async () => {
    const body = { lot: 'B-45-1', kind: 'blank', caliber: '.45 Colt', quantity: 50 };
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(hank, 'POST', '/ammunition', body)));
    expect(statuses(answers)).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect((await call(hank, 'GET', '/armory')).json().lots).toHaveLength(1);
  });

  it('keeps a producer when both producers step down at the same moment', async () => {
    const answers = await Promise.all([
      call(producer, 'PATCH', `/members/${producer.id}`, { roles: ['upm'] }),
      call(second, 'PATCH', `/members/${second.id}`, { roles: ['upm'] }),
    ]);
    expect(statuses(answers)).toEqual([200, 409]);
    const members = (await call(hank, 'GET', '/members')).json().members as Array<{ roles: string[] }>;
    expect(members.filter((m) => m.roles.includes('producer'))).toHaveLength(1);
  });
});
