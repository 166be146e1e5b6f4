// Ledger entries in the words of the set ("Hank Morrow was added as Armorer").
// Entries are read back from a log that outlives this app's version: a type it
// does not know, or a field of an unexpected shape, becomes a generic line
// (its type and key fields), never an exception.
import type { LedgerRecord, Role } from '../api.js';
import { roleLabels } from '../roles.js';

type Entry = LedgerRecord['entry'];
type Data = Record<string, unknown>;

/** Names people by user id; undefined for someone the members list does not hold. */
export type NameOf = (userId: string) => string | undefined;

const list = new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** A calendar day "2026-12-02" as the reader writes days ("2 Dec 2026"); it has no time zone to shift. */
export function dayText(value: unknown): string | undefined {
  const day = str(value);
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : dayFormat.format(date);
}

/** A label from a table, or undefined: entries are data, so "constructor" must not reach Object.prototype. */
function label<T extends string>(table: Record<T, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key as T] : undefined;
}

function rolesList(value: unknown): string | undefined {
  const roles = strings(value);
  if (!roles || roles.length === 0) return undefined;
  return list.format(roles.map((role) => label<Role>(roleLabels, role) ?? role));
}

function person(nameOf: NameOf, userId: unknown, fallback?: unknown): string | undefined {
  const id = str(userId);
  return (id && nameOf(id)) ?? str(fallback) ?? (id ? 'someone no longer on the production' : undefined);
}

const courses = { firearms_safety: 'Firearms training' };

/** One sentence per type this app knows; undefined when the data is not the shape it expects. */
const sentences: Record<string, (data: Data, nameOf: NameOf) => string | undefined> = {
  'production.created': (data) => {
    const name = str(data.name);
    const zone = str(data.timezone);
    if (!name) return 'Production created';
    return `Production created: ${name}${zone ? `, time zone ${zone.replaceAll('_', ' ')}` : ''}`;
  },
  'member.added': (data, nameOf) => {
    const who = person(nameOf, data.userId, data.name);
    const roles = rolesList(data.roles);
    if (!who || !roles) return undefined;
    const department = str(data.department);
    return `${who} was added as ${roles}${department ? ` (${department})` : ''}`;
  },
  'member.updated': (data, nameOf) => {
    const who = person(nameOf, data.userId);
    const roles = rolesList(data.roles);
    if (!who || !roles) return undefined;
    const before = rolesList(data.previousRoles);
    return `${who} is now ${roles}${before && before !== roles ? ` (was ${before})` : ''}`;
  },
  'invitation.accepted': (data, nameOf) => {
    const who = person(nameOf, data.userId, data.name);
    return who && `Invitation accepted by ${who}`;
  },
  'pin.set': (data, nameOf) => {
    const who = person(nameOf, data.userId);
    return who && `PIN set by ${who}`;
  },
  'training.recorded': (data, nameOf) => {
    const who = person(nameOf, data.userId);
    const course = label(courses, str(data.course) ?? '') ?? str(data.course);
    const completed = dayText(data.completedOn);
    if (!who || !course) return undefined;
    return `${course} recorded for ${who}${completed ? ` (completed ${completed})` : ''}`;
  },
  'scene.created': (data) => {
    const number = str(data.number);
    if (!number) return undefined;
    const description = str(data.description);
    const hazards = strings(data.hazards) ?? [];
    const aimed = data.aimedAtPerson === true ? ', aimed at a person' : '';
    return `Scene ${number} created${description ? `: ${description}` : ''}${hazards.length > 0 ? ` — ${hazards.join(', ')}` : ''}${aimed}`;
  },
  'shootDay.created': (data) => {
    const day = dayText(data.date);
    if (!day) return undefined;
    const location = str(data.location);
    const scenes = strings(data.sceneIds)?.length ?? 0;
    return `Shoot day ${day}${location ? ` at ${location}` : ''}${scenes > 0 ? ` (${scenes} ${scenes === 1 ? 'scene' : 'scenes'})` : ''}`;
  },
  'stop.raised': (data) => {
    const reason = str(data.reason);
    const location = str(data.location);
    return `Work stopped${reason ? `: ${reason}` : ''}${location ? ` (${location})` : ''}`;
  },
  'stop.acknowledged': (data) => {
    const device = str(data.deviceId);
    return device && `Stop acknowledged on device ${device.slice(0, 6)}`;
  },
  'stop.lift.refused': (data) => {
    if (!Array.isArray(data.refusals)) return undefined;
    const reasons = (data.refusals as unknown[]).map((r) => str((r as Data | null)?.reason)).filter((r): r is string => r !== undefined);
    return `Lifting a stop was refused${reasons.length > 0 ? `: ${reasons.join(' ')}` : ''}`;
  },
  'stop.lifted': (data, nameOf) => {
    const resolution = str(data.resolution);
    const second = person(nameOf, data.secondedBy);
    if (!resolution || !second) return undefined;
    return `Stop lifted, confirmed by ${second}: ${resolution}`;
  },
};

/** "firearm.handOff" -> "firearm hand off"; "toUserId" -> "to user id". */
function words(name: string): string {
  return name
    .replace(/[._]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const MAX_FIELDS = 5;
const MAX_VALUE = 80;

function clip(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** A readable line for any entry: its type in words, then its simple fields, user ids as names. */
export function genericLine(type: string, data: Data, nameOf: NameOf): string {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (fields.length === MAX_FIELDS) break;
    const name = /userid$/i.test(key) && typeof value === 'string' ? nameOf(value) : undefined;
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

/** The sentence a crew member reads for one entry. */
export function describeEntry(entry: Entry, nameOf: NameOf): string {
  const type = typeof entry.type === 'string' ? entry.type : '';
  const data: Data = typeof entry.data === 'object' && entry.data !== null && !Array.isArray(entry.data) ? entry.data : {};
  try {
    return (Object.hasOwn(sentences, type) ? sentences[type]!(data, nameOf) : undefined) ?? genericLine(type, data, nameOf);
  } catch {
    // The last guard: one odd entry must never take the whole page down.
    return type === '' ? 'Entry' : sentenceCase(words(type));
  }
}

/** Who acted, to follow "By": a member by name, an anonymous reporter, or Setbook itself. */
export function actorText(actor: unknown, nameOf: NameOf): string {
  if (actor === null || typeof actor !== 'object' || Array.isArray(actor)) return 'Setbook';
  const record = actor as Record<string, unknown>;
  if (record.anonymous === true) return 'an anonymous reporter';
  const id = str(record.userId);
  if (id) return nameOf(id) ?? 'someone no longer on the production';
  return 'someone';
}
