import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayStore, DIALECT } from '../support/harness.js';
import { repositories, type Store } from '../../src/store/index.js';
import { LiveHub, type Subscriber } from '../../src/server/live.js';

/** A production of many devices: the live heartbeat records every one, and a failed write is heard, never swallowed. */
describe(`presence at scale on ${DIALECT}`, () => {
  let store: Store;
  let drop: () => Promise<void>;
  const repos = () => repositories(store.db, store.dialect);
  const at = '2026-11-22T14:00:00.000Z';

  beforeAll(async () => {
    ({ store, drop } = await throwawayStore());
    await repos().users.insert({ id: 'u', email: 'u@example.test', name: 'U', password_hash: null, pin_hash: null, created_at: at });
    await repos().productions.insert({ id: 'p', name: 'Big Crowd Day', timezone: 'UTC', set_code: 'CROWD00001', created_by: 'u', created_at: at });
    await repos().live.open('p');
  });
  afterAll(() => drop());

  it('records 9,000 devices in one heartbeat, more than one SQLite statement can hold', async () => {
    const hub = new LiveHub({ repos, writes: repos, clock: () => new Date(at) });
    const subscribers: Subscriber[] = Array.from({ length: 9000 }, (_, i) => ({ userId: 'u', deviceId: `extra-${i}`, lastSeq: 0, catchingUp: false, write: () => undefined }));
    // Put them on the hub's channel without 9,000 separate subscribe round trips.
    await hub.subscribe('p', subscribers[0]!);
    const channel = (hub as unknown as { channels: Map<string, { subscribers: Set<Subscriber> }> }).channels.get('p')!;
    for (const subscriber of subscribers) channel.subscribers.add(subscriber);
    await hub.heartbeat();
    expect(await repos().live.connected('p', at)).toHaveLength(9000);
  });

  it('reports a presence write that fails instead of dropping it', async () => {
    const heard: Array<{ what: string }> = [];
    const broken = () => {
      throw new Error('database is gone');
    };
    const hub = new LiveHub({ repos, writes: broken, clock: () => new Date(at), heartbeatMs: 20, pollMs: 1000, onError: (_error, what) => heard.push({ what }) });
    const channel = { subscribers: new Set<Subscriber>([{ userId: 'u', deviceId: 'phone', lastSeq: 0, catchingUp: false, write: () => undefined }]), seq: 0, reading: false, again: false };
    (hub as unknown as { channels: Map<string, typeof channel> }).channels.set('p', channel);
    hub.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    hub.stop();
    expect(heard.length).toBeGreaterThan(0);
    expect(heard[0]!.what).toBe('presence heartbeat failed');
  });
});
