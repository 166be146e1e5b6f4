/** The words of every email Setbook sends, in one place. */

const SEVERITY_WORDS: Record<string, string> = { critical: 'CRITICAL', high: 'High', medium: 'Medium', low: 'Low' };

/** An instant as the set's clock shows it: "Sun 22 Nov 2026, 07:15 MST". */
export function setTime(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' })
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
