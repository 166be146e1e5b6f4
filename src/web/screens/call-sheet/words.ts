// The call sheet's words, pure so they are tested without a browser: the
// revision's paper, times on the production's clock as the set says them
// ("06:12 today"), and the walkie channels as the 1st AD types them.
import { addDays, localDate, localTime } from '../../../domain/schedule/calendar.js';
import { intlLocale, t } from '../../i18n.js';
import type { DraftBody } from './client.js';

export type Walkie = NonNullable<DraftBody['walkieChannels']>[number];

const papers = ['white', 'blue', 'pink', 'yellow', 'green', 'goldenrod', 'buff', 'salmon', 'cherry'];

/** The paper a revision is printed on, for its swatch: "double blue" is blue paper again. */
export function paperOf(colour: string): string {
  const last = colour.split(' ').pop() ?? '';
  return papers.includes(last) ? last : 'white';
}

/** A revision's colour in the reader's words: "double blue" is the second round of blue; a colour this app does not know stays as written. */
export function colourWords(colour: string): string {
  const last = colour.split(' ').pop() ?? '';
  if (!papers.includes(last)) return colour;
  const paper = t(`callsheet.paper.${last}`);
  return colour.startsWith('double ') ? t('callsheet.paper.double', { colour: paper }) : paper;
}

/** "Version 2 · blue revision", or "Version 1 · white, the original". */
export function revisionWords(revision: { version: number; number: number; colour: string }): string {
  const colour = colourWords(revision.colour);
  return revision.number === 0 ? t('callsheet.revision.original', { version: revision.version, colour }) : t('callsheet.revision.revised', { version: revision.version, colour });
}

/** "Tue, Dec 3" for a YYYY-MM-DD date, in the reader's words. */
function shortDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(intlLocale(), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/**
 * When something happened, on the production's clock: "06:12 today", with
 * "4 min ago" while it is recent; "18:40 yesterday", "18:40 Tue, Dec 3".
 */
export function whenWords(at: string, timeZone: string, now: Date = new Date(), relative = true): string {
  const then = new Date(at);
  const time = localTime(then, timeZone);
  const day = localDate(then, timeZone);
  const today = localDate(now, timeZone);
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (day === today) {
    if (!relative || minutes < 0 || minutes >= 60) return t('callsheet.when.today', { time });
    return minutes < 1 ? t('callsheet.when.todayJustNow', { time }) : t('callsheet.when.todayAgo', { time, count: minutes });
  }
  if (day === addDays(today, -1)) return t('callsheet.when.yesterday', { time });
  if (day === addDays(today, 1)) return t('callsheet.when.tomorrow', { time });
  return t('callsheet.when.onDay', { time, date: shortDate(day) });
}

/** The zone as people read it: "America/New York". */
export const zoneWords = (timeZone: string) => timeZone.replaceAll('_', ' ');

/** Reads "1 Production" or "Ch 2: Grip & electric", one channel a line; the first line that is not one is the error. */
export function readWalkies(lines: string): { channels: Walkie[]; error?: string } {
  const channels: Walkie[] = [];
  const rows = lines
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (const [i, row] of rows.entries()) {
    const found = row.includes(':') ? /^([^:]+):\s*(.+)$/.exec(row) : /^(\S+)\s+(.+)$/.exec(row);
    if (!found) return { channels, error: t('callsheet.walkies.badLine', { line: i + 1 }) };
    const channel = found[1]!.trim();
    if (channels.some((c) => c.channel === channel)) return { channels, error: t('callsheet.walkies.twice', { channel }) };
    channels.push({ channel, use: found[2]!.trim() });
  }
  return { channels };
}

/** The channels as the form shows them again, read back the same by `readWalkies`. */
export function walkieLines(channels: readonly Walkie[]): string {
  return channels.map((c) => (/\s/.test(c.channel) ? `${c.channel}: ${c.use}` : `${c.channel} ${c.use}`)).join('\n');
}
