// Every safety refusal can be said in every language Setbook speaks: each key
// a rule refuses with is in every catalogue, every code a sentence nests or
// lists has its words, and a refusal run through the rules reads as a whole
// sentence in Spanish and Ukrainian, with nothing left as a raw key.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AMMUNITION_KINDS, DEFAULT_ARMORY_SETTINGS, type Firearm, type Member } from '../../src/domain/armory/model.js';
import {
  f1ArmorerOnDuty,
  f1CheckedOutFor,
  f1DayOpen,
  f2NoOtherDuty,
  f4Ammunition,
  f5SafetyMeeting,
  f6Custody,
  f7Confirmed,
  f7Inspected,
  f9Wrap,
  f9WrapOnce,
  f10Consultation,
  f10Consulted,
  f11Corrected,
  f11NoHold,
  f12Decision,
  f12Trained,
  inspectionAllowed,
  mayRecordDischarge,
  returnConfirmed,
  returnFrom,
  roundProblems,
  uninspectedCheckIn,
  type CustodyAction,
} from '../../src/domain/armory/rules.js';
import { acknowledgeDecision, DEFAULT_LADDER, mayResolve } from '../../src/domain/concerns/escalation.js';
import { mayEditContact, removalDecision, roleChangeDecision } from '../../src/domain/identity/grants.js';
import { mayArchiveTarget } from '../../src/domain/light/targets.js';
import { handoffAllowed, mayOpenNotebook } from '../../src/domain/notebooks/access.js';
import { refusalText, refusals, type Decision, type Refusal, type Translate } from '../../src/domain/refusal.js';
import { ROLES } from '../../src/domain/roles.js';
import { ackFromHolder, handOffDuringStop, liftAllowed, liftConfirmed } from '../../src/domain/stops.js';
import { catalogues, translator, type Tree } from '../../src/i18n/catalogue.js';
import { locales } from '../../src/i18n/locales.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

function lookup(tree: Tree, key: string): string | Tree | undefined {
  return key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
}

/** A key is in a catalogue as a sentence, or as a plural (`_other` at least). */
function has(tree: Tree, key: string): boolean {
  return typeof lookup(tree, key) === 'string' || typeof lookup(tree, `${key}_other`) === 'string';
}

/** The words a nested or listed code is looked up in: every code the rules can pass has its words. */
function codes(tree: Tree, map: string): string[] {
  const node = lookup(tree, map);
  return typeof node === 'object' ? Object.keys(node) : [];
}

const keyLike = /^(rules|armory)\.[\w.]+$/;

/** Every key the code refuses with: the string literals inside each `refuse(...)` call, and every `rules.` literal elsewhere (the parts of a list). */
function refusalKeys(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources('src')) {
    if (file.startsWith(join('src', 'i18n'))) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.includes('refuse(') && !text.includes("'rules.")) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const where = (node: ts.Node) => `${relative('.', file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const literals = (node: ts.Node, inRefuse: boolean): void => {
      const refuseCall = ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'refuse';
      if (refuseCall) {
        const keyArg = node.arguments[1];
        // The key is always written out, so this test (and a reader) can find it.
        if (keyArg && !ts.isStringLiteral(keyArg) && !ts.isConditionalExpression(keyArg)) found.set(`(not a literal) ${keyArg.getText()}`, where(node));
      }
      if (ts.isStringLiteral(node) && keyLike.test(node.text) && (inRefuse || node.text.startsWith('rules.'))) found.set(node.text, where(node));
      ts.forEachChild(node, (child) => literals(child, inRefuse || refuseCall));
    };
    literals(source, false);
  }
  return found;
}

describe('refusal keys', () => {
  const keys = refusalKeys();

  it('are found in the rules', () => {
    expect(keys.size).toBeGreaterThan(60);
  });

  for (const locale of locales) {
    it(`are all in ${locale}`, () => {
      const missing = [...keys].filter(([key]) => !has(catalogues[locale], key)).map(([key, at]) => `${key} (${at})`);
      expect(missing).toEqual([]);
    });

    it(`have words in ${locale} for every code a sentence nests or lists`, () => {
      const wanted: Record<string, readonly string[]> = {
        'rules.where': ['stored', 'with_armorer', 'with_performer'] satisfies Firearm['state'][],
        'rules.action': ['check_out', 'hand_off', 'return', 'check_in'] satisfies CustodyAction[],
        'rules.kind': AMMUNITION_KINDS,
        'rules.roundsOf': AMMUNITION_KINDS,
        'rules.duty': [...ROLES, 'props'],
        'rules.role': ['safety_advisor', 'armorer'],
        'rules.join': ['and', 'comma', 'slash'],
      };
      const missing = Object.entries(wanted).flatMap(([map, list]) => list.filter((code) => !codes(catalogues[locale], map).includes(code)).map((code) => `${map}.${code}`));
      expect(missing).toEqual([]);
    });
  }
});

const hank: Member = { userId: 'hank', roles: ['armorer'], trained: false };
const clay: Member = { userId: 'clay', roles: ['crew'], trained: false };
const stored: Firearm = { id: 'colt-1', state: 'stored', holderId: null, shootDayId: null, lastCustodyChangeAt: '2026-12-02T15:00:00Z', latestInspection: null };
const held: Firearm = { ...stored, state: 'with_armorer', holderId: 'hank', shootDayId: 'd1' };
const stale: Firearm = { ...held, latestInspection: { at: '2026-12-02T15:05:00Z', byUserId: 'hank', load: 'empty', rounds: [], barrelClear: false } };
const day = { id: 'd2', sceneIds: ['s1'], duties: [{ userId: 'hank', duty: 'armorer' }, { userId: 'hank', duty: 'props' }, { userId: 'hank', duty: 'first_ad' }] };
const caller = { userId: 'ana', roles: ['crew'], department: null };

/** A refusal from (nearly) every rule, with lists, nesting and plurals among them. */
function everyRefusal(): Refusal[] {
  const decisions: Decision[] = [
    f1ArmorerOnDuty({ ...day, duties: [] }, new Map()),
    f1ArmorerOnDuty(day, new Map([['hank', hank]])),
    f1DayOpen({ date: '2026-12-01', wrappedAt: '2026-12-01T23:00:00Z' }, '2026-12-02'),
    f1DayOpen({ date: '2026-12-01', wrappedAt: null }, '2026-12-02'),
    f1CheckedOutFor(held, day),
    f2NoOtherDuty(day, 'hank'),
    f4Ammunition('live', undefined),
    f4Ammunition('dummy', undefined),
    f5SafetyMeeting([], 'd2', 's1'),
    f5SafetyMeeting([{ shootDayId: 'd2', sceneIds: ['s1'], heldAt: '', attendeeIds: [], walkthrough: false, abortPlan: '', emergencyPlan: '' }], 'd2', 's1'),
    f6Custody('hand_off', stored, clay),
    f6Custody('hand_off', stored, hank),
    f6Custody('return', held, { ...hank, userId: 'lu' }),
    f6Custody('hand_off', held, hank, clay),
    f7Inspected(held, 'hank', '2026-12-02T15:30:00Z', DEFAULT_ARMORY_SETTINGS),
    f7Inspected(stale, 'hank', '2026-12-02T15:07:00Z', { ...DEFAULT_ARMORY_SETTINGS, inspectionWindowMinutes: 1 }),
    f7Inspected(stale, 'hank', '2026-12-02T15:06:00Z', DEFAULT_ARMORY_SETTINGS),
    f7Confirmed(new Set(), 'clay', ['sam']),
    f7Confirmed(new Set(['clay']), 'clay', ['sam']),
    f7Confirmed(new Set(['sam']), 'clay', ['sam']),
    f10Consultation({ id: 's1', hazards: ['firearms'], aimedAtPerson: true }, false),
    f10Consulted([]).decision,
    f11NoHold({ incidentId: 'i1' }),
    f11Corrected(new Set(), 'ada'),
    f12Trained(clay),
    f12Decision('denied', ''),
    inspectionAllowed(held, clay),
    inspectionAllowed(stored, hank),
    ...roundProblems('empty', [{ lotId: 'l1', count: 2 }], new Map()),
    ...roundProblems('blank', [], new Map()),
    ...roundProblems('blank', [{ lotId: 'l1', count: 2 }], new Map([['l1', { lot: 'D-7', kind: 'dummy' }]])),
    returnFrom(held, 'clay'),
    returnConfirmed(new Set(), 'clay'),
    mayRecordDischarge(clay, 'discharge'),
    mayRecordDischarge(clay, 'misfire'),
    uninspectedCheckIn(held, []),
    uninspectedCheckIn({ ...held, latestInspection: { ...stale.latestInspection!, at: '2026-12-02T16:00:00Z' } }, [{ lotId: 'l1', count: 1 }]),
    ...f9Wrap([held, { ...held, label: 'Colt Single Action Army' }], [
      { lotId: 'l1', label: 'B-45-1', issued: 12, fired: 5, returned: 6 },
      { lotId: 'l2', issued: 12, fired: 2, returned: 5 },
    ]),
    f9WrapOnce('2026-12-02T23:00:00Z'),
    ...liftAllowed({ stopStatus: 'lifted', caller: { userId: 'ana', roles: ['crew'] }, resolution: '' }),
    ...liftConfirmed({ caller: { userId: 'ada', roles: ['safety_advisor'] }, confirmations: [] }),
    ackFromHolder('someone', 'ana'),
    handOffDuringStop(1),
    acknowledgeDecision(DEFAULT_LADDER, { level: 1, status: 'open', implicated: [], reporterId: 'ana' }, { userId: 'ana', roles: [] }),
    acknowledgeDecision(DEFAULT_LADDER, { level: 2, status: 'open', implicated: [], reporterId: 'ana' }, { userId: 'ana', roles: [] }),
    mayResolve('reporter'),
    roleChangeDecision({ caller: { userId: 'ana', roles: ['crew'] }, before: [], after: ['crew'], advisors: ['ada'], proposal: null }),
    mayEditContact('ana', ['crew'], 'bo'),
    removalDecision(['producer'], ['ana'], 'ana'),
    removalDecision(['armorer', 'safety_advisor'], ['pat'], 'ana'),
    mayOpenNotebook(caller, 'bo'),
    ...handoffAllowed({ caller: { userId: 'bo', roles: ['crew'] }, headId: 'bo', toUserId: 'bo', headRemoved: false, reason: undefined, confirmers: [] }),
    ...handoffAllowed({ caller: { userId: 'ana', roles: ['crew'] }, headId: 'bo', toUserId: 'cy', headRemoved: false, reason: undefined, confirmers: [] }),
    ...handoffAllowed({ caller: { userId: 'pat', roles: ['producer'] }, headId: 'bo', toUserId: 'cy', headRemoved: false, reason: undefined, confirmers: [] }),
    mayArchiveTarget(caller, { createdBy: 'bo' }),
  ];
  return refusals(decisions);
}

describe('refusals run through the rules', () => {
  const all = everyRefusal();

  it('cover many rules, each with its key and its English reason from the catalogue', () => {
    expect(all.length).toBeGreaterThan(50);
    const en = translator('en') as unknown as Translate;
    for (const refusal of all) expect(refusalText(en, refusal)).toBe(refusal.reason);
  });

  for (const locale of ['es', 'uk'] as const) {
    it(`read as whole sentences in ${locale}, with no key, placeholder or English left`, () => {
      const t = translator(locale) as unknown as Translate;
      const raw = all
        .map((refusal) => ({ key: refusal.key, said: refusalText(t, refusal), english: refusal.reason }))
        .filter(({ said, english }) => said === english || /\$t\(|\{\{|\b(rules|armory)\.\w/.test(said) || /\b(in storage|rounds|the armorer|first_ad|safety_advisor)\b/.test(said));
      expect(raw).toEqual([]);
    });
  }

  it('keep lists and nested words in the reader’s language', () => {
    const f2 = all.find((r) => r.key === 'rules.f2.otherDuty')!;
    expect(f2.reason).toBe('The armorer also holds props, first_ad today. Give those duties to someone else: the armorer does nothing but the guns.');
    expect(refusalText(translator('es') as unknown as Translate, f2)).toContain('utilería, 1.er asistente de dirección');
    const f6 = all.find((r) => r.key === 'rules.f6.wrongState')!;
    expect(f6.reason).toBe('This firearm is in storage; it cannot be hand off from there.');
    expect(refusalText(translator('es') as unknown as Translate, f6)).toBe('Esta arma está en el almacén; desde ahí no se puede entregar.');
    expect(refusalText(translator('uk') as unknown as Translate, f6)).toBe('Ця зброя зараз у сховищі; звідти її не можна передати.');
    const lot = all.find((r) => r.key === 'rules.f9.missingRounds' && r.values?.count === 5)!;
    expect(refusalText(translator('uk') as unknown as Translate, lot)).toContain('Знайдіть 5 відсутніх набоїв');
    expect(refusalText(translator('es') as unknown as Translate, lot)).toContain('Encuentra los 5 cartuchos que faltan');
  });
});
