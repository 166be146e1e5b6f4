import { describe, expect, it } from 'vitest';
import { readFields, readNumbers } from '../../src/web/screens/notebook/kinds.js';
import { markParts, queryWords, snippet } from '../../src/web/screens/notebook/words.js';

/**
 * What the notebook's search marks and what its forms read: the marks follow
 * the server's way of reading words (accents off, letters apart from digits,
 * the start of a word), so what is marked is what was found.
 */

const marked = (text: string, query: string) =>
  markParts(text, queryWords(query))
    .filter((_, i) => i % 2 === 1)
    .join('|');

describe('the words a search marks in an entry', () => {
  it('a DP typing "coo" sees the start of "Cooke" marked, not the middle of "Woocook"', () => {
    expect(marked('Cooke S4/i primes from Woocook Rentals', 'coo')).toBe('Coo');
  });

  it('accents and case make no difference, and the original letters are kept', () => {
    expect(marked('LOMO round-front anamorphics, Lómo 35', 'lomo')).toBe('LOMO|Lómo');
  });

  it('"2.8" finds the T-stop in "T2.8": digits and letters are separate words', () => {
    expect(marked('Cooke 32 mm at T2.8', '2.8')).toBe('2|8');
    expect(marked('75mm', '75')).toBe('75');
  });

  it('several words are each marked, the longer first where one starts the other', () => {
    expect(marked('Cooke S4/i: the cook’s lens', 'coo cooke')).toBe('Cooke|coo');
  });

  it('a text with no match is one part', () => {
    expect(markParts('Zeiss Supreme', queryWords('cooke'))).toEqual(['Zeiss Supreme']);
  });

  it('a long note is cut around its first match, on word boundaries', () => {
    const body = `${'Grip truck parked behind the stages. '.repeat(6)}The 32 mm Cooke breathes at close focus. ${'More notes follow here. '.repeat(6)}`;
    const cut = snippet(body, queryWords('breathes'), 80);
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toContain('breathes');
    expect(cut.length).toBeLessThanOrEqual(82);
  });
});

describe('what a notebook form reads', () => {
  it('focal lengths typed with commas or spaces are numbers; "18,25" is two lenses, not a decimal', () => {
    expect(readNumbers('18, 25 32mm')).toEqual([18, 25, 32]);
    expect(readNumbers('18,25')).toEqual([18, 25]);
    expect(readNumbers('T2, T2.8')).toEqual([2, 2.8]);
    expect(readNumbers('18, wide')).toBeUndefined();
  });

  it('an equipment entry without its make is refused before it waits on the phone', () => {
    const form = new FormData();
    form.set('series', 'S4/i');
    form.set('focalLengths', '18, 25');
    form.set('serials', 'S4-1832, S4-2577');
    const { fields, invalid } = readFields('equipment', form);
    expect(invalid).toEqual({ make: 'Enter the make.' });
    expect(fields).toEqual({ series: 'S4/i', focalLengths: [18, 25], serials: ['S4-1832', 'S4-2577'] });
  });

  it('a person’s rate and currency are read as the server keeps them', () => {
    const form = new FormData();
    form.set('name', 'Marco Diaz');
    form.set('role', 'Gaffer');
    form.set('dayRate', '750,50');
    form.set('currency', 'usd');
    expect(readFields('person', form)).toEqual({ fields: { name: 'Marco Diaz', role: 'Gaffer', dayRate: 750.5, currency: 'USD' }, invalid: {} });
  });
});
