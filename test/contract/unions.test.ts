import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonconformity } from '../../src/contract/conform.js';
import { recordedEntry } from '../../src/contract/ledger.js';
import { liveEvent } from '../../src/contract/live.js';
import { watchIdleFirearms } from '../../src/services/armory/inventory.js';
import { PASSWORD, startApp, type TestApp } from '../support/harness.js';
import { SseClient } from '../support/sse.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/**
 * A whole shoot day through the API, refusals and incidents included, then
 * every ledger entry it wrote and every live event it sent read back against
 * the contract's unions: each must be exactly one of their variants, and every
 * variant must have been written, so a new entry or event type cannot ship
 * without its schema.
 */
describe('a shoot day, read back against the ledger and live unions', () => {
  let t: TestApp;
  let pid: string;
  let setCode: string;
  let producer: Person;
  let ines: Person;
  let hank: Person;
  let clay: Person;
  let sam: Person;
  let maya: Person;
  let rosa: Person;
  let stream: SseClient;

  const call = (who: Person | null, method: string, path: string, body?: unknown) =>
    t.call(method, path.startsWith('/api/') ? path : `/api/productions/${pid}${path}`, { token: who?.token, ...(body !== undefined ? { body } : {}) });
  /** Sends a request and expects `status`; a refusal must name `rule`. */
  async function expectAnswer(status: number, sent: ReturnType<typeof call>, rule?: string) {
    const res = await sent;
    expect(res.statusCode, res.body).toBe(status);
    const body = res.body ? res.json() : null;
    if (rule) expect(body.refusals.map((r: { rule: string }) => r.rule), res.body).toContain(rule);
    return body;
  }
  const pins = (...people: Person[]) => people.map((p) => ({ userId: p.id, pin: p.pin }));
  const later = (minutes: number) => t.clock.advance(minutes * 60_000);

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    ({ id: pid, setCode } = await createProduction(t, producer, 'Dust Devil'));
    // The first safety advisor is granted alone (ROLES alert); the armorer then waits for her confirmation.
    ines = await addPerson(t, producer, pid, ['safety_advisor'], 'Ines Okafor');
    hank = await addPerson(t, producer, pid, ['armorer'], 'Hank Morrow');
    clay = await addPerson(t, producer, pid, ['performer'], 'Clay Barrett');
    sam = await addPerson(t, producer, pid, ['first_ad'], 'Sam Whitlock');
    maya = await addPerson(t, producer, pid, ['crew'], 'Maya Stone');
    rosa = await addPerson(t, producer, pid, ['upm'], 'Rosa Delgado');

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    stream = await SseClient.connect(`${base}/api/productions/${pid}/live?deviceId=clay-phone`, { authorization: `Bearer ${clay.token}` });
    await stream.waitFor((e) => e.event === 'ready');

    await people();
    await schedule();
    await inventory();
    await custody();
    await stops();
    await concerns();
    await callSheets();
    await notebooks();
  });
  afterAll(async () => {
    await stream?.close();
    await t?.close();
  });

  async function people() {
    await expectAnswer(422, call(rosa, 'POST', '/members', { email: 'lu.chen@example.test', name: 'Lu Chen', roles: ['armorer'] }), 'ROLES');
    await expectAnswer(422, call(rosa, 'PATCH', `/members/${maya.id}`, { roles: ['crew', 'armorer'] }), 'ROLES');
    await expectAnswer(204, call(maya, 'PUT', '/api/me/pin', { pin: '4826', password: PASSWORD }));
    maya.pin = '4826';
    for (const who of [hank, clay]) await expectAnswer(201, call(producer, 'POST', '/trainings', { userId: who.id, course: 'firearms_safety', completedOn: '2026-10-30' }));
    await expectAnswer(200, call(maya, 'PUT', `/members/${maya.id}/contact`, { phone: '+1 505 555 0143', emergencyContact: 'Ruth Stone, +1 505 555 0188' }));
    await expectAnswer(422, call(maya, 'PUT', `/members/${clay.id}/contact`, { phone: '+1 505 555 0100' }), 'ROLES');
    const extra = (await expectAnswer(201, call(producer, 'POST', '/members', { email: 'extra@example.test', name: 'Extra', roles: ['crew'] }))).member.userId;
    await expectAnswer(201, call(producer, 'POST', `/members/${extra}/invitation`));
    await expectAnswer(200, call(producer, 'DELETE', `/members/${extra}`));
    await expectAnswer(422, call(producer, 'DELETE', `/members/${hank.id}`), 'ROLES');
  }

  let saloon: string;
  let day: string;
  async function schedule() {
    saloon = (await expectAnswer(201, call(sam, 'POST', '/scenes', { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'], aimedAtPerson: true }))).scene.id;
    const corral = (await expectAnswer(201, call(sam, 'POST', '/scenes', { number: '58', description: 'Corral showdown', hazards: ['firearms'] }))).scene.id;
    day = (await expectAnswer(201, call(sam, 'POST', '/shoot-days', { date: '2026-11-22', sceneIds: [saloon], location: 'Red Mesa backlot' }))).shootDay.id;
    await expectAnswer(201, call(sam, 'POST', '/shoot-days', { date: '2026-11-23', sceneIds: [corral] }));
    // F2 for the armorer with a second duty, F3 for the next day with firearms and no armorer.
    const roster = await expectAnswer(200, call(sam, 'PUT', `/shoot-days/${day}/duties`, { duties: [{ userId: hank.id, duty: 'armorer' }, { userId: hank.id, duty: 'props' }] }));
    expect(roster.alerts.map((a: { rule: string }) => a.rule).sort()).toEqual(['F2', 'F3']);
    await expectAnswer(200, call(sam, 'PUT', `/shoot-days/${day}/duties`, { duties: [{ userId: hank.id, duty: 'armorer' }] }));
    const ranch = (await expectAnswer(201, call(sam, 'POST', '/locations', { name: 'Red Mesa backlot', latitude: 35.6869, longitude: -105.9378, hospital: { name: 'Christus St. Vincent', address: '455 St Michaels Dr, Santa Fe', driveMinutes: 22 } }))).location.id;
    await expectAnswer(200, call(sam, 'PATCH', `/locations/${ranch}`, { parking: 'Field by gate 2' }));
    const herd = (await expectAnswer(201, call(maya, 'POST', `/locations/${ranch}/light-targets`, { name: 'Low sun behind the herd', azimuthFrom: 100, azimuthTo: 125, altitudeFrom: 5, altitudeTo: 15 }))).target.id;
    await expectAnswer(422, call(rosa, 'DELETE', `/locations/${ranch}/light-targets/${herd}`), 'ROLES');
    await expectAnswer(200, call(sam, 'DELETE', `/locations/${ranch}/light-targets/${herd}`));
    await expectAnswer(201, call(ines, 'POST', `/scenes/${saloon}/risk-assessments`, { hazards: ['firearms', 'blanks'], controls: [{ hazard: 'firearms', control: 'Armorer on set' }, { hazard: 'blanks', control: 'Shields, 20 ft' }] }));
    // S5: the scene moves, so its assessment goes stale and the advisor and 1st AD hear of it.
    await expectAnswer(200, call(sam, 'PATCH', `/scenes/${saloon}`, { locationId: ranch }));
    await expectAnswer(200, call(sam, 'PATCH', `/shoot-days/${day}`, { generalCall: '06:00', shootingCall: '07:30', locationIds: [ranch] }));
    // S3: a short turnaround into the next day.
    const next = (await expectAnswer(200, call(sam, 'GET', '/schedule'))).shootDays.find((d: { date: string }) => d.date === '2026-11-23').id;
    await expectAnswer(200, call(sam, 'PUT', `/shoot-days/${day}/times`, { times: [{ userId: clay.id, call: '2026-11-22T13:00:00Z', wrap: '2026-11-23T06:00:00Z' }] }));
    const short = await expectAnswer(200, call(sam, 'PUT', `/shoot-days/${next}/times`, { times: [{ userId: clay.id, call: '2026-11-23T13:00:00Z', wrap: '2026-11-23T23:00:00Z' }] }));
    expect(short.alerts.map((a: { kind: string }) => a.kind)).toContain('turnaround');
    const agreement = { turnaroundHours: { crew: 10, performer: 12 }, weeklyHours: 55, weekendRestHours: { afterFiveDays: 54, afterSixDays: 36 } };
    expect((await expectAnswer(200, call(ines, 'PUT', '/rest-agreement', agreement))).status).toBe('proposed');
    expect((await expectAnswer(200, call(producer, 'PUT', '/rest-agreement', agreement))).status).toBe('active');
    await expectAnswer(422, call(hank, 'POST', `/scenes/${saloon}/consultations`, { plan: 'Shields at the bar.', confirmations: pins(hank, sam) }), 'F10');
    await expectAnswer(201, call(hank, 'POST', `/scenes/${saloon}/consultations`, { plan: 'Shields at the bar; 20 ft to camera.', confirmations: pins(hank, ines) }));
  }

  let colt: string;
  let blanks: string;
  let dummies: string;
  async function inventory() {
    colt = (await expectAnswer(201, call(hank, 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' }))).firearm.id;
    blanks = (await expectAnswer(201, call(hank, 'POST', '/ammunition', { lot: 'B-45-1', kind: 'blank', caliber: '.45 Colt', quantity: 50, load: 'quarter' }))).lot.id;
    dummies = (
      await expectAnswer(201, call(hank, 'POST', '/ammunition', { lot: 'D-45-1', kind: 'dummy', caliber: '.45 Colt', quantity: 12, verification: { method: 'rattle test' } }))
    ).lot.id;
    await expectAnswer(422, call(hank, 'POST', '/ammunition', { lot: 'MIXED-BOX', kind: 'live', caliber: '.45 Colt', quantity: 1 }), 'F4');
    const request = (await expectAnswer(201, call(hank, 'POST', '/armorer-requests', { kind: 'time', description: 'An hour more to check every dummy round' }))).request.id;
    await expectAnswer(422, call(producer, 'POST', `/armorer-requests/${request}/decision`, { decision: 'denied' }), 'F12');
    await expectAnswer(200, call(producer, 'POST', `/armorer-requests/${request}/decision`, { decision: 'denied', reason: 'Props will pre-sort the rounds' }));
  }

  const event = (who: Person, body: Record<string, unknown>) => call(who, 'POST', `/firearms/${colt}/events`, body);
  const meeting = () =>
    call(sam, 'POST', '/safety-meetings', {
      shootDayId: day,
      sceneIds: [saloon],
      heldAt: t.clock.now().toISOString(),
      attendeeIds: [hank.id, clay.id, sam.id, ines.id],
      walkthrough: true,
      abortPlan: 'Anyone calls cease fire; the armorer clears the weapon.',
      emergencyPlan: 'Medic at video village; ambulance via gate 2.',
    });
  /** F11: the safety advisor's corrective action (a wrong PIN first), a new meeting, and the incident's stop lifted. */
  async function recover(incidentId: string) {
    await expectAnswer(422, call(ines, 'POST', `/incidents/${incidentId}/corrective-action`, { action: 'Retrain the cast.', confirmations: [{ userId: ines.id, pin: '0000' }] }), 'PIN');
    await expectAnswer(201, call(ines, 'POST', `/incidents/${incidentId}/corrective-action`, { action: 'Hammer-down carry only; cast retrained.', confirmations: pins(ines) }));
    await expectAnswer(201, meeting());
    const stop = (await expectAnswer(200, call(sam, 'GET', '/stops'))).stops.find((s: { status: string }) => s.status === 'active');
    await expectAnswer(422, call(producer, 'POST', `/stops/${stop.id}/lift`, { resolution: 'Fine now.', confirmations: pins(sam) }), 'S1');
    await expectAnswer(200, call(ines, 'POST', `/stops/${stop.id}/lift`, { resolution: 'Corrective action taken, new meeting held.', confirmations: pins(ines, sam) }));
  }

  async function custody() {
    await expectAnswer(422, event(maya, { type: 'check_out', shootDayId: day }), 'F6');
    await expectAnswer(201, event(hank, { type: 'check_out', shootDayId: day }));
    // F9: out of storage with no scene for a quarter of an hour.
    later(16);
    expect(await watchIdleFirearms({ ...t.deps, live: t.app.liveHub })).toBe(1);
    await expectAnswer(201, meeting());
    await expectAnswer(422, event(maya, { type: 'inspect', load: 'dummy', rounds: [{ lotId: dummies, count: 6 }], barrelClear: true }), 'F8');
    await expectAnswer(201, event(hank, { type: 'inspect', load: 'dummy', rounds: [{ lotId: dummies, count: 6 }], barrelClear: true }));
    await expectAnswer(422, event(maya, { type: 'hand_off', toUserId: clay.id, shootDayId: day, sceneId: saloon, confirmations: pins(clay, sam) }), 'F6');
    await expectAnswer(201, event(hank, { type: 'hand_off', toUserId: clay.id, shootDayId: day, sceneId: saloon, confirmations: pins(clay, sam) }));
    await expectAnswer(422, event(maya, { type: 'return', fromUserId: clay.id, confirmations: pins(clay) }), 'F6');
    await expectAnswer(201, event(hank, { type: 'return', fromUserId: clay.id, confirmations: pins(clay) }));

    await expectAnswer(422, event(maya, { type: 'misfire', note: 'Click, no bang' }), 'F6');
    await expectAnswer(201, event(hank, { type: 'misfire', note: 'Click, no bang on the third pull', sceneId: saloon }));
    await recover((await expectAnswer(200, call(sam, 'GET', '/armory'))).hold.incidentId);

    await expectAnswer(201, event(hank, { type: 'inspect', load: 'blank', rounds: [{ lotId: blanks, count: 5 }], barrelClear: true }));
    await expectAnswer(422, event(maya, { type: 'discharge', intended: true, rounds: [{ lotId: blanks, count: 1 }] }), 'F6');
    await expectAnswer(201, event(hank, { type: 'discharge', intended: false, rounds: [{ lotId: blanks, count: 1 }], sceneId: saloon, note: 'Went off while holstering' }));
    await expectAnswer(422, event(hank, { type: 'check_in' }), 'F9');
    expect((await expectAnswer(409, call(hank, 'POST', '/armory/wrap', { shootDayId: day }))).violations.length).toBeGreaterThan(0);
    await recover((await expectAnswer(200, call(sam, 'GET', '/armory'))).hold.incidentId);
    await expectAnswer(201, event(hank, { type: 'inspect', load: 'empty', rounds: [], barrelClear: true }));
    await expectAnswer(201, event(hank, { type: 'check_in' }));
    await expectAnswer(200, call(hank, 'POST', '/armory/wrap', { shootDayId: day }));
  }

  async function stops() {
    const stop = (await expectAnswer(201, call(maya, 'POST', '/stops', { reason: 'Horse loose near the rigging', location: 'Corral' }))).stop;
    await expectAnswer(201, call(maya, 'POST', '/stops', { reason: 'Smoke in the saloon', anonymous: true }));
    await expectAnswer(201, call(null, 'POST', `/api/sets/${setCode}/stops`, { reason: 'Cable across the walkway' }));
    await expectAnswer(422, call(maya, 'POST', `/stops/${stop.id}/ack`, { deviceId: 'clay-phone' }), 'S1');
    await expectAnswer(204, call(clay, 'POST', `/stops/${stop.id}/ack`, { deviceId: 'clay-phone' }));
  }

  /** A notebook opened (once refused), a guest let in, handed on by the producer once refused: none of its words in the ledger. */
  async function notebooks() {
    const gil = await addPerson(t, producer, pid, ['department_head'], 'Gil Grip');
    await expectAnswer(422, call(gil, 'POST', '/notebooks', { department: 'Grip', headId: maya.id }), 'ROLES');
    const camera = (await expectAnswer(201, call(producer, 'POST', '/notebooks', { department: 'Camera', headId: maya.id }))).notebook.id;
    await expectAnswer(201, call(maya, 'POST', `/notebooks/${camera}/entries`, { kind: 'idea', title: 'Shoot the saloon through the window' }));
    await expectAnswer(200, call(maya, 'PUT', `/notebooks/${camera}/members`, { userIds: [clay.id] }));
    await expectAnswer(422, call(producer, 'POST', `/notebooks/${camera}/handoff`, { toUserId: clay.id }), 'ROLES');
    await expectAnswer(201, call(producer, 'POST', `/notebooks/${camera}/handoff`, { toUserId: clay.id, reason: 'ill', confirmations: pins(sam) }));
  }

  /** S4: a draft, changed, published; a link sent again; a recipient confirms, then acknowledges the safety section. */
  async function callSheets() {
    const sheet = (await expectAnswer(201, call(sam, 'POST', `/shoot-days/${day}/call-sheets`, {}))).callSheet.id;
    await expectAnswer(200, call(rosa, 'PATCH', `/call-sheets/${sheet}`, { walkieChannels: [{ channel: '1', use: 'Production' }] }));
    await expectAnswer(200, call(sam, 'POST', `/call-sheets/${sheet}/publish`, {}));
    await expectAnswer(202, call(sam, 'POST', `/call-sheets/${sheet}/recipients/${hank.id}/resend`));
    const { recipients } = await expectAnswer(200, call(sam, 'GET', `/call-sheets/${sheet}/recipients`));
    const token = (recipients as Array<{ userId: string; link: string }>).find((r) => r.userId === hank.id)!.link.split('/').at(-1)!;
    await expectAnswer(200, call(null, 'POST', `/api/call-sheets/${token}/confirm`, { safetyAck: false }));
    await expectAnswer(200, call(null, 'POST', `/api/call-sheets/${token}/confirm`, { safetyAck: true }));
  }

  async function concerns() {
    const deadlines = { critical: 15, high: 120, medium: 1440, low: 4320 };
    const levels = [
      { roles: ['safety_advisor', 'armorer'], emails: [], deadlines },
      { roles: ['producer'], emails: [], deadlines },
      { roles: [], emails: ['rep@iatse.example'], deadlines },
    ];
    expect((await expectAnswer(200, call(ines, 'PUT', '/escalation', { levels }))).escalation.status).toBe('proposed');
    expect((await expectAnswer(200, call(producer, 'PUT', '/escalation', { levels }))).escalation.status).toBe('active');

    const named = (
      await expectAnswer(201, call(maya, 'POST', '/concerns', { category: 'rigging', severity: 'high', description: 'Sandbags missing on stage 2', implicatedUserIds: [rosa.id] }))
    ).concern.id;
    const anonymous = await expectAnswer(201, call(maya, 'POST', '/concerns', { category: 'fatigue', severity: 'critical', description: 'Fourth 14-hour day', anonymous: true }));
    await expectAnswer(201, call(null, 'POST', `/api/sets/${setCode}/concerns`, { category: 'other', severity: 'medium', description: 'Fire exit blocked' }));
    await expectAnswer(422, call(maya, 'POST', `/concerns/${named}/ack`, {}), 'S2');
    await expectAnswer(422, call(maya, 'POST', `/concerns/${named}/resolve`, { resolution: 'Done' }), 'S2');
    await expectAnswer(200, call(ines, 'POST', `/concerns/${named}/ack`, { note: 'On my way to stage 2.' }));
    await expectAnswer(201, call(ines, 'POST', `/concerns/${named}/messages`, { text: 'Sandbags are back.' }));
    await expectAnswer(201, call(null, 'POST', '/api/follow-up/messages', { ...anonymous.followUp, text: 'It is still going on.' }));
    await expectAnswer(200, call(ines, 'POST', `/concerns/${named}/resolve`, { resolution: 'Sandbags placed and checked by the key grip.' }));
    // Nobody acknowledges the critical one: it climbs on its own.
    later(16);
    expect((await t.app.jobs.runOnce()).steps).toBeGreaterThan(0);
  }

  it('writes every entry type the union names, each exactly as one of its variants', async () => {
    const { entries } = await expectAnswer(200, call(producer, 'GET', '/ledger/entries'));
    const seen = new Set<string>();
    for (const { index, entry } of entries as Array<{ index: number; entry: { type: string } }>) {
      expect(nonconformity(recordedEntry, entry), `entry ${index}: ${JSON.stringify(entry)}`).toBeNull();
      seen.add(entry.type);
    }
    const declared = recordedEntry.options.map((option) => option.shape.type.value);
    expect([...seen].sort()).toEqual([...new Set(declared)].sort());
  });

  it('sends every live event type the union names, each exactly as one of its variants, in the table and on the stream', async () => {
    const rows = await t.deps.store.db.selectFrom('live_events').select(['seq', 'type', 'data']).where('production_id', '=', pid).orderBy('seq').execute();
    await stream.waitFor((e) => Number(e.id) === rows.at(-1)!.seq);
    const sent = [
      ...rows.map((row) => ({ where: `row ${row.seq}`, event: { type: row.type, ...JSON.parse(row.data) } })),
      ...stream.events.map((e) => ({ where: `stream event ${e.id ?? 'without id'}`, event: { type: e.event, ...JSON.parse(e.data) } })),
    ];
    const types = new Set<string>();
    const rules = new Set<string>();
    for (const { where, event } of sent) {
      expect(nonconformity(liveEvent, event), `${where}: ${JSON.stringify(event)}`).toBeNull();
      types.add(event.type);
      if (event.type === 'alert') rules.add(event.rule);
    }
    // Clay's phone was sent every row after it connected, and nothing else: the stream only carries the table.
    const { seq: connectedAt } = JSON.parse(stream.events.find((e) => e.event === 'ready')!.data) as { seq: number };
    expect(stream.events.filter((e) => e.event !== 'ready').map((e) => Number(e.id))).toEqual(rows.map((row) => row.seq).filter((seq) => seq > connectedAt));
    const declared = liveEvent.options.map((option) => ('shape' in option ? option.shape.type.value : 'alert'));
    expect([...types].sort()).toEqual([...declared].sort());
    expect([...rules].sort()).toEqual(['F12', 'F2', 'F3', 'F4', 'F9', 'ROLES', 'S3', 'S5']);
  });
});
