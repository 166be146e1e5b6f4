// The department notebook screenshots for the README, on their own production
// ("Dust Devil", built through the API): the camera notebook on the DP's phone,
// searched by the start of a word while a lens entry written in the truck
// waits to be sent, and the start-here package her successor reads on a
// tablet after the handoff: the note, the content hash, the days ahead with
// their looks and light windows, the glass, the dealers, the people.
// Run after `npm run build`: npx tsx scripts/notebook-screenshots.ts (scripts/screenshots.ts runs it too).
import { mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { addDays, localDate } from '../src/domain/schedule/calendar.js';
import { launchChromium, phone, tablet } from '../test/browser/chromium.js';
import { signInContext } from '../test/browser/helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from '../test/browser/server.js';

const zone = 'America/Denver';

const crew = {
  ana: { name: 'Ana Ruiz', email: 'ana@dustdevil.test', roles: ['department_head'] },
  lia: { name: 'Lia Moss', email: 'lia@dustdevil.test', roles: ['crew'] },
  tom: { name: 'Tom Beck', email: 'tom@dustdevil.test', roles: ['crew'] },
} as const;
type Key = keyof typeof crew;

async function call<T>(server: RunningServer, token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : body instanceof FormData ? body : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A photo of the lens case as the DP took it: five primes in their foam, drawn rather than shot. */
function lensCase(): Promise<Buffer> {
  const lenses = [
    [120, 150, 70],
    [300, 150, 78],
    [490, 150, 86],
    [190, 340, 92],
    [430, 340, 100],
  ]
    .map(([x, y, r]) => `<circle cx="${x}" cy="${y}" r="${r}" fill="#1d1d1f" stroke="#9a9a9a" stroke-width="10"/><circle cx="${x}" cy="${y}" r="${r! * 0.55}" fill="#2c3e57"/><circle cx="${x! - r! * 0.2}" cy="${y! - r! * 0.2}" r="${r! * 0.12}" fill="#c9d6ea"/>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#3a3a3c"/><rect x="20" y="20" width="600" height="440" rx="24" fill="#56565a"/>${lenses}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

interface Seeded {
  pid: string;
  nid: string;
  tokens: Record<Key, string>;
}

/** Prep on a western: the mesa location with the DP's light target, three scenes on the next two days, and the camera notebook as the DP kept it. */
async function seed(server: RunningServer, producer: string): Promise<Seeded> {
  const { production } = await call<{ production: { id: string } }>(server, producer, 'POST', '/api/productions', { name: 'Dust Devil', timezone: zone });
  const pid = production.id;
  const at = <T>(who: string, method: string, path: string, body?: unknown) => call<T>(server, who, method, `/api/productions/${pid}${path}`, body);
  const tokens = {} as Record<Key, string>;
  for (const key of Object.keys(crew) as Key[]) {
    const who = crew[key];
    const { invitation } = await at<{ invitation: { code: string } }>(producer, 'POST', '/members', { email: who.email, name: who.name, roles: who.roles, department: 'Camera' });
    const accepted = await call<{ token: string }>(server, null, 'POST', `/api/invitations/${invitation.code}/accept`, { name: who.name, password: `${who.email}-password`, pin: '4826' });
    tokens[key] = accepted.token;
  }
  const { members } = await at<{ members: Array<{ userId: string; name: string }> }>(producer, 'GET', '/members');
  const idOf = (name: string) => members.find((m) => m.name === name)!.userId;

  const { location } = await at<{ location: { id: string } }>(producer, 'POST', '/locations', {
    name: 'Ghost Ranch mesa',
    latitude: 36.3302,
    longitude: -106.4731,
    hospital: { name: 'Presbyterian Española Hospital', address: '1010 Spruce St, Española, NM', driveMinutes: 55 },
  });
  const { target } = await at<{ target: { id: string } }>(tokens.ana, 'POST', `/locations/${location.id}/light-targets`, {
    name: 'Low sun behind the herd',
    azimuthFrom: 100,
    azimuthTo: 150,
    altitudeFrom: 2,
    altitudeTo: 15,
  });
  const scene = async (number: string, description: string) => (await at<{ scene: { id: string } }>(producer, 'POST', '/scenes', { number, description, hazards: ['animals'], locationId: location.id })).scene.id;
  const s12 = await scene('12', 'The herd crosses the mesa at first light.');
  const s13 = await scene('13', 'Clay rides down to the creek.');
  const s27 = await scene('27', 'Saloon at night: the standoff.');
  const today = localDate(new Date(), zone);
  await at(producer, 'POST', '/shoot-days', { date: addDays(today, 1), sceneIds: [s12, s13], locationIds: [location.id] });
  await at(producer, 'POST', '/shoot-days', { date: addDays(today, 2), sceneIds: [s27], locationIds: [location.id] });

  const { notebook } = await at<{ notebook: { id: string } }>(tokens.ana, 'POST', '/notebooks', { department: 'Camera', headId: idOf('Ana Ruiz') });
  const nid = notebook.id;
  const entry = async (body: object, who: string = tokens.ana) => (await at<{ entry: { id: string } }>(who, 'POST', `/notebooks/${nid}/entries`, body)).entry.id;
  const dealer = await entry({
    kind: 'vendor',
    title: 'Old Fast Glass Rentals',
    fields: { name: 'Old Fast Glass Rentals', contact: 'Dee at +1 505 555 0142', carries: ['Cooke', 'Zeiss', 'LOMO'], terms: 'Weekly rate is three days; insurance certificate before pickup.' },
  });
  const cooke = await entry({
    kind: 'equipment',
    title: 'Cooke S4/i primes',
    body: 'The 32 breathes at close focus: keep it off the tight singles. Warm them in the truck before dawn calls.',
    tags: ['lenses', 'rental'],
    fields: {
      make: 'Cooke',
      series: 'S4/i',
      focalLengths: [18, 25, 32, 50, 75],
      tStops: [2],
      mount: 'PL',
      serials: ['S4-1832', 'S4-2577'],
      quirks: ['32 mm breathes at close focus', '75 mm focus ring stiff in the cold'],
      provenance: 'Rented from Old Fast Glass for the shoot; collimated by their tech in March.',
      vendorEntryId: dealer,
    },
  });
  const photo = new FormData();
  photo.append('file', new Blob([new Uint8Array(await lensCase())], { type: 'image/jpeg' }), 'cooke-case.jpg');
  await at(tokens.ana, 'POST', `/notebooks/${nid}/entries/${cooke}/attachments`, photo);
  await entry({ kind: 'equipment', title: 'LOMO round-front anamorphics', tags: ['lenses'], fields: { make: 'LOMO', series: 'Round front', focalLengths: [35, 50, 75], mount: 'PL', provenance: 'Owned by the DP; serviced 2025.' } });
  await entry({
    kind: 'look',
    title: 'Dawn on the mesa: silhouettes, no fill',
    body: 'Backlight the herd; let the riders go to black. Reference: the opening of Days of Heaven.',
    fields: { sceneIds: [s12, s13] },
  });
  await entry({ kind: 'light', title: 'First light behind the herd', fields: { locationId: location.id, targetId: target.id, sceneIds: [s12] } });
  await entry({
    kind: 'person',
    title: 'Marco Diaz',
    fields: { name: 'Marco Diaz', role: 'Gaffer', dayRate: 750, currency: 'USD', recommendedBy: 'Ana Ruiz', recommendation: 'Calm under a storm; lit a desert night with two HMIs.' },
  });
  await entry({ kind: 'todo', title: 'Order a second 32 mm from Old Fast Glass', fields: { done: false, vendorEntryId: dealer } });
  await entry({ kind: 'idea', title: 'Can we get the 12:1 zoom for the herd?', tags: ['question'] });
  await entry({ kind: 'technical', title: 'Card workflow: A-cam to the DIT cart every 2 rolls', tags: ['workflow'] }, tokens.tom);
  return { pid, nid, tokens };
}

/** The camera notebook on the DP's phone: a lens written offline waits, and "coo" finds the Cooke set and its dealer. */
async function shootPhone(browser: Browser, server: RunningServer, { pid, nid, tokens }: Seeded, outDir: string): Promise<void> {
  const context = await browser.newContext({ ...phone, colorScheme: 'light', locale: 'en-US', timezoneId: zone });
  await signInContext(context, server.url, tokens.ana);
  const page = await context.newPage();
  await page.goto(`${server.url}/productions/${pid}/notebooks/${nid}`);
  await page.getByRole('list', { name: 'Entries' }).waitFor();
  await context.setOffline(true);
  await page.getByRole('link', { name: 'New entry' }).click();
  await page.getByRole('link', { name: /^Equipment/ }).click();
  const form = page.getByRole('form', { name: 'New equipment' });
  await form.getByLabel('Title').fill('Cooke 18–100 zoom');
  await form.getByLabel('Make').fill('Cooke');
  await form.getByRole('button', { name: 'Save entry' }).click();
  await page.getByRole('region', { name: 'On this device' }).waitFor();
  await page.getByRole('search').getByLabel('Search').pressSequentially('coo', { delay: 40 });
  await page.locator('.nb-count').filter({ hasText: 'for “coo”' }).waitFor();
  // The search at the top of the screen with what it found below; the dock says what waits to be sent.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    const bar = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
    const search = document.querySelector('.nb-search')?.getBoundingClientRect().top ?? 0;
    window.scrollBy(0, search - bar - 12);
  });
  await page.screenshot({ path: `${outDir}notebook-phone.png` });
  await context.close();
}

/** Ana hands the notebook to Lia, who reads the package on a tablet. */
async function shootPackage(browser: Browser, server: RunningServer, { pid, nid, tokens }: Seeded, outDir: string): Promise<void> {
  const { members } = await call<{ members: Array<{ userId: string; name: string }> }>(server, tokens.ana, 'GET', `/api/productions/${pid}/members`);
  await call(server, tokens.ana, 'POST', `/api/productions/${pid}/notebooks/${nid}/handoff`, {
    toUserId: members.find((m) => m.name === 'Lia Moss')!.userId,
    note: 'Read the Cooke entry first: the 32 breathes. Marco is the gaffer to call, and the second 32 is still on order.',
  });
  const context = await browser.newContext({ ...tablet, colorScheme: 'light', locale: 'en-US', timezoneId: zone });
  await signInContext(context, server.url, tokens.lia);
  const page = await context.newPage();
  await page.goto(`${server.url}/productions/${pid}/notebooks/${nid}/package`);
  await page.getByRole('region', { name: 'People and recommendations' }).waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: `${outDir}notebook-package-tablet.png` });
  await context.close();
}

export async function shootNotebook(browser: Browser, server: RunningServer, producer: string, outDir: string): Promise<void> {
  const seeded = await seed(server, producer);
  await shootPhone(browser, server, seeded, outDir);
  await shootPackage(browser, server, seeded, outDir);
}

// Run on its own: a fresh server and only these two screenshots.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
  await mkdir(outDir, { recursive: true });
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const { token } = await setUpFirstUser(server, { name: 'Rosa Vance', email: 'rosa@dustdevil.test', password: 'wide-lens-at-dawn' });
    await shootNotebook(browser, server, token, outDir);
    console.log(`notebook screenshots written to ${outDir}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}
