/**
 * An independent reference for the light tests: the sun's position by the
 * NOAA Solar Calculator's spreadsheet equations (NOAA Global Monitoring
 * Laboratory, "NOAA_Solar_Calculations_day.xls", after Meeus, Astronomical
 * Algorithms), with events found by bisection on its geometric altitude.
 * It shares no code with astronomy-engine, so agreement within a minute is
 * evidence, not an echo.
 */

const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (rad: number) => (rad * 180) / Math.PI;
const mod = (x: number, m: number) => ((x % m) + m) % m;

export interface NoaaSun {
  /** geometric altitude of the centre, degrees (the spreadsheet's column AE, before refraction) */
  altitude: number;
  azimuth: number;
  declination: number;
  /** minutes */
  equationOfTime: number;
}

/** The spreadsheet's row for one instant at a place (longitude east positive). */
export function noaaSun(ms: number, latitude: number, longitude: number): NoaaSun {
  const julianDay = ms / 86_400_000 + 2440587.5;
  const t = (julianDay - 2451545) / 36525;
  const meanLong = mod(280.46646 + t * (36000.76983 + t * 0.0003032), 360);
  const meanAnom = 357.52911 + t * (35999.05029 - 0.0001537 * t);
  const eccent = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  const centre =
    Math.sin(rad(meanAnom)) * (1.914602 - t * (0.004817 + 0.000014 * t)) + Math.sin(rad(2 * meanAnom)) * (0.019993 - 0.000101 * t) + Math.sin(rad(3 * meanAnom)) * 0.000289;
  const trueLong = meanLong + centre;
  const omega = 125.04 - 1934.136 * t;
  const apparentLong = trueLong - 0.00569 - 0.00478 * Math.sin(rad(omega));
  const meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const obliquity = meanObliquity + 0.00256 * Math.cos(rad(omega));
  const declination = deg(Math.asin(Math.sin(rad(obliquity)) * Math.sin(rad(apparentLong))));
  const y = Math.tan(rad(obliquity / 2)) ** 2;
  const equationOfTime =
    4 *
    deg(
      y * Math.sin(2 * rad(meanLong)) -
        2 * eccent * Math.sin(rad(meanAnom)) +
        4 * eccent * y * Math.sin(rad(meanAnom)) * Math.cos(2 * rad(meanLong)) -
        0.5 * y * y * Math.sin(4 * rad(meanLong)) -
        1.25 * eccent * eccent * Math.sin(2 * rad(meanAnom)),
    );
  const minutesOfDay = mod(ms, 86_400_000) / 60_000;
  const trueSolarTime = mod(minutesOfDay + equationOfTime + 4 * longitude, 1440);
  const hourAngle = trueSolarTime / 4 < 0 ? trueSolarTime / 4 + 180 : trueSolarTime / 4 - 180;
  const cosZenith = Math.sin(rad(latitude)) * Math.sin(rad(declination)) + Math.cos(rad(latitude)) * Math.cos(rad(declination)) * Math.cos(rad(hourAngle));
  const zenith = deg(Math.acos(Math.min(1, Math.max(-1, cosZenith))));
  const cosAz = (Math.sin(rad(latitude)) * Math.cos(rad(zenith)) - Math.sin(rad(declination))) / (Math.cos(rad(latitude)) * Math.sin(rad(zenith)));
  const a = deg(Math.acos(Math.min(1, Math.max(-1, cosAz))));
  const azimuth = hourAngle > 0 ? mod(a + 180, 360) : mod(540 - a, 360);
  return { altitude: 90 - zenith, azimuth, declination, equationOfTime };
}

/** The instant in [from, to] where the altitude passes `level` in the given direction, to 0.1 s; null when it does not. */
export function noaaCrossing(latitude: number, longitude: number, from: number, to: number, level: number, rising: boolean): number | null {
  const above = (ms: number) => noaaSun(ms, latitude, longitude).altitude > level;
  // Walk in 5-minute steps to the first crossing in the asked direction, then halve.
  for (let lo = from; lo < to; lo += 300_000) {
    let hi = Math.min(lo + 300_000, to);
    if (above(lo) === rising || above(hi) !== rising) continue;
    let start = lo;
    while (hi - start > 100) {
      const mid = (start + hi) / 2;
      if (above(mid) === rising) hi = mid;
      else start = mid;
    }
    return (start + hi) / 2;
  }
  return null;
}

/** Solar noon by the spreadsheet: 720 - 4 x longitude - equation of time, minutes after 00:00 UTC (iterated once on the day's equation of time). */
export function noaaNoon(utcMidnight: number, longitude: number): number {
  let noon = utcMidnight + (720 - 4 * longitude) * 60_000;
  for (let i = 0; i < 2; i++) noon = utcMidnight + (720 - 4 * longitude - noaaSun(noon, 0, longitude).equationOfTime) * 60_000;
  return noon;
}
