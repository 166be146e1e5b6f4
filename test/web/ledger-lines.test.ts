import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordedEntry } from '../../src/contract/ledger.js';
import { describeEntry, genericLine, KINDS, kindOf, knownLine, knownTypes, typesOf, type LineContext } from '../../src/web/screens/ledger-lines.js';

/**
 * The ledger page's sentences, checked against the contract's union of entry
 * types: every type this version writes must read as its own sentence with
 * names in it, not the generic line kept for logs of other versions, so a new
 * entry type cannot ship without its words.
 */

const ZONE = 'America/Denver';

/** A production whose records name everything the samples mention. */
const named: LineContext = {
  zone: ZONE,
  names: {
    person: (id) => `Person ${id}`,
    firearm: () => ({ make: 'Colt', model: 'Single Action Army', serial: 'SA-1873-0042' }),
    lot: () => 'B-45-1',
    scene: () => '27',
    day: () => '2026-12-08',
    location: () => 'Red Mesa backlot',
  },
};

/** A production whose records hold nothing: every sentence must still stand on its own. */
const bare: LineContext = {
  zone: ZONE,
  names: { person: () => undefined, firearm: () => undefined, lot: () => undefined, scene: () => undefined, day: () => undefined, location: () => undefined },
};

type Schema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
};

/**
 * A value its JSON schema accepts: `full` fills every optional field with
 * something and picks the first choice, `!full` leaves optional fields out,
 * nullables null and lists as short as allowed, and picks the last choice.
 */
function sample(schema: Schema, full: boolean, path = ''): unknown {
  if (schema.$ref) throw new Error(`${path}: $ref is not expected in an entry schema`);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return full ? schema.enum[0] : schema.enum.at(-1);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) {
    const nonNull = choices.filter((c) => c.type !== 'null');
    if (!full && nonNull.length < choices.length) return null;
    return sample(full ? nonNull[0]! : nonNull.at(-1)!, full, path);
  }
  const types = [schema.type ?? 'object'].flat();
  if (types.includes('null') && (!full || types.length === 1)) return null;
  const type = types.find((t) => t !== 'null');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(schema.properties ?? {})) {
        if (!full && !schema.required?.includes(key)) continue;
        out[key] = sample(value, full, `${path}.${key}`);
      }
      return out;
    }
    case 'array': {
      const length = Math.min(schema.maxItems ?? Infinity, Math.max(schema.minItems ?? 0, full ? 2 : 0));
      return Array.from({ length }, (_, i) => sample(schema.items ?? {}, full, `${path}[${i}]`));
    }
    case 'string':
      if (schema.format === 'date') return '2026-12-08';
      // Every instant a minute after the last, so a stop's pressedAt differs from its entry's time.
      if (schema.format === 'date-time') return new Date(Date.UTC(2026, 11, 8, 22, 0) + ++minutes * 60_000).toISOString();
      return `${path.split('.').at(-1)!.replace(/\W/g, '') || 'x'}-${full ? 'a' : 'b'}`;
    case 'integer':
      return Math.max(schema.minimum ?? 0, 0) + (full ? 3 : 0);
    case 'number':
      return Math.max(schema.minimum ?? 0, 0) + (full ? 1.5 : 0);
    case 'boolean':
      return full;
    default:
      throw new Error(`${path}: cannot make a sample of ${JSON.stringify(schema)}`);
  }
}
let minutes = 0;

const declared = recordedEntry.options.map((option) => ({ type: option.shape.type.value as string, option }));

function samplesOf(option: (typeof declared)[number]['option']) {
  const schema = z.toJSONSchema(option) as Schema;
  return [true, false].map((full) => {
    const entry = sample(schema, full) as z.infer<typeof recordedEntry>;
    // The samples are real entries of their type, or this test proves nothing.
    expect(option.safeParse(entry).success, JSON.stringify(entry)).toBe(true);
    return { entry, full };
  });
}

describe('every entry type the contract declares', () => {
  it('declares a good number of types, each once', () => {
    expect(declared.length).toBeGreaterThan(60);
    expect(new Set(declared.map((d) => d.type)).size).toBe(declared.length);
  });

  it.each(declared)('$type reads as its own sentence, with and without its optional fields', ({ type, option }) => {
    expect(knownTypes()).toContain(type);
    for (const { entry, full } of samplesOf(option)) {
      for (const ctx of [named, bare]) {
        const line = knownLine(entry, ctx);
        expect(line, `${type} (${full ? 'full' : 'minimal'}): ${JSON.stringify(entry)}`).toEqual(expect.any(String));
        expect(line!.length).toBeGreaterThan(10);
        expect(line).not.toMatch(/undefined|null|NaN|\[object|\{|\}/);
        expect(describeEntry(entry, ctx)).toBe(line);
        expect(line).not.toBe(genericLine(type, entry.data as Record<string, unknown>, ctx.names));
      }
    }
  });

  it.each(declared)('$type belongs to one kind of the filter', ({ type }) => {
    const kind = kindOf(type);
    expect(KINDS).toContain(kind);
    if (type.endsWith('.refused')) expect(kind).toBe('refusals');
    else expect(typesOf(kind!)).toContain(type);
  });

  it('names the people, firearms, lots, scenes and days of an entry wherever it mentions one', () => {
    for (const { type, option } of declared) {
      const { entry } = samplesOf(option)[0]!;
      const line = knownLine(entry, named)!;
      const data = entry.data as Record<string, unknown>;
      const mentions = (key: string) => Object.hasOwn(data, key) && data[key] !== null;
      // A firearm's own entry names it as it was registered.
      if (mentions('firearmId')) expect(line, type).toContain(type === 'firearm.added' ? `(serial ${String(data.serial)})` : 'the Colt Single Action Army (serial SA-1873-0042)');
      // A changed scene is named by the number it was given in that change.
      if (mentions('sceneId')) expect(line, type).toContain(type === 'scene.updated' ? `scene ${String((data.scene as { number: string }).number)}` : 'scene 27');
      if (mentions('shootDayId') && !type.startsWith('firearm.')) expect(line, type).toMatch(/shoot day of (8 Dec 2026|Dec 8, 2026)/);
      if (mentions('lotId') && type !== 'ammunition.added') expect(line, type).toContain('lot B-45-1');
      for (const key of ['userId', 'toUserId', 'fromUserId', 'secondedBy', 'armorerId', 'advisorId', 'proposedBy']) {
        if (mentions(key)) expect(line, `${type} names ${key}`).toContain(`Person ${String(data[key])}`);
      }
      // Concerns never name their reporter, and nothing names a person who is not in the entry.
      if (type.startsWith('concern.')) expect(line).not.toMatch(/reporter [A-Z]/);
    }
  });
});

describe('sentences an investigator reads', () => {
  const people: Record<string, string> = { hank: 'Hank Morrow', clay: 'Clay Barrett', sam: 'Sam Whitlock', ines: 'Ines Okafor', rosa: 'Rosa Vance' };
  const ctx: LineContext = {
    zone: ZONE,
    names: {
      person: (id) => people[id],
      firearm: (id) => (id === 'colt' ? { make: 'Colt', model: 'Single Action Army', serial: 'SA-1873-0042' } : undefined),
      lot: (id) => ({ blanks: 'B-45-1', dummies: 'D-45-1' })[id],
      scene: (id) => (id === 'saloon' ? '27' : undefined),
      day: (id) => (id === 'd1' ? '2026-12-08' : undefined),
      location: (id) => (id === 'backlot' ? 'Red Mesa backlot' : undefined),
    },
  };
  const dec8 = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2026-12-08T00:00:00Z'));
  const clock = (iso: string) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: ZONE }).format(new Date(iso));
  const entry = (type: string, actor: unknown, data: Record<string, unknown>, at = '2026-12-08T21:00:00.000Z') =>
    ({ type, productionId: 'p', at, actor, data, refs: [] }) as never;
  const by = (userId: string) => ({ userId });

  it('custody: who handed which firearm to whom, for which scene and day, confirmed by whom', () => {
    expect(describeEntry(entry('firearm.hand_off', by('hank'), { shootDayId: 'd1', firearmId: 'colt', toUserId: 'clay', sceneId: 'saloon', confirmations: ['clay', 'sam'] }), ctx)).toBe(
      `Hank Morrow handed the Colt Single Action Army (serial SA-1873-0042) to Clay Barrett for scene 27 on the shoot day of ${dec8}, confirmed in person by Clay Barrett and Sam Whitlock`,
    );
    expect(
      describeEntry(entry('firearm.inspect', by('hank'), { shootDayId: 'd1', firearmId: 'colt', load: 'dummy', rounds: [{ lotId: 'dummies', count: 6 }], barrelClear: true }), ctx),
    ).toBe('Hank Morrow inspected the Colt Single Action Army (serial SA-1873-0042): loaded with dummies (6 rounds from lot D-45-1), barrel clear');
  });

  it('a refusal says who tried what, and every rule that refused', () => {
    const line = describeEntry(
      entry('firearm.hand_off.refused', by('rosa'), {
        shootDayId: 'd1',
        firearmId: 'colt',
        toUserId: 'clay',
        sceneId: 'saloon',
        confirmations: [],
        refusals: [
          { rule: 'F6', reason: 'Only the armorer hands a firearm to a performer.' },
          { rule: 'F5', reason: 'No safety meeting was held for scene 27 today.' },
        ],
      }),
      ctx,
    );
    expect(line).toBe(
      'Rosa Vance tried to hand the Colt Single Action Army (serial SA-1873-0042) to Clay Barrett for scene 27. Refused — F6: Only the armorer hands a firearm to a performer. F5: No safety meeting was held for scene 27 today.',
    );
    expect(kindOf('firearm.hand_off.refused')).toBe('refusals');
    expect(describeEntry(entry('wrap.refused', by('hank'), { shootDayId: 'd1', lots: [], violations: [{ rule: 'F9', reason: 'The Colt is not in storage.' }] }), ctx)).toBe(
      `Hank Morrow tried to wrap the armory for the shoot day of ${dec8}. Refused — F9: The Colt is not in storage.`,
    );
  });

  it('a stop pressed without a connection keeps both times; a stop by the set’s code names nobody', () => {
    expect(describeEntry(entry('stop.raised', by('clay'), { stopId: 's', reason: 'Horse loose', location: 'Corral', pressedAt: '2026-12-08T20:58:00.000Z' }), ctx)).toBe(
      `Clay Barrett stopped work: Horse loose (Corral); pressed at ${clock('2026-12-08T20:58:00.000Z')}, recorded when the device got through`,
    );
    expect(describeEntry(entry('stop.raised', { anonymous: true }, { stopId: 's', reason: null, location: null }), ctx)).toBe('Someone not named stopped work');
  });

  it('people: removals, contact changes and invitations name the person, never the numbers', () => {
    expect(describeEntry(entry('member.removed', by('rosa'), { userId: 'hank', previousRoles: ['armorer'] }), ctx)).toBe('Rosa Vance removed Hank Morrow (Armorer) from the production');
    expect(describeEntry(entry('member.contactChanged', by('clay'), { userId: 'clay', changed: ['phone', 'emergency_contact'] }), ctx)).toBe(
      'Clay Barrett changed their phone number and emergency contact',
    );
    expect(describeEntry(entry('member.added', by('rosa'), { userId: 'rosa', name: 'Rosa Vance', roles: ['producer'], department: null }), ctx)).toBe('Rosa Vance joined as Producer');
  });

  it('schedule: calls and wraps on the production’s clock, with the S3 warnings', () => {
    const line = describeEntry(
      entry('times.set', by('sam'), {
        shootDayId: 'd1',
        times: [{ userId: 'clay', call: '2026-12-08T13:00:00.000Z', wrap: '2026-12-09T06:00:00.000Z' }],
        alerts: [{ userId: 'clay', kind: 'turnaround' }],
      }),
      ctx,
    );
    expect(line).toContain(`Sam Whitlock set the calls and wraps for the shoot day of ${dec8}: Clay Barrett ${clock('2026-12-08T13:00:00.000Z')} to `);
    expect(line).toContain('Rest warnings (S3): Clay Barrett, a short turnaround');
  });

  it('an entry of a type this version does not know still reads, with who did it', () => {
    expect(describeEntry(entry('notebook.handoff', by('hank'), { toUserId: 'clay', note: 'Keys in the blue box' }), ctx)).toBe(
      'Hank Morrow: Notebook handoff — to user: Clay Barrett; note: Keys in the blue box',
    );
    expect(kindOf('notebook.handoff')).toBeUndefined();
    expect(kindOf('notebook.handoff.refused')).toBe('refusals');
    expect(describeEntry(entry('constructor', null, {}), ctx)).toBe('Setbook: Constructor');
  });
});
