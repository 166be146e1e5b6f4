/**
 * The calendar a set keeps: dates as YYYY-MM-DD on the production's wall
 * calendar, times as its wall clock, in the production's IANA zone. Pure, so
 * the server and the app answer the same questions the same way.
 */

/** The calendar day `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Monday of the week holding a YYYY-MM-DD date (ISO 8601 weeks). */
export function weekOf(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/**
 * One formatter per kind and zone, made once: each Intl.DateTimeFormat holds
 * native ICU memory the garbage collector does not see, so a formatter made per
 * call (hundreds for one call sheet) grows the process far beyond its heap.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

/** YYYY-MM-DD of an instant on the wall calendar of a zone. */
export function localDate(instant: Date, timeZone: string): string {
  return formatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** HH:MM (24 h) of an instant on the wall clock of a zone. */
export function localTime(instant: string | Date, timeZone: string): string {
  return formatter('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** An instant as the clock on the wall shows it in a zone: "Sun 3 Nov, 01:30". */
export function wallClock(instant: string, timeZone: string): string {
  return formatter('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** The instant a wall-clock time of a date has in a zone (the later one when the clocks go back, the moment after a gap). */
export function instantOf(date: string, time: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T${time}:00Z`);
  // The zone's offset at the guess, applied twice so a guess across a change settles on the right side of it.
  const offset = (at: number) => {
    const parts = formatter('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(at))
      .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - at;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}
