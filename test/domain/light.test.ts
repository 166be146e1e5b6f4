import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BLUE_HOUR, dayLight, GOLDEN_HOUR, sunPosition, azimuthWithin, type LightTarget, type Place } from '../../src/domain/light/sun.js';
import { isCameraHead, mayArchiveTarget } from '../../src/domain/light/targets.js';
import { addDays, instantOf, localTime } from '../../src/domain/schedule/calendar.js';
import { noaaCrossing, noaaNoon, noaaSun } from './noaa-sun.js';

/**
 * The light a DP plans by: sun events against published tables and an
 * independent ephemeris, within a minute, at the equator, in both
 * hemispheres, beyond the Arctic circle and on the nights the clocks change.
 */

const MINUTE = 60;
/** Seconds between our instant and a reference, per case: printed when the file is done. */
const errors = new Map<string, number>();
function within(name: string, ours: string | null, reference: number | null, toleranceSeconds = MINUTE) {
  if (reference === null) return expect(ours, `${name}: the reference has no such event`).toBeNull();
  expect(ours, name).not.toBeNull();
  const seconds = Math.abs(Date.parse(ours!) - reference) / 1000;
  errors.set(name, Math.max(errors.get(name) ?? 0, seconds));
  expect(seconds, `${name}: ${ours} vs ${new Date(reference).toISOString()}`).toBeLessThanOrEqual(toleranceSeconds);
}
afterAll(() => {
  const lines = [...errors].map(([name, seconds]) => `${name} ${seconds.toFixed(0)} s`);
  console.log(`light: largest difference from each reference: ${lines.join('; ')}`);
});

const cot = (degrees: number) => 1 / Math.tan((degrees * Math.PI) / 180);
/** What rounding the shadow (to 0.01 m) and the altitude (to 0.01 deg) can move 1/tan(altitude) by. */
const roundedAway = (degrees: number) => 0.005 + (0.005 * Math.PI) / 180 / Math.sin((degrees * Math.PI) / 180) ** 2 + 1e-9;

/** A wall-clock time on a date in a zone, as an instant in ms. */
const at = (date: string, time: string, zone: string) => Date.parse(`${date}T${time}${zone}`);

describe('against published tables', () => {
  // London, Houses of Parliament (51.5 N, 0.125 W), June 2025, British Summer Time, to the second:
  // https://news.najib.digital/summer-solstice-london-25494.html ("Summer Solstice London", 20 June 2025).
  const LONDON_JUNE_2025: Array<[string, string, string]> = [
    ['2025-06-15', '04:42:13', '21:20:07'],
    ['2025-06-18', '04:42:12', '21:21:20'],
    ['2025-06-20', '04:42:26', '21:21:54'],
    ['2025-06-21', '04:42:38', '21:22:06'],
    ['2025-06-24', '04:43:31', '21:22:24'],
    ['2025-06-26', '04:44:21', '21:22:21'],
  ];
  it.each(LONDON_JUNE_2025)('London on %s: sunrise %s and sunset %s BST, within a minute', (date, sunrise, sunset) => {
    const light = dayLight({ latitude: 51.5, longitude: -0.125, timezone: 'Europe/London' }, date);
    within('London June 2025 (published, to the second)', light.sunrise, at(date, sunrise, '+01:00'));
    within('London June 2025 (published, to the second)', light.sunset, at(date, sunset, '+01:00'));
    expect(light.polar).toBeNull();
  });

  // Atlanta (USNO's 33.8 N, 84.4 W), 6 September 2009, EDT, as the U.S. Naval Observatory printed it
  // (to the minute), quoted in the PyEphem documentation: https://rhodesmill.org/pyephem/rise-set.html
  it('Atlanta on 6 September 2009 agrees with the Naval Observatory to the minute', () => {
    const light = dayLight({ latitude: 33.8, longitude: -84.4, timezone: 'America/New_York' }, '2009-09-06');
    const edt = (time: string) => at('2009-09-06', time, '-04:00');
    within('Atlanta Sept 2009 (USNO, to the minute)', light.civilDawn, edt('06:50:00'));
    within('Atlanta Sept 2009 (USNO, to the minute)', light.sunrise, edt('07:15:00'));
    within('Atlanta Sept 2009 (USNO, to the minute)', light.solarNoon, edt('13:36:00'));
    within('Atlanta Sept 2009 (USNO, to the minute)', light.sunset, edt('19:56:00'));
    within('Atlanta Sept 2009 (USNO, to the minute)', light.civilDusk, edt('20:21:00'));
  });

  // Tromsø as the Naval Observatory's "Sun and Moon Data for One Day" placed it (69.5 N, 19.0 E),
  // Universal Time + 1 h, 2014, to the minute: https://www.answers.com/Q/How_many_hour_of_daylight_in_north_Norway_in_April
  describe('Tromsø in 2014 (USNO, UT+1)', () => {
    const tromso: Place = { latitude: 69.5, longitude: 19.0, timezone: 'Etc/GMT-1' };
    const ut1 = (date: string, time: string) => at(date, time, '+01:00');

    it('on 1 April: twilight, sunrise, transit, sunset, twilight', () => {
      const light = dayLight(tromso, '2014-04-01');
      within('Tromsø 2014 (USNO, to the minute)', light.civilDawn, ut1('2014-04-01', '03:46:00'));
      within('Tromsø 2014 (USNO, to the minute)', light.sunrise, ut1('2014-04-01', '04:50:00'));
      within('Tromsø 2014 (USNO, to the minute)', light.solarNoon, ut1('2014-04-01', '11:48:00'));
      within('Tromsø 2014 (USNO, to the minute)', light.sunset, ut1('2014-04-01', '18:49:00'));
      within('Tromsø 2014 (USNO, to the minute)', light.civilDusk, ut1('2014-04-01', '19:53:00'));
    });

    it('on 17 May the sun rises at 00:29 and sets at 23:06; on 18 May it rises at 00:13 and does not set: the midnight sun begins', () => {
      const may17 = dayLight(tromso, '2014-05-17');
      within('Tromsø 2014 (USNO, to the minute)', may17.sunrise, ut1('2014-05-17', '00:29:00'));
      within('Tromsø 2014 (USNO, to the minute)', may17.sunset, ut1('2014-05-17', '23:06:00'));
      expect(may17.polar).toBeNull();
      const may18 = dayLight(tromso, '2014-05-18');
      within('Tromsø 2014 (USNO, to the minute)', may18.sunrise, ut1('2014-05-18', '00:13:00'));
      expect(may18.sunset).toBeNull();
      expect(may18.polar).toBe('day');
      expect(may18.remarks.join(' ')).toMatch(/does not set/);
    });

    it('on 25 July the sun sets again at 23:20, having been up since 18 May', () => {
      const light = dayLight(tromso, '2014-07-25');
      expect(light.sunrise).toBeNull();
      expect(light.polar).toBe('day');
      within('Tromsø 2014 (USNO, to the minute)', light.sunset, ut1('2014-07-25', '23:20:00'));
      expect(light.remarks.join(' ')).toMatch(/up since the day before/);
    });
  });

  // Russell Island, Queensland (19.3 S, 147.4 E), UTC+10, 22 December 2014, Geoscience Australia's
  // sunrise and sunset to the minute: https://sunrisetoday.blog/2014/12/23/summer-solstice-22-december-2014-and-low-tide-and-high-tide-canaipa-point-russell-island/
  it('Russell Island at the southern summer solstice agrees with Geoscience Australia', () => {
    const light = dayLight({ latitude: -19.3, longitude: 147.4, timezone: 'Australia/Brisbane' }, '2014-12-22');
    within('Russell Island Dec 2014 (Geoscience Australia, to the minute)', light.sunrise, at('2014-12-22', '05:30:00', '+10:00'));
    within('Russell Island Dec 2014 (Geoscience Australia, to the minute)', light.sunset, at('2014-12-22', '18:48:00', '+10:00'));
  });

  // Singapore (1.29 N): the noon sun overhead at 13:11 on 23 March 2024 and at 12:58 on 19 September 2024
  // (Prof. Matthias Roth, NUS, in The Straits Times, quoted at https://undertheangsanatree.blogspot.com/2024/03/spring-equinox-2024-chunfen.html);
  // sunrise from 06:46 (1 November) to 07:17 (9 February), sunset from 18:50 (5 November) to 19:21 (13 February)
  // (H. Aslaksen, NUS: http://www.math.nus.edu.sg/aslaksen/calendar/sunrise.html).
  it('Singapore, near the equator: the overhead noon sun and the year’s earliest and latest sunrise and sunset', () => {
    const singapore: Place = { latitude: 1.2903, longitude: 103.8519, timezone: 'Asia/Singapore' };
    const sgt = (date: string, time: string) => at(date, time, '+08:00');
    const march = dayLight(singapore, '2024-03-23');
    within('Singapore 2024 (NUS, to the minute)', march.solarNoon, sgt('2024-03-23', '13:11:00'));
    expect(march.noonAltitude).toBeGreaterThan(89.5);
    const september = dayLight(singapore, '2024-09-19');
    within('Singapore 2024 (NUS, to the minute)', september.solarNoon, sgt('2024-09-19', '12:58:00'));
    expect(september.noonAltitude).toBeGreaterThan(89.5);
    within('Singapore 2024 (NUS, to the minute)', dayLight(singapore, '2024-11-01').sunrise, sgt('2024-11-01', '06:46:00'));
    within('Singapore 2024 (NUS, to the minute)', dayLight(singapore, '2024-02-09').sunrise, sgt('2024-02-09', '07:17:00'));
    within('Singapore 2024 (NUS, to the minute)', dayLight(singapore, '2024-11-05').sunset, sgt('2024-11-05', '18:50:00'));
    within('Singapore 2024 (NUS, to the minute)', dayLight(singapore, '2024-02-13').sunset, sgt('2024-02-13', '19:21:00'));
  });
});

/**
 * Where no published table was found for the place and season, the NOAA
 * Solar Calculator's equations (noaa-sun.ts) stand in as the reference.
 */
describe('against the NOAA solar calculator’s equations', () => {
  const PLACES: Array<[string, Place]> = [
    ['Quito, on the equator', { latitude: -0.2299, longitude: -78.5249, timezone: 'America/Guayaquil' }],
    ['Sydney', { latitude: -33.8688, longitude: 151.2093, timezone: 'Australia/Sydney' }],
    ['Cape Town', { latitude: -33.9249, longitude: 18.4241, timezone: 'Africa/Johannesburg' }],
    ['Ushuaia', { latitude: -54.8019, longitude: -68.303, timezone: 'America/Argentina/Ushuaia' }],
    ['Denver', { latitude: 39.7392, longitude: -104.9903, timezone: 'America/Denver' }],
    ['London', { latitude: 51.5074, longitude: -0.1278, timezone: 'Europe/London' }],
    ['Reykjavik', { latitude: 64.1466, longitude: -21.9426, timezone: 'Atlantic/Reykjavik' }],
  ];
  // Solstices, equinoxes, and the days the clocks change in Europe, the United States and Australia.
  const DATES = ['2025-03-20', '2025-06-21', '2025-09-22', '2025-12-21', '2025-03-09', '2025-03-30', '2025-04-06', '2025-10-05', '2025-10-26', '2025-11-02'];
  const HALF_DAY = 13 * 3_600_000;

  it.each(PLACES)('%s: sunrise, sunset, twilight, golden and blue hours and noon, through the seasons', (name, place) => {
    for (const date of DATES) {
      const light = dayLight(place, date);
      const noon = Date.parse(light.solarNoon);
      const morning = (level: number) => noaaCrossing(place.latitude, place.longitude, noon - HALF_DAY, noon, level, true);
      const evening = (level: number) => noaaCrossing(place.latitude, place.longitude, noon, noon + HALF_DAY, level, false);
      const label = `${name} (NOAA)`;
      within(label, light.solarNoon, noaaNoon(Date.parse(`${date}T00:00:00Z`), place.longitude));
      within(label, light.sunrise, morning(-0.833));
      within(label, light.sunset, evening(-0.833));
      within(label, light.civilDawn, morning(-6));
      within(label, light.civilDusk, evening(-6));
      // A band the sun is still in at solar midnight starts there, where the reference has no crossing.
      const edges: Array<[string | null, number | null]> = [
        [light.blueHour.morning.start, morning(BLUE_HOUR.from)],
        [light.goldenHour.morning.start, morning(GOLDEN_HOUR.from)],
        [light.goldenHour.morning.end, morning(GOLDEN_HOUR.to)],
        [light.goldenHour.evening.start, evening(GOLDEN_HOUR.to)],
        [light.goldenHour.evening.end, evening(GOLDEN_HOUR.from)],
        [light.blueHour.evening.end, evening(BLUE_HOUR.from)],
      ];
      for (const [ours, reference] of edges) if (reference !== null) within(label, ours, reference);
      expect(Math.abs(light.sunriseAzimuth! - noaaSun(Date.parse(light.sunrise!), place.latitude, place.longitude).azimuth), `${name} ${date}`).toBeLessThan(0.2);
      expect(Math.abs(light.sunsetAzimuth! - noaaSun(Date.parse(light.sunset!), place.latitude, place.longitude).azimuth), `${name} ${date}`).toBeLessThan(0.2);
    }
  });

  it('the sun’s path agrees with the NOAA position to a tenth of a degree, and its shadow is 1/tan(altitude)', () => {
    const denver: Place = { latitude: 39.7392, longitude: -104.9903, timezone: 'America/Denver' };
    for (const point of dayLight(denver, '2025-06-21').path) {
      const reference = noaaSun(Date.parse(point.at), denver.latitude, denver.longitude);
      // The path is the altitude as seen: take refraction back out for the comparison (it is at most 0.6 deg, at the horizon).
      if (reference.altitude > 5) {
        expect(Math.abs(point.altitude - reference.altitude), point.at).toBeLessThan(0.2);
        expect(Math.abs(point.azimuth - reference.azimuth), point.at).toBeLessThan(0.1);
      }
      if (point.altitude > 2) expect(Math.abs(point.shadowPerMetre! - cot(point.altitude))).toBeLessThanOrEqual(roundedAway(point.altitude));
      if (point.altitude <= 0) expect(point.shadowPerMetre).toBeNull();
    }
  });
});

describe('polar day and polar night', () => {
  const TROMSO: Place = { latitude: 69.6492, longitude: 18.9553, timezone: 'Europe/Oslo' };
  const LONGYEARBYEN: Place = { latitude: 78.2232, longitude: 15.6267, timezone: 'Arctic/Longyearbyen' };

  it.each([
    ['Tromsø', TROMSO],
    ['Longyearbyen', LONGYEARBYEN],
  ] as const)('%s at midsummer: the midnight sun, said in words, with golden light at midnight where the sun dips low', (name, place) => {
    const light = dayLight(place, '2025-06-21');
    expect(light).toMatchObject({ polar: 'day', sunrise: null, sunset: null, sunriseAzimuth: null, sunsetAzimuth: null, civilDawn: null, civilDusk: null });
    expect(light.remarks[0]).toMatch(/^Midnight sun: the sun does not set/);
    // The reference agrees the sun stays up through the day.
    const lowest = Math.min(...light.path.map((p) => noaaSun(Date.parse(p.at), place.latitude, place.longitude).altitude));
    expect(lowest, name).toBeGreaterThan(-0.833);
    expect(light.path.every((p) => p.shadowPerMetre !== null)).toBe(true);
  });

  it.each([
    ['Tromsø', TROMSO],
    ['Longyearbyen', LONGYEARBYEN],
  ] as const)('%s at midwinter: polar night, with the highest point of the sun said', (name, place) => {
    const light = dayLight(place, '2025-12-21');
    expect(light).toMatchObject({ polar: 'night', sunrise: null, sunset: null });
    expect(light.remarks[0]).toMatch(/^Polar night: the sun does not rise\. Its highest point is [\d.]+° below the horizon at \d\d:\d\d\.$/);
    const highest = Math.max(...light.path.map((p) => noaaSun(Date.parse(p.at), place.latitude, place.longitude).altitude));
    expect(highest, name).toBeLessThan(-0.833);
    expect(light.path.every((p) => p.shadowPerMetre === null)).toBe(true);
  });

  it('Tromsø at midwinter still has civil twilight and a blue hour around noon, against the NOAA equations', () => {
    const light = dayLight(TROMSO, '2025-12-21');
    const noon = Date.parse(light.solarNoon);
    within('Tromsø midwinter (NOAA)', light.civilDawn, noaaCrossing(TROMSO.latitude, TROMSO.longitude, noon - 6 * 3_600_000, noon, -6, true)!);
    within('Tromsø midwinter (NOAA)', light.civilDusk, noaaCrossing(TROMSO.latitude, TROMSO.longitude, noon, noon + 6 * 3_600_000, -6, false)!);
    within('Tromsø midwinter (NOAA)', light.goldenHour.morning.start, noaaCrossing(TROMSO.latitude, TROMSO.longitude, noon - 6 * 3_600_000, noon, -4, true)!);
    // The sun never climbs to +6: the golden hour runs up to noon and on from it.
    expect(light.goldenHour.morning.end).toBe(light.solarNoon);
    expect(light.goldenHour.evening.start).toBe(light.solarNoon);
  });

  it('Tromsø in a white night: the sun sets, but civil twilight lasts until it rises again', () => {
    const light = dayLight(TROMSO, '2025-08-01');
    expect(light.polar).toBeNull();
    expect(light.sunrise).not.toBeNull();
    expect(light.sunset).not.toBeNull();
    expect(light.civilDusk).toBeNull();
    expect(light.remarks.join(' ')).toMatch(/White night/);
    const noon = Date.parse(light.solarNoon);
    within('Tromsø white night (NOAA)', light.sunset, noaaCrossing(TROMSO.latitude, TROMSO.longitude, noon, noon + 13 * 3_600_000, -0.833, false)!);
  });
});

describe('the days the clocks change', () => {
  it('London on 30 March 2025 has a 23-hour day: the path runs midnight to midnight, sunrise is on summer time', () => {
    const light = dayLight({ latitude: 51.5074, longitude: -0.1278, timezone: 'Europe/London' }, '2025-03-30');
    expect(light.path).toHaveLength(23 * 6 + 1);
    expect(light.path[0]!.at).toBe('2025-03-30T00:00:00.000Z');
    expect(light.path.at(-1)!.at).toBe('2025-03-30T23:00:00.000Z');
    // The clocks go forward an hour, the sun rises two minutes earlier: the clock time of sunrise jumps by 58 minutes.
    const before = dayLight({ latitude: 51.5074, longitude: -0.1278, timezone: 'Europe/London' }, '2025-03-29');
    const clockMinutes = (instant: string) => {
      const [h, m] = localTime(instant, 'Europe/London').split(':').map(Number);
      return h! * 60 + m!;
    };
    const jump = clockMinutes(light.sunrise!) - clockMinutes(before.sunrise!);
    expect(jump).toBeGreaterThanOrEqual(56);
    expect(jump).toBeLessThanOrEqual(59);
  });

  it('Denver on 2 November 2025 has a 25-hour day, and a target window that spans the repeated hour is one window', () => {
    const denver: Place = { latitude: 39.7392, longitude: -104.9903, timezone: 'America/Denver' };
    const night: LightTarget = { id: 'night', name: 'Sun well down', azimuthFrom: 0, azimuthTo: 360, altitudeFrom: -90, altitudeTo: -30 };
    const light = dayLight(denver, '2025-11-02', [night]);
    expect(light.path).toHaveLength(25 * 6 + 1);
    const [first] = light.targets[0]!.windows;
    expect(first!.start).toBe(instantOf('2025-11-02', '00:00', 'America/Denver').toISOString());
    // 01:00 to 01:59 happens twice; the window runs straight through both.
    expect(Date.parse(first!.end) - Date.parse(first!.start)).toBeGreaterThan(4 * 3_600_000);
  });
});

describe('light targets', () => {
  const ranch: Place = { latitude: 35.5405, longitude: -106.0656, timezone: 'America/Denver' };
  const herd: LightTarget = { id: 'herd', name: 'Low sun east-south-east behind the herd', azimuthFrom: 100, azimuthTo: 125, altitudeFrom: 5, altitudeTo: 15 };

  it('finds the morning window when a low sun stands east-south-east, and calls the crew 90 minutes ahead on the quarter hour', () => {
    const light = dayLight(ranch, '2026-11-22', [herd]);
    const [target] = light.targets;
    expect(target!.windows).toHaveLength(1);
    const { start, end } = target!.windows[0]!;
    for (const edge of [start, end]) {
      const { altitude, azimuth } = sunPosition(ranch, edge);
      // At an edge one range is just met: within a minute's motion of the sun (a quarter of a degree).
      expect(altitude).toBeGreaterThan(herd.altitudeFrom - 0.25);
      expect(altitude).toBeLessThan(herd.altitudeTo + 0.25);
      expect(azimuth).toBeGreaterThan(herd.azimuthFrom - 0.25);
      expect(azimuth).toBeLessThan(herd.azimuthTo + 0.25);
    }
    expect(localTime(start, ranch.timezone) < '09:00').toBe(true);
    const call = instantOf('2026-11-22', target!.suggestedCall!, ranch.timezone).getTime();
    expect(Date.parse(start) - call).toBeGreaterThanOrEqual(90 * 60_000);
    expect(Date.parse(start) - call).toBeLessThan(105 * 60_000);
    expect(target!.suggestedCall).toMatch(/:(00|15|30|45)$/);
  });

  it('takes a lead time of the target’s own', () => {
    const light = dayLight(ranch, '2026-11-22', [{ ...herd, leadMinutes: 30 }]);
    const start = Date.parse(light.targets[0]!.windows[0]!.start);
    const call = instantOf('2026-11-22', light.targets[0]!.suggestedCall!, ranch.timezone).getTime();
    expect(start - call).toBeGreaterThanOrEqual(30 * 60_000);
    expect(start - call).toBeLessThan(45 * 60_000);
  });

  it('reads an azimuth range through north (350 to 20): the midnight sun at Tromsø stands there', () => {
    const north: LightTarget = { id: 'north', name: 'Midnight sun over the fjord', azimuthFrom: 350, azimuthTo: 20, altitudeFrom: 0, altitudeTo: 10 };
    const light = dayLight({ latitude: 69.6492, longitude: 18.9553, timezone: 'Europe/Oslo' }, '2025-06-21', [north]);
    const windows = light.targets[0]!.windows;
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) {
      const middle = new Date((Date.parse(w.start) + Date.parse(w.end)) / 2);
      const { azimuth } = sunPosition({ latitude: 69.6492, longitude: 18.9553, timezone: 'Europe/Oslo' }, middle);
      expect(azimuth > 350 || azimuth < 20, `${azimuth}`).toBe(true);
    }
    expect(azimuthWithin(355, 350, 20)).toBe(true);
    expect(azimuthWithin(10, 350, 20)).toBe(true);
    expect(azimuthWithin(180, 350, 20)).toBe(false);
  });

  it('has no window, and no call, when the sun never stands there', () => {
    const overhead: LightTarget = { id: 'noon', name: 'Sun overhead', azimuthFrom: 0, azimuthTo: 360, altitudeFrom: 80, altitudeTo: 90 };
    const light = dayLight({ latitude: 51.5, longitude: -0.12, timezone: 'Europe/London' }, '2025-12-21', [overhead]);
    expect(light.targets[0]).toMatchObject({ windows: [], suggestedCall: null });
  });
});

describe('properties of any day at any place from 60 S to 60 N', () => {
  /** A place, and its zone: the whole-hour zone nearest its longitude (Etc/GMT signs are reversed). */
  const place = fc
    .record({ latitude: fc.double({ min: -60, max: 60, noNaN: true }), longitude: fc.double({ min: -179.9, max: 179.9, noNaN: true }) })
    .map(({ latitude, longitude }): Place => {
      const hours = Math.round(longitude / 15);
      return { latitude, longitude, timezone: hours === 0 ? 'UTC' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}` };
    });
  const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const target = fc
    .record({
      azimuthFrom: fc.integer({ min: 0, max: 360 }),
      azimuthTo: fc.integer({ min: 0, max: 360 }),
      altitudes: fc.tuple(fc.integer({ min: -20, max: 80 }), fc.integer({ min: -20, max: 80 })),
    })
    .map(({ azimuthFrom, azimuthTo, altitudes: [a, b] }): LightTarget => ({ id: 't', name: 'target', azimuthFrom, azimuthTo, altitudeFrom: Math.min(a, b), altitudeTo: Math.max(a, b) }));
  const ms = (iso: string | null) => Date.parse(iso!);

  it('runs civil dawn, sunrise, noon, sunset, civil dusk in order; the blue hour ends where the golden hour begins', () => {
    fc.assert(
      fc.property(place, date, (p, d) => {
        const light = dayLight(p, d);
        if (light.polar !== null || light.civilDawn === null || light.civilDusk === null) return;
        expect(ms(light.civilDawn)).toBeLessThan(ms(light.sunrise));
        expect(ms(light.sunrise)).toBeLessThan(ms(light.solarNoon));
        expect(ms(light.solarNoon)).toBeLessThan(ms(light.sunset));
        expect(ms(light.sunset)).toBeLessThan(ms(light.civilDusk));
        expect(light.blueHour.morning.start).toBe(light.civilDawn);
        expect(ms(light.goldenHour.morning.start)).toBeGreaterThanOrEqual(ms(light.blueHour.morning.end));
        expect(ms(light.goldenHour.morning.start)).toBeLessThan(ms(light.sunrise));
        expect(ms(light.goldenHour.morning.end)).toBeGreaterThan(ms(light.sunrise));
        expect(ms(light.goldenHour.evening.end)).toBeLessThanOrEqual(ms(light.blueHour.evening.start));
        expect(light.blueHour.evening.end).toBe(light.civilDusk);
        expect(light.sunriseAzimuth!).toBeLessThan(180);
        expect(light.sunsetAzimuth!).toBeGreaterThan(180);
      }),
      { numRuns: 60 },
    );
  });

  it('finds target windows inside the local day, with the sun inside the ranges between their edges and outside them just beyond', () => {
    fc.assert(
      fc.property(place, date, target, (p, d, t) => {
        const light = dayLight(p, d, [t]);
        const dayStart = instantOf(d, '00:00', p.timezone).getTime();
        const dayEnd = instantOf(addDays(d, 1), '00:00', p.timezone).getTime();
        const inside = (instant: number) => {
          const { altitude, azimuth } = sunPosition(p, new Date(instant));
          return altitude >= t.altitudeFrom && altitude <= t.altitudeTo && azimuthWithin(azimuth, t.azimuthFrom, t.azimuthTo);
        };
        let previousEnd = -Infinity;
        for (const w of light.targets[0]!.windows) {
          const [start, end] = [ms(w.start), ms(w.end)];
          expect(start).toBeGreaterThanOrEqual(dayStart);
          expect(end).toBeLessThanOrEqual(dayEnd);
          expect(start).toBeLessThanOrEqual(end);
          expect(start).toBeGreaterThan(previousEnd);
          previousEnd = end;
          if (end - start > 4 * 60_000) expect(inside((start + end) / 2)).toBe(true);
          // Within a minute: a minute before the start (or after the end) the sun is outside, unless the day ends there.
          if (start > dayStart) expect(inside(start - 60_000)).toBe(false);
          if (end < dayEnd) expect(inside(end + 60_000)).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives every path point a shadow of 1/tan(altitude) while the sun is up, and none while it is down', () => {
    fc.assert(
      fc.property(place, date, (p, d) => {
        for (const point of dayLight(p, d).path) {
          if (point.altitude > 2) expect(Math.abs(point.shadowPerMetre! - cot(point.altitude))).toBeLessThanOrEqual(roundedAway(point.altitude));
          if (point.altitude <= 0) expect(point.shadowPerMetre).toBeNull();
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('who takes a light target off a location (ROLES)', () => {
  const named = { createdBy: 'rey' };
  const caller = (userId: string, roles: string[], department: string | null = null) => ({ userId, roles, department });

  it('the one who named it may', () => expect(mayArchiveTarget(caller('rey', ['crew']), named)).toEqual({ allowed: true }));
  it('the 1st AD, who builds the day around it, may', () => expect(mayArchiveTarget(caller('sam', ['first_ad']), named)).toEqual({ allowed: true }));
  it('the producer may', () => expect(mayArchiveTarget(caller('rosa', ['producer']), named)).toEqual({ allowed: true }));
  it('the head of camera (the DP) may', () => {
    expect(mayArchiveTarget(caller('dp', ['department_head'], 'Camera'), named)).toEqual({ allowed: true });
    expect(isCameraHead(['department_head'], 'Cinematography')).toBe(true);
    expect(isCameraHead(['department_head'], 'DoP')).toBe(true);
  });
  it('a grip may not, nor the head of another department: the refusal names ROLES and says who may', () => {
    for (const who of [caller('gus', ['crew'], 'Camera'), caller('gia', ['department_head'], 'Grip')]) {
      const decision = mayArchiveTarget(who, named);
      expect(decision).toMatchObject({ allowed: false, rule: 'ROLES' });
      expect(decision.allowed === false && decision.reason).toMatch(/the head of camera, the 1st AD or the producer/);
    }
  });
});
