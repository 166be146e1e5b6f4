import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SETUP_TOKEN, startApp } from '../support/harness.js';
import { addPerson, createProduction, type Person } from '../support/world.js';
import { apiRoutes, expectProblem, routeName } from '../support/routes.js';

/**
 * API.md, "Conventions": every POST accepts Idempotency-Key. A phone on the
 * set's Wi-Fi retries; the retry must never add a second scene, a second
 * member or a second ledger entry, and must get the first answer back.
 */

const t = await startApp();
afterAll(() => t.close());

let producer: Person;
let upm: Person;
let firstAd: Person;
let safetyAdvisor: Person;
let armorer: Person;
let dustDevil: { id: string };
/** a second production, where a misfire keeps an incident open for the safety advisor */
let ghostTown: { id: string };
let incidentId: string;
let sceneId: string;
let shootDayIds: string[];
let setCode: string;
/** the three answers to setup sent three times at once with one key */
let firstStart: LightMyRequestResponse[];

let serial = 0;
const next = () => ++serial;
const key = (story: string) => `${story}-${next()}`;
let nextDate = Date.parse('2027-01-01T00:00:00Z');
/** A shoot day on a date no other story has used. */
async function freshDay(): Promise<string> {
  const date = new Date((nextDate += 86_400_000)).toISOString().slice(0, 10);
  const day = await post(`/api/productions/${dustDevil.id}/shoot-days`, { date, sceneIds: [sceneId] }, key('day'), firstAd.token);
  expect(day.statusCode, day.body).toBe(201);
  return day.json().shootDay.id as string;
}

const producerEmail = 'dana.producer@example.test';
const setupBody = { setupToken: SETUP_TOKEN, email: producerEmail, name: 'Dana Producer', password: PASSWORD };

function post(url: string, body: unknown, idempotencyKey: string, token?: string, headers: Record<string, string> = {}) {
  return t.call('POST', url, { token, body, headers: { ...headers, 'idempotency-key': idempotencyKey } });
}

async function get(url: string, token: string) {
  const res = await t.call('GET', url, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const treeSize = async (productionId = dustDevil.id) => (await get(`/api/productions/${productionId}/ledger/checkpoint`, producer.token)).treeSize as number;
const members = async () => (await get(`/api/productions/${dustDevil.id}/members`, producer.token)).members as Array<{ userId: string; status: string }>;
const schedule = async () => (await get(`/api/productions/${dustDevil.id}/schedule`, producer.token)) as { scenes: unknown[]; shootDays: unknown[] };

/** A signed-in person as the API sees them, or the 401 problem when the token is dead. */
const whoIs = (token: string) => t.call('GET', '/api/me', { token });

async function expectWorkingToken(token: unknown, userId: string) {
  expect(token).toEqual(expect.any(String));
  const me = await whoIs(token as string);
  expect(me.statusCode, me.body).toBe(200);
  expect(me.json().user.id).toBe(userId);
}

/** Every answer is the first one again (a session route's fresh token aside). */
function expectAlike(answers: LightMyRequestResponse[], session = false) {
  const strip = (res: LightMyRequestResponse) => {
    if (res.body === '') return '';
    const { token: _token, ...rest } = res.json() as Record<string, unknown>;
    return session ? rest : res.json();
  };
  for (const res of answers) expect(res.statusCode, res.body).toBe(answers[0]!.statusCode);
  for (const res of answers.slice(1)) expect(strip(res)).toEqual(strip(answers[0]!));
}

interface Effect {
  rows: number;
  ledger: number;
}

interface Request {
  url: string;
  /** JSON, or the bytes of a form (a photo sent from a phone) */
  body: Record<string, unknown> | Buffer;
  /** what a body that is not JSON is */
  headers?: Record<string, string>;
}

interface Scenario {
  caller: () => Person | null;
  status: number;
  /** a fresh request: each test sends its own, so tests never collide */
  request: () => Promise<Request>;
  /** the same request with one field changed */
  variant: (body: Request['body']) => Request['body'];
  /** the rows the request adds, counted through the API, and production A's ledger size */
  effect: (request: Request) => Promise<Effect>;
  /** what one request adds */
  grows: Effect;
  /** the answer carries a session token, which is never stored: replays prove the password again */
  session?: true;
}

/** The rows a request adds and the ledger of the production it names (Dust Devil's for the others). */
const withLedger =
  (rows: (request: Request) => Promise<number>) =>
  async (request: Request): Promise<Effect> => ({
    rows: await rows(request),
    ledger: await treeSize(/^\/api\/productions\/([^/]+)\//.exec(request.url)?.[1]),
  });
const ledgerOnly = withLedger(async () => 0);
const armory = async () => (await get(`/api/productions/${dustDevil.id}/armory`, producer.token)) as { firearms: unknown[]; lots: unknown[] };

async function addFirearm(): Promise<string> {
  const res = await post(
    `/api/productions/${dustDevil.id}/firearms`,
    { serial: `SAA-${next()}`, make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' },
    key('firearm'),
    armorer.token,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().firearm.id as string;
}

const stops = async () => (await get(`/api/productions/${dustDevil.id}/stops`, producer.token)).stops as Array<{ id: string; status: string }>;
const activeStops = async () => (await stops()).filter((stop) => stop.status === 'active').length;
/** the stop a request names in its URL */
const stopOf = async (request: Request) => get(request.url.replace(/\/(ack|lift)$/, ''), producer.token);

async function raiseStop(): Promise<string> {
  const res = await post(`/api/productions/${dustDevil.id}/stops`, { reason: 'Rider down, horse loose' }, key('stop'), producer.token);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().stop.id as string;
}

/** A fresh anonymous concern from the 1st AD, handled by the safety advisor; its follow-up key and passphrase. */
async function concern(): Promise<{ id: string; followUp: { key: string; passphrase: string } }> {
  const res = await post(
    `/api/productions/${dustDevil.id}/concerns`,
    { category: 'vehicles', severity: 'high', description: `Picture car brakes soft (${next()})`, anonymous: true },
    key('concern'),
    firstAd.token,
  );
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().concern.id, followUp: res.json().followUp };
}
const concernUrl = (id: string) => `/api/productions/${dustDevil.id}/concerns/${id}`;
const thread = async (request: Request) => get(request.url.replace(/\/(ack|messages|resolve)$/, ''), safetyAdvisor.token);
const concernsSeenBy = async (who: Person) => (await get(`/api/productions/${dustDevil.id}/concerns`, who.token)).concerns.length as number;

const SCENARIOS: Record<string, Scenario> = {
  'POST /api/push/devices': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({ url: '/api/push/devices', body: { endpoint: `https://127.0.0.1:9/push/${next()}`, keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) } } }),
    variant: (body) => ({ ...body, label: 'Another phone' }),
    effect: withLedger(async () => (await get('/api/push/devices', firstAd.token)).devices.length as number),
    grows: { rows: 1, ledger: 0 },
  },
  'POST /api/productions/:pid/concerns': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/concerns`, body: { category: 'pyro', severity: 'critical', description: `Mortar rack unsecured (${next()})` } }),
    variant: (body) => ({ ...body, severity: 'high' }),
    effect: withLedger(() => concernsSeenBy(firstAd)),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/sets/:setCode/concerns': {
    caller: () => null,
    status: 201,
    request: async () => ({ url: `/api/sets/${setCode}/concerns`, body: { category: 'health', severity: 'medium', description: `No shade at base camp (${next()})` } }),
    variant: (body) => ({ ...body, severity: 'low' }),
    effect: withLedger(() => concernsSeenBy(safetyAdvisor)),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/concerns/:cid/ack': {
    caller: () => safetyAdvisor,
    status: 200,
    request: async () => ({ url: `${concernUrl((await concern()).id)}/ack`, body: { note: 'On my way to look.' } }),
    variant: () => ({ note: 'Looking now.' }),
    effect: withLedger(async (request) => ((await thread(request)).concern.status === 'acknowledged' ? 1 : 0)),
    grows: { rows: 1, ledger: 2 },
  },
  'POST /api/productions/:pid/concerns/:cid/messages': {
    caller: () => safetyAdvisor,
    status: 201,
    request: async () => ({ url: `${concernUrl((await concern()).id)}/messages`, body: { text: 'Which car?' } }),
    variant: () => ({ text: 'Which driver?' }),
    effect: withLedger(async (request) => (await thread(request)).messages.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/concerns/:cid/resolve': {
    caller: () => safetyAdvisor,
    status: 200,
    request: async () => ({ url: `${concernUrl((await concern()).id)}/resolve`, body: { resolution: 'Brakes bled and tested by the mechanic' } }),
    variant: () => ({ resolution: 'Car replaced' }),
    effect: withLedger(async (request) => ((await thread(request)).concern.status === 'resolved' ? 1 : 0)),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/follow-up/messages': {
    caller: () => null,
    status: 201,
    request: async () => {
      const { id, followUp } = await concern();
      return { url: '/api/follow-up/messages', body: { ...followUp, text: `It was car 3 (${id})` } };
    },
    variant: (body) => ({ ...body, text: 'It was car 4' }),
    effect: withLedger(async (request) => (await get(concernUrl(/\(([^)]+)\)$/.exec((request.body as { text: string }).text)![1]!), safetyAdvisor.token)).messages.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions': {
    caller: () => upm,
    status: 201,
    request: async () => ({ url: '/api/productions', body: { name: `Second Unit ${next()}`, timezone: 'America/Denver' } }),
    variant: (body) => ({ ...body, timezone: 'Europe/Lisbon' }),
    effect: withLedger(async () => (await get('/api/me', upm.token)).memberships.length),
    grows: { rows: 1, ledger: 0 },
  },
  'POST /api/productions/:pid/members': {
    caller: () => producer,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/members`,
      body: { email: `wrangler${next()}@example.test`, name: 'Wes Wrangler', roles: ['crew'], department: 'Animals' },
    }),
    variant: (body) => ({ ...body, roles: ['crew', 'medic'] }),
    effect: withLedger(async () => (await members()).length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/invitations/:code/accept': {
    caller: () => null,
    status: 201,
    session: true,
    request: async () => {
      const invite = await post(
        `/api/productions/${dustDevil.id}/members`,
        { email: `double${next()}@example.test`, name: 'Stunt Double', roles: ['performer'] },
        key('invite'),
        producer.token,
      );
      expect(invite.statusCode, invite.body).toBe(201);
      return { url: `/api/invitations/${invite.json().invitation.code}/accept`, body: { name: 'Sam Double', password: PASSWORD, pin: '4826' } };
    },
    variant: (body) => ({ ...body, name: 'Samantha Double' }),
    effect: withLedger(async () => (await members()).filter((m) => m.status === 'active').length),
    grows: { rows: 1, ledger: 2 },
  },
  'POST /api/auth/login': {
    caller: () => null,
    status: 200,
    session: true,
    request: async () => ({ url: '/api/auth/login', body: { email: producerEmail, password: PASSWORD } }),
    variant: () => ({ email: firstAd.email, password: PASSWORD }),
    // Every sign-in, replayed or not, opens a session of its own; nothing else changes.
    effect: withLedger(async () => 0),
    grows: { rows: 0, ledger: 0 },
  },
  'POST /api/productions/:pid/trainings': {
    caller: () => safetyAdvisor,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/trainings`,
      body: { userId: firstAd.id, course: 'firearms_safety', completedOn: `2026-0${1 + (next() % 9)}-15` },
    }),
    variant: (body) => ({ ...body, completedOn: '2025-12-31' }),
    effect: withLedger(async () => 0),
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/scenes': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/scenes`,
      body: { number: `${next()}`, description: 'The stagecoach crests the ridge', hazards: ['vehicles', 'animals'] },
    }),
    variant: (body) => ({ ...body, description: 'The stagecoach overturns' }),
    effect: withLedger(async () => (await schedule()).scenes.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/stops': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/stops`, body: { reason: `Lightning within 10 miles (${next()})`, location: 'Mesa top' } }),
    variant: (body) => ({ ...body, location: 'Corral' }),
    effect: withLedger(activeStops),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/sets/:setCode/stops': {
    caller: () => null,
    status: 201,
    request: async () => ({ url: `/api/sets/${setCode}/stops`, body: { reason: `Smoke from the generator (${next()})` } }),
    variant: (body) => ({ ...body, location: 'Base camp' }),
    effect: withLedger(activeStops),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/stops/:sid/ack': {
    caller: () => firstAd,
    status: 204,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/stops/${await raiseStop()}/ack`, body: { deviceId: `ad-phone-${next()}` } }),
    variant: () => ({ deviceId: 'ad-tablet' }),
    effect: withLedger(async (request) => (await stopOf(request)).acks.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/stops/:sid/lift': {
    caller: () => safetyAdvisor,
    status: 200,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/stops/${await raiseStop()}/lift`,
      body: {
        resolution: 'Storm cell passed; lightning detector clear for 30 minutes',
        confirmations: [
          { userId: safetyAdvisor.id, pin: safetyAdvisor.pin },
          { userId: firstAd.id, pin: firstAd.pin },
        ],
      },
    }),
    variant: (body) => ({ ...body, resolution: 'Storm passed' }),
    effect: withLedger(async (request) => ((await stopOf(request)).stop.status === 'lifted' ? 1 : 0)),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/firearms': {
    caller: () => armorer,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/firearms`,
      body: { serial: `WIN-${next()}`, make: 'Winchester', model: '1873', kind: 'blank_firing' },
    }),
    variant: (body) => ({ ...body, model: '1892' }),
    effect: withLedger(async () => (await armory()).firearms.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/ammunition': {
    caller: () => armorer,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/ammunition`,
      body: { lot: `BL-${next()}`, kind: 'blank', caliber: '.44-40', quantity: 50 },
    }),
    variant: (body) => ({ ...body, quantity: 60 }),
    effect: withLedger(async () => (await armory()).lots.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/firearms/:fid/events': {
    caller: () => armorer,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/firearms/${await addFirearm()}/events`,
      body: { type: 'discharge', intended: true, rounds: [], note: 'Rehearsal fire cue' },
    }),
    variant: (body) => ({ ...body, note: 'Second fire cue' }),
    effect: withLedger(async (request) => (await get(request.url.replace(/\/events$/, ''), producer.token)).history.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/armory/live-rounds': {
    caller: () => safetyAdvisor,
    status: 201,
    request: async () => ({ url: `/api/productions/${ghostTown.id}/armory/live-rounds`, body: { description: `Live round on the cart (${next()})` } }),
    variant: (body) => ({ ...body, location: 'Base camp' }),
    // The incident, the stop it raises and the concern it opens: three entries, once.
    effect: ledgerOnly,
    grows: { rows: 0, ledger: 3 },
  },
  'POST /api/productions/:pid/armory/wrap': {
    caller: () => armorer,
    status: 200,
    // A day wraps once (F9), so each story wraps a day of its own.
    request: async () => ({ url: `/api/productions/${dustDevil.id}/armory/wrap`, body: { shootDayId: await freshDay() } }),
    variant: () => ({ shootDayId: shootDayIds[1]! }),
    effect: ledgerOnly,
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/armorer-requests': {
    caller: () => armorer,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/armorer-requests`,
      body: { kind: 'training', description: `Night-shoot refresher (${next()})` },
    }),
    variant: (body) => ({ ...body, kind: 'time' }),
    effect: withLedger(async () => (await t.call('GET', `/api/productions/${dustDevil.id}/armorer-requests`, { token: producer.token })).json().requests.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/armorer-requests/:rid/decision': {
    caller: () => producer,
    status: 200,
    request: async () => {
      const made = await t.call('POST', `/api/productions/${dustDevil.id}/armorer-requests`, {
        token: armorer.token,
        body: { kind: 'time', description: `Prep time (${next()})` },
      });
      return { url: `/api/productions/${dustDevil.id}/armorer-requests/${made.json().request.id}/decision`, body: { decision: 'granted' } };
    },
    variant: () => ({ decision: 'denied', reason: 'No' }),
    effect: ledgerOnly,
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/incidents/:iid/corrective-action': {
    caller: () => safetyAdvisor,
    status: 201,
    request: async () => ({
      url: `/api/productions/${ghostTown.id}/incidents/${incidentId}/corrective-action`,
      body: { action: `Cart re-inspected, armorer retrained (${next()})`, confirmations: [{ userId: safetyAdvisor.id, pin: safetyAdvisor.pin }] },
    }),
    variant: (body) => ({ ...body, action: 'Replaced the revolver' }),
    effect: ledgerOnly,
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/safety-meetings': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/safety-meetings`,
      body: {
        shootDayId: shootDayIds[0]!,
        sceneIds: [sceneId],
        heldAt: new Date(Date.UTC(2026, 11, 1, 6, next())).toISOString(),
        attendeeIds: [firstAd.id, armorer.id],
        walkthrough: true,
        abortPlan: 'Anyone calls "cut"; the armorer clears the weapon',
        emergencyPlan: 'Medic at video village; ambulance at the gate',
      },
    }),
    variant: (body) => ({ ...body, walkthrough: false }),
    effect: ledgerOnly,
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/scenes/:sid/consultations': {
    caller: () => armorer,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/scenes/${sceneId}/consultations`,
      body: {
        plan: `Barrel cheated off-axis, camera behind plexiglass (${next()})`,
        confirmations: [
          { userId: armorer.id, pin: armorer.pin },
          { userId: safetyAdvisor.id, pin: safetyAdvisor.pin },
        ],
      },
    }),
    variant: (body) => ({ ...body, plan: 'Use a replica instead' }),
    effect: ledgerOnly,
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/shoot-days': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/shoot-days`,
      body: { date: new Date(Date.UTC(2027, 0, next())).toISOString().slice(0, 10), sceneIds: [sceneId], location: 'Ghost Ranch' },
    }),
    variant: (body) => ({ ...body, location: 'Abiquiu Lake' }),
    effect: withLedger(async () => (await schedule()).shootDays.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/scenes/:sid/risk-assessments': {
    caller: () => safetyAdvisor,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/scenes/${sceneId}/risk-assessments`,
      body: { hazards: ['animals'], controls: [{ hazard: 'animals', control: `Wrangler on set; horses walked through first (${next()})` }] },
    }),
    variant: (body) => ({ ...body, notes: 'Second unit too' }),
    effect: withLedger(async () => 0),
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/locations': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/locations`, body: { name: `Abiquiu Lake, shore ${next()}`, latitude: 36.2396, longitude: -106.4216 } }),
    variant: (body) => ({ ...body, latitude: 36.24 }),
    effect: withLedger(async () => (await get(`/api/productions/${dustDevil.id}/locations`, producer.token)).locations.length as number),
    grows: { rows: 1, ledger: 1 },
  },
  // Anyone names a light; the crew here, at a location of its own.
  'POST /api/productions/:pid/locations/:lid/light-targets': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({
      url: `/api/productions/${dustDevil.id}/locations/${await lakeShore()}/light-targets`,
      body: { name: `Low sun over the lake ${next()}`, azimuthFrom: 100, azimuthTo: 125, altitudeFrom: 5, altitudeTo: 15 },
    }),
    variant: (body) => ({ ...body, altitudeTo: 20 }),
    effect: withLedger(async (request) => (await get(request.url, producer.token)).targets.length as number),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/members/:userId/invitation': {
    caller: () => producer,
    status: 201,
    request: async () => {
      const invited = await post(`/api/productions/${dustDevil.id}/members`, { email: `day${next()}@example.test`, name: 'Day Player', roles: ['crew'] }, key('invite'), producer.token);
      expect(invited.statusCode, invited.body).toBe(201);
      return { url: `/api/productions/${dustDevil.id}/members/${invited.json().member.userId}/invitation`, body: {} };
    },
    variant: () => ({ note: 'again' }),
    effect: withLedger(async () => 0),
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/notebooks': {
    caller: () => producer,
    status: 201,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/notebooks`, body: { department: `Second unit ${next()}`, headId: firstAd.id } }),
    variant: (body) => ({ ...body, headId: upm.id }),
    effect: withLedger(async () => (await get(`/api/productions/${dustDevil.id}/notebooks`, producer.token)).elsewhere.length as number),
    grows: { rows: 1, ledger: 1 },
  },
  // A camera report written on a phone offline, sent until the laptop answers: written once, and never in the ledger.
  'POST /api/productions/:pid/notebooks/:nid/entries': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/notebooks/${notebookId}/entries`, body: { kind: 'camera_report', title: 'Wide, the posse', fields: { roll: 'A001', scene: '1', take: next() } } }),
    variant: (body) => ({ ...body, title: 'Wide, the posse (NG)' }),
    effect: withLedger(async () => (await get(`/api/productions/${dustDevil.id}/notebooks/${notebookId}`, firstAd.token)).notebook.entries as number),
    grows: { rows: 1, ledger: 0 },
  },
  'POST /api/productions/:pid/notebooks/:nid/entries/:eid/attachments': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/notebooks/${notebookId}/entries/${entryId}/attachments`, ...photoForm(`chart-${next()}.png`) }),
    // The same photo under another name is another request.
    variant: (body) => Buffer.from((body as Buffer).toString('latin1').replace(/chart-\d+\.png/, 'other.png'), 'latin1'),
    effect: withLedger(async () => (await get(`/api/productions/${dustDevil.id}/notebooks/${notebookId}/entries/${entryId}`, firstAd.token)).entry.attachments.length as number),
    grows: { rows: 1, ledger: 0 },
  },
  // The head hands a notebook of its own on each time.
  'POST /api/productions/:pid/notebooks/:nid/handoff': {
    caller: () => firstAd,
    status: 201,
    request: async () => {
      const made = await post(`/api/productions/${dustDevil.id}/notebooks`, { department: `Unit ${next()}`, headId: firstAd.id }, key('notebook'), producer.token);
      expect(made.statusCode, made.body).toBe(201);
      return { url: `/api/productions/${dustDevil.id}/notebooks/${made.json().notebook.id}/handoff`, body: { toUserId: upm.id, note: 'The dolly track is in the grip truck.' } };
    },
    variant: (body) => ({ ...body, toUserId: safetyAdvisor.id }),
    effect: withLedger(async () => 0),
    grows: { rows: 0, ledger: 1 },
  },
  'POST /api/productions/:pid/shoot-days/:did/call-sheets': {
    caller: () => firstAd,
    status: 201,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/shoot-days/${await freshDay()}/call-sheets`, body: { notes: 'Rain cover: stage 2' } }),
    variant: (body) => ({ ...body, notes: 'Rain cover: stage 4' }),
    effect: withLedger(async (request) => (await get(request.url, producer.token)).callSheets.length),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/call-sheets/:cid/publish': {
    caller: () => firstAd,
    status: 200,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/call-sheets/${await callSheetDraft()}/publish`, body: {} }),
    variant: () => ({ recipientIds: [] }),
    effect: withLedger(async (request) => ((await get(request.url.replace(/\/publish$/, ''), producer.token)).callSheet.status === 'published' ? 1 : 0)),
    grows: { rows: 1, ledger: 1 },
  },
  'POST /api/productions/:pid/call-sheets/:cid/recipients/:userId/resend': {
    caller: () => firstAd,
    status: 202,
    request: async () => ({ url: `/api/productions/${dustDevil.id}/call-sheets/${(await publishedCallSheet()).id}/recipients/${armorer.id}/resend`, body: {} }),
    variant: () => ({ note: 'again' }),
    effect: ledgerOnly,
    grows: { rows: 0, ledger: 1 },
  },
  // The holder of a personal link, signed in or not.
  'POST /api/call-sheets/:token/confirm': {
    caller: () => null,
    status: 200,
    request: async () => ({ url: `/api/call-sheets/${(await publishedCallSheet()).token}/confirm`, body: { safetyAck: true } }),
    variant: () => ({ safetyAck: false }),
    effect: ledgerOnly,
    grows: { rows: 0, ledger: 1 },
  },
};

let lake: Promise<string> | undefined;
/** The location light targets are named at, made once. */
function lakeShore(): Promise<string> {
  lake ??= post(`/api/productions/${dustDevil.id}/locations`, { name: 'Abiquiu Lake, light', latitude: 36.2396, longitude: -106.4216 }, key('lake'), firstAd.token).then((res) => {
    expect(res.statusCode, res.body).toBe(201);
    return res.json().location.id as string;
  });
  return lake;
}

/** A call sheet draft for a new day with the armorer on its roster. */
async function callSheetDraft(): Promise<string> {
  const day = await freshDay();
  const roster = await t.call('PUT', `/api/productions/${dustDevil.id}/shoot-days/${day}/duties`, { token: firstAd.token, body: { duties: [{ userId: armorer.id, duty: 'armorer' }] } });
  expect(roster.statusCode, roster.body).toBe(200);
  const draft = await post(`/api/productions/${dustDevil.id}/shoot-days/${day}/call-sheets`, {}, key('draft'), firstAd.token);
  expect(draft.statusCode, draft.body).toBe(201);
  return draft.json().callSheet.id as string;
}

/** A published call sheet, and the token of the armorer's personal link. */
async function publishedCallSheet(): Promise<{ id: string; token: string }> {
  const id = await callSheetDraft();
  const published = await post(`/api/productions/${dustDevil.id}/call-sheets/${id}/publish`, {}, key('publish'), firstAd.token);
  expect(published.statusCode, published.body).toBe(200);
  const { recipients } = await get(`/api/productions/${dustDevil.id}/call-sheets/${id}/recipients`, firstAd.token);
  return { id, token: (recipients as Array<{ link: string }>)[0]!.link.split('/').at(-1)! };
}

/** Covered by their own stories below: setup happens once per instance, and sign-out ends the session it would replay under. */
const OWN_STORIES = ['POST /api/setup', 'POST /api/auth/logout', 'POST /api/follow-up'];

beforeAll(async () => {
  firstStart = await Promise.all([1, 2, 3].map(() => post('/api/setup', setupBody, 'first-start')));
  const created = firstStart.find((res) => res.statusCode === 201);
  expect(created, firstStart.map((res) => res.body).join('\n')).toBeDefined();
  producer = { id: created!.json().user.id, email: producerEmail, token: created!.json().token, pin: '' };
  dustDevil = await createProduction(t, producer, 'Dust Devil');
  upm = await addPerson(t, producer, dustDevil.id, ['upm'], 'Uma UPM');
  firstAd = await addPerson(t, producer, dustDevil.id, ['first_ad'], 'Abe First AD');
  safetyAdvisor = await addPerson(t, producer, dustDevil.id, ['safety_advisor'], 'Sol Safety');
  const scene = await post(
    `/api/productions/${dustDevil.id}/scenes`,
    { number: '1', description: 'Wide: the posse rides in', hazards: ['animals'] },
    key('scene'),
    firstAd.token,
  );
  expect(scene.statusCode, scene.body).toBe(201);
  sceneId = scene.json().scene.id;
  setCode = (await get(`/api/productions/${dustDevil.id}`, producer.token)).production.setCode;
  armorer = await addPerson(t, producer, dustDevil.id, ['armorer'], 'Ada Armorer');
  shootDayIds = [];
  for (const date of ['2026-12-01', '2026-12-02']) {
    const day = await post(`/api/productions/${dustDevil.id}/shoot-days`, { date, sceneIds: [sceneId] }, key('day'), firstAd.token);
    expect(day.statusCode, day.body).toBe(201);
    shootDayIds.push(day.json().shootDay.id);
  }

  // Ghost Town: the same armorer and safety advisor, and a misfire that opens an incident (F11).
  ghostTown = await createProduction(t, producer, 'Ghost Town');
  for (const [who, roles] of [[armorer, ['armorer']], [safetyAdvisor, ['safety_advisor']]] as const) {
    const added = await post(`/api/productions/${ghostTown.id}/members`, { email: who.email, name: 'Returning crew', roles }, key('crew'), producer.token);
    expect(added.statusCode, added.body).toBe(201);
  }
  const firearm = await post(
    `/api/productions/${ghostTown.id}/firearms`,
    { serial: 'GT-1', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' },
    key('firearm'),
    armorer.token,
  );
  expect(firearm.statusCode, firearm.body).toBe(201);
  const misfire = await post(
    `/api/productions/${ghostTown.id}/firearms/${firearm.json().firearm.id}/events`,
    { type: 'discharge', intended: false, rounds: [] },
    key('misfire'),
    armorer.token,
  );
  expect(misfire.statusCode, misfire.body).toBe(201);
  incidentId = (await get(`/api/productions/${ghostTown.id}/armory`, producer.token)).hold.incidentId;

  photo = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#806040' } }).png().toBuffer();
  const notebook = await post(`/api/productions/${dustDevil.id}/notebooks`, { department: 'Camera', headId: firstAd.id }, key('notebook'), producer.token);
  expect(notebook.statusCode, notebook.body).toBe(201);
  notebookId = notebook.json().notebook.id;
  const entry = await post(`/api/productions/${dustDevil.id}/notebooks/${notebookId}/entries`, { kind: 'equipment', title: 'Lens chart', fields: { make: 'DSC Labs' } }, key('entry'), firstAd.token);
  expect(entry.statusCode, entry.body).toBe(201);
  entryId = entry.json().entry.id;
});

/** The 1st AD's notebook here, and an entry in it to attach photos to. */
let notebookId: string;
let entryId: string;
let photo: Buffer;

/** A photo sent as a phone's browser sends a file. */
function photoForm(filename: string) {
  const boundary = `----idempotency${next()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head, 'latin1'), photo, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const posts = apiRoutes(t.app).filter((route) => route.method === 'POST').map(routeName);

it('has a story for every POST the server answers', () => {
  expect(posts).toContain('POST /api/productions/:pid/scenes');
  expect(posts.filter((name) => !(name in SCENARIOS) && !OWN_STORIES.includes(name))).toEqual([]);
  expect([...Object.keys(SCENARIOS), ...OWN_STORIES].filter((name) => !posts.includes(name))).toEqual([]);
});

describe.each(Object.entries(SCENARIOS).map(([name, scenario]) => ({ name, scenario })))('$name', ({ scenario }) => {
  const send = (request: { url: string; body: unknown; headers?: Record<string, string> | undefined }, idempotencyKey: string) =>
    post(request.url, request.body, idempotencyKey, scenario.caller()?.token, request.headers);

  async function expectSessions(answers: LightMyRequestResponse[]) {
    if (!scenario.session) return;
    const userId = answers[0]!.json().user.id as string;
    const tokens = answers.map((res) => res.json().token as string);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) await expectWorkingToken(token, userId);
  }

  it('sent three times in a row with one key, acts once and answers alike', async () => {
    const request = await scenario.request();
    const k = key('retry');
    const before = await scenario.effect(request);
    const first = await send(request, k);
    expect(first.statusCode, first.body).toBe(scenario.status);
    const once = await scenario.effect(request);
    expect(once).toEqual({ rows: before.rows + scenario.grows.rows, ledger: before.ledger + scenario.grows.ledger });
    const answers = [first, await send(request, k), await send(request, k)];
    expectAlike(answers, scenario.session);
    expect(await scenario.effect(request)).toEqual(once);
    await expectSessions(answers);
  });

  it('sent three times at once with one key, acts once and answers alike', async () => {
    const request = await scenario.request();
    const k = key('burst');
    const before = await scenario.effect(request);
    const answers = await Promise.all([1, 2, 3].map(() => send(request, k)));
    expect(answers[0]!.statusCode, answers.map((res) => res.body).join('\n')).toBe(scenario.status);
    expectAlike(answers, scenario.session);
    expect(await scenario.effect(request)).toEqual({ rows: before.rows + scenario.grows.rows, ledger: before.ledger + scenario.grows.ledger });
    await expectSessions(answers);
  });

  it('sent once, then twice at once after a server restart, acts once and answers alike', async () => {
    const request = await scenario.request();
    const k = key('restart');
    const before = await scenario.effect(request);
    const first = await send(request, k);
    expect(first.statusCode, first.body).toBe(scenario.status);
    await t.restart();
    const answers = [first, ...(await Promise.all([1, 2].map(() => send(request, k))))];
    expectAlike(answers, scenario.session);
    for (const retry of answers.slice(1)) expect(retry.headers['idempotent-replay']).toBe('true');
    expect(await scenario.effect(request)).toEqual({ rows: before.rows + scenario.grows.rows, ledger: before.ledger + scenario.grows.ledger });
    await expectSessions(answers);
  });

  it('the same key with another body is refused (422 IDEMPOTENCY) and acts not at all', async () => {
    const request = await scenario.request();
    const k = key('reuse');
    const first = await send(request, k);
    expect(first.statusCode, first.body).toBe(scenario.status);
    const after = await scenario.effect(request);
    const reused = await send({ url: request.url, body: scenario.variant(request.body), headers: request.headers }, k);
    expect(expectProblem(reused, 422).rule).toBe('IDEMPOTENCY');
    expect(reused.json()).not.toHaveProperty('token');
    expect(await scenario.effect(request)).toEqual(after);
  });

  if (scenario.session) {
    it('a replay with the wrong password gets no session', async () => {
      const request = await scenario.request();
      const k = key('stolen');
      const first = await send(request, k);
      expect(first.statusCode, first.body).toBe(scenario.status);
      const replay = await send({ url: request.url, body: { ...request.body, password: 'not the password at all' } }, k);
      expect(expectProblem(replay, 422).rule).toBe('IDEMPOTENCY');
      expect(replay.json()).not.toHaveProperty('token');
      expect(replay.headers['set-cookie']).toBeUndefined();
    });
  }
});

describe('the anonymous reporter\'s follow-up', () => {
  it('is a read: nothing is stored for its key, so a retry sees what has happened since', async () => {
    const { id, followUp } = await concern();
    const k = key('follow-up');
    const first = await post('/api/follow-up', followUp, k);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().concern.messages).toEqual([]);
    await post(`${concernUrl(id)}/messages`, { text: 'Thanks, checking the car now.' }, key('reply'), safetyAdvisor.token);
    const retry = await post('/api/follow-up', followUp, k);
    expect(retry.headers['idempotent-replay']).toBeUndefined();
    expect(retry.json().concern.messages).toHaveLength(1);
  });
});

describe('first-run setup', () => {
  it('sent three times at once with one key, makes one producer and answers alike', async () => {
    expectAlike(firstStart, true);
    expect(firstStart[0]!.statusCode).toBe(201);
    for (const res of firstStart) await expectWorkingToken(res.json().token, producer.id);
    expect((await t.call('GET', '/api/health')).json().setupNeeded).toBe(false);
  });

  it('replayed later, answers the same producer with a fresh working session', async () => {
    const replays = [await post('/api/setup', setupBody, 'first-start'), await post('/api/setup', setupBody, 'first-start')];
    for (const res of replays) {
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers['idempotent-replay']).toBe('true');
      expect(res.json().user).toEqual(firstStart[0]!.json().user);
      await expectWorkingToken(res.json().token, producer.id);
    }
    const tokens = [...firstStart, ...replays].map((res) => res.json().token);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('replayed after a server restart, still answers the same producer and makes no other', async () => {
    await t.restart();
    const replay = await post('/api/setup', setupBody, 'first-start');
    expect(replay.statusCode, replay.body).toBe(201);
    expect(replay.headers['idempotent-replay']).toBe('true');
    expect(replay.json().user).toEqual(firstStart[0]!.json().user);
    await expectWorkingToken(replay.json().token, producer.id);
    expect((await t.call('GET', '/api/health')).json().setupNeeded).toBe(false);
  });

  it('replayed with the wrong password, gets no session', async () => {
    const replay = await post('/api/setup', { ...setupBody, password: 'guessing the password' }, 'first-start');
    expect(expectProblem(replay, 422).rule).toBe('IDEMPOTENCY');
    expect(replay.json()).not.toHaveProperty('token');
    expect(replay.headers['set-cookie']).toBeUndefined();
  });

  it('the same key with another body is refused (422 IDEMPOTENCY)', async () => {
    const reused = await post('/api/setup', { ...setupBody, name: 'Someone Else' }, 'first-start');
    expect(expectProblem(reused, 422).rule).toBe('IDEMPOTENCY');
  });

  it('a new key after setup gets the plain conflict: there is still one producer', async () => {
    const again = await post('/api/setup', setupBody, 'second-start');
    expectProblem(again, 409);
    const people = await members();
    expect(people.filter((m) => m.status === 'active').map((m) => m.userId)).toContain(producer.id);
    const me = await get('/api/me', producer.token);
    expect(me.user.email).toBe(producerEmail);
  });
});

describe('sign-out', () => {
  it('sent three times with one key ends the session once and never revives it', async () => {
    const login = await post('/api/auth/login', { email: firstAd.email, password: PASSWORD }, key('login'));
    const token = login.json().token as string;
    const k = key('logout');
    const first = await post('/api/auth/logout', undefined, k, token);
    expect(first.statusCode, first.body).toBe(204);
    // The session the key was stored under is gone, so a retry can only be told to sign in.
    for (const retry of [await post('/api/auth/logout', undefined, k, token), await post('/api/auth/logout', undefined, k, token)]) {
      expectProblem(retry, 401);
    }
    expect((await whoIs(token)).statusCode).toBe(401);
    await expectWorkingToken(firstAd.token, firstAd.id);
  });

  it('sent three times at once with one key, ends the session and fails none with a server error', async () => {
    const login = await post('/api/auth/login', { email: firstAd.email, password: PASSWORD }, key('login'));
    const token = login.json().token as string;
    const k = key('logout');
    const answers = await Promise.all([1, 2, 3].map(() => post('/api/auth/logout', undefined, k, token)));
    expect(answers.map((res) => res.statusCode)).toContain(204);
    for (const res of answers) expect([204, 401], res.body).toContain(res.statusCode);
    expect((await whoIs(token)).statusCode).toBe(401);
  });
});

describe('keys belong to the caller', () => {
  it('the producer and the UPM using the same key each get their own production', async () => {
    const body = { name: 'Pickup Unit', timezone: 'America/Denver' };
    const fromProducer = await post('/api/productions', body, 'pickup-unit', producer.token);
    const fromUpm = await post('/api/productions', body, 'pickup-unit', upm.token);
    expect(fromProducer.statusCode, fromProducer.body).toBe(201);
    expect(fromUpm.statusCode, fromUpm.body).toBe(201);
    expect(fromUpm.headers['idempotent-replay']).toBeUndefined();
    expect(fromUpm.json().production.id).not.toBe(fromProducer.json().production.id);
    const upmProductions = (await get('/api/me', upm.token)).memberships.map((m: { productionId: string }) => m.productionId);
    expect(upmProductions).toContain(fromUpm.json().production.id);
    expect(upmProductions).not.toContain(fromProducer.json().production.id);
  });

  it('the 1st AD and the UPM using the same key on the same production each add their scene', async () => {
    const url = `/api/productions/${dustDevil.id}/scenes`;
    const before = (await schedule()).scenes.length;
    const fromAd = await post(url, { number: '77', description: 'Night: the barn fire', hazards: ['pyro'] }, 'scene-77', firstAd.token);
    const fromUpm = await post(url, { number: '78', description: 'Night: the barn collapses', hazards: ['pyro'] }, 'scene-77', upm.token);
    expect(fromAd.statusCode, fromAd.body).toBe(201);
    expect(fromUpm.statusCode, fromUpm.body).toBe(201);
    expect((await schedule()).scenes.length).toBe(before + 2);
  });

  it("a stranger replaying someone's sign-in key with their own account gets no session", async () => {
    const k = key('tablet');
    const mine = await post('/api/auth/login', { email: firstAd.email, password: PASSWORD }, k);
    expect(mine.statusCode, mine.body).toBe(200);
    const theirs = await post('/api/auth/login', { email: upm.email, password: PASSWORD }, k);
    expect(expectProblem(theirs, 422).rule).toBe('IDEMPOTENCY');
    expect(theirs.json()).not.toHaveProperty('token');
  });
});

describe('the key itself', () => {
  it('an empty or overlong key is refused (400) naming the header, and acts not at all', async () => {
    const before = (await schedule()).scenes.length;
    for (const bad of ['', 'k'.repeat(201)]) {
      const res = await post(`/api/productions/${dustDevil.id}/scenes`, { number: `${next()}`, description: 'Insert', hazards: [] }, bad, firstAd.token);
      const problem = expectProblem(res, 400);
      expect(problem.errors?.map((e) => e.path)).toContain('headers.idempotency-key');
    }
    expect((await schedule()).scenes.length).toBe(before);
  });

  it('a refused request stores nothing: fixed and resent with the same key, it acts', async () => {
    const url = `/api/productions/${dustDevil.id}/scenes`;
    const k = key('fixed');
    const refused = await post(url, { number: '', description: 'Insert', hazards: [] }, k, firstAd.token);
    expectProblem(refused, 400);
    const fixed = await post(url, { number: `${next()}`, description: 'Insert', hazards: [] }, k, firstAd.token);
    expect(fixed.statusCode, fixed.body).toBe(201);
  });
});
