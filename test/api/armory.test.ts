import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { ndjsonLines, verifyBundle } from '../../src/ledger/bundle.js';
import { watchIdleFirearms } from '../../src/services/armory/inventory.js';

/**
 * The 2021 failure chain, replayed against Setbook: every unsafe step is
 * refused and recorded, and the correct day goes through to wrap.
 */
describe('the armory on a shoot day', () => {
  let t: TestApp;
  let producer: Person;
  let hank: Person;
  let clay: Person;
  let sam: Person;
  let ines: Person;
  let pid: string;
  let dayId: string;
  let saloon: string;
  let colt: string;
  let dummies: string;
  let blanks: string;
  let nextDayId: string;

  const call = (who: Person, method: string, path: string, body?: unknown) =>
    t.call(method, `/api/productions/${pid}${path}`, { token: who.token, ...(body !== undefined ? { body } : {}) });
  const event = (who: Person, body: Record<string, unknown>) => call(who, 'POST', `/firearms/${colt}/events`, body);
  const rules = (res: { json(): { refusals?: Array<{ rule: string }> } }) => (res.json().refusals ?? []).map((r) => r.rule);
  const ledgerTypes = async () =>
    ((await call(producer, 'GET', '/ledger/entries')).json().entries as Array<{ entry: { type: string; data: Record<string, unknown> } }>).map((e) => e.entry);
  const pinsOf = (...people: Person[]) => people.map((p) => ({ userId: p.id, pin: p.pin }));

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    pid = (await createProduction(t, producer, 'Dust Devil')).id;
    hank = await addPerson(t, producer, pid, ['armorer'], 'Hank Morrow');
    clay = await addPerson(t, producer, pid, ['performer'], 'Clay Barrett');
    sam = await addPerson(t, producer, pid, ['first_ad'], 'Sam Whitlock');
    ines = await addPerson(t, producer, pid, ['safety_advisor'], 'Ines Okafor');
    for (const who of [hank, clay]) {
      expect((await call(producer, 'POST', '/trainings', { userId: who.id, course: 'firearms_safety', completedOn: '2026-10-30' })).statusCode).toBe(201);
    }
    saloon = (await call(sam, 'POST', '/scenes', { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] })).json().scene.id;
    dayId = (await call(sam, 'POST', '/shoot-days', { date: '2026-12-02', sceneIds: [saloon], location: 'Red Mesa backlot' })).json().shootDay.id;
    colt = (await call(hank, 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' })).json().firearm.id;
    blanks = (await call(hank, 'POST', '/ammunition', { lot: 'B-45-1', kind: 'blank', caliber: '.45 Colt', quantity: 50, load: 'quarter' })).json().lot.id;
  });
  afterAll(() => t.close());

  it('refuses live ammunition and unverified dummies, and records the attempts (F4)', async () => {
    const live = await call(hank, 'POST', '/ammunition', { lot: 'MIXED-BOX', kind: 'live', caliber: '.45 Colt', quantity: 1 });
    expect(live.statusCode).toBe(422);
    expect(live.json().rule).toBe('F4');
    const unverified = await call(hank, 'POST', '/ammunition', { lot: 'D-45-1', kind: 'dummy', caliber: '.45 Colt', quantity: 12 });
    expect(rules(unverified)).toEqual(['F4']);
    const verified = await call(hank, 'POST', '/ammunition', { lot: 'D-45-1', kind: 'dummy', caliber: '.45 Colt', quantity: 12, verification: { method: 'rattle test and drilled primers, each round' } });
    expect(verified.statusCode).toBe(201);
    dummies = verified.json().lot.id;
    const refused = (await ledgerTypes()).filter((e) => e.type === 'ammunition.add.refused');
    expect(refused.map((e) => e.data.kind)).toEqual(['live', 'dummy']);
  });

  it('keeps a firearm in storage on a day with no armorer rostered (F1), then lets the rostered armorer check it out', async () => {
    expect(rules(await event(hank, { type: 'check_out', shootDayId: dayId }))).toEqual(['F1']);
    const roster = await call(sam, 'PUT', `/shoot-days/${dayId}/duties`, { duties: [{ userId: hank.id, duty: 'armorer' }, { userId: hank.id, duty: 'props' }] });
    expect(roster.statusCode).toBe(200);
    expect(roster.json().alerts.map((a: { rule: string }) => a.rule)).toEqual(['F2']);
    expect((await call(sam, 'PUT', `/shoot-days/${dayId}/duties`, { duties: [{ userId: hank.id, duty: 'armorer' }] })).json().alerts).toEqual([]);
    const out = await event(hank, { type: 'check_out', shootDayId: dayId });
    expect(out.statusCode).toBe(201);
    expect(out.json().firearm).toMatchObject({ state: 'with_armorer', holderId: hank.id, status: 'cold' });
  });

  it('refuses the 1st AD handing the revolver to the actor (F6)', async () => {
    const res = await event(sam, { type: 'hand_off', toUserId: clay.id, shootDayId: dayId, sceneId: saloon, confirmations: pinsOf(clay, sam) });
    expect(res.statusCode).toBe(422);
    expect(rules(res)).toContain('F6');
  });

  it('refuses the armorer handing it over uninspected and before the safety meeting (F7, F5)', async () => {
    const res = await event(hank, { type: 'hand_off', toUserId: clay.id, shootDayId: dayId, sceneId: saloon, confirmations: pinsOf(clay, sam) });
    expect(new Set(rules(res))).toEqual(new Set(['F5', 'F7']));
  });

  it('hands it over after the meeting and an inspection shown to the actor and the 1st AD', async () => {
    const meeting = await call(sam, 'POST', '/safety-meetings', {
      shootDayId: dayId,
      sceneIds: [saloon],
      heldAt: '2026-11-22T13:30:00Z',
      attendeeIds: [hank.id, clay.id, sam.id, ines.id],
      walkthrough: true,
      abortPlan: 'Anyone calls cease fire; armorer clears the weapon.',
      emergencyPlan: 'Medic at video village; ambulance via gate 2.',
    });
    expect(meeting.statusCode).toBe(201);
    const inspect = await event(hank, { type: 'inspect', load: 'dummy', rounds: [{ lotId: dummies, count: 6 }], barrelClear: true });
    expect(inspect.json().firearm.status).toBe('cold');
    const wrongPin = await event(hank, { type: 'hand_off', toUserId: clay.id, shootDayId: dayId, sceneId: saloon, confirmations: [{ userId: clay.id, pin: '0000' }, { userId: sam.id, pin: sam.pin }] });
    expect(rules(wrongPin)).toEqual(expect.arrayContaining(['F7', 'PIN']));
    const handOff = await event(hank, { type: 'hand_off', toUserId: clay.id, shootDayId: dayId, sceneId: saloon, confirmations: pinsOf(clay, sam) });
    expect(handOff.statusCode, handOff.body).toBe(201);
    expect(handOff.json().firearm).toMatchObject({ state: 'with_performer', holderId: clay.id });
    // The entry names what was in the gun as it changed hands.
    expect(handOff.json().event.data.loaded).toEqual(expect.arrayContaining([expect.objectContaining({ lotId: expect.any(String), count: expect.any(Number) })]));
    expect(JSON.stringify(await ledgerTypes())).not.toContain(`"${clay.pin}"`);
  });

  it('takes it back with the actor\'s PIN, and hot/cold follows only the inspection (F8)', async () => {
    const back = await event(hank, { type: 'return', fromUserId: clay.id, confirmations: pinsOf(clay) });
    expect(back.json().firearm).toMatchObject({ state: 'with_armorer', holderId: hank.id });
    const hot = await event(hank, { type: 'inspect', load: 'blank', rounds: [{ lotId: blanks, count: 5 }], barrelClear: true });
    expect(hot.json().firearm.status).toBe('hot');
    const mixed = await event(hank, { type: 'inspect', load: 'blank', rounds: [{ lotId: dummies, count: 1 }], barrelClear: true });
    expect(rules(mixed)).toEqual(['F4']);
  });

  it('puts the armory on hold and stops work after an unintended discharge (F11), and refuses wrap with a gun out (F9)', async () => {
    const bang = await event(sam, { type: 'discharge', intended: false, rounds: [{ lotId: blanks, count: 1 }], sceneId: saloon, note: 'Went off while being holstered' });
    expect(bang.statusCode).toBe(201);
    const board = (await call(sam, 'GET', '/armory')).json();
    expect(board.hold).toMatchObject({ incidentId: expect.any(String), kind: 'unintended_discharge', firearmId: colt, correctiveAction: null, meetingSince: false });
    const stops = (await call(sam, 'GET', '/stops')).json().stops;
    expect(stops[0]).toMatchObject({ status: 'active', reason: expect.stringMatching(/Unintended discharge/) });
    const during = await event(hank, { type: 'hand_off', toUserId: clay.id, shootDayId: dayId, sceneId: saloon, confirmations: pinsOf(clay, sam) });
    expect(rules(during)).toEqual(expect.arrayContaining(['F11', 'S1']));
    const wrap = await call(hank, 'POST', '/armory/wrap', { shootDayId: dayId });
    expect(wrap.statusCode).toBe(409);
    expect(wrap.json().violations.map((v: { rule: string }) => v.rule)).toContain('F9');

    const incident = board.hold.incidentId as string;
    const fix = await call(ines, 'POST', `/incidents/${incident}/corrective-action`, {
      action: 'Holster replaced; hammer-down carry only; retraining for cast.',
      confirmations: pinsOf(ines),
    });
    expect(fix.statusCode).toBe(201);
    expect((await call(sam, 'GET', '/armory')).json().hold).toMatchObject({ correctiveAction: { action: expect.stringMatching(/^Holster replaced/), by: ines.id }, meetingSince: false });
    await call(sam, 'POST', '/safety-meetings', {
      shootDayId: dayId,
      sceneIds: [saloon],
      heldAt: '2026-11-22T15:00:00Z',
      attendeeIds: [hank.id, clay.id, sam.id, ines.id],
      walkthrough: true,
      abortPlan: 'Cease fire on any call.',
      emergencyPlan: 'Medic at video village.',
    });
    expect((await call(sam, 'GET', '/armory')).json().hold).toBeNull();
    const lift = await call(ines, 'POST', `/stops/${stops[0].id}/lift`, { resolution: 'Corrective action taken and new meeting held.', confirmations: pinsOf(ines, sam) });
    expect(lift.statusCode).toBe(200);
  });

  it('sends a second unintended discharge straight to the external contacts (F11)', async () => {
    const deadlines = { critical: 15, high: 120, medium: 1440, low: 4320 };
    const levels = [
      { roles: ['safety_advisor', 'armorer'], emails: [], deadlines },
      { roles: ['producer'], emails: [], deadlines },
      { roles: [], emails: ['rep@iatse.example', 'safety@studio.example'], deadlines },
    ];
    await call(ines, 'PUT', '/escalation', { levels });
    expect((await call(producer, 'PUT', '/escalation', { levels })).json().escalation.status).toBe('active');
    await event(hank, { type: 'discharge', intended: false, rounds: [{ lotId: blanks, count: 1 }] });
    const incidents = (await ledgerTypes()).filter((e) => e.type === 'incident.opened');
    expect(incidents.map((e) => e.data.escalation)).toEqual(['production', 'external_contacts']);
    // Each opened a critical firearms concern: the first at the production's first level, the second at the top.
    const concerns = (await call(ines, 'GET', '/concerns')).json().concerns as Array<{ id: string; source: string; severity: string; category: string; level: number }>;
    const automatic = concerns.filter((c) => c.source === 'automatic');
    expect(automatic.map((c) => [c.category, c.severity, c.level]).sort()).toEqual([
      ['firearms', 'critical', 0],
      ['firearms', 'critical', 2],
    ]);
    await t.app.jobs.runOnce();
    const second = (await call(ines, 'GET', `/concerns/${automatic.find((c) => c.level === 2)!.id}`)).json();
    expect(second.concern.description).toMatch(/Unintended discharge: Colt Single Action Army \(SA-1873-0042\).*number 2/);
    expect(second.notifications).toMatchObject([{ recipients: ['rep@iatse.example', 'safety@studio.example'], status: 'outbox' }]);
  });

  it('wraps the day once every firearm is stored and every round accounted for (F9), with a ledger that verifies', async () => {
    const board = (await call(sam, 'GET', '/armory')).json();
    await call(ines, 'POST', `/incidents/${board.hold.incidentId}/corrective-action`, { action: 'Armory stood down for the day.', confirmations: pinsOf(ines) });
    await call(ines, 'POST', '/safety-meetings', {
      shootDayId: dayId, sceneIds: [saloon], heldAt: '2026-11-22T16:00:00Z', attendeeIds: [hank.id, ines.id], walkthrough: true, abortPlan: 'Cease fire.', emergencyPlan: 'Medic.',
    });
    const stop = (await call(sam, 'GET', '/stops')).json().stops.find((s: { status: string }) => s.status === 'active');
    await call(ines, 'POST', `/stops/${stop.id}/lift`, { resolution: 'Done for the day.', confirmations: pinsOf(ines, sam) });
    expect(rules(await event(hank, { type: 'check_in' }))).toEqual(['F9']);
    const empty = await event(hank, { type: 'inspect', load: 'empty', rounds: [], barrelClear: true });
    expect(empty.json().firearm).toMatchObject({ status: 'cold', loaded: [] });
    const stored = await event(hank, { type: 'check_in' });
    expect(stored.json().firearm).toMatchObject({ state: 'stored', holderId: null });
    const wrap = await call(hank, 'POST', '/armory/wrap', { shootDayId: dayId });
    expect(wrap.statusCode, wrap.body).toBe(200);
    const done = (await ledgerTypes()).find((e) => e.type === 'wrap.done')!;
    expect(done.data.lots).toEqual(
      expect.arrayContaining([
        { lotId: blanks, issued: 5, fired: 2, returned: 3 },
        { lotId: dummies, issued: 6, fired: 0, returned: 6 },
      ]),
    );
    const history = (await call(clay, 'GET', `/firearms/${colt}`)).json().history.map((h: { type: string }) => h.type);
    expect(history.at(-1)).toBe('check_out');
    expect(history[0]).toBe('check_in');
    const bundle = await call(producer, 'GET', '/ledger/export');
    expect(await verifyBundle(ndjsonLines([bundle.body]))).toMatchObject({ ok: true });
  });

  it('keeps the guns in storage on a wrapped day (F1), and lets them out on the next', async () => {
    const wrapped = await event(hank, { type: 'check_out', shootDayId: dayId });
    expect(wrapped.statusCode).toBe(422);
    expect(rules(wrapped)).toEqual(['F1']);
    const again = await call(hank, 'POST', '/armory/wrap', { shootDayId: dayId });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.json()).toMatchObject({ status: 409, title: 'The day cannot wrap', detail: expect.stringMatching(/^F9: This day already wrapped/) });
    expect(again.json().violations.map((v: { rule: string }) => v.rule)).toEqual(['F9']);
    nextDayId = (await call(sam, 'POST', '/shoot-days', { date: '2026-12-03', sceneIds: [saloon], location: 'Red Mesa backlot' })).json().shootDay.id;
    expect((await call(sam, 'PUT', `/shoot-days/${nextDayId}/duties`, { duties: [{ userId: hank.id, duty: 'armorer' }] })).statusCode).toBe(200);
  });

  it('never leaves a firearm in two states when two devices act at once', async () => {
    const version = (await call(hank, 'GET', `/firearms/${colt}`)).json().firearm.version;
    const [a, b] = await Promise.all([
      event(hank, { type: 'check_out', shootDayId: nextDayId, version }),
      event(hank, { type: 'check_out', shootDayId: nextDayId, version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect((await call(hank, 'GET', `/firearms/${colt}`)).json().firearm).toMatchObject({ state: 'with_armorer', version: version + 1 });
  });

  it('keeps a gun from a scene that aims at a person until the armorer and the safety advisor consult (F10), and shows the consultation on the scene', async () => {
    const aimed = (await call(sam, 'POST', '/scenes', { number: '31', description: 'Over-the-shoulder draw at camera', hazards: ['firearms', 'blanks'], aimedAtPerson: true })).json().scene.id;
    expect((await call(sam, 'PATCH', `/shoot-days/${nextDayId}`, { sceneIds: [saloon, aimed] })).statusCode).toBe(200);
    const handOff = () => event(hank, { type: 'hand_off', toUserId: clay.id, shootDayId: nextDayId, sceneId: aimed, confirmations: pinsOf(clay, sam) });
    const before = await handOff();
    expect(rules(before), before.body).toContain('F10');
    expect((await call(sam, 'GET', `/scenes/${aimed}`)).json().consultation).toBeNull();
    const noAdvisor = await call(hank, 'POST', `/scenes/${aimed}/consultations`, { plan: 'Offset the muzzle; shields for camera', confirmations: pinsOf(hank, sam) });
    expect(noAdvisor.statusCode).toBe(422);
    expect(rules(noAdvisor)).toEqual(['F10']);
    const both = await call(hank, 'POST', `/scenes/${aimed}/consultations`, { plan: 'Offset the muzzle; shields for camera', confirmations: pinsOf(hank, ines) });
    expect(both.statusCode, both.body).toBe(201);
    expect((await call(sam, 'GET', `/scenes/${aimed}`)).json().consultation).toMatchObject({ plan: 'Offset the muzzle; shields for camera', armorerId: hank.id, advisorId: ines.id });
    expect((await call(sam, 'GET', '/schedule')).json().scenes.find((s: { id: string }) => s.id === aimed).consultation).toMatchObject({ armorerId: hank.id });
    expect(rules(await handOff())).not.toContain('F10');
  });
});

describe('F4 and F11: a live round found, a misfire', () => {
  let t: TestApp;
  let producer: Person;
  let hank: Person;
  let clay: Person;
  let maya: Person;
  let ines: Person;
  let pid: string;
  let gun: string;
  const call = (who: Person, method: string, path: string, body?: unknown) =>
    t.call(method, `/api/productions/${pid}${path}`, { token: who.token, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    pid = (await createProduction(t, producer)).id;
    hank = await addPerson(t, producer, pid, ['armorer'], 'Hank Morrow');
    clay = await addPerson(t, producer, pid, ['performer'], 'Clay Barrett');
    maya = await addPerson(t, producer, pid, ['crew'], 'Maya Stone');
    ines = await addPerson(t, producer, pid, ['safety_advisor'], 'Ines Okafor');
    gun = (await call(hank, 'POST', '/firearms', { serial: 'W-73', make: 'Winchester', model: '1873', kind: 'blank_firing' })).json().firearm.id;
  });
  afterAll(() => t.close());

  it('lets any crew member report a live round: firearms go on hold, work stops, a critical concern opens (F4)', async () => {
    const bad = await call(maya, 'POST', '/armory/live-rounds', { description: '', firearmId: 'no-such-gun' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['description']);
    const found = await call(maya, 'POST', '/armory/live-rounds', { description: 'A round with a primer and a bullet in the dummy box', location: 'Prop cart', firearmId: gun });
    expect(found.statusCode, found.body).toBe(201);
    expect(found.json().incident).toMatchObject({ kind: 'live_round', firearmId: gun, closedAt: null });
    expect((await call(maya, 'GET', '/armory')).json().hold).toMatchObject({ incidentId: found.json().incident.id });
    const stops = (await call(maya, 'GET', '/stops')).json().stops;
    expect(stops[0]).toMatchObject({ status: 'active', reason: 'Live round found on set: firearms on hold (F11).', location: 'Prop cart' });
    const concerns = (await call(ines, 'GET', '/concerns')).json().concerns;
    expect(concerns[0]).toMatchObject({ category: 'firearms', severity: 'critical', source: 'automatic', level: 0 });
    expect(concerns[0].description).toContain('A round with a primer and a bullet in the dummy box');
    const entry = (await call(maya, 'GET', '/ledger/entries')).json().entries.map((e: { entry: { type: string; data: { kind?: string } } }) => e.entry);
    expect(entry.find((e: { type: string }) => e.type === 'incident.opened')).toMatchObject({ data: { kind: 'live_round', firearmId: gun } });
  });

  it('records a misfire as an incident only from the armorer, safety advisor or 1st AD (F11)', async () => {
    const refused = await call(clay, 'POST', `/firearms/${gun}/events`, { type: 'misfire', note: 'Click, no bang' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().refusals.map((r: { rule: string }) => r.rule)).toEqual(['F6']);
    const recorded = await call(hank, 'POST', `/firearms/${gun}/events`, { type: 'misfire', note: 'Click, no bang on the third pull' });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const incidents = (await call(hank, 'GET', '/ledger/entries')).json().entries.filter((e: { entry: { type: string } }) => e.entry.type === 'incident.opened');
    expect(incidents.map((e: { entry: { data: { kind: string } } }) => e.entry.data.kind)).toEqual(['live_round', 'misfire']);
  });
});

describe('F9: a firearm left out of storage with no scene', () => {
  it('alerts the armorer and the safety advisor once, after 15 minutes', async () => {
    const t = await startApp();
    const producer = await setUpFirstUser(t);
    const pid = (await createProduction(t, producer)).id;
    const hank = await addPerson(t, producer, pid, ['armorer'], 'Hank Morrow');
    await t.call('POST', `/api/productions/${pid}/trainings`, { token: producer.token, body: { userId: hank.id, course: 'firearms_safety', completedOn: '2026-10-30' } });
    const scene = (await t.call('POST', `/api/productions/${pid}/scenes`, { token: producer.token, body: { number: '1', description: 'x', hazards: ['firearms'] } })).json().scene.id;
    const day = (await t.call('POST', `/api/productions/${pid}/shoot-days`, { token: producer.token, body: { date: '2026-12-02', sceneIds: [scene] } })).json().shootDay.id;
    await t.call('PUT', `/api/productions/${pid}/shoot-days/${day}/duties`, { token: producer.token, body: { duties: [{ userId: hank.id, duty: 'armorer' }] } });
    const gun = (await t.call('POST', `/api/productions/${pid}/firearms`, { token: hank.token, body: { serial: 'W-1', make: 'Winchester', model: '1892', kind: 'blank_firing' } })).json().firearm.id;
    expect((await t.call('POST', `/api/productions/${pid}/firearms/${gun}/events`, { token: hank.token, body: { type: 'check_out', shootDayId: day } })).statusCode).toBe(201);
    const deps = { ...t.deps, live: t.app.liveHub };

    t.clock.advance(14 * 60_000);
    expect(await watchIdleFirearms(deps)).toBe(0);
    t.clock.advance(2 * 60_000);
    expect(await watchIdleFirearms(deps)).toBe(1);
    expect(await watchIdleFirearms(deps)).toBe(0);
    const entries = (await t.call('GET', `/api/productions/${pid}/ledger/entries`, { token: producer.token })).json().entries;
    const alerts = entries.filter((e: { entry: { type: string } }) => e.entry.type === 'alert.raised');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].entry.data).toMatchObject({ rule: 'F9', firearmId: gun, notify: ['armorer', 'safety_advisor'] });
    expect((await t.call('GET', `/api/productions/${pid}/armory`, { token: producer.token })).json().alerts).toEqual([expect.objectContaining({ rule: 'F9', firearmId: gun })]);
    await t.close();
  });
});

describe('F12: the armorer asks for more time', () => {
  it('cannot be denied without a reason, and a denial reaches the safety advisor', async () => {
    const t = await startApp();
    const producer = await setUpFirstUser(t);
    const pid = (await createProduction(t, producer)).id;
    const hank = await addPerson(t, producer, pid, ['armorer'], 'Hank Morrow');
    const ines = await addPerson(t, producer, pid, ['safety_advisor'], 'Ines Okafor');
    const asked = await t.call('POST', `/api/productions/${pid}/armorer-requests`, {
      token: hank.token,
      body: { kind: 'time', description: 'Two more hours of prep on day 2 to check every dummy round' },
    });
    expect(asked.statusCode).toBe(201);
    const requestId = asked.json().request.id as string;
    const silent = await t.call('POST', `/api/productions/${pid}/armorer-requests/${requestId}/decision`, { token: producer.token, body: { decision: 'denied' } });
    expect(silent.statusCode).toBe(422);
    expect(silent.json().rule).toBe('F12');
    const denied = await t.call('POST', `/api/productions/${pid}/armorer-requests/${requestId}/decision`, {
      token: producer.token,
      body: { decision: 'denied', reason: 'Day 2 call cannot move; props will pre-sort the rounds instead' },
    });
    expect(denied.statusCode).toBe(200);
    expect(denied.json().request).toMatchObject({ status: 'denied', decidedBy: producer.id });
    const list = await t.call('GET', `/api/productions/${pid}/armorer-requests`, { token: ines.token });
    expect(list.json().requests[0]).toMatchObject({ status: 'denied', reason: expect.stringMatching(/pre-sort/) });
    const entries = (await t.call('GET', `/api/productions/${pid}/ledger/entries`, { token: ines.token })).json().entries.map((e: { entry: { type: string } }) => e.entry.type);
    expect(entries).toEqual(expect.arrayContaining(['armorerRequest.made', 'armorerRequest.decide.refused', 'armorerRequest.decided']));
    const events = await t.deps.store.db.selectFrom('live_events').select(['type', 'data']).where('production_id', '=', pid).execute();
    const toAdvisor = events.filter((e) => e.type === 'alert').map((e) => JSON.parse(e.data) as { notify: string[]; message: string });
    expect(toAdvisor.at(-1)).toMatchObject({ notify: ['safety_advisor'], message: expect.stringMatching(/denied the armorer's request/) });
    await t.close();
  });
});
