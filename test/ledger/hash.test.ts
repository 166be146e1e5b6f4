import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, emptyRoot, fromBase64, fromHex, toBase64, toHex } from '../../src/ledger/hash.js';
import { expectCode } from './helpers.js';

describe('base64 (RFC 4648 section 4, canonical only)', () => {
  it('matches the RFC 4648 section 10 test vectors', () => {
    const vectors = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ] as const;
    for (const [text, encoded] of vectors) {
      const bytes = new TextEncoder().encode(text);
      expect(toBase64(bytes)).toBe(encoded);
      expect(bytesEqual(fromBase64(encoded), bytes)).toBe(true);
    }
  });

  it('round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const encoded = toBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(bytesEqual(fromBase64(encoded), bytes)).toBe(true);
      }),
    );
  });

  it.each(['Zg', 'Zg=', 'Zh==', 'Zm9=', 'Z===', '====', 'Zm9v\n', ' Zm9v', 'Zm-v', 'Zm_v', 'Zg==Zg==', 'é===', 'Zm=v'])(
    'refuses %j',
    (text) => expectCode(() => fromBase64(text), 'BAD_ENCODING'),
  );
});

describe('hex', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(bytesEqual(fromHex(toHex(bytes)), bytes)).toBe(true);
      }),
    );
  });

  it.each(['0', 'zz', '0x00', '0 '])('refuses %j', (text) => expectCode(() => fromHex(text), 'BAD_ENCODING'));
});

it('the empty root is SHA-256 of nothing', () => {
  expect(toHex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

it('bytesEqual compares length and content', () => {
  expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
  expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
  expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
});
