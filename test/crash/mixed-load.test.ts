import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT, PASSWORD, SETUP_TOKEN } from '../support/harness.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { privatePostgres, type PrivatePostgres } from '../support/postgres.js';
import { ndjsonLines, verifyBundle } from '../../src/ledger/bundle.js';
import { openStore } from '../../src/store/index.js';

const ROUNDS = 30;
/** On PostgreSQL, the database itself is killed and restarted mid-load in these rounds too. */
const DATABASE_KILL_ROUNDS = new Set(DIALECT === 'postgres' ? [2, 7, 12, 17, 22, 27] : []);

/**
 * Nothing acknowledged is ever lost. The real server, as a child process,
 * takes custody events, stops (raised, acknowledged, lifted) and concerns
 * (named and through the set's public code) from several writers at once,
 * and is SIGKILLed at a random moment, 30 times. On PostgreSQL the database
 * server is also SIGKILLed and restarted under the load. Afterwards every
 * write that got a 2xx is there, at the ledger index its receipt named; every
 * state row has its ledger entry and every ledger entry its row; and the
 * exported log verifies.
 */

interface Acknowledged {
  kind: 'custody' | 'stop' | 'ack' | 'lift' | 'concern';
  /** the row's id (for an ack, `<stopId>/<deviceId>`) */
  id: string;
  /** the ledger index its receipt named (an ack answers 204 with no receipt) */
  index?: number;
  type: string;
}

interface Cast {
  producer: string;
  armorer: Person;
  firstAd: Person;
  advisor: Person;
  grip: Person;
  performers: Person[];
}

interface Person {
  id: string;
  token: string;
  pin: string;
}

/** An answer's JSON body. */
type Json = unknown;

/** The value at a path in a JSON body; the test's own checks say whether it is what was expected. */
function at(body: Json, ...path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}
const text = (body: Json, ...path: string[]) => String(at(body, ...path));
const index = (body: Json, ...path: string[]) => at(body, ...path) as number | undefined;

interface Answer {
  status: number;
  body: Json;
}

class Client {
  constructor(public url: string) {}

  /** The answer, or null when the server died with the request in flight (never acknowledged). */
  async send(method: string, route: string, token: string | null, body?: unknown): Promise<Answer | null> {
    try {
      const res = await fetch(`${this.url}${route}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    } catch {
      return null;
    }
  }

  async must(method: string, route: string, token: string | null, body?: unknown): Promise<Json> {
    const res = await this.send(method, route, token, body);
    if (!res || res.status >= 300) throw new Error(`${method} ${route}: ${res?.status} ${JSON.stringify(res?.body)}`);
    return res.body;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`kill -9 under a mixed write load, on ${DIALECT}`, () => {
  let dataDir: string;
  let database: PrivatePostgres | null = null;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-crash-'));
    if (DIALECT === 'postgres') database = await privatePostgres();
  });
  afterAll(async () => {
    await database?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses no acknowledged write across ${ROUNDS} SIGKILLs${DIALECT === 'postgres' ? ' and 6 database crashes' : ''}, and leaves nothing half-written`, { timeout: 600_000 }, async () => {
    const start = () => spawnServer({ dataDir, databaseUrl: database?.url });
    let server: ServerProcess = await start();
    let api = new Client(server.url);
    const { cast, pid, setCode, firearms, day, scene, lot } = await buildSet(api);
    const p = (suffix: string) => `/api/productions/${pid}${suffix}`;

    const acknowledged: Acknowledged[] = [];
    const answered = new Map<number, number>();
    let attempted = 0;
    let databaseKills = 0;
    const tally = (res: Answer | null) => {
      attempted++;
      if (res) answered.set(res.status, (answered.get(res.status) ?? 0) + 1);
      return res;
    };

    for (let round = 0; round < ROUNDS; round++) {
      let running = true;
      const client = api;
      const writers: Array<Promise<void>> = [];

      // Custody: each firearm goes inspect -> hand off -> return, as on a shooting day; after a refusal it looks again.
      firearms.forEach((firearm, i) => {
        const performer = cast.performers[i]!;
        const events = p(`/firearms/${firearm}/events`);
        writers.push(
          (async () => {
            let next: 'inspect' | 'hand_off' | 'return' | null = await nextCustodyStep(client, p(`/firearms/${firearm}`), cast.armorer.token);
            while (running && next) {
              const body =
                next === 'inspect'
                  ? { type: 'inspect', load: 'dummy', rounds: [{ lotId: lot, count: 6 }], barrelClear: true }
                  : next === 'hand_off'
                    ? { type: 'hand_off', toUserId: performer.id, shootDayId: day, sceneId: scene, confirmations: [{ userId: performer.id, pin: performer.pin }, { userId: cast.firstAd.id, pin: cast.firstAd.pin }] }
                    : { type: 'return', fromUserId: performer.id, confirmations: [{ userId: performer.id, pin: performer.pin }] };
              const res = tally(await client.send('POST', events, cast.armorer.token, body));
              if (!res) return;
              if (res.status === 201) {
                acknowledged.push({ kind: 'custody', id: text(res.body, 'event', 'id'), index: index(res.body, 'receipt', 'index'), type: `firearm.${next}` });
                next = next === 'inspect' ? 'hand_off' : next === 'hand_off' ? 'return' : 'inspect';
              } else {
                if (res.status >= 500) await pause(50);
                next = await nextCustodyStep(client, p(`/firearms/${firearm}`), cast.armorer.token);
              }
            }
          })(),
        );
      });

      // Stops: the grip stops work, acknowledges on his phone, and the advisor lifts it with the 1st AD's PIN.
      writers.push(
        (async () => {
          for (let n = 0; running; n++) {
            const raised = tally(await client.send('POST', p('/stops'), cast.grip.token, { reason: `crash round ${round}`, location: 'Stage 2' }));
            if (!raised) return;
            if (raised.status !== 201) {
              await pause(50);
              continue;
            }
            const stopId = text(raised.body, 'stop', 'id');
            acknowledged.push({ kind: 'stop', id: stopId, index: index(raised.body, 'receipt', 'index'), type: 'stop.raised' });
            const deviceId = `grip-phone-${round}-${n}`;
            const ack = tally(await client.send('POST', p(`/stops/${stopId}/ack`), cast.grip.token, { deviceId }));
            if (!ack) return;
            if (ack.status === 204) acknowledged.push({ kind: 'ack', id: `${stopId}/${deviceId}`, type: 'stop.acknowledged' });
            if (!(await liftEveryActiveStop(client, p, cast, acknowledged, tally))) return;
          }
        })(),
      );

      // Concerns: a named one from the grip, then an anonymous one through the set's code, in turn.
      writers.push(
        (async () => {
          for (let n = 0; running; n++) {
            const body = { category: 'rigging', severity: 'low', description: `Loose truss, round ${round}, report ${n}` };
            const res = tally(
              n % 2 === 0 ? await client.send('POST', p('/concerns'), cast.grip.token, body) : await client.send('POST', `/api/sets/${setCode}/concerns`, null, body),
            );
            if (!res) return;
            if (res.status === 201) acknowledged.push({ kind: 'concern', id: text(res.body, 'concern', 'id'), index: index(res.body, 'receipt', 'index'), type: 'concern.reported' });
            else await pause(50);
          }
        })(),
      );

      await pause(100 + Math.random() * 500);
      if (database && DATABASE_KILL_ROUNDS.has(round)) {
        // The database dies under the load; the server stays up, refuses meanwhile, and carries on once it is back.
        await database.kill();
        databaseKills++;
        await pause(100 + Math.random() * 300);
        await database.start();
        await pause(300 + Math.random() * 500);
      }
      // Only this test kills the server: it must not have died on its own (a dropped database connection included).
      expect(server.child.exitCode, server.output()).toBeNull();
      await server.kill();
      running = false;
      await Promise.all(writers);
      server = await start();
      api = new Client(server.url);
    }

    // Whatever the last kill left active is lifted, so the set ends in a known state.
    expect(await liftEveryActiveStop(api, p, cast, acknowledged, (res) => res)).toBe(true);
    const bundle = await fetch(`${server.url}${p('/ledger/export')}`, { headers: { authorization: `Bearer ${cast.producer}` } });
    expect(bundle.status).toBe(200);
    const report = await verifyBundle(ndjsonLines([await bundle.text()]));
    await server.stop();

    // Read the database itself, as an investigator with the files would.
    const store = await openStore({ dataDir, databaseUrl: database?.url });
    try {
      const rows = async <T,>(query: ReturnType<typeof sql<T>>) => (await query.execute(store.db)).rows;
      const entries = (await rows(sql<{ idx: number; entry: string }>`SELECT idx, entry FROM ledger_entries WHERE production_id = ${pid} ORDER BY idx`)).map((row) => ({
        index: Number(row.idx),
        ...(JSON.parse(row.entry) as { type: string; data: Record<string, unknown> }),
      }));
      const events = await rows(sql<{ id: string; firearm_id: string; type: string; ledger_index: number }>`SELECT id, firearm_id, type, ledger_index FROM firearm_events WHERE production_id = ${pid}`);
      const stops = await rows(sql<{ id: string; status: string; raised_entry: number }>`SELECT id, status, raised_entry FROM stops WHERE production_id = ${pid}`);
      const acks = await rows(sql<{ stop_id: string; device_id: string }>`SELECT stop_id, device_id FROM stop_acks WHERE production_id = ${pid}`);
      const concerns = await rows(sql<{ id: string; created_entry: number }>`SELECT id, created_entry FROM concerns WHERE production_id = ${pid}`);

      const byIndex = new Map(entries.map((e) => [e.index, e]));
      const ofType = (prefix: string) => entries.filter((e) => e.type === prefix || (prefix.endsWith('.') && e.type.startsWith(prefix)));

      // 1. Every acknowledged write is there, at the index its receipt named.
      const eventsById = new Map(events.map((e) => [e.id, e]));
      const stopsById = new Map(stops.map((s) => [s.id, s]));
      const concernsById = new Map(concerns.map((c) => [c.id, c]));
      const ackKeys = new Set(acks.map((a) => `${a.stop_id}/${a.device_id}`));
      const lost = acknowledged.filter((write) => {
        const entry = write.index === undefined ? undefined : byIndex.get(write.index);
        switch (write.kind) {
          case 'custody':
            return Number(eventsById.get(write.id)?.ledger_index) !== write.index || entry?.type !== write.type;
          case 'stop':
            return Number(stopsById.get(write.id)?.raised_entry) !== write.index || entry?.data.stopId !== write.id;
          case 'lift':
            return stopsById.get(write.id)?.status !== 'lifted' || entry?.type !== 'stop.lifted' || entry.data.stopId !== write.id;
          case 'ack':
            return !ackKeys.has(write.id);
          case 'concern':
            return !concernsById.has(write.id) || (write.index !== undefined && (entry?.data.concernId !== write.id || Number(concernsById.get(write.id)!.created_entry) !== write.index));
        }
      });

      const count = (kind: Acknowledged['kind']) => acknowledged.filter((w) => w.kind === kind).length;
      const fivexx = [...answered].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
      console.log(
        `crash (${DIALECT}): ${ROUNDS} server kills${databaseKills ? ` and ${databaseKills} database kills` : ''}, ${attempted} writes attempted, ` +
          `${acknowledged.length} acknowledged (${count('custody')} custody events, ${count('stop')} stops, ${count('ack')} stop acks, ${count('lift')} lifts, ${count('concern')} concerns), ` +
          `${lost.length} lost; ${database ? `${fivexx} answered 503 while the database was down, ` : ''}${fivexx - (answered.get(503) ?? 0)} answered another 5xx; log of ${entries.length} entries verifies: ${report.ok}`,
      );
      expect(lost).toEqual([]);
      for (const kind of ['custody', 'stop', 'ack', 'lift', 'concern'] as const) expect(count(kind), kind).toBeGreaterThan(ROUNDS / 3);

      // 2. Nothing half-written: each state row has its entry, and each entry its row.
      const custodyEntries = ofType('firearm.').filter((e) => e.type !== 'firearm.added' && !e.type.endsWith('.refused'));
      expect(new Set(events.map((e) => Number(e.ledger_index)))).toEqual(new Set(custodyEntries.map((e) => e.index)));
      for (const event of events) expect(byIndex.get(Number(event.ledger_index))).toMatchObject({ type: `firearm.${event.type}`, data: { firearmId: event.firearm_id } });
      expect(new Set(stops.map((s) => Number(s.raised_entry)))).toEqual(new Set(ofType('stop.raised').map((e) => e.index)));
      for (const stop of stops) expect(byIndex.get(Number(stop.raised_entry))?.data.stopId).toBe(stop.id);
      expect(new Set(ofType('stop.lifted').map((e) => e.data.stopId))).toEqual(new Set(stops.filter((s) => s.status === 'lifted').map((s) => s.id)));
      expect(ofType('stop.lifted').length).toBe(stops.filter((s) => s.status === 'lifted').length);
      expect(new Set(ofType('stop.acknowledged').map((e) => `${e.data.stopId}/${e.data.deviceId}`))).toEqual(ackKeys);
      expect(ofType('stop.acknowledged').length).toBe(acks.length);
      expect(new Set(concerns.map((c) => Number(c.created_entry)))).toEqual(new Set(ofType('concern.reported').map((e) => e.index)));
      for (const concern of concerns) expect(byIndex.get(Number(concern.created_entry))?.data.concernId).toBe(concern.id);
      expect(stops.filter((s) => s.status === 'active')).toEqual([]);

      expect(report).toMatchObject({ ok: true, treeSize: entries.length });
      // Refused while the database was down, and then as 503 with Retry-After: never a bare 500.
      expect(fivexx - (answered.get(503) ?? 0)).toBe(0);
      if (!database) expect(fivexx).toBe(0);
    } finally {
      await store.close();
    }
  });
});

/** What a firearm needs next, read from the server: returned if a performer holds it, otherwise inspected. */
async function nextCustodyStep(client: Client, route: string, token: string): Promise<'inspect' | 'return' | null> {
  for (;;) {
    const res = await client.send('GET', route, token);
    if (!res) return null;
    if (res.status === 200) return at(res.body, 'firearm', 'state') === 'with_performer' ? 'return' : 'inspect';
    await pause(50);
  }
}

/** Lifts every active stop; false when the server died meanwhile. */
async function liftEveryActiveStop(
  client: Client,
  p: (suffix: string) => string,
  cast: Cast,
  acknowledged: Acknowledged[],
  tally: (res: Answer | null) => Answer | null,
): Promise<boolean> {
  for (;;) {
    const list = await client.send('GET', p('/stops'), cast.advisor.token);
    if (!list) return false;
    if (list.status !== 200) {
      await pause(50);
      continue;
    }
    const active = (at(list.body, 'stops') as Array<{ id: string; status: string }>).filter((stop) => stop.status === 'active');
    if (active.length === 0) return true;
    for (const stop of active) {
      const res = tally(
        await client.send('POST', p(`/stops/${stop.id}/lift`), cast.advisor.token, {
          resolution: 'Truss re-rigged and checked by the key grip.',
          confirmations: [{ userId: cast.advisor.id, pin: cast.advisor.pin }, { userId: cast.firstAd.id, pin: cast.firstAd.pin }],
        }),
      );
      if (!res) return false;
      if (res.status === 200) acknowledged.push({ kind: 'lift', id: stop.id, index: index(res.body, 'receipt', 'index'), type: 'stop.lifted' });
      else await pause(50);
    }
  }
}

/** A production with an armory ready for a shooting day: two firearms checked out, each with its performer. */
async function buildSet(api: Client) {
  const producer = text(await api.must('POST', '/api/setup', null, { setupToken: SETUP_TOKEN, email: 'dana@crash.test', name: 'Dana Producer', password: PASSWORD }), 'token');
  const created = await api.must('POST', '/api/productions', producer, { name: 'Crash Test', timezone: 'UTC' });
  const pid = text(created, 'production', 'id');
  const setCode = text(created, 'production', 'setCode');
  const p = (suffix: string) => `/api/productions/${pid}${suffix}`;
  const person = async (name: string, roles: string[]): Promise<Person> => {
    const pin = String(crypto.randomInt(1000, 9999));
    const invite = await api.must('POST', p('/members'), producer, { email: `${name.replace(/\W/g, '').toLowerCase()}@crash.test`, name, roles });
    const accepted = await api.must('POST', `/api/invitations/${text(invite, 'invitation', 'code')}/accept`, null, { name, password: PASSWORD, pin });
    return { id: text(accepted, 'user', 'id'), token: text(accepted, 'token'), pin };
  };
  const cast: Cast = {
    producer,
    armorer: await person('Hank Morrow', ['armorer']),
    firstAd: await person('Sam Whitlock', ['first_ad']),
    advisor: await person('Rosa Diaz', ['safety_advisor']),
    grip: await person('Gus Grip', ['crew']),
    performers: [await person('Val Performer', ['performer']), await person('Kit Performer', ['performer'])],
  };
  for (const who of [cast.armorer, ...cast.performers]) await api.must('POST', p('/trainings'), producer, { userId: who.id, course: 'firearms_safety', completedOn: '2026-10-30' });
  const scene = text(await api.must('POST', p('/scenes'), producer, { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] }), 'scene', 'id');
  const day = text(await api.must('POST', p('/shoot-days'), producer, { date: new Date().toISOString().slice(0, 10), sceneIds: [scene] }), 'shootDay', 'id');
  await api.must('PUT', p(`/shoot-days/${day}/duties`), producer, { duties: [{ userId: cast.armorer.id, duty: 'armorer' }] });
  await api.must('POST', p('/safety-meetings'), cast.armorer.token, {
    shootDayId: day,
    sceneIds: [scene],
    heldAt: new Date().toISOString(),
    attendeeIds: [cast.armorer.id, cast.firstAd.id, ...cast.performers.map((who) => who.id)],
    walkthrough: true,
    abortPlan: 'Cease fire on the word.',
    emergencyPlan: 'Medic at base camp.',
  });
  const lot = text(await api.must('POST', p('/ammunition'), cast.armorer.token, { lot: 'D-1', kind: 'dummy', caliber: '.45', quantity: 100_000, verification: { method: 'rattle test' } }), 'lot', 'id');
  const firearms: string[] = [];
  for (const serial of ['SN-1', 'SN-2']) {
    const firearm = text(await api.must('POST', p('/firearms'), cast.armorer.token, { serial, make: 'Colt', model: 'SAA', kind: 'blank_firing' }), 'firearm', 'id');
    await api.must('POST', p(`/firearms/${firearm}/events`), cast.armorer.token, { type: 'check_out', shootDayId: day });
    firearms.push(firearm);
  }
  return { cast, pid, setCode, firearms, day, scene, lot };
}
