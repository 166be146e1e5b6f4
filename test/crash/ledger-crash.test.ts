import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SETUP_TOKEN, throwawayStore } from '../support/harness.js';
import { spawnServer } from '../support/process.js';
import { ndjsonLines, verifyBundle } from '../../src/ledger/bundle.js';

const ROUNDS = 20;

/**
 * A custody entry that got a 2xx survives kill -9 of the server: a child
 * server appending as fast as it can is SIGKILLed at random moments; after
 * each restart every acknowledged write is there and the log verifies.
 */
describe('kill -9 while appending', () => {
  let made: Awaited<ReturnType<typeof throwawayStore>>;
  beforeAll(async () => {
    made = await throwawayStore();
    // The child owns the database; this process only needs the throwaway's name.
    await made.store.close();
  });
  afterAll(() => made.drop());

  it(`loses no acknowledged write across ${ROUNDS} SIGKILLs`, { timeout: 240_000 }, async () => {
    const start = () => spawnServer({ dataDir: made.dataDir, databaseUrl: made.databaseUrl });
    let server = await start();
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const setup = await post('/api/setup', { setupToken: SETUP_TOKEN, email: 'armorer@example.test', name: 'Hank', password: PASSWORD });
    const { token } = (await setup.json()) as { token: string };
    const created = await post('/api/productions', { name: 'Crash Test', timezone: 'UTC' }, token);
    const pid = ((await created.json()) as { production: { id: string } }).production.id;

    const acknowledged = new Map<string, number>();
    let attempted = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let running = true;
      // Four writers at once, as fast as the server answers.
      const writers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; running; i++) {
          const number = `${round}-${w}-${i}`;
          attempted++;
          try {
            const res = await post(`/api/productions/${pid}/scenes`, { number, description: 'crash', hazards: ['firearms'] }, token);
            if (res.status === 201) acknowledged.set(number, ((await res.json()) as { receipt: { index: number } }).receipt.index);
          } catch {
            return; // the server died mid-request: this write was never acknowledged
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 400));
      await server.kill();
      running = false;
      await Promise.all(writers);
      server = await start();
    }

    const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
    const schedule = (await get(`/api/productions/${pid}/schedule`)) as { scenes: Array<{ number: string }> };
    const stored = new Set(schedule.scenes.map((scene) => scene.number));
    const lost = [...acknowledged.keys()].filter((number) => !stored.has(number));
    const entries = ((await get(`/api/productions/${pid}/ledger/entries`)) as { entries: Array<{ index: number; entry: { type: string; data: { number?: string } } }> }).entries;
    const byIndex = new Map(entries.map((e) => [e.index, e.entry]));
    const misplaced = [...acknowledged].filter(([number, index]) => byIndex.get(index)?.data.number !== number);
    // Every scene row has its ledger entry and the other way round: nothing half-written.
    const sceneEntries = entries.filter((e) => e.entry.type === 'scene.created').map((e) => e.entry.data.number);
    expect(new Set(sceneEntries)).toEqual(stored);

    const bundle = await fetch(`${server.url}/api/productions/${pid}/ledger/export`, { headers: { authorization: `Bearer ${token}` } });
    const report = await verifyBundle(ndjsonLines([await bundle.text()]));
    await server.stop();

    console.log(`crash: ${ROUNDS} kills, ${attempted} writes attempted, ${acknowledged.size} acknowledged, ${lost.length} lost, log of ${entries.length} entries verifies: ${report.ok}`);
    expect(acknowledged.size).toBeGreaterThan(ROUNDS);
    expect(lost).toEqual([]);
    expect(misplaced).toEqual([]);
    expect(report).toMatchObject({ ok: true, treeSize: entries.length });
  });
});
