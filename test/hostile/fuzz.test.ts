import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPerson } from '../support/world.js';
import { expectProblem, routeName, type RouteKey } from '../support/routes.js';
import {
  bodySchema,
  cast,
  dustDevil,
  encodeQuery,
  expectAnswerable,
  fieldsOf,
  hit,
  hostileSuite,
  invalidFor,
  json,
  names,
  nightShift,
  pathParams,
  queryParams,
  routes,
  sendJson,
  t,
  tagsOf,
  targeted,
  targetOf,
  TARGETS,
  treeSize,
  urlOf,
  validQuery,
  variantFor,
  WRITES,
  type Body,
  type Schema,
} from './targets.js';

/**
 * Whatever a phone on a flaky set Wi-Fi sends, the server answers with a
 * problem document it can act on, never a 500; a 400 names every field it
 * refused. Every route the server answers is fuzzed: its body, its query and
 * every id in its path.
 */

hostileSuite('bodies, queries and paths');

const RUNS = 30;

it('has fuzz targets for every route the server answers, and none for a route it does not', () => {
  const served = routes.map(routeName);
  for (const name of [
    'POST /api/setup',
    'PATCH /api/productions/:pid/members/:userId',
    'GET /api/productions/:pid/ledger/entries',
    'POST /api/productions/:pid/firearms/:fid/events',
    'POST /api/productions/:pid/stops/:sid/lift',
    'POST /api/sets/:setCode/concerns',
    'PUT /api/productions/:pid/escalation',
    'GET /api/productions/:pid/live',
  ]) {
    expect(served).toContain(name);
  }
  expect([...new Set(routes.flatMap(tagsOf))]).toEqual(
    expect.arrayContaining(['instance', 'identity', 'productions', 'schedule', 'ledger', 'stops', 'live', 'armory', 'concerns']),
  );
  expect(routes.filter((route) => !(routeName(route) in TARGETS)).map(routeName)).toEqual([]);
  expect(Object.keys(TARGETS).filter((name) => !served.includes(name))).toEqual([]);
  for (const route of targeted) {
    const target = targetOf(route);
    expect(Object.keys(target.params?.(dustDevil) ?? {}).sort(), `${routeName(route)} fills its path`).toEqual(pathParams(route).sort());
    if (bodySchema(route)) expect(target.body, `${routeName(route)} takes a body`).toBeDefined();
    if (queryParams(route).length > 0) expect(target.query, `${routeName(route)} takes a query`).toBeDefined();
  }
});

// ---------------------------------------------------------------- bodies

const withBody = targeted.filter((route) => bodySchema(route)).map((route) => ({ route, name: routeName(route) }));

describe.each(withBody)('$name body', ({ route }) => {
  const target = targetOf(route);
  const schema = bodySchema(route)!;
  const fields = fieldsOf(schema);
  const url = () => urlOf(route, validQuery(route));
  // Each variant of a union (the firearm events) gets as many cases as a plain body.
  const numRuns = RUNS * (schema.oneOf?.length ?? 1);

  /** One field broken, by the schema or by a rule the schema cannot show; a required field may simply be missing. */
  const broken = (valid: Body) => {
    const variant: Schema = variantFor(schema, valid);
    return fc.constantFrom(...Object.keys(variant.properties ?? {})).chain((field) => {
      const options = [invalidFor(variant.properties![field]!)];
      if (target.refused?.[field]) options.push(target.refused[field]);
      if (variant.required?.includes(field)) options.push(fc.constant(undefined));
      return fc.tuple(fc.constant(field), fc.oneof(...options));
    });
  };

  it('with one field broken, is refused (400) naming that field', async () => {
    const cases = target.body!(dustDevil).chain((valid) => fc.tuple(fc.constant(valid), broken(valid)));
    await fc.assert(
      fc.asyncProperty(cases, async ([valid, [field, bad]]) => {
        const body: Body = { ...valid, [field]: bad };
        if (bad === undefined) delete body[field];
        const res = await sendJson(route, body, undefined, url());
        expectAnswerable(res);
        expect(res.statusCode, res.body).toBe(400);
        expect(names(res, field), `${field} in ${res.body}`).toBe(true);
      }),
      { numRuns },
    );
  });

  it('whatever JSON arrives, answers without a 5xx and refuses with a problem document', async () => {
    const valid = target.body!(dustDevil);
    const mangled = valid.chain((body) =>
      fc.dictionary(fc.constantFrom(...fields, 'extra', '__proto__x', 'constructor'), json, { maxKeys: 4 }).map((noise) => ({ ...body, ...noise })),
    );
    const anything = fc.oneof(json, mangled, fc.array(valid, { maxLength: 2 }), valid.map((body) => ({ body })));
    await fc.assert(
      fc.asyncProperty(anything, async (value) => expectAnswerable(await sendJson(route, value, undefined, url()))),
      { numRuns },
    );
  });

  it('with a body of the right shape, never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(target.body!(dustDevil), async (body) => expectAnswerable(await sendJson(route, body, undefined, url()))),
      { numRuns },
    );
  });

  it('with a body that is not JSON at all, is refused with a problem document', async () => {
    for (const [payload, type] of [
      ['{"number": "4', 'application/json'],
      ['', 'application/json'],
      ['number=4', 'application/x-www-form-urlencoded'],
      ['<scene/>', 'application/xml'],
    ]) {
      const res = await hit(route, url(), { token: await target.token(), body: payload, headers: { 'content-type': type! } });
      expectAnswerable(res);
      expect(res.statusCode, `${type}: ${res.body}`).toBeGreaterThanOrEqual(400);
    }
  });
});

// ---------------------------------------------------------------- oversize

const writes = targeted.filter((route) => WRITES.has(route.method)).map((route) => ({ route, name: routeName(route) }));

describe.each(writes)('$name', ({ route }) => {
  it('with more than 256 KB of body, JSON or not, is refused (413) before any work', async () => {
    const target = targetOf(route);
    const before = [await treeSize(dustDevil.id, cast.producer.token), await treeSize(nightShift.id, cast.outsider.token)];
    const field = fieldsOf(bodySchema(route) ?? {})[0] ?? 'note';
    const big = await sendJson(route, { [field]: 'z'.repeat(300 * 1024) });
    expectProblem(big, 413);
    const raw = await hit(route, urlOf(route), { token: await target.token(), body: 'z'.repeat(300 * 1024), headers: { 'content-type': 'text/plain' } });
    expectProblem(raw, 413);
    expect([await treeSize(dustDevil.id, cast.producer.token), await treeSize(nightShift.id, cast.outsider.token)]).toEqual(before);
  });
});

// ---------------------------------------------------------------- queries

const withQuery = targeted.filter((route) => queryParams(route).length > 0).map((route) => ({ route, name: routeName(route) }));

describe.each(withQuery)('$name query', ({ route }) => {
  const target = targetOf(route);
  const params = queryParams(route);
  /** A value its parameter refuses: not a count where a count is due, not the pattern where one is set. */
  const refusedBy = (schema: Schema) =>
    schema.type === 'integer' || schema.type === 'number'
      ? fc.constantFrom('abc', '-1', '1.5', '2147483648', 'NaN', 'Infinity', '1,2', '🎬')
      : fc.constantFrom('', 'two words', 'x'.repeat(101), '🎬', 'a/b', 'ü', '<script>').filter((s) => !new RegExp(schema.pattern ?? '^$').test(s));

  it('with one parameter broken, is refused (400) naming it', async () => {
    const cases = fc.constantFrom(...params).chain((param) => fc.tuple(fc.constant(param.name), refusedBy(param.schema)));
    await fc.assert(
      fc.asyncProperty(target.query!, cases, async (valid, [param, bad]) => {
        const res = await hit(route, urlOf(route, encodeQuery(Object.entries({ ...valid, [param]: bad }))), { token: await target.token(), stream: target.stream });
        expectAnswerable(res);
        expect(res.statusCode, res.body).toBe(400);
        expect(names(res, `querystring.${param}`), res.body).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('whatever the query string, answers without a 5xx', async () => {
    const names = params.map((p) => p.name);
    const pairs = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 })), fc.string({ unit: 'binary', maxLength: 12 })), {
      maxLength: 5,
    });
    const raw = fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((s) => s.replace(/[#\s]/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.oneof(pairs.map(encodeQuery), raw, target.query!.map((q) => encodeQuery(Object.entries(q)))), async (query) => {
        expectAnswerable(await hit(route, urlOf(route, query), { token: await target.token(), stream: target.stream }));
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- ids in the path

const withParams = targeted.filter((route) => pathParams(route).length > 0).map((route) => ({ route, name: routeName(route) }));

/** The route's path with `raw` (already encoded) in place of `param`, every other part valid, and a valid query. */
function pathWith(route: RouteKey, param: string, raw: string) {
  const valid = targetOf(route).params!(dustDevil);
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => (name === param ? raw : encodeURIComponent(valid[name]!)));
  const query = validQuery(route);
  return query ? `${path}?${query}` : path;
}

describe.each(withParams)('$name path', ({ route }) => {
  const target = targetOf(route);
  // NUL has its own story below.
  const segment = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((s) => !s.includes('\u0000')).map(encodeURIComponent),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,200}$/),
    fc.uuid(),
    fc.constantFrom('%E0%A4%A', '%ZZ', '..', '%2F..%2F', 'null', '0', '-1', 'x'.repeat(500)),
  );

  it('with a made-up id in any part of the path, answers without a 5xx, as a problem document', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pathParams(route)), segment, target.body?.(dustDevil) ?? fc.constant(undefined), async (param, raw, body) => {
        const res = await hit(route, pathWith(route, param, raw), {
          token: await target.token(),
          ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
          stream: target.stream,
        });
        expectAnswerable(res);
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- text the ledger and the databases must cope with

describe('text a database or the ledger cannot hold as is', () => {
  const scenes = routes.find((route) => routeName(route) === 'POST /api/productions/:pid/scenes')!;

  /** Stored and read back exactly, or refused naming the field: never a 500. */
  async function expectStoredExactlyOrRefused(description: string, headers: Record<string, string> = {}) {
    const number = `U${Math.random().toString(36).slice(2, 8)}`;
    const res = await hit(scenes, urlOf(scenes), {
      token: cast.firstAd.token,
      body: JSON.stringify({ number, description, hazards: [] }),
      headers: { 'content-type': 'application/json', ...headers },
    });
    expectAnswerable(res);
    if (res.statusCode === 400) {
      expect(names(res, 'description'), res.body).toBe(true);
      return;
    }
    expect(res.statusCode, res.body).toBe(201);
    const schedule = (await t.call('GET', `/api/productions/${dustDevil.id}/schedule`, { token: cast.firstAd.token })).json();
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
      const target = targetOf(route);
      for (const param of pathParams(route)) {
        const body = target.body ? fc.sample(target.body(dustDevil), { numRuns: 1, seed: 42 })[0] : undefined;
        const res = await hit(route, pathWith(route, param, 'scene%0042'), {
          token: await target.token(),
          ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
          stream: target.stream,
        });
        expect(res.statusCode, `${routeName(route)} :${param}: ${res.body}`).toBeGreaterThanOrEqual(400);
        expectAnswerable(res);
      }
    }
  });

  it('a body nested 100,000 levels deep is refused with a problem document', async () => {
    const res = await hit(scenes, urlOf(scenes), {
      token: cast.firstAd.token,
      body: `{"number":"9","description":"deep","hazards":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expectAnswerable(res);
    expect(res.statusCode).toBe(400);
  });
});

describe('two producers at the same moment', () => {
  it('inviting the same new person: one gets them, the other a conflict, neither a 500', async () => {
    const upm = await addPerson(t, cast.producer, dustDevil.id, ['upm'], 'Uma UPM');
    const body = { email: `wrangler.${Date.now()}@example.test`, name: 'Wes Wrangler', roles: ['crew'] };
    const answers = await Promise.all(
      [cast.producer, upm, cast.producer].map((who) => t.call('POST', `/api/productions/${dustDevil.id}/members`, { token: who.token, body })),
    );
    for (const res of answers) expectAnswerable(res);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409, 409]);
  });
});
