import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
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
  producer: { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn', pin: '2468' },
  advisor: { name: 'Ines Okafor', email: 'ines@nightharbor.test', password: 'hard-hats-on-stage', pin: '8642' },
  firstAd: { name: 'Dana Reyes', email: 'dana@nightharbor.test', password: 'call-sheet-0600', pin: '1357' },
  grip: { name: 'Maya Stone', email: 'maya@nightharbor.test', password: 'sandbags-on-stands', pin: '9753' },
};

describe('stopping work on set (S1) from phones, tablets and the set’s QR code', () => {
  let server: RunningServer;
  let browser: Browser;
  let productionId: string;
  let setCode: string;
  const people = {} as Record<keyof typeof cast, Person>;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];

  async function call<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? null : await response.json()) as T;
  }

  interface StopView {
    id: string;
    status: string;
    reason: string | null;
    location: string | null;
    raisedAt: string;
    raisedBy: { userId: string; name: string } | null;
  }
  interface StopDetailView {
    stop: StopView;
    acks: { deviceId: string; userId: string; at: string }[];
    unacknowledged: string[];
  }
  const stopDetail = (stopId: string) => call<StopDetailView>(people.producer.token, 'GET', `/api/productions/${productionId}/stops/${stopId}`);
  /** The id this browser gave itself, as the app keeps it. */
  const deviceIdOf = (page: Page) => page.evaluate(() => localStorage.getItem('setbook.device'));
  /** Today where the set is, as the server writes dates: shoot days made here are always today's, whatever the clock says. */
  const todayOnSet = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const activeStops = async () =>
    (await call<{ stops: StopView[] }>(people.producer.token, 'GET', `/api/productions/${productionId}/stops`)).stops.filter((s) => s.status === 'active');

  /** Lifts every active stop through the API, so each story starts on a working set. */
  async function liftAll(): Promise<void> {
    const { advisor, firstAd } = people;
    for (const stop of await activeStops()) {
      await call(advisor.token, 'POST', `/api/productions/${productionId}/stops/${stop.id}/lift`, {
        resolution: 'Checked and cleared.',
        confirmations: [
          { userId: advisor.id, pin: advisor.pin },
          { userId: firstAd.id, pin: firstAd.pin },
        ],
      });
    }
  }

  /** A device of `who`, signed in, on the production's home with its live stream open. */
  async function device(who: Person | null, options: typeof phone | typeof tablet, path = `/productions/${productionId}`): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...options, timezoneId: 'America/New_York' });
    contexts.push(context);
    if (who) await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    const live = who ? page.waitForResponse((response) => response.url().includes('/live?')) : null;
    await page.goto(`${server.url}${path}`);
    await live;
    return { context, page };
  }

  const takeover = (page: Page) => page.getByRole('alertdialog', { name: 'WORK STOPPED' });
  const banner = (page: Page) => page.getByRole('region', { name: 'Work stopped' });

  async function pressStop(page: Page, reason: string, where?: string): Promise<void> {
    await page.getByRole('button', { name: 'STOP work' }).click();
    const sheet = page.getByRole('dialog', { name: /Stop work/ });
    await sheet.waitFor();
    expect(await focusedText(page)).toBe('Stop now');
    if (where) await sheet.getByLabel('Where? (optional)').fill(where);
    await sheet.getByLabel('What is wrong? (optional)').fill(reason);
  }

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, cast.producer);
    await call(token, 'PUT', '/api/me/pin', { pin: cast.producer.pin, password: cast.producer.password });
    const { user } = await call<{ user: { id: string } }>(token, 'GET', '/api/me');
    people.producer = { ...cast.producer, id: user.id, token };
    const { production } = await call<{ production: { id: string; setCode: string } }>(token, 'POST', '/api/productions', {
      name: 'Night Harbor',
      timezone: 'America/New_York',
    });
    productionId = production.id;
    setCode = production.setCode;
    const roles = { advisor: 'safety_advisor', firstAd: 'first_ad', grip: 'crew' } as const;
    for (const key of ['advisor', 'firstAd', 'grip'] as const) {
      const who = cast[key];
      const { invitation } = await call<{ invitation: { code: string } }>(token, 'POST', `/api/productions/${productionId}/members`, {
        email: who.email,
        name: who.name,
        roles: [roles[key]],
      });
      const accepted = await fetch(`${server.url}/api/invitations/${invitation.code}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: who.name, password: who.password, pin: who.pin }),
      });
      expect(accepted.status).toBe(201);
      const body = (await accepted.json()) as { user: { id: string }; token: string };
      people[key] = { ...who, id: body.user.id, token: body.token };
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('a grip’s phone stops work, the 1st AD’s tablet shows it within a second, the producer cannot lift it, the safety advisor and the 1st AD do', async () => {
    const grip = await device(people.grip, phone);
    const firstAd = await device(people.firstAd, tablet);
    await heading(grip.page, 'Night Harbor');
    await heading(firstAd.page, 'Night Harbor');

    // STOP sits in the dock, on screen without scrolling, large enough for a gloved thumb.
    const stopButton = await grip.page.getByRole('contentinfo').getByRole('button', { name: 'STOP work' }).boundingBox();
    expect(stopButton!.height).toBeGreaterThanOrEqual(44);
    expect(stopButton!.width).toBeGreaterThanOrEqual(88);
    expect(stopButton!.y + stopButton!.height).toBeLessThanOrEqual(844);

    await pressStop(grip.page, 'Frayed safety line on the crane', 'Crane, stage 2');
    const started = Date.now();
    await grip.page.getByRole('button', { name: 'Stop now' }).click();
    await takeover(firstAd.page).waitFor({ timeout: 5_000 });
    const shownAfterMs = Date.now() - started;
    expect(shownAfterMs).toBeLessThan(1000);

    // The takeover says what, who and when, holds focus on its one action, and leaves nothing behind it reachable.
    const shown = takeover(firstAd.page);
    await textOf(shown, 'Frayed safety line on the crane');
    await textOf(shown, 'Crane, stage 2');
    await textOf(shown, `Raised by ${cast.grip.name}`);
    expect(await shown.getAttribute('aria-modal')).toBe('true');
    expect(await focusedText(firstAd.page)).toBe('Acknowledge');
    expect(await firstAd.page.locator('.app').getAttribute('inert')).not.toBeNull();
    await firstAd.page.keyboard.press('Tab');
    expect(await focusedText(firstAd.page)).toBe('Acknowledge');
    // The raiser's phone saw the stop as it pressed it: the dock says it went out, the banner shows it, and no takeover asks it to acknowledge.
    await textOf(grip.page.getByRole('contentinfo'), 'Stop sent – every device is alerted');
    await banner(grip.page).waitFor();
    expect(await takeover(grip.page).count()).toBe(0);

    // The phone opens the stop: it is listed as having raised it, and the tablet as connected and not acknowledged yet.
    await banner(grip.page).getByRole('link', { name: /Frayed safety line/ }).click();
    await heading(grip.page, 'Work stopped');
    const stopPath = new URL(grip.page.url()).pathname;
    expect(stopPath).toMatch(new RegExp(`^/productions/${productionId}/stops/[^/]+$`));
    const acks = grip.page.getByRole('region', { name: /Acknowledged/ });
    const raiserRow = acks.getByRole('listitem').filter({ hasText: cast.grip.name });
    await textOf(raiserRow, 'Raised the stop on this device');
    await textOf(acks, `Connected, not acknowledged yet (1)`);
    const waitingList = acks.getByRole('list').last();
    expect(await waitingList.getByRole('listitem').filter({ hasText: cast.grip.name }).count()).toBe(0);
    await textOf(waitingList.getByRole('listitem').filter({ hasText: cast.firstAd.name }), /Not acknowledged on device \w{6}/);
    const raised = (await activeStops())[0]!;
    expect(raised.location).toBe('Crane, stage 2');
    expect((await stopDetail(raised.id)).acks).toEqual([expect.objectContaining({ userId: people.grip.id, deviceId: await deviceIdOf(grip.page) })]);

    // The tablet acknowledges; the phone's page moves the 1st AD to the acknowledged list by itself.
    await firstAd.page.getByRole('button', { name: 'Acknowledge' }).click();
    await banner(firstAd.page).waitFor();
    expect(await takeover(firstAd.page).count()).toBe(0);
    await textOf(acks, 'Connected, not acknowledged yet (0)');
    const adAck = acks.getByRole('listitem').filter({ hasText: cast.firstAd.name });
    await textOf(adAck, /Acknowledged on device \w{6} · .*\d\d:\d\d/);
    await textOf(acks.getByRole('heading', { level: 2 }), 'Acknowledged (2)');
    // The raiser stays first, as the one who raised it.
    await textOf(acks.getByRole('listitem').first(), `${cast.grip.name}Raised the stop on this device`);

    // The producer tries to lift it alone: the rule refuses and says why.
    const producer = await device(people.producer, tablet, stopPath);
    await takeover(producer.page).waitFor();
    await producer.page.getByRole('button', { name: 'Acknowledge' }).click();
    await heading(producer.page, 'Work stopped');
    const lift = producer.page.getByRole('form', { name: 'Lift the stop' });
    await lift.getByLabel('How was the problem resolved?').fill('Looks fine to me, we are behind schedule');
    await lift.getByLabel('Your PIN').fill(cast.producer.pin);
    expect(await lift.getByLabel('Your PIN').getAttribute('inputmode')).toBe('numeric');
    await lift.getByRole('button', { name: 'Lift the stop' }).click();
    const refusal = await textOf(lift.getByRole('alert'), 'S1');
    // The role refuses before any PIN is checked, so nobody's PIN is tried on the producer's behalf.
    expect(refusal).toContain('Only the safety advisor can lift a stop');
    expect(refusal).not.toContain('PIN');
    expect(refusal).toContain('recorded in the ledger');
    expect(await lift.getByLabel('Your PIN').inputValue()).toBe('');
    expect((await activeStops()).map((s) => s.reason)).toEqual(['Frayed safety line on the crane']);

    // The safety advisor lifts it on her tablet, with her PIN and the 1st AD's.
    const advisor = await device(people.advisor, tablet, stopPath);
    await takeover(advisor.page).waitFor();
    await advisor.page.getByRole('button', { name: 'Acknowledge' }).click();
    const advisorLift = advisor.page.getByRole('form', { name: 'Lift the stop' });
    await advisorLift.getByLabel('How was the problem resolved?').fill('Rigging crew replaced the safety line; load-tested twice.');
    await advisorLift.getByLabel('Your PIN').fill(cast.advisor.pin);
    await advisorLift.getByLabel('Second person').selectOption({ label: `${cast.firstAd.name} (1st AD)` });
    expect(await advisorLift.getByLabel('Their PIN').getAttribute('inputmode')).toBe('numeric');
    await advisorLift.getByLabel('Their PIN').fill(cast.firstAd.pin);
    await advisorLift.getByRole('button', { name: 'Lift the stop' }).click();
    await heading(advisor.page, 'Stop lifted');
    await textOf(advisor.page.getByRole('main'), `confirmed by ${cast.firstAd.name}`);

    // Every device is back to work: no takeover, no banner; the phone's stop page says it is lifted.
    for (const page of [grip.page, firstAd.page, producer.page, advisor.page]) {
      await banner(page).waitFor({ state: 'detached' });
      expect(await takeover(page).count()).toBe(0);
    }
    await heading(grip.page, 'Stop lifted');
    await textOf(firstAd.page.getByRole('status'), 'The stop is lifted. Work may resume.');
    expect(await activeStops()).toEqual([]);
    expect(violations.flat()).toEqual([]);
    console.info(`stop on the phone -> takeover on the tablet: ${shownAfterMs} ms`);
  });

  it('someone with only the set’s QR code stops work with no account, and a signed-in tablet shows it', async () => {
    await liftAll();
    const firstAd = await device(people.firstAd, tablet);

    // The 1st AD prints the set's poster from the production's home; a grip is not offered it.
    await firstAd.page.getByRole('link', { name: /Set QR code/ }).click();
    await heading(firstAd.page, 'Set QR code');
    const poster = firstAd.page.getByRole('region', { name: 'Set poster' });
    await textOf(poster, setCode);
    const qr = poster.getByRole('img', { name: /QR code for/ });
    const qrUrl = ((await qr.getAttribute('aria-label')) ?? '').replace('QR code for ', '');
    // Opened on the laptop itself (localhost), the poster prints the set's HTTPS address, which phones can reach and trust.
    const { httpsUrls } = (await (await fetch(`${server.url}/api/tls`)).json()) as { httpsUrls: string[] };
    expect(qrUrl).toBe(`${httpsUrls[0]}/s/${setCode}`);
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M4 4h1v1h-1z/);
    await firstAd.page.emulateMedia({ media: 'print' });
    expect(await firstAd.page.getByRole('button', { name: 'STOP work' }).isVisible()).toBe(false);
    expect(await firstAd.page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await qr.isVisible()).toBe(true);
    await firstAd.page.emulateMedia({ media: 'screen' });
    await firstAd.page.goBack();
    await heading(firstAd.page, 'Night Harbor');
    const gripHome = await device(people.grip, phone);
    await heading(gripHome.page, 'Night Harbor');
    expect(await gripHome.page.getByRole('link', { name: /Set QR code/ }).count()).toBe(0);

    const stranger = await device(null, phone, new URL(qrUrl).pathname);
    await heading(stranger.page, 'Night Harbor');
    expect(await stranger.page.getByRole('button', { name: 'STOP WORK' }).isVisible()).toBe(true);
    const box = await stranger.page.getByRole('button', { name: 'STOP WORK' }).boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);

    await stranger.page.getByLabel('What is wrong? (optional)').fill('Cable across the fire exit');
    await stranger.page.getByLabel('Where? (optional)').fill('Stage 4 door');
    const started = Date.now();
    await stranger.page.getByRole('button', { name: 'STOP WORK' }).click();
    await takeover(firstAd.page).waitFor({ timeout: 5_000 });
    const shownAfterMs = Date.now() - started;
    await heading(stranger.page, 'Night Harbor');
    await stranger.page.getByRole('heading', { name: 'Work is stopped' }).waitFor();

    const shown = takeover(firstAd.page);
    await textOf(shown, 'Cable across the fire exit');
    await textOf(shown, 'Stage 4 door');
    await textOf(shown, 'Raised anonymously');
    expect(shownAfterMs).toBeLessThan(1000);
    expect(violations.flat()).toEqual([]);
    console.info(`stop from the set's QR page -> takeover on the tablet: ${shownAfterMs} ms`);
  });

  it('a stop whose answer was lost on the way back is sent again under the same key, and raised once', async () => {
    await liftAll();
    const firstAd = await device(people.firstAd, tablet);
    const grip = await device(people.grip, phone);
    await heading(grip.page, 'Night Harbor');
    const keys: string[] = [];
    let first = true;
    await grip.page.route('**/api/productions/*/stops', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      if (!first) return route.continue();
      first = false;
      // The server stops work, but the phone never hears back.
      await route.fetch();
      return route.abort('connectionreset');
    });
    await pressStop(grip.page, 'Loose sandbag over the walkway');
    await grip.page.getByRole('button', { name: 'Stop now' }).click();
    await takeover(firstAd.page).waitFor({ timeout: 5_000 });
    await textOf(grip.page.getByRole('contentinfo'), 'Stop queued – will send when connected');
    await grip.page.getByRole('contentinfo').filter({ hasNotText: 'queued' }).waitFor({ timeout: 10_000 });

    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await activeStops()).map((s) => s.reason)).toEqual(['Loose sandbag over the walkway']);
    expect(violations.flat()).toEqual([]);
  });

  it('a phone that lost the Wi-Fi queues its stop, even reopened from the cached app, and sends it once, at the moment it was pressed, when the network is back', async () => {
    await liftAll();
    const firstAd = await device(people.firstAd, tablet);
    const grip = await device(people.grip, phone);
    await heading(grip.page, 'Night Harbor');
    // The service worker has cached the app shell and controls the page.
    await grip.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    const gripDevice = await deviceIdOf(grip.page);

    await grip.context.setOffline(true);
    await grip.page.reload();
    await heading(grip.page, 'Night Harbor');
    await pressStop(grip.page, 'Smoke from the generator', 'Generator truck');
    const pressed = Date.now();
    await grip.page.getByRole('button', { name: 'Stop now' }).click();
    await textOf(grip.page.getByRole('contentinfo'), 'Stop queued – will send when connected');

    // Still offline, the phone is closed and opened again: the stop waits in the outbox with its press time.
    await grip.page.waitForTimeout(2_500);
    await grip.page.reload();
    await heading(grip.page, 'Night Harbor');
    await textOf(grip.page.getByRole('contentinfo'), 'Stop queued – will send when connected');
    await grip.page.waitForTimeout(2_500);

    // Nothing has reached the server yet.
    expect(await takeover(firstAd.page).count()).toBe(0);
    expect(await activeStops()).toEqual([]);

    const back = Date.now();
    await grip.context.setOffline(false);
    await takeover(firstAd.page).waitFor({ timeout: 10_000 });
    await textOf(takeover(firstAd.page), 'Smoke from the generator');
    await textOf(takeover(firstAd.page), 'Generator truck');
    await grip.page.getByRole('contentinfo').filter({ hasNotText: 'queued' }).waitFor();

    // However many times it was tried, the stop was raised once, at the press, not at the reconnect five seconds later.
    const [stop] = await activeStops();
    expect((await activeStops()).map((s) => s.reason)).toEqual(['Smoke from the generator']);
    const raisedAt = Date.parse(stop!.raisedAt);
    expect(Math.abs(raisedAt - pressed)).toBeLessThan(1_500);
    expect(back - raisedAt).toBeGreaterThan(4_000);
    // The phone that pressed it counts as having seen it; its grip is not asked to acknowledge their own stop.
    expect((await stopDetail(stop!.id)).acks).toEqual([expect.objectContaining({ deviceId: gripDevice, userId: people.grip.id })]);
    // Back online, the app starts properly by itself.
    await heading(grip.page, 'Night Harbor');
    await banner(grip.page).waitFor();
    expect(await takeover(grip.page).count()).toBe(0);
    expect(violations.flat()).toEqual([]);
  });

  it('a grip names where in one tap from the places of the day, and the phone offers it again next time without filling it in', async () => {
    await liftAll();
    const { producer } = people;
    const { location } = await call<{ location: { id: string } }>(producer.token, 'POST', `/api/productions/${productionId}/locations`, {
      name: 'Pier 9 warehouse',
      latitude: 40.7003,
      longitude: -74.0122,
    });
    await call(producer.token, 'POST', `/api/productions/${productionId}/shoot-days`, { date: todayOnSet(), sceneIds: [], location: 'Stage 4', locationIds: [location.id] });

    const firstAd = await device(people.firstAd, tablet);
    const context = await browser.newContext({ ...phone, timezoneId: 'America/New_York' });
    contexts.push(context);
    await signInContext(context, server.url, people.grip.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    const today = page.waitForResponse((response) => response.url().includes('/today') && response.ok());
    await page.goto(`${server.url}/productions/${productionId}`);
    await today;
    await heading(page, 'Night Harbor');

    await page.getByRole('button', { name: 'STOP work' }).click();
    const sheet = page.getByRole('dialog', { name: /Stop work/ });
    const where = sheet.getByLabel('Where? (optional)');
    const places = sheet.getByRole('group', { name: 'Places to choose from' });
    // Stop now keeps the focus and stays on screen; nothing is chosen for the person.
    expect(await focusedText(page)).toBe('Stop now');
    const stopNow = await sheet.getByRole('button', { name: 'Stop now' }).boundingBox();
    expect(stopNow!.y + stopNow!.height).toBeLessThanOrEqual(844);
    expect(await where.inputValue()).toBe('');
    expect(await places.getByRole('button').allTextContents()).toEqual(['Stage 4', 'Pier 9 warehouse']);
    await places.getByRole('button', { name: 'Pier 9 warehouse' }).click();
    expect(await places.getByRole('button', { name: 'Pier 9 warehouse' }).getAttribute('aria-pressed')).toBe('true');
    expect(await where.inputValue()).toBe('Pier 9 warehouse');
    await sheet.getByRole('button', { name: 'Stop now' }).click();
    await takeover(firstAd.page).waitFor({ timeout: 5_000 });
    await textOf(takeover(firstAd.page), 'Pier 9 warehouse');
    expect((await activeStops()).map((s) => s.location)).toEqual(['Pier 9 warehouse']);
    await firstAd.page.getByRole('button', { name: 'Acknowledge' }).click();

    // Next time, the place this phone used comes first, but the field is empty until tapped.
    await page.getByRole('button', { name: 'STOP work' }).click();
    await sheet.waitFor();
    expect(await where.inputValue()).toBe('');
    expect(await places.getByRole('button').allTextContents()).toEqual(['Pier 9 warehouse', 'Stage 4']);
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    await sheet.waitFor({ state: 'detached' });
    expect(await activeStops()).toHaveLength(1);
    expect(violations.flat()).toEqual([]);
  });

  it('a stop raised without a name carries neither the phone’s id nor leaves its place behind, and that phone acknowledges like any other', async () => {
    await liftAll();
    const firstAd = await device(people.firstAd, tablet);
    const grip = await device(people.grip, phone);
    await heading(grip.page, 'Night Harbor');
    const sent = grip.page.waitForRequest((request) => request.method() === 'POST' && /\/api\/productions\/[^/]+\/stops$/.test(request.url()));
    await pressStop(grip.page, 'Someone is filming the stunt from the gantry', 'East gantry');
    await grip.page.getByRole('dialog', { name: /Stop work/ }).getByRole('checkbox', { name: 'Don’t show my name' }).check();
    const pressed = Date.now();
    await grip.page.getByRole('button', { name: 'Stop now' }).click();
    const body = (await sent).postDataJSON() as Record<string, unknown>;
    expect(body).toMatchObject({ anonymous: true, location: 'East gantry', reason: 'Someone is filming the stunt from the gantry' });
    expect(body).not.toHaveProperty('deviceId');
    expect(Math.abs(Date.parse(String(body.pressedAt)) - pressed)).toBeLessThan(1_500);

    await takeover(firstAd.page).waitFor({ timeout: 5_000 });
    await textOf(takeover(firstAd.page), 'Raised anonymously');
    // Nothing ties the stop to the phone: it shows the takeover and is acknowledged like every other device.
    await takeover(grip.page).waitFor();
    const [stop] = await activeStops();
    expect(stop!.raisedBy).toBeNull();
    expect((await stopDetail(stop!.id)).acks).toEqual([]);
    await grip.page.getByRole('button', { name: 'Acknowledge' }).click();
    await banner(grip.page).waitFor();
    expect((await stopDetail(stop!.id)).acks).toEqual([expect.objectContaining({ userId: people.grip.id })]);
    await grip.page.getByRole('button', { name: 'STOP work' }).click();
    const places = grip.page.getByRole('dialog', { name: /Stop work/ }).getByRole('group', { name: 'Places to choose from' });
    expect(await places.getByRole('button', { name: 'East gantry' }).count()).toBe(0);
    expect(violations.flat()).toEqual([]);
  });

  it('on a phone, a lift that is refused comes into view with what was typed kept, and the safety advisor then lifts it', async () => {
    await liftAll();
    const { stop } = await call<{ stop: { id: string } }>(people.grip.token, 'POST', `/api/productions/${productionId}/stops`, {
      reason: 'Genie lift parked on a cable ramp',
      location: 'Stage 4 loading door',
    });
    const stopPath = `/productions/${productionId}/stops/${stop.id}`;
    const inView = (page: Page) =>
      page.waitForFunction(() => {
        const alert = document.querySelector('form[aria-label="Lift the stop"] [role="alert"]');
        const bar = document.querySelector('.topbar')?.getBoundingClientRect();
        const dock = document.querySelector('.dock')?.getBoundingClientRect();
        const box = alert?.getBoundingClientRect();
        return !!box && !!bar && !!dock && box.height > 0 && box.top >= bar.bottom && box.bottom <= dock.top && document.activeElement === alert;
      });

    // The producer, who may not lift, tries at the foot of the form.
    const producer = await device(people.producer, phone, stopPath);
    await takeover(producer.page).getByRole('button', { name: 'Acknowledge' }).click();
    await heading(producer.page, 'Work stopped');
    const lift = producer.page.getByRole('form', { name: 'Lift the stop' });
    const resolution = 'Lift moved off the ramp; cable checked for damage.';
    await lift.getByLabel('How was the problem resolved?').fill(resolution);
    await lift.getByLabel('Your PIN').fill(cast.producer.pin);
    await lift.getByLabel('Second person').selectOption({ label: `${cast.firstAd.name} (1st AD)` });
    await lift.getByLabel('Their PIN').fill(cast.firstAd.pin);
    await lift.getByRole('button', { name: 'Lift the stop' }).click();
    const refusal = await textOf(lift.getByRole('alert'), 'S1');
    expect(refusal).toContain('Only the safety advisor can lift a stop');
    await inView(producer.page);
    // The words and the choice stay; PINs never stay on a screen someone else may pick up.
    expect(await lift.getByLabel('How was the problem resolved?').inputValue()).toBe(resolution);
    expect(await lift.getByLabel('Second person').inputValue()).toBe(people.firstAd.id);
    expect(await lift.getByLabel('Your PIN').inputValue()).toBe('');
    expect(await lift.getByLabel('Their PIN').inputValue()).toBe('');
    expect((await activeStops()).map((s) => s.id)).toEqual([stop.id]);

    // The safety advisor on her phone forgets the second person: refused too, in view, her resolution kept.
    const advisor = await device(people.advisor, phone, stopPath);
    await takeover(advisor.page).getByRole('button', { name: 'Acknowledge' }).click();
    await heading(advisor.page, 'Work stopped');
    const advisorLift = advisor.page.getByRole('form', { name: 'Lift the stop' });
    await advisorLift.getByLabel('How was the problem resolved?').fill(resolution);
    await advisorLift.getByLabel('Your PIN').fill(cast.advisor.pin);
    await advisorLift.getByRole('button', { name: 'Lift the stop' }).click();
    await textOf(advisorLift.getByRole('alert'), 'A second person in a different role must confirm the lift');
    await inView(advisor.page);
    expect(await advisorLift.getByLabel('How was the problem resolved?').inputValue()).toBe(resolution);

    // With the 1st AD beside her, it is lifted.
    await advisorLift.getByLabel('Your PIN').fill(cast.advisor.pin);
    await advisorLift.getByLabel('Second person').selectOption({ label: `${cast.firstAd.name} (1st AD)` });
    await advisorLift.getByLabel('Their PIN').fill(cast.firstAd.pin);
    await advisorLift.getByRole('button', { name: 'Lift the stop' }).click();
    await heading(advisor.page, 'Stop lifted');
    await heading(producer.page, 'Stop lifted');
    expect(await activeStops()).toEqual([]);
    expect(violations.flat()).toEqual([]);
  });
});
