/** The words of every email Setbook sends, in one place. */

const SEVERITY_WORDS: Record<string, string> = { critical: 'CRITICAL', high: 'High', medium: 'Medium', low: 'Low' };

/** One formatter per zone: a call sheet emails a hundred people at once, and each formatter holds native memory. */
const setClocks = new Map<string, Intl.DateTimeFormat>();

/** An instant as the set's clock shows it: "Sun 22 Nov 2026, 07:15 MST". */
export function setTime(instant: string, timeZone: string): string {
  let clock = setClocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    setClocks.set(timeZone, clock);
  }
  const parts = clock
    .formatToParts(new Date(instant))
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

export interface ConcernNotice {
  production: string;
  /** the production's zone: every time in the email is on its clock */
  timeZone: string;
  why: 'reported' | 'climbed';
  /** 0-based level and the ladder's height */
  level: number;
  levels: number;
  severity: string;
  category: string;
  location: string | null;
  reportedAt: string;
  description: string;
  ackDeadline: string | null;
  concernId: string;
}

/** S2: a concern reaching a level of the ladder, reported or climbed because nobody acknowledged it. */
export function concernEmail(notice: ConcernNotice): { subject: string; body: string } {
  const severity = SEVERITY_WORDS[notice.severity] ?? notice.severity;
  const subject =
    notice.why === 'climbed'
      ? `[Setbook] ${severity} ${notice.category} concern not acknowledged in time - now with you (${notice.production})`
      : `[Setbook] ${severity} ${notice.category} concern on ${notice.production}`;
  const top = notice.level >= notice.levels - 1;
  const body = [
    notice.why === 'climbed'
      ? `A safety concern on ${notice.production || 'a production'} was not acknowledged by its deadline and has climbed to you (level ${notice.level + 1} of ${notice.levels}).`
      : `A safety concern was reported on ${notice.production || 'a production'} (level ${notice.level + 1} of ${notice.levels}).`,
    '',
    `Severity: ${notice.severity}`,
    `Category: ${notice.category}`,
    notice.location ? `Location: ${notice.location}` : null,
    `Reported: ${setTime(notice.reportedAt, notice.timeZone)}`,
    '',
    notice.description,
    '',
    notice.ackDeadline
      ? `Acknowledge it in Setbook before ${setTime(notice.ackDeadline, notice.timeZone)}, or it climbs to the next level.`
      : top
        ? "This is the top of the production's escalation ladder."
        : '',
    `Concern ${notice.concernId}`,
  ]
    .filter((line) => line !== null)
    .join('\n');
  return { subject, body };
}

/** A date on the set's calendar: "Mon 23 Nov 2026". */
const calendarDay = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

export function setDate(date: string): string {
  const parts = calendarDay
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

export interface CallSheetNotice {
  production: string;
  /** the production's zone: the call is on its clock */
  timeZone: string;
  date: string;
  dayNumber: number;
  dayCount: number;
  revision: { number: number; colour: string };
  /** the person's call, an instant; null when the day has no call yet */
  call: string | null;
  locations: string[];
  link: string;
  calendarLink: string;
  /** a second email with the same link */
  again: boolean;
}

/** S4: a person's call sheet, their call on the set's clock, and their personal link. */
export function callSheetEmail(notice: CallSheetNotice): { subject: string; body: string } {
  const revised = notice.revision.number > 0 ? ` - revision ${notice.revision.number} (${notice.revision.colour})` : '';
  const subject = `[Setbook] Call sheet ${setDate(notice.date)}: ${notice.production} day ${notice.dayNumber} of ${notice.dayCount}${revised}`;
  const body = [
    `Your call sheet for ${notice.production}, day ${notice.dayNumber} of ${notice.dayCount}: ${setDate(notice.date)}.${notice.again ? ' (Sent again.)' : ''}`,
    '',
    notice.call ? `Your call: ${setTime(notice.call, notice.timeZone)}` : 'Your call: not set yet; the sheet will be revised when it is.',
    notice.locations.length > 0 ? `Where: ${notice.locations.join('; ')}` : null,
    notice.revision.number > 0 ? `This is revision ${notice.revision.number} (${notice.revision.colour} pages): it replaces the earlier version, whose link no longer opens.` : null,
    '',
    'Read it, and acknowledge its safety section:',
    notice.link,
    '',
    `Your call in your calendar: ${notice.calendarLink}`,
    '',
    'The link is yours alone: whoever holds it can read the sheet and acknowledge it in your name. Do not forward it.',
  ]
    .filter((line) => line !== null)
    .join('\n');
  return { subject, body };
}
