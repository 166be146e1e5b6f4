import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, ROLES, type Role } from '../../src/domain/roles.js';
import { member, publicAccess, signedIn, type Access } from '../../src/server/types.js';
import { PASSWORD, startApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { apiRoutes, expectProblem, fillParams, routeName, type Answer, type RouteKey } from '../support/routes.js';

/**
 * Who may call what, checked against the server's own route table: every /api
 * route x every role on production A, a member of production B only, and
 * someone with no account. A route without an entry in EXPECTED fails the suite.
 */

const t = await startApp();
afterAll(() => t.close());

/** Production A (the one under test) and its people, one member per role. */
let dustDevil: { id: string };
let cast: Record<Role, Person>;
/** The producer of production B, a member of nothing else. */
let outsider: Person;
/** A crew member whose department and training the matrix edits. */
let grip: Person;
let sceneId: string;
let setCode: string;
/** a stop raised on A that members acknowledge and read */
let stopId: string;
let shootDayId: string;
let locationId: string;
let firearmId: string;
/** a published call sheet with the grip on it, and the token of his personal link */
let callSheetId: string;
/** the camera notebook, headed by the department head: to everyone else it does not exist */
let notebookId: string;
let entryId: string;
let attachmentId: string;
let gripsLink: string;
/** an anonymous concern the department head and safety advisor handle, and its follow-up key */
let concernId: string;
let followUp: { key: string; passphrase: string };

let serial = 0;
const next = () => ++serial;
const dayAfter = (days: number) => new Date(Date.UTC(2027, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);

interface Call {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** overrides the caller's own token (logout needs a session of its own) */
  token?: string | undefined;
  /** the phone's address, for routes limited per source */
  remoteAddress?: string;
  /** a body that is not JSON says what it is (a photo sent as a form) */
  headers?: Record<string, string>;
}

interface Expectation {
  access: Access;
  /** what a caller who is allowed gets back (a safety rule may still refuse them: 422) */
  status: number | ((caller: Caller) => number);
  /** a request that works for `caller` (null: no account); defaults to production A's path and no body */
  request?: (caller: Person | null) => Call | Promise<Call>;
  /** the answer is an event stream that stays open: only its status and headers are read */
  stream?: true;
}

/** A browser's subscription at a push service on a closed port: whatever is pushed to it fails at once. */
const pushSubscription = () => ({ endpoint: `https://127.0.0.1:9/push/${next()}`, keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) } });

/** A device of the caller's own to remove (a made-up id for someone with no account, who is turned away first). */
async function freshDevice(caller: Person | null): Promise<string> {
  if (!caller) return 'no-such-device';
  const res = await t.call('POST', '/api/push/devices', { token: caller.token, body: pushSubscription() });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function freshSession(caller: Person | null): Promise<string | undefined> {
  if (!caller) return undefined;
  const res = await t.call('POST', '/api/auth/login', { body: { email: caller.email, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

async function raiseStop(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/stops`, {
    token: cast.producer.token,
    body: { reason: 'Horse loose near the rigging', location: 'Corral' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().stop.id as string;
}

async function freshInvitationCode(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/members`, {
    token: cast.producer.token,
    body: { email: `daywalker${next()}@example.test`, name: 'Day Player', roles: ['crew'] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().invitation.code as string;
}

const EXPECTED: Record<string, Expectation> = {
  'GET /api/health': { access: publicAccess, status: 200 },
  'GET /api/openapi.json': { access: publicAccess, status: 200 },
  // Setup is over once the first producer exists: everyone gets the same 409.
  'POST /api/setup': {
    access: publicAccess,
    status: 409,
    request: () => ({ body: { setupToken: 'test-setup-token', email: `late${next()}@example.test`, name: 'Late', password: PASSWORD } }),
  },
  'POST /api/auth/login': {
    access: publicAccess,
    status: 200,
    request: (caller) => ({ body: { email: (caller ?? cast.producer).email, password: PASSWORD } }),
  },
  'POST /api/auth/logout': { access: signedIn, status: 204, request: async (caller) => ({ token: await freshSession(caller) }) },
  'GET /api/me': { access: signedIn, status: 200 },
  'GET /api/push/key': { access: signedIn, status: 200 },
  'GET /api/push/devices': { access: signedIn, status: 200 },
  'POST /api/push/devices': { access: signedIn, status: 201, request: () => ({ body: pushSubscription() }) },
  'DELETE /api/push/devices/:id': { access: signedIn, status: 204, request: async (caller) => ({ params: { id: await freshDevice(caller) } }) },
  'PUT /api/me/pin': { access: signedIn, status: 204, request: (caller) => ({ body: { pin: caller?.pin || '2468', password: PASSWORD } }) },
  'PUT /api/me/locale': { access: signedIn, status: 204, request: () => ({ body: { locale: 'es' } }) },
  'POST /api/productions': {
    access: signedIn,
    status: 201,
    request: () => ({ body: { name: `Second Unit ${next()}`, timezone: 'Europe/Lisbon' } }),
  },
  'GET /api/productions/:pid': { access: member('production.read'), status: 200 },
  'GET /api/productions/:pid/members': { access: member('members.list'), status: 200 },
  'POST /api/productions/:pid/members': {
    access: member('members.invite'),
    status: 201,
    request: () => ({ body: { email: `stand-in${next()}@example.test`, name: 'Stand-in', roles: ['crew'] } }),
  },
  'PATCH /api/productions/:pid/members/:userId': {
    access: member('members.update'),
    // The safety advisor reaches the route to confirm deciding roles; a department change is not theirs (ROLES).
    status: (caller) => (caller.kind === 'role' && caller.role === 'safety_advisor' ? 422 : 200),
    request: () => ({ params: { pid: dustDevil.id, userId: grip.id }, body: { department: `Grip unit ${next()}` } }),
  },
  // The person themselves, or the producer, UPM or 1st AD; anyone else is refused on the record (ROLES).
  'PUT /api/productions/:pid/members/:userId/contact': {
    access: member('members.contact'),
    status: (caller) => (caller.kind === 'role' && ['producer', 'upm', 'first_ad'].includes(caller.role) ? 200 : 422),
    request: () => ({ params: { pid: dustDevil.id, userId: grip.id }, body: { phone: `+1 505 555 ${String(1000 + next()).slice(-4)}` } }),
  },
  'DELETE /api/productions/:pid/members/:userId': {
    access: member('members.remove'),
    status: 200,
    request: async () => ({ params: { pid: dustDevil.id, userId: await freshMember() } }),
  },
  'POST /api/productions/:pid/members/:userId/invitation': {
    access: member('members.invite'),
    status: 201,
    request: async () => ({ params: { pid: dustDevil.id, userId: await freshMember() } }),
  },
  'GET /api/productions/:pid/trainings': { access: member('trainings.read'), status: 200 },
  'GET /api/invitations/:code': { access: publicAccess, status: 200, request: async () => ({ params: { code: await freshInvitationCode() } }) },
  'POST /api/invitations/:code/accept': {
    access: publicAccess,
    status: 201,
    request: async () => ({ params: { code: await freshInvitationCode() }, body: { name: 'Day Player', password: PASSWORD, pin: '8080' } }),
  },
  'POST /api/productions/:pid/trainings': {
    access: member('trainings.record'),
    status: 201,
    request: () => ({ body: { userId: grip.id, course: 'firearms_safety', completedOn: '2026-03-14' } }),
  },
  'GET /api/productions/:pid/ledger/checkpoint': { access: member('ledger.read'), status: 200 },
  'GET /api/productions/:pid/ledger/entries': { access: member('ledger.read'), status: 200, request: () => ({ query: 'from=0&to=2' }) },
  'GET /api/productions/:pid/ledger/people': { access: member('ledger.read'), status: 200 },
  'GET /api/productions/:pid/ledger/proofs/inclusion': {
    access: member('ledger.read'),
    status: 200,
    request: () => ({ query: 'index=0&treeSize=2' }),
  },
  'GET /api/productions/:pid/ledger/proofs/consistency': {
    access: member('ledger.read'),
    status: 200,
    request: () => ({ query: 'from=1&to=2' }),
  },
  'GET /api/productions/:pid/ledger/export': { access: member('ledger.read'), status: 200 },
  'POST /api/productions/:pid/scenes': {
    access: member('schedule.write'),
    status: 201,
    request: () => ({ body: { number: `${next()}A`, description: 'Pickup shot, dolly move', hazards: [] } }),
  },
  'POST /api/productions/:pid/shoot-days': {
    access: member('schedule.write'),
    status: 201,
    request: () => ({ body: { date: dayAfter(next()), sceneIds: [sceneId], location: 'Ghost Ranch' } }),
  },
  'GET /api/productions/:pid/schedule': { access: member('schedule.read'), status: 200 },
  'GET /api/productions/:pid/scenes/:sid': { access: member('schedule.read'), status: 200, request: () => ({ params: { pid: dustDevil.id, sid: sceneId } }) },
  'PATCH /api/productions/:pid/scenes/:sid': {
    access: member('schedule.write'),
    status: 200,
    request: () => ({ params: { pid: dustDevil.id, sid: sceneId }, body: { description: `Wide: the posse rides in, take ${next()}` } }),
  },
  'POST /api/productions/:pid/scenes/:sid/risk-assessments': {
    access: member('risk.assess'),
    status: 201,
    request: () => ({ params: { pid: dustDevil.id, sid: sceneId }, body: { hazards: ['animals'], controls: [{ hazard: 'animals', control: `Wrangler on set, horses walked through first (${next()})` }] } }),
  },
  'PATCH /api/productions/:pid/shoot-days/:did': {
    access: member('schedule.write'),
    status: 200,
    request: () => ({ params: { pid: dustDevil.id, did: shootDayId }, body: { notes: `Weather cover: stage 2 (${next()})` } }),
  },
  'GET /api/productions/:pid/shoot-days/:did/times': { access: member('hours.read'), status: 200, request: () => ({ params: { pid: dustDevil.id, did: shootDayId } }) },
  'PUT /api/productions/:pid/shoot-days/:did/times': {
    access: member('hours.record'),
    status: 200,
    request: () => ({ params: { pid: dustDevil.id, did: shootDayId }, body: { times: [{ userId: grip.id, call: '2026-12-01T13:00:00Z', wrap: '2026-12-02T01:00:00Z' }] } }),
  },
  'GET /api/productions/:pid/rest-agreement': { access: member('settings.read'), status: 200 },
  'PUT /api/productions/:pid/rest-agreement': {
    access: member('settings.configure'),
    status: 200,
    request: () => ({ body: { turnaroundHours: { crew: 10, performer: 12 }, weeklyHours: 60, weekendRestHours: { afterFiveDays: 54, afterSixDays: 32 } } }),
  },
  'GET /api/productions/:pid/today': { access: member('today.read'), status: 200, request: () => ({ query: 'date=2026-12-01' }) },
  'POST /api/productions/:pid/locations': {
    access: member('schedule.write'),
    status: 201,
    request: () => ({ body: { name: `Ghost Ranch corral ${next()}`, latitude: 36.3313, longitude: -106.4734 } }),
  },
  'GET /api/productions/:pid/locations': { access: member('schedule.read'), status: 200 },
  'PATCH /api/productions/:pid/locations/:lid': {
    access: member('schedule.write'),
    status: 200,
    request: () => ({ params: { pid: dustDevil.id, lid: locationId }, body: { parking: `Field by the gate, row ${next()}` } }),
  },
  'GET /api/productions/:pid/locations/:lid/light': {
    access: member('light.read'),
    status: 200,
    request: () => ({ params: { pid: dustDevil.id, lid: locationId }, query: 'date=2026-12-01' }),
  },
  'GET /api/productions/:pid/locations/:lid/light-targets': { access: member('light.read'), status: 200, request: () => ({ params: { pid: dustDevil.id, lid: locationId } }) },
  'POST /api/productions/:pid/locations/:lid/light-targets': {
    access: member('light.target'),
    status: 201,
    request: () => ({ params: { pid: dustDevil.id, lid: locationId }, body: { name: `Low sun over the corral ${next()}`, azimuthFrom: 100, azimuthTo: 125, altitudeFrom: 5, altitudeTo: 15 } }),
  },
  // Anyone may ask; the rule lets the one who named it, the head of camera, the 1st AD or the producer (ROLES), and records a refusal.
  'DELETE /api/productions/:pid/locations/:lid/light-targets/:tid': {
    access: member('light.archive'),
    status: (caller) => (caller.kind === 'role' && ['producer', 'first_ad'].includes(caller.role) ? 200 : 422),
    request: async () => ({ params: { pid: dustDevil.id, lid: locationId, tid: await freshLightTarget() } }),
  },
  'POST /api/productions/:pid/stops': {
    access: member('stops.raise'),
    status: 201,
    request: () => ({ body: { reason: `Smoke near the generator ${next()}`, location: 'Base camp' } }),
  },
  'GET /api/productions/:pid/stops': { access: member('stops.read'), status: 200 },
  'GET /api/productions/:pid/stops/:sid': { access: member('stops.read'), status: 200, request: () => ({ params: { pid: dustDevil.id, sid: stopId } }) },
  'POST /api/productions/:pid/stops/:sid/ack': {
    access: member('stops.ack'),
    status: 204,
    request: () => ({ params: { pid: dustDevil.id, sid: stopId }, body: { deviceId: `phone-${next()}` } }),
  },
  // Any member may ask; S1 itself refuses everyone but the safety advisor (422), and the refusal is recorded.
  'POST /api/productions/:pid/stops/:sid/lift': {
    access: member('stops.lift'),
    status: (caller) => (caller.kind === 'role' && caller.role === 'safety_advisor' ? 200 : 422),
    request: async () => ({
      params: { pid: dustDevil.id, sid: await raiseStop() },
      body: {
        resolution: 'Horse back in the corral, wrangler on watch',
        confirmations: [
          { userId: cast.safety_advisor.id, pin: cast.safety_advisor.pin },
          { userId: cast.first_ad.id, pin: cast.first_ad.pin },
        ],
      },
    }),
  },
  'GET /api/sets/:setCode': { access: publicAccess, status: 200, request: () => ({ params: { setCode } }) },
  'POST /api/sets/:setCode/stops': {
    access: publicAccess,
    status: 201,
    // Limited per source address: each caller here is a different phone.
    request: () => ({ params: { setCode }, body: { reason: 'Cable across the fire lane' }, remoteAddress: `10.0.0.${next() % 250}` }),
  },
  'POST /api/productions/:pid/firearms': {
    access: member('armory.inventory'),
    status: 201,
    request: () => ({ body: { serial: `SAA-${next()}`, make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' } }),
  },
  'POST /api/productions/:pid/ammunition': {
    access: member('armory.inventory'),
    status: 201,
    request: () => ({ body: { lot: `BL-${next()}`, kind: 'blank', caliber: '.45 Colt', quantity: 50 } }),
  },
  'GET /api/productions/:pid/firearms/:fid': { access: member('armory.read'), status: 200, request: () => ({ params: { pid: dustDevil.id, fid: firearmId } }) },
  'GET /api/productions/:pid/armory': { access: member('armory.read'), status: 200 },
  // Any member may ask; F6 refuses everyone who does not record discharges (422), and the refusal is recorded.
  'POST /api/productions/:pid/firearms/:fid/events': {
    access: member('armory.custody'),
    status: (caller) => (caller.kind === 'role' && ['armorer', 'safety_advisor', 'first_ad'].includes(caller.role) ? 201 : 422),
    request: () => ({ params: { pid: dustDevil.id, fid: firearmId }, body: { type: 'discharge', intended: true, rounds: [], note: 'Rehearsal fire cue' } }),
  },
  'POST /api/productions/:pid/armory/live-rounds': {
    access: member('armory.report'),
    status: 201,
    request: () => ({ body: { description: `Live round in the dummy box (${next()})`, location: 'Prop cart' } }),
  },
  // A day wraps once (F9): each caller wraps a day of its own.
  'POST /api/productions/:pid/armory/wrap': { access: member('armory.wrap'), status: 200, request: async () => ({ body: { shootDayId: await freshDay() } }) },
  'POST /api/productions/:pid/armorer-requests': {
    access: member('requests.make'),
    status: 201,
    request: () => ({ body: { kind: 'training', description: `Refresher on revolver clearing drills (${next()})` } }),
  },
  'GET /api/productions/:pid/armorer-requests': { access: member('requests.read'), status: 200 },
  'POST /api/productions/:pid/armorer-requests/:rid/decision': {
    access: member('requests.decide'),
    status: 200,
    request: async () => ({
      params: { pid: dustDevil.id, rid: await armorerRequest() },
      body: { decision: 'denied', reason: 'The schedule cannot move this week; revisit on Monday' },
    }),
  },
  'POST /api/productions/:pid/incidents/:iid/corrective-action': {
    access: member('incidents.correct'),
    status: 201,
    // An incident of its own each time: a closed one takes no more corrective actions (409).
    request: async () => ({
      params: { pid: dustDevil.id, iid: await liveRoundIncident() },
      body: { action: 'Cart re-inspected; armorer retrained on trigger discipline', confirmations: [{ userId: cast.safety_advisor.id, pin: cast.safety_advisor.pin }] },
    }),
  },
  'PUT /api/productions/:pid/shoot-days/:did/duties': {
    access: member('schedule.write'),
    status: 200,
    request: () => ({ params: { pid: dustDevil.id, did: shootDayId }, body: { duties: [{ userId: cast.armorer.id, duty: 'armorer' }] } }),
  },
  'POST /api/productions/:pid/safety-meetings': {
    access: member('meetings.record'),
    status: 201,
    request: () => ({
      body: {
        shootDayId,
        sceneIds: [sceneId],
        heldAt: '2026-11-22T13:30:00Z',
        attendeeIds: [cast.first_ad.id, cast.armorer.id, cast.performer.id],
        walkthrough: true,
        abortPlan: 'Anyone calls "cut" and the armorer clears the weapon',
        emergencyPlan: 'Medic at video village; ambulance on standby at the gate',
      },
    }),
  },
  'POST /api/productions/:pid/scenes/:sid/consultations': {
    access: member('consultations.record'),
    status: 201,
    request: () => ({
      params: { pid: dustDevil.id, sid: sceneId },
      body: {
        plan: 'Shot cheats the barrel off-axis; camera behind plexiglass',
        confirmations: [
          { userId: cast.armorer.id, pin: cast.armorer.pin },
          { userId: cast.safety_advisor.id, pin: cast.safety_advisor.pin },
        ],
      },
    }),
  },
  'POST /api/productions/:pid/concerns': {
    access: member('concerns.report'),
    status: 201,
    request: () => ({ body: { category: 'rigging', severity: 'low', description: `Loose sandbag on a C-stand (${next()})` } }),
  },
  'GET /api/productions/:pid/concerns': { access: member('concerns.read'), status: 200 },
  // The ladder decides: at its first level only the department head and the safety advisor handle it; to anyone else it does not exist.
  'GET /api/productions/:pid/concerns/:cid': {
    access: member('concerns.read'),
    status: (caller) => (firstLevel(caller) ? 200 : 404),
    request: () => ({ params: { pid: dustDevil.id, cid: concernId } }),
  },
  'POST /api/productions/:pid/concerns/:cid/ack': {
    access: member('concerns.handle'),
    status: (caller) => (firstLevel(caller) ? 200 : 404),
    request: () => ({ params: { pid: dustDevil.id, cid: concernId }, body: {} }),
  },
  'POST /api/productions/:pid/concerns/:cid/messages': {
    access: member('concerns.handle'),
    status: (caller) => (firstLevel(caller) ? 201 : 404),
    request: () => ({ params: { pid: dustDevil.id, cid: concernId }, body: { text: 'Which stage?' } }),
  },
  'POST /api/productions/:pid/concerns/:cid/resolve': {
    access: member('concerns.handle'),
    status: (caller) => (firstLevel(caller) ? 200 : 404),
    request: async () => ({ params: { pid: dustDevil.id, cid: await anonymousConcern() }, body: { resolution: 'Sandbags doubled on every stand' } }),
  },
  'GET /api/productions/:pid/escalation': { access: member('escalation.read'), status: 200 },
  'PUT /api/productions/:pid/escalation': {
    access: member('escalation.configure'),
    status: 200,
    request: () => ({
      body: {
        levels: [
          { roles: ['department_head', 'safety_advisor'], emails: [], deadlines: { critical: 15, high: 120, medium: 1440, low: 4320 } },
          { roles: ['upm', 'producer'], emails: ['rep@iatse.example'], deadlines: { critical: 15, high: 120, medium: 1440, low: 4320 } },
        ],
      },
    }),
  },
  'POST /api/sets/:setCode/concerns': {
    access: publicAccess,
    status: 201,
    request: () => ({
      params: { setCode },
      body: { category: 'environment', severity: 'medium', description: 'Diesel leak by the generator' },
      remoteAddress: `10.0.1.${next() % 250}`,
    }),
  },
  'POST /api/follow-up': { access: publicAccess, status: 200, request: () => ({ body: followUp, remoteAddress: `10.0.2.${next() % 250}` }) },
  'POST /api/follow-up/messages': {
    access: publicAccess,
    status: 201,
    request: () => ({ body: { ...followUp, text: 'Stage 4, by the cyc.' }, remoteAddress: `10.0.3.${next() % 250}` }),
  },
  'GET /api/productions/:pid/live': { access: member('live.read'), status: 200, stream: true, request: () => ({ query: `deviceId=tablet-${next()}` }) },
  // S4: one draft per day at a time, so each caller drafts on a day of its own.
  'POST /api/productions/:pid/shoot-days/:did/call-sheets': {
    access: member('callSheets.write'),
    status: 201,
    request: async () => ({ params: { pid: dustDevil.id, did: await freshDay() }, body: { notes: 'Rain cover: stage 2' } }),
  },
  'GET /api/productions/:pid/shoot-days/:did/call-sheets': { access: member('callSheets.read'), status: 200, request: () => ({ params: { pid: dustDevil.id, did: shootDayId } }) },
  'GET /api/productions/:pid/call-sheets/:cid': { access: member('callSheets.read'), status: 200, request: () => ({ params: { pid: dustDevil.id, cid: callSheetId } }) },
  'PATCH /api/productions/:pid/call-sheets/:cid': {
    access: member('callSheets.write'),
    status: 200,
    request: async () => ({ params: { pid: dustDevil.id, cid: await freshDraft() }, body: { notes: `Rain cover: stage ${next()}` } }),
  },
  'POST /api/productions/:pid/call-sheets/:cid/publish': {
    access: member('callSheets.write'),
    status: 200,
    request: async () => ({ params: { pid: dustDevil.id, cid: await freshDraft() }, body: {} }),
  },
  'GET /api/productions/:pid/call-sheets/:cid/recipients': {
    access: member('callSheets.recipients'),
    status: 200,
    request: () => ({ params: { pid: dustDevil.id, cid: callSheetId }, query: 'pending=true' }),
  },
  'POST /api/productions/:pid/call-sheets/:cid/recipients/:userId/resend': {
    access: member('callSheets.write'),
    status: 202,
    request: () => ({ params: { pid: dustDevil.id, cid: callSheetId, userId: grip.id } }),
  },
  'GET /api/productions/:pid/call-sheets/:cid/pdf': { access: member('callSheets.read'), status: 200, request: () => ({ params: { pid: dustDevil.id, cid: callSheetId } }) },
  // A personal link: whoever holds it, signed in or not, as anyone.
  'GET /api/call-sheets/:token': { access: publicAccess, status: 200, request: () => ({ params: { token: gripsLink } }) },
  'POST /api/call-sheets/:token/confirm': { access: publicAccess, status: 200, request: () => ({ params: { token: gripsLink }, body: { safetyAck: true } }) },
  'GET /api/call-sheets/:token/calendar.ics': { access: publicAccess, status: 200, request: () => ({ params: { token: gripsLink } }) },
  'GET /api/call-sheets/:token/pdf': { access: publicAccess, status: 200, request: () => ({ params: { token: gripsLink } }) },
  'POST /api/productions/:pid/notebooks': {
    access: member('notebooks.create'),
    status: 201,
    request: (caller) => ({ body: { department: `Second unit ${next()}`, headId: (caller ?? cast.producer).id } }),
  },
  'GET /api/productions/:pid/notebooks': { access: member('notebooks.read'), status: 200 },
  // The notebook's own policy: its head reads and writes it; to everyone else here (no department on record), it is not found.
  'GET /api/productions/:pid/notebooks/:nid': { access: member('notebooks.read'), status: headOnly(200), request: () => ({ params: notebookParams() }) },
  'PUT /api/productions/:pid/notebooks/:nid/members': { access: member('notebooks.write'), status: headOnly(200), request: () => ({ params: notebookParams(), body: { userIds: [grip.id] } }) },
  'POST /api/productions/:pid/notebooks/:nid/entries': {
    access: member('notebooks.write'),
    status: headOnly(201),
    request: () => ({ params: notebookParams(), body: { kind: 'camera_report', title: `Wide ${next()}`, fields: { roll: 'A001', scene: '1', take: next() } } }),
  },
  'GET /api/productions/:pid/notebooks/:nid/entries': { access: member('notebooks.read'), status: headOnly(200), request: () => ({ params: notebookParams(), query: 'q=wide' }) },
  'GET /api/productions/:pid/notebooks/:nid/entries/:eid': { access: member('notebooks.read'), status: headOnly(200), request: () => ({ params: { ...notebookParams(), eid: entryId } }) },
  'PATCH /api/productions/:pid/notebooks/:nid/entries/:eid': {
    access: member('notebooks.write'),
    status: headOnly(200),
    request: async () => ({ params: { ...notebookParams(), eid: await freshEntry() }, body: { version: 1, title: `Wide, printed ${next()}` } }),
  },
  'DELETE /api/productions/:pid/notebooks/:nid/entries/:eid': {
    access: member('notebooks.write'),
    status: headOnly(200),
    request: async () => ({ params: { ...notebookParams(), eid: await freshEntry() }, query: 'version=1' }),
  },
  'GET /api/productions/:pid/notebooks/:nid/entries/:eid/history': { access: member('notebooks.read'), status: headOnly(200), request: () => ({ params: { ...notebookParams(), eid: entryId } }) },
  'POST /api/productions/:pid/notebooks/:nid/entries/:eid/attachments': {
    access: member('notebooks.write'),
    status: headOnly(201),
    request: () => ({ params: { ...notebookParams(), eid: entryId }, ...photoForm() }),
  },
  'GET /api/productions/:pid/notebooks/:nid/entries/:eid/attachments/:aid': {
    access: member('notebooks.read'),
    status: headOnly(200),
    request: () => ({ params: { ...notebookParams(), eid: entryId, aid: attachmentId } }),
  },
  'GET /api/productions/:pid/notebooks/:nid/entries/:eid/attachments/:aid/thumbnail': {
    access: member('notebooks.read'),
    status: headOnly(200),
    request: () => ({ params: { ...notebookParams(), eid: entryId, aid: attachmentId } }),
  },
  'GET /api/productions/:pid/notebooks/:nid/camera-reports.csv': { access: member('notebooks.read'), status: headOnly(200), request: () => ({ params: notebookParams() }) },
  'GET /api/productions/:pid/notebooks/:nid/package': { access: member('notebooks.read'), status: headOnly(200), request: () => ({ params: notebookParams() }) },
  // The head hands it on; the producer too, saying why the head cannot and with a second person's PIN; to anyone else it is not found.
  'POST /api/productions/:pid/notebooks/:nid/handoff': {
    access: member('notebooks.handoff'),
    status: (caller) => (caller.kind === 'role' && ['department_head', 'producer'].includes(caller.role) ? 201 : 404),
    request: async () => ({
      params: { pid: dustDevil.id, nid: await freshNotebook() },
      body: { toUserId: grip.id, reason: 'ill', confirmations: [{ userId: cast.first_ad.id, pin: cast.first_ad.pin }] },
    }),
  },
};

/** A notebook route's answer: the head's, and 404 for anyone else on the production. */
function headOnly(status: number) {
  return (caller: Caller) => (caller.kind === 'role' && caller.role === 'department_head' ? status : 404);
}

const notebookParams = () => ({ pid: dustDevil.id, nid: notebookId });

/** A small photo, sent as a phone's browser sends a file. */
let photo: Buffer;
function photoForm(): Pick<Call, 'body' | 'headers'> {
  const boundary = `----authz${next()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="chart.png"\r\nContent-Type: image/png\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), photo, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** An entry of the head's, at version 1, for an edit or a removal of its own. */
async function freshEntry(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/notebooks/${notebookId}/entries`, {
    token: cast.department_head.token,
    body: { kind: 'todo', title: `Check the gate ${next()}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().entry.id as string;
}

/** A notebook of a department of its own, headed by the department head: each handoff moves one. */
async function freshNotebook(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/notebooks`, { token: cast.producer.token, body: { department: `Unit ${next()}`, headId: cast.department_head.id } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().notebook.id as string;
}

/** The server answers HEAD for every GET, with the GET's access. */
function expectationFor(route: RouteKey): Expectation | undefined {
  return EXPECTED[routeName(route)] ?? (route.method === 'HEAD' ? EXPECTED[`GET ${route.url}`] : undefined);
}

type Caller = { kind: 'role'; role: Role } | { kind: 'outsider' } | { kind: 'anonymous' };
const CALLERS: Caller[] = [...ROLES.map((role): Caller => ({ kind: 'role', role })), { kind: 'outsider' }, { kind: 'anonymous' }];

function personOf(caller: Caller): Person | null {
  if (caller.kind === 'role') return cast[caller.role];
  return caller.kind === 'outsider' ? outsider : null;
}

/** What the contract promises `caller` on a route. */
function expectedStatus({ access, status }: Expectation, caller: Caller): number {
  const allowed = typeof status === 'number' ? status : status(caller);
  if (access.kind === 'public') return allowed;
  if (caller.kind === 'anonymous') return 401;
  if (access.kind === 'user') return allowed;
  if (caller.kind === 'outsider') return 404;
  const who = ACCESS[access.action];
  return who === 'member' || (who as readonly Role[]).includes(caller.role) ? allowed : 403;
}

function describeCaller(caller: Caller, status: number): string {
  const who =
    caller.kind === 'role' ? `the ${caller.role.replace('_', ' ')}` : caller.kind === 'outsider' ? 'a member of another production' : 'someone with no account';
  if (status === 401) return `${who} is asked to sign in (401)`;
  if (status === 403) return `${who} is refused (403)`;
  if (status === 404) return `${who} is told the production does not exist (404)`;
  if (status === 422) return `${who} may ask, and a safety rule refuses (422)`;
  return `${who} gets ${status}`;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function treeSize(): Promise<number> {
  const res = await t.call('GET', `/api/productions/${dustDevil.id}/ledger/checkpoint`, { token: cast.producer.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().treeSize as number;
}

const firstLevel = (caller: Caller) => caller.kind === 'role' && ['department_head', 'safety_advisor'].includes(caller.role);

/** A fresh anonymous concern from the crew: nobody is its reporter, so only its handlers see it. */
async function anonymousConcern(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/concerns`, {
    token: grip.token,
    body: { category: 'rigging', severity: 'medium', description: `Sandbags missing on stage (${next()})`, anonymous: true },
  });
  expect(res.statusCode, res.body).toBe(201);
  followUp = res.json().followUp;
  return res.json().concern.id as string;
}

/** A fresh request from the armorer, so each decision has an open one to answer. */
async function armorerRequest(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/armorer-requests`, {
    token: cast.armorer.token,
    body: { kind: 'time', description: `More prep time (${next()})` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().request.id as string;
}

/** A live round reported on set: an incident for the safety advisor to answer (F4, F11). */
async function liveRoundIncident(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/armory/live-rounds`, {
    token: cast.crew.token,
    body: { description: `A brass-cased round in the prop cart (${next()})` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().incident.id as string;
}

/** Someone invited onto A who has not joined yet: to remove, or to send a new link to. */
async function freshMember(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/members`, {
    token: cast.producer.token,
    body: { email: `extra${next()}@example.test`, name: 'Extra', roles: ['crew'] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().member.userId as string;
}

/** A light target the grip named at the location, for someone else to take off. */
async function freshLightTarget(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/locations/${locationId}/light-targets`, {
    token: grip.token,
    body: { name: `Backlight through the dust ${next()}`, azimuthFrom: 240, azimuthTo: 260, altitudeFrom: 0, altitudeTo: 10 },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().target.id as string;
}

/** A call sheet draft on a day of its own. */
async function freshDraft(): Promise<string> {
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/shoot-days/${await freshDay()}/call-sheets`, { token: cast.first_ad.token, body: {} });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().callSheet.id as string;
}

let nextDate = Date.parse('2027-01-01T00:00:00Z');
async function freshDay(): Promise<string> {
  const date = new Date((nextDate += 86_400_000)).toISOString().slice(0, 10);
  const res = await t.call('POST', `/api/productions/${dustDevil.id}/shoot-days`, { token: cast.producer.token, body: { date, sceneIds: [sceneId] } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().shootDay.id as string;
}

/** Builds the caller's request: a step of its own, as some requests first set the scene (a fresh stop, a fresh invitation). */
async function prepare(expectation: Expectation, caller: Person | null): Promise<Call> {
  return (await expectation.request?.(caller)) ?? {};
}

async function send(route: RouteKey, expectation: Expectation, call: Call, caller: Person | null, auth: 'bearer' | 'cookie', headers: Record<string, string> = {}) {
  const token = 'token' in call ? call.token : caller?.token;
  const url = fillParams(route.url, call.params ?? { pid: dustDevil.id }) + (call.query ? `?${call.query}` : '');
  const request = {
    method: route.method as 'GET',
    url,
    headers: {
      ...(auth === 'bearer' && token ? { authorization: `Bearer ${token}` } : {}),
      ...(auth === 'cookie' && token ? { cookie: `setbook_session=${token}` } : {}),
      ...call.headers,
      ...headers,
    },
    ...(call.body !== undefined ? { payload: call.body as object } : {}),
    ...(call.remoteAddress ? { remoteAddress: call.remoteAddress } : {}),
  };
  if (!expectation.stream) return (await t.app.inject(request)) as Answer;
  const hangUp = new AbortController();
  const res = await t.app.inject({ ...request, payloadAsStream: true, signal: hangUp.signal });
  if (res.statusCode === 200) {
    hangUp.abort();
    return { statusCode: 200, headers: res.headers, body: '', json: () => undefined };
  }
  let body = '';
  for await (const chunk of res.stream()) body += String(chunk);
  return { statusCode: res.statusCode, headers: res.headers, body, json: () => JSON.parse(body) };
}

beforeAll(async () => {
  const producer = await setUpFirstUser(t, 'Dana Producer');
  dustDevil = await createProduction(t, producer, 'Dust Devil');
  const others: Partial<Record<Role, Person>> = {};
  for (const role of ROLES.filter((r) => r !== 'producer')) others[role] = await addPerson(t, producer, dustDevil.id, [role]);
  cast = { producer, ...others } as Record<Role, Person>;
  grip = await addPerson(t, producer, dustDevil.id, ['crew'], 'Gus Grip');

  const nightShift = await createProduction(t, producer, 'Night Shift');
  outsider = await addPerson(t, producer, nightShift.id, ['producer'], 'Oona Outsider');

  setCode = (await t.call('GET', `/api/productions/${dustDevil.id}`, { token: producer.token })).json().production.setCode;
  stopId = await raiseStop();

  const scene = await t.call('POST', `/api/productions/${dustDevil.id}/scenes`, {
    token: producer.token,
    body: { number: '1', description: 'Wide: the posse rides in', hazards: ['animals'] },
  });
  expect(scene.statusCode, scene.body).toBe(201);
  sceneId = scene.json().scene.id;

  const day = await t.call('POST', `/api/productions/${dustDevil.id}/shoot-days`, {
    token: producer.token,
    body: { date: '2026-12-01', sceneIds: [sceneId], location: 'Ghost Ranch' },
  });
  expect(day.statusCode, day.body).toBe(201);
  shootDayId = day.json().shootDay.id;
  const location = await t.call('POST', `/api/productions/${dustDevil.id}/locations`, {
    token: producer.token,
    body: { name: 'Ghost Ranch', latitude: 36.3313, longitude: -106.4734, timezone: 'America/Denver' },
  });
  expect(location.statusCode, location.body).toBe(201);
  locationId = location.json().location.id;
  const firearm = await t.call('POST', `/api/productions/${dustDevil.id}/firearms`, {
    token: cast.armorer.token,
    body: { serial: 'SAA-0001', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' },
  });
  expect(firearm.statusCode, firearm.body).toBe(201);
  firearmId = firearm.json().firearm.id;
  // An unintended discharge opens the incident the safety advisor answers (F11).
  const misfire = await t.call('POST', `/api/productions/${dustDevil.id}/firearms/${firearmId}/events`, {
    token: cast.armorer.token,
    body: { type: 'discharge', intended: false, rounds: [] },
  });
  expect(misfire.statusCode, misfire.body).toBe(201);
  concernId = await anonymousConcern();

  const sheetDay = await freshDay();
  const roster = await t.call('PUT', `/api/productions/${dustDevil.id}/shoot-days/${sheetDay}/duties`, { token: producer.token, body: { duties: [{ userId: grip.id, duty: 'crew' }] } });
  expect(roster.statusCode, roster.body).toBe(200);
  const sheet = await t.call('POST', `/api/productions/${dustDevil.id}/shoot-days/${sheetDay}/call-sheets`, { token: cast.first_ad.token, body: {} });
  expect(sheet.statusCode, sheet.body).toBe(201);
  callSheetId = sheet.json().callSheet.id;
  const published = await t.call('POST', `/api/productions/${dustDevil.id}/call-sheets/${callSheetId}/publish`, { token: cast.first_ad.token, body: {} });
  expect(published.statusCode, published.body).toBe(200);
  const recipients = await t.call('GET', `/api/productions/${dustDevil.id}/call-sheets/${callSheetId}/recipients`, { token: cast.first_ad.token });
  gripsLink = (recipients.json().recipients as Array<{ link: string }>)[0]!.link.split('/').at(-1)!;

  photo = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#406080' } }).png().toBuffer();
  notebookId = await freshNotebook();
  entryId = await freshEntry();
  const form = photoForm();
  const attached = await t.app.inject({
    method: 'POST',
    url: `/api/productions/${dustDevil.id}/notebooks/${notebookId}/entries/${entryId}/attachments`,
    headers: { authorization: `Bearer ${cast.department_head.token}`, ...form.headers },
    payload: form.body as Buffer,
  });
  expect(attached.statusCode, attached.body).toBe(201);
  attachmentId = attached.json().attachment.id;
});

const routes = apiRoutes(t.app);

/** Cells asserted, by the status each got: printed at the end as the suite's figures. */
const outcomes = new Map<number, number>();
afterAll(() => {
  const cells = [...outcomes.values()].reduce((sum, n) => sum + n, 0);
  const by = [...outcomes].sort(([a], [b]) => a - b).map(([status, n]) => `${n} x ${status}`).join(', ');
  console.log(`authz: ${routes.length} routes x ${CALLERS.length} callers (every role on the production, a member of another production, no account) = ${cells} cells asserted: ${by}`);
});

describe('the route table', () => {
  it('finds the routes of every group', () => {
    const names = routes.map(routeName);
    expect(names).toContain('POST /api/setup');
    expect(names).toContain('PATCH /api/productions/:pid/members/:userId');
    expect(names).toContain('GET /api/productions/:pid/ledger/checkpoint');
    expect(names).toContain('POST /api/productions/:pid/shoot-days');
  });

  it('has an expectation for every route the server answers, and none for a route it does not', () => {
    expect(routes.filter((route) => !expectationFor(route)).map(routeName)).toEqual([]);
    const served = new Set(routes.map(routeName));
    expect(Object.keys(EXPECTED).filter((name) => !served.has(name))).toEqual([]);
  });
});

describe.each(routes.filter((route) => expectationFor(route)).map((route) => ({ route, name: routeName(route) })))('$name', ({ route }) => {
  const expectation = expectationFor(route)!;

  it.each(CALLERS.map((caller) => ({ caller, status: expectedStatus(expectation, caller) })).map((c) => ({
    ...c,
    story: describeCaller(c.caller, c.status),
  })))('$story', async ({ caller, status }) => {
    const denied = status === 401 || status === 403 || status === 404;
    const call = await prepare(expectation, personOf(caller));
    const before = denied && UNSAFE.has(route.method) ? await treeSize() : undefined;
    const res = await send(route, expectation, call, personOf(caller), 'bearer');
    expect(res.statusCode, res.body).toBe(status);
    outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
    if (status === 422) expect(expectProblem(res, 422).rule).toEqual(expect.any(String));
    if (!denied) return;

    if (route.method !== 'HEAD') expectProblem(res, status);
    if (before !== undefined) expect(await treeSize()).toBe(before);
    if (caller.kind === 'outsider') {
      // The refusal must read exactly like the answer for a production that does not exist.
      const params = { ...(call.params ?? { pid: dustDevil.id }), pid: 'no-such-production' };
      const url = fillParams(route.url, params) + (call.query ? `?${call.query}` : '');
      const ghost = await t.call(route.method, url, { token: outsider.token, body: call.body, ...(call.headers ? { headers: call.headers } : {}) });
      expect(ghost.statusCode).toBe(404);
      expect(ghost.body).toBe(res.body);
    }
  });
});

describe('a session cookie', () => {
  const SAME_ORIGIN = 'http://localhost:80';

  /** One member allowed to call a route (the producer of A for routes any user may call). */
  function allowedCaller(access: Access): Caller {
    if (access.kind !== 'production') return { kind: 'role', role: 'producer' };
    const who = ACCESS[access.action];
    return { kind: 'role', role: who === 'member' ? 'crew' : (who as readonly Role[])[0]! };
  }

  const writes = routes.filter((route) => {
    const expectation = expectationFor(route);
    return UNSAFE.has(route.method) && expectation && expectation.access.kind !== 'public';
  });

  it('finds the signed-in writes to check', () => {
    expect(writes.map(routeName)).toContain('POST /api/productions/:pid/scenes');
  });

  it('signs in reads without an Origin header', async () => {
    const res = await t.call('GET', '/api/me', { headers: { cookie: `setbook_session=${cast.medic.token}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.id).toBe(cast.medic.id);
  });

  describe.each(writes.map((route) => ({ route, name: routeName(route) })))('$name', ({ route }) => {
    const expectation = expectationFor(route)!;

    const cookieCall = async (headers: Record<string, string> = {}) => {
      const caller = personOf(allowedCaller(expectation.access));
      return send(route, expectation, await prepare(expectation, caller), caller, 'cookie', headers);
    };

    it('is refused without an Origin header (403) and writes nothing', async () => {
      const caller = personOf(allowedCaller(expectation.access));
      const call = await prepare(expectation, caller);
      const before = await treeSize();
      const res = await send(route, expectation, call, caller, 'cookie');
      expectProblem(res, 403);
      expect(await treeSize()).toBe(before);
    });

    it('is refused from another site (403)', async () => {
      const res = await cookieCall({ origin: 'http://wifi-login.example' });
      expectProblem(res, 403);
    });

    it("passes from Setbook's own page", async () => {
      const res = await cookieCall({ origin: SAME_ORIGIN });
      expect(res.statusCode, res.body).toBe(expectedStatus(expectation, allowedCaller(expectation.access)));
    });
  });

  it('passes a browser write that says it is same-origin but sends no Origin', async () => {
    const res = await t.call('POST', `/api/productions/${dustDevil.id}/scenes`, {
      headers: { cookie: `setbook_session=${cast.first_ad.token}`, 'sec-fetch-site': 'same-origin' },
      body: { number: `${next()}B`, description: 'Insert: the spurs', hazards: [] },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses a cross-site write that hides its Origin', async () => {
    const res = await t.call('POST', `/api/productions/${dustDevil.id}/scenes`, {
      headers: { cookie: `setbook_session=${cast.first_ad.token}`, 'sec-fetch-site': 'cross-site' },
      body: { number: `${next()}C`, description: 'Insert: the lasso', hazards: [] },
    });
    expectProblem(res, 403);
  });

  it('does not let a port-mismatched Origin through', async () => {
    const res = await t.call('POST', `/api/productions/${dustDevil.id}/scenes`, {
      headers: { cookie: `setbook_session=${cast.first_ad.token}`, origin: 'http://localhost:8080' },
      body: { number: `${next()}D`, description: 'Insert: the hat', hazards: [] },
    });
    expectProblem(res, 403);
  });
});
