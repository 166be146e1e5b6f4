import { LedgerError } from './errors.js';

// A lone surrogate cannot be encoded as UTF-8; TextEncoder would silently turn it
// into U+FFFD, so two different strings would hash alike. RFC 8785 section 3.1
// requires I-JSON (RFC 7493 section 2.1), which forbids them.
const LONE_SURROGATE = /\p{Cs}/u;
/** Characters JSON must escape, or that need the surrogate check; most strings have none. */
const SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Deeper nesting is refused; it also stops a cyclic value without tracking every object. */
export const MAX_DEPTH = 1000;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (RFC 8785 section 3.2.4 hashes the UTF-8 of the text). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * The RFC 8785 (JCS) canonical JSON text of a value: object keys sorted by their
 * UTF-16 code units (section 3.2.3), numbers as ECMAScript renders them
 * (section 3.2.2.3), strings with JSON's minimal escaping (section 3.2.2.2).
 * Only null, booleans, finite numbers, strings, arrays and plain objects are
 * JSON; anything else throws NON_CANONICAL_VALUE rather than being dropped or
 * coerced, because the bytes are hashed into the ledger.
 */
export function canonicalize(value: unknown): string {
  try {
    return serialize(value, 0);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    throw new LedgerError('NON_CANONICAL_VALUE', `$${error.path.reverse().join('')} ${error.message}`);
  }
}

/** Thrown inside serialize; each enclosing array or object adds its step to the path on the way out. */
class Refusal extends Error {
  readonly path: string[] = [];
}

function serialize(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return string(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Refusal(`is ${value}, which JSON cannot represent`);
      // ES Number::toString, as section 3.2.2.3 requires; -0 becomes "0".
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) throw new Refusal(`nests deeper than ${MAX_DEPTH} levels (a cycle?)`);
      return Array.isArray(value) ? array(value, depth + 1) : object(value, depth + 1);
    default:
      throw new Refusal(`is ${typeof value}, which is not JSON`);
  }
}

function string(value: string): string {
  if (!SPECIAL.test(value)) return `"${value}"`;
  if (LONE_SURROGATE.test(value)) throw new Refusal('is a string with a lone surrogate');
  // JSON.stringify escapes exactly as section 3.2.2.2 asks: the short forms, else \u00xx in lower case.
  return JSON.stringify(value);
}

function array(items: unknown[], depth: number): string {
  let text = '[';
  // An index loop, not map(): map skips holes, and a hole is undefined.
  for (let i = 0; i < items.length; i++) {
    if (i > 0) text += ',';
    try {
      text += serialize(items[i], depth);
    } catch (error) {
      if (error instanceof Refusal) error.path.push(`[${i}]`);
      throw error;
    }
  }
  return text + ']';
}

function object(value: object, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new Refusal(`is a ${value.constructor?.name ?? 'non-plain object'}, not a plain object`);
  }
  const record = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, exactly as section 3.2.3 says.
  const keys = Object.keys(record).sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) text += ',';
    try {
      text += `${string(key)}:${serialize(record[key], depth)}`;
    } catch (error) {
      if (error instanceof Refusal) error.path.push(`.${key}`);
      throw error;
    }
  }
  return text + '}';
}
