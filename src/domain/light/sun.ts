/**
 * The day's light at a place: sun events, the sun's path and the windows when
 * it stands where a DP wants it. Pure over astronomy-engine, so the server,
 * the call sheet and the app answer alike.
 *
 * Events follow the USNO conventions: sunrise and sunset are the sun's centre
 * at -0.833 deg geometric altitude (upper limb on a sea-level horizon with
 * 34' of refraction); twilight and the photographers' bands are the centre's
 * geometric altitude. What a person sees (the path, shadows, targets) uses the
 * apparent, refracted altitude.
 */

import { Body, Equator, Horizon, Observer, SearchHourAngle } from 'astronomy-engine';
import { addDays, instantOf, localDate, localTime } from '../schedule/calendar.js';

export interface Place {
  latitude: number;
  longitude: number;
  elevationM?: number | null;
  timezone: string;
}

export interface LightTarget {
  id: string;
  name: string;
  /** degrees from true north, clockwise; a range with from > to wraps through north (350..20) */
  azimuthFrom: number;
  azimuthTo: number;
  /** apparent altitude, degrees above the horizon */
  altitudeFrom: number;
  altitudeTo: number;
  notes?: string | null;
  /** minutes between the crew call and the window opening; DEFAULT_LEAD_MINUTES when absent */
  leadMinutes?: number | null;
}

/** A period of the day as UTC instants; both null when it does not happen. */
export interface Period {
  start: string | null;
  end: string | null;
}

export interface Window {
  start: string;
  end: string;
}

export interface PathPoint {
  at: string;
  /** apparent altitude of the sun's centre, degrees */
  altitude: number;
  /** degrees from true north, clockwise */
  azimuth: number;
  /** metres of shadow cast by one metre of height on level ground; null while the sun is down */
  shadowPerMetre: number | null;
}

export interface TargetLight {
  id: string;
  name: string;
  azimuthFrom: number;
  azimuthTo: number;
  altitudeFrom: number;
  altitudeTo: number;
  notes: string | null;
  windows: Window[];
  leadMinutes: number;
  /** local HH:MM: the first window's start less the lead time, on the quarter hour before; null without a window */
  suggestedCall: string | null;
}

export interface DayLight {
  date: string;
  timezone: string;
  latitude: number;
  longitude: number;
  polar: null | 'day' | 'night';
  sunrise: string | null;
  sunset: string | null;
  civilDawn: string | null;
  civilDusk: string | null;
  /** the sun's highest point of the day; it happens even in polar night */
  solarNoon: string;
  /** geometric altitude of the sun's centre at solar noon, degrees */
  noonAltitude: number;
  sunriseAzimuth: number | null;
  sunsetAzimuth: number | null;
  goldenHour: { morning: Period; evening: Period };
  blueHour: { morning: Period; evening: Period };
  targets: TargetLight[];
  /** the sun every PATH_STEP_MINUTES from local midnight to the next */
  path: PathPoint[];
  /** what is unusual about the day, in words (polar day or night, white nights, a low sun) */
  remarks: string[];
  assumptions: string[];
}

/** Geometric altitude of the sun's centre at sunrise and sunset: 34' refraction + 16' semi-diameter. */
export const SUNRISE_ALTITUDE = -0.833;
export const CIVIL_TWILIGHT_ALTITUDE = -6;
export const GOLDEN_HOUR = { from: -4, to: 6 } as const;
export const BLUE_HOUR = { from: -6, to: -4 } as const;
export const PATH_STEP_MINUTES = 10;
/** Time to rig, light and rehearse so the first take rolls as the light arrives. */
export const DEFAULT_LEAD_MINUTES = 90;

export const ASSUMPTIONS: readonly string[] = [
  'Times are UTC instants; shown in the location’s time zone.',
  'Sunrise and sunset: the sun’s upper edge on a flat sea-level horizon, with standard refraction (centre 0.833° below the horizon). Hills, buildings and the location’s height are not taken into account.',
  'Civil dawn and dusk: the sun’s centre 6° below the horizon.',
  'Golden hour: the sun’s centre from 4° below to 6° above the horizon; blue hour: from 6° to 4° below.',
  'Solar noon: the sun’s highest point of the day.',
  'Sun positions, shadows and target windows use the altitude as seen, with standard refraction; azimuth is from true north, clockwise.',
  'Shadow per metre: shadow length on level ground of one metre of height.',
  'Morning periods run from the solar midnight before noon to noon, evening periods from noon to the next solar midnight; a period is cut there when the sun stays in its band.',
  `Target windows are found to the minute; the suggested call is the first window’s start less the target’s lead time (${DEFAULT_LEAD_MINUTES} minutes unless set), rounded down to the quarter hour.`,
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface SunPosition {
  altitude: number;
  azimuth: number;
}

/**
 * The sun seen from a place. The sun's right ascension and declination are
 * computed on the hour and interpolated between: the error is far below an
 * arcsecond, and the full ephemeris is ten times slower than the horizon step.
 */
function sunSeenFrom(place: Place) {
  const observer = new Observer(place.latitude, place.longitude, place.elevationM ?? 0);
  const onTheHour = new Map<number, { ra: number; dec: number }>();
  const equatorial = (hour: number) => {
    let known = onTheHour.get(hour);
    if (!known) {
      const { ra, dec } = Equator(Body.Sun, new Date(hour * HOUR), observer, true, true);
      known = { ra, dec };
      onTheHour.set(hour, known);
    }
    return known;
  };
  const at = (ms: number, refraction: 'normal' | undefined): SunPosition => {
    const hour = Math.floor(ms / HOUR);
    const fraction = ms / HOUR - hour;
    const a = equatorial(hour);
    const b = equatorial(hour + 1);
    const raB = b.ra - a.ra > 12 ? b.ra - 24 : a.ra - b.ra > 12 ? b.ra + 24 : b.ra;
    const ra = (a.ra + fraction * (raB - a.ra) + 24) % 24;
    const dec = a.dec + fraction * (b.dec - a.dec);
    const { altitude, azimuth } = Horizon(new Date(ms), observer, ra, dec, refraction);
    return { altitude, azimuth };
  };
  return {
    observer,
    /** geometric: the events' definitions */
    geometric: (ms: number) => at(ms, undefined),
    /** apparent: what a camera sees */
    apparent: (ms: number) => at(ms, 'normal'),
  };
}

/** The moment in [from, to] where a monotonic altitude passes `level`, to half a second; null when it does not. */
function crossing(altitude: (ms: number) => number, from: number, to: number, level: number): number | null {
  const atFrom = altitude(from) - level;
  const atTo = altitude(to) - level;
  if (atFrom === 0) return from;
  if (Math.sign(atFrom) === Math.sign(atTo)) return null;
  let lo = from;
  let hi = to;
  while (hi - lo > 500) {
    const mid = (lo + hi) / 2;
    if (Math.sign(altitude(mid) - level) === Math.sign(atFrom)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** When the sun's altitude lies in [low, high] during a half-day in which it only rises (or only sets). */
function band(altitude: (ms: number) => number, from: number, to: number, rising: boolean, low: number, high: number): [number, number] | null {
  const first = altitude(from);
  const last = altitude(to);
  const [min, max] = rising ? [first, last] : [last, first];
  if (max < low || min > high) return null;
  if (rising) return [first >= low ? from : (crossing(altitude, from, to, low) ?? from), last <= high ? to : (crossing(altitude, from, to, high) ?? to)];
  return [first <= high ? from : (crossing(altitude, from, to, high) ?? from), last >= low ? to : (crossing(altitude, from, to, low) ?? to)];
}

const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const period = (span: [number, number] | null): Period => (span ? { start: iso(span[0]), end: iso(span[1]) } : { start: null, end: null });
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** Shadow length on level ground per metre of height; null while the sun is down. */
export function shadowPerMetre(altitude: number): number | null {
  return altitude > 0 ? 1 / Math.tan((altitude * Math.PI) / 180) : null;
}

/** Is an azimuth inside a range that may wrap through north (350..20)? */
export function azimuthWithin(azimuth: number, from: number, to: number): boolean {
  return from <= to ? azimuth >= from && azimuth <= to : azimuth >= from || azimuth <= to;
}

/** The sun's apparent altitude and azimuth at an instant. */
export function sunPosition(place: Place, instant: Date | string): SunPosition {
  return sunSeenFrom(place).apparent(new Date(instant).getTime());
}

/** The windows in [from, to] when the sun stands inside a target's ranges, to the second at each edge. */
function targetWindows(apparent: (ms: number) => SunPosition, target: LightTarget, from: number, to: number): Window[] {
  const inside = (ms: number) => {
    const { altitude, azimuth } = apparent(ms);
    return altitude >= target.altitudeFrom && altitude <= target.altitudeTo && azimuthWithin(azimuth, target.azimuthFrom, target.azimuthTo);
  };
  const edge = (outside: number, within: number) => {
    let [out, inn] = [outside, within];
    while (Math.abs(inn - out) > 1000) {
      const mid = (out + inn) / 2;
      if (inside(mid)) inn = mid;
      else out = mid;
    }
    return inn;
  };
  const samples: number[] = [];
  for (let ms = from; ms < to; ms += MINUTE) samples.push(ms);
  samples.push(to);
  const windows: Window[] = [];
  let openedAt: number | null = null;
  let previous = from;
  for (const ms of samples) {
    const now = inside(ms);
    if (now && openedAt === null) openedAt = ms === from ? from : edge(previous, ms);
    if (!now && openedAt !== null) {
      windows.push({ start: iso(openedAt), end: iso(edge(ms, previous)) });
      openedAt = null;
    }
    previous = ms;
  }
  if (openedAt !== null) windows.push({ start: iso(openedAt), end: iso(to) });
  return windows;
}

/** The crew call that puts the first take at the window's start: lead time off, down to the quarter hour. */
function suggestedCall(windows: readonly Window[], leadMinutes: number, timeZone: string): string | null {
  const first = windows[0];
  if (!first) return null;
  const call = Date.parse(first.start) - leadMinutes * MINUTE;
  return localTime(new Date(Math.floor(call / (15 * MINUTE)) * 15 * MINUTE), timeZone);
}

function degrees(value: number): string {
  return `${Math.abs(round(value, 1))}° ${value < 0 ? 'below' : 'above'} the horizon`;
}

/**
 * The light of one local calendar date at a place. Events belong to the solar
 * day whose noon falls on that date; the path and target windows cover the
 * local day from midnight to midnight (23 or 25 hours when the clocks change).
 */
export function dayLight(place: Place, date: string, targets: readonly LightTarget[] = []): DayLight {
  const sun = sunSeenFrom(place);
  const altitude = (ms: number) => sun.geometric(ms).altitude;
  const dayStart = instantOf(date, '00:00', place.timezone).getTime();
  const dayEnd = instantOf(addDays(date, 1), '00:00', place.timezone).getTime();

  const noon = SearchHourAngle(Body.Sun, sun.observer, 0, new Date(dayStart), +1).time.date.getTime();
  const midnightBefore = SearchHourAngle(Body.Sun, sun.observer, 12, new Date(noon), -1).time.date.getTime();
  const midnightAfter = SearchHourAngle(Body.Sun, sun.observer, 12, new Date(noon), +1).time.date.getTime();
  const morning = (low: number, high: number) => band(altitude, midnightBefore, noon, true, low, high);
  const evening = (low: number, high: number) => band(altitude, noon, midnightAfter, false, low, high);

  const noonAltitude = altitude(noon);
  const sunrise = crossing(altitude, midnightBefore, noon, SUNRISE_ALTITUDE);
  const sunset = crossing(altitude, noon, midnightAfter, SUNRISE_ALTITUDE);
  const polar = noonAltitude < SUNRISE_ALTITUDE ? 'night' : sunrise === null || sunset === null ? 'day' : null;
  const civilDawn = crossing(altitude, midnightBefore, noon, CIVIL_TWILIGHT_ALTITUDE);
  const civilDusk = crossing(altitude, noon, midnightAfter, CIVIL_TWILIGHT_ALTITUDE);

  const remarks: string[] = [];
  const clock = (ms: number) => {
    const day = localDate(new Date(ms), place.timezone);
    return `${localTime(new Date(ms), place.timezone)}${day < date ? ' the day before' : day > date ? ' the next day' : ''}`;
  };
  if (polar === 'night') remarks.push(`Polar night: the sun does not rise. Its highest point is ${degrees(noonAltitude)} at ${clock(noon)}.`);
  if (polar === 'day') {
    const lowest = sunrise === null ? midnightBefore : midnightAfter;
    const lowPoint = `at ${clock(lowest)} it is ${degrees(altitude(lowest))}${altitude(lowest) < 0 ? ', its upper edge still in sight' : ''}`;
    if (sunrise === null && sunset === null) remarks.push(`Midnight sun: the sun does not set; ${lowPoint}.`);
    else if (sunrise === null) remarks.push(`Midnight sun: the sun has been up since the day before (${lowPoint}) and sets at ${clock(sunset ?? noon)}.`);
    else remarks.push(`Midnight sun: the sun rises at ${clock(sunrise)} and does not set again that night; ${lowPoint}.`);
  }
  if (polar === null && (civilDawn === null || civilDusk === null)) remarks.push('White night: the sun stays less than 6° below the horizon, so civil twilight lasts from sunset to sunrise.');
  if (noonAltitude >= SUNRISE_ALTITUDE && noonAltitude < GOLDEN_HOUR.to) remarks.push(`Low sun all day: it climbs only to ${degrees(noonAltitude)}, so the golden hour runs through noon.`);

  const path: PathPoint[] = [];
  for (let ms = dayStart; ms <= dayEnd; ms += PATH_STEP_MINUTES * MINUTE) {
    const seen = sun.apparent(ms);
    const shadow = shadowPerMetre(seen.altitude);
    path.push({ at: iso(ms), altitude: round(seen.altitude, 2), azimuth: round(seen.azimuth, 2), shadowPerMetre: shadow === null ? null : round(shadow, 2) });
  }

  return {
    date,
    timezone: place.timezone,
    latitude: place.latitude,
    longitude: place.longitude,
    polar,
    sunrise: isoOrNull(sunrise),
    sunset: isoOrNull(sunset),
    civilDawn: isoOrNull(civilDawn),
    civilDusk: isoOrNull(civilDusk),
    solarNoon: iso(noon),
    noonAltitude: round(noonAltitude, 2),
    sunriseAzimuth: sunrise === null ? null : round(sun.geometric(sunrise).azimuth, 1),
    sunsetAzimuth: sunset === null ? null : round(sun.geometric(sunset).azimuth, 1),
    goldenHour: { morning: period(morning(GOLDEN_HOUR.from, GOLDEN_HOUR.to)), evening: period(evening(GOLDEN_HOUR.from, GOLDEN_HOUR.to)) },
    blueHour: { morning: period(morning(BLUE_HOUR.from, BLUE_HOUR.to)), evening: period(evening(BLUE_HOUR.from, BLUE_HOUR.to)) },
    targets: targets.map((target) => {
      const windows = targetWindows(sun.apparent, target, dayStart, dayEnd);
      const leadMinutes = target.leadMinutes ?? DEFAULT_LEAD_MINUTES;
      return {
        id: target.id,
        name: target.name,
        azimuthFrom: target.azimuthFrom,
        azimuthTo: target.azimuthTo,
        altitudeFrom: target.altitudeFrom,
        altitudeTo: target.altitudeTo,
        notes: target.notes ?? null,
        windows,
        leadMinutes,
        suggestedCall: suggestedCall(windows, leadMinutes, place.timezone),
      };
    }),
    path,
    remarks,
    assumptions: [...ASSUMPTIONS],
  };
}
