import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/ledger/canonical.js';
import { entryBytes, entryLeafHash, isCanonicalEntryText, isLedgerEntry, type LedgerEntry } from '../../src/ledger/entry.js';
import { toHex } from '../../src/ledger/hash.js';
import { expectCode } from './helpers.js';

const handOff: LedgerEntry = {
  type: 'firearm.handOff',
  productionId: 'prod_1',
  at: '2026-11-22T21:04:00.000Z',
  actor: { userId: 'usr_armorer', roles: ['armorer'] },
  data: { firearmId: 'fa_revolver', toUserId: 'usr_performer', shownEmptyTo: ['usr_first_ad'] },
  refs: [41],
};

describe('ledger entries', () => {
  it('are hashed as the UTF-8 of their RFC 8785 text, with keys sorted', () => {
    const text =
      '{"actor":{"roles":["armorer"],"userId":"usr_armorer"},"at":"2026-11-22T21:04:00.000Z",' +
      '"data":{"firearmId":"fa_revolver","shownEmptyTo":["usr_first_ad"],"toUserId":"usr_performer"},' +
      '"productionId":"prod_1","refs":[41],"type":"firearm.handOff"}';
    expect(new TextDecoder().decode(entryBytes(handOff))).toBe(text);
    const expected = createHash('sha256').update(Buffer.from([0])).update(text).digest('hex');
    expect(toHex(entryLeafHash(handOff))).toBe(expected);
  });

  it('an anonymous concern and a system entry with no actor hash too', () => {
    expect(entryLeafHash({ ...handOff, actor: { anonymous: true } })).toHaveLength(32);
    expect(entryLeafHash({ ...handOff, actor: null })).toHaveLength(32);
  });

  it('an entry carrying undefined or a Date is refused, not silently changed', () => {
    expectCode(() => entryBytes({ ...handOff, data: { note: undefined } }), 'NON_CANONICAL_VALUE');
    expectCode(() => entryBytes({ ...handOff, data: { when: new Date(0) } }), 'NON_CANONICAL_VALUE');
  });

  it('isLedgerEntry checks the six fields and that refs point back', () => {
    expect(isLedgerEntry(handOff, 42)).toBe(true);
    expect(isLedgerEntry({ ...handOff, actor: null }, 42)).toBe(true);
    expect(isLedgerEntry(handOff, 41)).toBe(false);
    expect(isLedgerEntry({ ...handOff, refs: [-1] }, 42)).toBe(false);
    expect(isLedgerEntry({ ...handOff, refs: [1.5] }, 42)).toBe(false);
    expect(isLedgerEntry({ ...handOff, type: '' }, 42)).toBe(false);
    expect(isLedgerEntry({ ...handOff, data: [] }, 42)).toBe(false);
    expect(isLedgerEntry({ ...handOff, actor: 'usr_armorer' }, 42)).toBe(false);
    expect(isLedgerEntry({ ...handOff, extra: 1 }, 42)).toBe(false);
    const { refs: _refs, ...withoutRefs } = handOff;
    expect(isLedgerEntry(withoutRefs, 42)).toBe(false);
    expect(isLedgerEntry(null, 42)).toBe(false);
  });
});

describe('reading an entry from its canonical text, as a verifier does a million times', () => {
  const text = (entry: unknown) => canonicalize(entry);

  it('knows a hand-off of this production that refers back', () => {
    expect(isCanonicalEntryText(text(handOff), 42, 'prod_1')).toBe(true);
    expect(isCanonicalEntryText(text({ ...handOff, actor: null, refs: [] }), 0, 'prod_1')).toBe(true);
    expect(isCanonicalEntryText(text({ ...handOff, refs: [0, 17, 41] }), 42, 'prod_1')).toBe(true);
  });

  it.each<[string, string, number]>([
    ['it refers to itself or forward', text(handOff), 41],
    ['it belongs to another production', text({ ...handOff, productionId: 'prod_2' }), 42],
    ['its type is empty', text({ ...handOff, type: '' }), 42],
    ['a ref is negative', text({ ...handOff, refs: [-1] }), 42],
    ['a ref is a fraction', text({ ...handOff, refs: [1.5] }), 42],
    ['a ref is a string with a comma', text({ ...handOff, refs: ['1,2'] }), 42],
    ['its data is a list', text({ ...handOff, data: [] }), 42],
    ['its actor is a string', text({ ...handOff, actor: 'usr_armorer' }), 42],
    ['its time is a number', text({ ...handOff, at: 0 }), 42],
    ['it has a seventh field', text({ ...handOff, extra: 1 }), 42],
    ['it lacks refs', text({ ...handOff, refs: [] }).replace(',"refs":[]', ''), 42],
    ['its text is not canonical', JSON.stringify(handOff), 42],
    ['its text has a space', text(handOff).replace('"at":', '"at": '), 42],
  ])('is not taken for an entry when %s', (_name, entryText, index) => {
    expect(isCanonicalEntryText(entryText, index, 'prod_1')).toBe(false);
  });

  it('never says yes where parsing, canonicalize and isLedgerEntry would say no', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const entry = fc.record({
      type: fc.oneof(fc.constantFrom('firearm.handOff', ''), fc.jsonValue()),
      productionId: fc.constantFrom('prod_1', 'prod_2'),
      at: fc.oneof(fc.constant('2026-11-22T21:04:00.000Z'), fc.jsonValue()),
      actor: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
      data: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
      refs: fc.oneof(fc.array(fc.integer({ min: -2, max: 50 })), fc.array(fc.jsonValue()), field),
    });
    fc.assert(
      fc.property(entry, fc.nat({ max: 50 }), (value, index) => {
        const entryText = canonicalize(JSON.parse(JSON.stringify(value)));
        const parsed: unknown = JSON.parse(entryText);
        const longWay = isLedgerEntry(parsed, index) && parsed.productionId === 'prod_1';
        if (isCanonicalEntryText(entryText, index, 'prod_1')) expect(longWay).toBe(true);
        if (longWay && !entryText.includes('\\')) expect(isCanonicalEntryText(entryText, index, 'prod_1')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
