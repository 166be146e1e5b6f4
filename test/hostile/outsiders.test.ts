import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/roles.js';
import { expectProblem, fillParams, routeName, type RouteKey } from '../support/routes.js';
import {
  anyDay,
  blend,
  bodySchema,
  cast,
  dustDevil,
  everything,
  hit,
  hostileSuite,
  idsOf,
  json,
  nightShift,
  pastDay,
  pathParams,
  routeNamed,
  sendJson,
  t,
  targeted,
  targetOf,
  treeSize,
  uniqueSubset,
  urlOf,
  validQuery,
  type Body,
} from './targets.js';

/**
 * No route accepts another production's ids. Oona holds every role on Night
 * Shift and none on Dust Devil: whatever she sends to Dust Devil, and
 * whichever of Dust Devil's ids she puts in her own production's paths, she
 * gets the 404 of a thing that does not exist. Dust Devil's own people cannot
 * smuggle Night Shift's ids in a body either. Nothing is written, anywhere.
 */

hostileSuite('other productions');

const RUNS = 30;
const asJson = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
/** Whether a body names anything of Night Shift's. */
function namesNightShift(body: unknown) {
  const text = JSON.stringify(body);
  return idsOf(nightShift).some((id) => text.includes(`"${id}"`));
}

describe("a producer of another production, using Dust Devil's ids", () => {
  const nightSchedule = async () => (await t.call('GET', `/api/productions/${nightShift.id}/schedule`, { token: cast.outsider.token })).json();

  it("cannot schedule Dust Devil's scenes on her own shoot days (404), and nothing is written", async () => {
    const mixed = fc
      .tuple(uniqueSubset(dustDevil.scenes, 1), uniqueSubset(nightShift.scenes), anyDay)
      .chain(([ours, hers, date]) => fc.shuffledSubarray([...ours, ...hers], { minLength: ours.length + hers.length }).map((ids) => ({ ids, date })));
    const before = { schedule: await nightSchedule(), ledger: await treeSize(nightShift.id, cast.outsider.token) };
    await fc.assert(
      fc.asyncProperty(mixed, async ({ ids, date }) => {
        const res = await t.call('POST', `/api/productions/${nightShift.id}/shoot-days`, {
          token: cast.outsider.token,
          body: { date, sceneIds: ids, location: 'Backlot' },
        });
        expectProblem(res, 404);
      }),
      { numRuns: RUNS },
    );
    expect(await nightSchedule()).toEqual(before.schedule);
    expect(await treeSize(nightShift.id, cast.outsider.token)).toBe(before.ledger);
  });

  it("cannot change a Dust Devil member's roles through her own production (404)", async () => {
    const dustDevilRoster = async () => (await t.call('GET', `/api/productions/${dustDevil.id}/members`, { token: cast.producer.token })).json();
    const before = { roster: await dustDevilRoster(), ledger: await treeSize(nightShift.id, cast.outsider.token) };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(cast.firstAd.id, cast.grip.id), uniqueSubset(ROLES, 1), async (userId, roles) => {
        const res = await t.call('PATCH', `/api/productions/${nightShift.id}/members/${userId}`, { token: cast.outsider.token, body: { roles } });
        expectProblem(res, 404);
      }),
      { numRuns: 20 },
    );
    expect(await dustDevilRoster()).toEqual(before.roster);
    expect(await treeSize(nightShift.id, cast.outsider.token)).toBe(before.ledger);
  });

  it('cannot record training for a Dust Devil member on her own production (404)', async () => {
    const before = await treeSize(nightShift.id, cast.outsider.token);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(cast.firstAd.id, cast.grip.id), pastDay, async (userId, completedOn) => {
        const res = await t.call('POST', `/api/productions/${nightShift.id}/trainings`, {
          token: cast.outsider.token,
          body: { userId, course: 'firearms_safety', completedOn },
        });
        expectProblem(res, 404);
      }),
      { numRuns: 20 },
    );
    expect(await treeSize(nightShift.id, cast.outsider.token)).toBe(before);
  });

  it('gets the 404 even when her body carries "__proto__" or "constructor.prototype" keys', async () => {
    for (const raw of ['{"__proto__":0}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      const res = await t.call('POST', `/api/productions/${dustDevil.id}/shoot-days`, {
        token: cast.outsider.token,
        body: raw,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(res, 404);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('gets the same 404 from every Dust Devil route whatever she sends, and nothing is written', async () => {
    const productionRoutes = targeted.filter((route) => route.url.includes(':pid'));
    expect(productionRoutes.map(routeName)).toEqual(
      expect.arrayContaining(['POST /api/productions/:pid/firearms/:fid/events', 'POST /api/productions/:pid/stops/:sid/lift', 'PUT /api/productions/:pid/escalation', 'GET /api/productions/:pid/live']),
    );
    const attempts = fc.constantFrom(...productionRoutes).chain((route) => {
      const valid = targetOf(route).body?.(dustDevil) ?? fc.constant({});
      return fc.tuple(fc.constant(route), fc.oneof(valid, json, fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), json)));
    });
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(attempts, async ([route, payload]) => {
        const res = await sendJson(route, payload, cast.outsider.token);
        expectProblem(res, 404);
        const params = { ...targetOf(route).params!(dustDevil), pid: 'no-such-production' };
        const nowhere = await sendJson(route, payload, cast.outsider.token, fillParams(route.url, params));
        expect(res.body).toBe(nowhere.body);
      }),
      // Every route several times over.
      { numRuns: productionRoutes.length * 5 },
    );
    expect(await everything()).toEqual(before);
  });
});

// ---------------------------------------------------------------- Dust Devil's ids in Night Shift's paths

/** Routes that name something below the production: a stop, a firearm, a concern... */
const nested = targeted.filter((route) => route.url.startsWith('/api/productions/:pid/') && pathParams(route).length > 1);

/** The route's path on `pid` with each id below it taken from `ids` (or named `instead`), and a valid query. */
function nestedUrl(route: RouteKey, pid: string, instead?: string) {
  const params = Object.fromEntries(Object.entries(targetOf(route).params!(dustDevil)).map(([name, id]) => [name, instead ?? id]));
  const query = validQuery(route);
  return fillParams(route.url, { ...params, pid }) + (query ? `?${query}` : '');
}

describe("Oona, with her own production in the path and Dust Devil's ids below it", () => {
  it('covers every route with an id below the production', () => {
    expect(nested.map(routeName)).toEqual(
      expect.arrayContaining([
        'PATCH /api/productions/:pid/members/:userId',
        'GET /api/productions/:pid/stops/:sid',
        'POST /api/productions/:pid/stops/:sid/lift',
        'POST /api/productions/:pid/firearms/:fid/events',
        'POST /api/productions/:pid/incidents/:iid/corrective-action',
        'POST /api/productions/:pid/armorer-requests/:rid/decision',
        'PUT /api/productions/:pid/shoot-days/:did/duties',
        'POST /api/productions/:pid/scenes/:sid/consultations',
        'POST /api/productions/:pid/concerns/:cid/resolve',
      ]),
    );
  });

  it.each(nested.map((route) => ({ route, name: routeName(route) })))(
    '$name answers the 404 of an id that does not exist, whatever of her own she sends, and nothing is written',
    async ({ route }) => {
      const target = targetOf(route);
      const bodies = target.body?.(nightShift) ?? fc.constant(undefined);
      const before = await everything();
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const send = { token: cast.outsider.token, stream: target.stream, ...(body !== undefined ? asJson(body) : {}) };
          const res = await hit(route, nestedUrl(route, nightShift.id), send);
          expectProblem(res, 404);
          const nowhere = await hit(route, nestedUrl(route, nightShift.id, 'no-such-id'), send);
          expect(res.body).toBe(nowhere.body);
        }),
        { numRuns: RUNS },
      );
      expect(await everything()).toEqual(before);
    },
  );
});

// ---------------------------------------------------------------- Night Shift's ids in Dust Devil's bodies

const carriers = targeted.filter((route) => targetOf(route).carriesIds);

describe("Dust Devil's own people, with Night Shift's ids in a body", () => {
  it('knows every body that can name another production\'s things', () => {
    const both = blend(dustDevil, nightShift);
    for (const route of targeted.filter((r) => bodySchema(r) && /:pid|:setCode/.test(r.url))) {
      const canName = fc.sample(targetOf(route).body!(both), 200).some(namesNightShift);
      expect(canName, `${routeName(route)} ${canName ? 'names' : 'does not name'} another production's things`).toBe(targetOf(route).carriesIds === true);
    }
    expect(carriers.length).toBeGreaterThanOrEqual(10);
  });

  it.each(carriers.map((route) => ({ route, name: routeName(route) })))('$name refuses them (404 or 400) and writes nothing', async ({ route }) => {
    const target = targetOf(route);
    // Any mix of the two productions' ids, as long as one is Night Shift's; a stale firearm version would be a 409 first.
    const smuggled = target
      .body!(blend(dustDevil, nightShift))
      .filter(namesNightShift)
      .map(({ version: _version, ...body }: Body) => body);
    const before = await everything();
    await fc.assert(
      fc.asyncProperty(smuggled, async (body) => {
        const res = await sendJson(route, body);
        expect([400, 404], `${JSON.stringify(body)}: ${res.body}`).toContain(res.statusCode);
        expectProblem(res);
      }),
      { numRuns: RUNS },
    );
    expect(await everything()).toEqual(before);
  });
});

// ---------------------------------------------------------------- what the fuzzing found, pinned down

describe('what the fuzzing found, pinned down', () => {
  const events = routeNamed('POST /api/productions/:pid/firearms/:fid/events');
  const nico = () => nightShift.people[1]!;

  it.each([
    // This one was a 500: the round movement pointed at a lot that does not exist.
    ['a discharge of rounds from a lot nobody has', () => ({ type: 'discharge', intended: true, rounds: [{ lotId: 'no-such-lot', count: 1 }] })],
    ["a discharge of Night Shift's rounds", () => ({ type: 'discharge', intended: true, rounds: [{ lotId: nightShift.lots[0], count: 1 }] })],
    ["a discharge in Night Shift's scene", () => ({ type: 'discharge', intended: false, rounds: [], sceneId: nightShift.scenes[1] })],
    ["a misfire in Night Shift's scene", () => ({ type: 'misfire', sceneId: nightShift.scenes[1] })],
    ["an inspection listing Night Shift's lot with no rounds from it", () => ({ type: 'inspect', load: 'empty', rounds: [{ lotId: nightShift.lots[0], count: 0 }], barrelClear: true })],
    ["a hand-off to Night Shift's performer", () => ({ type: 'hand_off', toUserId: nico().id, shootDayId: dustDevil.shootDays[0], sceneId: dustDevil.scenes[1], confirmations: [] })],
    ["a return from Night Shift's performer", () => ({ type: 'return', fromUserId: nico().id, confirmations: [] })],
  ])("%s is not found (404), and nothing is written", async (_story, body) => {
    const before = await everything();
    const res = await hit(events, urlOf(events), { token: cast.armorer.token, ...asJson(body()) });
    expectProblem(res, 404);
    expect(await everything()).toEqual(before);
  });

  it("Dust Devil's people typing wrong PINs under Oona's id neither learn her name nor lock her out", async () => {
    const oona = { userId: cast.outsider.id, pin: '0000' };
    const attempts: Array<[string, string, Body]> = [
      ['POST /api/productions/:pid/stops/:sid/lift', cast.advisor.token, { resolution: 'All clear', confirmations: [{ userId: cast.advisor.id, pin: cast.advisor.pin }, oona] }],
      ['POST /api/productions/:pid/scenes/:sid/consultations', cast.armorer.token, { plan: 'Blanks only, 20 feet', confirmations: [{ userId: cast.armorer.id, pin: cast.armorer.pin }, oona] }],
      ['POST /api/productions/:pid/incidents/:iid/corrective-action', cast.advisor.token, { action: 'Dummy box re-checked', confirmations: [oona] }],
      [
        'POST /api/productions/:pid/firearms/:fid/events',
        cast.armorer.token,
        { type: 'hand_off', toUserId: cast.performer.id, shootDayId: dustDevil.shootDays[0], sceneId: dustDevil.scenes[1], confirmations: [oona] },
      ],
    ];
    for (let round = 0; round < 6; round++) {
      for (const [name, token, body] of attempts) {
        const res = await hit(routeNamed(name), urlOf(routeNamed(name)), { token, ...asJson(body) });
        expectProblem(res, 404);
        expect(res.body).not.toContain('Oona');
      }
    }
    const lift = await t.call('POST', `/api/productions/${nightShift.id}/stops/${nightShift.stops[0]}/lift`, {
      token: cast.outsider.token,
      body: { resolution: 'Horse back in the corral', confirmations: [{ userId: cast.outsider.id, pin: cast.outsider.pin }, { userId: nico().id, pin: nico().pin }] },
    });
    expect(lift.statusCode, lift.body).toBe(200);
  });
});
