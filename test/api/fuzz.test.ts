import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAZARDS } from '../../src/domain/schedule.js';
import { ROLES } from '../../src/domain/roles.js';
import { PASSWORD, startApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { apiRoutes, expectProblem, fillParams, routeName, type RouteKey } from '../support/routes.js';

/**
 * Whatever a phone on a flaky set Wi-Fi sends, the server answers with a
 * problem document it can act on, never a 500; a 400 names every field it
 * refused. Routes and their body schemas come from the server itself (its
 * router and its OpenAPI document), so a new route or field is fuzzed too.
 */

const t = await startApp();
afterAll(() => t.close());
await t.app.ready();

const RUNS = 50;

let producer: Person;
let firstAd: Person;
let grip: Person;
let armorer: Person;
let shootDayId: string;
/** the producer of production B only */
let outsider: Person;
let dustDevil: { id: string };
let nightShift: { id: string };
const dustDevilScenes: string[] = [];
const nightShiftScenes: string[] = [];
const dustDevilMembers: string[] = [];

// ---------------------------------------------------------------- the server's own description of its routes

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
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

/** The route groups this file covers, by OpenAPI tag; a route the document hides (the document itself) is the instance's. */
const GROUPS = ['instance', 'identity', 'productions', 'schedule', 'ledger'];
const inGroups = (route: RouteKey) => (operation(route)?.tags ?? ['instance']).some((tag) => GROUPS.includes(tag));
const routes = apiRoutes(t.app).filter((route) => route.method !== 'HEAD' && inGroups(route));
const bodySchema = (route: RouteKey) => operation(route)?.requestBody?.content['application/json']?.schema;
const queryParams = (route: RouteKey) => (operation(route)?.parameters ?? []).filter((p) => p.in === 'query');
const pathParams = (route: RouteKey) => [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);

// ---------------------------------------------------------------- values

/** Text a person might type, in any script, emoji included (NUL and lone surrogates have their own stories below). */
const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength }),
    fc.string({ unit: 'binary', minLength: 1, maxLength }).filter((s) => !s.includes('\u0000')),
  );
const emailAddress = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9.+_-]{0,20}$/), fc.stringMatching(/^[a-z]{1,12}$/))
  .map(([local, domain]) => `${local}@${domain}.example`);
const pin = fc.stringMatching(/^[0-9]{4,8}$/);
const pastDay = fc.date({ min: new Date('1990-01-01'), max: new Date('2026-11-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const anyDay = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const uniqueSubset = <T>(items: readonly T[], minLength = 0) => fc.uniqueArray(fc.constantFrom(...items), { minLength, maxLength: items.length });
const json = fc.jsonValue({ maxDepth: 3 });
/** An arbitrary over ids that exist only once the world is set up. */
const later = <T>(arbitrary: () => fc.Arbitrary<T>) => fc.constant(null).chain(arbitrary);

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

/** Values the schema itself refuses: wrong type, too short, too long (huge included), outside an enum, not matching a format. */
function invalidFor(schema: Schema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [otherTypeThan(schema)];
  if (schema.type === 'string') {
    if (schema.minLength) options.push(fc.string({ maxLength: schema.minLength - 1 }));
    if (schema.maxLength !== undefined) {
      const max = schema.maxLength;
      options.push(fc.string({ unit: fc.constantFrom('x', 'é', '字', '🎬'), minLength: max + 1, maxLength: max + 40 }), fc.constant('y'.repeat(100_000)));
    }
    if (schema.enum) options.push(fc.string({ maxLength: 20 }).filter((s) => !schema.enum!.includes(s)), fc.constant(String(schema.enum[0]).toUpperCase()));
    if (schema.format === 'email') options.push(fc.constantFrom('not-an-email', 'dana@', '@example.test', 'dana at example.test', 'dana@example'));
    if (schema.format === 'date-time') options.push(fc.constantFrom('2026-12-02', '2026-12-02 14:00', 'noon', '2026-12-02T25:00:00Z'));
    if (schema.format === 'date') options.push(fc.constantFrom('2026-02-30', '2026-13-01', '22/11/2026', '2026-11-22T10:00:00Z', 'tomorrow'));
    if (schema.pattern && !schema.format) options.push(fc.constantFrom('123', '123456789', '12a4', '١٢٣٤', ' 1234'));
  }
  if (schema.type === 'array') {
    if (schema.minItems) options.push(fc.constant([]));
    if (schema.items) options.push(invalidFor(schema.items).map((item) => [item]));
    if (schema.maxItems !== undefined) options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, (_, i) => `item-${i}`)));
  }
  return fc.oneof(...options);
}

// ---------------------------------------------------------------- what each route needs to be called properly

type Body = Record<string, unknown>;

interface Target {
  /** an allowed caller's token (a throwaway session where the call ends it) */
  token: () => Promise<string | undefined> | string | undefined;
  params?: () => Record<string, string>;
  /** bodies of the right shape, with random content: they may be refused, never with a 5xx */
  body?: fc.Arbitrary<Body>;
  /** values the schema cannot show are wrong (refinements), by field */
  refused?: Record<string, fc.Arbitrary<unknown>>;
  /** a valid query, by parameter */
  query?: fc.Arbitrary<Record<string, string>>;
}

async function throwawaySession(): Promise<string> {
  const res = await t.call('POST', '/api/auth/login', { body: { email: firstAd.email, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

const asProducer = () => producer.token;
const onDustDevil = () => ({ pid: dustDevil.id });
const blankText = fc.constantFrom('   ', '\t\n');
const count = fc.nat({ max: 12 }).map(String);

const TARGETS: Record<string, Target> = {
  'GET /api/health': { token: () => undefined },
  'GET /api/openapi.json': { token: () => undefined },
  'POST /api/setup': {
    token: () => undefined,
    body: fc.record({ setupToken: text(200), email: emailAddress, name: text(120), password: fc.string({ minLength: 12, maxLength: 128 }) }),
    refused: { name: blankText },
  },
  'POST /api/auth/login': {
    token: () => undefined,
    body: fc.record({ email: emailAddress, password: fc.string({ minLength: 1, maxLength: 128 }) }),
  },
  'POST /api/auth/logout': { token: throwawaySession },
  'GET /api/me': { token: asProducer },
  // The grip sets his PIN: he is on one production, so each change writes one ledger entry.
  'PUT /api/me/pin': {
    token: () => grip.token,
    body: fc.record({ pin, password: fc.oneof(fc.constant(PASSWORD), fc.string({ minLength: 1, maxLength: 128 })) }),
  },
  'POST /api/productions': {
    token: asProducer,
    body: fc.record({ name: text(200), timezone: fc.constantFrom('America/Denver', 'Europe/Lisbon', 'Asia/Kolkata', 'UTC', 'Pacific/Chatham') }),
    refused: { name: blankText, timezone: fc.constantFrom('Mars/Olympus_Mons', 'GMT+25', 'Denver') },
  },
  'GET /api/productions/:pid': { token: asProducer, params: onDustDevil },
  'GET /api/productions/:pid/members': { token: asProducer, params: onDustDevil },
  'POST /api/productions/:pid/members': {
    token: asProducer,
    params: onDustDevil,
    body: fc.record(
      { email: emailAddress, name: text(120), roles: uniqueSubset(ROLES, 1), department: fc.option(text(80), { nil: null }) },
      { requiredKeys: ['email', 'name', 'roles'] },
    ),
    refused: { name: blankText, department: blankText, roles: fc.constant(['crew', 'crew']) },
  },
  'PATCH /api/productions/:pid/members/:userId': {
    token: asProducer,
    params: () => ({ pid: dustDevil.id, userId: grip.id }),
    body: fc.record({ roles: uniqueSubset(ROLES, 1), department: fc.option(text(80), { nil: null }) }, { requiredKeys: [] }),
    refused: { department: blankText, roles: fc.constant(['crew', 'crew']) },
  },
  'GET /api/invitations/:code': { token: () => undefined, params: () => ({ code: 'ohxzsqRW84valGd-bqSFA3oLKtranzRSnQ0S2iw9lFI' }) },
  'POST /api/invitations/:code/accept': {
    token: () => undefined,
    params: () => ({ code: 'ohxzsqRW84valGd-bqSFA3oLKtranzRSnQ0S2iw9lFI' }),
    body: fc.record({ name: text(120), password: fc.string({ minLength: 12, maxLength: 128 }), pin }),
    refused: { name: blankText },
  },
  'POST /api/productions/:pid/trainings': {
    token: asProducer,
    params: onDustDevil,
    body: fc.record({ userId: later(() => fc.constantFrom(...dustDevilMembers)), course: fc.constant('firearms_safety'), completedOn: pastDay }),
    refused: { completedOn: fc.constantFrom('2999-01-01', '2027-06-30') },
  },
  'GET /api/productions/:pid/ledger/checkpoint': { token: asProducer, params: onDustDevil },
  'GET /api/productions/:pid/ledger/entries': {
    token: asProducer,
    params: onDustDevil,
    query: fc.record({ from: count, to: count }, { requiredKeys: [] }),
  },
  'GET /api/productions/:pid/ledger/proofs/inclusion': {
    token: asProducer,
    params: onDustDevil,
    query: fc.record({ index: count, treeSize: count }),
  },
  'GET /api/productions/:pid/ledger/proofs/consistency': {
    token: asProducer,
    params: onDustDevil,
    query: fc.record({ from: count, to: count }),
  },
  'GET /api/productions/:pid/ledger/export': { token: asProducer, params: onDustDevil },
  'POST /api/productions/:pid/scenes': {
    token: asProducer,
    params: onDustDevil,
    body: fc.record(
      { number: text(20), description: text(2000), hazards: uniqueSubset(HAZARDS), aimedAtPerson: fc.boolean() },
      { requiredKeys: ['number', 'description', 'hazards'] },
    ),
    refused: { number: blankText, description: blankText, hazards: fc.constant(['pyro', 'pyro']) },
  },
  'POST /api/productions/:pid/shoot-days': {
    token: asProducer,
    params: onDustDevil,
    body: fc.record(
      { date: anyDay, sceneIds: later(() => uniqueSubset(dustDevilScenes)), location: fc.option(text(300), { nil: null }) },
      { requiredKeys: ['date', 'sceneIds'] },
    ),
    refused: { location: blankText, sceneIds: later(() => fc.constantFrom(...dustDevilScenes).map((id) => [id, id])) },
  },
  'GET /api/productions/:pid/schedule': { token: asProducer, params: onDustDevil },
  'PUT /api/productions/:pid/shoot-days/:did/duties': {
    token: asProducer,
    params: () => ({ pid: dustDevil.id, did: shootDayId }),
    body: fc.record({
      duties: fc.array(fc.record({ userId: later(() => fc.constantFrom(...dustDevilMembers)), duty: fc.constantFrom(...ROLES, 'props') }), { maxLength: 6 }),
    }),
    refused: { duties: later(() => fc.constantFrom(...dustDevilMembers).map((userId) => [{ userId, duty: 'armorer' }, { userId, duty: 'armorer' }])) },
  },
  'POST /api/productions/:pid/safety-meetings': {
    token: () => firstAd.token,
    params: onDustDevil,
    body: fc.record({
      shootDayId: later(() => fc.constant(shootDayId)),
      sceneIds: later(() => uniqueSubset(dustDevilScenes, 1)),
      heldAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
      attendeeIds: later(() => uniqueSubset(dustDevilMembers, 1)),
      walkthrough: fc.boolean(),
      abortPlan: text(4000),
      emergencyPlan: text(4000),
    }),
    refused: { abortPlan: blankText, emergencyPlan: blankText },
  },
  'POST /api/productions/:pid/scenes/:sid/consultations': {
    token: () => armorer.token,
    params: () => ({ pid: dustDevil.id, sid: dustDevilScenes[0]! }),
    body: fc.record({
      plan: text(4000),
      confirmations: fc.array(fc.record({ userId: later(() => fc.constantFrom(...dustDevilMembers)), pin }), { minLength: 2, maxLength: 4 }),
    }),
    refused: { plan: blankText },
  },
};

/** Routes with a fuzz target; the first test fails for any without one. */
const targeted = routes.filter((route) => routeName(route) in TARGETS);

// ---------------------------------------------------------------- sending

function urlOf(route: RouteKey, target: Target, query?: string): string {
  const path = fillParams(route.url, target.params?.() ?? {});
  return query ? `${path}?${query}` : path;
}

/** Sends `value` as the JSON body, whatever it is (a string, an array, null). */
async function sendJson(route: RouteKey, target: Target, value: unknown, token?: string) {
  return t.call(route.method, urlOf(route, target), {
    token: token ?? (await target.token()),
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json' },
  });
}

/** No 5xx, and every refusal is a problem document; a 400 lists what was wrong. */
function expectAnswerable(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode < 400) return;
  const problem = expectProblem(res);
  if (res.statusCode === 400) {
    expect(problem.errors, res.body).toEqual(expect.any(Array));
    expect(problem.errors!.length, res.body).toBeGreaterThan(0);
    for (const error of problem.errors!) expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
}

const names = (res: LightMyRequestResponse, field: string) =>
  (res.json().errors as Array<{ path: string }>).some((e) => e.path === field || e.path.startsWith(`${field}.`));

const encodeQuery = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

async function treeSize(productionId: string, token: string) {
  const res = await t.call('GET', `/api/productions/${productionId}/ledger/checkpoint`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().treeSize as number;
}

async function addScene(productionId: string, token: string, number: string) {
  const res = await t.call('POST', `/api/productions/${productionId}/scenes`, {
    token,
    body: { number, description: 'Coverage on the wagon', hazards: ['animals'] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().scene.id as string;
}

beforeAll(async () => {
  producer = await setUpFirstUser(t, 'Dana Producer');
  dustDevil = await createProduction(t, producer, 'Dust Devil');
  firstAd = await addPerson(t, producer, dustDevil.id, ['first_ad'], 'Abe First AD');
  grip = await addPerson(t, producer, dustDevil.id, ['crew'], 'Gus Grip');
  armorer = await addPerson(t, producer, dustDevil.id, ['armorer'], 'Ada Armorer');
  dustDevilMembers.push(producer.id, firstAd.id, grip.id, armorer.id);
  for (const number of ['1', '2', '3', '4']) dustDevilScenes.push(await addScene(dustDevil.id, producer.token, number));
  const day = await t.call('POST', `/api/productions/${dustDevil.id}/shoot-days`, {
    token: producer.token,
    body: { date: '2026-12-01', sceneIds: dustDevilScenes },
  });
  expect(day.statusCode, day.body).toBe(201);
  shootDayId = day.json().shootDay.id;

  nightShift = await createProduction(t, producer, 'Night Shift');
  outsider = await addPerson(t, producer, nightShift.id, ['producer'], 'Oona Outsider');
  for (const number of ['1', '2']) nightShiftScenes.push(await addScene(nightShift.id, outsider.token, number));
});

// ---------------------------------------------------------------- the properties

it('has fuzz targets for every route of its groups, and none for a route the server does not answer', () => {
  for (const name of ['POST /api/setup', 'PATCH /api/productions/:pid/members/:userId', 'GET /api/productions/:pid/ledger/entries', 'POST /api/productions/:pid/shoot-days']) {
    expect(routes.map(routeName)).toContain(name);
  }
  expect(routes.filter((route) => !(routeName(route) in TARGETS)).map(routeName)).toEqual([]);
  const served = new Set(routes.map(routeName));
  expect(Object.keys(TARGETS).filter((name) => !served.has(name))).toEqual([]);
  for (const route of targeted) {
    if (bodySchema(route)) expect(TARGETS[routeName(route)]!.body, `${routeName(route)} takes a body`).toBeDefined();
    if (queryParams(route).length > 0) expect(TARGETS[routeName(route)]!.query, `${routeName(route)} takes a query`).toBeDefined();
  }
});

const withBody = targeted.filter((route) => bodySchema(route)).map((route) => ({ route, name: routeName(route) }));

describe.each(withBody)('$name body', ({ route }) => {
  const target = TARGETS[routeName(route)]!;
  const schema = bodySchema(route)!;
  const fields = Object.keys(schema.properties ?? {});

  /** One field broken, by the schema or by a rule the schema cannot show; a required field may simply be missing. */
  const broken = fc.constantFrom(...fields).chain((field) => {
    const options = [invalidFor(schema.properties![field]!)];
    if (target.refused?.[field]) options.push(target.refused[field]);
    if (schema.required?.includes(field)) options.push(fc.constant(undefined));
    return fc.tuple(fc.constant(field), fc.oneof(...options));
  });

  it('with one field broken, is refused (400) naming that field', async () => {
    await fc.assert(
      fc.asyncProperty(target.body!, broken, async (valid, [field, bad]) => {
        const body: Body = { ...valid, [field]: bad };
        if (bad === undefined) delete body[field];
        const res = await sendJson(route, target, body);
        expectAnswerable(res);
        expect(res.statusCode, res.body).toBe(400);
        expect(names(res, field), `${field} in ${res.body}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('whatever JSON arrives, answers without a 5xx and refuses with a problem document', async () => {
    const mangled = target.body!.chain((valid) =>
      fc
        .dictionary(fc.constantFrom(...fields, 'extra', '__proto__x', 'constructor'), json, { maxKeys: 4 })
        .map((noise) => ({ ...valid, ...noise })),
    );
    const anything = fc.oneof(json, mangled, fc.array(target.body!, { maxLength: 2 }), target.body!.map((valid) => ({ body: valid })));
    await fc.assert(
      fc.asyncProperty(anything, async (value) => expectAnswerable(await sendJson(route, target, value))),
      { numRuns: RUNS },
    );
  });

  it('with a body of the right shape, never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(target.body!, async (body) => expectAnswerable(await sendJson(route, target, body))),
      { numRuns: RUNS },
    );
  });

  it('with more than 256 KB of body, is refused (413) before any work', async () => {
    const before = await treeSize(dustDevil.id, producer.token);
    const res = await sendJson(route, target, { [fields[0]!]: 'z'.repeat(300 * 1024) });
    expectProblem(res, 413);
    expect(await treeSize(dustDevil.id, producer.token)).toBe(before);
  });

  it('with a body that is not JSON at all, is refused with a problem document', async () => {
    for (const [payload, type] of [
      ['{"number": "4', 'application/json'],
      ['', 'application/json'],
      ['number=4', 'application/x-www-form-urlencoded'],
      ['<scene/>', 'application/xml'],
    ]) {
      const res = await t.call(route.method, urlOf(route, target), {
        token: await target.token(),
        body: payload,
        headers: { 'content-type': type! },
      });
      expectAnswerable(res);
      expect(res.statusCode, `${type}: ${res.body}`).toBeGreaterThanOrEqual(400);
    }
  });
});

const withQuery = targeted.filter((route) => queryParams(route).length > 0).map((route) => ({ route, name: routeName(route) }));

describe.each(withQuery)('$name query', ({ route }) => {
  const target = TARGETS[routeName(route)]!;
  const params = queryParams(route).map((p) => p.name);
  const notACount = fc.constantFrom('abc', '-1', '1.5', '2147483648', 'NaN', 'Infinity', '1,2', '🎬');

  it('with one parameter broken, is refused (400) naming it', async () => {
    await fc.assert(
      fc.asyncProperty(target.query!, fc.constantFrom(...params), notACount, async (valid, param, bad) => {
        const res = await t.call('GET', urlOf(route, target, encodeQuery(Object.entries({ ...valid, [param]: bad }))), {
          token: await target.token(),
        });
        expectAnswerable(res);
        expect(res.statusCode, res.body).toBe(400);
        expect(names(res, `querystring.${param}`), res.body).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('whatever the query string, answers without a 5xx', async () => {
    const pairs = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...params), fc.string({ maxLength: 6 })), fc.string({ unit: 'binary', maxLength: 12 })), {
      maxLength: 5,
    });
    const raw = fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => s.replace(/[#\s]/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.oneof(pairs.map(encodeQuery), raw, target.query!.map((q) => encodeQuery(Object.entries(q)))), async (query) => {
        expectAnswerable(await t.call('GET', urlOf(route, target, query), { token: await target.token() }));
      }),
      { numRuns: RUNS },
    );
  });
});

const withParams = targeted.filter((route) => pathParams(route).length > 0).map((route) => ({ route, name: routeName(route) }));

describe.each(withParams)('$name path', ({ route }) => {
  const target = TARGETS[routeName(route)]!;
  // NUL has its own story below.
  const segment = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((s) => !s.includes('\u0000')).map(encodeURIComponent),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,200}$/),
    fc.constantFrom('%E0%A4%A', '%ZZ', '..', '%2F..%2F', 'null', '0', '-1', 'x'.repeat(500)),
  );

  it('with a made-up id in any part of the path, answers without a 5xx, as a problem document', async () => {
    const names = pathParams(route);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), segment, target.body ?? fc.constant(undefined), async (param, raw, body) => {
        const url = route.url.replace(/:(\w+)/g, (_, name: string) => (name === param ? raw : encodeURIComponent(target.params!()[name]!)));
        const res = await t.call(route.method, url, { token: await target.token(), body });
        expectAnswerable(res);
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- another production's ids

describe("a producer of another production, using Dust Devil's ids", () => {
  const nightSchedule = async () => (await t.call('GET', `/api/productions/${nightShift.id}/schedule`, { token: outsider.token })).json();

  it("cannot schedule Dust Devil's scenes on her own shoot days (404), and nothing is written", async () => {
    const mixed = fc
      .tuple(uniqueSubset(dustDevilScenes, 1), uniqueSubset(nightShiftScenes), anyDay)
      .chain(([theirs, ours, date]) => fc.shuffledSubarray([...theirs, ...ours], { minLength: theirs.length + ours.length }).map((ids) => ({ ids, date })));
    const before = { schedule: await nightSchedule(), ledger: await treeSize(nightShift.id, outsider.token) };
    await fc.assert(
      fc.asyncProperty(mixed, async ({ ids, date }) => {
        const res = await t.call('POST', `/api/productions/${nightShift.id}/shoot-days`, {
          token: outsider.token,
          body: { date, sceneIds: ids, location: 'Backlot' },
        });
        expectProblem(res, 404);
      }),
      { numRuns: RUNS },
    );
    expect(await nightSchedule()).toEqual(before.schedule);
    expect(await treeSize(nightShift.id, outsider.token)).toBe(before.ledger);
  });

  it("cannot change a Dust Devil member's roles through her own production (404)", async () => {
    const dustDevilRoster = async () => (await t.call('GET', `/api/productions/${dustDevil.id}/members`, { token: producer.token })).json();
    const before = { roster: await dustDevilRoster(), ledger: await treeSize(nightShift.id, outsider.token) };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(firstAd.id, grip.id), uniqueSubset(ROLES, 1), async (userId, roles) => {
        const res = await t.call('PATCH', `/api/productions/${nightShift.id}/members/${userId}`, { token: outsider.token, body: { roles } });
        expectProblem(res, 404);
      }),
      { numRuns: 20 },
    );
    expect(await dustDevilRoster()).toEqual(before.roster);
    expect(await treeSize(nightShift.id, outsider.token)).toBe(before.ledger);
  });

  it("cannot record training for a Dust Devil member on her own production (404)", async () => {
    const before = await treeSize(nightShift.id, outsider.token);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(firstAd.id, grip.id), pastDay, async (userId, completedOn) => {
        const res = await t.call('POST', `/api/productions/${nightShift.id}/trainings`, {
          token: outsider.token,
          body: { userId, course: 'firearms_safety', completedOn },
        });
        expectProblem(res, 404);
      }),
      { numRuns: 20 },
    );
    expect(await treeSize(nightShift.id, outsider.token)).toBe(before);
  });

  it('gets the 404 even when her body carries "__proto__" or "constructor.prototype" keys', async () => {
    for (const raw of ['{"__proto__":0}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      const res = await t.call('POST', `/api/productions/${dustDevil.id}/shoot-days`, {
        token: outsider.token,
        body: raw,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(res, 404);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("gets the same 404 from every Dust Devil route whatever she sends, and nothing is written", async () => {
    const productionRoutes = targeted.filter((route) => route.url.includes(':pid'));
    const attempts = fc.constantFrom(...productionRoutes).chain((route) => {
      const valid = TARGETS[routeName(route)]!.body ?? fc.constant({});
      return fc.tuple(fc.constant(route), fc.oneof(valid, json, fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), json)));
    });
    const before = await treeSize(dustDevil.id, producer.token);
    await fc.assert(
      fc.asyncProperty(attempts, async ([route, payload]) => {
        const target = TARGETS[routeName(route)]!;
        const res = await sendJson(route, target, payload, outsider.token);
        expectProblem(res, 404);
        const params = { ...target.params!(), pid: 'no-such-production' };
        const nowhere = await t.call(route.method, fillParams(route.url, params), {
          token: outsider.token,
          body: JSON.stringify(payload),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.body).toBe(nowhere.body);
      }),
      { numRuns: RUNS },
    );
    expect(await treeSize(dustDevil.id, producer.token)).toBe(before);
  });
});

// ---------------------------------------------------------------- text the ledger and the databases must cope with

describe('text a database or the ledger cannot hold as is', () => {
  const sceneUrl = () => `/api/productions/${dustDevil.id}/scenes`;

  /** Stored and read back exactly, or refused naming the field: never a 500. */
  async function expectStoredExactlyOrRefused(description: string, headers: Record<string, string> = {}) {
    const number = `U${Math.random().toString(36).slice(2, 8)}`;
    const res = await t.call('POST', sceneUrl(), {
      token: firstAd.token,
      body: { number, description, hazards: [] },
      headers,
    });
    expectAnswerable(res);
    if (res.statusCode === 400) {
      expect(names(res, 'description'), res.body).toBe(true);
      return;
    }
    expect(res.statusCode, res.body).toBe(201);
    const schedule = (await t.call('GET', `/api/productions/${dustDevil.id}/schedule`, { token: firstAd.token })).json();
    expect(schedule.scenes.find((scene: { number: string }) => scene.number === number).description).toBe(description);
  }

  it('a description with a NUL character is stored exactly or refused naming the field', async () => {
    await expectStoredExactlyOrRefused('Gag reel \u0000 take 2');
  });

  it('a description with a lone surrogate is stored exactly or refused naming the field', async () => {
    await expectStoredExactlyOrRefused('Broken emoji \ud83c from a phone keyboard');
  });

  it('the same, sent with an Idempotency-Key', async () => {
    await expectStoredExactlyOrRefused('Broken emoji \udc00 again', { 'idempotency-key': 'lone-surrogate' });
  });

  it('an id with a NUL byte in it is not found or refused, on every route, never a 500', async () => {
    for (const { route } of withParams) {
      const target = TARGETS[routeName(route)]!;
      for (const param of pathParams(route)) {
        const url = route.url.replace(/:(\w+)/g, (_, name: string) =>
          name === param ? 'scene%0042' : encodeURIComponent(target.params!()[name]!),
        );
        const body = target.body ? fc.sample(target.body, { numRuns: 1, seed: 42 })[0] : undefined;
        const res = await t.call(route.method, url, { token: await target.token(), body });
        expect(res.statusCode, `${routeName(route)} :${param}: ${res.body}`).toBeLessThan(500);
        expectAnswerable(res);
      }
    }
  });

  it('a body nested 100,000 levels deep is refused with a problem document', async () => {
    const res = await t.call('POST', sceneUrl(), {
      token: firstAd.token,
      body: `{"number":"9","description":"deep","hazards":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expectAnswerable(res);
    expect(res.statusCode).toBe(400);
  });
});

describe('two producers at the same moment', () => {
  it('inviting the same new person: one gets them, the other a conflict, neither a 500', async () => {
    const upm = await addPerson(t, producer, dustDevil.id, ['upm'], 'Uma UPM');
    const body = { email: `wrangler.${Date.now()}@example.test`, name: 'Wes Wrangler', roles: ['crew'] };
    const answers = await Promise.all(
      [producer, upm, producer].map((who) => t.call('POST', `/api/productions/${dustDevil.id}/members`, { token: who.token, body })),
    );
    for (const res of answers) expectAnswerable(res);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409, 409]);
  });
});
