import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { SseClient } from '../support/sse.js';

describe('stopping work (S1)', () => {
  let t: TestApp;
  let base: string;
  let producer: Person;
  let advisor: Person;
  let firstAd: Person;
  let grip: Person;
  let outsider: Person;
  let pid: string;
  let setCode: string;

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    const production = await createProduction(t, producer, 'Dust Devil');
    pid = production.id;
    setCode = production.setCode;
    advisor = await addPerson(t, producer, pid, ['safety_advisor'], 'Ines Okafor');
    firstAd = await addPerson(t, producer, pid, ['first_ad'], 'Sam Whitlock');
    grip = await addPerson(t, producer, pid, ['crew'], 'Maya Stone');
    const other = await createProduction(t, producer, 'Other Show');
    outsider = await addPerson(t, producer, other.id, ['crew'], 'Out Sider');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => t.close());

  const live = (who: Person, deviceId: string, lastEventId?: string) =>
    SseClient.connect(`${base}/api/productions/${pid}/live?deviceId=${deviceId}`, {
      authorization: `Bearer ${who.token}`,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    });

  const ledger = async () =>
    (await t.call('GET', `/api/productions/${pid}/ledger/entries`, { token: producer.token })).json().entries as Array<{
      index: number;
      entry: { type: string; actor: unknown; data: Record<string, unknown> };
    }>;

  it('a grip stops work from a phone and it reaches the advisor\'s tablet at once', async () => {
    const tablet = await live(advisor, 'advisor-tablet');
    expect(tablet.status).toBe(200);
    await tablet.waitFor((e) => e.event === 'ready');
    const started = Date.now();
    const res = await t.call('POST', `/api/productions/${pid}/stops`, {
      token: grip.token,
      body: { reason: 'Safety line on the crane looks frayed', location: 'Stage 2' },
    });
    expect(res.statusCode).toBe(201);
    const { stop, receipt } = res.json();
    expect(stop).toMatchObject({ status: 'active', reason: 'Safety line on the crane looks frayed', raisedBy: { name: 'Maya Stone' } });
    expect(receipt.index).toBeGreaterThan(0);
    const event = await tablet.waitFor((e) => e.event === 'stop.raised');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(JSON.parse(event.data).stop.id).toBe(stop.id);
    expect(Number(event.id)).toBeGreaterThan(0);
    await tablet.close();
    await lift(stop.id);
  });

  it('a device that reconnects with Last-Event-ID receives what it missed, in order', async () => {
    const phone = await live(firstAd, 'ad-phone');
    await phone.waitFor((e) => e.event === 'ready');
    const first = (await t.call('POST', `/api/productions/${pid}/stops`, { token: grip.token, body: { reason: 'one' } })).json().stop;
    const seen = await phone.waitFor((e) => e.event === 'stop.raised');
    await phone.close();
    await lift(first.id);
    const second = (await t.call('POST', `/api/productions/${pid}/stops`, { token: grip.token, body: { reason: 'two' } })).json().stop;
    const back = await live(firstAd, 'ad-phone', seen.id!);
    const raised = await back.waitFor((e) => e.event === 'stop.raised');
    expect(JSON.parse(raised.data).stop.id).toBe(second.id);
    const missed = back.events.filter((e) => e.event.startsWith('stop.'));
    expect(missed.map((e) => e.event)).toEqual(['stop.lifted', 'stop.raised']);
    const ids = missed.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBe(Number(seen.id) + 1);
    await back.close();
    await lift(second.id);
  });

  it('a member may stop work without giving a name', async () => {
    const res = await t.call('POST', `/api/productions/${pid}/stops`, {
      token: grip.token,
      body: { anonymous: true },
      headers: { 'idempotency-key': 'grip-phone-stop-1' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().stop.raisedBy).toBeNull();
    const stored = JSON.stringify((await dumpDatabase()).idempotency_keys);
    expect(stored).toContain(res.json().stop.id);
    expect(stored).not.toContain(grip.id);
    const entry = (await ledger()).find((e) => e.index === res.json().receipt.index)!;
    expect(entry.entry.actor).toEqual({ anonymous: true });
    await lift(res.json().stop.id);
  });

  it('someone with only the set\'s QR code stops work, and nothing about them is stored', async () => {
    const ip = '198.51.100.23';
    const agent = 'WalkieTalkieBrowser/9.9';
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/sets/${setCode}/stops`,
      remoteAddress: ip,
      headers: { 'user-agent': agent },
      payload: { reason: 'Live round seen on the prop cart', location: 'Corral' },
    });
    expect(res.statusCode).toBe(201);
    const stopId = res.json().stop.id as string;
    expect(res.json().stop.raisedBy).toBeNull();
    const dump = JSON.stringify(await dumpDatabase());
    expect(dump).toContain(stopId);
    expect(dump).not.toContain(ip);
    expect(dump).not.toContain(agent);
    const entry = (await ledger()).find((e) => e.entry.data.stopId === stopId)!;
    expect(entry.entry.actor).toEqual({ anonymous: true });
    await lift(stopId);
  });

  it('limits the public code per source, but never a member', async () => {
    const from = { remoteAddress: '192.0.2.99' };
    let status = 0;
    for (let i = 0; i < 11; i++) {
      status = (await t.app.inject({ method: 'POST', url: `/api/sets/${setCode}/stops`, ...from, payload: {} })).statusCode;
    }
    expect(status).toBe(429);
    for (let i = 0; i < 12; i++) {
      const res = await t.call('POST', `/api/productions/${pid}/stops`, { token: grip.token, body: {} });
      expect(res.statusCode).toBe(201);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/sets/NOSUCHCODE/stops` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/sets/NOSUCHCODE1/stops`, remoteAddress: '192.0.2.1', payload: {} })).statusCode).toBe(404);
  });

  it('shows which connected devices have acknowledged, and which not yet', async () => {
    const stop = (await t.call('POST', `/api/productions/${pid}/stops`, { token: grip.token, body: { reason: 'ack test' } })).json().stop;
    const a = await live(grip, 'grip-phone');
    const b = await live(firstAd, 'ad-tablet');
    await a.waitFor((e) => e.event === 'ready');
    await b.waitFor((e) => e.event === 'ready');
    expect((await t.call('POST', `/api/productions/${pid}/stops/${stop.id}/ack`, { token: grip.token, body: { deviceId: 'grip-phone' } })).statusCode).toBe(204);
    await b.waitFor((e) => e.event === 'stop.acked');
    const view = (await t.call('GET', `/api/productions/${pid}/stops/${stop.id}`, { token: firstAd.token })).json();
    expect(view.acks).toEqual([expect.objectContaining({ deviceId: 'grip-phone', userId: grip.id, name: 'Maya Stone' })]);
    expect(view.unacknowledged).toContain('ad-tablet');
    expect(view.unacknowledged).not.toContain('grip-phone');
    await a.close();
    await b.close();
  });

  it('counts the phone that pressed STOP as having seen it, and keeps the time a queued press was made', async () => {
    const b = await live(firstAd, 'ad-tablet-2');
    const c = await live(grip, 'grip-phone-2');
    await b.waitFor((e) => e.event === 'ready');
    await c.waitFor((e) => e.event === 'ready');
    // The grip's phone queued the press for eight minutes while the Wi-Fi was out.
    const pressedAt = new Date(t.clock.now().getTime() - 8 * 60_000).toISOString();
    const stop = (await t.call('POST', `/api/productions/${pid}/stops`, { token: grip.token, body: { reason: 'Frayed line', location: 'Crane, stage 2', deviceId: 'grip-phone-2', pressedAt } })).json().stop;
    expect(stop).toMatchObject({ raisedAt: pressedAt, location: 'Crane, stage 2' });
    const view = (await t.call('GET', `/api/productions/${pid}/stops/${stop.id}`, { token: firstAd.token })).json();
    expect(view.unacknowledged).toContain('ad-tablet-2');
    expect(view.unacknowledged).not.toContain('grip-phone-2');
    // A press from the future, or from days ago, is raised now.
    const odd = (await t.call('POST', `/api/productions/${pid}/stops`, { token: grip.token, body: { reason: 'Clock wrong', pressedAt: '2030-01-01T00:00:00Z' } })).json().stop;
    expect(odd.raisedAt).toBe(t.clock.now().toISOString());
    await b.close();
    await c.close();
  });

  it('lets nobody lift a stop alone: the producer and the advisor alone are refused, and the refusals are recorded', async () => {
    const stop = (await t.call('POST', `/api/productions/${pid}/stops`, { token: grip.token, body: { reason: 'Pyro wiring' } })).json().stop;
    const byProducer = await t.call('POST', `/api/productions/${pid}/stops/${stop.id}/lift`, {
      token: producer.token,
      body: { resolution: 'Looks fine to me, we are behind schedule', confirmations: [{ userId: firstAd.id, pin: firstAd.pin }] },
    });
    expect(byProducer.statusCode).toBe(422);
    expect(byProducer.headers['content-type']).toContain('application/problem+json');
    expect(byProducer.json()).toMatchObject({ rule: 'S1' });
    const alone = await t.call('POST', `/api/productions/${pid}/stops/${stop.id}/lift`, {
      token: advisor.token,
      body: { resolution: 'Rewired', confirmations: [{ userId: advisor.id, pin: advisor.pin }] },
    });
    expect(alone.statusCode).toBe(422);
    expect(alone.json().detail).toMatch(/second person/);
    const wrongPin = await t.call('POST', `/api/productions/${pid}/stops/${stop.id}/lift`, {
      token: advisor.token,
      body: { resolution: 'Rewired', confirmations: [{ userId: advisor.id, pin: advisor.pin }, { userId: firstAd.id, pin: '0000' }] },
    });
    expect(wrongPin.statusCode).toBe(422);
    expect(wrongPin.json().refusals.map((r: { rule: string }) => r.rule)).toContain('PIN');
    const refused = (await ledger()).filter((e) => e.entry.type === 'stop.lift.refused' && e.entry.data.stopId === stop.id);
    expect(refused).toHaveLength(3);
    expect(refused[0]!.entry.actor).toEqual({ userId: producer.id });
    expect(JSON.stringify(refused)).not.toContain(firstAd.pin);
    expect((await t.call('GET', `/api/productions/${pid}/stops/${stop.id}`, { token: grip.token })).json().stop.status).toBe('active');

    const watcher = await live(grip, 'grip-watch');
    await watcher.waitFor((e) => e.event === 'ready');
    const ok = await t.call('POST', `/api/productions/${pid}/stops/${stop.id}/lift`, {
      token: advisor.token,
      body: { resolution: 'Pyro tech rewired the det box; tested cold twice.', confirmations: [{ userId: advisor.id, pin: advisor.pin }, { userId: firstAd.id, pin: firstAd.pin }] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().stop).toMatchObject({ status: 'lifted', liftedBy: advisor.id, secondedBy: firstAd.id });
    await watcher.waitFor((e) => e.event === 'stop.lifted');
    await watcher.close();
    const again = await t.call('POST', `/api/productions/${pid}/stops/${stop.id}/lift`, {
      token: advisor.token,
      body: { resolution: 'again', confirmations: [{ userId: advisor.id, pin: advisor.pin }, { userId: firstAd.id, pin: firstAd.pin }] },
    });
    expect(again.statusCode).toBe(422);
    const lifted = (await ledger()).find((e) => e.entry.type === 'stop.lifted' && e.entry.data.stopId === stop.id)!;
    expect(lifted.entry.data).toMatchObject({ resolution: 'Pyro tech rewired the det box; tested cold twice.', secondedBy: firstAd.id });
  });

  it('keeps another production\'s members out of the stops and the stream', async () => {
    const stop = (await t.call('POST', `/api/productions/${pid}/stops`, { token: grip.token, body: {} })).json().stop;
    expect((await t.call('GET', `/api/productions/${pid}/stops/${stop.id}`, { token: outsider.token })).statusCode).toBe(404);
    expect((await t.call('POST', `/api/productions/${pid}/stops`, { token: outsider.token, body: {} })).statusCode).toBe(404);
    const stream = await SseClient.connect(`${base}/api/productions/${pid}/live?deviceId=x`, { authorization: `Bearer ${outsider.token}` });
    expect(stream.status).toBe(404);
    await lift(stop.id);
  });

  async function lift(stopId: string) {
    const res = await t.call('POST', `/api/productions/${pid}/stops/${stopId}/lift`, {
      token: advisor.token,
      body: { resolution: 'Resolved and checked.', confirmations: [{ userId: advisor.id, pin: advisor.pin }, { userId: firstAd.id, pin: firstAd.pin }] },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  async function dumpDatabase() {
    const tables = ['stops', 'stop_acks', 'ledger_entries', 'live_events', 'idempotency_keys', 'device_presence', 'auth_failures', 'sessions', 'users'];
    const dump: Record<string, unknown[]> = {};
    for (const table of tables) dump[table] = (await sql.raw(`SELECT * FROM ${table}`).execute(t.deps.store.db)).rows;
    return dump;
  }
});
