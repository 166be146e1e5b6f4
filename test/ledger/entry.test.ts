import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entryBytes, entryLeafHash, isLedgerEntry, type LedgerEntry } from '../../src/ledger/entry.js';
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
