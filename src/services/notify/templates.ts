/** The words of every email Setbook sends, in one place, in the reader's language. */
import { intlTag, translator } from '../../i18n/catalogue.js';
import type { Locale } from '../../i18n/locales.js';

/** One formatter per language and zone: a call sheet emails a hundred people at once, and each formatter holds native memory. */
const setClocks = new Map<string, Intl.DateTimeFormat>();

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return format.formatToParts(date).reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
}

/** An instant as the set's clock shows it, in the reader's words: "Sun 22 Nov 2026, 07:15 MST". */
export function setTime(instant: string, timeZone: string, locale: Locale): string {
  const key = `${locale} ${timeZone}`;
  let clock = setClocks.get(key);
  if (!clock) {
    clock = new Intl.DateTimeFormat(intlTag(locale), { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    setClocks.set(key, clock);
  }
  const parts = partsOf(clock, new Date(instant));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

const calendarDays = new Map<Locale, Intl.DateTimeFormat>();

/** A date on the set's calendar, in the reader's words: "Mon 23 Nov 2026". */
export function setDate(date: string, locale: Locale): string {
  let calendarDay = calendarDays.get(locale);
  if (!calendarDay) {
    calendarDay = new Intl.DateTimeFormat(intlTag(locale), { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    calendarDays.set(locale, calendarDay);
  }
  const parts = partsOf(calendarDay, new Date(`${date}T12:00:00Z`));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

export interface ConcernNotice {
  /** the readers' language */
  locale: Locale;
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
  const t = translator(notice.locale);
  const at = (instant: string) => setTime(instant, notice.timeZone, notice.locale);
  const words = {
    severity: t(`email.severityTitle.${notice.severity}`, { defaultValue: notice.severity }),
    category: t(`email.category.${notice.category}`, { defaultValue: notice.category }),
    production: notice.production,
  };
  const subject = notice.why === 'climbed' ? t('email.concern.subjectClimbed', words) : t('email.concern.subjectReported', words);
  const top = notice.level >= notice.levels - 1;
  const where = { production: notice.production || t('email.concern.aProduction'), level: notice.level + 1, levels: notice.levels };
  const body = [
    notice.why === 'climbed' ? t('email.concern.climbed', where) : t('email.concern.reported', where),
    '',
    t('email.concern.severity', { severity: t(`email.severity.${notice.severity}`, { defaultValue: notice.severity }) }),
    t('email.concern.category', { category: words.category }),
    notice.location ? t('email.concern.location', { location: notice.location }) : null,
    t('email.concern.reportedAt', { at: at(notice.reportedAt) }),
    '',
    notice.description,
    '',
    notice.ackDeadline ? t('email.concern.acknowledgeBefore', { deadline: at(notice.ackDeadline) }) : top ? t('email.concern.top') : '',
    t('email.concern.id', { id: notice.concernId }),
  ]
    .filter((line) => line !== null)
    .join('\n');
  return { subject, body };
}

export interface CallSheetNotice {
  /** the reader's language */
  locale: Locale;
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
  const t = translator(notice.locale);
  const day = {
    production: notice.production,
    date: setDate(notice.date, notice.locale),
    day: notice.dayNumber,
    days: notice.dayCount,
    revision: notice.revision.number,
    colour: t(`email.colour.${notice.revision.colour}`, { defaultValue: notice.revision.colour }),
  };
  const subject = notice.revision.number > 0 ? t('email.callSheet.subjectRevised', day) : t('email.callSheet.subject', day);
  const body = [
    notice.again ? t('email.callSheet.introAgain', day) : t('email.callSheet.intro', day),
    '',
    notice.call ? t('email.callSheet.call', { call: setTime(notice.call, notice.timeZone, notice.locale) }) : t('email.callSheet.noCall'),
    notice.locations.length > 0 ? t('email.callSheet.where', { places: notice.locations.join('; ') }) : null,
    notice.revision.number > 0 ? t('email.callSheet.revision', day) : null,
    '',
    t('email.callSheet.readIt'),
    notice.link,
    '',
    t('email.callSheet.calendar', { link: notice.calendarLink }),
    '',
    t('email.callSheet.yoursAlone'),
  ]
    .filter((line) => line !== null)
    .join('\n');
  return { subject, body };
}
