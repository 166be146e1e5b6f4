// The ledger screenshots for the README, on their own production ("Red Mesa",
// built through the API, its shoot day today on the production's calendar): a
// day of custody, a stop and two refusals, read on a phone with the custody
// filter on, and on a tablet with every entry and the filters in a row.
import type { Browser, Page } from 'playwright-core';
import { addDays, localDate } from '../src/domain/schedule/calendar.js';
import { phone, tablet } from '../test/browser/chromium.js';
import { signInContext } from '../test/browser/helpers.js';
import type { RunningServer } from '../test/browser/server.js';

const zone = 'America/Denver';

const crew = {
  hank: { name: 'Hank Morrow', email: 'hank@redmesa.test', roles: ['armorer'], pin: '4826' },
  clay: { name: 'Clay Barrett', email: 'clay@redmesa.test', roles: ['performer'], pin: '5937' },
  sam: { name: 'Sam Whitlock', email: 'sam@redmesa.test', roles: ['first_ad'], pin: '6048' },
  ines: { name: 'Ines Okafor', email: 'ines@redmesa.test', roles: ['safety_advisor'], pin: '7159' },
} as const;
type Key = keyof typeof crew;

async function call<T>(server: RunningServer, token: string | null, method: string, path: string, body?: unknown, refusedIsFine = false): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok && !(refusedIsFine && response.status === 422)) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

/** A shoot day at the Red Mesa backlot: the Colt out, inspected and handed over, a stop and two refusals, all through the API. */
async function seed(server: RunningServer, producer: string): Promise<string> {
  const { production } = await call<{ production: { id: string } }>(server, producer, 'POST', '/api/productions', { name: 'Red Mesa', timezone: zone });
  const pid = production.id;
  const at = <T>(who: string, method: string, path: string, body?: unknown, refusedIsFine = false) => call<T>(server, who, method, `/api/productions/${pid}${path}`, body, refusedIsFine);
  const ids = {} as Record<Key, string>;
  const tokens = {} as Record<Key, string>;
  for (const key of Object.keys(crew) as Key[]) {
    const who = crew[key];
    const { invitation } = await at<{ invitation: { code: string } }>(producer, 'POST', '/members', { email: who.email, name: who.name, roles: who.roles });
    const accepted = await call<{ user: { id: string }; token: string }>(server, null, 'POST', `/api/invitations/${invitation.code}/accept`, {
      name: who.name,
      password: `${who.email}-password`,
      pin: who.pin,
    });
    ids[key] = accepted.user.id;
    tokens[key] = accepted.token;
  }
  const today = localDate(new Date(), zone);
  for (const who of [ids.hank, ids.clay]) await at(producer, 'POST', '/trainings', { userId: who, course: 'firearms_safety', completedOn: addDays(today, -40) });
  const { scene } = await at<{ scene: { id: string } }>(tokens.sam, 'POST', '/scenes', { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] });
  const { shootDay } = await at<{ shootDay: { id: string } }>(tokens.sam, 'POST', '/shoot-days', { date: today, sceneIds: [scene.id], location: 'Red Mesa backlot' });
  await at(tokens.sam, 'PUT', `/shoot-days/${shootDay.id}/duties`, { duties: [{ userId: ids.hank, duty: 'armorer' }] });
  await at(tokens.sam, 'POST', '/safety-meetings', {
    shootDayId: shootDay.id,
    sceneIds: [scene.id],
    heldAt: new Date().toISOString(),
    attendeeIds: [ids.hank, ids.clay, ids.sam, ids.ines],
    walkthrough: true,
    abortPlan: 'Anyone calls cease fire; the armorer clears the weapon.',
    emergencyPlan: 'Medic at video village; ambulance via gate 2.',
  });
  const { lot } = await at<{ lot: { id: string } }>(tokens.hank, 'POST', '/ammunition', { lot: 'D-45-1', kind: 'dummy', caliber: '.45 Colt', quantity: 12, verification: { method: 'rattle test' } });
  const { firearm } = await at<{ firearm: { id: string } }>(tokens.hank, 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' });
  const step = (who: string, body: unknown) => at(who, 'POST', `/firearms/${firearm.id}/events`, body, true);
  await step(tokens.hank, { type: 'check_out', shootDayId: shootDay.id });
  await step(tokens.hank, { type: 'inspect', load: 'dummy', rounds: [{ lotId: lot.id, count: 6 }], barrelClear: true });
  await step(tokens.hank, {
    type: 'hand_off',
    toUserId: ids.clay,
    shootDayId: shootDay.id,
    sceneId: scene.id,
    confirmations: [
      { userId: ids.clay, pin: crew.clay.pin },
      { userId: ids.sam, pin: crew.sam.pin },
    ],
  });
  await step(tokens.sam, { type: 'check_in' });
  const { stop } = await at<{ stop: { id: string } }>(tokens.clay, 'POST', '/stops', { reason: 'Horse loose near the rigging', location: 'Corral' });
  await at(tokens.ines, 'POST', `/stops/${stop.id}/lift`, {
    resolution: 'Horse back in the corral, gate tied.',
    confirmations: [
      { userId: ids.ines, pin: crew.ines.pin },
      { userId: ids.sam, pin: crew.sam.pin },
    ],
  });
  await step(tokens.clay, { type: 'return', fromUserId: ids.clay, confirmations: [{ userId: ids.clay, pin: crew.clay.pin }] });
  await step(tokens.hank, { type: 'return', fromUserId: ids.clay, confirmations: [{ userId: ids.clay, pin: crew.clay.pin }] });
  return pid;
}

async function shot(browser: Browser, server: RunningServer, producer: string, size: typeof phone | typeof tablet, path: string, file: string, prepare: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ ...size, locale: 'en-US', timezoneId: zone });
  await signInContext(context, server.url, producer);
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  await page.locator('.entry-line').first().waitFor();
  await prepare(page);
  await page.screenshot({ path: file });
  await context.close();
}

export async function shootLedger(browser: Browser, server: RunningServer, producer: string, outDir: string): Promise<void> {
  const pid = await seed(server, producer);
  const ledger = `/productions/${pid}/ledger`;
  // The entries, not the signing key above them: that is what a phone is opened here for.
  const toEntries = async (page: Page) => {
    await page.locator('#entries-heading').evaluate((el) => {
      const bar = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - bar - 8);
    });
  };
  await shot(browser, server, producer, phone, `${ledger}?kind=custody`, `${outDir}ledger-phone.png`, toEntries);
  await shot(browser, server, producer, tablet, ledger, `${outDir}ledger-tablet.png`, toEntries);
}
