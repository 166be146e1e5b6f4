// Ledger entries in the words of the set: "Hank Morrow handed the Colt Single
// Action Army (serial SA-1873-0042) to Clay Barrett for scene 27". People by
// name, firearms by make, model and serial, lots by number, scenes by number,
// days by date, times on the production's clock. Entries are read back from a
// log that outlives this app's version: a type it does not know, or a field of
// an unexpected shape, becomes a generic line (its type and key fields), never
// an exception.
import type { LedgerRecord, Role } from '../api.js';
import { roleLabels } from '../roles.js';
import { timeFormat } from '../time.js';

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

export const kindLabels: Record<Kind, string> = {
  custody: 'Firearm custody',
  ammunition: 'Ammunition',
  stops: 'Stops',
  concerns: 'Concerns',
  schedule: 'Schedule',
  people: 'People',
  admin: 'Production and settings',
  refusals: 'Refusals',
};

// ---------------------------------------------------------------- reading data safely

const list = new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const number = new Intl.NumberFormat();

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const obj = (value: unknown): Data | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined);

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function objects(value: unknown): Data[] | undefined {
  return Array.isArray(value) && value.every((item) => obj(item) !== undefined) ? (value as Data[]) : undefined;
}

/** A label from a table, or undefined: entries are data, so "constructor" must not reach Object.prototype. */
function label<T extends string>(table: Record<T, string>, key: unknown): string | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key as T] : undefined;
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const joined = (items: string[]) => list.format(items);
const plural = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;

/** A calendar day "2026-12-02" as the reader writes days ("2 Dec 2026"); it has no time zone to shift. */
export function dayText(value: unknown): string | undefined {
  const day = str(value);
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : dayFormat.format(date);
}

const clocks = new Map<string, { time: Intl.DateTimeFormat; dayTime: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

/** Formatters on the production's clock, made once per zone: a page formats hundreds of entries. */
function clockOf(zone: string) {
  let found = clocks.get(zone);
  if (!found) {
    found = {
      time: timeFormat(zone, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
      dayTime: timeFormat(zone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
      date: timeFormat(zone, { year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    clocks.set(zone, found);
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

const NOBODY = 'someone no longer on the production';

function person(ctx: LineContext, userId: unknown, fallback?: unknown): string | undefined {
  const id = str(userId);
  return (id && ctx.names.person(id)) ?? str(fallback) ?? (id ? NOBODY : undefined);
}

function people(ctx: LineContext, userIds: unknown): string | undefined {
  const ids = strings(userIds);
  if (!ids || ids.length === 0) return undefined;
  return joined(ids.map((id) => ctx.names.person(id) ?? NOBODY));
}

/** Who acted, as the subject of a sentence: a member by name, someone not named, or Setbook itself. */
export function actorText(actor: unknown, names: Pick<Names, 'person'>): string {
  const record = obj(actor);
  if (!record) return 'Setbook';
  if (record.anonymous === true) return 'Someone not named';
  const id = str(record.userId);
  if (id) return names.person(id) ?? sentenceCase(NOBODY);
  return 'Someone';
}

function rolesList(value: unknown): string | undefined {
  const roles = strings(value);
  if (!roles || roles.length === 0) return undefined;
  return joined(roles.map((role) => label<Role>(roleLabels, role) ?? role));
}

function firearmName(value: { make?: unknown; model?: unknown; serial?: unknown } | undefined): string | undefined {
  const make = str(value?.make);
  const model = str(value?.model);
  const serial = str(value?.serial);
  if (!serial) return undefined;
  const what = [make, model].filter(Boolean).join(' ');
  return `${what ? `the ${what}` : 'the firearm'} (serial ${serial})`;
}

function firearm(ctx: LineContext, firearmId: unknown): string {
  const id = str(firearmId);
  return (id && firearmName(ctx.names.firearm(id))) ?? 'a firearm';
}

function lot(ctx: LineContext, lotId: unknown): string {
  const id = str(lotId);
  const found = id && ctx.names.lot(id);
  return found ? `lot ${found}` : 'a lot';
}

function scene(ctx: LineContext, sceneId: unknown): string {
  const id = str(sceneId);
  const found = id && ctx.names.scene(id);
  return found ? `scene ${found}` : 'a scene';
}

function scenes(ctx: LineContext, sceneIds: unknown): string | undefined {
  const ids = strings(sceneIds);
  if (!ids || ids.length === 0) return undefined;
  const numbers = ids.map((id) => ctx.names.scene(id));
  if (numbers.every((n): n is string => n !== undefined)) return `${ids.length === 1 ? 'scene' : 'scenes'} ${joined(numbers)}`;
  return plural(ids.length, 'scene', 'scenes');
}

/** "the shoot day of 2 Dec 2026". */
function shootDay(ctx: LineContext, shootDayId: unknown): string {
  const id = str(shootDayId);
  const date = id ? dayText(ctx.names.day(id)) : undefined;
  return date ? `the shoot day of ${date}` : 'a shoot day';
}

function placeName(ctx: LineContext, locationId: unknown): string {
  const id = str(locationId);
  return (id && ctx.names.location(id)) ?? 'a location';
}

/** A light target's sun: "the sun 100° to 125° from north, 5° to 20° high". */
function sunRanges(d: Data): string | undefined {
  const [azFrom, azTo, altFrom, altTo] = [num(d.azimuthFrom), num(d.azimuthTo), num(d.altitudeFrom), num(d.altitudeTo)];
  if (azFrom === undefined || azTo === undefined || altFrom === undefined || altTo === undefined) return undefined;
  const lead = num(d.leadMinutes);
  return `the sun ${azFrom}° to ${azTo}° from north, ${altFrom}° to ${altTo}° high${lead !== undefined ? `; call ${plural(lead, 'minute', 'minutes')} before` : ''}`;
}

function locations(ctx: LineContext, locationIds: unknown): string | undefined {
  const ids = strings(locationIds);
  if (!ids || ids.length === 0) return undefined;
  return joined(ids.map((id) => ctx.names.location(id) ?? 'a location'));
}

function rounds(ctx: LineContext, value: unknown): string | undefined {
  const counts = objects(value);
  if (!counts) return undefined;
  const parts = counts.filter((r) => num(r.count) !== undefined).map((r) => `${plural(num(r.count)!, 'round', 'rounds')} from ${lot(ctx, r.lotId)}`);
  return parts.length > 0 ? joined(parts) : 'no rounds';
}

const hazardWords: Record<string, string> = {
  firearms: 'firearms',
  blanks: 'blanks',
  stunts: 'stunts',
  pyro: 'pyrotechnics',
  vehicles: 'vehicles',
  animals: 'animals',
  water: 'water',
  heights: 'heights',
  aerial: 'aerial work',
};

function hazards(value: unknown): string | undefined {
  const list = strings(value);
  if (!list) return undefined;
  return list.length === 0 ? 'no hazards' : joined(list.map((h) => label(hazardWords, h) ?? h));
}

const firearmKinds = { blank_firing: 'blank-firing', non_firing_replica: 'non-firing replica', rubber: 'rubber', airsoft: 'airsoft', disabled: 'disabled' };
const waitingWords = { producer: 'the producer', safety_advisor: 'the safety advisor', 'safety_advisor or producer': 'the safety advisor or the producer' };

/** A concern is never named, so its entries are tied together by the start of its id. */
function concernRef(data: Data): string {
  const id = str(data.concernId);
  return id ? `a concern (ref. ${id.slice(0, 6)})` : 'a concern';
}

const level = (value: unknown) => (num(value) === undefined ? undefined : `level ${num(value)! + 1}`);

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
  return `${actor} tried to ${tried}${confirmed ? `, ${confirmed} confirming in person` : ''}. Refused${why ? ` — ${why}` : ''}`;
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

const custody: Record<string, Step> = {
  'firearm.check_out': {
    kind: 'custody',
    done: (d, ctx, a) => `${a} checked out ${firearm(ctx, d.firearmId)} for ${shootDay(ctx, d.shootDayId)}`,
    tried: (d, ctx) => `check out ${firearm(ctx, d.firearmId)} for ${shootDay(ctx, d.shootDayId)}`,
  },
  'firearm.inspect': {
    kind: 'custody',
    done: (d, ctx, a) => {
      const loaded = d.load === 'empty' ? 'empty' : d.load === 'dummy' ? 'loaded with dummies' : d.load === 'blank' ? 'loaded with blanks' : undefined;
      if (!loaded || typeof d.barrelClear !== 'boolean') return undefined;
      const count = d.load === 'empty' ? undefined : rounds(ctx, d.rounds);
      return `${a} inspected ${firearm(ctx, d.firearmId)}: ${loaded}${count ? ` (${count})` : ''}, barrel ${d.barrelClear ? 'clear' : 'NOT clear'}`;
    },
    tried: (d, ctx) => `inspect ${firearm(ctx, d.firearmId)}`,
  },
  'firearm.hand_off': {
    kind: 'custody',
    done: (d, ctx, a) => {
      const to = person(ctx, d.toUserId);
      if (!to) return undefined;
      const confirmed = people(ctx, d.confirmations);
      return `${a} handed ${firearm(ctx, d.firearmId)} to ${to} for ${scene(ctx, d.sceneId)} on ${shootDay(ctx, d.shootDayId)}${confirmed ? `, confirmed in person by ${confirmed}` : ''}`;
    },
    tried: (d, ctx) => {
      const to = person(ctx, d.toUserId);
      return to && `hand ${firearm(ctx, d.firearmId)} to ${to} for ${scene(ctx, d.sceneId)}`;
    },
  },
  'firearm.return': {
    kind: 'custody',
    done: (d, ctx, a) => {
      const from = person(ctx, d.fromUserId);
      if (!from) return undefined;
      const confirmed = people(ctx, d.confirmations);
      return `${a} took ${firearm(ctx, d.firearmId)} back from ${from}${confirmed ? `, confirmed in person by ${confirmed}` : ''}`;
    },
    tried: (d, ctx) => {
      const from = person(ctx, d.fromUserId);
      return from && `take ${firearm(ctx, d.firearmId)} back from ${from}`;
    },
  },
  'firearm.discharge': {
    kind: 'custody',
    done: (d, ctx, a) => {
      if (typeof d.intended !== 'boolean') return undefined;
      const fired = rounds(ctx, d.rounds);
      const note = str(d.note);
      return `${a} recorded an ${d.intended ? 'intended' : 'unintended'} discharge of ${firearm(ctx, d.firearmId)}${d.sceneId ? ` in ${scene(ctx, d.sceneId)}` : ''}${fired ? `: ${fired}` : ''}${note ? ` — “${note}”` : ''}`;
    },
    tried: (d, ctx) => `record a discharge of ${firearm(ctx, d.firearmId)}${d.sceneId ? ` in ${scene(ctx, d.sceneId)}` : ''}`,
  },
  'firearm.misfire': {
    kind: 'custody',
    done: (d, ctx, a) => {
      const note = str(d.note);
      return `${a} recorded a misfire of ${firearm(ctx, d.firearmId)}${d.sceneId ? ` in ${scene(ctx, d.sceneId)}` : ''}${note ? ` — “${note}”` : ''}`;
    },
    tried: (d, ctx) => `record a misfire of ${firearm(ctx, d.firearmId)}${d.sceneId ? ` in ${scene(ctx, d.sceneId)}` : ''}`,
  },
  'firearm.check_in': {
    kind: 'custody',
    done: (d, ctx, a) => `${a} checked ${firearm(ctx, d.firearmId)} back into storage`,
    tried: (d, ctx) => `check ${firearm(ctx, d.firearmId)} into storage`,
  },
};

const steps: Record<string, Step> = {
  ...custody,
  'member.add': {
    kind: 'people',
    tried: (d) => {
      const email = str(d.email);
      const roles = rolesList(d.roles);
      return email && `add ${email}${roles ? ` as ${roles}` : ''}`;
    },
  },
  'member.update': {
    kind: 'people',
    tried: (d, ctx) => {
      const who = person(ctx, d.userId);
      return who && `make ${who} ${rolesList(d.roles) ?? 'a member with no role'}`;
    },
  },
  'member.contact': {
    kind: 'people',
    tried: (d, ctx) => {
      const who = person(ctx, d.userId);
      return who && `change the contact details of ${who}`;
    },
  },
  'member.remove': {
    kind: 'people',
    tried: (d, ctx) => {
      const who = person(ctx, d.userId);
      return who && `remove ${who} from the production`;
    },
  },
  'consultation.record': {
    kind: 'schedule',
    tried: (d, ctx) => `record the firearms plan for ${scene(ctx, d.sceneId)}`,
  },
  'lightTarget.archive': {
    kind: 'schedule',
    tried: (d, ctx) => {
      const name = str(d.name);
      return name && `take the light “${name}” off ${placeName(ctx, d.locationId)}`;
    },
  },
  'ammunition.add': {
    kind: 'ammunition',
    tried: (d) => {
      const lotNumber = str(d.lot);
      const quantity = num(d.quantity);
      const kind = str(d.kind);
      if (!lotNumber || quantity === undefined || !kind) return undefined;
      return `add lot ${lotNumber}: ${number.format(quantity)} ${[str(d.caliber), kind].filter(Boolean).join(' ')} ${quantity === 1 ? 'round' : 'rounds'}`;
    },
  },
  'incident.correctiveAction': {
    kind: 'custody',
    done: (d, _ctx, a) => {
      const action = str(d.action);
      return action && `${a} recorded the corrective action for the incident: ${action}`;
    },
    tried: () => 'record a corrective action for the incident',
  },
  'armorerRequest.decide': {
    kind: 'people',
    tried: (d) => (d.decision === 'granted' ? 'grant the armorer’s request' : d.decision === 'denied' ? 'deny the armorer’s request' : undefined),
  },
  'stop.acknowledge': {
    kind: 'stops',
    tried: (d) => {
      const device = str(d.deviceId);
      return device && `acknowledge the stop for device ${device.slice(0, 6)}`;
    },
  },
  'stop.lift': { kind: 'stops', tried: () => 'lift the stop' },
  'notebook.create': {
    kind: 'admin',
    tried: (d, ctx) => {
      const department = str(d.department);
      const head = person(ctx, d.headId);
      return department && head && `open a ${department} notebook headed by ${head}`;
    },
  },
  'notebook.handOff': {
    kind: 'people',
    tried: (d, ctx) => {
      const to = person(ctx, d.toUserId);
      return to && `hand a department notebook to ${to}`;
    },
  },
  'concern.acknowledge': { kind: 'concerns', tried: (d) => `acknowledge ${concernRef(d)}` },
  'concern.resolve': { kind: 'concerns', tried: (d) => `resolve ${concernRef(d)}` },
  // A refused wrap is recorded as `wrap.refused`, the name a wrap had before every command could be refused.
  wrap: { kind: 'custody', tried: (d, ctx) => `wrap the armory for ${shootDay(ctx, d.shootDayId)}` },
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
  return `${crew} hours between a wrap and the next call (${performer} for performers), at most ${weekly} hours a week, a weekend rest of ${five} hours after five days and ${six} after six`;
}

function ladderText(value: unknown): string | undefined {
  const levels = objects(value);
  if (!levels) return undefined;
  if (levels.length === 0) return 'no levels';
  return levels
    .map((l, i) => {
      const emails = strings(l.emails) ?? [];
      const who = [rolesList(l.roles), emails.length > 0 ? plural(emails.length, 'email address', 'email addresses') : undefined].filter(Boolean).join(' and ');
      return `${i + 1}. ${who || 'nobody'}`;
    })
    .join('; ');
}

/** The other of the two who must agree on a production setting (SAFETY_RULES.md). */
function otherSigner(roles: unknown): string {
  return strings(roles)?.includes('safety_advisor') ? 'the producer' : 'the safety advisor';
}

const sceneFields: Record<string, (scene: Data, ctx: LineContext) => string | undefined> = {
  number: (s) => str(s.number) && `number ${s.number}`,
  description: (s) => str(s.description) && `description “${s.description}”`,
  hazards: (s) => `hazards ${hazards(s.hazards) ?? 'changed'}`,
  aimedAtPerson: (s) => (s.aimedAtPerson === true ? 'a shot now aimed toward a person' : 'no shot aimed toward a person'),
  intExt: (s) => `${str(s.intExt) ?? 'no INT/EXT'}`,
  timeOfDay: (s) => `time of day ${str(s.timeOfDay) ?? 'unset'}`,
  locationId: (s, ctx) => `location ${str(s.locationId) ? (ctx.names.location(s.locationId as string) ?? 'changed') : 'none'}`,
  eighths: (s) => (num(s.eighths) === undefined ? 'length unset' : `length ${s.eighths}/8 pages`),
  castIds: (s, ctx) => `cast ${people(ctx, s.castIds) ?? 'none'}`,
};

const dayFields: Record<string, (day: Data, ctx: LineContext) => string | undefined> = {
  date: (d) => dayText(d.date) && `date ${dayText(d.date)}`,
  sceneIds: (d, ctx) => scenes(ctx, d.sceneIds) ?? 'no scenes',
  locationIds: (d, ctx) => `locations ${locations(ctx, d.locationIds) ?? 'none'}`,
  location: (d) => `location ${str(d.location) ?? 'none'}`,
  generalCall: (d) => `general call ${str(d.generalCall) ?? 'unset'}`,
  shootingCall: (d) => `shooting call ${str(d.shootingCall) ?? 'unset'}`,
  notes: () => 'notes',
};

const locationFields: Record<string, (l: Data) => string | undefined> = {
  name: (l) => str(l.name) && `name ${l.name}`,
  address: (l) => `address ${str(l.address) ?? 'none'}`,
  latitude: () => 'position',
  longitude: () => 'position',
  elevationM: () => 'elevation',
  timezone: (l) => str(l.timezone) && `time zone ${String(l.timezone).replaceAll('_', ' ')}`,
  hospital: (l) => `nearest hospital ${str(obj(l.hospital)?.name) ?? 'none'}`,
  parking: (l) => `parking ${str(l.parking) ? `“${l.parking}”` : 'none'}`,
  notes: () => 'notes',
};

/** The changed fields in words, each with its new value where one is short enough to read. */
function changes(changed: unknown, fields: Record<string, (data: Data, ctx: LineContext) => string | undefined>, data: Data, ctx: LineContext): string | undefined {
  const keys = strings(changed);
  if (!keys) return undefined;
  const words = [...new Set(keys.map((key) => (Object.hasOwn(fields, key) ? fields[key]!(data, ctx) : undefined) ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()))];
  return words.length > 0 ? words.join('; ') : 'nothing';
}

const lines: Record<string, Line> = {
  'production.created': {
    kind: 'admin',
    say: (d, _ctx, a) => {
      const name = str(d.name);
      const zone = str(d.timezone);
      return name && `${a} created the production ${name}${zone ? `, in the ${zone.replaceAll('_', ' ')} time zone` : ''}`;
    },
  },
  'member.added': {
    kind: 'people',
    say: (d, ctx, a, e) => {
      const who = person(ctx, d.userId, d.name);
      if (!who) return undefined;
      const roles = rolesList(d.roles);
      const department = str(d.department);
      const as = `${roles ? ` as ${roles}` : ''}${department ? ` (${department})` : ''}`;
      const unconfirmed = d.unconfirmed === true ? ', unconfirmed: the production has no safety advisor yet to confirm' : '';
      return obj(e.actor)?.userId === d.userId ? `${who} joined${as}${unconfirmed}` : `${a} added ${who}${as}${unconfirmed}`;
    },
  },
  'member.rolesProposed': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      const waiting = label(waitingWords, d.waitingFor);
      if (!who || !waiting) return undefined;
      return `${a} proposed ${who} as ${rolesList(d.roles) ?? 'a member with no role'} (now ${rolesList(d.previousRoles) ?? 'no role'}); waiting for ${waiting} to confirm`;
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
      const agreed = d.proposedBy && d.confirmedBy ? `, proposed by ${person(ctx, d.proposedBy)} and confirmed by ${person(ctx, d.confirmedBy)}` : '';
      const unconfirmed = d.unconfirmed === true ? ', unconfirmed: the production has no safety advisor yet to confirm' : '';
      if (!roles) return `${a} took every role from ${who}${before ? ` (was ${before})` : ''}${agreed}${unconfirmed}`;
      if (roles === before) return `${a} updated ${who}: ${roles}${department ? `, ${department}` : ''}${agreed}${unconfirmed}`;
      return `${a} made ${who} ${roles}${before ? ` (was ${before})` : ''}${agreed}${unconfirmed}`;
    },
  },
  'invitation.accepted': {
    kind: 'people',
    say: (d, ctx) => {
      const who = person(ctx, d.userId, d.name);
      return who && `${who} accepted the invitation and joined`;
    },
  },
  'invitation.resent': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      const until = when(ctx, d.expiresAt);
      return who && `${a} sent ${who} a new invitation${until ? `, valid until ${until}` : ''}`;
    },
  },
  'member.contactChanged': {
    kind: 'people',
    say: (d, ctx, a, e) => {
      const who = person(ctx, d.userId);
      const changed = strings(d.changed);
      if (!who || !changed) return undefined;
      const what = changed.length > 0 ? joined(changed.map((c) => (c === 'phone' ? 'phone number' : c === 'emergency_contact' ? 'emergency contact' : c))) : 'contact details';
      return obj(e.actor)?.userId === d.userId ? `${a} changed their ${what}` : `${a} changed the ${what} of ${who}`;
    },
  },
  'member.removed': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      const roles = rolesList(d.previousRoles);
      return who && `${a} removed ${who}${roles ? ` (${roles})` : ''} from the production`;
    },
  },
  'pin.set': {
    kind: 'people',
    say: (d, ctx, a, e) => {
      const who = person(ctx, d.userId);
      if (!who) return undefined;
      return obj(e.actor)?.userId === d.userId || !obj(e.actor) ? `${who} set their PIN` : `${a} set the PIN of ${who}`;
    },
  },
  'training.recorded': {
    kind: 'people',
    say: (d, ctx, a) => {
      const who = person(ctx, d.userId);
      if (!who || d.course !== 'firearms_safety') return undefined;
      const completed = dayText(d.completedOn);
      return `${a} recorded firearms safety training for ${who}${completed ? `, completed ${completed}` : ''}`;
    },
  },
  'armorerRequest.made': {
    kind: 'people',
    say: (d, _ctx, a) => {
      const what = d.kind === 'training' ? 'training' : d.kind === 'time' ? 'more time' : undefined;
      const description = str(d.description);
      return what && `${a} asked for ${what}${description ? `: ${description}` : ''} (F12)`;
    },
  },
  'armorerRequest.decided': {
    kind: 'people',
    say: (d, _ctx, a) => {
      const verb = d.decision === 'granted' ? 'granted' : d.decision === 'denied' ? 'denied' : undefined;
      const reason = str(d.reason);
      return verb && `${a} ${verb} the armorer’s request${reason ? `: ${reason}` : ''}`;
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
      return `${a} created scene ${sceneNumber}${description ? `, “${description}”` : ''}${place ? ` at ${place}` : ''}${risks ? ` — ${risks}` : ''}${d.aimedAtPerson === true ? ', a shot aimed toward a person' : ''}`;
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
      return `${a} changed scene ${sceneNumber}: ${what}${stale.length > 0 ? `. Its risk assessment is out of date (S5): ${stale.join('; ')}` : ''}`;
    },
  },
  'riskAssessment.recorded': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const controls = objects(d.controls);
      if (!controls) return undefined;
      const measures = controls.map((c) => `${label(hazardWords, c.hazard) ?? str(c.hazard) ?? 'hazard'}: ${str(c.control) ?? '?'}`);
      return `${a} assessed the risks of ${scene(ctx, d.sceneId)}${measures.length > 0 ? ` — ${measures.join('; ')}` : `: ${hazards(d.hazards) ?? 'no hazards'}`}`;
    },
  },
  'shootDay.created': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const date = dayText(d.date);
      if (!date) return undefined;
      const place = str(d.location) ?? locations(ctx, d.locationIds);
      const work = scenes(ctx, d.sceneIds);
      return `${a} scheduled the shoot day of ${date}${place ? ` at ${place}` : ''}${work ? `: ${work}` : ''}`;
    },
  },
  'shootDay.updated': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const day = obj(d.shootDay);
      const date = dayText(day?.date);
      const what = day && changes(d.changed, dayFields, day, ctx);
      return date && what && `${a} changed the shoot day of ${date}: ${what}`;
    },
  },
  'location.created': {
    kind: 'schedule',
    say: (d, _ctx, a) => {
      const name = str(d.name);
      if (!name) return undefined;
      const address = str(d.address);
      const hospital = obj(d.hospital);
      const minutes = num(hospital?.driveMinutes);
      const care = str(hospital?.name) ? `; nearest hospital ${hospital!.name}${minutes !== undefined ? `, ${plural(minutes, 'minute', 'minutes')} away` : ''}` : '';
      return `${a} added the location ${name}${address ? `, ${address}` : ''}${care}`;
    },
  },
  'location.updated': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const name = str(d.name);
      const what = changes(d.changed, locationFields, d, ctx);
      return name && what && `${a} changed the location ${name}: ${what}`;
    },
  },
  'lightTarget.created': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const name = str(d.name);
      const sun = sunRanges(d);
      return name && sun && `${a} named the light “${name}” at ${placeName(ctx, d.locationId)}: ${sun}`;
    },
  },
  'lightTarget.archived': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const name = str(d.name);
      return name && `${a} took the light “${name}” off ${placeName(ctx, d.locationId)}`;
    },
  },
  'times.set': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const times = objects(d.times);
      const alerts = objects(d.alerts);
      if (!times || !alerts) return undefined;
      const shown = times.slice(0, 4).map((t) => `${person(ctx, t.userId) ?? NOBODY} ${clock(ctx, t.call) ?? '?'} to ${clock(ctx, t.wrap, t.call) ?? '?'}`);
      const more = times.length > shown.length ? `, and ${plural(times.length - shown.length, 'other', 'others')}` : '';
      const kinds = { turnaround: 'a short turnaround', weekly_hours: 'too many hours this week', weekend_rest: 'a short weekend rest' };
      const warnings = alerts.map((w) => `${person(ctx, w.userId) ?? NOBODY}, ${label(kinds, w.kind) ?? 'rest'}`);
      return `${a} set the calls and wraps for ${shootDay(ctx, d.shootDayId)}${shown.length > 0 ? `: ${shown.join('; ')}${more}` : ': nobody'}${warnings.length > 0 ? `. Rest warnings (S3): ${warnings.join('; ')}` : ''}`;
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
        const what = duty.duty === 'props' ? 'props' : (label<Role>(roleLabels, duty.duty) ?? String(duty.duty));
        byPerson.set(id, [...(byPerson.get(id) ?? []), what]);
      }
      const roster = [...byPerson].map(([id, what]) => `${ctx.names.person(id) ?? NOBODY} (${joined(what)})`);
      const meanings = { F2: 'F2: the armorer also holds another duty', F3: 'F3: a firearms day has no armorer' };
      const flagged = alerts.map((rule) => label(meanings, rule) ?? rule);
      return `${a} set the roster for ${shootDay(ctx, d.shootDayId)}: ${roster.length > 0 ? roster.join('; ') : 'nobody'}${flagged.length > 0 ? `. Alerts — ${flagged.join('; ')}` : ''}`;
    },
  },
  'safetyMeeting.recorded': {
    kind: 'schedule',
    say: (d, ctx, a) => {
      const held = when(ctx, d.heldAt);
      const attendees = strings(d.attendeeIds);
      if (!held || !attendees) return undefined;
      return `${a} recorded the safety meeting held on ${held} for ${scenes(ctx, d.sceneIds) ?? 'the day'} on ${shootDay(ctx, d.shootDayId)}, with ${people(ctx, attendees) ?? 'nobody'}; ${d.walkthrough === true ? 'walkthrough done' : 'no walkthrough'}`;
    },
  },
  'consultation.recorded': {
    kind: 'schedule',
    say: (d, ctx) => {
      const armorer = person(ctx, d.armorerId);
      const advisor = person(ctx, d.advisorId);
      const plan = str(d.plan);
      if (!armorer || !advisor || !plan) return undefined;
      return `${sentenceCase(armorer)} (armorer) and ${advisor} (safety advisor) agreed the firearms plan for ${scene(ctx, d.sceneId)} (F10): ${plan}`;
    },
  },
  'restAgreement.proposed': {
    kind: 'admin',
    say: (d, _ctx, a) => {
      const terms = restTerms(d.agreement);
      return terms && `${a} proposed a rest agreement: ${terms}. It takes effect when ${otherSigner(d.roles)} confirms it`;
    },
  },
  'restAgreement.changed': {
    kind: 'admin',
    say: (d, ctx, a) => {
      const terms = restTerms(d.agreement);
      const proposer = person(ctx, d.proposedBy);
      return terms && proposer && `${a} confirmed the rest agreement proposed by ${proposer}: ${terms}`;
    },
  },

  'firearm.added': {
    kind: 'custody',
    say: (d, _ctx, a) => {
      const name = firearmName(d);
      const kind = label(firearmKinds, d.kind);
      return name && `${a} added ${name}${kind ? `, ${kind}` : ''}, to the armory`;
    },
  },
  'ammunition.added': {
    kind: 'ammunition',
    say: (d, ctx, a) => {
      const lotNumber = str(d.lot);
      const quantity = num(d.quantity);
      const kind = d.kind === 'blank' ? 'blank' : d.kind === 'dummy' ? 'dummy' : undefined;
      if (!lotNumber || quantity === undefined || !kind) return undefined;
      const load = str(d.load);
      const check = obj(d.verification);
      const verified = str(check?.method) ? `, verified by ${check!.method} (${person(ctx, check!.byUserId) ?? NOBODY})` : '';
      return `${a} added lot ${lotNumber}: ${number.format(quantity)} ${[str(d.caliber), kind].filter(Boolean).join(' ')} ${quantity === 1 ? 'round' : 'rounds'}${load ? `, ${load} load` : ''}${verified}`;
    },
  },
  'wrap.done': {
    kind: 'custody',
    say: (d, ctx, a) => {
      const lots = objects(d.lots);
      if (!lots) return undefined;
      const counted = lots.map((l) => `${lot(ctx, l.lotId)}: ${num(l.issued) ?? 0} issued, ${num(l.fired) ?? 0} fired, ${num(l.returned) ?? 0} returned`);
      return `${a} wrapped the armory for ${shootDay(ctx, d.shootDayId)}: every firearm stored, every round accounted for${counted.length > 0 ? ` (${counted.join('; ')})` : ''}`;
    },
  },
  'alert.raised': {
    kind: 'custody',
    say: (d, ctx, a) => {
      const message = str(d.message);
      if (!message) return undefined;
      const holder = str(d.holderId) ? `, held by ${person(ctx, d.holderId)}` : '';
      const told = rolesList(d.notify);
      const rule = str(d.rule);
      return `${a} raised ${rule ? `an ${rule}` : 'an'} alert about ${firearm(ctx, d.firearmId)}${holder}: ${message}${told ? ` Told: ${told}.` : ''}`;
    },
  },
  'incident.opened': {
    kind: 'custody',
    say: (d, ctx, a) => {
      const kinds = { unintended_discharge: 'an unintended discharge', misfire: 'a misfire', live_round: 'a live round found on set' };
      const what = label(kinds, d.kind);
      if (!what) return undefined;
      const of = str(d.firearmId) ? ` of ${firearm(ctx, d.firearmId)}` : '';
      const told =
        d.escalation === 'external_contacts'
          ? 'a second incident of its kind, so it went straight to the external contacts'
          : `reported to ${rolesList(strings(d.notify)?.filter((r) => r !== 'external_contacts')) ?? 'the production'}`;
      return `An incident was opened after ${what}${of}, recorded by ${a}: every firearm is held until a corrective action and a new safety meeting (F11); ${told}`;
    },
  },
  'incident.closed': {
    kind: 'custody',
    say: (_d, _ctx, a) => `${a} closed the incident: corrective action taken and a new safety meeting held, so the firearms are no longer held`,
  },

  'stop.raised': {
    kind: 'stops',
    say: (d, ctx, a, e) => {
      const reason = str(d.reason);
      const place = str(d.location);
      const pressed = instant(d.pressedAt);
      const recorded = instant(e.at);
      // A stop pressed with no connection is recorded when the device gets through: both times matter.
      const late = pressed && recorded && Math.abs(recorded.getTime() - pressed.getTime()) >= 1000 ? `; pressed at ${clock(ctx, d.pressedAt, e.at)}, recorded when the device got through` : '';
      return `${a} stopped work${reason ? `: ${reason}` : ''}${place ? ` (${place})` : ''}${late}`;
    },
  },
  'stop.acknowledged': {
    kind: 'stops',
    say: (d, _ctx, a) => {
      const device = str(d.deviceId);
      return device && `${a} acknowledged the stop on device ${device.slice(0, 6)}`;
    },
  },
  'stop.lifted': {
    kind: 'stops',
    say: (d, ctx, a) => {
      const resolution = str(d.resolution);
      const second = person(ctx, d.secondedBy);
      return resolution && second && `${a} lifted the stop, confirmed by ${second}: ${resolution}`;
    },
  },

  'concern.reported': {
    kind: 'concerns',
    say: (d, ctx) => {
      const severity = str(d.severity);
      const how = { member: 'by a member of the production', public: 'through the set’s public page', automatic: 'by Setbook after an incident' };
      const source = label(how, d.source);
      if (!severity || !source) return undefined;
      const by = clock(ctx, d.ackDeadline);
      return `A ${severity === 'critical' ? 'critical' : `${severity}-severity`} concern (ref. ${(str(d.concernId) ?? '').slice(0, 6)}) was reported ${source} and sent to ${level(d.level) ?? 'the first level'}${by ? `, to be acknowledged by ${by}` : ''}`;
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
      const who = [rolesList(d.roles), outside > 0 ? `${plural(outside, 'person', 'people')} outside Setbook by email` : undefined].filter(Boolean).join(' and ');
      return `${sentenceCase(concernRef(d))} was not acknowledged${missed ? ` by ${missed}` : ' in time'} and went from ${from} to ${to}${who ? `: ${who}` : ''}`;
    },
  },
  'concern.acknowledged': {
    kind: 'concerns',
    say: (d, _ctx, a) => `${a} acknowledged ${concernRef(d)}${level(d.level) ? ` at ${level(d.level)}` : ''}`,
  },
  'concern.message': {
    kind: 'concerns',
    say: (d, _ctx, a) => {
      if (d.from === 'reporter') return `The reporter of ${concernRef(d)} wrote a message (its words stay with the concern)`;
      if (d.from === 'handler') return `${a} wrote to the reporter of ${concernRef(d)} (the words stay with the concern)`;
      return undefined;
    },
  },
  'concern.resolved': {
    kind: 'concerns',
    say: (d, _ctx, a) => `${a} resolved ${concernRef(d)}${level(d.level) ? ` at ${level(d.level)}` : ''}`,
  },
  'notebook.created': {
    kind: 'admin',
    say: (d, ctx, a) => {
      const department = str(d.department);
      const head = person(ctx, d.headId);
      return department && head && `${a} opened the ${department} notebook, headed by ${head}`;
    },
  },
  'notebook.membersSet': {
    kind: 'admin',
    say: (d, ctx, a) => {
      const department = str(d.department);
      if (!department || !strings(d.userIds)) return undefined;
      const guests = people(ctx, d.userIds);
      return guests ? `${a} let ${guests} into the ${department} notebook besides the department` : `${a} let nobody but the department into the ${department} notebook`;
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
      const what = entries === undefined ? '' : `${plural(entries, 'entry', 'entries')}, ${plural(num(d.versions) ?? 0, 'version', 'versions')} and ${plural(num(d.attachments) ?? 0, 'attachment', 'attachments')}; `;
      const headGone = { removed: 'had left the production', ill: 'was ill', quit: 'had quit', unreachable: 'could not be reached', deceased: 'had died' };
      const because = label(headGone, d.reason);
      const second = person(ctx, d.secondedBy);
      const byHead = obj(e.actor)?.userId === d.fromUserId;
      const how = byHead ? '' : ` because ${from} ${because ?? 'could not'}${second ? `, confirmed in person by ${second}` : ''}`;
      return `${byHead ? from : a} handed the ${department} notebook ${byHead ? '' : `of ${from} `}to ${to}${how} (${what}content hash ${hash.slice(0, 12)})`;
    },
  },
  'escalation.proposed': {
    kind: 'admin',
    say: (d, _ctx, a) => {
      const ladder = ladderText(d.levels);
      return ladder && `${a} proposed an escalation ladder for concerns: ${ladder}. It takes effect when ${otherSigner(d.roles)} puts the same one`;
    },
  },
  'escalation.changed': {
    kind: 'admin',
    say: (d, ctx, a) => {
      const ladder = ladderText(d.levels);
      const proposer = person(ctx, d.proposedBy);
      return ladder && proposer && `${a} confirmed the escalation ladder proposed by ${proposer}: ${ladder}`;
    },
  },
  'callSheet.drafted': {
    kind: 'schedule',
    say: (d, ctx, a) => `${a} started version ${num(d.version) ?? '?'} of the call sheet for ${shootDay(ctx, d.shootDayId)}`,
  },
  'callSheet.updated': {
    kind: 'schedule',
    say: (d, _ctx, a) => {
      const fields = { notes: 'the notes', walkieChannels: 'the walkie channels', medicId: 'the medic' };
      const what = (strings(d.changed) ?? []).map((field) => label(fields, field) ?? words(field));
      return `${a} changed a call sheet draft${what.length > 0 ? `: ${joined(what)}` : ''}`;
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
      const day = ctx.names.day(str(d.shootDayId) ?? '') ? shootDay(ctx, d.shootDayId) : (dayText(d.date) ?? 'a shoot day');
      return `${a} published version ${num(d.version) ?? '?'}${colour ? ` (${colour})` : ''} of the call sheet for ${day} to ${plural(sent.length, 'person', 'people')}; content hash ${hash.slice(0, 12)}${at !== undefined ? `, pinning the log at ${plural(at, 'entry', 'entries')}` : ''}`;
    },
  },
  'callSheet.resent': {
    kind: 'schedule',
    say: (d, ctx, a) => `${a} sent ${person(ctx, d.userId) ?? NOBODY} their call sheet link again`,
  },
  'callSheet.confirmed': {
    kind: 'schedule',
    say: (d, ctx) => `${person(ctx, d.userId) ?? NOBODY} confirmed they have version ${num(d.version) ?? '?'} of the call sheet for ${shootDay(ctx, d.shootDayId)}`,
  },
  'callSheet.acknowledged': {
    kind: 'schedule',
    say: (d, ctx) => {
      const hash = str(d.contentHash);
      return hash && `${person(ctx, d.userId) ?? NOBODY} acknowledged the safety section of version ${num(d.version) ?? '?'} of the call sheet for ${shootDay(ctx, d.shootDayId)} (S4; content hash ${hash.slice(0, 12)})`;
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

/** "firearm.handOff" -> "firearm hand off"; "toUserId" -> "to user id". */
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
  const title = type === '' ? 'Entry' : sentenceCase(words(type));
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
    return `${actorText(entry.actor, ctx.names)}: ${genericLine(type, data, ctx.names)}`;
  } catch {
    // The last guard: one odd entry must never take the whole page down.
    return type === '' ? 'Entry' : sentenceCase(words(type));
  }
}
