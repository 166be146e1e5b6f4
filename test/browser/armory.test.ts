import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone } from './chromium.js';
import { focusedText, heading, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

interface Person {
  name: string;
  email: string;
  password: string;
  pin: string;
  id: string;
  token: string;
}

const cast = {
  producer: { name: 'Rosa Vance', email: 'rosa@dustdevil.test', password: 'wide-lens-at-dawn', pin: '2468' },
  armorer: { name: 'Hank Morrow', email: 'hank@dustdevil.test', password: 'cold-gun-on-cart', pin: '4321' },
  performer: { name: 'Clay Barrett', email: 'clay@dustdevil.test', password: 'saloon-standoff-27', pin: '5812' },
  firstAd: { name: 'Sam Whitlock', email: 'sam@dustdevil.test', password: 'call-sheet-0600', pin: '1357' },
};

/** The armorer's tablet on the cart: landscape, 1024 x 768. */
const cartTablet = { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

describe('the armory on a tablet and a phone (F6, F7, F8)', () => {
  let server: RunningServer;
  let browser: Browser;
  let pid: string;
  const people = {} as Record<keyof typeof cast, Person>;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];

  async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? null : await response.json()) as T;
  }
  const inProduction = <T>(who: Person, method: string, path: string, body?: unknown) => call<T>(who.token, method, `/api/productions/${pid}${path}`, body);

  /** A device of `who`, signed in, on `path` with the production's live stream open. */
  async function device(who: Person, options: typeof phone | typeof cartTablet, path: string): Promise<Page> {
    const context = await browser.newContext({ ...options, timezoneId: 'America/Denver' });
    contexts.push(context);
    await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    const live = page.waitForResponse((response) => response.url().includes('/live?'));
    await page.goto(`${server.url}${path}`);
    await live;
    return page;
  }

  const card = (page: Page) => page.getByRole('row', { name: 'Colt Single Action Army' });
  /** Today on the production's calendar: a firearm goes out only for today or later. */
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Denver', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, cast.producer);
    const { user } = await call<{ user: { id: string } }>(token, 'GET', '/api/me');
    people.producer = { ...cast.producer, id: user.id, token };
    pid = (await call<{ production: { id: string } }>(token, 'POST', '/api/productions', { name: 'Dust Devil', timezone: 'America/Denver' })).production.id;
    const roles = { armorer: 'armorer', performer: 'performer', firstAd: 'first_ad' } as const;
    for (const key of ['armorer', 'performer', 'firstAd'] as const) {
      const who = cast[key];
      const { invitation } = await call<{ invitation: { code: string } }>(token, 'POST', `/api/productions/${pid}/members`, { email: who.email, name: who.name, roles: [roles[key]] });
      const accepted = await call<{ user: { id: string }; token: string }>('', 'POST', `/api/invitations/${invitation.code}/accept`, { name: who.name, password: who.password, pin: who.pin });
      people[key] = { ...who, id: accepted.user.id, token: accepted.token };
    }
    const { producer, armorer, performer, firstAd } = people;
    for (const who of [armorer, performer]) {
      await inProduction(producer, 'POST', '/trainings', { userId: who.id, course: 'firearms_safety', completedOn: '2026-10-30' });
    }
    const { scene } = await inProduction<{ scene: { id: string } }>(firstAd, 'POST', '/scenes', { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] });
    const { shootDay } = await inProduction<{ shootDay: { id: string } }>(firstAd, 'POST', '/shoot-days', { date: today, sceneIds: [scene.id], location: 'Red Mesa backlot' });
    await inProduction(firstAd, 'PUT', `/shoot-days/${shootDay.id}/duties`, { duties: [{ userId: armorer.id, duty: 'armorer' }] });
    await inProduction(firstAd, 'POST', '/safety-meetings', {
      shootDayId: shootDay.id,
      sceneIds: [scene.id],
      heldAt: new Date().toISOString(),
      attendeeIds: [armorer.id, performer.id, firstAd.id],
      walkthrough: true,
      abortPlan: 'Anyone calls cease fire; the armorer clears the weapon.',
      emergencyPlan: 'Medic at video village; ambulance via gate 2.',
    });
    await inProduction(armorer, 'POST', '/ammunition', {
      lot: 'D-45-1',
      kind: 'dummy',
      caliber: '.45 Colt',
      quantity: 12,
      verification: { method: 'rattle test and drilled primers, each round' },
    });
    await inProduction(armorer, 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('the armorer checks out, inspects with dummies and hands the revolver to the actor with both PINs typed on the tablet; the 1st AD’s phone sees it live and is not offered the hand-off', async () => {
    const tablet = await device(people.armorer, cartTablet, `/productions/${pid}/armory`);
    const adPhone = await device(people.firstAd, phone, `/productions/${pid}/armory`);
    for (const page of [tablet, adPhone]) {
      await heading(page, 'Armory');
      expect(await textOf(card(page), 'In storage')).toContain('COLD');
    }
    expect(await textOf(tablet.getByRole('table'), 'D-45-1')).toMatch(/D-45-1\s*Dummy\s*\.45 Colt\s*12/);

    await card(tablet).getByRole('link', { name: 'Colt Single Action Army' }).click();
    await heading(tablet, 'Firearm');
    const checkOut = tablet.getByRole('button', { name: 'Check out', exact: true });
    const box = await checkOut.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await checkOut.click();
    expect(await focusedText(tablet)).toBe('Check out');
    await tablet.getByRole('button', { name: 'Check out of storage' }).click();
    const where = tablet.locator('.firearm-facts .firearm-where');
    await textOf(where, 'With Hank Morrow');

    await tablet.getByRole('button', { name: 'Inspect', exact: true }).click();
    await tablet.getByLabel('Dummies').check();
    await tablet.getByLabel('Rounds from lot D-45-1 (dummy, .45 Colt)').fill('6');
    await tablet.getByLabel('Barrel checked clear, in front of the performer').check();
    await tablet.getByRole('button', { name: 'Record inspection' }).click();
    expect(await textOf(tablet.locator('.firearm-facts'), '6 dummies from lot D-45-1')).toMatch(/by Hank Morrow · 6 dummies from lot D-45-1 · barrel clear/);

    // The 1st AD opens it on their own phone: no hand-off is offered, and the page says who moves a firearm (F6).
    await card(adPhone).getByRole('link', { name: 'Colt Single Action Army' }).click();
    await heading(adPhone, 'Firearm');
    await textOf(adPhone.locator('.firearm-where'), 'With Hank Morrow');
    await textOf(adPhone.getByRole('region', { name: 'What can be done now' }), 'Only the armorer moves a firearm (F6)');
    expect(await adPhone.getByRole('button', { name: 'Hand off', exact: true }).count()).toBe(0);
    await adPhone.getByRole('link', { name: 'Armory', exact: true }).first().click();
    await heading(adPhone, 'Armory');
    await textOf(card(adPhone), 'With Hank Morrow');

    // The armorer hands it off, the actor and the 1st AD typing their PINs on the tablet.
    await tablet.getByRole('button', { name: 'Hand off', exact: true }).click();
    expect(await tablet.getByLabel('Performer').locator('option:checked').textContent()).toBe('Clay Barrett');
    await tablet.getByRole('button', { name: 'Next: PINs' }).click();
    expect(await focusedText(tablet)).toBe('Show the firearm, then each confirms with their PIN');
    const performerPin = tablet.getByLabel('Clay Barrett: PIN');
    expect(await performerPin.getAttribute('inputmode')).toBe('numeric');
    await performerPin.fill(people.performer.pin);
    await tablet.getByLabel('Sam Whitlock: PIN').fill(people.firstAd.pin);
    await tablet.getByRole('button', { name: 'Hand off to Clay Barrett' }).click();
    const handedAt = Date.now();
    await textOf(where, 'With Clay Barrett');

    // The 1st AD's phone, on the board all along, follows without a reload.
    await card(adPhone).filter({ hasText: 'With Clay Barrett' }).waitFor({ timeout: 2_000 });
    expect(Date.now() - handedAt).toBeLessThan(2_000);
    expect(await card(adPhone).textContent()).toContain('COLD');

    await tablet.getByRole('link', { name: 'Armory', exact: true }).first().click();
    await heading(tablet, 'Armory');
    const onBoard = await textOf(card(tablet), 'With Clay Barrett');
    expect(onBoard).toContain('COLD');
    expect(onBoard).not.toContain('HOT');
    expect(violations.flat()).toEqual([]);
  });

  it('a tablet that missed a change is told to look again (409), a dummy lot needs its verification (F4), and the day does not wrap with the revolver out (F9)', async () => {
    const { armorer, performer } = people;
    const { firearms } = await inProduction<{ firearms: { id: string; version: number }[] }>(armorer, 'GET', '/armory');
    const colt = firearms[0]!;
    // A second tablet off the live stream: it keeps showing what it read first.
    const context = await browser.newContext({ ...cartTablet, timezoneId: 'America/Denver' });
    contexts.push(context);
    await signInContext(context, server.url, armorer.token);
    const stale = await context.newPage();
    violations.push(watchCsp(stale));
    await stale.route('**/live?**', (route) => route.abort());
    await stale.goto(`${server.url}/productions/${pid}/armory/${colt.id}`);
    await heading(stale, 'Firearm');
    await textOf(stale.locator('.firearm-where'), 'With Clay Barrett');

    await inProduction(armorer, 'POST', `/firearms/${colt.id}/events`, {
      type: 'return',
      fromUserId: performer.id,
      confirmations: [{ userId: performer.id, pin: performer.pin }],
      version: colt.version,
    });
    await stale.getByRole('button', { name: 'Take back', exact: true }).click();
    await stale.getByLabel('Clay Barrett: PIN').fill(performer.pin);
    await stale.getByRole('button', { name: 'Take back from Clay Barrett' }).click();
    expect(await textOf(stale.getByRole('alert'), 'changed meanwhile')).toContain('Look again');
    await textOf(stale.locator('.firearm-where'), 'With Hank Morrow');

    await stale.getByRole('link', { name: 'Armory', exact: true }).first().click();
    await heading(stale, 'Armory');
    const lotForm = stale.getByRole('form', { name: 'Add an ammunition lot' });
    await lotForm.waitFor();
    expect(await lotForm.getByLabel('Kind').locator('option').allTextContents()).toEqual(['Dummy', 'Blank']);
    await lotForm.getByLabel('Lot', { exact: true }).fill('D-45-2');
    await lotForm.getByLabel('Caliber').fill('.45 Colt');
    await lotForm.getByLabel('Quantity (rounds)').fill('6');
    await lotForm.getByRole('button', { name: 'Add lot' }).click();
    await textOf(lotForm.locator('.field-error'), 'Say how each dummy round was checked to be inert (F4)');
    await lotForm.getByLabel('Kind').selectOption('blank');
    await lotForm.getByLabel('Lot', { exact: true }).fill('B-45-1');
    await lotForm.getByLabel('Quantity (rounds)').fill('50');
    await lotForm.getByRole('button', { name: 'Add lot' }).click();
    expect(await textOf(stale.getByRole('table'), 'B-45-1')).toMatch(/B-45-1\s*Blank\s*\.45 Colt\s*50/);

    const wrap = stale.getByRole('form', { name: 'Wrap the day' });
    await wrap.getByRole('button', { name: 'Wrap the day' }).click();
    const refused = await textOf(wrap.getByRole('alert'), 'F9');
    expect(refused).toContain('The day cannot wrap yet');
    expect(refused).toContain('F9 Colt Single Action Army (SA-1873-0042) is not back in storage');
  });
});
