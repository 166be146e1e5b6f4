import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT, PASSWORD, SETUP_TOKEN, throwawayStore } from '../support/harness.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { SseClient } from '../support/sse.js';

/**
 * DESIGN.md, "Live events": with several instances on PostgreSQL, a NOTIFY
 * wakes the others, which read the rows and fan out; the database is the truth,
 * so a client that reconnects to a restarted instance misses nothing.
 */
describe.runIf(DIALECT === 'postgres')('two servers on one PostgreSQL', () => {
  let made: Awaited<ReturnType<typeof throwawayStore>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    made = await throwawayStore();
    await made.store.close();
    // Both instances share the data directory: the one checkpoint signing key.
    a = await spawnServer({ dataDir: made.dataDir, databaseUrl: made.databaseUrl });
    b = await spawnServer({ dataDir: made.dataDir, databaseUrl: made.databaseUrl });
  }, 60_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await made.drop();
  });

  it('a stop raised through server A reaches a client of server B, which survives B being killed', { timeout: 60_000 }, async () => {
    const post = async (server: ServerProcess, path: string, body: unknown, token?: string) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { token: string; production: { id: string }; stop: { id: string } } };
    };
    const { body: setup } = await post(a, '/api/setup', { setupToken: SETUP_TOKEN, email: 'ines@example.test', name: 'Ines', password: PASSWORD });
    const token = setup.token;
    const pid = (await post(a, '/api/productions', { name: 'Two Servers', timezone: 'UTC' }, token)).body.production.id;
    const raise = async (reason: string) => {
      const res = await post(a, `/api/productions/${pid}/stops`, { reason }, token);
      expect(res.status).toBe(201);
      return res.body.stop.id;
    };
    const connect = (server: ServerProcess, lastEventId?: string) =>
      SseClient.connect(`${server.url}/api/productions/${pid}/live?deviceId=armorer-tablet`, {
        authorization: `Bearer ${token}`,
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      });

    const tablet = await connect(b);
    await tablet.waitFor((e) => e.event === 'ready');
    const started = Date.now();
    const first = await raise('first, through A');
    const seen = await tablet.waitFor((e) => e.event === 'stop.raised', 2000);
    const latency = Date.now() - started;
    expect(JSON.parse(seen.data).stop.id).toBe(first);
    expect(latency).toBeLessThan(1000);

    await b.kill();
    await tablet.close();
    const whileDown = [await raise('second, while B is down'), await raise('third, while B is down')];
    b = await spawnServer({ dataDir: made.dataDir, databaseUrl: made.databaseUrl });
    const back = await connect(b, seen.id!);
    const after = await raise('fourth, after B is back');
    await back.waitFor((e) => e.event === 'stop.raised' && JSON.parse(e.data).stop.id === after, 3000);
    const received = back.events.filter((e) => e.event === 'stop.raised');
    expect(received.map((e) => JSON.parse(e.data).stop.id)).toEqual([...whileDown, after]);
    const ids = received.map((e) => Number(e.id));
    expect(ids).toEqual([Number(seen.id) + 1, Number(seen.id) + 2, Number(seen.id) + 3]);
    await back.close();
  });
});
