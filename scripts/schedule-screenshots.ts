// The shoot-day screenshots for the README: Today, the schedule, and a shoot day
// with its roster, on a phone (390x844) and a tablet (820x1180). The day is built
// through the API on the production scripts/screenshots.ts seeds: a location with
// its hospital, three scenes (one whose risk assessment went stale), today and
// tomorrow on the schedule, the roster, the calls and the safety meeting.
import type { Browser, Page } from 'playwright-core';
import { phone, tablet } from '../test/browser/chromium.js';
import { signInContext } from '../test/browser/helpers.js';
import type { RunningServer } from '../test/browser/server.js';
import { addDays, instantOf, localDate } from '../src/domain/schedule/calendar.js';

interface Crew {
  productionId: string;
  timezone: string;
  /** session tokens: the 1st AD, the armorer, the safety advisor, the producer */
  firstAd: string;
  armorer: string;
  advisor: string;
  producer: string;
}

async function call<T>(server: RunningServer, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The calendar date in `timeZone`, `days` from now. */
const dateIn = (timeZone: string, days: number): string => addDays(localDate(new Date(), timeZone), days);

/** The instant of a wall-clock time on a date in `timeZone`. */
const instantIn = (timeZone: string, date: string, time: string): string => instantOf(date, time, timeZone).toISOString();

/** Today and tomorrow on the production, as a 1st AD would have built them. */
async function buildDays(server: RunningServer, crew: Crew): Promise<{ todayId: string }> {
  const at = (path: string) => `/api/productions/${crew.productionId}${path}`;
  const { members } = await call<{ members: Array<{ userId: string; name: string }> }>(server, crew.producer, 'GET', at('/members'));
  const id = (name: string) => members.find((m) => m.name === name)!.userId;
  const { location } = await call<{ location: { id: string } }>(server, crew.firstAd, 'POST', at('/locations'), {
    name: 'Pier 9, Red Hook',
    address: '9 Ferris St, Brooklyn, NY 11231',
    latitude: 40.6755,
    longitude: -74.0163,
    hospital: { name: 'NYU Langone Hospital, Brooklyn', address: '150 55th St, Brooklyn, NY 11220', phone: '+1 718 630 7000', driveMinutes: 14 },
    parking: 'Base camp on Ferris St; crew parking in the Beard St lot.',
  });
  const scene = async (body: object) => (await call<{ scene: { id: string } }>(server, crew.firstAd, 'POST', at('/scenes'), { locationId: location.id, ...body })).scene.id;
  const s41 = await scene({ number: '41', description: 'Mara falls from the crane cab into the harbor.', hazards: ['stunts', 'water', 'heights'], intExt: 'EXT', timeOfDay: 'night', eighths: 11, castIds: [id('Mara Quinn')] });
  const s42 = await scene({ number: '42', description: 'The dockside shoot-out: Mara fires twice at the van.', hazards: ['firearms', 'blanks'], intExt: 'EXT', timeOfDay: 'night', eighths: 6, castIds: [id('Mara Quinn')] });
  const s43 = await scene({ number: '43', description: 'Inside the harbor office, Mara calls the captain.', hazards: [], intExt: 'INT', timeOfDay: 'night', eighths: 9, castIds: [id('Mara Quinn')] });
  const s44 = await scene({ number: '44', description: 'The van pulls away along the pier at speed.', hazards: ['vehicles'], intExt: 'EXT', timeOfDay: 'dawn', eighths: 4 });
  await call(server, crew.advisor, 'POST', at(`/scenes/${s41}/risk-assessments`), {
    hazards: ['stunts', 'water', 'heights'],
    controls: [
      { hazard: 'stunts', control: 'Stunt double on a descender; two rehearsals at half height.' },
      { hazard: 'water', control: 'Safety divers in the water; rescue boat on standby.' },
      { hazard: 'heights', control: 'Harness and a backup line rigged by the stunt coordinator.' },
    ],
  });
  await call(server, crew.advisor, 'POST', at(`/scenes/${s42}/risk-assessments`), {
    hazards: ['firearms', 'blanks'],
    controls: [
      { hazard: 'firearms', control: 'Armorer hands off on the mark; the van is empty; shields for camera.' },
      { hazard: 'blanks', control: 'Quarter loads, 20 ft clear, ear protection.' },
    ],
  });
  // The stunt grows: pyro in the crane cab, so its assessment goes stale (S5).
  await call(server, crew.firstAd, 'PATCH', at(`/scenes/${s41}`), { hazards: ['stunts', 'water', 'heights', 'pyro'] });

  const today = dateIn(crew.timezone, 0);
  const { shootDay } = await call<{ shootDay: { id: string } }>(server, crew.firstAd, 'POST', at('/shoot-days'), {
    date: today,
    sceneIds: [s42, s41, s43],
    locationIds: [location.id],
    generalCall: '16:00',
    shootingCall: '18:30',
    notes: 'Night exteriors: layers and head torches. Walkie channel 2 for the water unit.',
  });
  await call(server, crew.firstAd, 'POST', at('/shoot-days'), { date: dateIn(crew.timezone, 1), sceneIds: [s44], locationIds: [location.id], generalCall: '05:30', shootingCall: '06:15' });
  await call(server, crew.firstAd, 'PUT', at(`/shoot-days/${shootDay.id}/duties`), {
    duties: [
      { userId: id('Dana Reyes'), duty: 'first_ad' },
      { userId: id('Jo Okafor'), duty: 'armorer' },
      { userId: id('Sam Whitlock'), duty: 'safety_advisor' },
      { userId: id('Mara Quinn'), duty: 'performer' },
    ],
  });
  await call(server, crew.firstAd, 'PUT', at(`/shoot-days/${shootDay.id}/times`), {
    times: [{ userId: id('Dana Reyes'), call: instantIn(crew.timezone, today, '15:30'), wrap: instantIn(crew.timezone, dateIn(crew.timezone, 1), '03:30') }],
  });
  await call(server, crew.firstAd, 'POST', at('/safety-meetings'), {
    shootDayId: shootDay.id,
    sceneIds: [s42],
    heldAt: instantIn(crew.timezone, today, '16:20'),
    attendeeIds: [id('Dana Reyes'), id('Jo Okafor'), id('Sam Whitlock')],
    walkthrough: true,
    abortPlan: 'Anyone calls cease fire; Jo clears the weapon; nobody moves until she calls cold.',
    emergencyPlan: 'Medic at the pier gate; NYU Langone Brooklyn, 14 min; Dana calls 911.',
  });
  return { todayId: shootDay.id };
}

async function still(page: Page, path: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path });
}

export async function shootSchedule(browser: Browser, server: RunningServer, crew: Crew, outDir: string): Promise<void> {
  const { todayId } = await buildDays(server, crew);
  const base = `${server.url}/productions/${crew.productionId}`;
  for (const [size, options] of [
    ['phone', phone],
    ['tablet', tablet],
  ] as const) {
    const context = await browser.newContext({ ...options, colorScheme: 'light', locale: 'en-US', timezoneId: crew.timezone });
    await signInContext(context, server.url, crew.firstAd);
    const page = await context.newPage();

    await page.goto(`${base}/today`);
    await page.locator('.today-scene').nth(2).waitFor();
    await still(page, `${outDir}today-${size}.png`);

    await page.goto(`${base}/schedule`);
    await page.getByRole('region', { name: 'Scenes' }).getByRole('listitem').nth(3).waitFor();
    await still(page, `${outDir}schedule-${size}.png`);

    await page.goto(`${base}/schedule/days/${todayId}`);
    const roster = page.getByRole('region', { name: 'Duty roster' });
    await roster.locator('.sched-duty').nth(3).waitFor();
    // The armorer given props too: the F2 alert, as the 1st AD sees it on saving.
    await roster.getByLabel('Person').selectOption({ label: 'Jo Okafor (Armorer)' });
    await roster.getByLabel('Duty').selectOption({ label: 'Props' });
    await roster.getByRole('button', { name: 'Add to roster' }).click();
    await roster.getByRole('button', { name: 'Save roster' }).click();
    await roster.locator('.sched-alerts').waitFor();
    if (size === 'tablet') await page.evaluate(() => window.scrollTo(0, 0));
    await still(page, `${outDir}shoot-day-${size}.png`);
    await roster.getByRole('button', { name: 'Take Jo Okafor off as Props' }).click();
    await roster.getByRole('button', { name: 'Save roster' }).click();
    await roster.getByText('Roster saved. It raises no F2 or F3 alert.').waitFor();
    await context.close();
  }
}
