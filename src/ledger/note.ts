/**
 * Signed notes (golang.org/x/mod/sumdb/note) carrying transparency-dev
 * checkpoints (github.com/transparency-dev/formats, log/README.md).
 *
 * A signed note is a body of lines each ending in "\n", a blank line, then one
 * or more lines "— <name> <base64(key hash || signature)>\n". The signature
 * covers the body including its final newline. The key hash is the first four
 * bytes of SHA-256(name || "\n" || 0x01 || Ed25519 public key), big-endian.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from './canonical.js';
import { LedgerError } from './errors.js';
import { HASH_SIZE, fromBase64, toBase64 } from './hash.js';

/** The algorithm byte of an Ed25519 key in the note format. */
const ALG_ED25519 = 1;
const PUBLIC_KEY_SIZE = 32;
const SIGNATURE_SIZE = 64;
/** The note package refuses notes with more signatures, so parsing stays cheap. */
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '— ';

export interface Checkpoint {
  /** Names the log; ours is per production. */
  origin: string;
  size: number;
  rootHash: Uint8Array;
}

export interface NoteSignature {
  name: string;
  /** First four bytes of the key hash as an unsigned big-endian number. */
  keyHash: number;
  signature: Uint8Array;
}

export interface SignedNote {
  /** The signed text, ending in "\n". */
  body: string;
  signatures: NoteSignature[];
}

export type SignedCheckpoint = Checkpoint & SignedNote;

export interface NoteVerifierKey {
  name: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
}

/** Signs note bodies; the server passes one backed by node:crypto. */
export interface NoteSigner extends NoteVerifierKey {
  sign(message: Uint8Array): Uint8Array;
}

/** Ed25519 verification, in @noble/curves' argument order. */
export type SignatureVerifier = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

/** RFC 8032 verification in pure JS (strict, not ZIP-215, as Go and OpenSSL verify). */
export const nobleVerify: SignatureVerifier = (signature, message, publicKey) => {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
};

/** A signer over a 32-byte Ed25519 secret key (seed) in pure JS; slow, for tests and tools. */
export function nobleSigner(name: string, secretKey: Uint8Array): NoteSigner {
  return {
    name,
    publicKey: ed25519.getPublicKey(secretKey),
    sign: (message) => ed25519.sign(message, secretKey),
  };
}

export function generateKeyPair(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  return ed25519.keygen();
}

/** The note key hash of an Ed25519 key: it commits to the name and the algorithm. */
export function keyHash(name: string, publicKey: Uint8Array): number {
  const digest = sha256(concat(utf8(`${name}\n`), Uint8Array.of(ALG_ED25519), publicKey));
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

/**
 * The key hash as a verifier key spells it: eight lowercase hex digits. Short
 * enough to print on a call sheet and compare by eye with what a verifier shows.
 */
export function keyHashText(name: string, publicKey: Uint8Array): string {
  return hex32(keyHash(name, publicKey));
}

/** The verifier key text "<name>+<hex key hash>+<base64(0x01 || public key)>". */
export function encodeVerifierKey(name: string, publicKey: Uint8Array): string {
  checkName(name);
  checkPublicKey(publicKey);
  return `${name}+${keyHashText(name, publicKey)}+${toBase64(concat(Uint8Array.of(ALG_ED25519), publicKey))}`;
}

/** Parses a verifier key, checking its key hash; anything else is BAD_KEY. */
export function parseVerifierKey(vkey: string): NoteVerifierKey & { keyHash: number } {
  // As the note package chops it: the key's base64 may itself hold "+".
  const [name, afterName] = chop(vkey);
  const [hash, key64] = chop(afterName);
  const bad = (why: string) => new LedgerError('BAD_KEY', `verifier key ${why}`);
  checkName(name);
  if (!/^[0-9a-f]{8}$/i.test(hash)) throw bad('hash is not 8 hex digits');
  let key: Uint8Array;
  try {
    key = fromBase64(key64);
  } catch {
    throw bad('key is not base64');
  }
  if (key[0] !== ALG_ED25519) throw bad('is not an Ed25519 key');
  if (key.length !== 1 + PUBLIC_KEY_SIZE) throw bad(`key is not ${PUBLIC_KEY_SIZE} bytes`);
  const publicKey = key.slice(1);
  const expected = keyHash(name, publicKey);
  if (parseInt(hash, 16) !== expected) throw bad('hash does not match its name and key');
  return { name, publicKey, keyHash: expected };
}

/** Signs `body` (lines ending in "\n") as a note with one signature. */
export function signNote(body: string, signer: NoteSigner): string {
  checkNoteText(body);
  if (!body.endsWith('\n') || body.startsWith('\n') || body.includes('\n\n')) {
    throw new LedgerError('BAD_CHECKPOINT', 'a note body is non-empty lines, each ending in a newline');
  }
  checkName(signer.name);
  checkPublicKey(signer.publicKey);
  const signature = signer.sign(utf8(body));
  if (signature.length !== SIGNATURE_SIZE) {
    throw new LedgerError('BAD_SIGNATURE', `signer returned ${signature.length} bytes, not an Ed25519 signature`);
  }
  const hash = new Uint8Array(4);
  new DataView(hash.buffer).setUint32(0, signerKeyHash(signer));
  return `${body}\n${SIGNATURE_PREFIX}${signer.name} ${toBase64(concat(hash, signature))}\n`;
}

/** A server's signer signs a checkpoint per write: its key hash is worked out once per name and key. */
const signerKeyHashes = new WeakMap<NoteSigner, { name: string; publicKey: Uint8Array; hash: number }>();

function signerKeyHash(signer: NoteSigner): number {
  const known = signerKeyHashes.get(signer);
  if (known?.name === signer.name && known.publicKey === signer.publicKey) return known.hash;
  const hash = keyHash(signer.name, signer.publicKey);
  signerKeyHashes.set(signer, { name: signer.name, publicKey: signer.publicKey, hash });
  return hash;
}

/** Splits a signed note into body and signatures without checking any; malformed is BAD_CHECKPOINT. */
export function parseNote(text: string): SignedNote {
  checkNoteText(text);
  const split = text.lastIndexOf('\n\n');
  const block = text.slice(split + 2);
  if (split < 0 || !block.endsWith('\n')) throw malformed('has no signature block after a blank line');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('has a signature line without the em dash');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    if (space < 0 || !isValidName(name)) throw malformed('has a signature line without a valid key name');
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(rest.slice(space + 1));
    } catch {
      throw malformed('has a signature that is not base64');
    }
    if (bytes.length < 5) throw malformed('has a signature shorter than its key hash');
    return { name, keyHash: new DataView(bytes.buffer).getUint32(0), signature: bytes.slice(4) };
  });
  return { body: text.slice(0, split + 1), signatures };
}

/**
 * Checks that the note carries a valid signature by `key` (every one, if it
 * carries several) and returns it parsed. Signatures by other keys, such as
 * witnesses, are ignored. Throws BAD_CHECKPOINT or BAD_SIGNATURE.
 */
export function verifyNote(text: string, key: NoteVerifierKey, verify: SignatureVerifier = nobleVerify): SignedNote {
  const note = parseNote(text);
  checkSignatures(note, key, verify);
  return note;
}

/** The checkpoint body "<origin>\n<size>\n<base64 root>\n" (formats log/README.md). */
export function formatCheckpoint({ origin, size, rootHash }: Checkpoint): string {
  if (origin === '' || /[\u0000-\u001f]/.test(origin)) {
    throw new LedgerError('BAD_CHECKPOINT', 'origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new LedgerError('BAD_CHECKPOINT', `size ${size} is not a count`);
  if (rootHash.length !== HASH_SIZE) throw new LedgerError('BAD_CHECKPOINT', `root hash is not ${HASH_SIZE} bytes`);
  return `${origin}\n${size}\n${toBase64(rootHash)}\n`;
}

/**
 * Parses a signed checkpoint without checking its signatures. Only the three
 * lines we write are accepted: the README's optional extension lines are not,
 * since nothing of ours signs them.
 */
export function parseCheckpoint(text: string): SignedCheckpoint {
  const note = parseNote(text);
  const lines = note.body.slice(0, -1).split('\n');
  const [origin = '', size = '', root = ''] = lines;
  if (lines.length !== 3) throw malformed('body is not exactly origin, size and root hash');
  if (origin === '') throw malformed('has an empty origin');
  // Decimal without leading zeros, as the README requires.
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw malformed('has an invalid size');
  let rootHash: Uint8Array;
  try {
    rootHash = fromBase64(root);
  } catch {
    throw malformed('has a root hash that is not base64');
  }
  if (rootHash.length !== HASH_SIZE) throw malformed(`has a root hash that is not ${HASH_SIZE} bytes`);
  return { origin, size: Number(size), rootHash, ...note };
}

export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(checkpoint), signer);
}

/** parseCheckpoint, then the signature check of verifyNote. */
export function verifyCheckpoint(
  text: string,
  key: NoteVerifierKey,
  verify: SignatureVerifier = nobleVerify,
): SignedCheckpoint {
  const checkpoint = parseCheckpoint(text);
  checkSignatures(checkpoint, key, verify);
  return checkpoint;
}

function checkSignatures(note: SignedNote, key: NoteVerifierKey, verify: SignatureVerifier): void {
  checkPublicKey(key.publicKey);
  const hash = keyHash(key.name, key.publicKey);
  const mine = note.signatures.filter((s) => s.name === key.name && s.keyHash === hash);
  const id = `${key.name}+${hex32(hash)}`;
  if (mine.length === 0) throw new LedgerError('BAD_SIGNATURE', `note is not signed by ${id}`);
  const message = utf8(note.body);
  for (const { signature } of mine) {
    if (!safeVerify(verify, signature, message, key.publicKey)) {
      throw new LedgerError('BAD_SIGNATURE', `invalid signature for ${id}`);
    }
  }
}

function safeVerify(verify: SignatureVerifier, signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) {
  if (signature.length !== SIGNATURE_SIZE) return false;
  try {
    return verify(signature, message, publicKey);
  } catch {
    return false;
  }
}

// sumdb note: valid UTF-8 with no ASCII control characters but newline.
function checkNoteText(text: string): void {
  if (/[\u0000-\u0009\u000b-\u001f]|\p{Cs}/u.test(text)) {
    throw malformed('has a control character or invalid UTF-16');
  }
}

// sumdb note isValidName: non-empty, no Unicode space, no "+".
function isValidName(name: string): boolean {
  return name !== '' && !/[\s\u0085+]|\p{Cs}/u.test(name);
}

function checkName(name: string): void {
  if (!isValidName(name)) throw new LedgerError('BAD_KEY', `key name "${name}" is empty or has a space or "+"`);
}

function checkPublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== PUBLIC_KEY_SIZE) {
    throw new LedgerError('BAD_KEY', `public key is ${publicKey.length} bytes, not ${PUBLIC_KEY_SIZE}`);
  }
}

function malformed(why: string): LedgerError {
  return new LedgerError('BAD_CHECKPOINT', `note ${why}`);
}

function chop(text: string): [before: string, after: string] {
  const at = text.indexOf('+');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
