import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/**
 * A notebook entry or a camera report written in the camera truck, far from the
 * set's Wi-Fi, waits on the phone and reaches the server later: the server keeps
 * when it was written beside when it heard of it, refuses a time from the
 * future, and keeps one entry however often the phone sends it.
 */
describe('a notebook entry kept on a phone while offline', () => {
  let t: TestApp;
  let dana: Person; // producer
  let ada: Person; // the DP, head of the camera department
  let pid: string;
  let nid: string;

  const write = (body: Record<string, unknown>, key?: string) =>
    t.call('POST', `/api/productions/${pid}/notebooks/${nid}/entries`, { token: ada.token, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
  const entries = async () => (await t.call('GET', `/api/productions/${pid}/notebooks/${nid}/entries`, { token: ada.token })).json().entries as Array<{ id: string; writtenAt: string; createdAt: string }>;
  const minutesAgo = (n: number) => new Date(t.clock.now().getTime() - n * 60_000).toISOString();

  beforeAll(async () => {
    t = await startApp();
    dana = await setUpFirstUser(t);
    pid = (await createProduction(t, dana, 'Dust Devil')).id;
    ada = await addPerson(t, dana, pid, ['department_head'], 'Ada Lens');
    expect((await t.call('PATCH', `/api/productions/${pid}/members/${ada.id}`, { token: dana.token, body: { department: 'Camera' } })).statusCode).toBe(200);
    const created = await t.call('POST', `/api/productions/${pid}/notebooks`, { token: ada.token, body: { department: 'Camera', headId: ada.id } });
    expect(created.statusCode, created.body).toBe(201);
    nid = created.json().notebook.id;
  });
  afterAll(() => t.close());

  it('keeps when the DP wrote the lens set in the truck, and when the server heard of it', async () => {
    const writtenAt = minutesAgo(50);
    const res = await write({ kind: 'equipment', title: 'Cooke S4/i primes', fields: { make: 'Cooke' }, writtenAt }, 'ada-phone-entry-1');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().entry).toMatchObject({ writtenAt, createdAt: t.clock.now().toISOString() });
    expect((await entries()).find((e) => e.id === res.json().entry.id)).toMatchObject({ writtenAt });
  });

  it('a camera report keeps its own time too', async () => {
    const writtenAt = minutesAgo(12);
    const res = await write({ kind: 'camera_report', title: 'A004 take 1', fields: { roll: 'A004', scene: '27', take: 1, shotAt: writtenAt }, writtenAt }, 'ada-phone-take-1');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().entry).toMatchObject({ writtenAt, fields: { shotAt: writtenAt } });
  });

  it('an entry sent at once was written when the server heard it', async () => {
    const res = await write({ kind: 'idea', title: 'Bring the long lens cap' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().entry.writtenAt).toBe(res.json().entry.createdAt);
  });

  it('refuses a time from the future', async () => {
    const res = await write({ kind: 'idea', title: 'Clock says next week', writtenAt: new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString() });
    expect(res.statusCode).toBe(400);
    expect((res.json().errors as Array<{ path: string }>).map((e) => e.path).join(' ')).toContain('writtenAt');
  });

  it('an entry sent again under the same key is one entry', async () => {
    const before = (await entries()).length;
    const body = { kind: 'idea', title: 'Matte box flag is bent', writtenAt: minutesAgo(5) };
    const first = await write(body, 'ada-phone-entry-2');
    const again = await write(body, 'ada-phone-entry-2');
    expect(again.json().entry.id).toBe(first.json().entry.id);
    expect((await entries()).length).toBe(before + 1);
  });
});
