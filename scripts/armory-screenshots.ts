// The armory and people screenshots for the README, on their own production
// ("Dust Devil", built through the API) so that no other set of screenshots
// shares its shoot day: the armory board on the armorer's upright tablet
// (1024x1366) with six firearms in every state, a firearm's page with what can
// be done now and what cannot yet, the F11 hold banner with the safety
// advisor's corrective action, "live round found" on a phone, and managing a
// person on a phone (roles, contact, removal).
import type { Browser, Page } from 'playwright-core';
import { phone } from '../test/browser/chromium.js';
import { signInContext } from '../test/browser/helpers.js';
import type { RunningServer } from '../test/browser/server.js';

const zone = 'America/Denver';
const cartTablet = { viewport: { width: 1024, height: 1366 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;
const pin = '4321';

const crew = [
  { key: 'armorer', name: 'Hank Morrow', email: 'hank@dustdevil.test', roles: ['armorer'], department: 'Props' },
  { key: 'advisor', name: 'Ines Okafor', email: 'ines@dustdevil.test', roles: ['safety_advisor'] },
  { key: 'firstAd', name: 'Sam Whitlock', email: 'sam@dustdevil.test', roles: ['first_ad'], department: 'Assistant directors' },
  { key: 'performer', name: 'Clay Barrett', email: 'clay@dustdevil.test', roles: ['performer'], department: 'Cast' },
  { key: 'stunt', name: 'June Alvarez', email: 'june@dustdevil.test', roles: ['performer'], department: 'Stunts' },
  { key: 'grip', name: 'Maya Stone', email: 'maya@dustdevil.test', roles: ['crew'], department: 'Grip' },
] as const;

type Key = (typeof crew)[number]['key'] | 'producer';

const firearms = [
  { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' },
  { serial: 'WR-73-1190', make: 'Winchester', model: 'Model 1873', kind: 'blank_firing' },
  { serial: 'RM-58-0311', make: 'Remington', model: 'New Model Army', kind: 'blank_firing' },
  { serial: 'SW-3-0077', make: 'Smith & Wesson', model: 'Model 3 Schofield', kind: 'non_firing_replica' },
  { serial: 'CL-51-0203', make: 'Colt', model: '1851 Navy', kind: 'rubber' },
  { serial: 'SG-12-0456', make: 'Stoeger', model: 'Coach Gun', kind: 'blank_firing' },
] as const;

async function call<T>(server: RunningServer, token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Seeded {
  productionId: string;
  tokens: Record<Key, string>;
  ids: Record<Key, string>;
  firearmIds: Record<string, string>;
  lots: Record<string, string>;
}

/** A production shooting today, with a crew, two scenes, the day's roster and meeting, two lots and six firearms. */
async function seed(server: RunningServer, producerToken: string): Promise<Seeded> {
  const { production } = await call<{ production: { id: string } }>(server, producerToken, 'POST', '/api/productions', { name: 'Dust Devil', timezone: zone });
  const at = (path: string) => `/api/productions/${production.id}${path}`;
  const { user } = await call<{ user: { id: string } }>(server, producerToken, 'GET', '/api/me');
  const tokens = { producer: producerToken } as Record<Key, string>;
  const ids = { producer: user.id } as Record<Key, string>;
  for (const person of crew) {
    const { invitation, member } = await call<{ invitation: { code: string }; member: { userId: string } }>(server, producerToken, 'POST', at('/members'), person);
    const accepted = await call<{ token: string; user: { id: string } }>(server, null, 'POST', `/api/invitations/${invitation.code}/accept`, { name: person.name, password: `${person.email}-password`, pin });
    tokens[person.key] = accepted.token;
    ids[person.key] = member.userId;
  }
  // One invited who has not joined yet, for the new-link button.
  await call(server, producerToken, 'POST', at('/members'), { email: 'lee@dustdevil.test', name: 'Lee Park', roles: ['crew'], department: 'Electric' });
  for (const key of ['armorer', 'performer', 'stunt'] as const) {
    await call(server, tokens.advisor, 'POST', at('/trainings'), { userId: ids[key], course: 'firearms_safety', completedOn: '2026-10-30' });
  }
  await call(server, tokens.grip, 'PUT', at(`/members/${ids.grip}/contact`), { phone: '+1 505 555 0147', emergencyContact: 'Ray Stone (brother) +1 505 555 0199' });
  const scene = async (body: object) => (await call<{ scene: { id: string } }>(server, tokens.firstAd, 'POST', at('/scenes'), body)).scene.id;
  const saloon = await scene({ number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] });
  const street = await scene({ number: '28', description: 'Shot toward camera on Main Street', hazards: ['firearms', 'blanks'], aimedAtPerson: true });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const { shootDay } = await call<{ shootDay: { id: string } }>(server, tokens.firstAd, 'POST', at('/shoot-days'), { date: today, sceneIds: [saloon, street], location: 'Red Mesa backlot' });
  await call(server, tokens.firstAd, 'PUT', at(`/shoot-days/${shootDay.id}/duties`), { duties: [{ userId: ids.armorer, duty: 'armorer' }] });
  await call(server, tokens.firstAd, 'POST', at('/safety-meetings'), {
    shootDayId: shootDay.id,
    sceneIds: [saloon],
    heldAt: new Date().toISOString(),
    attendeeIds: [ids.armorer, ids.performer, ids.stunt, ids.firstAd],
    walkthrough: true,
    abortPlan: 'Anyone calls cease fire; the armorer clears the weapon.',
    emergencyPlan: 'Medic at video village; ambulance via gate 2.',
  });
  const lots: Record<string, string> = {};
  for (const lot of [
    { lot: 'B-45-1', kind: 'blank', caliber: '.45 Colt', quantity: 50, load: 'quarter' },
    { lot: 'D-45-1', kind: 'dummy', caliber: '.45 Colt', quantity: 24, verification: { method: 'rattle test and drilled primers, each round' } },
    { lot: 'B-12-1', kind: 'blank', caliber: '12 gauge', quantity: 20, load: 'half' },
  ]) {
    lots[lot.lot] = (await call<{ lot: { id: string } }>(server, tokens.armorer, 'POST', at('/ammunition'), lot)).lot.id;
  }
  const firearmIds: Record<string, string> = {};
  for (const firearm of firearms) firearmIds[firearm.serial] = (await call<{ firearm: { id: string } }>(server, tokens.armorer, 'POST', at('/firearms'), firearm)).firearm.id;

  const step = (serial: string, body: object) => call(server, tokens.armorer, 'POST', at(`/firearms/${firearmIds[serial]}/events`), body);
  const handTo = (serial: string, who: 'performer' | 'stunt') =>
    step(serial, {
      type: 'hand_off',
      toUserId: ids[who],
      shootDayId: shootDay.id,
      sceneId: saloon,
      confirmations: [
        { userId: ids[who], pin },
        { userId: ids.firstAd, pin },
      ],
    });
  // The Winchester went out with dummies, came back from Clay, and waits to be unloaded.
  await step('WR-73-1190', { type: 'check_out', shootDayId: shootDay.id });
  await step('WR-73-1190', { type: 'inspect', load: 'dummy', rounds: [{ lotId: lots['D-45-1'], count: 6 }], barrelClear: true });
  await handTo('WR-73-1190', 'performer');
  await step('WR-73-1190', { type: 'return', fromUserId: ids.performer, confirmations: [{ userId: ids.performer, pin }] });
  // The Colt is with Clay, hot; the coach gun is with June, cold and empty.
  await step('SA-1873-0042', { type: 'check_out', shootDayId: shootDay.id });
  await step('SA-1873-0042', { type: 'inspect', load: 'blank', rounds: [{ lotId: lots['B-45-1'], count: 6 }], barrelClear: true });
  await handTo('SA-1873-0042', 'performer');
  await step('SG-12-0456', { type: 'check_out', shootDayId: shootDay.id });
  await step('SG-12-0456', { type: 'inspect', load: 'empty', rounds: [], barrelClear: true });
  await handTo('SG-12-0456', 'stunt');
  return { productionId: production.id, tokens, ids, firearmIds, lots };
}

async function open(browser: Browser, server: RunningServer, token: string, size: typeof phone | typeof cartTablet, path: string): Promise<Page> {
  const context = await browser.newContext({ ...size, colorScheme: 'light', timezoneId: zone });
  await signInContext(context, server.url, token);
  const page = await context.newPage();
  const live = page.waitForResponse((response) => response.url().includes('/live?'));
  await page.goto(`${server.url}${path}`);
  await live;
  return page;
}

/** Focus rings belong to keyboards, not to pictures. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

export async function shootArmory(browser: Browser, server: RunningServer, producerToken: string, outDir: string): Promise<void> {
  const { productionId, tokens, ids, firearmIds } = await seed(server, producerToken);
  const base = `/productions/${productionId}`;

  const board = await open(browser, server, tokens.armorer, cartTablet, `${base}/armory`);
  await board.getByRole('row', { name: 'Colt Single Action Army' }).waitFor();
  await settle(board);
  await board.screenshot({ path: `${outDir}armory-board-tablet.png` });

  await board.goto(`${server.url}${base}/armory/${firearmIds['WR-73-1190']}`);
  await board.getByRole('region', { name: 'What can be done now' }).getByRole('button', { name: 'Unload' }).waitFor();
  await settle(board);
  await board.screenshot({ path: `${outDir}armory-firearm-tablet.png` });
  await board.context().close();

  // A misfire on the Colt holds every firearm; the safety advisor opens the corrective action from the banner.
  await call(server, tokens.firstAd, 'POST', `/api/productions/${productionId}/firearms/${firearmIds['SA-1873-0042']}/events`, {
    type: 'misfire',
    note: 'Hammer fell on the third chamber, no report',
  });
  const advisor = await open(browser, server, tokens.advisor, cartTablet, `${base}/armory`);
  const takeover = advisor.getByRole('alertdialog', { name: 'WORK STOPPED' });
  await takeover.getByRole('button', { name: 'Acknowledge' }).click();
  await takeover.waitFor({ state: 'detached' });
  const hold = advisor.getByRole('region', { name: 'F11 Firearms on hold' });
  await hold.getByText('A misfire at').waitFor();
  await hold.getByRole('button', { name: 'Write the corrective action' }).click();
  await hold.getByLabel('What changes so that it does not happen again?').fill('Every cylinder is checked chamber by chamber at the cart before each take; the Colt goes back to the armorer for a spring check.');
  await settle(advisor);
  await advisor.screenshot({ path: `${outDir}armory-hold-tablet.png` });
  await advisor.context().close();

  const grip = await open(browser, server, tokens.grip, phone, `${base}/armory/live-round`);
  const gripStop = grip.getByRole('alertdialog', { name: 'WORK STOPPED' });
  await gripStop.getByRole('button', { name: 'Acknowledge' }).click();
  await gripStop.waitFor({ state: 'detached' });
  await grip.getByLabel('What did you find, and how do you know it is live?').fill('A round with a bullet and a primer in the dummy box');
  await grip.evaluate(() => window.scrollTo(0, 0));
  await settle(grip);
  await grip.screenshot({ path: `${outDir}live-round-phone.png` });
  await grip.context().close();

  const producer = await open(browser, server, producerToken, phone, `${base}/members/${ids.grip}`);
  const producerStop = producer.getByRole('alertdialog', { name: 'WORK STOPPED' });
  await producerStop.getByRole('button', { name: 'Acknowledge' }).click();
  await producerStop.waitFor({ state: 'detached' });
  await producer.getByRole('heading', { level: 1, name: 'Maya Stone' }).waitFor();
  await settle(producer);
  await producer.screenshot({ path: `${outDir}member-phone.png` });
  await producer.evaluate(() => document.getElementById('roles-heading')?.scrollIntoView({ block: 'start' }));
  await producer.evaluate(() => window.scrollBy(0, -96));
  await producer.screenshot({ path: `${outDir}member-roles-phone.png` });
  await producer.getByRole('button', { name: 'Remove Maya Stone…' }).click();
  await producer.getByRole('heading', { name: /Remove Maya Stone from/ }).scrollIntoViewIfNeeded();
  await producer.evaluate(() => document.querySelector('.people-confirm')?.scrollIntoView({ block: 'center' }));
  await settle(producer);
  await producer.screenshot({ path: `${outDir}member-remove-phone.png` });
  await producer.context().close();
}
