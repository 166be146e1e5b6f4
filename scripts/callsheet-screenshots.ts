// The call sheet screenshots for the README: the page a crew member's link
// opens on a phone (390x844), and the 1st AD's recipients table on a tablet
// (820x1180) after some of the crew have opened and acknowledged it. The day
// is built through the API on a production of its own: a pier at night with a
// firearm scene and a stunt, the roster, the calls and the safety meeting.
// Run after `npm run build`: npx tsx scripts/callsheet-screenshots.ts
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium, phone, tablet } from '../test/browser/chromium.js';
import { callApi, joinProduction, signInContext } from '../test/browser/helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from '../test/browser/server.js';
import { addDays, instantOf, localDate } from '../src/domain/schedule/calendar.js';

const zone = 'America/New_York';

/** The calendar date in the production's zone, `days` from now. */
const dateIn = (days: number): string => addDays(localDate(new Date(), zone), days);

/** The instant of a wall-clock time on a date in the production's zone. */
const instantIn = (date: string, time: string): string => instantOf(date, time, zone).toISOString();

const crewList = [
  { key: 'firstAd', name: 'Dana Reyes', role: 'first_ad' },
  { key: 'armorer', name: 'Jo Okafor', role: 'armorer' },
  { key: 'advisor', name: 'Sam Whitlock', role: 'safety_advisor' },
  { key: 'performer', name: 'Mara Quinn', role: 'performer' },
  { key: 'medic', name: 'Lena Park', role: 'medic' },
  { key: 'grip', name: 'Theo Marsh', role: 'crew' },
  { key: 'camera', name: 'Priya Nair', role: 'department_head' },
] as const;

type Key = (typeof crewList)[number]['key'];

interface Built {
  productionId: string;
  dayId: string;
  sheetId: string;
  tokens: Record<Key | 'producer', string>;
  links: Record<string, string>;
}

/** Tomorrow night's shoot day with its call sheet published, two acknowledgements in and one more opened. */
export async function buildDay(server: RunningServer): Promise<Built> {
  const { token: producer } = await setUpFirstUser(server, { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn' });
  const { production } = await callApi<{ production: { id: string } }>(server.url, producer, 'POST', '/api/productions', { name: 'Night Harbor', timezone: zone });
  const pid = production.id;
  const at = (path: string) => `/api/productions/${pid}${path}`;
  const ids = {} as Record<Key, string>;
  const tokens = { producer } as Record<Key | 'producer', string>;
  for (const person of crewList) {
    const email = `${person.name.split(' ')[0]!.toLowerCase()}@nightharbor.test`;
    const joined = await joinProduction(server.url, producer, pid, { name: person.name, email, password: `${email}-password` }, person.role);
    ids[person.key] = joined.id;
    tokens[person.key] = joined.token;
  }
  await callApi(server.url, producer, 'PATCH', at(`/members/${ids.grip}`), { department: 'Grip' });
  await callApi(server.url, producer, 'PATCH', at(`/members/${ids.camera}`), { department: 'Camera' });
  await callApi(server.url, tokens.medic, 'PUT', at(`/members/${ids.medic}/contact`), { phone: '+1 718 555 0142' });

  const { firstAd, advisor } = tokens;
  const { location } = await callApi<{ location: { id: string } }>(server.url, firstAd, 'POST', at('/locations'), {
    name: 'Pier 9, Red Hook',
    address: '9 Ferris St, Brooklyn, NY 11231',
    latitude: 40.6755,
    longitude: -74.0163,
    hospital: { name: 'NYU Langone Hospital, Brooklyn', address: '150 55th St, Brooklyn, NY 11220', phone: '+1 718 630 7000', driveMinutes: 14 },
    parking: 'Base camp on Ferris St; crew parking in the Beard St lot.',
  });
  const scene = async (body: object) => (await callApi<{ scene: { id: string } }>(server.url, firstAd, 'POST', at('/scenes'), { locationId: location.id, ...body })).scene.id;
  const s42 = await scene({ number: '42', description: 'The dockside shoot-out: Mara fires twice at the van.', hazards: ['firearms', 'blanks'], intExt: 'EXT', timeOfDay: 'night', eighths: 6, castIds: [ids.performer] });
  const s41 = await scene({ number: '41', description: 'Mara falls from the crane cab into the harbor.', hazards: ['stunts', 'water', 'heights'], intExt: 'EXT', timeOfDay: 'night', eighths: 11, castIds: [ids.performer] });
  const s43 = await scene({ number: '43', description: 'Inside the harbor office, Mara calls the captain.', hazards: [], intExt: 'INT', timeOfDay: 'night', eighths: 9, castIds: [ids.performer] });
  const s44 = await scene({ number: '44', description: 'The van pulls away along the pier at speed.', hazards: ['vehicles'], intExt: 'EXT', timeOfDay: 'dawn', eighths: 4 });
  await callApi(server.url, advisor, 'POST', at(`/scenes/${s42}/risk-assessments`), {
    hazards: ['firearms', 'blanks'],
    controls: [
      { hazard: 'firearms', control: 'Jo hands off on the mark; the van is empty; shields for camera.' },
      { hazard: 'blanks', control: 'Quarter loads, 20 ft clear, ear protection for everyone on the pier.' },
    ],
  });
  await callApi(server.url, advisor, 'POST', at(`/scenes/${s41}/risk-assessments`), {
    hazards: ['stunts', 'water', 'heights'],
    controls: [
      { hazard: 'stunts', control: 'Stunt double on a descender; two rehearsals at half height.' },
      { hazard: 'water', control: 'Safety divers in the water; rescue boat on standby.' },
      { hazard: 'heights', control: 'Harness and a backup line rigged by the stunt coordinator.' },
    ],
  });

  const day = dateIn(1);
  const { shootDay } = await callApi<{ shootDay: { id: string } }>(server.url, firstAd, 'POST', at('/shoot-days'), {
    date: day,
    sceneIds: [s42, s41, s43],
    locationIds: [location.id],
    generalCall: '16:00',
    shootingCall: '18:30',
    notes: 'Night exteriors: layers and head torches.',
  });
  await callApi(server.url, firstAd, 'POST', at('/shoot-days'), { date: dateIn(2), sceneIds: [s44], locationIds: [location.id], generalCall: '05:30', shootingCall: '06:15' });
  await callApi(server.url, firstAd, 'PUT', at(`/shoot-days/${shootDay.id}/duties`), {
    duties: [
      { userId: ids.firstAd, duty: 'first_ad' },
      { userId: ids.armorer, duty: 'armorer' },
      { userId: ids.advisor, duty: 'safety_advisor' },
      { userId: ids.performer, duty: 'performer' },
      { userId: ids.medic, duty: 'medic' },
      { userId: ids.grip, duty: 'crew' },
      { userId: ids.camera, duty: 'department_head' },
    ],
  });
  await callApi(server.url, firstAd, 'PUT', at(`/shoot-days/${shootDay.id}/times`), {
    times: [
      { userId: ids.performer, call: instantIn(day, '15:15'), wrap: instantIn(dateIn(2), '03:30') },
      { userId: ids.grip, call: instantIn(day, '14:30'), wrap: instantIn(dateIn(2), '04:00') },
    ],
  });
  await callApi(server.url, firstAd, 'POST', at('/safety-meetings'), {
    shootDayId: shootDay.id,
    sceneIds: [s42],
    heldAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    attendeeIds: [ids.firstAd, ids.armorer, ids.advisor, ids.performer],
    walkthrough: true,
    abortPlan: 'Anyone calls cease fire; Jo clears the weapon; nobody moves until she calls cold.',
    emergencyPlan: 'Lena at the pier gate; NYU Langone Brooklyn, 14 min; Dana calls 911.',
  });

  const { callSheet } = await callApi<{ callSheet: { id: string } }>(server.url, firstAd, 'POST', at(`/shoot-days/${shootDay.id}/call-sheets`), {
    notes: 'Tide turns at 21:40: the water unit is in place by 21:00.',
    walkieChannels: [
      { channel: '1', use: 'Production' },
      { channel: '2', use: 'Water unit and stunts' },
      { channel: '3', use: 'Armory and props' },
    ],
    medicId: ids.medic,
  });
  await callApi(server.url, firstAd, 'POST', at(`/call-sheets/${callSheet.id}/publish`), {});
  const { recipients } = await callApi<{ recipients: Array<{ userId: string; name: string; link: string }> }>(server.url, firstAd, 'GET', at(`/call-sheets/${callSheet.id}/recipients`));
  const links = Object.fromEntries(recipients.map((r) => [r.name, r.link]));
  // Two have read and acknowledged it, one has only opened it.
  for (const name of ['Jo Okafor', 'Sam Whitlock']) {
    const token = new URL(links[name]!).pathname.split('/').pop()!;
    await callApi(server.url, null, 'GET', `/api/call-sheets/${token}`);
    await callApi(server.url, null, 'POST', `/api/call-sheets/${token}/confirm`, { safetyAck: true });
  }
  await callApi(server.url, null, 'GET', `/api/call-sheets/${new URL(links['Theo Marsh']!).pathname.split('/').pop()!}`);
  return { productionId: pid, dayId: shootDay.id, sheetId: callSheet.id, tokens, links };
}

export async function shootCallSheet(browser: Browser, server: RunningServer, outDir: string): Promise<void> {
  const built = await buildDay(server);

  const pocket = await browser.newContext({ ...phone, colorScheme: 'light', locale: 'en-US', timezoneId: zone });
  const page = await pocket.newPage();
  await page.goto(new URL(built.links['Mara Quinn']!).pathname.replace(/^/, server.url));
  await page.locator('.cs-you-time').waitFor();
  await page.screenshot({ path: `${outDir}call-sheet-phone.png` });
  await pocket.close();

  const board = await browser.newContext({ ...tablet, colorScheme: 'light', locale: 'en-US', timezoneId: zone });
  await signInContext(board, server.url, built.tokens.firstAd);
  const ad = await board.newPage();
  await ad.goto(`${server.url}/productions/${built.productionId}/schedule/days/${built.dayId}/call-sheet`);
  const table = ad.getByRole('region', { name: 'Who has it' });
  await table.getByText(/7 of 7 sent/).waitFor({ timeout: 20_000 });
  await table.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await ad.evaluate(() => window.scrollBy(0, -80));
  await ad.screenshot({ path: `${outDir}call-sheet-recipients-tablet.png` });
  await board.close();

  // The printed sheet: its first page as an image (pdftoppm, from Debian's poppler-utils).
  const pdf = await fetch(`${server.url}/api/productions/${built.productionId}/call-sheets/${built.sheetId}/pdf`, { headers: { authorization: `Bearer ${built.tokens.firstAd}` } });
  if (!pdf.ok) throw new Error(`the PDF answered ${pdf.status}`);
  const scratch = await mkdtemp(path.join(tmpdir(), 'setbook-pdf-'));
  await writeFile(path.join(scratch, 'sheet.pdf'), Buffer.from(await pdf.arrayBuffer()));
  execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', path.join(scratch, 'sheet.pdf'), `${outDir}call-sheet-pdf`]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
  await mkdir(outDir, { recursive: true });
  const server = await startServer();
  const browser = await launchChromium();
  try {
    await shootCallSheet(browser, server, outDir);
  } finally {
    await browser.close();
    await server.stop();
  }
}
