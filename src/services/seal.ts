import crypto from 'node:crypto';
import type { NoteSigner } from '../ledger/note.js';

/**
 * Secrets the server must read again but the database must not give away
 * (a call sheet recipient's link) are sealed with AES-256-GCM under a key
 * derived from the instance's ledger signing key, which lives in the data
 * directory and never in the database. Ed25519 signatures are deterministic
 * (RFC 8032 section 5.1.6), so the signature of a fixed label, hashed, is the
 * same key on every start and every instance that shares the signing key;
 * nothing else the server signs has this label's form, and the signature is
 * never shown.
 */
const LABEL = 'setbook sealing key v1\n';
const PREFIX = 'sealed:v1:';

const keys = new WeakMap<NoteSigner, Buffer>();

function keyOf(signer: NoteSigner): Buffer {
  let key = keys.get(signer);
  if (!key) {
    key = crypto.createHash('sha256').update(signer.sign(new TextEncoder().encode(LABEL))).digest();
    keys.set(signer, key);
  }
  return key;
}

export function seal(signer: NoteSigner, text: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(signer), iv);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

export const isSealed = (text: string) => text.startsWith(PREFIX);

/** Opens what `seal` sealed; throws when another key sealed it or it was altered. */
export function unseal(signer: NoteSigner, text: string): string {
  if (!isSealed(text)) throw new Error('not sealed');
  const raw = Buffer.from(text.slice(PREFIX.length), 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(signer), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
