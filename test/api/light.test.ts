import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayLight, DEFAULT_LEAD_MINUTES } from '../../src/domain/light/sun.js';
import { DIALECT, startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/** A DP names the light they want at a location; the unit sees when it comes on each day shot there. */
describe(`the light at a location on ${DIALECT}`, () => {
  let t: TestApp;
  let producer: Person;
  let sam: Person;
  let dp: Person;
  let maya: Person;
  let gaffer: Person;
  let pid: string;
  let otherPid: string;
  let otherProducer: Person;
  let ranch: string;
  let svalbard: string;
  let theirs: string;

  const RANCH = { name: 'Bonanza Creek Ranch', latitude: 35.5405, longitude: -106.0656, timezone: 'America/Denver' };
  const HERD = { name: 'Low sun east-south-east behind the herd', azimuthFrom: 100, azimuthTo: 125, altitudeFrom: 5, altitudeTo: 15, notes: '75 mm, backlit dust' };

  const call = (who: Person, method: string, path: string, body?: unknown, production = pid) =>
    t.call(method, `/api/productions/${production}${path}`, { token: who.token, ...(body !== undefined ? { body } : {}) });
  const ok = async (status: number, sent: ReturnType<typeof call>) => {
    const res = await sent;
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const fields = async (sent: ReturnType<typeof call>) => {
    const res = await sent;
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return (res.json().errors as Array<{ path: string }>).map((e) => e.path).sort();
  };

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    pid = (await createProduction(t, producer, 'Dust Devil')).id;
    sam = await addPerson(t, producer, pid, ['first_ad'], 'Sam Whitlock');
    dp = await addPerson(t, producer, pid, ['department_head'], 'Rey Okonkwo');
    maya = await addPerson(t, producer, pid, ['crew'], 'Maya Stone');
    gaffer = await addPerson(t, producer, pid, ['crew'], 'Gus Gaffer');
    await ok(200, call(producer, 'PATCH', `/members/${dp.id}`, { department: 'Camera' }));
    ranch = (await ok(201, call(sam, 'POST', '/locations', RANCH))).location.id;
    svalbard = (await ok(201, call(sam, 'POST', '/locations', { name: 'Adventdalen', latitude: 78.2232, longitude: 15.6267, timezone: 'Arctic/Longyearbyen' }))).location.id;

    otherPid = (await createProduction(t, producer, 'Night Shift')).id;
    otherProducer = await addPerson(t, producer, otherPid, ['producer'], 'Nico Night');
    theirs = (await ok(201, call(otherProducer, 'POST', '/locations', RANCH, otherPid))).location.id;
  });
  afterAll(() => t.close());

  it('tells the day’s light at a real place: the events, the path every ten minutes, and what it assumes', async () => {
    const light = await ok(200, call(maya, 'GET', `/locations/${ranch}/light?date=2026-11-22`));
    const expected = dayLight(RANCH, '2026-11-22');
    expect(light).toMatchObject({
      location: { id: ranch, name: RANCH.name },
      date: '2026-11-22',
      timezone: 'America/Denver',
      polar: null,
      sunrise: expected.sunrise,
      sunset: expected.sunset,
      civilDawn: expected.civilDawn,
      civilDusk: expected.civilDusk,
      solarNoon: expected.solarNoon,
      sunriseAzimuth: expected.sunriseAzimuth,
      sunsetAzimuth: expected.sunsetAzimuth,
      goldenHour: expected.goldenHour,
      blueHour: expected.blueHour,
      targets: [],
      shootDays: [],
    });
    expect(Date.parse(light.civilDawn)).toBeLessThan(Date.parse(light.sunrise));
    expect(light.path).toHaveLength(24 * 6 + 1);
    expect(light.path[0]).toEqual({ at: '2026-11-22T07:00:00.000Z', altitude: expect.any(Number), azimuth: expect.any(Number), shadowPerMetre: null });
    expect(light.assumptions.join(' ')).toMatch(/0\.833° below the horizon/);
    // Without a date: today at the location (the clock reads 07:00 in Denver on 22 November).
    expect((await ok(200, call(maya, 'GET', `/locations/${ranch}/light`))).date).toBe('2026-11-22');
  });

  it('says polar day and polar night instead of inventing a sunrise', async () => {
    const june = await ok(200, call(maya, 'GET', `/locations/${svalbard}/light?date=2026-06-21`));
    expect(june).toMatchObject({ polar: 'day', sunrise: null, sunset: null, sunriseAzimuth: null, sunsetAzimuth: null });
    expect(june.remarks[0]).toMatch(/^Midnight sun/);
    const december = await ok(200, call(maya, 'GET', `/locations/${svalbard}/light?date=2026-12-21`));
    expect(december).toMatchObject({ polar: 'night', sunrise: null, sunset: null });
    expect(december.remarks[0]).toMatch(/^Polar night/);
  });

  let herd: string;
  it('the DP names a sun position; its window shows on the day asked for and on each shoot day at the location, with a call', async () => {
    const named = await ok(201, call(dp, 'POST', `/locations/${ranch}/light-targets`, HERD));
    expect(named.target).toMatchObject({ ...HERD, locationId: ranch, leadMinutes: null, createdBy: dp.id });
    expect(named.receipt).toMatchObject({ index: expect.any(Number), checkpoint: expect.any(String) });
    herd = named.target.id;

    const day = (await ok(201, call(sam, 'POST', '/shoot-days', { date: '2026-11-24', sceneIds: [], locationIds: [ranch] }))).shootDay.id;
    const expected = dayLight(RANCH, '2026-11-24', [{ id: herd, ...HERD }]).targets[0]!;
    expect(expected.windows).toHaveLength(1);

    const light = await ok(200, call(maya, 'GET', `/locations/${ranch}/light?date=2026-11-24`));
    expect(light.targets).toEqual([{ id: herd, ...HERD, windows: expected.windows, leadMinutes: DEFAULT_LEAD_MINUTES, suggestedCall: expected.suggestedCall }]);
    expect(light.shootDays).toEqual([{ id: day, date: '2026-11-24' }]);

    const list = await ok(200, call(maya, 'GET', `/locations/${ranch}/light-targets`));
    expect(list.targets.map((target: { id: string }) => target.id)).toEqual([herd]);
    expect(list.shootDays).toEqual([{ id: day, date: '2026-11-24', sunrise: expect.any(String), sunset: expect.any(String), targets: [{ id: herd, windows: expected.windows, suggestedCall: expected.suggestedCall }] }]);

    const entries = (await ok(200, call(maya, 'GET', '/ledger/entries?type=lightTarget.created'))).entries;
    expect(entries.at(-1).entry).toMatchObject({ type: 'lightTarget.created', actor: { userId: dp.id }, data: { targetId: herd, locationId: ranch, name: HERD.name, azimuthFrom: 100, leadMinutes: null } });
  });

  it('takes a lead time of the target’s own, and any member may name a light', async () => {
    const named = await ok(201, call(gaffer, 'POST', `/locations/${ranch}/light-targets`, { name: 'Sunset flare through the barn', azimuthFrom: 230, azimuthTo: 260, altitudeFrom: 0, altitudeTo: 4, leadMinutes: 45 }));
    const light = await ok(200, call(maya, 'GET', `/locations/${ranch}/light?date=2026-11-24`));
    const flare = light.targets.find((target: { id: string }) => target.id === named.target.id);
    expect(flare.leadMinutes).toBe(45);
    expect(flare.windows.length).toBeGreaterThan(0);
  });

  it('names every bad field: azimuth outside 0 to 360, altitude outside -90 to 90, an altitude range upside down', async () => {
    const path = `/locations/${ranch}/light-targets`;
    expect(await fields(call(dp, 'POST', path, { ...HERD, name: ' ', azimuthFrom: 400, azimuthTo: -1, altitudeFrom: 95 }))).toEqual(['altitudeFrom', 'azimuthFrom', 'azimuthTo', 'name']);
    expect(await fields(call(dp, 'POST', path, { ...HERD, altitudeFrom: 30, altitudeTo: 10 }))).toEqual(['altitudeFrom']);
    expect(await fields(call(dp, 'POST', path, { ...HERD, azimuthTo: 361, altitudeFrom: 30, altitudeTo: 10 }))).toEqual(['altitudeFrom', 'azimuthTo']);
    expect(await fields(call(dp, 'POST', path, { name: 'Nothing else' }))).toEqual(['altitudeFrom', 'altitudeTo', 'azimuthFrom', 'azimuthTo']);
    expect(await fields(call(dp, 'POST', path, { ...HERD, leadMinutes: 12.5 }))).toEqual(['leadMinutes']);
    expect(await fields(call(maya, 'GET', `/locations/${ranch}/light?date=2026-02-30`))).toEqual(['querystring.date']);
    // An azimuth range through north is a range, not an error.
    await ok(201, call(dp, 'POST', path, { name: 'Dawn over the ridge, north', azimuthFrom: 350, azimuthTo: 20, altitudeFrom: -2, altitudeTo: 2 }));
  });

  it('answers 404 for another production’s location, and for a production the caller is not on', async () => {
    expect((await call(maya, 'GET', `/locations/${theirs}/light?date=2026-11-22`)).statusCode).toBe(404);
    expect((await call(maya, 'GET', `/locations/${theirs}/light-targets`)).statusCode).toBe(404);
    expect((await call(dp, 'POST', `/locations/${theirs}/light-targets`, HERD)).statusCode).toBe(404);
    expect((await call(otherProducer, 'GET', `/locations/${ranch}/light`)).statusCode).toBe(404);
    expect((await call(otherProducer, 'POST', `/locations/${theirs}/light-targets`, HERD, otherPid)).statusCode).toBe(201);
    expect((await call(dp, 'DELETE', `/locations/${svalbard}/light-targets/${herd}`)).statusCode).toBe(404);
    expect((await t.call('GET', `/api/productions/${pid}/locations/${ranch}/light`)).statusCode).toBe(401);
  });

  it('lets only the one who named it, the head of camera, the 1st AD or the producer take a light off; a refusal is on the record', async () => {
    const refused = await call(maya, 'DELETE', `/locations/${ranch}/light-targets/${herd}`);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().rule).toBe('ROLES');
    expect(refused.json().receipt).toBeDefined();

    const mine = (await ok(201, call(maya, 'POST', `/locations/${ranch}/light-targets`, { ...HERD, name: 'Maya’s idea' }))).target.id;
    expect((await ok(200, call(maya, 'DELETE', `/locations/${ranch}/light-targets/${mine}`))).target).toMatchObject({ id: mine, archivedAt: expect.any(String) });
    expect((await ok(200, call(dp, 'DELETE', `/locations/${ranch}/light-targets/${herd}`))).target.id).toBe(herd);
    const flare = (await ok(200, call(maya, 'GET', `/locations/${ranch}/light-targets`))).targets.find((target: { name: string }) => target.name.startsWith('Sunset flare')).id;
    await ok(200, call(sam, 'DELETE', `/locations/${ranch}/light-targets/${flare}`));

    const left = (await ok(200, call(maya, 'GET', `/locations/${ranch}/light-targets`))).targets.map((target: { name: string }) => target.name);
    expect(left).toEqual(['Dawn over the ridge, north']);
    expect((await call(dp, 'DELETE', `/locations/${ranch}/light-targets/${herd}`)).statusCode).toBe(404);
    const types = (await ok(200, call(maya, 'GET', '/ledger/entries?type=lightTarget.archived,lightTarget.archive.refused'))).entries.map((e: { entry: { type: string } }) => e.entry.type);
    expect(types).toEqual(['lightTarget.archive.refused', 'lightTarget.archived', 'lightTarget.archived', 'lightTarget.archived']);
  });
});
