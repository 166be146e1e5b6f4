import { sha256 } from '@noble/hashes/sha2.js';
import { LedgerError } from './errors.js';

/** Every hash in the log is SHA-256 (RFC 9162 section 2.1.1 with the SHA-256 hash). */
export const HASH_SIZE = 32;

/**
 * A SHA-256 function. Pure-JS noble is the default everywhere; a verifier of a
 * million-entry export may pass node:crypto's, about twice as fast.
 */
export type Sha256 = (data: Uint8Array) => Uint8Array;

export const nobleSha256: Sha256 = sha256;

/** RFC 9162 section 2.1.1: MTH({d(0)}) = HASH(0x00 || d(0)); the prefix keeps leaves and nodes apart. */
export function leafHash(leaf: Uint8Array, hash: Sha256 = sha256): Uint8Array {
  const input = new Uint8Array(leaf.length + 1);
  input.set(leaf, 1);
  return hash(input);
}

/** RFC 9162 section 2.1.1: HASH(0x01 || MTH(left) || MTH(right)). */
export function nodeHash(left: Uint8Array, right: Uint8Array, hash: Sha256 = sha256): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash(input);
}

/** RFC 9162 section 2.1.1: the hash of an empty list is the hash of an empty string. */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Lower- or upper-case hex of whole bytes; anything else is BAD_ENCODING. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new LedgerError('BAD_ENCODING', 'not hex of whole bytes');
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** Standard padded base64 (RFC 4648 section 4), the encoding checkpoints and notes use. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Decodes standard padded base64, accepting only the canonical encoding
 * (RFC 4648 section 3.5: pad bits zero, no whitespace), so that every byte string
 * has exactly one text form and two texts never decode to the same bytes.
 */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new LedgerError('BAD_ENCODING', 'base64 length is not a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = last && padding === 2 ? 0 : sextet(text, i + 2);
    const d = last && padding >= 1 ? 0 : sextet(text, i + 3);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o++] = n >> 16;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
    if (last && ((padding === 2 && (n & 0xffff) !== 0) || (padding === 1 && (n & 0xff) !== 0))) {
      throw new LedgerError('BAD_ENCODING', 'base64 has non-zero pad bits');
    }
  }
  return bytes;
}

function sextet(text: string, at: number): number {
  const code = text.charCodeAt(at);
  const value = code < 128 ? VALUE[code]! : -1;
  if (value < 0) throw new LedgerError('BAD_ENCODING', `invalid base64 character at ${at}`);
  return value;
}
