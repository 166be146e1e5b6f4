import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What signs checkpoints: an Ed25519 key with a name that appears in each signature line. */
export interface CheckpointSigner {
  name: string;
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

interface KeyFile {
  name: string;
  /** JWK of the Ed25519 private key */
  jwk: crypto.JsonWebKey;
}

/**
 * The instance's checkpoint signing key. Generated on first start and kept in
 * the data directory with mode 0600; node:crypto signs (fast), the pure ledger
 * code verifies anywhere.
 */
export function loadOrCreateSigner(dataDir: string): CheckpointSigner {
  const file = path.join(dataDir, 'ledger-key.json');
  let keyFile: KeyFile;
  if (fs.existsSync(file)) {
    keyFile = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } else {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const suffix = crypto.randomBytes(4).toString('hex');
    keyFile = { name: `setbook-${suffix}`, jwk: privateKey.export({ format: 'jwk' }) };
    fs.mkdirSync(dataDir, { recursive: true });
    // 'wx' never overwrites a key another process wrote meanwhile.
    fs.writeFileSync(file, JSON.stringify(keyFile), { mode: 0o600, flag: 'wx' });
  }
  const privateKey = crypto.createPrivateKey({ key: keyFile.jwk, format: 'jwk' });
  const publicKey = new Uint8Array(Buffer.from(keyFile.jwk.x ?? '', 'base64url'));
  return {
    name: keyFile.name,
    publicKey,
    sign: (message) => new Uint8Array(crypto.sign(null, message, privateKey)),
  };
}

/** Verifies an Ed25519 signature with node:crypto (much faster than pure JS for big exports). */
export function nodeVerify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const x = Buffer.from(publicKey).toString('base64url');
  let key = publicKeys.get(x);
  if (!key) {
    key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    publicKeys.set(x, key);
  }
  return crypto.verify(null, message, key, signature);
}

/**
 * SHA-256 by OpenSSL through the one-shot crypto.hash (Node 20.12+), far cheaper
 * per call than createHash or pure JS. It answers through a 'binary' (latin1) string
 * because Buffer.from takes small buffers from a shared pool, where the 'buffer'
 * output allocates a new one each call: twice as slow for a 32-byte hash.
 */
export function nodeSha256(data: Uint8Array): Uint8Array {
  return Buffer.from(crypto.hash('sha256', data, 'binary'), 'binary');
}

/** A bundle is signed by one key; parse it once, not once per checkpoint. */
const publicKeys = new Map<string, crypto.KeyObject>();
