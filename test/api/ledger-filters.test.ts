import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/domain/schedule/calendar.js';
import { entryLeafHash } from '../../src/ledger/entry.js';
import { startApp, type TestApp } from '../support/harness.js';
import { asDatabaseOwner } from '../support/tamper.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

interface Stored {
  index: number;
  leafHash: string;
  entry: { type: string; at: string; actor: { userId?: string } | null; data: Record<string, unknown> };
}

interface Page {
  from: number;
  to: number;
  treeSize: number;
  matched: number;
  entries: Stored[];
}

const ZONE = 'America/Denver';

/**
 * The ledger page's filters on the server: by entry type, by the person an
 * entry names, by the production's calendar day, newest first and a page at a
 * time, with the count of everything that matches. The plain from/to read
 * stays exactly as the v1 contract has it.
 */
describe('the ledger entries, filtered', () => {
  let t: TestApp;
  let producer: Person;
  let maya: Person;
  let extra: Person;
  let pid: string;
  let otherPid: string;
  let outsider: Person;
  let all: Stored[];

  const get = (who: Person | null, query: string, production = pid) =>
    t.call('GET', `/api/productions/${production}/ledger/entries${query ? `?${query}` : ''}`, { token: who?.token });
  async function page(query: string): Promise<Page> {
    const res = await get(producer, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const indices = (entries: Stored[]) => entries.map((e) => e.index);
  /** What a filter must keep, worked out here from the whole log as read back. */
  const names = (e: Stored, userId: string) => JSON.stringify(e.entry).includes(JSON.stringify(userId));
  const onDay = (e: Stored, day: string) => localDate(new Date(e.entry.at), ZONE) === day;

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t, 'Rosa Vance');
    pid = (await createProduction(t, producer, 'Dust Devil')).id;
    maya = await addPerson(t, producer, pid, ['crew'], 'Maya Stone');
    extra = await addPerson(t, producer, pid, ['crew'], 'Lee Extra');
    for (const number of ['27', '58']) {
      const res = await t.call('POST', `/api/productions/${pid}/scenes`, { token: producer.token, body: { number, description: 'Saloon', hazards: [] } });
      expect(res.statusCode, res.body).toBe(201);
    }
    // 23:30 in Denver on 22 November, 06:30 on the 23rd in UTC: the production's day, not the server's.
    t.clock.time = new Date('2026-11-23T06:30:00.000Z');
    const stop = await t.call('POST', `/api/productions/${pid}/stops`, { token: maya.token, body: { reason: 'Horse loose near the rigging' } });
    expect(stop.statusCode, stop.body).toBe(201);
    const stopId = stop.json().stop.id;
    // Refused and recorded: only the safety advisor lifts a stop (S1).
    const lift = await t.call('POST', `/api/productions/${pid}/stops/${stopId}/lift`, {
      token: producer.token,
      body: { resolution: 'Fine.', confirmations: [{ userId: maya.id, pin: maya.pin }] },
    });
    expect(lift.statusCode, lift.body).toBe(422);
    // Refused and recorded: a crew member changing someone else's contact details.
    const contact = await t.call('PUT', `/api/productions/${pid}/members/${extra.id}/contact`, { token: maya.token, body: { phone: '+1 505 555 0100' } });
    expect(contact.statusCode, contact.body).toBe(422);
    // 00:30 in Denver on the 23rd.
    t.clock.time = new Date('2026-11-23T07:30:00.000Z');
    const removed = await t.call('DELETE', `/api/productions/${pid}/members/${extra.id}`, { token: producer.token });
    expect(removed.statusCode, removed.body).toBe(200);
    const late = await t.call('POST', `/api/productions/${pid}/scenes`, { token: producer.token, body: { number: '59', description: 'Corral at dawn', hazards: [] } });
    expect(late.statusCode, late.body).toBe(201);

    // Someone on another production only.
    otherPid = (await createProduction(t, producer, 'Night Shift')).id;
    outsider = await addPerson(t, producer, otherPid, ['crew'], 'Nadia Outside');
    all = (await page('')).entries;
  });
  afterAll(() => t.close());

  it('keeps the v1 read: every entry in index order, from and to as before, and the count of the range', async () => {
    const whole = await page('');
    expect(indices(whole.entries)).toEqual([...Array(whole.treeSize).keys()]);
    expect(whole).toMatchObject({ from: 0, to: whole.treeSize, matched: whole.treeSize });
    const slice = await page('from=2&to=5');
    expect(indices(slice.entries)).toEqual([2, 3, 4]);
    expect(slice).toMatchObject({ from: 2, to: 5, matched: 3 });
    for (const e of slice.entries) expect(e.leafHash).toBe(Buffer.from(entryLeafHash(e.entry as never)).toString('base64'));
  });

  it('filters by exact type and by the end of a type, and counts what matches', async () => {
    const stops = await page('type=stop.raised,stop.acknowledged,stop.lifted');
    expect(stops.entries.map((e) => e.entry.type)).toEqual(['stop.raised']);
    expect(stops.matched).toBe(1);

    const refusals = await page('type=*.refused');
    expect(refusals.entries.map((e) => e.entry.type).sort()).toEqual(['member.contact.refused', 'stop.lift.refused']);
    expect(indices(refusals.entries)).toEqual(indices(all.filter((e) => e.entry.type.endsWith('.refused'))));

    const mixed = await page('type=scene.created,*.refused,member.removed');
    const want = all.filter((e) => ['scene.created', 'member.removed'].includes(e.entry.type) || e.entry.type.endsWith('.refused'));
    expect(indices(mixed.entries)).toEqual(indices(want));
    expect(mixed.matched).toBe(want.length);

    // `_` in a type is a letter, not a wildcard; and an unknown type matches nothing.
    expect((await page('type=stop.raise_')).matched).toBe(0);
    expect((await page('type=firearm.hand_off')).matched).toBe(0);
  });

  it('filters by the person an entry names, as actor or anywhere in its data, removed members included', async () => {
    const mayas = await page(`person=${maya.id}`);
    expect(indices(mayas.entries)).toEqual(indices(all.filter((e) => names(e, maya.id))));
    // Her own acts and the acts about her.
    expect(mayas.entries.map((e) => e.entry.type)).toEqual(expect.arrayContaining(['member.added', 'stop.raised', 'member.contact.refused']));
    expect(mayas.entries.some((e) => e.entry.actor?.userId !== maya.id)).toBe(true);

    const extras = await page(`person=${extra.id}`);
    expect(extras.entries.map((e) => e.entry.type)).toContain('member.removed');
    expect(indices(extras.entries)).toEqual(indices(all.filter((e) => names(e, extra.id))));

    // Someone the log never names, and a member of another production: nothing.
    expect((await page('person=no-such-person')).matched).toBe(0);
    expect((await page(`person=${outsider.id}`)).matched).toBe(0);
  });

  it('filters by the day in the production’s time zone, not in UTC', async () => {
    const twentySecond = await page('day=2026-11-22');
    expect(indices(twentySecond.entries)).toEqual(indices(all.filter((e) => onDay(e, '2026-11-22'))));
    expect(twentySecond.entries.map((e) => e.entry.type)).toContain('stop.raised');
    expect(twentySecond.entries.map((e) => e.entry.type)).not.toContain('member.removed');

    const twentyThird = await page('day=2026-11-23');
    expect(twentyThird.entries.map((e) => e.entry.type)).toEqual(['member.removed', 'scene.created']);
    expect(twentyThird.matched + twentySecond.matched).toBe(all.length);
    expect((await page('day=2026-11-24')).matched).toBe(0);

    // Filters combine: the 22nd, Maya, refusals.
    const combined = await page(`day=2026-11-22&person=${extra.id}&type=*.refused`);
    expect(combined.entries.map((e) => e.entry.type)).toEqual(['member.contact.refused']);
    expect(indices(combined.entries)).toEqual(
      indices(all.filter((e) => onDay(e, '2026-11-22') && names(e, extra.id) && e.entry.type.endsWith('.refused'))),
    );
  });

  it('pages newest first with a limit, the next page ending where the last one stopped', async () => {
    const scenes = all.filter((e) => e.entry.type === 'scene.created').map((e) => e.index).reverse();
    expect(scenes).toHaveLength(3);
    const first = await page('type=scene.created&order=desc&limit=2');
    expect(indices(first.entries)).toEqual(scenes.slice(0, 2));
    expect(first.matched).toBe(3);
    const next = await page(`type=scene.created&order=desc&limit=2&to=${first.entries.at(-1)!.index}`);
    expect(indices(next.entries)).toEqual(scenes.slice(2));
    expect(next.matched).toBe(1);
    // Oldest first from an index, for the page of newer entries.
    const newer = await page(`type=scene.created&order=asc&limit=1&from=${scenes[2]! + 1}`);
    expect(indices(newer.entries)).toEqual([scenes[1]]);
    expect(newer.matched).toBe(2);
    // Unfiltered, newest first.
    const latest = await page('order=desc&limit=3');
    expect(indices(latest.entries)).toEqual([all.length - 1, all.length - 2, all.length - 3]);
    expect(latest.matched).toBe(all.length);
    // A limit of 0 only counts.
    const counted = await page(`person=${maya.id}&limit=0`);
    expect(counted.entries).toEqual([]);
    expect(counted.matched).toBe(all.filter((e) => names(e, maya.id)).length);
  });

  it('without a limit, answers every match, newest first', async () => {
    const busy = (await createProduction(t, producer, 'Long Night')).id;
    for (let i = 0; i < 30; i++) {
      const res = await t.call('POST', `/api/productions/${busy}/scenes`, { token: producer.token, body: { number: `${i}`, description: 'Night', hazards: [] } });
      expect(res.statusCode).toBe(201);
    }
    const res = await t.call('GET', `/api/productions/${busy}/ledger/entries?type=scene.created&order=desc`, { token: producer.token });
    const body: Page = res.json();
    expect(body.matched).toBe(30);
    expect(indices(body.entries)).toEqual([...Array(30).keys()].map((i) => 31 - i));
  });

  it('refuses a malformed filter naming the parameter', async () => {
    for (const [query, param] of [
      ['type=stop raised', 'type'],
      ['type=stop.raised,', 'type'],
      ['type=%25.refused', 'type'],
      ['person=a%22b', 'person'],
      ['day=2026-11-31', 'day'],
      ['order=newest', 'order'],
      ['limit=-1', 'limit'],
    ] as const) {
      const res = await get(producer, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path), query).toContain(`querystring.${param}`);
    }
  });

  it('answers a filter over a row rewritten by hand without failing: that row simply does not match', async () => {
    const scratch = (await createProduction(t, producer, 'Scratch')).id;
    await asDatabaseOwner(t.deps.store, [`UPDATE ledger_entries SET entry = 'not json at all' WHERE production_id = '${scratch}' AND idx = 1`]);
    const res = await t.call('GET', `/api/productions/${scratch}/ledger/entries?type=member.added,*.refused&person=${producer.id}&day=2026-11-23`, {
      token: producer.token,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().matched).toBe(0);
  });

  it('keeps productions apart: another production’s member gets 404 whatever the filter, no account 401', async () => {
    for (const query of ['', `person=${maya.id}`, 'type=*.refused&order=desc&limit=5', 'day=2026-11-22']) {
      const res = await get(outsider, query);
      expect(res.statusCode, query).toBe(404);
      expect(JSON.stringify(res.json())).not.toContain('Horse');
      expect((await get(null, query)).statusCode).toBe(401);
    }
    // Their own production's log does not hold Dust Devil's people.
    const own = await t.call('GET', `/api/productions/${otherPid}/ledger/entries?person=${maya.id}`, { token: outsider.token });
    expect(own.statusCode).toBe(200);
    expect(own.json().matched).toBe(0);
  });

  it('names everyone the log can name, former members too, and nobody from another production', async () => {
    const res = await t.call('GET', `/api/productions/${pid}/ledger/people`, { token: maya.token });
    expect(res.statusCode, res.body).toBe(200);
    const people: Array<{ userId: string; name: string; member: boolean }> = res.json().people;
    expect(people.find((p) => p.userId === extra.id)).toEqual({ userId: extra.id, name: 'Lee Extra', member: false });
    expect(people.find((p) => p.userId === maya.id)).toEqual({ userId: maya.id, name: 'Maya Stone', member: true });
    expect(people.find((p) => p.userId === producer.id)?.member).toBe(true);
    expect(people.map((p) => p.name)).toEqual([...people.map((p) => p.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(JSON.stringify(people)).not.toContain('@');

    const theirs = await t.call('GET', `/api/productions/${otherPid}/ledger/people`, { token: outsider.token });
    expect(theirs.json().people.map((p: { name: string }) => p.name)).toEqual(['Nadia Outside', 'Rosa Vance']);
    expect((await t.call('GET', `/api/productions/${pid}/ledger/people`, { token: outsider.token })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/productions/${pid}/ledger/people`, {})).statusCode).toBe(401);
  });
});
