import { describe, expect, it } from 'vitest';
import { paperOf, readWalkies, revisionWords, walkieLines, whenWords } from '../../src/web/screens/call-sheet/words.js';

/**
 * The call sheet's words: the revision's paper, times on the set's clock as the
 * 1st AD reads them in the recipients table, and the walkie channels as typed.
 */
describe('the call sheet in words', () => {
  const zone = 'America/Denver';
  // 07:00 in Denver on a Thursday in December.
  const now = new Date('2026-12-03T14:00:00Z');

  it('says when on the set’s clock, whatever the reader’s phone says: "today", "yesterday", or the date', () => {
    expect(whenWords('2026-12-03T13:56:00Z', zone, now)).toBe('06:56 today, 4 min ago');
    expect(whenWords('2026-12-03T13:59:40Z', zone, now)).toBe('06:59 today, just now');
    expect(whenWords('2026-12-03T13:56:00Z', zone, now, false)).toBe('06:56 today');
    expect(whenWords('2026-12-03T08:10:00Z', zone, now)).toBe('01:10 today');
    // 23:30 in Denver the evening before is "yesterday" although it is already the 3rd in UTC.
    expect(whenWords('2026-12-03T06:30:00Z', zone, now)).toBe('23:30 yesterday');
    expect(whenWords('2026-12-04T13:00:00Z', zone, now)).toBe('06:00 tomorrow');
    expect(whenWords('2026-11-29T20:00:00Z', zone, now)).toMatch(/^13:00 .*Nov.*29|^13:00 .*29.*Nov/);
  });

  it('names the revision and its paper: the original is white, the first revision blue, and the colours start again doubled', () => {
    expect(revisionWords({ version: 1, number: 0, colour: 'white' })).toBe('Version 1 · white, the original');
    expect(revisionWords({ version: 2, number: 1, colour: 'blue' })).toBe('Version 2 · blue revision');
    expect(paperOf('double blue')).toBe('blue');
    expect(paperOf('cherry')).toBe('cherry');
    expect(paperOf('plaid')).toBe('white');
  });

  it('reads walkie channels one a line, with or without a colon, and says which line is not a channel', () => {
    expect(readWalkies('1 Production\n\n  Ch 2: Grip & electric  \n3   Armory and props')).toEqual({
      channels: [
        { channel: '1', use: 'Production' },
        { channel: 'Ch 2', use: 'Grip & electric' },
        { channel: '3', use: 'Armory and props' },
      ],
    });
    expect(readWalkies('1 Production\n2').error).toBe('Line 2 needs the channel, then who is on it: “1 Production”.');
    expect(readWalkies('1 Production\n1: Grip').error).toBe('Channel 1 is listed twice.');
    expect(readWalkies('')).toEqual({ channels: [] });
  });

  it('shows the channels again exactly as they read back', () => {
    const channels = [
      { channel: '1', use: 'Production' },
      { channel: 'Ch 2', use: 'Armory and props' },
    ];
    expect(walkieLines(channels)).toBe('1 Production\nCh 2: Armory and props');
    expect(readWalkies(walkieLines(channels)).channels).toEqual(channels);
  });
});
