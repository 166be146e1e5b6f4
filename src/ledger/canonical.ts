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

// Reading canonical text without parsing it. Each reader takes the text and
// where a value starts, and returns where it ends, or UNSURE.

/** Not canonical, or not a form these readers decide (canonicalize then does). */
const UNSURE = -1;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The characters after a backslash that section 3.2.2.2 writes in short form: " \ b f n r t. */
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x62, 0x66, 0x6e, 0x72, 0x74]);
/** The control characters that have a short form, so never appear as \u00xx: b t n f r. */
const SHORT_CONTROLS = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);
const LITERALS = ['null', 'true', 'false'];

/**
 * The members of `text`, in order, as key and value text, when `text` is a
 * JSON object written exactly in its RFC 8785 form, so that
 * canonicalize(JSON.parse(text)) === text; read in one pass, without building
 * the value, as a verifier of a million entries needs. Undefined otherwise,
 * and for the rare canonical texts this reading leaves to canonicalize: an
 * escaped key, or nesting beyond MAX_DEPTH.
 */
export function canonicalMembers(text: string): Array<[key: string, value: string]> | undefined {
  const members: Array<[string, string]> = [];
  return objectEnd(text, 0, 0, members) === text.length ? members : undefined;
}

function valueEnd(text: string, at: number, depth: number): number {
  const c = text.charCodeAt(at);
  if (c === QUOTE) return stringEnd(text, at, true);
  if (c === 0x7b) return objectEnd(text, at, depth);
  if (c === 0x5b) return arrayEnd(text, at, depth);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return numberEnd(text, at);
  for (const literal of LITERALS) if (text.startsWith(literal, at)) return at + literal.length;
  return UNSURE;
}

// Section 3.2.3: members sorted by the UTF-16 code units of their keys, so
// never two alike; keys with escapes are left to canonicalize, since their
// text does not sort as their value does.
function objectEnd(text: string, at: number, depth: number, members?: Array<[string, string]>): number {
  if (text.charCodeAt(at) !== 0x7b || depth >= MAX_DEPTH) return UNSURE;
  if (text.charCodeAt(at + 1) === 0x7d) return at + 2;
  let previousKey: string | undefined;
  for (let i = at + 1; ; ) {
    const keyEnd = stringEnd(text, i, false);
    if (keyEnd === UNSURE || text.charCodeAt(keyEnd) !== 0x3a) return UNSURE;
    const key = text.slice(i + 1, keyEnd - 1);
    if (previousKey !== undefined && previousKey >= key) return UNSURE;
    previousKey = key;
    const end = valueEnd(text, keyEnd + 1, depth + 1);
    if (end === UNSURE) return UNSURE;
    members?.push([key, text.slice(keyEnd + 1, end)]);
    const next = text.charCodeAt(end);
    if (next === 0x7d) return end + 1;
    if (next !== 0x2c) return UNSURE;
    i = end + 1;
  }
}

function arrayEnd(text: string, at: number, depth: number): number {
  if (depth >= MAX_DEPTH) return UNSURE;
  if (text.charCodeAt(at + 1) === 0x5d) return at + 2;
  for (let i = at + 1; ; ) {
    const end = valueEnd(text, i, depth + 1);
    if (end === UNSURE) return UNSURE;
    const next = text.charCodeAt(end);
    if (next === 0x5d) return end + 1;
    if (next !== 0x2c) return UNSURE;
    i = end + 1;
  }
}

// Section 3.2.2.2: every character as itself but " and \ and the controls,
// which take the short escapes or else \u00xx in lower case; no lone surrogate.
function stringEnd(text: string, at: number, escapes: boolean): number {
  if (text.charCodeAt(at) !== QUOTE) return UNSURE;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      if (!escapes) return UNSURE;
      if (SHORT_ESCAPES.has(text.charCodeAt(i + 1))) {
        i++;
      } else if (isControlEscape(text.slice(i + 1, i + 6))) {
        i += 5;
      } else {
        return UNSURE;
      }
    } else if (c < 0x20) {
      return UNSURE;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return UNSURE;
      i++;
    }
  }
  return UNSURE;
}

function isControlEscape(escape: string): boolean {
  const match = /^u00[01][0-9a-f]$/.exec(escape);
  return match !== null && !SHORT_CONTROLS.has(parseInt(escape.slice(1), 16));
}

// Section 3.2.2.3: a number is canonical when it is what ECMAScript writes
// for the value it reads as (which is valid JSON, and never -0, NaN or Infinity).
function numberEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && isNumberCharacter(text.charCodeAt(end))) end++;
  const token = text.slice(at, end);
  return String(Number(token)) === token ? end : UNSURE;
}

function isNumberCharacter(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}
