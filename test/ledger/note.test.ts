import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerifyRaw } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/ledger/canonical.js';
import { fromBase64, fromHex, leafHash, toBase64, toHex } from '../../src/ledger/hash.js';
import {
  encodeVerifierKey,
  formatCheckpoint,
  generateKeyPair,
  keyHash,
  nobleSigner,
  nobleVerify,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifyCheckpoint,
  verifyNote,
  type NoteSigner,
  type SignatureVerifier,
} from '../../src/ledger/note.js';
import { expectCode, ledgerError } from './helpers.js';

// golang.org/x/mod sumdb/note/note_test.go: keys, text and signatures.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

/** The signature line with one bit of the signature itself (not the key hash) flipped. */
function corrupt(line: string): string {
  const [prefix, name, b64] = line.slice(0, -1).split(' ') as [string, string, string];
  const bytes = fromBase64(b64);
  bytes[10]! ^= 1;
  return `${prefix} ${name} ${toBase64(bytes)}\n`;
}

// transparency-dev/formats log/note_test.go: a checkpoint signed by sum.golang.org, and its key.
const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_CHECKPOINT =
  'go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n' +
  '— sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n';
const LOG_VKEY = 'Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs';
const LOG_SKEY = 'PRIVATE+KEY+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ';

/** The seed inside a note signer key "PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>". */
function seedOf(skey: string): Uint8Array {
  return fromBase64(skey.split('+').slice(4).join('+')).slice(1);
}

describe('verifier keys (sumdb note format)', () => {
  it('parses the published keys and re-encodes them identically', () => {
    for (const vkey of [PETER_VKEY, ENOCH_VKEY, SUMDB_VKEY, LOG_VKEY]) {
      const key = parseVerifierKey(vkey);
      expect(encodeVerifierKey(key.name, key.publicKey)).toBe(vkey);
    }
    const peter = parseVerifierKey(PETER_VKEY);
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyHash).toBe(0xc74f20a3);
    expect(keyHash(peter.name, peter.publicKey)).toBe(0xc74f20a3);
  });

  it('derives the published public keys from the published signer keys', () => {
    expect(encodeVerifierKey('PeterNeumann', nobleSigner('PeterNeumann', seedOf(PETER_SKEY)).publicKey)).toBe(PETER_VKEY);
    expect(encodeVerifierKey('Log', nobleSigner('Log', seedOf(LOG_SKEY)).publicKey)).toBe(LOG_VKEY);
  });

  // Ported from TestNewVerifier: every proper substring and every single-character change fails.
  it('refuses every mangling of a key', () => {
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i !== 0 || j !== PETER_VKEY.length) expectCode(() => parseVerifierKey(PETER_VKEY.slice(i, j)), 'BAD_KEY');
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const changed = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expectCode(() => parseVerifierKey(changed), 'BAD_KEY');
    }
    // Wrong length key, and unknown algorithm, each with an adjusted key hash.
    expectCode(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='), 'BAD_KEY');
    expectCode(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), 'BAD_KEY');
  });

  it('refuses names with a space or a plus, and keys that are not 32 bytes', () => {
    const { publicKey } = generateKeyPair();
    expectCode(() => encodeVerifierKey('set book', publicKey), 'BAD_KEY');
    expectCode(() => encodeVerifierKey('set+book', publicKey), 'BAD_KEY');
    expectCode(() => encodeVerifierKey('', publicKey), 'BAD_KEY');
    expectCode(() => encodeVerifierKey('setbook', publicKey.slice(1)), 'BAD_KEY');
  });
});

describe('signed notes', () => {
  const peter = parseVerifierKey(PETER_VKEY);
  const enoch = parseVerifierKey(ENOCH_VKEY);

  it('signs the published note byte for byte (Ed25519 is deterministic)', () => {
    expect(signNote(TEXT, nobleSigner('PeterNeumann', seedOf(PETER_SKEY)))).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('verifies the published note under each of its keys', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(verifyNote(note, peter).body).toBe(TEXT);
    expect(verifyNote(note, enoch).signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
  });

  it('refuses a note its key did not sign, or whose signature is corrupt', () => {
    expectCode(() => verifyNote(`${TEXT}\n${ENOCH_SIG}`, peter), 'BAD_SIGNATURE');
    expectCode(() => verifyNote(`${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`, peter), 'BAD_SIGNATURE');
    expectCode(() => verifyNote(`${TEXT.replace('answer', 'answers')}\n${PETER_SIG}`, peter), 'BAD_SIGNATURE');
    expectCode(() => verifyNote(`${TEXT}\n${corrupt(PETER_SIG)}`, peter), 'BAD_SIGNATURE');
  });

  // The malformed messages of TestOpen (its invalid-UTF-8 case is a lone surrogate in a JS string).
  it.each([
    TEXT,
    `${TEXT}\n`,
    `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
    `\u0001${TEXT}\n${PETER_SIG}`,
    `\ud800${TEXT}\n${PETER_SIG}`,
    `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
    `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
    `${TEXT}\n${PETER_SIG.repeat(101)}`,
    `${TEXT}\n— PeterNeumann AAAA\n`,
    `${TEXT}\n— PeterNeumann not-base64\n`,
  ])('refuses malformed note %#', (text) => {
    expectCode(() => parseNote(text), 'BAD_CHECKPOINT');
  });

  it('accepts the same signature twice but no invalid one among valid ones', () => {
    expect(verifyNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}`, peter).signatures).toHaveLength(2);
    expectCode(() => verifyNote(`${TEXT}\n${PETER_SIG}${corrupt(PETER_SIG)}`, peter), 'BAD_SIGNATURE');
  });

  it('refuses to sign a body that would not parse back', () => {
    const signer = nobleSigner('setbook', generateKeyPair().secretKey);
    for (const body of ['no newline', 'a\n\nb\n', '\nleading blank\n', 'tab\there\n']) {
      expectCode(() => signNote(body, signer), 'BAD_CHECKPOINT');
    }
  });
});

describe('checkpoints (transparency-dev log format)', () => {
  it('verifies a real sum.golang.org checkpoint', () => {
    const checkpoint = verifyCheckpoint(SUMDB_CHECKPOINT, parseVerifierKey(SUMDB_VKEY));
    expect(checkpoint.origin).toBe('go.sum database tree');
    expect(checkpoint.size).toBe(6476701);
    expect(toBase64(checkpoint.rootHash)).toBe('mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=');
    expect(formatCheckpoint(checkpoint)).toBe(checkpoint.body);
  });

  const { secretKey, publicKey } = generateKeyPair();
  const signer = nobleSigner('setbook-test', secretKey);
  const key = { name: signer.name, publicKey };
  const rootHash = leafHash(utf8('root'));
  const checkpoint = { origin: 'setbook.test/prod_1', size: 42, rootHash };

  it('formats the three-line body', () => {
    expect(formatCheckpoint(checkpoint)).toBe(`setbook.test/prod_1\n42\n${toBase64(rootHash)}\n`);
  });

  it('signs and verifies, returning what was signed', () => {
    const text = signCheckpoint(checkpoint, signer);
    expect(text).toMatch(/^setbook\.test\/prod_1\n42\n[A-Za-z0-9+/]{43}=\n\n— setbook-test [A-Za-z0-9+/]{91}=\n$/);
    const verified = verifyCheckpoint(text, key);
    expect(verified).toMatchObject({ origin: checkpoint.origin, size: 42, body: formatCheckpoint(checkpoint) });
    expect(toHex(verified.rootHash)).toBe(toHex(rootHash));
    expect(verified.signatures[0]!.keyHash).toBe(keyHash(key.name, publicKey));
  });

  it('ignores a witness cosignature but still needs the log key', () => {
    const witness = nobleSigner('witness', generateKeyPair().secretKey);
    const text = signCheckpoint(checkpoint, signer);
    const witnessLine = signNote(formatCheckpoint(checkpoint), witness).split('\n\n')[1]!;
    verifyCheckpoint(text + witnessLine, key);
    expectCode(() => verifyCheckpoint(`${formatCheckpoint(checkpoint)}\n${witnessLine}`, key), 'BAD_SIGNATURE');
  });

  it('refuses a checkpoint changed in any character of its body', () => {
    const text = signCheckpoint(checkpoint, signer);
    const bodyLength = formatCheckpoint(checkpoint).length - 1;
    fc.assert(
      fc.property(fc.nat({ max: bodyLength - 1 }), fc.constantFrom('0', '1', 'A', 'z', '/'), (at, char) => {
        fc.pre(text[at] !== char && text[at] !== '\n');
        const changed = text.slice(0, at) + char + text.slice(at + 1);
        expect(['BAD_SIGNATURE', 'BAD_CHECKPOINT']).toContain(ledgerError(() => verifyCheckpoint(changed, key)).code);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a signature with a flipped bit, and another key of the same name', () => {
    const text = signCheckpoint(checkpoint, signer);
    const [body, line] = text.split('\n\n') as [string, string];
    const sig = fromBase64(line.slice('— setbook-test '.length, -1));
    sig[40]! ^= 1;
    expectCode(() => verifyCheckpoint(`${body}\n\n— setbook-test ${toBase64(sig)}\n`, key), 'BAD_SIGNATURE');
    expectCode(() => verifyCheckpoint(text, { name: key.name, publicKey: generateKeyPair().publicKey }), 'BAD_SIGNATURE');
    expectCode(() => verifyCheckpoint(text, { name: 'other', publicKey }), 'BAD_SIGNATURE');
  });

  it.each([
    ['an extension line', 'setbook\n1\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\nextra\n'],
    ['a size with a leading zero', 'setbook\n01\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n'],
    ['a negative size', 'setbook\n-1\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n'],
    ['a size beyond 2^53', 'setbook\n9007199254740993\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n'],
    ['a short root', 'setbook\n1\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk\n'],
    ['a 31-byte root', 'setbook\n1\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Q==\n'],
    ['two lines', 'setbook\n1\n'],
  ])('refuses a checkpoint with %s', (_what, body) => {
    const text = signNote(body, signer);
    expectCode(() => parseCheckpoint(text), 'BAD_CHECKPOINT');
  });

  it('refuses to format an invalid checkpoint', () => {
    expectCode(() => formatCheckpoint({ ...checkpoint, origin: '' }), 'BAD_CHECKPOINT');
    expectCode(() => formatCheckpoint({ ...checkpoint, origin: 'two\nlines' }), 'BAD_CHECKPOINT');
    expectCode(() => formatCheckpoint({ ...checkpoint, size: -1 }), 'BAD_CHECKPOINT');
    expectCode(() => formatCheckpoint({ ...checkpoint, size: 1.5 }), 'BAD_CHECKPOINT');
    expectCode(() => formatCheckpoint({ ...checkpoint, rootHash: rootHash.slice(1) }), 'BAD_CHECKPOINT');
  });
});

describe('injected Ed25519 (the server signs and the CLI verifies with node:crypto)', () => {
  const { secretKey, publicKey } = generateKeyPair();
  // PKCS#8 and SPKI wrappers of a raw Ed25519 key (RFC 8410).
  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secretKey]),
    format: 'der',
    type: 'pkcs8',
  });
  const nodeSigner: NoteSigner = {
    name: 'setbook-node',
    publicKey,
    sign: (message) => new Uint8Array(nodeSign(null, message, privateKey)),
  };
  const nodeVerify: SignatureVerifier = (signature, message, key) =>
    nodeVerifyRaw(
      null,
      message,
      createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key]), format: 'der', type: 'spki' }),
      signature,
    );
  const checkpoint = { origin: 'setbook.test/prod_2', size: 7, rootHash: leafHash(new Uint8Array(0)) };

  it('node:crypto and noble produce the same signature and accept each other', () => {
    const byNode = signCheckpoint(checkpoint, nodeSigner);
    const byNoble = signCheckpoint(checkpoint, nobleSigner('setbook-node', secretKey));
    expect(byNode).toBe(byNoble);
    verifyCheckpoint(byNode, nodeSigner, nobleVerify);
    verifyCheckpoint(byNoble, nodeSigner, nodeVerify);
  });

  it('a verifier that says no, or throws, is a bad signature', () => {
    const text = signCheckpoint(checkpoint, nodeSigner);
    expectCode(() => verifyCheckpoint(text, nodeSigner, () => false), 'BAD_SIGNATURE');
    expectCode(
      () =>
        verifyCheckpoint(text, nodeSigner, () => {
          throw new Error('broken key');
        }),
      'BAD_SIGNATURE',
    );
  });

  it('a signer that returns something other than a signature is refused', () => {
    expectCode(() => signCheckpoint(checkpoint, { ...nodeSigner, sign: () => new Uint8Array(10) }), 'BAD_SIGNATURE');
    expectCode(() => signCheckpoint(checkpoint, { ...nodeSigner, publicKey: new Uint8Array(31) }), 'BAD_KEY');
  });

  it('a signature made malleable by adding the group order to S is refused', () => {
    const text = signCheckpoint(checkpoint, nodeSigner);
    const [body, line] = text.split('\n\n') as [string, string];
    const sig = fromBase64(line.slice('— setbook-node '.length, -1));
    // Add the group order L to S (bytes 4+32..4+64, little-endian): same point, non-canonical encoding.
    const L = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const sum = sig[36 + i]! + L[i]! + carry;
      sig[36 + i] = sum & 255;
      carry = sum >> 8;
    }
    expectCode(() => verifyCheckpoint(`${body}\n\n— setbook-node ${toBase64(sig)}\n`, nodeSigner), 'BAD_SIGNATURE');
  });
});
