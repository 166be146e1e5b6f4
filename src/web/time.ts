import { intlLocale } from './i18n.js';

/** Times in the production's zone, where the set lives, whatever the reader's phone says. */
export function timeFormat(timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone: 'UTC' });
  }
}

/** "14:32:05 BST" style, for what happened on set today. */
export const clockOptions: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' };

/** Day and time, for records read later. */
export const dateTimeOptions: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', ...clockOptions };
