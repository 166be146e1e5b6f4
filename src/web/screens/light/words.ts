// The light in a DP's words: times on the location's clock, directions on the
// compass, ranges and windows as they are said on set.
import { localDate, localTime } from '../../../domain/schedule/calendar.js';

const POINTS = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'] as const;
const NAMES: Record<(typeof POINTS)[number], string> = {
  N: 'north',
  NNE: 'north-north-east',
  NE: 'north-east',
  ENE: 'east-north-east',
  E: 'east',
  ESE: 'east-south-east',
  SE: 'south-east',
  SSE: 'south-south-east',
  S: 'south',
  SSW: 'south-south-west',
  SW: 'south-west',
  WSW: 'west-south-west',
  W: 'west',
  WNW: 'west-north-west',
  NW: 'north-west',
  NNW: 'north-north-west',
};

/** The compass point of an azimuth: "ESE". */
export function compassPoint(azimuth: number): (typeof POINTS)[number] {
  return POINTS[Math.round((((azimuth % 360) + 360) % 360) / 22.5) % 16]!;
}

/** "east-south-east". */
export const compassName = (azimuth: number) => NAMES[compassPoint(azimuth)];

/** "113° ESE". */
export const bearing = (azimuth: number) => `${Math.round(azimuth)}° ${compassPoint(azimuth)}`;

/** "5°" or "−2°": altitudes with a true minus sign. */
export const degrees = (value: number) => `${Math.round(value * 10) / 10 < 0 ? '−' : ''}${Math.abs(Math.round(value * 10) / 10)}°`;

/** A target's ranges as a DP says them: "100°–125° (E to SE), 5° to 15° high". */
export function rangesText(t: { azimuthFrom: number; azimuthTo: number; altitudeFrom: number; altitudeTo: number }): string {
  return `${Math.round(t.azimuthFrom)}°–${Math.round(t.azimuthTo)}° (${compassPoint(t.azimuthFrom)} to ${compassPoint(t.azimuthTo)}), ${degrees(t.altitudeFrom)} to ${degrees(t.altitudeTo)} high`;
}

/** Wall-clock times at the location, saying when one falls on the day before or after the date shown. */
export function clockFor(timeZone: string, date: string) {
  return (instant: string): string => {
    const day = localDate(new Date(instant), timeZone);
    const suffix = day < date ? ' (day before)' : day > date ? ' (next day)' : '';
    return `${localTime(instant, timeZone)}${suffix}`;
  };
}

/** "06:31–07:31", or "none" when the period does not happen. */
export function spanText(clock: (instant: string) => string, period: { start: string | null; end: string | null }): string {
  return period.start && period.end ? `${clock(period.start)}–${clock(period.end)}` : 'none';
}

/** The zone's short name on a date: "MST", "GMT+1". */
export function zoneName(timeZone: string, instant: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** Metres of shadow per metre of height: "1.4 m", or "—" while the sun is down. */
export const shadowText = (perMetre: number | null) => (perMetre === null ? '—' : perMetre >= 100 ? '100+ m' : `${perMetre >= 10 ? Math.round(perMetre) : perMetre.toFixed(1)} m`);
