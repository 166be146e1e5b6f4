import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT, startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/** A 1st AD builds the days ahead: locations, scenes and their risk assessments, calls, hours, and each person's day. */
describe(`the shoot day on ${DIALECT}`, () => {
  let t: TestApp;
  let producer: Person;
  let sam: Person;
  let ines: Person;
  let clay: Person;
  let maya: Person;
  let rosa: Person;
  let medic: Person;
  let pid: string;
  let ranch: string;
  let corral: string;
  let saloon: string;
  let tomorrow: string;

  const call = (who: Person, method: string, path: string, body?: unknown) =>
    t.call(method, `/api/productions/${pid}${path}`, { token: who.token, ...(body !== undefined ? { body } : {}) });
  const ok = async (status: number, sent: ReturnType<typeof call>) => {
    const res = await sent;
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  /** The S5 alerts sent live so far. */
  const staleAlerts = async () =>
    (await t.deps.store.db.selectFrom('live_events').select(['type', 'data']).where('production_id', '=', pid).where('type', '=', 'alert').execute())
      .map((row) => JSON.parse(row.data))
      .filter((alert) => alert.rule === 'S5');

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    pid = (await createProduction(t, producer, 'Dust Devil')).id;
    sam = await addPerson(t, producer, pid, ['first_ad'], 'Sam Whitlock');
    ines = await addPerson(t, producer, pid, ['safety_advisor'], 'Ines Okafor');
    clay = await addPerson(t, producer, pid, ['performer'], 'Clay Barrett');
    maya = await addPerson(t, producer, pid, ['crew'], 'Maya Stone');
    rosa = await addPerson(t, producer, pid, ['upm'], 'Rosa Delgado');
    medic = await addPerson(t, producer, pid, ['medic'], 'Amara Reyes');
  });
  afterAll(() => t.close());

  it('keeps a location with its zone, hospital and a map link; its zone is the production’s unless given', async () => {
    const created = await ok(
      201,
      call(sam, 'POST', '/locations', {
        name: 'Bonanza Creek Ranch',
        address: '15 Bonanza Creek Ln, Santa Fe, NM',
        latitude: 35.5405,
        longitude: -106.0656,
        hospital: { name: 'Christus St. Vincent', address: '455 St Michaels Dr, Santa Fe', phone: '+1 505 913 3361', driveMinutes: 28 },
        parking: 'Base camp in the north field',
      }),
    );
    expect(created.location).toMatchObject({ timezone: 'America/Denver', mapUrl: 'https://www.openstreetmap.org/?mlat=35.5405&mlon=-106.0656#map=16/35.5405/-106.0656' });
    ranch = created.location.id;
    corral = (await ok(201, call(sam, 'POST', '/locations', { name: 'Corral', latitude: 35.54, longitude: -106.06, timezone: 'America/Denver' }))).location.id;
    const refused = await call(sam, 'POST', '/locations', { name: ' ', latitude: 91, longitude: -200, timezone: 'Mars/Olympus' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['latitude', 'longitude', 'name', 'timezone']);
    expect((await call(maya, 'POST', '/locations', { name: 'Somewhere', latitude: 1, longitude: 1 })).statusCode).toBe(403);
  });

  it('S5: keeps an assessment current while only words change, and makes it stale when the scene moves or gains a hazard', async () => {
    saloon = (
      await ok(201, call(sam, 'POST', '/scenes', { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'], intExt: 'INT', timeOfDay: 'night', eighths: 11, castIds: [clay.id], locationId: ranch }))
    ).scene.id;
    expect((await ok(200, call(maya, 'GET', `/scenes/${saloon}`))).riskAssessment).toEqual({ status: 'missing' });
    const missingControl = await call(ines, 'POST', `/scenes/${saloon}/risk-assessments`, { hazards: ['firearms', 'blanks'], controls: [{ hazard: 'firearms', control: 'Armorer on set' }] });
    expect(missingControl.statusCode).toBe(400);
    expect(missingControl.json().errors).toEqual([{ path: 'controls', message: 'has no control for blanks' }]);
    await ok(201, call(ines, 'POST', `/scenes/${saloon}/risk-assessments`, { hazards: ['firearms', 'blanks'], controls: [{ hazard: 'firearms', control: 'Armorer on set' }, { hazard: 'blanks', control: 'Shields; 20 ft to anyone' }] }));

    const words = await ok(200, call(sam, 'PATCH', `/scenes/${saloon}`, { description: 'Saloon standoff at the bar', eighths: 12 }));
    expect(words.riskAssessment).toMatchObject({ status: 'current' });
    expect(await staleAlerts()).toEqual([]);

    const moved = await ok(200, call(sam, 'PATCH', `/scenes/${saloon}`, { locationId: corral, hazards: ['firearms', 'blanks', 'animals'] }));
    expect(moved.riskAssessment).toMatchObject({ status: 'stale', staleBecause: 'hazards changed: added animals; the location changed' });
    expect(await staleAlerts()).toEqual([expect.objectContaining({ rule: 'S5', sceneId: saloon, notify: ['safety_advisor', 'first_ad'] })]);
    const listed = (await ok(200, call(maya, 'GET', '/schedule'))).scenes.find((s: { id: string }) => s.id === saloon);
    expect(listed.riskAssessment.status).toBe('stale');

    await ok(201, call(sam, 'POST', `/scenes/${saloon}/risk-assessments`, { hazards: ['firearms', 'blanks', 'animals'], controls: ['firearms', 'blanks', 'animals'].map((hazard) => ({ hazard, control: 'Reviewed on the new set' })) }));
    expect((await ok(200, call(maya, 'GET', `/scenes/${saloon}`))).riskAssessment).toMatchObject({ status: 'current' });
    expect((await call(maya, 'POST', `/scenes/${saloon}/risk-assessments`, { hazards: [], controls: [] })).statusCode).toBe(403);
  });

  it('builds tomorrow with its calls, ordered scenes and locations, and shows each person their day', async () => {
    const wagon = (await ok(201, call(sam, 'POST', '/scenes', { number: '12', description: 'The wagon arrives', hazards: ['animals'] }))).scene.id;
    const day = await ok(201, call(sam, 'POST', '/shoot-days', { date: '2026-11-23', sceneIds: [saloon], generalCall: '06:00', shootingCall: '07:30', locationIds: [ranch] }));
    tomorrow = day.shootDay.id;
    const reordered = await ok(200, call(sam, 'PATCH', `/shoot-days/${tomorrow}`, { sceneIds: [wagon, saloon], notes: 'Wind expected after 3 pm' }));
    expect(reordered.shootDay).toMatchObject({ sceneIds: [wagon, saloon], generalCall: '06:00', notes: 'Wind expected after 3 pm' });
    expect((await call(sam, 'PATCH', `/shoot-days/${tomorrow}`, { generalCall: '6am' })).json().errors).toEqual([{ path: 'generalCall', message: 'must be a time like 06:30' }]);

    // 06:00 in Denver on 23 November (MST, UTC-7) is 13:00 UTC.
    const mine = await ok(200, call(clay, 'GET', '/today?date=2026-11-23'));
    expect(mine).toMatchObject({ date: '2026-11-23', timezone: 'America/Denver', myCall: '2026-11-23T13:00:00.000Z', myCallIsOwn: false, myDuties: [], hazards: ['animals', 'firearms', 'blanks'] });
    expect(mine.scenes.map((s: { number: string }) => s.number)).toEqual(['12', '27']);
    expect(mine.locations.map((l: { name: string }) => l.name)).toEqual(['Bonanza Creek Ranch']);
    // A call and a duty of the performer's own.
    await ok(200, call(sam, 'PUT', `/shoot-days/${tomorrow}/duties`, { duties: [{ userId: clay.id, duty: 'performer' }] }));
    await ok(200, call(sam, 'PUT', `/shoot-days/${tomorrow}/times`, { times: [{ userId: clay.id, call: '2026-11-23T14:15:00Z', wrap: '2026-11-24T01:00:00Z' }] }));
    expect(await ok(200, call(clay, 'GET', '/today?date=2026-11-23'))).toMatchObject({ myCall: '2026-11-23T14:15:00.000Z', myCallIsOwn: true, myDuties: ['performer'] });
    // The test clock is 22 November: today is the day before, with nothing scheduled, and tomorrow coming.
    const nothing = await ok(200, call(clay, 'GET', '/today'));
    expect(nothing).toMatchObject({ date: '2026-11-22', shootDay: null, next: { id: tomorrow, date: '2026-11-23' } });
  });

  it('S3: says nothing of a full rest, and warns of a short turnaround across the night the clocks go back', async () => {
    // 1 November 2026, Denver: the clocks go back at 02:00. A wrap at 01:30 MDT and a call at 10:30 MST are ten hours apart.
    const saturday = (await ok(201, call(sam, 'POST', '/shoot-days', { date: '2026-10-31', sceneIds: [] }))).shootDay.id;
    const sunday = (await ok(201, call(sam, 'POST', '/shoot-days', { date: '2026-11-01', sceneIds: [] }))).shootDay.id;
    await ok(200, call(sam, 'PUT', `/shoot-days/${saturday}/times`, { times: [{ userId: maya.id, call: '2026-10-31T16:00:00Z', wrap: '2026-11-01T07:30:00Z' }] }));
    const rested = await ok(200, call(sam, 'PUT', `/shoot-days/${sunday}/times`, { times: [{ userId: maya.id, call: '2026-11-01T17:30:00Z', wrap: '2026-11-02T01:00:00Z' }] }));
    expect(rested.alerts).toEqual([]);
    // The performer has twelve hours by agreement: the same ten are short for him.
    await ok(200, call(sam, 'PUT', `/shoot-days/${saturday}/times`, { times: [{ userId: maya.id, call: '2026-10-31T16:00:00Z', wrap: '2026-11-01T07:30:00Z' }, { userId: clay.id, call: '2026-10-31T16:00:00Z', wrap: '2026-11-01T07:30:00Z' }] }));
    const short = await ok(200, call(sam, 'PUT', `/shoot-days/${sunday}/times`, { times: [{ userId: maya.id, call: '2026-11-01T17:30:00Z', wrap: '2026-11-02T01:00:00Z' }, { userId: clay.id, call: '2026-11-01T17:30:00Z', wrap: '2026-11-02T01:00:00Z' }] }));
    expect(short.alerts).toEqual([
      { rule: 'S3', userId: clay.id, kind: 'turnaround', date: '2026-11-01', detail: '10 h between the wrap (Sun 1 Nov, 01:30) and the call (Sun 1 Nov, 10:30); the agreement is 12 h.' },
    ]);
    expect((await call(maya, 'PUT', `/shoot-days/${sunday}/times`, { times: [] })).statusCode).toBe(403);
    const backwards = await call(sam, 'PUT', `/shoot-days/${sunday}/times`, { times: [{ userId: maya.id, call: '2026-11-01T17:30:00Z', wrap: '2026-11-01T10:00:00Z' }] });
    expect(backwards.json().errors).toEqual([{ path: 'times.0.wrap', message: 'the wrap must come after the call' }]);
    const names = (await ok(200, call(rosa, 'GET', `/shoot-days/${sunday}/times`))).times.map((x: { name: string }) => x.name);
    expect(names.sort()).toEqual(['Clay Barrett', 'Maya Stone']);
  });

  it('S3: changes the rest agreement only when the safety advisor and the producer both put the same one', async () => {
    const shorter = { turnaroundHours: { crew: 9, performer: 12 }, weeklyHours: 60, weekendRestHours: { afterFiveDays: 54, afterSixDays: 32 } };
    expect((await ok(200, call(producer, 'PUT', '/rest-agreement', shorter))).status).toBe('proposed');
    // The producer cannot confirm their own proposal, nor can the UPM.
    expect((await ok(200, call(producer, 'PUT', '/rest-agreement', shorter))).status).toBe('proposed');
    expect((await call(rosa, 'PUT', '/rest-agreement', shorter)).statusCode).toBe(403);
    expect((await ok(200, call(maya, 'GET', '/rest-agreement'))).agreement.turnaroundHours.crew).toBe(10);
    const agreed = await ok(200, call(ines, 'PUT', '/rest-agreement', shorter));
    expect(agreed).toMatchObject({ status: 'active', agreement: shorter, proposed: null });
  });

  describe('the crew list', () => {
    it('lets a person set their own phone and emergency contact, and shows the emergency contact only to those who act on it', async () => {
      await ok(200, call(maya, 'PUT', `/members/${maya.id}/contact`, { phone: '+1 505 555 0143', emergencyContact: 'Ruth Stone (mother), +1 505 555 0188' }));
      const refused = await call(maya, 'PUT', `/members/${clay.id}/contact`, { phone: '+1 505 555 0000' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().rule).toBe('ROLES');
      const asMedic = (await ok(200, call(medic, 'GET', '/members'))).members.find((m: { userId: string }) => m.userId === maya.id);
      expect(asMedic).toMatchObject({ phone: '+1 505 555 0143', emergencyContact: 'Ruth Stone (mother), +1 505 555 0188' });
      const asCrew = (await ok(200, call(clay, 'GET', '/members'))).members.find((m: { userId: string }) => m.userId === maya.id);
      expect(asCrew).toMatchObject({ phone: '+1 505 555 0143', emergencyContact: null });
      const ledger = JSON.stringify((await ok(200, call(producer, 'GET', '/ledger/entries'))).entries);
      expect(ledger).toContain('member.contactChanged');
      expect(ledger).not.toContain('555 0188');
    });

    it('sends a new invitation link that replaces the old one, and removes someone who has not joined', async () => {
      const first = await ok(201, call(rosa, 'POST', '/members', { email: 'dayplayer@example.test', name: 'Day Player', roles: ['crew'] }));
      const userId = first.member.userId as string;
      const second = await ok(201, call(rosa, 'POST', `/members/${userId}/invitation`));
      expect(second.invitation.code).not.toBe(first.invitation.code);
      expect((await t.call('GET', `/api/invitations/${first.invitation.code}`)).statusCode).toBe(404);
      expect((await t.call('GET', `/api/invitations/${second.invitation.code}`)).statusCode).toBe(200);
      expect((await call(rosa, 'POST', `/members/${maya.id}/invitation`)).statusCode).toBe(409);
      await ok(200, call(rosa, 'DELETE', `/members/${userId}`));
      expect((await t.call('GET', `/api/invitations/${second.invitation.code}`)).statusCode).toBe(404);
      expect((await ok(200, call(maya, 'GET', '/members'))).members.map((m: { userId: string }) => m.userId)).not.toContain(userId);
    });

    it('removes a member, who then finds the production gone; never the last producer nor the safety advisor', async () => {
      await ok(200, call(producer, 'DELETE', `/members/${rosa.id}`));
      expect((await call(rosa, 'GET', '/schedule')).statusCode).toBe(404);
      const last = await call(sam, 'DELETE', `/members/${producer.id}`);
      expect(last.statusCode).toBe(403);
      const self = await call(producer, 'DELETE', `/members/${producer.id}`);
      expect(self.json().refusals).toEqual([{ rule: 'ROLES', reason: 'A production keeps at least one producer. Add another producer first.', key: 'rules.roles.lastProducer' }]);
      const advisor = await call(producer, 'DELETE', `/members/${ines.id}`);
      expect(advisor.json().rule).toBe('ROLES');
    });
  });
});
