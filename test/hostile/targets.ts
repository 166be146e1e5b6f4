import crypto from 'node:crypto';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, expect } from 'vitest';
import { FIREARM_KINDS } from '../../src/domain/armory/model.js';
import { CATEGORIES, SEVERITIES } from '../../src/domain/concerns/escalation.js';
import { HAZARDS } from '../../src/domain/schedule/scenes.js';
import { HEAD_GONE } from '../../src/domain/notebooks/access.js';
import { ENTRY_KINDS, VISIBILITIES } from '../../src/domain/notebooks/entries.js';
import { ROLES } from '../../src/domain/roles.js';
import { dumpDatabase, PASSWORD, startApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { apiRoutes, expectProblem, fillParams, routeName, type Answer, type RouteKey } from '../support/routes.js';

/**
 * What the hostile suites share: a server, two productions furnished with
 * everything a route can name, and for every /api route what it takes to call
 * it properly. Routes and their schemas come from the server itself (its
 * router and its OpenAPI document), so a new route or field is fuzzed too, and
 * a route without a target fails the suite.
 */

export const t = await startApp();
await t.app.ready();

// ---------------------------------------------------------------- the two productions

/** A production and the things on it a request can name. */
export interface Production {
  id: string;
  setCode: string;
  /** its members (Night Shift's: only those on no other production); the last is crew, whose roles the fuzz may change */
  members: string[];
  /** members with a PIN, who confirm in person */
  people: Person[];
  scenes: string[];
  shootDays: string[];
  locations: string[];
  /** people invited who have not joined: to remove, or to send a new link to */
  invited: string[];
  firearms: string[];
  lots: string[];
  stops: string[];
  incidents: string[];
  requests: string[];
  concerns: string[];
  followUps: Array<{ key: string; passphrase: string }>;
  /** sun positions named at its first location */
  lightTargets: string[];
  /** its first day's call sheets: a published version, then a draft */
  callSheets: string[];
  /** the tokens of the published version's personal links */
  links: string[];
  /** its camera notebook (headed by the person who answers its notebook routes), then one to hand on */
  notebooks: string[];
  /** the camera notebook's entries: a vendor, its lens set, a camera report setup, a to-do */
  entries: string[];
  /** a photo on the lens set */
  attachments: string[];
}

const emptyProduction = (): Production => ({
  id: '',
  setCode: '',
  members: [],
  people: [],
  scenes: [],
  shootDays: [],
  locations: [],
  invited: [],
  firearms: [],
  lots: [],
  stops: [],
  incidents: [],
  requests: [],
  concerns: [],
  followUps: [],
  lightTargets: [],
  callSheets: [],
  links: [],
  notebooks: [],
  entries: [],
  attachments: [],
});

/** The production under attack. */
export const dustDevil = emptyProduction();
/** Another production on the same server, with the same kinds of things. */
export const nightShift = emptyProduction();

/** Dust Devil's people, and Oona, who holds every role on Night Shift and none on Dust Devil. */
export const cast = {} as Record<'producer' | 'firstAd' | 'grip' | 'armorer' | 'performer' | 'advisor' | 'outsider', Person>;

const LISTS = [
  'members',
  'people',
  'scenes',
  'shootDays',
  'locations',
  'invited',
  'firearms',
  'lots',
  'stops',
  'incidents',
  'requests',
  'concerns',
  'followUps',
  'lightTargets',
  'callSheets',
  'links',
  'notebooks',
  'entries',
  'attachments',
] as const;

/** Dust Devil's things and Night Shift's side by side, on Dust Devil: a body built from it may name either. */
export function blend(ours: Production, theirs: Production): Production {
  const both = { ...ours };
  for (const list of LISTS) Object.assign(both, { [list]: [...ours[list], ...theirs[list]] });
  return both;
}

/** Every id of `p` a body could carry. */
export const idsOf = (p: Production) => [
  ...p.members,
  ...p.scenes,
  ...p.shootDays,
  ...p.locations,
  ...p.invited,
  ...p.firearms,
  ...p.lots,
  ...p.stops,
  ...p.incidents,
  ...p.requests,
  ...p.concerns,
  ...p.callSheets,
  ...p.entries,
];

async function post(token: string, url: string, body: unknown) {
  const res = await t.call('POST', url, { token, body });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(201);
  return res.json() as Record<string, { id: string }> & { followUp: { key: string; passphrase: string } };
}

/** Scenes, a shoot day with its armorer, a firearm, two lots, a stop, an incident, a request and a concern. */
async function furnish(p: Production, crew: { boss: Person; armorer: Person; reporter: Person; ad: Person; head: Person }) {
  const on = (path: string) => `/api/productions/${p.id}${path}`;
  for (const [number, hazards] of [['1', ['animals']], ['2', ['firearms', 'blanks']], ['3', ['stunts', 'vehicles']]] as const) {
    p.scenes.push((await post(crew.boss.token, on('/scenes'), { number, description: 'Coverage on the wagon', hazards, aimedAtPerson: number === '2' })).scene!.id);
  }
  p.locations.push((await post(crew.boss.token, on('/locations'), { name: 'Ghost Ranch', latitude: 36.3313, longitude: -106.4734 })).location!.id);
  p.shootDays.push((await post(crew.boss.token, on('/shoot-days'), { date: '2026-12-01', sceneIds: p.scenes, location: 'Ghost Ranch', locationIds: p.locations })).shootDay!.id);
  for (const name of ['Low sun behind the mesa', 'Backlight on the corral']) {
    p.lightTargets.push((await post(crew.boss.token, on(`/locations/${p.locations[0]}/light-targets`), { name, azimuthFrom: 100, azimuthTo: 125, altitudeFrom: 5, altitudeTo: 15 })).target!.id);
  }
  for (const n of [1, 2]) {
    const invited = await t.call('POST', on('/members'), { token: crew.boss.token, body: { email: `extra${n}.${p.id}@example.test`, name: `Extra ${n}`, roles: ['crew'] } });
    expect(invited.statusCode, invited.body).toBe(201);
    p.invited.push(invited.json().member.userId as string);
  }
  const roster = await t.call('PUT', on(`/shoot-days/${p.shootDays[0]}/duties`), { token: crew.boss.token, body: { duties: [{ userId: crew.armorer.id, duty: 'armorer' }] } });
  expect(roster.statusCode, roster.body).toBe(200);
  p.firearms.push((await post(crew.armorer.token, on('/firearms'), { serial: 'SAA-0001', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' })).firearm!.id);
  p.lots.push((await post(crew.armorer.token, on('/ammunition'), { lot: 'B-45-1', kind: 'blank', caliber: '.45 Colt', quantity: 50 })).lot!.id);
  p.lots.push(
    (await post(crew.armorer.token, on('/ammunition'), { lot: 'D-45-1', kind: 'dummy', caliber: '.45 Colt', quantity: 12, verification: { method: 'rattle test' } })).lot!.id,
  );
  p.stops.push((await post(crew.reporter.token, on('/stops'), { reason: 'Horse loose near the rigging', location: 'Corral' })).stop!.id);
  p.incidents.push((await post(crew.reporter.token, on('/armory/live-rounds'), { description: 'A live round in the dummy box', location: 'Prop cart' })).incident!.id);
  p.requests.push((await post(crew.armorer.token, on('/armorer-requests'), { kind: 'time', description: 'An hour more to prep the revolvers' })).request!.id);
  const concern = await post(crew.reporter.token, on('/concerns'), { category: 'rigging', severity: 'high', description: 'Sandbags missing on stage 2', anonymous: true });
  p.concerns.push(concern.concern!.id);
  p.followUps.push(concern.followUp);
  // S4: the first day's call sheet published to its roster (the armorer), then a draft of its revision.
  const sheet = (await post(crew.ad.token, on(`/shoot-days/${p.shootDays[0]}/call-sheets`), {})).callSheet!.id;
  const published = await t.call('POST', on(`/call-sheets/${sheet}/publish`), { token: crew.ad.token, body: {} });
  expect(published.statusCode, published.body).toBe(200);
  const recipients = await t.call('GET', on(`/call-sheets/${sheet}/recipients`), { token: crew.ad.token });
  p.links.push(...(recipients.json().recipients as Array<{ link: string }>).map((r) => r.link.split('/').at(-1)!));
  p.callSheets.push(sheet, (await post(crew.ad.token, on(`/shoot-days/${p.shootDays[0]}/call-sheets`), {})).callSheet!.id);
  // The camera notebook and its head's entries, a photo on the lens set; and a second notebook of the same head's, to hand on.
  for (const department of ['Camera', 'Sound']) p.notebooks.push((await post(crew.boss.token, on('/notebooks'), { department, headId: crew.head.id })).notebook!.id);
  const entry = async (body: Record<string, unknown>) => p.entries.push((await post(crew.head.token, on(`/notebooks/${p.notebooks[0]}/entries`), body)).entry!.id);
  await entry({ kind: 'vendor', title: 'Ghost Ranch Rentals', fields: { name: 'Ghost Ranch Rentals' } });
  await entry({ kind: 'equipment', title: 'Cooke S4/i set', fields: { make: 'Cooke', focalLengths: [25, 32, 50], vendorEntryId: p.entries[0] } });
  await entry({ kind: 'camera_report', title: 'Wide', fields: { roll: 'A001', scene: '1', take: 1, lens: 'Cooke 32' } });
  await entry({ kind: 'todo', title: 'Return the 25 mm' });
  const photo = await sharp({ create: { width: 16, height: 12, channels: 3, background: '#203040' } }).png().toBuffer();
  const boundary = '----hostile';
  const form = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="chart.png"\r\nContent-Type: image/png\r\n\r\n`), photo, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const attached = await t.call('POST', on(`/notebooks/${p.notebooks[0]}/entries/${p.entries[1]}/attachments`), { token: crew.head.token, body: form, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(attached.statusCode, attached.body).toBe(201);
  p.attachments.push(attached.json().attachment.id as string);
}

async function setUpWorld() {
  const producer = await setUpFirstUser(t, 'Dana Producer');
  const dd = await createProduction(t, producer, 'Dust Devil');
  Object.assign(dustDevil, { id: dd.id, setCode: dd.setCode });
  const firstAd = await addPerson(t, producer, dd.id, ['first_ad'], 'Abe First AD');
  const grip = await addPerson(t, producer, dd.id, ['crew'], 'Gus Grip');
  const armorer = await addPerson(t, producer, dd.id, ['armorer'], 'Ada Armorer');
  const performer = await addPerson(t, producer, dd.id, ['performer'], 'Pat Performer');
  const advisor = await addPerson(t, producer, dd.id, ['safety_advisor', 'department_head'], 'Ines Advisor');
  // The grip comes last: the fuzzed PATCH changes the roles of a production's last member.
  dustDevil.people.push(firstAd, armorer, performer, advisor, grip);
  dustDevil.members.push(producer.id, ...dustDevil.people.map((person) => person.id));
  await furnish(dustDevil, { boss: producer, armorer, reporter: grip, ad: firstAd, head: advisor });

  // Dana produces Night Shift too, so her id belongs to both; Oona and Nico are Night Shift's alone.
  const ns = await createProduction(t, producer, 'Night Shift');
  Object.assign(nightShift, { id: ns.id, setCode: ns.setCode });
  const outsider = await addPerson(t, producer, ns.id, [...ROLES], 'Oona Outsider');
  const nico = await addPerson(t, outsider, ns.id, ['performer'], 'Nico Night');
  nightShift.people.push(outsider, nico);
  nightShift.members.push(outsider.id, nico.id);
  await furnish(nightShift, { boss: outsider, armorer: outsider, reporter: outsider, ad: outsider, head: outsider });

  Object.assign(cast, { producer, firstAd, grip, armorer, performer, advisor, outsider });
}

// ---------------------------------------------------------------- counting what was sent

const tally = { requests: 0, serverErrors: 0, problems: 0, routes: new Set<string>() };
const figure = (n: number) => n.toLocaleString('en-US');

/**
 * Registers the world's set-up and, once the file's suites are done, prints
 * what they sent: `hostile: <label>: N requests over R routes, 0 answered 5xx, ...`.
 */
export function hostileSuite(label: string) {
  beforeAll(setUpWorld);
  afterAll(async () => {
    console.log(
      `hostile: ${label}: ${figure(tally.requests)} requests over ${tally.routes.size} routes, ` +
        `${figure(tally.serverErrors)} answered 5xx, ${figure(tally.problems)} refused with problem+json`,
    );
    await t.close();
  });
}

export interface Send {
  token?: string | undefined;
  /** a string is sent as is; anything else as JSON */
  body?: unknown;
  headers?: Record<string, string>;
  /** the answer is an event stream that stays open: read up to its headers, then hang up */
  stream?: boolean | undefined;
}

const somewhere = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

/** Sends one request for `route` and counts it. */
export async function hit(route: RouteKey, url: string, send: Send = {}): Promise<Answer> {
  const request = {
    method: route.method as 'GET',
    url,
    // A different source per call: the per-address rate limits are tested on their own.
    remoteAddress: somewhere(),
    headers: { ...(send.token ? { authorization: `Bearer ${send.token}` } : {}), ...send.headers },
    ...(send.body !== undefined ? { payload: send.body as string } : {}),
  };
  let answer: Answer;
  if (send.stream) {
    const hangUp = new AbortController();
    const res = await t.app.inject({ ...request, payloadAsStream: true, signal: hangUp.signal });
    if (res.statusCode === 200) {
      hangUp.abort();
      answer = { statusCode: 200, headers: res.headers, body: '', json: () => undefined };
    } else {
      let body = '';
      for await (const chunk of res.stream()) body += String(chunk);
      answer = { statusCode: res.statusCode, headers: res.headers, body, json: () => JSON.parse(body) };
    }
  } else {
    answer = await t.app.inject(request);
  }
  tally.requests += 1;
  tally.routes.add(routeName(route));
  if (answer.statusCode >= 500) tally.serverErrors += 1;
  else if (answer.statusCode >= 400 && /^application\/problem\+json/.test(String(answer.headers['content-type']))) tally.problems += 1;
  return answer;
}

/** No 5xx, and every refusal is a problem document; a 400 lists what was wrong. */
export function expectAnswerable(res: Answer) {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode < 400) return;
  const problem = expectProblem(res);
  if (res.statusCode === 400) {
    expect(problem.errors, res.body).toEqual(expect.any(Array));
    expect(problem.errors!.length, res.body).toBeGreaterThan(0);
    for (const error of problem.errors!) expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
}

/** Whether a 400 names `field` (or something inside it). */
export const names = (res: Answer, field: string) =>
  ((res.json() as { errors: Array<{ path: string }> }).errors ?? []).some((e) => e.path === field || e.path.startsWith(`${field}.`));

export const encodeQuery = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

export async function treeSize(productionId: string, token: string) {
  const res = await t.call('GET', `/api/productions/${productionId}/ledger/checkpoint`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().treeSize as number;
}

/** Every row of every table, in a stable order: equal before and after means nothing at all was written. */
export async function everything(): Promise<Record<string, string[]>> {
  const dump = await dumpDatabase(t.deps.store);
  return Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.map((row) => JSON.stringify(row)).sort()]));
}

// ---------------------------------------------------------------- the server's own description of its routes

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
}

interface Operation {
  tags?: string[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: Schema }>;
}

const openapi = t.app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };

function operation(route: RouteKey): Operation | undefined {
  return openapi.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
}

/** The route's groups in the document; the document itself is hidden from it and has none. */
export const tagsOf = (route: RouteKey) => operation(route)?.tags ?? [];

/** Every /api route the server answers (HEAD is GET's twin and not in the document). */
export const routes = apiRoutes(t.app).filter((route) => route.method !== 'HEAD');
export const routeNamed = (name: string) => routes.find((route) => routeName(route) === name)!;
export const bodySchema = (route: RouteKey) => operation(route)?.requestBody?.content['application/json']?.schema;
export const queryParams = (route: RouteKey) => (operation(route)?.parameters ?? []).filter((p) => p.in === 'query');
export const pathParams = (route: RouteKey) => [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
export const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The object schema a body is checked against: itself, or for a tagged union
 * (firearm events) the variant its `type` picks, whose `type` then allows only
 * the tags of no variant at all.
 */
export function variantFor(schema: Schema, body: Record<string, unknown>): Schema {
  if (!schema.oneOf) return schema;
  const variant = schema.oneOf.find((v) => v.properties?.type?.enum?.includes(body.type)) ?? schema.oneOf[0]!;
  const tags = schema.oneOf.flatMap((v) => v.properties?.type?.enum ?? []);
  return { ...variant, properties: { ...variant.properties, type: { type: 'string', enum: tags } } };
}

/** Every field name a body schema knows, across the variants of a union. */
export const fieldsOf = (schema: Schema) => [...new Set((schema.oneOf ?? [schema]).flatMap((v) => Object.keys(v.properties ?? {})))];

// ---------------------------------------------------------------- values

const UNSTORABLE = /\u0000|\p{Cs}/u;

/** Text a person might type, in any script, emoji included: never blank, never longer than `maxLength` (NUL and lone surrogates have their own stories). */
export const text = (maxLength: number) =>
  fc
    .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength }), fc.string({ unit: 'binary', minLength: 1, maxLength }))
    .filter((s) => s.trim().length > 0 && s.length <= maxLength && !UNSTORABLE.test(s));
export const emailAddress = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9_+-]{0,12}(\.[a-z0-9_+-]{1,8})?$/), fc.stringMatching(/^[a-z]{1,12}$/))
  .map(([local, domain]) => `${local}@${domain}.example`);
export const pin = fc.stringMatching(/^[0-9]{4,8}$/);
export const pastDay = fc.date({ min: new Date('1990-01-01'), max: new Date('2026-11-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
export const anyDay = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
export const uniqueSubset = <T>(items: readonly T[], minLength = 0) => fc.uniqueArray(fc.constantFrom(...items), { minLength, maxLength: items.length });
export const json = fc.jsonValue({ maxDepth: 3 });
/** An arbitrary over ids that exist only once the world is set up. */
export const later = <T>(arbitrary: () => fc.Arbitrary<T>) => fc.constant(null).chain(arbitrary);
export const blankText = fc.constantFrom('   ', '\t\n');
/** A wall-clock time, HH:MM. */
export const localTime = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
/** An instant in 2026, ISO 8601 UTC. */
export const instantIn2026 = fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
export const count = fc.nat({ max: 12 }).map(String);
export const deviceId = fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/);
/** An id that names nothing: the shape of a real one, or not. */
export const madeUpId = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/));
/** One of `ids` most of the time, now and then one that names nothing. */
const one = (ids: readonly string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: madeUpId });
const several = (ids: readonly string[], minLength = 0) => fc.uniqueArray(one(ids), { minLength, maxLength: Math.max(minLength, ids.length) });

/** Any JSON value whose type is not `type` (and not null where null is allowed): wrong types, numbers as strings, extra nesting. */
function otherTypeThan(schema: Schema): fc.Arbitrary<unknown> {
  const type = schema.type;
  return fc.oneof(
    ...(type === 'string' ? [] : [fc.string({ maxLength: 12 }), fc.constantFrom('true', '42', '[]', '{}')]),
    ...(type === 'number' || type === 'integer' ? [] : [fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })]),
    ...(type === 'boolean' ? [] : [fc.boolean()]),
    ...(type === 'array' ? [] : [fc.array(json, { maxLength: 3 })]),
    ...(type === 'object' ? [] : [fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 3 })]),
    ...(schema.nullable ? [] : [fc.constant(null)]),
  );
}

/** Values the schema itself refuses: wrong type, too short, too long (huge included), out of range, outside an enum, not matching a format. */
export function invalidFor(schema: Schema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [otherTypeThan(schema)];
  if (schema.type === 'string') {
    if (schema.minLength) options.push(fc.string({ maxLength: schema.minLength - 1 }));
    if (schema.maxLength !== undefined) {
      const max = schema.maxLength;
      options.push(fc.string({ unit: fc.constantFrom('x', 'é', '字', '🎬'), minLength: max + 1, maxLength: max + 40 }), fc.constant('y'.repeat(100_000)));
    }
    if (schema.enum) {
      // The first value in the other case: "PYRO" for pyro, "int" for INT.
      const first = String(schema.enum[0]);
      options.push(fc.string({ maxLength: 20 }).filter((s) => !schema.enum!.includes(s)), fc.constant(first.toUpperCase() === first ? first.toLowerCase() : first.toUpperCase()));
    }
    if (schema.format === 'email') options.push(fc.constantFrom('not-an-email', 'dana@', '@example.test', 'dana at example.test', 'dana@example'));
    if (schema.format === 'date-time') options.push(fc.constantFrom('2026-12-02', '2026-12-02 14:00', 'noon', '2026-12-02T25:00:00Z'));
    if (schema.format === 'date') options.push(fc.constantFrom('2026-02-30', '2026-13-01', '22/11/2026', '2026-11-22T10:00:00Z', 'tomorrow'));
    if (schema.pattern && !schema.format) options.push(fc.constantFrom('', '123', '123456789', '12a4', '١٢٣٤', ' 1234', 'two words', 'x'.repeat(101)).filter((s) => !new RegExp(schema.pattern!, 'u').test(s)));
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    if (schema.minimum !== undefined) options.push(fc.constant(schema.minimum - 1));
    if (schema.maximum !== undefined) options.push(fc.constant(schema.maximum + 1), fc.constant(1e308));
    if (schema.type === 'integer') options.push(fc.constantFrom(1.5, 2 ** 53 + 2));
  }
  if (schema.type === 'array') {
    if (schema.minItems) options.push(fc.constant([]));
    if (schema.items) options.push(invalidFor(schema.items).map((item) => [item]));
    if (schema.maxItems !== undefined) options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, (_, i) => `item-${i}`)));
  }
  if (schema.type === 'object' && schema.required?.length) options.push(fc.constant({}));
  return fc.oneof(...options);
}

// ---------------------------------------------------------------- what each route needs to be called properly

export type Body = Record<string, unknown>;

export interface Target {
  /** an allowed caller's token (a throwaway session where the call ends it); undefined for a public route */
  token: () => Promise<string | undefined> | string | undefined;
  params?: (p: Production) => Record<string, string>;
  /** bodies of the right shape naming `p`'s things (now and then a made-up id): they may be refused, never with a 5xx */
  body?: (p: Production) => fc.Arbitrary<Body>;
  /** values the schema cannot show are wrong (refinements), by field */
  refused?: Record<string, fc.Arbitrary<unknown>>;
  /** a valid query, by parameter */
  query?: fc.Arbitrary<Record<string, string>>;
  /** answers with an event stream that stays open */
  stream?: true;
  /** its body names other things of the production (people, scenes, lots...) */
  carriesIds?: true;
}

async function throwawaySession(): Promise<string> {
  const res = await t.call('POST', '/api/auth/login', { body: { email: cast.firstAd.email, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

const asProducer = () => cast.producer.token;
const asFirstAd = () => cast.firstAd.token;
const asGrip = () => cast.grip.token;
const asArmorer = () => cast.armorer.token;
const asAdvisor = () => cast.advisor.token;
const nobody = () => undefined;
const on = (p: Production) => ({ pid: p.id });
const atSet = (p: Production) => ({ setCode: p.setCode });
/** A code of the right shape that was never handed out. */
const NO_INVITATION = 'ohxzsqRW84valGd-bqSFA3oLKtranzRSnQ0S2iw9lFI';

/** A person's PIN confirmation: a member with a guessed PIN, or one of the people with their own. */
const confirmation = (p: Production) =>
  fc.oneof(fc.record({ userId: one(p.members), pin }), fc.constantFrom(...p.people).map((person) => ({ userId: person.id, pin: person.pin })));
/** Each person at most once: a list naming someone twice is a 400 before anything is looked up (its own test is in test/api/abuse). */
const confirmations = (p: Production, minLength: number) => fc.uniqueArray(confirmation(p), { minLength, maxLength: 4, selector: (c) => c.userId });
const rounds = (p: Production) => fc.array(fc.record({ lotId: one(p.lots), count: fc.nat({ max: 12 }) }), { maxLength: 3 });
/** the firearm version a device last saw, now and then: a stale one is a 409 before anything else is looked at */
const version = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) });
const optional = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T, required: Array<keyof T & string>) => fc.record(model, { requiredKeys: required });

const firearmEvent = (p: Production) =>
  fc.oneof(
    optional({ type: fc.constant('check_out'), shootDayId: one(p.shootDays), version }, ['type', 'shootDayId']),
    optional({ type: fc.constant('inspect'), load: fc.constantFrom('empty', 'dummy', 'blank'), rounds: rounds(p), barrelClear: fc.boolean(), version }, [
      'type',
      'load',
      'rounds',
      'barrelClear',
    ]),
    optional(
      { type: fc.constant('hand_off'), toUserId: one(p.members), shootDayId: one(p.shootDays), sceneId: one(p.scenes), confirmations: confirmations(p, 0), version },
      ['type', 'toUserId', 'shootDayId', 'sceneId', 'confirmations'],
    ),
    optional({ type: fc.constant('return'), fromUserId: one(p.members), confirmations: confirmations(p, 0), version }, ['type', 'fromUserId', 'confirmations']),
    optional({ type: fc.constant('discharge'), intended: fc.boolean(), rounds: rounds(p), sceneId: one(p.scenes), note: text(2000), version }, ['type', 'intended', 'rounds']),
    optional({ type: fc.constant('misfire'), note: text(2000), sceneId: one(p.scenes), version }, ['type']),
    optional({ type: fc.constant('check_in'), version }, ['type']),
  );

const concernReport = (p: Production) =>
  optional(
    {
      category: fc.constantFrom(...CATEGORIES),
      severity: fc.constantFrom(...SEVERITIES),
      description: text(8000),
      anonymous: fc.boolean(),
      implicatedUserIds: several(p.members),
      sceneId: fc.option(one(p.scenes), { nil: null }),
      location: fc.option(text(200), { nil: null }),
    },
    ['category', 'severity', 'description'],
  );

const minutes = fc.double({ min: 0.05, max: 43_200, noNaN: true });
const ladderLevel = fc.record({
  roles: uniqueSubset(ROLES, 1),
  emails: fc.uniqueArray(emailAddress, { maxLength: 3 }),
  deadlines: fc.record({ critical: minutes, high: minutes, medium: minutes, low: minutes }),
});

/** A call sheet's radio channels, each channel once. */
const walkieChannels = fc.uniqueArray(fc.record({ channel: fc.stringMatching(/^[A-Za-z0-9 ]{1,8}$/).filter((c) => c.trim() !== ''), use: text(100) }), {
  maxLength: 4,
  selector: (w) => w.channel.trim(),
});

/** Follow-up credentials: a real reporter's, or a guess. */
const followUpCredentials = (p: Production) =>
  fc.oneof(fc.constantFrom(...p.followUps), fc.record({ key: fc.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/), passphrase: text(80) }));

const notebook = (p: Production) => ({ pid: p.id, nid: p.notebooks[0]! });
/** The camera notebook's `index`th entry: 1, the lens set; 3, a to-do to remove. */
const entryOf = (index: number) => (p: Production) => ({ ...notebook(p), eid: p.entries[index]! });
const tag = fc.stringMatching(/^[a-z0-9-]{1,20}$/);

/** An entry of any kind with its fields, naming `p`'s scenes, locations and entries (now and then one that does not exist). */
const notebookEntry = (p: Production) =>
  fc.oneof(
    optional(
      {
        kind: fc.constant('equipment'),
        title: text(300),
        body: text(2000),
        fields: optional(
          {
            make: text(200),
            series: text(200),
            focalLengths: fc.array(fc.integer({ min: 8, max: 600 }), { maxLength: 8 }),
            tStops: fc.array(fc.double({ min: 0.7, max: 22, noNaN: true }), { maxLength: 8 }),
            mount: text(60),
            serials: fc.array(text(100), { maxLength: 4 }),
            vendorEntryId: one(p.entries),
          },
          ['make'],
        ),
        tags: fc.uniqueArray(tag, { maxLength: 4 }),
        links: several(p.entries),
      },
      ['kind', 'title', 'fields'],
    ),
    optional({ kind: fc.constant('vendor'), title: text(300), fields: optional({ name: text(200), contact: text(500), carries: fc.array(text(200), { maxLength: 4 }) }, ['name']) }, ['kind', 'title', 'fields']),
    optional(
      {
        kind: fc.constant('person'),
        title: text(300),
        fields: optional({ name: text(200), role: text(100), dayRate: fc.integer({ min: 0, max: 5000 }), currency: fc.constantFrom('USD', 'EUR'), recommendedBy: text(200) }, ['name', 'role']),
        visibility: fc.constantFrom(...VISIBILITIES),
      },
      ['kind', 'title', 'fields'],
    ),
    optional({ kind: fc.constant('look'), title: text(300), fields: fc.record({ sceneIds: several(p.scenes) }) }, ['kind', 'title']),
    optional({ kind: fc.constant('light'), title: text(300), fields: optional({ locationId: one(p.locations), sceneIds: several(p.scenes) }, []) }, ['kind', 'title']),
    optional(
      {
        kind: fc.constant('camera_report'),
        title: text(300),
        fields: optional(
          {
            roll: text(40),
            scene: text(40),
            take: fc.integer({ min: 1, max: 99 }),
            setupId: one(p.entries),
            lens: text(200),
            focalLength: fc.integer({ min: 8, max: 600 }),
            iso: fc.constantFrom(400, 800, 1600),
            focusM: fc.double({ min: 0.3, max: 100, noNaN: true }),
            shotAt: instantIn2026,
            filters: fc.array(text(60), { maxLength: 3 }),
          },
          ['roll', 'scene', 'take'],
        ),
      },
      ['kind', 'title', 'fields'],
    ),
    optional({ kind: fc.constantFrom('technical', 'idea'), title: text(300), body: text(20_000) }, ['kind', 'title']),
    optional({ kind: fc.constant('todo'), title: text(300), fields: optional({ done: fc.boolean(), vendorEntryId: one(p.entries) }, []) }, ['kind', 'title']),
  );

export const TARGETS: Record<string, Target> = {
  'GET /api/health': { token: nobody },
  'GET /api/openapi.json': { token: nobody },
  'POST /api/setup': {
    token: nobody,
    body: () => fc.record({ setupToken: text(200), email: emailAddress, name: text(120), password: fc.string({ minLength: 12, maxLength: 128 }) }),
    refused: { name: blankText },
  },
  'POST /api/auth/login': {
    token: nobody,
    body: () => fc.record({ email: emailAddress, password: fc.string({ minLength: 1, maxLength: 128 }) }),
  },
  'POST /api/auth/logout': { token: throwawaySession },
  'GET /api/me': { token: asProducer },
  // The grip sets his PIN: he is on one production, so each change writes one ledger entry.
  'PUT /api/me/pin': {
    token: asGrip,
    body: () => fc.record({ pin, password: fc.oneof(fc.constant(PASSWORD), fc.string({ minLength: 1, maxLength: 128 })) }),
  },
  // The grip chooses a language, or none: any other value is refused naming the field.
  'PUT /api/me/locale': {
    token: asGrip,
    body: () => fc.record({ locale: fc.oneof(fc.constantFrom('en', 'es', 'uk', null), fc.string({ maxLength: 8 })) }),
  },
  'POST /api/productions': {
    token: asProducer,
    body: () => fc.record({ name: text(200), timezone: fc.constantFrom('America/Denver', 'Europe/Lisbon', 'Asia/Kolkata', 'UTC', 'Pacific/Chatham') }),
    refused: { name: blankText, timezone: fc.constantFrom('Mars/Olympus_Mons', 'GMT+25', 'Denver') },
  },
  // A made-up push service on a closed port: the fuzzed devices' pushes fail at once, counted, never thrown.
  'GET /api/push/key': { token: asGrip },
  'GET /api/push/devices': { token: asGrip },
  'POST /api/push/devices': {
    token: asGrip,
    body: () =>
      optional(
        {
          endpoint: fc.stringMatching(/^[a-z0-9]{1,40}$/).map((path) => `https://127.0.0.1:9/push/${path}`),
          keys: fc.record({ p256dh: fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/), auth: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/) }),
          label: text(80),
          locale: fc.constantFrom('en', 'es', 'uk'),
        },
        ['endpoint', 'keys'],
      ),
    refused: { label: blankText },
  },
  'DELETE /api/push/devices/:id': { token: asGrip, params: () => ({ id: 'no-such-device' }) },
  'GET /api/productions/:pid': { token: asProducer, params: on },
  'GET /api/productions/:pid/members': { token: asProducer, params: on },
  'POST /api/productions/:pid/members': {
    token: asProducer,
    params: on,
    body: () =>
      optional({ email: emailAddress, name: text(120), roles: uniqueSubset(ROLES, 1), department: fc.option(text(80), { nil: null }) }, ['email', 'name', 'roles']),
    refused: { name: blankText, department: blankText, roles: fc.constant(['crew', 'crew']) },
  },
  'PATCH /api/productions/:pid/members/:userId': {
    token: asProducer,
    params: (p) => ({ pid: p.id, userId: p.members.at(-1)! }),
    // One of the two, at least: an empty change is refused as a whole.
    body: () => optional({ roles: uniqueSubset(ROLES, 1), department: fc.option(text(80), { nil: null }) }, []).filter((change) => Object.keys(change).length > 0),
    refused: { department: blankText, roles: fc.constant(['crew', 'crew']) },
  },
  'PUT /api/productions/:pid/members/:userId/contact': {
    token: asProducer,
    params: (p) => ({ pid: p.id, userId: p.members.at(-1)! }),
    body: () => optional({ phone: fc.option(text(40), { nil: null }), emergencyContact: fc.option(text(200), { nil: null }) }, []).filter((change) => Object.keys(change).length > 0),
    refused: { phone: blankText },
  },
  'DELETE /api/productions/:pid/members/:userId': { token: asProducer, params: (p) => ({ pid: p.id, userId: p.invited[0]! }) },
  'POST /api/productions/:pid/members/:userId/invitation': { token: asProducer, params: (p) => ({ pid: p.id, userId: p.invited[1]! }) },
  'GET /api/productions/:pid/trainings': { token: asGrip, params: on },
  'GET /api/invitations/:code': { token: nobody, params: () => ({ code: NO_INVITATION }) },
  'POST /api/invitations/:code/accept': {
    token: nobody,
    params: () => ({ code: NO_INVITATION }),
    body: () => fc.record({ name: text(120), password: fc.string({ minLength: 12, maxLength: 128 }), pin }),
    refused: { name: blankText },
  },
  'POST /api/productions/:pid/trainings': {
    token: asProducer,
    params: on,
    body: (p) => fc.record({ userId: one(p.members), course: fc.constant('firearms_safety'), completedOn: pastDay }),
    refused: { completedOn: fc.constantFrom('2999-01-01', '2027-06-30') },
    carriesIds: true,
  },
  'GET /api/productions/:pid/ledger/checkpoint': { token: asProducer, params: on },
  'GET /api/productions/:pid/ledger/entries': {
    token: asProducer,
    params: on,
    query: fc.record(
      {
        from: count,
        to: count,
        type: fc.array(fc.constantFrom('stop.raised', 'scene.created', 'firearm.hand_off', '*.refused', 'member.added'), { minLength: 1, maxLength: 3 }).map((types) => types.join(',')),
        person: fc.oneof(fc.uuid(), fc.constant('nobody')),
        day: pastDay,
        order: fc.constantFrom('asc', 'desc'),
        limit: count,
      },
      { requiredKeys: [] },
    ),
  },
  'GET /api/productions/:pid/ledger/people': { token: asProducer, params: on },
  'GET /api/productions/:pid/ledger/proofs/inclusion': { token: asProducer, params: on, query: fc.record({ index: count, treeSize: count }) },
  'GET /api/productions/:pid/ledger/proofs/consistency': { token: asProducer, params: on, query: fc.record({ from: count, to: count }) },
  'GET /api/productions/:pid/ledger/export': { token: asProducer, params: on },
  'POST /api/productions/:pid/scenes': {
    token: asProducer,
    params: on,
    body: () => optional({ number: text(20), description: text(2000), hazards: uniqueSubset(HAZARDS), aimedAtPerson: fc.boolean() }, ['number', 'description', 'hazards']),
    refused: { number: blankText, description: blankText, hazards: fc.constant(['pyro', 'pyro']) },
  },
  'POST /api/productions/:pid/shoot-days': {
    token: asProducer,
    params: on,
    body: (p) => optional({ date: anyDay, sceneIds: several(p.scenes), location: fc.option(text(300), { nil: null }) }, ['date', 'sceneIds']),
    refused: { location: blankText, sceneIds: later(() => fc.constantFrom(...dustDevil.scenes).map((id) => [id, id])) },
    carriesIds: true,
  },
  'GET /api/productions/:pid/schedule': { token: asProducer, params: on },
  'GET /api/productions/:pid/scenes/:sid': { token: asGrip, params: (p) => ({ pid: p.id, sid: p.scenes[0]! }) },
  'PATCH /api/productions/:pid/scenes/:sid': {
    token: asFirstAd,
    params: (p) => ({ pid: p.id, sid: p.scenes[2]! }),
    body: (p) =>
      optional(
        {
          description: text(2000),
          hazards: uniqueSubset(HAZARDS),
          aimedAtPerson: fc.boolean(),
          intExt: fc.constantFrom('INT', 'EXT', 'INT/EXT', null),
          timeOfDay: fc.constantFrom('day', 'night', 'dawn', 'dusk', null),
          locationId: fc.option(one(p.locations), { nil: null }),
          eighths: fc.option(fc.integer({ min: 1, max: 800 }), { nil: null }),
          castIds: several(p.members),
        },
        [],
      ).filter((change) => Object.keys(change).length > 0),
    refused: { description: blankText, hazards: fc.constant(['pyro', 'pyro']), eighths: fc.constantFrom(0, 801, 1.5) },
    carriesIds: true,
  },
  'POST /api/productions/:pid/scenes/:sid/risk-assessments': {
    token: asAdvisor,
    params: (p) => ({ pid: p.id, sid: p.scenes[0]! }),
    body: () =>
      optional(
        {
          hazards: uniqueSubset(HAZARDS),
          controls: fc.array(fc.record({ hazard: fc.constantFrom(...HAZARDS), control: text(2000) }), { minLength: 1, maxLength: 9 }),
          notes: text(4000),
        },
        ['hazards', 'controls'],
      ),
    refused: { controls: fc.constant([]), notes: blankText },
  },
  'PATCH /api/productions/:pid/shoot-days/:did': {
    token: asProducer,
    params: (p) => ({ pid: p.id, did: p.shootDays[0]! }),
    body: (p) =>
      optional(
        {
          sceneIds: several(p.scenes),
          locationIds: several(p.locations),
          generalCall: fc.option(localTime, { nil: null }),
          shootingCall: fc.option(localTime, { nil: null }),
          notes: fc.option(text(4000), { nil: null }),
        },
        [],
      ).filter((change) => Object.keys(change).length > 0),
    refused: { generalCall: fc.constantFrom('24:00', '6am', '6:30'), notes: blankText },
    carriesIds: true,
  },
  'GET /api/productions/:pid/shoot-days/:did/times': { token: asFirstAd, params: (p) => ({ pid: p.id, did: p.shootDays[0]! }) },
  'PUT /api/productions/:pid/shoot-days/:did/times': {
    token: asFirstAd,
    params: (p) => ({ pid: p.id, did: p.shootDays[0]! }),
    body: (p) =>
      fc.record({
        times: fc.uniqueArray(
          fc.record({ userId: one(p.members), call: instantIn2026, wrap: instantIn2026 }).map((t) => (t.wrap > t.call ? t : { ...t, call: t.wrap, wrap: t.call })).filter((t) => t.wrap > t.call),
          { maxLength: 4, selector: (t) => t.userId },
        ),
      }),
    refused: { times: later(() => fc.constant([{ userId: dustDevil.members[0]!, call: '2026-12-01T20:00:00Z', wrap: '2026-12-01T10:00:00Z' }])) },
    carriesIds: true,
  },
  'GET /api/productions/:pid/rest-agreement': { token: asGrip, params: on },
  'PUT /api/productions/:pid/rest-agreement': {
    token: asAdvisor,
    params: on,
    body: () =>
      fc.record({
        turnaroundHours: fc.record({ crew: fc.integer({ min: 8, max: 24 }), performer: fc.integer({ min: 8, max: 24 }) }),
        weeklyHours: fc.integer({ min: 40, max: 84 }),
        weekendRestHours: fc.record({ afterFiveDays: fc.integer({ min: 24, max: 72 }), afterSixDays: fc.integer({ min: 24, max: 72 }) }),
      }),
  },
  'GET /api/productions/:pid/today': { token: asGrip, params: on, query: fc.record({ date: anyDay }, { requiredKeys: [] }) },
  'POST /api/productions/:pid/locations': {
    token: asProducer,
    params: on,
    body: () =>
      optional(
        {
          name: text(200),
          address: fc.option(text(500), { nil: null }),
          latitude: fc.double({ min: -90, max: 90, noNaN: true }),
          longitude: fc.double({ min: -180, max: 180, noNaN: true }),
          elevationM: fc.option(fc.integer({ min: -400, max: 8000 }), { nil: null }),
          timezone: fc.constantFrom('America/Denver', 'Europe/Lisbon', 'Pacific/Auckland'),
          hospital: fc.option(fc.record({ name: text(200), address: text(500) }), { nil: null }),
          parking: fc.option(text(1000), { nil: null }),
          notes: fc.option(text(4000), { nil: null }),
        },
        ['name', 'latitude', 'longitude'],
      ),
    refused: { name: blankText, timezone: fc.constantFrom('Mars/Olympus_Mons', 'GMT+25') },
  },
  'GET /api/productions/:pid/locations': { token: asGrip, params: on },
  'GET /api/productions/:pid/locations/:lid/light': { token: asGrip, params: (p) => ({ pid: p.id, lid: p.locations[0]! }), query: fc.record({ date: anyDay }, { requiredKeys: [] }) },
  'GET /api/productions/:pid/locations/:lid/light-targets': { token: asGrip, params: (p) => ({ pid: p.id, lid: p.locations[0]! }) },
  'POST /api/productions/:pid/locations/:lid/light-targets': {
    token: asGrip,
    params: (p) => ({ pid: p.id, lid: p.locations[0]! }),
    // Below 90 and above it: a range whose bottom is 90 is always upside down.
    body: () =>
      optional(
        {
          name: text(200),
          azimuthFrom: fc.double({ min: 0, max: 360, noNaN: true }),
          azimuthTo: fc.double({ min: 0, max: 360, noNaN: true }),
          altitudeFrom: fc.double({ min: -90, max: 0, noNaN: true }),
          altitudeTo: fc.double({ min: 0, max: 89, noNaN: true }),
          leadMinutes: fc.option(fc.integer({ min: 0, max: 720 }), { nil: null }),
          notes: fc.option(text(2000), { nil: null }),
        },
        ['name', 'azimuthFrom', 'azimuthTo', 'altitudeFrom', 'altitudeTo'],
      ),
    refused: { name: blankText, altitudeFrom: fc.constant(90) },
  },
  'DELETE /api/productions/:pid/locations/:lid/light-targets/:tid': { token: asProducer, params: (p) => ({ pid: p.id, lid: p.locations[0]!, tid: p.lightTargets[0]! }) },
  'PATCH /api/productions/:pid/locations/:lid': {
    token: asProducer,
    params: (p) => ({ pid: p.id, lid: p.locations[0]! }),
    body: () => optional({ address: fc.option(text(500), { nil: null }), parking: fc.option(text(1000), { nil: null }), notes: fc.option(text(4000), { nil: null }) }, []).filter((change) => Object.keys(change).length > 0),
    refused: { parking: blankText },
  },
  'PUT /api/productions/:pid/shoot-days/:did/duties': {
    token: asProducer,
    params: (p) => ({ pid: p.id, did: p.shootDays[0]! }),
    body: (p) =>
      fc.record({
        duties: fc.uniqueArray(fc.record({ userId: one(p.members), duty: fc.constantFrom(...ROLES, 'props') }), {
          maxLength: 6,
          selector: (d) => `${d.userId} ${d.duty}`,
        }),
      }),
    refused: { duties: later(() => fc.constantFrom(...dustDevil.members).map((userId) => [{ userId, duty: 'armorer' }, { userId, duty: 'armorer' }])) },
    carriesIds: true,
  },
  'POST /api/productions/:pid/safety-meetings': {
    token: asFirstAd,
    params: on,
    body: (p) =>
      fc.record({
        shootDayId: one(p.shootDays),
        sceneIds: several(p.scenes, 1),
        heldAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
        attendeeIds: several(p.members, 1),
        walkthrough: fc.boolean(),
        abortPlan: text(4000),
        emergencyPlan: text(4000),
      }),
    refused: { abortPlan: blankText, emergencyPlan: blankText },
    carriesIds: true,
  },
  'POST /api/productions/:pid/scenes/:sid/consultations': {
    token: asArmorer,
    params: (p) => ({ pid: p.id, sid: p.scenes[1]! }),
    body: (p) => fc.record({ plan: text(4000), confirmations: confirmations(p, 2) }),
    refused: { plan: blankText },
    carriesIds: true,
  },
  'POST /api/productions/:pid/stops': {
    token: asGrip,
    params: on,
    body: () => optional({ reason: fc.option(text(500), { nil: null }), location: fc.option(text(200), { nil: null }), anonymous: fc.boolean() }, []),
  },
  'GET /api/productions/:pid/stops': { token: asGrip, params: on },
  'GET /api/productions/:pid/stops/:sid': { token: asGrip, params: (p) => ({ pid: p.id, sid: p.stops[0]! }) },
  'POST /api/productions/:pid/stops/:sid/ack': {
    token: asGrip,
    params: (p) => ({ pid: p.id, sid: p.stops[0]! }),
    body: () => fc.record({ deviceId }),
  },
  'POST /api/productions/:pid/stops/:sid/lift': {
    token: asAdvisor,
    params: (p) => ({ pid: p.id, sid: p.stops[0]! }),
    body: (p) => fc.record({ resolution: text(4000), confirmations: confirmations(p, 1) }),
    refused: { resolution: blankText },
    carriesIds: true,
  },
  'GET /api/sets/:setCode': { token: nobody, params: atSet },
  'POST /api/sets/:setCode/stops': {
    token: nobody,
    params: atSet,
    body: () => optional({ reason: fc.option(text(500), { nil: null }), location: fc.option(text(200), { nil: null }) }, []),
  },
  'POST /api/productions/:pid/firearms': {
    token: asArmorer,
    params: on,
    body: () => fc.record({ serial: text(100), make: text(100), model: text(100), kind: fc.constantFrom(...FIREARM_KINDS) }),
    refused: { serial: blankText, make: blankText, model: blankText },
  },
  'POST /api/productions/:pid/ammunition': {
    token: asArmorer,
    params: on,
    body: () =>
      optional(
        {
          lot: text(100),
          kind: fc.constantFrom('blank', 'dummy', 'live'),
          caliber: text(50),
          quantity: fc.integer({ min: 1, max: 100_000 }),
          load: fc.option(text(100), { nil: null }),
          verification: fc.record({ method: text(500) }),
        },
        ['lot', 'kind', 'caliber', 'quantity'],
      ),
    refused: { lot: blankText, caliber: blankText, verification: blankText.map((method) => ({ method })) },
  },
  'GET /api/productions/:pid/firearms/:fid': { token: asGrip, params: (p) => ({ pid: p.id, fid: p.firearms[0]! }) },
  'GET /api/productions/:pid/armory': { token: asGrip, params: on },
  'POST /api/productions/:pid/firearms/:fid/events': {
    token: asArmorer,
    params: (p) => ({ pid: p.id, fid: p.firearms[0]! }),
    body: firearmEvent,
    carriesIds: true,
  },
  'POST /api/productions/:pid/armory/live-rounds': {
    token: asGrip,
    params: on,
    body: (p) => optional({ description: text(2000), location: text(200), firearmId: one(p.firearms) }, ['description']),
    refused: { description: blankText },
    carriesIds: true,
  },
  'POST /api/productions/:pid/armory/wrap': {
    token: asArmorer,
    params: on,
    body: (p) => fc.record({ shootDayId: one(p.shootDays) }),
    carriesIds: true,
  },
  'POST /api/productions/:pid/armorer-requests': {
    token: asArmorer,
    params: on,
    body: () => fc.record({ kind: fc.constantFrom('training', 'time'), description: text(4000) }),
    refused: { description: blankText },
  },
  'GET /api/productions/:pid/armorer-requests': { token: asArmorer, params: on },
  'POST /api/productions/:pid/armorer-requests/:rid/decision': {
    token: asProducer,
    params: (p) => ({ pid: p.id, rid: p.requests[0]! }),
    body: () => optional({ decision: fc.constantFrom('granted', 'denied'), reason: fc.option(text(4000), { nil: null }) }, ['decision']),
  },
  'POST /api/productions/:pid/incidents/:iid/corrective-action': {
    token: asAdvisor,
    params: (p) => ({ pid: p.id, iid: p.incidents[0]! }),
    body: (p) => fc.record({ action: text(4000), confirmations: confirmations(p, 1) }),
    refused: { action: blankText },
    carriesIds: true,
  },
  'POST /api/productions/:pid/concerns': {
    token: asGrip,
    params: on,
    body: concernReport,
    refused: { description: blankText, sceneId: madeUpId, implicatedUserIds: madeUpId.map((id) => [id]) },
    carriesIds: true,
  },
  'GET /api/productions/:pid/concerns': { token: asAdvisor, params: on },
  'GET /api/productions/:pid/concerns/:cid': { token: asAdvisor, params: (p) => ({ pid: p.id, cid: p.concerns[0]! }) },
  'POST /api/productions/:pid/concerns/:cid/ack': {
    token: asAdvisor,
    params: (p) => ({ pid: p.id, cid: p.concerns[0]! }),
    body: () => optional({ note: text(8000) }, []),
    refused: { note: blankText },
  },
  'POST /api/productions/:pid/concerns/:cid/messages': {
    token: asAdvisor,
    params: (p) => ({ pid: p.id, cid: p.concerns[0]! }),
    body: () => fc.record({ text: text(8000) }),
    refused: { text: blankText },
  },
  'POST /api/productions/:pid/concerns/:cid/resolve': {
    token: asAdvisor,
    params: (p) => ({ pid: p.id, cid: p.concerns[0]! }),
    body: () => fc.record({ resolution: text(8000) }),
    refused: { resolution: blankText },
  },
  'GET /api/productions/:pid/escalation': { token: asGrip, params: on },
  'PUT /api/productions/:pid/escalation': {
    token: asAdvisor,
    params: on,
    body: () => fc.record({ levels: fc.array(ladderLevel, { minLength: 2, maxLength: 6 }) }),
    refused: {
      levels: fc.constant([
        { roles: [], emails: [], deadlines: { critical: 15, high: 120, medium: 1440, low: 4320 } },
        { roles: ['producer'], emails: [], deadlines: { critical: 15, high: 120, medium: 1440, low: 4320 } },
      ]),
    },
  },
  'POST /api/sets/:setCode/concerns': {
    token: nobody,
    params: atSet,
    body: concernReport,
    refused: { description: blankText, sceneId: madeUpId, implicatedUserIds: madeUpId.map((id) => [id]) },
    carriesIds: true,
  },
  'POST /api/follow-up': { token: nobody, body: followUpCredentials, refused: { key: blankText, passphrase: blankText } },
  'POST /api/follow-up/messages': {
    token: nobody,
    body: (p) => fc.tuple(followUpCredentials(p), text(8000)).map(([credentials, words]) => ({ ...credentials, text: words })),
    refused: { key: blankText, passphrase: blankText, text: blankText },
  },
  'POST /api/productions/:pid/notebooks': {
    token: asProducer,
    params: on,
    body: (p) => fc.record({ department: text(80), headId: one(p.members) }),
    refused: { department: blankText },
    carriesIds: true,
  },
  'GET /api/productions/:pid/notebooks': { token: asGrip, params: on },
  'GET /api/productions/:pid/notebooks/:nid': { token: asAdvisor, params: notebook },
  'PUT /api/productions/:pid/notebooks/:nid/members': {
    token: asAdvisor,
    params: notebook,
    body: (p) => fc.record({ userIds: several(p.members) }),
    refused: { userIds: fc.constant(['same-person', 'same-person']) },
    carriesIds: true,
  },
  'POST /api/productions/:pid/notebooks/:nid/entries': { token: asAdvisor, params: notebook, body: notebookEntry, refused: { fields: fc.constant({ bogus: 1 }), title: blankText }, carriesIds: true },
  'GET /api/productions/:pid/notebooks/:nid/entries': {
    token: asAdvisor,
    params: notebook,
    query: fc.record({ q: text(30), kind: fc.constantFrom(...ENTRY_KINDS), tag: tag, limit: fc.integer({ min: 1, max: 200 }).map(String) }, { requiredKeys: [] }),
  },
  'GET /api/productions/:pid/notebooks/:nid/entries/:eid': { token: asAdvisor, params: entryOf(1) },
  'PATCH /api/productions/:pid/notebooks/:nid/entries/:eid': {
    token: asAdvisor,
    params: entryOf(1),
    body: (p) =>
      optional(
        {
          title: text(300),
          body: fc.option(text(2000), { nil: null }),
          fields: optional({ make: text(200), series: text(200), focalLengths: fc.array(fc.integer({ min: 8, max: 600 }), { maxLength: 6 }), quirks: fc.constant(null) }, []),
          tags: fc.uniqueArray(tag, { maxLength: 4 }),
          links: several(p.entries),
          visibility: fc.constantFrom(...VISIBILITIES),
          version: fc.integer({ min: 1, max: 40 }),
        },
        ['version'],
      ),
    refused: { fields: fc.constant({ bogus: 1 }) },
    carriesIds: true,
  },
  'DELETE /api/productions/:pid/notebooks/:nid/entries/:eid': { token: asAdvisor, params: entryOf(3), query: fc.record({ version: fc.integer({ min: 1, max: 12 }).map(String) }) },
  'GET /api/productions/:pid/notebooks/:nid/entries/:eid/history': { token: asAdvisor, params: entryOf(1) },
  // A multipart form, not JSON: its files are tested in test/api/notebooks.
  'POST /api/productions/:pid/notebooks/:nid/entries/:eid/attachments': { token: asAdvisor, params: entryOf(1) },
  'GET /api/productions/:pid/notebooks/:nid/entries/:eid/attachments/:aid': { token: asAdvisor, params: (p) => ({ ...entryOf(1)(p), aid: p.attachments[0]! }) },
  'GET /api/productions/:pid/notebooks/:nid/entries/:eid/attachments/:aid/thumbnail': { token: asAdvisor, params: (p) => ({ ...entryOf(1)(p), aid: p.attachments[0]! }) },
  'GET /api/productions/:pid/notebooks/:nid/camera-reports.csv': { token: asAdvisor, params: notebook },
  'GET /api/productions/:pid/notebooks/:nid/package': { token: asAdvisor, params: notebook, query: fc.record({ format: fc.constantFrom('json', 'pdf', 'zip') }, { requiredKeys: [] }) },
  // The second notebook: a handoff moves it away from the head, and the camera notebook stays.
  'POST /api/productions/:pid/notebooks/:nid/handoff': {
    token: asAdvisor,
    params: (p) => ({ pid: p.id, nid: p.notebooks[1]! }),
    body: (p) => optional({ toUserId: one(p.members), note: fc.option(text(4000), { nil: null }), reason: fc.constantFrom(...HEAD_GONE), confirmations: confirmations(p, 0) }, ['toUserId']),
    carriesIds: true,
  },
  'GET /api/productions/:pid/live': {
    token: asGrip,
    params: on,
    query: fc.record({ deviceId, lastEventId: count }, { requiredKeys: ['deviceId'] }),
    stream: true,
  },
  'POST /api/productions/:pid/shoot-days/:did/call-sheets': {
    token: asFirstAd,
    params: (p) => ({ pid: p.id, did: p.shootDays[0]! }),
    body: (p) => optional({ notes: fc.option(text(4000), { nil: null }), walkieChannels: walkieChannels, medicId: fc.option(one(p.members), { nil: null }) }, []),
    refused: { notes: blankText, walkieChannels: fc.constant([{ channel: '1', use: 'Production' }, { channel: '1', use: 'Grip' }]) },
    carriesIds: true,
  },
  'GET /api/productions/:pid/shoot-days/:did/call-sheets': { token: asGrip, params: (p) => ({ pid: p.id, did: p.shootDays[0]! }) },
  'GET /api/productions/:pid/call-sheets/:cid': { token: asGrip, params: (p) => ({ pid: p.id, cid: p.callSheets[0]! }) },
  'PATCH /api/productions/:pid/call-sheets/:cid': {
    token: asFirstAd,
    params: (p) => ({ pid: p.id, cid: p.callSheets[1]! }),
    body: (p) =>
      optional({ notes: fc.option(text(4000), { nil: null }), walkieChannels: walkieChannels, medicId: fc.option(one(p.members), { nil: null }) }, []).filter(
        (change) => Object.keys(change).length > 0,
      ),
    refused: { notes: blankText },
    carriesIds: true,
  },
  'POST /api/productions/:pid/call-sheets/:cid/publish': {
    token: asFirstAd,
    params: (p) => ({ pid: p.id, cid: p.callSheets[1]! }),
    body: (p) => optional({ recipientIds: several(p.members) }, []),
    refused: { recipientIds: later(() => fc.constantFrom(...dustDevil.members).map((id) => [id, id])) },
    carriesIds: true,
  },
  'GET /api/productions/:pid/call-sheets/:cid/recipients': {
    token: asFirstAd,
    params: (p) => ({ pid: p.id, cid: p.callSheets[0]! }),
    query: fc.record({ pending: fc.constantFrom('true', 'false') }, { requiredKeys: [] }),
  },
  'POST /api/productions/:pid/call-sheets/:cid/recipients/:userId/resend': { token: asFirstAd, params: (p) => ({ pid: p.id, cid: p.callSheets[0]!, userId: p.members[0]! }) },
  'GET /api/productions/:pid/call-sheets/:cid/pdf': {
    token: asGrip,
    params: (p) => ({ pid: p.id, cid: p.callSheets[0]! }),
    query: fc.record({ paper: fc.constantFrom('a4', 'letter') }, { requiredKeys: [] }),
  },
  'GET /api/call-sheets/:token': { token: nobody, params: (p) => ({ token: p.links[0]! }) },
  'POST /api/call-sheets/:token/confirm': { token: nobody, params: (p) => ({ token: p.links[0]! }), body: () => fc.record({ safetyAck: fc.boolean() }) },
  'GET /api/call-sheets/:token/calendar.ics': { token: nobody, params: (p) => ({ token: p.links[0]! }) },
  'GET /api/call-sheets/:token/pdf': { token: nobody, params: (p) => ({ token: p.links[0]! }), query: fc.record({ paper: fc.constantFrom('a4', 'letter') }, { requiredKeys: [] }) },
};

/** Routes with a fuzz target; the coverage test fails for any without one. */
export const targeted = routes.filter((route) => routeName(route) in TARGETS);
export const targetOf = (route: RouteKey) => TARGETS[routeName(route)]!;

// ---------------------------------------------------------------- sending a target's request

/** The route's path on `p` (Dust Devil unless told), with an optional query. */
export function urlOf(route: RouteKey, query?: string, p: Production = dustDevil): string {
  const path = fillParams(route.url, targetOf(route).params?.(p) ?? {});
  return query ? `${path}?${query}` : path;
}

/** A valid query for the route, when it needs one. */
export const validQuery = (route: RouteKey) => {
  const query = targetOf(route).query;
  return query ? encodeQuery(Object.entries(fc.sample(query, 1)[0]!)) : undefined;
};

/** Sends `value` as the JSON body, whatever it is (a string, an array, null). */
export async function sendJson(route: RouteKey, value: unknown, token?: string, url = urlOf(route)) {
  const target = targetOf(route);
  return hit(route, url, {
    token: token ?? (await target.token()),
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json' },
    stream: target.stream,
  });
}
