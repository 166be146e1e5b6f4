import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/**
 * S2 offline: a concern written on a phone far from the set's Wi-Fi waits in
 * the phone's outbox and reaches the server later. The server keeps both when
 * it was written and when it heard of it, refuses a time from the future, and
 * acts on a retried report once.
 */
describe('a concern queued on a phone', () => {
  let t: TestApp;
  let dana: Person; // producer
  let ines: Person; // safety advisor, who handles concerns
  let maya: Person; // crew, who reports
  let pid: string;

  const report = (who: Person, body: Record<string, unknown>, key?: string) =>
    t.call('POST', `/api/productions/${pid}/concerns`, { token: who.token, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
  const thread = async (who: Person, id: string) => (await t.call('GET', `/api/productions/${pid}/concerns/${id}`, { token: who.token })).json().concern;
  const minutesAgo = (n: number) => new Date(t.clock.now().getTime() - n * 60_000).toISOString();
  const minutesAhead = (n: number) => new Date(t.clock.now().getTime() + n * 60_000).toISOString();

  beforeAll(async () => {
    t = await startApp();
    dana = await setUpFirstUser(t);
    pid = (await createProduction(t, dana, 'Dust Devil')).id;
    ines = await addPerson(t, dana, pid, ['safety_advisor'], 'Ines Okafor');
    maya = await addPerson(t, dana, pid, ['crew'], 'Maya Crew');
  });
  afterAll(() => t.close());

  it('keeps when the grip wrote it in the dead zone and when the server heard of it', async () => {
    const reportedAt = minutesAgo(25);
    const res = await report(maya, { category: 'rigging', severity: 'high', description: 'Sandbags missing on the C-stand by the river', reportedAt }, 'maya-phone-concern-1');
    expect(res.statusCode, res.body).toBe(201);
    const concern = await thread(ines, res.json().concern.id);
    expect(concern).toMatchObject({ reportedAt, createdAt: t.clock.now().toISOString() });
    // The deadline runs from when the server heard of it: nobody could acknowledge it before.
    expect(concern.ackDeadline).toBe(new Date(t.clock.now().getTime() + 120 * 60_000).toISOString());
    const entries = (await t.call('GET', `/api/productions/${pid}/ledger/entries`, { token: dana.token })).json().entries as Array<{ index: number; entry: { data: Record<string, unknown> } }>;
    expect(entries.find((e) => e.index === res.json().receipt.index)?.entry.data).toMatchObject({ concernId: concern.id, reportedAt });
  });

  it('a report sent at once was written when the server heard it', async () => {
    const res = await report(maya, { category: 'electrical', severity: 'medium', description: 'Frayed stinger across the walkway' });
    expect(res.statusCode, res.body).toBe(201);
    const concern = await thread(ines, res.json().concern.id);
    expect(concern.reportedAt).toBe(concern.createdAt);
  });

  it('refuses a time from the future, and takes a phone clock a moment fast as now', async () => {
    const ahead = await report(maya, { category: 'rigging', severity: 'low', description: 'Clock says tomorrow', reportedAt: minutesAhead(60 * 24) });
    expect(ahead.statusCode).toBe(400);
    expect((ahead.json().errors as Array<{ path: string }>).map((e) => e.path).join(' ')).toContain('reportedAt');
    const fast = await report(maya, { category: 'rigging', severity: 'low', description: 'Clock a minute fast', reportedAt: minutesAhead(1) });
    expect(fast.statusCode, fast.body).toBe(201);
    expect((await thread(ines, fast.json().concern.id)).reportedAt).toBe(t.clock.now().toISOString());
  });

  it('a report sent again under the same key is one concern', async () => {
    const body = { category: 'vehicles', severity: 'high', description: 'Picture car brakes soft on the hill', reportedAt: minutesAgo(8) };
    const before = (await t.call('GET', `/api/productions/${pid}/concerns`, { token: ines.token })).json().concerns.length as number;
    const first = await report(maya, body, 'maya-phone-concern-2');
    // The answer was lost on the way back; the outbox tries again with the same key.
    const again = await report(maya, body, 'maya-phone-concern-2');
    expect(first.statusCode, first.body).toBe(201);
    expect(again.json().concern.id).toBe(first.json().concern.id);
    const after = (await t.call('GET', `/api/productions/${pid}/concerns`, { token: ines.token })).json().concerns as Array<{ id: string }>;
    expect(after.length).toBe(before + 1);
  });

  it('an anonymous report written offline still stores nobody, only its time', async () => {
    const reportedAt = minutesAgo(40);
    const res = await report(maya, { category: 'harassment', severity: 'high', description: 'Shouting at the PAs at the far location', anonymous: true, reportedAt }, 'maya-phone-concern-3');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().followUp).toMatchObject({ key: expect.any(String), passphrase: expect.any(String) });
    const dump = await dumpDatabase(t.deps.store);
    const row = (dump.concerns as Array<Record<string, unknown>>).find((c) => c.id === res.json().concern.id)!;
    expect(row).toMatchObject({ reporter_id: null, reported_at: reportedAt });
    expect(JSON.stringify(row)).not.toContain(maya.id);
    const stored = JSON.stringify((dump.idempotency_keys as Array<Record<string, unknown>>).filter((k) => JSON.stringify(k).includes(res.json().concern.id)));
    expect(stored).not.toContain(maya.id);
  });
});
