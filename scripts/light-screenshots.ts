// The light screenshots for the README: a location's light page with two light
// targets and their windows, on a phone (390x844) and a tablet (820x1180). The
// production, its DP and 1st AD, the location and three shoot days there are
// built through the API on a fresh server.
// Run after `npm run build`: npx tsx scripts/light-screenshots.ts
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, phone, tablet } from '../test/browser/chromium.js';
import { callApi, joinProduction, signInContext } from '../test/browser/helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from '../test/browser/server.js';
import { addDays, localDate } from '../src/domain/schedule/calendar.js';

const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const zone = 'America/Denver';

/** The calendar date in the production's zone, `days` from now. */
const dateIn = (days: number): string => addDays(localDate(new Date(), zone), days);

interface Seeded {
  productionId: string;
  locationId: string;
  dp: string;
  firstAd: string;
}

async function seed(server: RunningServer): Promise<Seeded> {
  const { token } = await setUpFirstUser(server, { name: 'Rosa Vance', email: 'rosa@redmesa.test', password: 'wide-lens-at-dawn' });
  const { production } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Red Mesa', timezone: zone });
  const pid = production.id;
  const at = (path: string) => `/api/productions/${pid}${path}`;
  const dp = await joinProduction(server.url, token, pid, { name: 'Rey Okonkwo', email: 'rey@redmesa.test', password: 'golden-hour-rey' }, 'department_head');
  await callApi(server.url, token, 'PATCH', at(`/members/${dp.id}`), { department: 'Camera' });
  const firstAd = await joinProduction(server.url, token, pid, { name: 'Sam Whitlock', email: 'sam@redmesa.test', password: 'call-sheet-0600' }, 'first_ad');
  const { location } = await callApi<{ location: { id: string } }>(server.url, firstAd.token, 'POST', at('/locations'), {
    name: 'Bonanza Creek Ranch',
    address: '15 Bonanza Creek Ln, Santa Fe, NM',
    latitude: 35.5405,
    longitude: -106.0656,
    elevationM: 1890,
    timezone: zone,
    hospital: { name: 'Christus St. Vincent', address: '455 St Michaels Dr, Santa Fe, NM', driveMinutes: 28 },
  });
  for (const days of [1, 2, 5]) await callApi(server.url, firstAd.token, 'POST', at('/shoot-days'), { date: dateIn(days), sceneIds: [], locationIds: [location.id], generalCall: '06:00' });
  await callApi(server.url, dp.token, 'POST', at(`/locations/${location.id}/light-targets`), {
    name: 'Low sun east-south-east behind the herd',
    azimuthFrom: 100,
    azimuthTo: 130,
    altitudeFrom: 3,
    altitudeTo: 15,
    notes: '75 mm from the creek bank; dust backlit.',
  });
  await callApi(server.url, dp.token, 'POST', at(`/locations/${location.id}/light-targets`), {
    name: 'Sunset flare through the barn door',
    azimuthFrom: 230,
    azimuthTo: 260,
    altitudeFrom: 0,
    altitudeTo: 6,
    leadMinutes: 45,
  });
  return { productionId: pid, locationId: location.id, dp: dp.token, firstAd: firstAd.token };
}

async function still(page: Page, path: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path });
}

export async function shootLight(browser: Browser, server: RunningServer, seeded: Seeded, dir: string): Promise<void> {
  const url = `${server.url}/productions/${seeded.productionId}/schedule/locations/${seeded.locationId}/light`;
  for (const [size, name] of [
    [phone, 'light-phone.png'],
    [tablet, 'light-tablet.png'],
  ] as const) {
    const context = await browser.newContext({ ...size, locale: 'en-US', timezoneId: zone, colorScheme: 'light' });
    await signInContext(context, server.url, seeded.dp);
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.light-target').first().waitFor({ state: 'visible' });
    // On a phone the DP comes for the plot: the day's times and the sun's height, under the sticky bar.
    if (size === phone) {
      await page.evaluate(() => {
        const day = document.getElementById('light-day')!;
        const bar = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
        window.scrollTo(0, day.getBoundingClientRect().top + window.scrollY - bar - 12);
      });
    }
    await still(page, `${dir}/${name}`);
    await context.close();
  }
}

const server = await startServer();
try {
  const seeded = await seed(server);
  const browser = await launchChromium();
  try {
    await mkdir(outDir, { recursive: true });
    await shootLight(browser, server, seeded, outDir);
  } finally {
    await browser.close();
  }
} finally {
  await server.stop();
}
