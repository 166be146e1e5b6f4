// The ledger page's filters as they live in the address: ?kind=custody&person=
// <user id>&day=2026-12-08&q=colt, and the page as ?to=<index> (the page ending
// there) or ?from=<index> (the page starting there). A filtered view can be
// shared as a link and survives a reload; anything malformed is ignored.
import type { LedgerQuery } from '../../api.js';
import { t } from '../../i18n.js';
import { dayText, KINDS, kindLabel, typesOf, type Kind } from '../ledger-lines.js';

export interface Filters {
  kind: Kind | null;
  person: string | null;
  /** YYYY-MM-DD in the production's zone */
  day: string | null;
  /** words to find in the sentences; '' for none */
  q: string;
}

/** Which page of the matches: the newest (null), the one ending before `to`, or the one starting at `from`. */
export type Cursor = { to: number } | { from: number } | null;

export const NO_FILTERS: Filters = { kind: null, person: null, day: null, q: '' };

const PERSON = /^[A-Za-z0-9_-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_QUERY = 200;

export function readFilters(query: URLSearchParams): Filters {
  const kind = query.get('kind');
  const person = query.get('person');
  const day = query.get('day');
  return {
    kind: kind !== null && (KINDS as readonly string[]).includes(kind) ? (kind as Kind) : null,
    person: person !== null && PERSON.test(person) ? person : null,
    day: day !== null && DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ? day : null,
    q: (query.get('q') ?? '').trim().slice(0, MAX_QUERY),
  };
}

function index(value: string | null): number | null {
  if (value === null || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

export function readCursor(query: URLSearchParams): Cursor {
  const to = index(query.get('to'));
  if (to !== null) return { to };
  const from = index(query.get('from'));
  return from !== null ? { from } : null;
}

/** The address of a filtered view, its parameters always in the same order so a link reads the same. */
export function filterHref(path: string, filters: Filters, cursor: Cursor = null): string {
  const query = new URLSearchParams();
  if (filters.kind) query.set('kind', filters.kind);
  if (filters.person) query.set('person', filters.person);
  if (filters.day) query.set('day', filters.day);
  if (filters.q) query.set('q', filters.q);
  if (cursor && 'to' in cursor) query.set('to', String(cursor.to));
  if (cursor && 'from' in cursor) query.set('from', String(cursor.from));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Each filter in use, in words: the chips a phone shows, and what the count is read out for. */
export function filterWords(filters: Filters, nameOf: (userId: string) => string | undefined): Array<{ key: keyof Filters; text: string }> {
  const words: Array<{ key: keyof Filters; text: string }> = [];
  if (filters.kind) words.push({ key: 'kind', text: kindLabel(filters.kind) });
  if (filters.person) words.push({ key: 'person', text: nameOf(filters.person) ?? t('ledger.filter.unlisted') });
  if (filters.day) words.push({ key: 'day', text: dayText(filters.day) ?? filters.day });
  if (filters.q) words.push({ key: 'q', text: t('ledger.filter.quoted', { words: filters.q }) });
  return words;
}

export function filterCount(filters: Filters): number {
  return [filters.kind, filters.person, filters.day, filters.q || null].filter((f) => f !== null).length;
}

/** What the server filters: kinds, people and days are facts of the entry; words depend on the reader's names and language. */
export function serverFilter(filters: Filters): Pick<LedgerQuery, 'type' | 'person' | 'day'> {
  const query: Pick<LedgerQuery, 'type' | 'person' | 'day'> = {};
  if (filters.kind) query.type = typesOf(filters.kind).join(',');
  if (filters.person) query.person = filters.person;
  if (filters.day) query.day = filters.day;
  return query;
}

/** Lower case without accents, so "jose" finds "José". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** The words of a search; an entry matches when its text holds every one of them. */
export function searchWords(q: string): string[] {
  return fold(q).split(/\s+/).filter((word) => word !== '');
}

export function matchesWords(text: string, words: readonly string[]): boolean {
  const folded = fold(text);
  return words.every((word) => folded.includes(word));
}
