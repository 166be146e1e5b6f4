import { canonicalMembers, canonicalize, utf8 } from './canonical.js';
import { leafHash, type Sha256 } from './hash.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Who acted: a signed-in user, an anonymous reporter, or any other JSON object the service records. */
export type LedgerActor = { userId: string; roles?: string[] } | { anonymous: true } | { [key: string]: JsonValue };

/**
 * One ledger record. Its RFC 8785 bytes are the leaf (DESIGN.md, "The ledger"),
 * so every field must be JSON: no undefined, Date or NaN anywhere.
 */
export interface LedgerEntry {
  /** What happened, e.g. "firearm.handOff", "stop.raised", "write.refused". */
  type: string;
  productionId: string;
  /** ISO 8601 UTC time the server recorded it. */
  at: string;
  actor: LedgerActor | null;
  data: Record<string, unknown>;
  /** Indices of earlier entries this one answers, e.g. the stop a lift ends. */
  refs: number[];
}

/** The leaf bytes: canonical JSON of the entry, UTF-8. Throws NON_CANONICAL_VALUE. */
export function entryBytes(entry: LedgerEntry): Uint8Array {
  return utf8(canonicalize(entry));
}

/** RFC 9162 leaf hash of the entry's canonical bytes. */
export function entryLeafHash(entry: LedgerEntry, hash?: Sha256): Uint8Array {
  return leafHash(entryBytes(entry), hash);
}

/**
 * Whether a parsed value has the shape of a LedgerEntry with exactly its six
 * fields, refs naming only entries before `index` (the log is append-only, so
 * nothing can refer forward).
 */
export function isLedgerEntry(value: unknown, index: number): value is LedgerEntry {
  if (!isRecord(value) || Object.keys(value).length !== 6) return false;
  const { type, productionId, at, actor, data, refs } = value;
  return (
    typeof type === 'string' &&
    type !== '' &&
    typeof productionId === 'string' &&
    typeof at === 'string' &&
    (actor === null || isRecord(actor)) &&
    isRecord(data) &&
    Array.isArray(refs) &&
    refs.every((ref) => Number.isSafeInteger(ref) && ref >= 0 && ref < index)
  );
}

/** The fields of a LedgerEntry in canonical (sorted) order. */
const FIELDS = ['actor', 'at', 'data', 'productionId', 'refs', 'type'];

/**
 * Whether `text` is, for certain, the canonical bytes of a ledger entry of
 * `productionId` that may stand at `index`: what canonicalize, isLedgerEntry
 * and a productionId check would say of JSON.parse(text), read without
 * parsing. False also when this reading cannot tell (see canonicalMembers);
 * a verifier then parses.
 */
export function isCanonicalEntryText(text: string, index: number, productionId: string): boolean {
  const members = canonicalMembers(text);
  if (members?.length !== FIELDS.length || members.some(([key], i) => key !== FIELDS[i])) return false;
  const [actor, at, data, production, refs, type] = members.map(([, value]) => value) as [string, string, string, string, string, string];
  return (
    (actor === 'null' || actor.startsWith('{')) &&
    at.startsWith('"') &&
    data.startsWith('{') &&
    production.startsWith('"') &&
    JSON.parse(production) === productionId &&
    refsBefore(refs, index) &&
    type.startsWith('"') &&
    type !== '""'
  );
}

/** Whether canonical array text lists only indices below `index`, each written as plain digits. */
function refsBefore(refs: string, index: number): boolean {
  if (refs === '[]') return true;
  if (!refs.startsWith('[')) return false;
  return refs
    .slice(1, -1)
    .split(',')
    .every((ref) => /^(0|[1-9][0-9]*)$/.test(ref) && Number.isSafeInteger(Number(ref)) && Number(ref) < index);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
