// Ledger entries in the words of the set: "Hank Morrow handed the Colt Single
// Action Army (serial SA-1873-0042) to Clay Barrett for scene 27". People by
// name, firearms by make, model and serial, lots by number, scenes by number,
// days by date, times on the production's clock. Entries are read back from a
// log that outlives this app's version: a type it does not know, or a field of
// an unexpected shape, becomes a generic line (its type and key fields), never
// an exception.
//
// Every sentence is one catalogue key with placeholders (ledger.lines.*), so
// Spanish and Ukrainian put the words in their own order. An optional part of
// a sentence (a confirmation, a note) is a whole clause of its own
// (ledger.extra.*), filled in or left empty.
import type { LedgerRecord, Role } from '../api.js';
import { currentLocale, intlLocale, t } from '../i18n.js';
import { allRoles, rolesText } from '../roles.js';
import { timeFormat } from '../time.js';
import { colourWords } from './call-sheet/words.js';

type Entry = LedgerRecord['entry'];
type Data = Record<string, unknown>;

/** A firearm as people on set tell it apart. */
export interface FirearmName {
  make: string;
  model: string;
  serial: string;
}

/** What the production's records call things; undefined for anything they do not hold. */
export interface Names {
  person(userId: string): string | undefined;
  firearm(firearmId: string): FirearmName | undefined;
  /** the lot number printed on the box */
  lot(lotId: string): string | undefined;
  /** the scene number */
  scene(sceneId: string): string | undefined;
  /** the shoot day's date, YYYY-MM-DD */
  day(shootDayId: string): string | undefined;
  location(locationId: string): string | undefined;
}

export interface LineContext {
  names: Names;
  /** the production's IANA zone: every time in a sentence is on the set's clock */
  zone: string;
}

/** The groups a reader filters by. */
export const KINDS = ['custody', 'ammunition', 'stops', 'concerns', 'schedule', 'people', 'admin', 'refusals'] as const;
export type Kind = (typeof KINDS)[number];

/** A kind's name in the reader's language: "Firearm custody". */
export function kindLabel(kind: Kind): string {
  return t(`ledger.kinds.${kind}`);
}

// ---------------------------------------------------------------- reading data safely

interface Formats {
  list: Intl.ListFormat;
  day: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
  /** a measure as recorded, every decimal kept, in the reader's decimal mark */
  exact: Intl.NumberFormat;
}

const formatsByLocale = new Map<string, Formats>();

/** Lists, days and numbers in the reader's language, made once per language: a page formats hundreds of entries. */
function formats(): Formats {
  const locale = intlLocale();
  let found = formatsByLocale.get(locale);
  if (!found) {
    found = {
      list: new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }),
      day: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
      number: new Intl.NumberFormat(locale),
      exact: new Intl.NumberFormat(locale, { maximumFractionDigits: 20, useGrouping: false }),
    };
    formatsByLocale.set(locale, found);
  }
  return found;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const obj = (value: unknown): Data | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined);

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function objects(value: unknown): Data[] | undefined {
  return Array.isArray(value) && value.every((item) => obj(item) !== undefined) ? (value as Data[]) : undefined;
}

/** One of a fixed set of words, or undefined: entries are data, so "constructor" must not reach Object.prototype. */
function oneOf<T extends string>(known: readonly T[], key: unknown): T | undefined {
  return typeof key === 'string' && (known as readonly string[]).includes(key) ? (key as T) : undefined;
}

function sentenceCase(text: string): string {
  return text.charAt(0).toLocaleUpperCase(intlLocale()) + text.slice(1);
}

const joined = (items: string[]) => formats().list.format(items);
const exact = (n: number) => formats().exact.format(n);
/** What a plural key needs: the count that picks the form, and the count as the reader writes numbers. */
const counted = (n: number) => ({ count: n, n: formats().number.format(n) });
/** An optional clause: its words when `when` holds, else nothing. */
const extra = (when: unknown, words: () => string): string => (when ? words() : '');

/** A calendar day "2026-12-02" as the reader writes days ("2 Dec 2026"); it has no time zone to shift. */
export function dayText(value: unknown): string | undefined {
  const day = str(value);
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : formats().day.format(date);
}

const clocks = new Map<string, { time: Intl.DateTimeFormat; dayTime: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

/** Formatters on the production's clock, made once per zone and language: a page formats hundreds of entries. */
function clockOf(zone: string) {
  const key = `${currentLocale()} ${zone}`;
  let found = clocks.get(key);
  if (!found) {
    found = {
      time: timeFormat(zone, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
      dayTime: timeFormat(zone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
      date: timeFormat(zone, { year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    clocks.set(key, found);
  }
  return found;
}

function instant(value: unknown): Date | undefined {
  const text = str(value);
  const at = text ? new Date(text) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/** "22 Nov 2026, 14:00 MST" on the production's clock. */
function when(ctx: LineContext, value: unknown): string | undefined {
  const at = instant(value);
  return at && clockOf(ctx.zone).dayTime.format(at);
}

/** "14:00 MST"; with the date too when it is another day than `sameDayAs`. */
function clock(ctx: LineContext, value: unknown, sameDayAs?: unknown): string | undefined {
  const at = instant(value);
  if (!at) return undefined;
  const { time, date } = clockOf(ctx.zone);
  const other = instant(sameDayAs);
  if (other && date.format(other) !== date.format(at)) return when(ctx, value);
  return time.format(at);
}

// ---------------------------------------------------------------- naming things

const nobody = () => t('ledger.parts.gone');

function person(ctx: LineContext, userId: unknown, fallback?: unknown): string | undefined {
  const id = str(userId);
  return (id && ctx.names.person(id)) ?? str(fallback) ?? (id ? nobody() : undefined);
}

function people(ctx: LineContext, userIds: unknown): string | undefined {
  const ids = strings(userIds);
  if (!ids || ids.length === 0) return undefined;
  return joined(ids.map((id) => ctx.names.person(id) ?? nobody()));
}

/** Who acted, as the subject of a sentence: a member by name, someone not named, or Setbook itself. */
export function actorText(actor: unknown, names: Pick<Names, 'person'>): string {
  const record = obj(actor);
  if (!record) return 'Setbook';
  if (record.anonymous === true) return t('ledger.parts.anonymous');
  const id = str(record.userId);
  if (id) return names.person(id) ?? t('ledger.parts.goneActor');
  return t('ledger.parts.someone');
}

/** A role's name from the app's one list of role words; a role this app does not know stays as recorded. */
function roleText(role: string): string {
  return (allRoles as readonly string[]).includes(role) ? rolesText([role as Role]) : role;
}

function rolesList(value: unknown): string | undefined {
  const roles = strings(value);
  if (!roles || roles.length === 0) return undefined;
  return joined(roles.map(roleText));
}

function firearmName(value: { make?: unknown; model?: unknown; serial?: unknown } | undefined): string | undefined {
  const make = str(value?.make);
  const model = str(value?.model);
  const serial = str(value?.serial);
  if (!serial) return undefined;
  const what = [make, model].filter(Boolean).join(' ');
  return what ? t('ledger.parts.firearmNamed', { what, serial }) : t('ledger.parts.firearmSerial', { serial });
}

function firearm(ctx: LineContext, firearmId: unknown): string {
  const id = str(firearmId);
  return (id && firearmName(ctx.names.firearm(id))) || t('ledger.parts.aFirearm');
}

function lot(ctx: LineContext, lotId: unknown): string {
  const id = str(lotId);
  const found = id && ctx.names.lot(id);
  return found ? t('ledger.parts.lot', { lot: found }) : t('ledger.parts.aLot');
}

function scene(ctx: LineContext, sceneId: unknown): string {
  const id = str(sceneId);
  const found = id && ctx.names.scene(id);
  return found ? t('ledger.parts.scene', { scene: found }) : t('ledger.parts.aScene');
}

function scenes(ctx: LineContext, sceneIds: unknown): string | undefined {
  const ids = strings(sceneIds);
  if (!ids || ids.length === 0) return undefined;
  const numbers = ids.map((id) => ctx.names.scene(id));
  if (numbers.every((n): n is string => n !== undefined)) return t('ledger.parts.scenesNamed', { count: ids.length, scenes: joined(numbers) });
  return t('ledger.parts.sceneCount', counted(ids.length));
}

/** "the shoot day of 2 Dec 2026". */
function shootDay(ctx: LineContext, shootDayId: unknown): string {
  const id = str(shootDayId);
  const date = id ? dayText(ctx.names.day(id)) : undefined;
  return date ? t('ledger.parts.shootDay', { date }) : t('ledger.parts.aShootDay');
}

function placeName(ctx: LineContext, locationId: unknown): string {
  const id = str(locationId);
  return (id && ctx.names.location(id)) || t('ledger.parts.aLocation');
}

/** A light target's sun: "the sun 100° to 125° from north, 5° to 20° high". */
function sunRanges(d: Data): string | undefined {
  const [azFrom, azTo, altFrom, altTo] = [num(d.azimuthFrom), num(d.azimuthTo), num(d.altitudeFrom), num(d.altitudeTo)];
  if (azFrom === undefined || azTo === undefined || altFrom === undefined || altTo === undefined) return undefined;
  const lead = num(d.leadMinutes);
  const sun = { azFrom: exact(azFrom), azTo: exact(azTo), altFrom: exact(altFrom), altTo: exact(altTo) };
  return lead !== undefined ? t('ledger.parts.sunWithLead', { ...sun, ...counted(lead) }) : t('ledger.parts.sun', sun);
}

function locations(ctx: LineContext, locationIds: unknown): string | undefined {
  const ids = strings(locationIds);
  if (!ids || ids.length === 0) return undefined;
  return joined(ids.map((id) => ctx.names.location(id) ?? t('ledger.parts.aLocation')));
}

function rounds(ctx: LineContext, value: unknown): string | undefined {
  const counts = objects(value);
  if (!counts) return undefined;
  const parts = counts.filter((r) => num(r.count) !== undefined).map((r) => t('ledger.parts.roundsFrom', { ...counted(num(r.count)!), lot: lot(ctx, r.lotId) }));
  return parts.length > 0 ? joined(parts) : t('ledger.parts.noRounds');
}

const hazardKeys = ['firearms', 'blanks', 'stunts', 'pyro', 'vehicles', 'animals', 'water', 'heights', 'aerial'] as const;

/** A hazard's name, or undefined for one this app does not know. */
function hazardWord(hazard: unknown): string | undefined {
  const known = oneOf(hazardKeys, hazard);
  return known && t(`ledger.hazards.${known}`);
}

function hazards(value: unknown): string | undefined {
  const list = strings(value);
  if (!list) return undefined;
  return list.length === 0 ? t('ledger.parts.noHazards') : joined(list.map((h) => hazardWord(h) ?? h));
}

const firearmKinds = ['blank_firing', 'non_firing_replica', 'rubber', 'airsoft', 'disabled'] as const;

/** Who a proposal waits for; the log writes "safety_advisor or producer" when either will do. */
function waitingFor(value: unknown): string | undefined {
  if (value === 'producer') return t('ledger.parts.theProducer');
  if (value === 'safety_advisor') return t('ledger.parts.theSafetyAdvisor');
  if (value === 'safety_advisor or producer') return t('ledger.parts.advisorOrProducer');
  return undefined;
}

/** A concern is never named, so its entries are tied together by the start of its id. */
function concernRef(data: Data): string {
  const id = str(data.concernId);
  return id ? t('ledger.parts.concernRef', { ref: id.slice(0, 6) }) : t('ledger.parts.aConcern');
}

const level = (value: unknown) => (num(value) === undefined ? undefined : t('ledger.parts.level', { level: num(value)! + 1 }));

function refusalText(value: unknown): string | undefined {
  const list = objects(value);
  if (!list) return undefined;
  const reasons = list.map((r) => [str(r.rule), str(r.reason)].filter(Boolean).join(': ')).filter((r) => r !== '');
  return reasons.length > 0 ? reasons.join(' ') : undefined;
}

/** "Rosa Vance tried to lift the stop. Refused: S1: Only the safety advisor ..." */
function refused(actor: string, tried: string | undefined, data: Data, ctx: LineContext): string | undefined {
  if (!tried) return undefined;
  const confirmed = people(ctx, data.confirmedBy);
  const why = refusalText(data.refusals ?? data.violations);
  const values = { actor, tried, confirmed, why };
  if (confirmed) return why ? t('ledger.lines.refusedConfirmedWhy', values) : t('ledger.lines.refusedConfirmed', values);
  return why ? t('ledger.lines.refusedWhy', values) : t('ledger.lines.refused', values);
}

// ---------------------------------------------------------------- the sentences

type Say = (data: Data, ctx: LineContext, actor: string, entry: Entry) => string | undefined;
interface Line {
  kind: Kind;
  say: Say;
}

/** A command that can be refused: what it did when done, and what was tried when it was refused. */
interface Step {
  kind: Kind;
  /** the command's own entry, when it has one of the command's name */
  done?: Say;
  tried: (data: Data, ctx: LineContext) => string | undefined;
}

/** ", confirmed in person by Clay Barrett and Sam Whitlock", when anyone confirmed. */
const confirmedBy = (names: string | undefined) => extra(names, () => t('ledger.extra.confirmedBy', { people: names }));
/** " in scene 27", when the entry names a scene. */
const inScene = (ctx: LineContext, sceneId: unknown) => extra(sceneId, () => t('ledger.extra.inScene', { scene: scene(ctx, sceneId) }));
/** " — “the words”", for a note typed on set. */
const noted = (note: string | undefined) => extra(note, () => t('ledger.extra.note', { note }));
/** ": the detail", after what was done. */
const detail = (text: string | undefined) => extra(text, () => t('ledger.extra.detail', { detail: text }));
/** " (the text)". */
const aside = (text: string | undefined) => extra(text, () => t('ledger.extra.aside', { text }));

const loads = ['empty', 'dummy', 'blank'] as const;

/** "blank" or ".45 Colt blank": a box of rounds by its caliber and kind, agreeing with their number where a language needs it. */
function roundsWhat(caliber: string | undefined, kind: string, count: number): string {
  const known = oneOf(['blank', 'dummy'] as const, kind);
  const kindWords = known ? t(`ledger.parts.ammoKind.${known}`, { count }) : kind;
  return caliber ? t('ledger.parts.ammoWithCaliber', { caliber, kind: kindWords }) : kindWords;
}

const custody: Record<string, Step> = {
  'firearm.check_out': {
    kind: 'custody',
    done: (d, ctx, a) => t('ledger.lines.checkedOut', { actor: a, firearm: firearm(ctx, d.firearmId), day: shootDay(ctx, d.shootDayId) }),
    tried: (d, ctx) => t('ledger.tried.checkOut', { firearm: firearm(ctx, d.firearmId), day: shootDay(ctx, d.shootDayId) }),
  },
  'firearm.inspect': {
    kind: 'custody',
    done: (d, ctx, a) => {
      const load = oneOf(loads, d.load);
      if (!load || typeof d.barrelClear !== 'boolean') return undefined;
      const count = load === 'empty' ? undefined : rounds(ctx, d.rounds);
      const values = {
        actor: a,
        firearm: firearm(ctx, d.firearmId),
        load: t(`ledger.parts.load.${load}`),
        rounds: count,
        barrel: d.barrelClear ? t('ledger.parts.barrelClear') : t('ledger.parts.barrelNotClear'),
      };
      return count ? t('ledger.lines.inspectedWithRounds', values) : t('ledger.lines.inspected', values);
    },
    tried: (d, ctx) => t('ledger.tried.inspect', { firearm: firearm(ctx, d.firearmId) }),
  },
  'firearm.hand_off': {
    kind: 'custody',
    done: (d, ctx, a) => {
      const to = person(ctx, d.toUserId);
      if (!to) return undefined;
      return t('ledger.lines.handedOver', {
        actor: a,
        firearm: firearm(ctx, d.firearmId),
        to,
        scene: scene(ctx, d.sceneId),
        day: shootDay(ctx, d.shootDayId),
        confirmed: confirmedBy(people(ctx, d.confirmations)),
      });
    },
    tried: (d, ctx) => {
      const to = person(ctx, d.toUserId);
      return to && t('ledger.tried.handOver', { firearm: firearm(ctx, d.firearmId), to, scene: scene(ctx, d.sceneId) });
    },
  },
  'firearm.return': {
    kind: 'custody',
    done: (d, ctx, a) => {
      const from = person(ctx, d.fromUserId);
      if (!from) return undefined;
      return t('ledger.lines.tookBack', { actor: a, firearm: firearm(ctx, d.firearmId), from, confirmed: confirmedBy(people(ctx, d.confirmations)) });
    },
    tried: (d, ctx) => {
      const from = person(ctx, d.fromUserId);
      return from && t('ledger.tried.takeBack', { firearm: firearm(ctx, d.firearmId), from });
    },
  },
  'firearm.discharge': {
    kind: 'custody',
    done: (d, ctx, a) => {
      if (typeof d.intended !== 'boolean') return undefined;
      const values = { actor: a, firearm: firearm(ctx, d.firearmId), scene: inScene(ctx, d.sceneId), rounds: detail(rounds(ctx, d.rounds)), note: noted(str(d.note)) };
      return d.intended ? t('ledger.lines.dischargeIntended', values) : t('ledger.lines.dischargeUnintended', values);
    },
    tried: (d, ctx) => t('ledger.tried.discharge', { firearm: firearm(ctx, d.firearmId), scene: inScene(ctx, d.sceneId) }),
  },
  'firearm.misfire': {
    kind: 'custody',
    done: (d, ctx, a) => t('ledger.lines.misfire', { actor: a, firearm: firearm(ctx, d.firearmId), scene: inScene(ctx, d.sceneId), note: noted(str(d.note)) }),
    tried: (d, ctx) => t('ledger.tried.misfire', { firearm: firearm(ctx, d.firearmId), scene: inScene(ctx, d.sceneId) }),
  },
  'firearm.check_in': {
    kind: 'custody',
    done: (d, ctx, a) => t('ledger.lines.checkedIn', { actor: a, firearm: firearm(ctx, d.firearmId) }),
    tried: (d, ctx) => t('ledger.tried.checkIn', { firearm: firearm(ctx, d.firearmId) }),
  },
};

const steps: Record<string, Step> = {
  ...custody,
  'member.add': {
    kind: 'people',
    tried: (d) => {
      const email = str(d.email);
      const roles = rolesList(d.roles);
      if (!email) return undefined;
      return roles ? t('ledger.tried.addMemberAs', { email, roles }) : t('ledger.tried.addMember', { email });
    },
  },
  'member.update': {
    kind: 'people',
    tried: (d, ctx) => {
      const who = person(ctx, d.userId);
      return who && t('ledger.tried.updateMember', { who, roles: rolesList(d.roles) ?? t('ledger.parts.memberWithNoRole') });
    },
  },
  'member.contact': {
    kind: 'people',
    tried: (d, ctx) => {
      const who = person(ctx, d.userId);
      return who && t('ledger.tried.changeContact', { who });
    },
  },
  'member.remove': {
    kind: 'people',
    tried: (d, ctx) => {
      const who = person(ctx, d.userId);
      return who && t('ledger.tried.removeMember', { who });
    },
  },
  'consultation.record': {
    kind: 'schedule',
    tried: (d, ctx) => t('ledger.tried.recordPlan', { scene: scene(ctx, d.sceneId) }),
  },
  'lightTarget.archive': {
    kind: 'schedule',
    tried: (d, ctx) => {
      const name = str(d.name);
      return name && t('ledger.tried.archiveLight', { name, place: placeName(ctx, d.locationId) });
    },
  },
  'ammunition.add': {
    kind: 'ammunition',
    tried: (d) => {
      const lotNumber = str(d.lot);
      const quantity = num(d.quantity);
      const kind = str(d.kind);
      if (!lotNumber || quantity === undefined || !kind) return undefined;
      return t('ledger.tried.addLot', { lot: lotNumber, ...counted(quantity), what: roundsWhat(str(d.caliber), kind, quantity) });
    },
  },
  'incident.correctiveAction': {
    kind: 'custody',
    done: (d, _ctx, a) => {
      const action = str(d.action);
      return action && t('ledger.lines.correctiveAction', { actor: a, action });
    },
    tried: () => t('ledger.tried.correctiveAction'),
  },
  'armorerRequest.decide': {
    kind: 'people',
    tried: (d) => (d.decision === 'granted' ? t('ledger.tried.grantRequest') : d.decision === 'denied' ? t('ledger.tried.denyRequest') : undefined),
  },
  'stop.acknowledge': {
    kind: 'stops',
    tried: (d) => {
      const device = str(d.deviceId);
      return device && t('ledger.tried.acknowledgeStop', { device: device.slice(0, 6) });
    },
  },
  'stop.lift': { kind: 'stops', tried: () => t('ledger.tried.liftStop') },
  'notebook.create': {
    kind: 'admin',
    tried: (d, ctx) => {
      const department = str(d.department);
      const head = person(ctx, d.headId);
      return department && head && t('ledger.tried.openNotebook', { department, head });
    },
  },
  'notebook.handOff': {
    kind: 'people',
    tried: (d, ctx) => {
      const to = person(ctx, d.toUserId);
      return to && t('ledger.tried.handNotebook', { to });
    },
  },
  'concern.acknowledge': { kind: 'concerns', tried: (d) => t('ledger.tried.acknowledgeConcern', { concern: concernRef(d) }) },
  'concern.resolve': { kind: 'concerns', tried: (d) => t('ledger.tried.resolveConcern', { concern: concernRef(d) }) },
  // A refused wrap is recorded as `wrap.refused`, the name a wrap had before every command could be refused.
  wrap: { kind: 'custody', tried: (d, ctx) => t('ledger.tried.wrap', { day: shootDay(ctx, d.shootDayId) }) },
};

function restTerms(value: unknown): string | undefined {
  const agreement = obj(value);
  const turnaround = obj(agreement?.turnaroundHours);
  const weekend = obj(agreement?.weekendRestHours);
  const crew = num(turnaround?.crew);
  const performer = num(turnaround?.performer);
  const weekly = num(agreement?.weeklyHours);
  const five = num(weekend?.afterFiveDays);
  const six = num(weekend?.afterSixDays);
  if ([crew, performer, weekly, five, six].some((n) => n === undefined)) return undefined;
  return t('ledger.parts.restTerms', { crew: exact(crew!), performer: exact(performer!), weekly: exact(weekly!), five: exact(five!), six: exact(six!) });
}

function ladderText(value: unknown): string | undefined {
  const levels = objects(value);
  if (!levels) return undefined;
  if (levels.length === 0) return t('ledger.parts.noLevels');
  return levels
    .map((l, i) => {
      const emails = strings(l.emails) ?? [];
      const roles = rolesList(l.roles);
      const addresses = emails.length > 0 ? t('ledger.parts.emailAddresses', counted(emails.length)) : undefined;
      const who = roles && addresses ? t('ledger.parts.both', { first: roles, second: addresses }) : (roles ?? addresses ?? t('ledger.parts.nobody'));
      return t('ledger.parts.ladderLevel', { level: i + 1, who });
    })
    .join('; ');
}

/** The other of the two who must agree on a production setting (SAFETY_RULES.md). */
function otherSigner(roles: unknown): string {
  return strings(roles)?.includes('safety_advisor') ? t('ledger.parts.theProducer') : t('ledger.parts.theSafetyAdvisor');
}

/** A field's new value in words: "time of day Dusk", or the field with a word for no value. */
const field = (name: string, value: string) => t(`ledger.fields.${name}`, { value });

const sceneFields: Record<string, (scene: Data, ctx: LineContext) => string | undefined> = {
  number: (s) => str(s.number) && field('number', String(s.number)),
  description: (s) => str(s.description) && field('description', String(s.description)),
  hazards: (s) => field('hazards', hazards(s.hazards) ?? t('ledger.parts.changed')),
  aimedAtPerson: (s) => (s.aimedAtPerson === true ? t('ledger.parts.nowAimed') : t('ledger.parts.notAimed')),
  intExt: (s) => str(s.intExt) ?? t('ledger.parts.noIntExt'),
  timeOfDay: (s) => field('timeOfDay', str(s.timeOfDay) ?? t('ledger.parts.unset')),
  locationId: (s, ctx) => field('location', str(s.locationId) ? (ctx.names.location(s.locationId as string) ?? t('ledger.parts.changed')) : t('ledger.parts.none')),
  eighths: (s) => (num(s.eighths) === undefined ? t('ledger.parts.lengthUnset') : t('ledger.parts.length', { eighths: s.eighths })),
  castIds: (s, ctx) => field('cast', people(ctx, s.castIds) ?? t('ledger.parts.none')),
};

const dayFields: Record<string, (day: Data, ctx: LineContext) => string | undefined> = {
  date: (d) => dayText(d.date) && field('date', dayText(d.date)!),
  sceneIds: (d, ctx) => scenes(ctx, d.sceneIds) ?? t('ledger.parts.noScenes'),
  locationIds: (d, ctx) => field('locations', locations(ctx, d.locationIds) ?? t('ledger.parts.none')),
  location: (d) => field('location', str(d.location) ?? t('ledger.parts.none')),
  generalCall: (d) => field('generalCall', str(d.generalCall) ?? t('ledger.parts.unset')),
  shootingCall: (d) => field('shootingCall', str(d.shootingCall) ?? t('ledger.parts.unset')),
  notes: () => t('ledger.parts.notes'),
};

const locationFields: Record<string, (l: Data) => string | undefined> = {
  name: (l) => str(l.name) && field('name', String(l.name)),
  address: (l) => field('address', str(l.address) ?? t('ledger.parts.none')),
  latitude: () => t('ledger.parts.position'),
  longitude: () => t('ledger.parts.position'),
  elevationM: () => t('ledger.parts.elevation'),
  timezone: (l) => str(l.timezone) && field('timezone', String(l.timezone).replaceAll('_', ' ')),
  hospital: (l) => field('hospital', str(obj(l.hospital)?.name) ?? t('ledger.parts.none')),
  parking: (l) => field('parking', str(l.parking) ? t('ledger.parts.quoted', { text: l.parking }) : t('ledger.parts.none')),
  notes: () => t('ledger.parts.notes'),
};

/** The changed fields in words, each with its new value where one is short enough to read. */
function changes(changed: unknown, fields: Record<string, (data: Data, ctx: LineContext) => string | undefined>, data: Data, ctx: LineContext): string | undefined {
  const keys = strings(changed);
  if (!keys) return undefined;
  const words = [...new Set(keys.map((key) => (Object.hasOwn(fields, key) ? fields[key]!(data, ctx) : undefined) ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()))];
  return words.length > 0 ? words.join('; ') : t('ledger.parts.nothing');
}

/** ", unconfirmed: the production has no safety advisor yet to confirm", for roles given before there was one. */
const unconfirmed = (d: Data) => extra(d.unconfirmed === true, () => t('ledger.extra.unconfirmed'));

const lines: Record<string, Line> = {
  'production.created': {
    kind: 'admin',
    say: (d, _ctx, a) => {
      const name = str(d.name);
      const zone = str(d.timezone);
      if (!name) return undefined;
      return zone ? t('ledger.lines.productionCreatedIn', { actor: a, name, zone: zone.replaceAll('_', ' ') }) : t('ledger.lines.productionCreated', { actor: a, name });
    },
  },
  'member.added': {
    kind: 'people',
    say: (d, ctx, a, e) => {
      const who = person(ctx, d.userId, d.name);
      if (!who) return undefined;
      const roles = rolesList(d.roles);
      const department = str(d.department);
      const values = {
        actor: a,
        who,
        as: extra(roles, () => t('ledger.extra.asRoles', { roles })),
        department: aside(department),
        unconfirmed: unconfirmed(d),
      };
      return obj(e.actor)?.userId === d.userId ? t('ledger.lines.memberJoined', values) : t('ledger.lines.memberAdded', values);
    },
  },
  'member.rolesProposed': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      const waiting = waitingFor(d.waitingFor);
      if (!who || !waiting) return undefined;
      return t('ledger.lines.rolesProposed', {
        actor: a,
        who,
        roles: rolesList(d.roles) ?? t('ledger.parts.memberWithNoRole'),
        previous: rolesList(d.previousRoles) ?? t('ledger.parts.noRole'),
        waiting,
      });
    },
  },
  'member.updated': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      const now = strings(d.roles);
      if (!who || !now) return undefined;
      const roles = rolesList(now);
      const before = rolesList(d.previousRoles);
      const department = str(d.department);
      const values = {
        actor: a,
        who,
        roles,
        was: extra(before, () => t('ledger.extra.was', { roles: before })),
        department: extra(department, () => t('ledger.extra.list', { text: department })),
        agreed: extra(d.proposedBy && d.confirmedBy, () =>
          t('ledger.extra.agreed', { proposer: person(ctx, d.proposedBy) ?? nobody(), confirmer: person(ctx, d.confirmedBy) ?? nobody() }),
        ),
        unconfirmed: unconfirmed(d),
      };
      if (!roles) return t('ledger.lines.rolesTaken', values);
      if (roles === before) return t('ledger.lines.memberUpdated', values);
      return t('ledger.lines.rolesMade', values);
    },
  },
  'invitation.accepted': {
    kind: 'people',
    say: (d, ctx) => {
      const who = person(ctx, d.userId, d.name);
      return who && t('ledger.lines.invitationAccepted', { who });
    },
  },
  'invitation.resent': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      const until = when(ctx, d.expiresAt);
      return who && t('ledger.lines.invitationResent', { actor: a, who, until: extra(until, () => t('ledger.extra.validUntil', { until })) });
    },
  },
  'member.contactChanged': {
    kind: 'people',
    say: (d, ctx, a, e) => {
      const who = person(ctx, d.userId);
      const changed = strings(d.changed);
      if (!who || !changed) return undefined;
      const what =
        changed.length > 0
          ? joined(changed.map((c) => (c === 'phone' ? t('ledger.parts.phone') : c === 'emergency_contact' ? t('ledger.parts.emergencyContact') : c)))
          : t('ledger.parts.contactDetails');
      return obj(e.actor)?.userId === d.userId ? t('ledger.lines.ownContactChanged', { actor: a, what }) : t('ledger.lines.contactChanged', { actor: a, what, who });
    },
  },
  'member.removed': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      return who && t('ledger.lines.memberRemoved', { actor: a, who, roles: aside(rolesList(d.previousRoles)) });
    },
  },
  'pin.set': {
    kind: 'people',
    say: (d, ctx, a, e) => {
      const who = person(ctx, d.userId);
      if (!who) return undefined;
      return obj(e.actor)?.userId === d.userId || !obj(e.actor) ? t('ledger.lines.ownPinSet', { who }) : t('ledger.lines.pinSet', { actor: a, who });
    },
  },
  'training.recorded': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      if (!who || d.course !== 'firearms_safety') return undefined;
      const completed = dayText(d.completedOn);
      return t('ledger.lines.trainingRecorded', { actor: a, who, completed: extra(completed, () => t('ledger.extra.completed', { date: completed })) });
    },
  },
  'armorerRequest.made': {
    kind: 'people',
    say: (d, _ctx, a) => {
      const description = detail(str(d.description));
      if (d.kind === 'training') return t('ledger.lines.askedForTraining', { actor: a, description });
      if (d.kind === 'time') return t('ledger.lines.askedForTime', { actor: a, description });
      return undefined;
    },
  },
  'armorerRequest.decided': {
    kind: 'people',
    say: (d, _ctx, a) => {
      const reason = detail(str(d.reason));
      if (d.decision === 'granted') return t('ledger.lines.requestGranted', { actor: a, reason });
      if (d.decision === 'denied') return t('ledger.lines.requestDenied', { actor: a, reason });
      return undefined;
    },
  },

  'scene.created': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const sceneNumber = str(d.number);
      if (!sceneNumber) return undefined;
      const description = str(d.description);
      const risks = hazards(d.hazards);
      const place = str(d.locationId) ? ctx.names.location(d.locationId as string) : undefined;
      return t('ledger.lines.sceneCreated', {
        actor: a,
        scene: sceneNumber,
        description: extra(description, () => t('ledger.extra.description', { description })),
        place: extra(place, () => t('ledger.extra.at', { place })),
        hazards: extra(risks, () => t('ledger.extra.hazards', { hazards: risks })),
        aimed: extra(d.aimedAtPerson === true, () => t('ledger.extra.aimed')),
      });
    },
  },
  'scene.updated': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const after = obj(d.scene);
      const sceneNumber = str(after?.number);
      const what = after && changes(d.changed, sceneFields, after, ctx);
      if (!sceneNumber || !what) return undefined;
      const stale = strings(d.staleBecause) ?? [];
      return t('ledger.lines.sceneUpdated', { actor: a, scene: sceneNumber, what, stale: extra(stale.length > 0, () => t('ledger.extra.stale', { reasons: stale.join('; ') })) });
    },
  },
  'riskAssessment.recorded': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const controls = objects(d.controls);
      if (!controls) return undefined;
      const measures = controls.map((c) => t('ledger.parts.control', { hazard: hazardWord(c.hazard) ?? str(c.hazard) ?? t('ledger.parts.hazard'), control: str(c.control) ?? '?' }));
      return measures.length > 0
        ? t('ledger.lines.risksAssessed', { actor: a, scene: scene(ctx, d.sceneId), measures: measures.join('; ') })
        : t('ledger.lines.risksAssessedNoControls', { actor: a, scene: scene(ctx, d.sceneId), hazards: hazards(d.hazards) ?? t('ledger.parts.noHazards') });
    },
  },
  'shootDay.created': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const date = dayText(d.date);
      if (!date) return undefined;
      const place = str(d.location) ?? locations(ctx, d.locationIds);
      return t('ledger.lines.dayScheduled', { actor: a, date, place: extra(place, () => t('ledger.extra.at', { place })), scenes: detail(scenes(ctx, d.sceneIds)) });
    },
  },
  'shootDay.updated': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const day = obj(d.shootDay);
      const date = dayText(day?.date);
      const what = day && changes(d.changed, dayFields, day, ctx);
      return date && what && t('ledger.lines.dayUpdated', { actor: a, date, what });
    },
  },
  'location.created': {
    kind: 'schedule',
    say: (d, _ctx, a) => {
      const name = str(d.name);
      if (!name) return undefined;
      const address = str(d.address);
      const hospital = obj(d.hospital);
      const hospitalName = str(hospital?.name);
      const minutes = num(hospital?.driveMinutes);
      const care = !hospitalName
        ? ''
        : minutes !== undefined
          ? t('ledger.extra.hospitalAway', { hospital: hospitalName, ...counted(minutes) })
          : t('ledger.extra.hospital', { hospital: hospitalName });
      return t('ledger.lines.locationAdded', { actor: a, name, address: extra(address, () => t('ledger.extra.list', { text: address })), hospital: care });
    },
  },
  'location.updated': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const name = str(d.name);
      const what = changes(d.changed, locationFields, d, ctx);
      return name && what && t('ledger.lines.locationUpdated', { actor: a, name, what });
    },
  },
  'lightTarget.created': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const name = str(d.name);
      const sun = sunRanges(d);
      return name && sun && t('ledger.lines.lightNamed', { actor: a, name, place: placeName(ctx, d.locationId), sun });
    },
  },
  'lightTarget.archived': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const name = str(d.name);
      return name && t('ledger.lines.lightArchived', { actor: a, name, place: placeName(ctx, d.locationId) });
    },
  },
  'times.set': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const times = objects(d.times);
      const alerts = objects(d.alerts);
      if (!times || !alerts) return undefined;
      const shown = times
        .slice(0, 4)
        .map((time) => t('ledger.parts.callAndWrap', { who: person(ctx, time.userId) ?? nobody(), call: clock(ctx, time.call) ?? '?', wrap: clock(ctx, time.wrap, time.call) ?? '?' }));
      const more = extra(times.length > shown.length, () => t('ledger.extra.others', counted(times.length - shown.length)));
      const restKinds = ['turnaround', 'weekly_hours', 'weekend_rest'] as const;
      const warnings = alerts.map((w) => {
        const kind = oneOf(restKinds, w.kind);
        return t('ledger.parts.restWarning', { who: person(ctx, w.userId) ?? nobody(), kind: kind ? t(`ledger.parts.rest.${kind}`) : t('ledger.parts.rest.other') });
      });
      const values = {
        actor: a,
        day: shootDay(ctx, d.shootDayId),
        times: shown.join('; '),
        more,
        warnings: extra(warnings.length > 0, () => t('ledger.extra.restWarnings', { warnings: warnings.join('; ') })),
      };
      return shown.length > 0 ? t('ledger.lines.timesSet', values) : t('ledger.lines.timesSetNobody', values);
    },
  },
  'duties.set': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const duties = objects(d.duties);
      const alerts = strings(d.alerts);
      if (!duties || !alerts) return undefined;
      const byPerson = new Map<string, string[]>();
      for (const duty of duties) {
        const id = str(duty.userId) ?? '';
        const what = duty.duty === 'props' ? t('ledger.parts.props') : roleText(String(duty.duty));
        byPerson.set(id, [...(byPerson.get(id) ?? []), what]);
      }
      const roster = [...byPerson].map(([id, what]) => t('ledger.parts.duty', { who: ctx.names.person(id) ?? nobody(), duties: joined(what) }));
      const flagged = alerts.map((rule) => (rule === 'F2' ? t('ledger.parts.alertF2') : rule === 'F3' ? t('ledger.parts.alertF3') : rule));
      return t('ledger.lines.rosterSet', {
        actor: a,
        day: shootDay(ctx, d.shootDayId),
        roster: roster.length > 0 ? roster.join('; ') : t('ledger.parts.nobody'),
        alerts: extra(flagged.length > 0, () => t('ledger.extra.alerts', { alerts: flagged.join('; ') })),
      });
    },
  },
  'safetyMeeting.recorded': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const held = when(ctx, d.heldAt);
      const attendees = strings(d.attendeeIds);
      if (!held || !attendees) return undefined;
      return t('ledger.lines.meetingRecorded', {
        actor: a,
        held,
        scenes: scenes(ctx, d.sceneIds) ?? t('ledger.parts.theDay'),
        day: shootDay(ctx, d.shootDayId),
        attendees: people(ctx, attendees) ?? t('ledger.parts.nobody'),
        walkthrough: d.walkthrough === true ? t('ledger.parts.walkthrough') : t('ledger.parts.noWalkthrough'),
      });
    },
  },
  'consultation.recorded': {
    kind: 'schedule',
    say: (d, ctx) => {
      const armorer = person(ctx, d.armorerId);
      const advisor = person(ctx, d.advisorId);
      const plan = str(d.plan);
      if (!armorer || !advisor || !plan) return undefined;
      return t('ledger.lines.planAgreed', { armorer: sentenceCase(armorer), advisor, scene: scene(ctx, d.sceneId), plan });
    },
  },
  'restAgreement.proposed': {
    kind: 'admin',
    say: (d, _ctx, a) => {
      const terms = restTerms(d.agreement);
      return terms && t('ledger.lines.restProposed', { actor: a, terms, other: otherSigner(d.roles) });
    },
  },
  'restAgreement.changed': {
    kind: 'admin',
    say: (d, ctx, a) => {
      const terms = restTerms(d.agreement);
      const proposer = person(ctx, d.proposedBy);
      return terms && proposer && t('ledger.lines.restConfirmed', { actor: a, proposer, terms });
    },
  },

  'firearm.added': {
    kind: 'custody',
    say: (d, _ctx, a) => {
      const name = firearmName(d);
      const kind = oneOf(firearmKinds, d.kind);
      if (!name) return undefined;
      return kind ? t('ledger.lines.firearmAddedKind', { actor: a, firearm: name, kind: t(`ledger.parts.firearmKind.${kind}`) }) : t('ledger.lines.firearmAdded', { actor: a, firearm: name });
    },
  },
  'ammunition.added': {
    kind: 'ammunition',
    say: (d, ctx, a) => {
      const lotNumber = str(d.lot);
      const quantity = num(d.quantity);
      const kind = oneOf(['blank', 'dummy'] as const, d.kind);
      if (!lotNumber || quantity === undefined || !kind) return undefined;
      const load = str(d.load);
      const check = obj(d.verification);
      const method = str(check?.method);
      return t('ledger.lines.lotAdded', {
        actor: a,
        lot: lotNumber,
        ...counted(quantity),
        what: roundsWhat(str(d.caliber), kind, quantity),
        load: extra(load, () => t('ledger.extra.load', { load })),
        verified: extra(method, () => t('ledger.extra.verified', { method, who: person(ctx, check!.byUserId) ?? nobody() })),
      });
    },
  },
  'wrap.done': {
    kind: 'custody',
    say: (d, ctx, a) => {
      const lots = objects(d.lots);
      if (!lots) return undefined;
      const counts = lots.map((l) => t('ledger.parts.lotCounts', { lot: lot(ctx, l.lotId), issued: num(l.issued) ?? 0, fired: num(l.fired) ?? 0, returned: num(l.returned) ?? 0 }));
      return t('ledger.lines.wrapped', { actor: a, day: shootDay(ctx, d.shootDayId), lots: aside(counts.length > 0 ? counts.join('; ') : undefined) });
    },
  },
  'alert.raised': {
    kind: 'custody',
    say: (d, ctx, a) => {
      const message = str(d.message);
      if (!message) return undefined;
      const told = rolesList(d.notify);
      const rule = str(d.rule);
      const values = {
        actor: a,
        rule,
        firearm: firearm(ctx, d.firearmId),
        holder: extra(str(d.holderId), () => t('ledger.extra.heldBy', { who: person(ctx, d.holderId) })),
        message,
        told: extra(told, () => t('ledger.extra.told', { roles: told })),
      };
      return rule ? t('ledger.lines.alertRaisedRule', values) : t('ledger.lines.alertRaised', values);
    },
  },
  'incident.opened': {
    kind: 'custody',
    say: (d, ctx, a) => {
      const kind = oneOf(['unintended_discharge', 'misfire', 'live_round'] as const, d.kind);
      if (!kind) return undefined;
      const told =
        d.escalation === 'external_contacts'
          ? t('ledger.parts.straightToExternal')
          : t('ledger.parts.reportedTo', { who: rolesList(strings(d.notify)?.filter((r) => r !== 'external_contacts')) ?? t('ledger.parts.theProduction') });
      return t('ledger.lines.incidentOpened', {
        actor: a,
        what: t(`ledger.parts.incident.${kind}`),
        of: extra(str(d.firearmId), () => t('ledger.extra.ofFirearm', { firearm: firearm(ctx, d.firearmId) })),
        told,
      });
    },
  },
  'incident.closed': {
    kind: 'custody',
    say: (_d, _ctx, a) => t('ledger.lines.incidentClosed', { actor: a }),
  },

  'stop.raised': {
    kind: 'stops',
    say: (d, ctx, a, e) => {
      const pressed = instant(d.pressedAt);
      const recorded = instant(e.at);
      // A stop pressed with no connection is recorded when the device gets through: both times matter.
      const late = pressed && recorded && Math.abs(recorded.getTime() - pressed.getTime()) >= 1000;
      return t('ledger.lines.stopRaised', {
        actor: a,
        reason: detail(str(d.reason)),
        place: aside(str(d.location)),
        late: extra(late, () => t('ledger.extra.pressedAt', { time: clock(ctx, d.pressedAt, e.at) })),
      });
    },
  },
  'stop.acknowledged': {
    kind: 'stops',
    say: (d, _ctx, a) => {
      const device = str(d.deviceId);
      return device && t('ledger.lines.stopAcknowledged', { actor: a, device: device.slice(0, 6) });
    },
  },
  'stop.lifted': {
    kind: 'stops',
    say: (d, ctx, a) => {
      const resolution = str(d.resolution);
      const second = person(ctx, d.secondedBy);
      return resolution && second && t('ledger.lines.stopLifted', { actor: a, second, resolution });
    },
  },

  'concern.reported': {
    kind: 'concerns',
    say: (d, ctx) => {
      const severity = str(d.severity);
      const source = oneOf(['member', 'public', 'automatic'] as const, d.source);
      if (!severity || !source) return undefined;
      const known = oneOf(['critical', 'high', 'medium', 'low'] as const, severity);
      const by = clock(ctx, d.ackDeadline);
      return t('ledger.lines.concernReported', {
        severity: known ? t(`ledger.parts.severity.${known}`) : t('ledger.parts.severity.other', { severity }),
        ref: (str(d.concernId) ?? '').slice(0, 6),
        source: t(`ledger.parts.source.${source}`),
        level: level(d.level) ?? t('ledger.parts.firstLevel'),
        by: extra(by, () => t('ledger.extra.ackBy', { time: by })),
      });
    },
  },
  'concern.escalated': {
    kind: 'concerns',
    say: (d, ctx) => {
      const from = level(d.fromLevel);
      const to = level(d.toLevel);
      if (!from || !to) return undefined;
      const missed = clock(ctx, d.missedDeadline);
      const outside = num(d.externalContacts) ?? 0;
      const roles = rolesList(d.roles);
      const emailed = outside > 0 ? t('ledger.parts.outside', counted(outside)) : undefined;
      const who = roles && emailed ? t('ledger.parts.both', { first: roles, second: emailed }) : (roles ?? emailed);
      const values = { concern: sentenceCase(concernRef(d)), time: missed, from, to, who: detail(who) };
      return missed ? t('ledger.lines.concernEscalatedBy', values) : t('ledger.lines.concernEscalated', values);
    },
  },
  'concern.acknowledged': {
    kind: 'concerns',
    say: (d, _ctx, a) => t('ledger.lines.concernAcknowledged', { actor: a, concern: concernRef(d), level: extra(level(d.level), () => t('ledger.extra.atLevel', { level: level(d.level) })) }),
  },
  'concern.message': {
    kind: 'concerns',
    say: (d, _ctx, a) => {
      if (d.from === 'reporter') return t('ledger.lines.reporterWrote', { concern: concernRef(d) });
      if (d.from === 'handler') return t('ledger.lines.handlerWrote', { actor: a, concern: concernRef(d) });
      return undefined;
    },
  },
  'concern.resolved': {
    kind: 'concerns',
    say: (d, _ctx, a) => t('ledger.lines.concernResolved', { actor: a, concern: concernRef(d), level: extra(level(d.level), () => t('ledger.extra.atLevel', { level: level(d.level) })) }),
  },
  'notebook.created': {
    kind: 'admin',
    say: (d, ctx, a) => {
      const department = str(d.department);
      const head = person(ctx, d.headId);
      return department && head && t('ledger.lines.notebookOpened', { actor: a, department, head });
    },
  },
  'notebook.membersSet': {
    kind: 'admin',
    say: (d, ctx, a) => {
      const department = str(d.department);
      if (!department || !strings(d.userIds)) return undefined;
      const guests = people(ctx, d.userIds);
      return guests ? t('ledger.lines.notebookGuests', { actor: a, guests, department }) : t('ledger.lines.notebookNoGuests', { actor: a, department });
    },
  },
  'notebook.handedOff': {
    kind: 'people',
    say: (d, ctx, a, e) => {
      const department = str(d.department);
      const from = person(ctx, d.fromUserId);
      const to = person(ctx, d.toUserId);
      const hash = str(d.contentHash);
      if (!department || !from || !to || !hash) return undefined;
      const entries = num(d.entries);
      const contents = extra(entries !== undefined, () =>
        t('ledger.extra.contents', {
          entries: t('ledger.parts.entries', counted(entries!)),
          versions: t('ledger.parts.versions', counted(num(d.versions) ?? 0)),
          attachments: t('ledger.parts.attachments', counted(num(d.attachments) ?? 0)),
        }),
      );
      const headGone = oneOf(['removed', 'ill', 'quit', 'unreachable', 'deceased'] as const, d.reason);
      const second = person(ctx, d.secondedBy);
      const values = {
        actor: a,
        department,
        from,
        to,
        because: headGone ? t(`ledger.parts.headGone.${headGone}`) : t('ledger.parts.headGone.unknown'),
        confirmed: confirmedBy(second),
        contents,
        hash: hash.slice(0, 12),
      };
      return obj(e.actor)?.userId === d.fromUserId ? t('ledger.lines.notebookHandedByHead', values) : t('ledger.lines.notebookHandedFor', values);
    },
  },
  'escalation.proposed': {
    kind: 'admin',
    say: (d, _ctx, a) => {
      const ladder = ladderText(d.levels);
      return ladder && t('ledger.lines.ladderProposed', { actor: a, ladder, other: otherSigner(d.roles) });
    },
  },
  'escalation.changed': {
    kind: 'admin',
    say: (d, ctx, a) => {
      const ladder = ladderText(d.levels);
      const proposer = person(ctx, d.proposedBy);
      return ladder && proposer && t('ledger.lines.ladderConfirmed', { actor: a, proposer, ladder });
    },
  },
  'callSheet.drafted': {
    kind: 'schedule',
    say: (d, ctx, a) => t('ledger.lines.callSheetDrafted', { actor: a, version: num(d.version) ?? '?', day: shootDay(ctx, d.shootDayId) }),
  },
  'callSheet.updated': {
    kind: 'schedule',
    say: (d, _ctx, a) => {
      const fields = ['notes', 'walkieChannels', 'medicId'] as const;
      const what = (strings(d.changed) ?? []).map((name) => {
        const known = oneOf(fields, name);
        return known ? t(`ledger.parts.callSheetField.${known}`) : words(name);
      });
      return what.length > 0 ? t('ledger.lines.callSheetChangedWhat', { actor: a, what: joined(what) }) : t('ledger.lines.callSheetChanged', { actor: a });
    },
  },
  'callSheet.published': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const hash = str(d.contentHash);
      const sent = strings(d.recipients);
      if (!hash || !sent) return undefined;
      const colour = str(d.colour);
      const at = num(obj(d.checkpoint)?.treeSize);
      const day = ctx.names.day(str(d.shootDayId) ?? '') ? shootDay(ctx, d.shootDayId) : (dayText(d.date) ?? t('ledger.parts.aShootDay'));
      return t('ledger.lines.callSheetPublished', {
        actor: a,
        version: num(d.version) ?? '?',
        colour: aside(colour && colourWords(colour)),
        day,
        people: t('ledger.parts.people', counted(sent.length)),
        hash: hash.slice(0, 12),
        pinned: extra(at !== undefined, () => t('ledger.extra.pinning', { entries: t('ledger.parts.entries', counted(at!)) })),
      });
    },
  },
  'callSheet.resent': {
    kind: 'schedule',
    say: (d, ctx, a) => t('ledger.lines.callSheetResent', { actor: a, who: person(ctx, d.userId) ?? nobody() }),
  },
  'callSheet.confirmed': {
    kind: 'schedule',
    say: (d, ctx) => t('ledger.lines.callSheetConfirmed', { who: person(ctx, d.userId) ?? nobody(), version: num(d.version) ?? '?', day: shootDay(ctx, d.shootDayId) }),
  },
  'callSheet.acknowledged': {
    kind: 'schedule',
    say: (d, ctx) => {
      const hash = str(d.contentHash);
      return hash && t('ledger.lines.callSheetAcknowledged', { who: person(ctx, d.userId) ?? nobody(), version: num(d.version) ?? '?', day: shootDay(ctx, d.shootDayId), hash: hash.slice(0, 12) });
    },
  },
};

// Every command's own entry and its refusal, from one description of the step.
for (const [command, step] of Object.entries(steps)) {
  if (step.done) lines[command] = { kind: step.kind, say: step.done };
  lines[`${command}.refused`] = { kind: 'refusals', say: (d, ctx, a) => refused(a, step.tried(d, ctx), d, ctx) };
}

// ---------------------------------------------------------------- kinds and the generic line

/** The kind of an entry type, or undefined for a type this app does not know. */
export function kindOf(type: string): Kind | undefined {
  if (Object.hasOwn(lines, type)) return lines[type]!.kind;
  return type.endsWith('.refused') ? 'refusals' : undefined;
}

/** The entry types of a kind, as the server's `type` filter takes them. */
export function typesOf(kind: Kind): string[] {
  // Every refusal, also one of a module newer than this app.
  if (kind === 'refusals') return ['*.refused'];
  return Object.keys(lines).filter((type) => lines[type]!.kind === kind && !type.endsWith('.refused'));
}

/** Every type this app has a sentence for. */
export function knownTypes(): string[] {
  return Object.keys(lines);
}

/** "firearm.handOff" -> "firearm hand off"; "toUserId" -> "to user id". Field names stay as the log writes them, in any language. */
function words(name: string): string {
  return name
    .replace(/[._]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

const MAX_FIELDS = 5;
const MAX_VALUE = 80;

function clip(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** A readable line for any entry: its type in words, then its simple fields, user ids as names. */
export function genericLine(type: string, data: Data, names: Pick<Names, 'person'>): string {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (fields.length === MAX_FIELDS) break;
    const name = /userid$/i.test(key) && typeof value === 'string' ? names.person(value) : undefined;
    if (name) fields.push(`${words(key.replace(/Id$/, ''))}: ${name}`);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields.push(`${words(key)}: ${clip(String(value))}`);
    } else if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      fields.push(`${words(key)}: ${clip(value.join(', '))}`);
    }
  }
  const title = type === '' ? t('ledger.parts.entry') : sentenceCase(words(type));
  return fields.length > 0 ? `${title} — ${fields.join('; ')}` : title;
}

function parts(entry: Entry): { type: string; data: Data } {
  return { type: typeof entry.type === 'string' ? entry.type : '', data: obj(entry.data) ?? {} };
}

/** The sentence this app has for the entry's type, or undefined when it has none or the data is not the shape it expects. */
export function knownLine(entry: Entry, ctx: LineContext): string | undefined {
  const { type, data } = parts(entry);
  if (!Object.hasOwn(lines, type)) return undefined;
  try {
    return lines[type]!.say(data, ctx, actorText(entry.actor, ctx.names), entry);
  } catch {
    return undefined;
  }
}

/** The sentence a crew member reads for one entry. */
export function describeEntry(entry: Entry, ctx: LineContext): string {
  const { type, data } = parts(entry);
  const known = knownLine(entry, ctx);
  if (known) return known;
  try {
    return t('ledger.lines.generic', { actor: actorText(entry.actor, ctx.names), line: genericLine(type, data, ctx.names) });
  } catch {
    // The last guard: one odd entry must never take the whole page down.
    return type === '' ? t('ledger.parts.entry') : sentenceCase(words(type));
  }
}
