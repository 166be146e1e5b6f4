import { canonicalize, utf8 } from './canonical.js';
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
