// The light in a DP's words: times on the location's clock, directions on the
// compass, ranges and windows as they are said on set.
import { localDate, localTime } from '../../../domain/schedule/calendar.js';
import { intlLocale, t } from '../../i18n.js';

const POINTS = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'] as const;
type Point = (typeof POINTS)[number];

function pointOf(azimuth: number): Point {
  return POINTS[Math.round((((azimuth % 360) + 360) % 360) / 22.5) % 16]!;
}

/** The compass point of an azimuth as the reader abbreviates it: "ESE". */
export const compassPoint = (azimuth: number): string => t(`light.compass.${pointOf(azimuth)}`);

/** "east-south-east". */
export const compassName = (azimuth: number): string => t(`light.compassName.${pointOf(azimuth)}`);

/** "113° ESE". */
export const bearing = (azimuth: number) => `${Math.round(azimuth)}° ${compassPoint(azimuth)}`;

/** "5°" or "−2°": altitudes with a true minus sign, and the reader's decimal mark. */
export const degrees = (value: number) => {
  const tenths = Math.round(value * 10) / 10;
  return `${tenths < 0 ? '−' : ''}${new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 1, useGrouping: false }).format(Math.abs(tenths))}°`;
};

/** A target's ranges as a DP says them: "100°–125° (E to SE), 5° to 15° high". */
export function rangesText(target: { azimuthFrom: number; azimuthTo: number; altitudeFrom: number; altitudeTo: number }): string {
  return t('light.words.ranges', {
    azimuthFrom: Math.round(target.azimuthFrom),
    azimuthTo: Math.round(target.azimuthTo),
    pointFrom: compassPoint(target.azimuthFrom),
    pointTo: compassPoint(target.azimuthTo),
    altitudeFrom: degrees(target.altitudeFrom),
    altitudeTo: degrees(target.altitudeTo),
  });
}

/** Wall-clock times at the location, saying when one falls on the day before or after the date shown. */
export function clockFor(timeZone: string, date: string) {
  return (instant: string): string => {
    const day = localDate(new Date(instant), timeZone);
    const time = localTime(instant, timeZone);
    if (day < date) return t('light.words.dayBefore', { time });
    if (day > date) return t('light.words.nextDay', { time });
    return time;
  };
}

/** "06:31–07:31", or "none" when the period does not happen. */
export function spanText(clock: (instant: string) => string, period: { start: string | null; end: string | null }): string {
  return period.start && period.end ? `${clock(period.start)}–${clock(period.end)}` : t('light.words.none');
}

/** The zone's short name on a date: "MST", "GMT+1". */
export function zoneName(timeZone: string, instant: string): string {
  const part = new Intl.DateTimeFormat(intlLocale(), { timeZone, timeZoneName: 'short' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** Metres of shadow per metre of height: "1.4 m", or "—" while the sun is down. */
export const shadowText = (perMetre: number | null) =>
  perMetre === null
    ? '—'
    : perMetre >= 100
      ? t('light.words.metres', { length: '100+' })
      : t('light.words.metres', { length: new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: perMetre >= 10 ? 0 : 1, minimumFractionDigits: perMetre >= 10 ? 0 : 1 }).format(perMetre) });
