import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';
import { addDays, localDate } from '../../src/domain/schedule/calendar.js';

const zone = 'America/Denver';

/** The calendar date in the production's zone, `days` from now. */
const dateIn = (days: number): string => addDays(localDate(new Date(), zone), days);

/** HH:MM on the location's clock. */
const clock = (instant: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));

interface Person {
  name: string;
  email: string;
  password: string;
  id: string;
  token: string;
}

interface DayLight {
  date: string;
  sunrise: string | null;
  targets: Array<{ id: string; name: string; windows: Array<{ start: string; end: string }>; suggestedCall: string | null }>;
}

/** Low morning sun from the east round to the south: a window on any day of the year at this latitude. */
const MORNING = { name: 'Low morning sun over the corral', azimuthFrom: '60', azimuthTo: '180', altitudeFrom: '5', altitudeTo: '15' };

describe('the light at a location: a DP names the sun they want on a phone and sees its window; the 1st AD finds it from the shoot day', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];
  let pid: string;
  let ranch: string;
  let dayId: string;
  let dp: Person;
  let firstAd: Person;

  async function device(who: Person, size: typeof phone | typeof tablet, path: string): Promise<Page> {
    // Another zone than the location's: every time shown must still be the location's.
    const context = await browser.newContext({ ...size, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    contexts.push(context);
    await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    const producer = { name: 'Rosa Vance', email: 'rosa@redmesa.test', password: 'wide-lens-at-dawn' };
    const { token } = await setUpFirstUser(server, producer);
    const { production } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Red Mesa', timezone: zone });
    pid = production.id;
    const dpWho = { name: 'Rey Okonkwo', email: 'rey@redmesa.test', password: 'golden-hour-rey' };
    dp = { ...dpWho, ...(await joinProduction(server.url, token, pid, dpWho, 'department_head')) };
    await callApi(server.url, token, 'PATCH', `/api/productions/${pid}/members/${dp.id}`, { department: 'Camera' });
    const adWho = { name: 'Sam Whitlock', email: 'sam@redmesa.test', password: 'call-sheet-0600' };
    firstAd = { ...adWho, ...(await joinProduction(server.url, token, pid, adWho, 'first_ad')) };
    ranch = (
      await callApi<{ location: { id: string } }>(server.url, firstAd.token, 'POST', `/api/productions/${pid}/locations`, {
        name: 'Bonanza Creek Ranch',
        latitude: 35.5405,
        longitude: -106.0656,
        timezone: zone,
      })
    ).location.id;
    dayId = (await callApi<{ shootDay: { id: string } }>(server.url, firstAd.token, 'POST', `/api/productions/${pid}/shoot-days`, { date: dateIn(2), sceneIds: [], locationIds: [ranch] })).shootDay.id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('on a phone the DP goes from the location to its light in one tap, on the next shoot day there, names a sun position and sees its window and call', async () => {
    const page = await device(dp, phone, `/productions/${pid}/schedule/locations/${ranch}`);
    await heading(page, 'Bonanza Creek Ranch');
    await page.getByRole('link', { name: 'Light and sun at Bonanza Creek Ranch' }).click();
    await heading(page, 'Light and sun');

    // The date is the next shoot day at the location, and its chip says so.
    const shootDay = dateIn(2);
    await expect.poll(() => page.getByLabel('Date').inputValue()).toBe(shootDay);
    const chosen = page.getByRole('navigation', { name: 'Shoot days here' }).locator('a[aria-current="date"]');
    await expect.poll(() => chosen.count()).toBe(1);
    expect(await chosen.getAttribute('href')).toContain(`date=${shootDay}`);

    // The day's sunrise on the location's clock, not the phone's (Tokyo).
    const before = await callApi<DayLight>(server.url, dp.token, 'GET', `/api/productions/${pid}/locations/${ranch}/light?date=${shootDay}`);
    const facts = page.getByRole('region', { name: 'The day' });
    expect(await textOf(facts, 'Sunrise')).toContain(clock(before.sunrise!));
    // The plots are pictures with words for a screen reader, and a table behind them.
    await expect.poll(() => page.getByRole('img', { name: /The sun’s height through the day/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /The sun’s path across the sky/ }).count()).toBe(1);
    await page.getByText('The sun hour by hour (table)').click();
    expect(await page.getByRole('table').getByRole('row').count()).toBeGreaterThan(20);

    // A mistake first: the range upside down is named at its field.
    const form = page.getByRole('form', { name: 'Name a light' });
    await form.getByLabel('Name', { exact: true }).fill(MORNING.name);
    const direction = form.getByRole('group', { name: /Direction/ });
    const height = form.getByRole('group', { name: /Height/ });
    await direction.getByLabel('From').fill(MORNING.azimuthFrom);
    await direction.getByLabel('To').fill(MORNING.azimuthTo);
    await height.getByLabel('From').fill('20');
    await height.getByLabel('To').fill(MORNING.altitudeTo);
    await form.getByRole('button', { name: 'Name this light' }).click();
    expect(await textOf(form.locator('.field-error'), 'lower altitude')).toContain('The lower altitude comes first.');

    await height.getByLabel('From').fill(MORNING.altitudeFrom);
    await form.getByRole('button', { name: 'Name this light' }).click();
    await textOf(page.getByRole('status'), 'is named');

    // Its window and suggested call, as the server works them out, on the location's clock.
    const after = await callApi<DayLight>(server.url, dp.token, 'GET', `/api/productions/${pid}/locations/${ranch}/light?date=${shootDay}`);
    const target = after.targets.find((t) => t.name === MORNING.name)!;
    expect(target.windows.length).toBeGreaterThan(0);
    const first = target.windows[0]!;
    const card = page.locator('.light-target').filter({ hasText: MORNING.name });
    const shown = await textOf(card, 'Window');
    expect(shown).toContain(`${clock(first.start)}–${clock(first.end)}`);
    expect(shown).toContain(`Suggested call ${target.suggestedCall}`);
    // And on the shoot day's line.
    const days = page.getByRole('region', { name: 'Shoot days here' });
    expect(await textOf(days, MORNING.name)).toContain(`${clock(first.start)}–${clock(first.end)}`);

    // It fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('on a tablet the 1st AD reaches the same light from the shoot day in one tap', async () => {
    const page = await device(firstAd, tablet, `/productions/${pid}/schedule/days/${dayId}`);
    await page.getByRole('link', { name: 'Light at Bonanza Creek Ranch' }).click();
    await heading(page, 'Light and sun');
    await expect.poll(() => page.getByLabel('Date').inputValue()).toBe(dateIn(2));
    await textOf(page.locator('.light-target'), MORNING.name);
    // A tablet uses its width: the day and its targets side by side.
    const main = (await page.locator('.light-main').boundingBox())!;
    const side = (await page.locator('.light-side').boundingBox())!;
    expect(side.x).toBeGreaterThan(main.x + main.width - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
  });

  it('says polar night in words rather than a sunrise', async () => {
    const { location } = await callApi<{ location: { id: string } }>(server.url, firstAd.token, 'POST', `/api/productions/${pid}/locations`, {
      name: 'Adventdalen',
      latitude: 78.2232,
      longitude: 15.6267,
      timezone: 'Arctic/Longyearbyen',
    });
    const page = await device(dp, phone, `/productions/${pid}/schedule/locations/${location.id}/light?date=2026-12-21`);
    await heading(page, 'Light and sun');
    expect(await textOf(page.getByRole('note'), 'Polar night')).toMatch(/the sun does not rise/);
    expect(await textOf(page.getByRole('region', { name: 'The day' }), 'Sunrise')).toMatch(/Sunrise\s*none\s*the sun stays down/);
  });

  it('reports no Content-Security-Policy violation or uncaught error', () => {
    expect(violations.flat()).toEqual([]);
  });
});
