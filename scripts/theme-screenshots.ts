// The theme and language screenshots for the README, on their own production ("Red Mesa",
// built through the API): Today on the 1st AD's phone in the outdoor theme
// (black on white, heavy lines, for sunlight) and in the night theme (dim and
// red-shifted, for dark sets), then in Spanish and Ukrainian. The theme is the device's own choice, kept in
// localStorage, as the account menu writes it.
// Run after `npm run build` (scripts/screenshots.ts calls it), or alone: npx tsx scripts/theme-screenshots.ts
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { translator } from '../src/i18n/catalogue.js';
import { intlTags } from '../src/i18n/locales.js';
import { launchChromium, phone } from '../test/browser/chromium.js';
import { signInContext } from '../test/browser/helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from '../test/browser/server.js';

const zone = 'America/Denver';
const pin = '4321';

async function call<T>(server: RunningServer, token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A production shooting a firearm scene today, and the session of its 1st AD, whose phone the screenshots show. */
async function seedThemes(server: RunningServer, producerToken: string): Promise<{ productionId: string; firstAd: string }> {
  const { production } = await call<{ production: { id: string } }>(server, producerToken, 'POST', '/api/productions', { name: 'Red Mesa', timezone: zone });
  const at = (path: string) => `/api/productions/${production.id}${path}`;
  const join = async (name: string, email: string, role: string) => {
    const { invitation } = await call<{ invitation: { code: string } }>(server, producerToken, 'POST', at('/members'), { name, email, roles: [role] });
    return call<{ token: string; user: { id: string } }>(server, null, 'POST', `/api/invitations/${invitation.code}/accept`, { name, password: `${email}-password`, pin });
  };
  const firstAd = await join('Sam Whitlock', 'sam@redmesa.test', 'first_ad');
  const performer = await join('Clay Barrett', 'clay@redmesa.test', 'performer');
  const { location } = await call<{ location: { id: string } }>(server, firstAd.token, 'POST', at('/locations'), {
    name: 'Red Mesa backlot',
    address: '4200 Mesa Road, Santa Fe, NM',
    latitude: 35.687,
    longitude: -105.9378,
    hospital: { name: 'Christus St. Vincent', address: '455 St Michaels Dr, Santa Fe, NM', phone: '+1 505 983 3361', driveMinutes: 18 },
  });
  const { scene } = await call<{ scene: { id: string } }>(server, firstAd.token, 'POST', at('/scenes'), {
    locationId: location.id,
    number: '27',
    description: 'The saloon standoff: Clay fires twice at the mirror.',
    hazards: ['firearms', 'blanks'],
    intExt: 'INT',
    timeOfDay: 'night',
    eighths: 11,
    castIds: [performer.user.id],
  });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const { shootDay } = await call<{ shootDay: { id: string } }>(server, firstAd.token, 'POST', at('/shoot-days'), {
    date: today,
    sceneIds: [scene.id],
    locationIds: [location.id],
    generalCall: '06:00',
    shootingCall: '07:30',
  });
  await call(server, firstAd.token, 'PUT', at(`/shoot-days/${shootDay.id}/duties`), {
    duties: [
      { userId: firstAd.user.id, duty: 'first_ad' },
      { userId: performer.user.id, duty: 'performer' },
    ],
  });
  return { productionId: production.id, firstAd: firstAd.token };
}

/** theme-outdoor-phone.png and theme-night-phone.png: Today on a phone in each theme. */
export async function shootThemes(browser: Browser, server: RunningServer, producerToken: string, outDir: string): Promise<void> {
  const { productionId, firstAd } = await seedThemes(server, producerToken);
  for (const theme of ['outdoor', 'night'] as const) {
    // colorScheme light: the night theme must look the same whatever the phone's own setting is.
    const context = await browser.newContext({ ...phone, colorScheme: 'light', locale: 'en-US', timezoneId: zone });
    await signInContext(context, server.url, firstAd);
    await context.addInitScript((chosen) => localStorage.setItem('setbook.theme', chosen), theme);
    const page = await context.newPage();
    await page.goto(`${server.url}/productions/${productionId}/today`);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.getByRole('heading', { name: 'Scenes, in order' }).waitFor();
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) throw new Error(`the ${theme} theme did not apply`);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: `${outDir}theme-${theme}-phone.png` });
    await context.close();
  }
  // today-es-phone.png and today-uk-phone.png: the same Today on a phone that speaks Spanish, then Ukrainian.
  for (const locale of ['es', 'uk'] as const) {
    const t = translator(locale);
    const context = await browser.newContext({ ...phone, colorScheme: 'light', locale: intlTags[locale], timezoneId: zone });
    await signInContext(context, server.url, firstAd);
    const page = await context.newPage();
    await page.goto(`${server.url}/productions/${productionId}/today`);
    await page.getByRole('heading', { level: 1, name: t('today.title') }).waitFor();
    await page.getByRole('heading', { name: t('today.scenes.heading') }).waitFor();
    if ((await page.evaluate(() => document.documentElement.lang)) !== locale) throw new Error(`the page is not in ${locale}`);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: `${outDir}today-${locale}-phone.png` });
    await context.close();
  }
}

/** Alone: a fresh server, a first user, and the two screenshots. */
async function main(): Promise<void> {
  const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
  await mkdir(outDir, { recursive: true });
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const { token } = await setUpFirstUser(server, { name: 'Rosa Vance', email: 'rosa@redmesa.test', password: 'wide-lens-at-dawn' });
    await shootThemes(browser, server, token, outDir);
    console.log(`theme screenshots written to ${outDir}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
