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
  }
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

  async function pressStop(page: Page, reason: string): Promise<void> {
    await page.getByRole('button', { name: 'STOP work' }).click();
    const sheet = page.getByRole('dialog', { name: /Stop work/ });
    await sheet.waitFor();
    expect(await focusedText(page)).toBe('Stop now');
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

    await pressStop(grip.page, 'Frayed safety line on the crane');
    const started = Date.now();
    await grip.page.getByRole('button', { name: 'Stop now' }).click();
    await takeover(firstAd.page).waitFor({ timeout: 5_000 });
    const shownAfterMs = Date.now() - started;
    expect(shownAfterMs).toBeLessThan(1000);

    // The takeover says what, who and when, holds focus on its one action, and leaves nothing behind it reachable.
    const shown = takeover(firstAd.page);
    await textOf(shown, 'Frayed safety line on the crane');
    await textOf(shown, `Raised by ${cast.grip.name}`);
    expect(await shown.getAttribute('aria-modal')).toBe('true');
    expect(await focusedText(firstAd.page)).toBe('Acknowledge');
    expect(await firstAd.page.locator('.app').getAttribute('inert')).not.toBeNull();
    await firstAd.page.keyboard.press('Tab');
    expect(await focusedText(firstAd.page)).toBe('Acknowledge');
    // The raiser's phone shows it too: every device acknowledges.
    await takeover(grip.page).waitFor();

    // The phone acknowledges and opens the stop: the tablet is connected and has not acknowledged yet.
    await grip.page.getByRole('button', { name: 'Acknowledge' }).click();
    await banner(grip.page).waitFor();
    expect(await takeover(grip.page).count()).toBe(0);
    await banner(grip.page).getByRole('link', { name: /Frayed safety line/ }).click();
    await heading(grip.page, 'Work stopped');
    const stopPath = new URL(grip.page.url()).pathname;
    expect(stopPath).toMatch(new RegExp(`^/productions/${productionId}/stops/[^/]+$`));
    const acks = grip.page.getByRole('region', { name: /Acknowledged/ });
    await textOf(acks, `${cast.grip.name}`);
    await textOf(acks, 'this device');
    await textOf(acks, `Connected, not acknowledged yet (1)`);
    await textOf(acks.getByRole('listitem').filter({ hasText: cast.firstAd.name }), /device \w{6}/);

    // The tablet acknowledges; the phone's page moves the 1st AD to the acknowledged list by itself.
    await firstAd.page.getByRole('button', { name: 'Acknowledge' }).click();
    await banner(firstAd.page).waitFor();
    expect(await takeover(firstAd.page).count()).toBe(0);
    await textOf(acks, 'Connected, not acknowledged yet (0)');
    const adAck = acks.getByRole('listitem').filter({ hasText: cast.firstAd.name });
    await textOf(adAck, /device \w{6} · .*\d\d:\d\d/);
    await textOf(acks.getByRole('heading', { level: 2 }), 'Acknowledged (2)');

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
    expect(qrUrl).toBe(`${server.url}/s/${setCode}`);
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

  it('a phone that lost the Wi-Fi queues its stop, even reopened from the cached app, and sends it once when the network is back', async () => {
    await liftAll();
    const firstAd = await device(people.firstAd, tablet);
    const grip = await device(people.grip, phone);
    await heading(grip.page, 'Night Harbor');
    // The service worker has cached the app shell and controls the page.
    await grip.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });

    await grip.context.setOffline(true);
    await grip.page.reload();
    await heading(grip.page, 'Cannot reach Setbook');
    await pressStop(grip.page, 'Smoke from the generator');
    await grip.page.getByRole('button', { name: 'Stop now' }).click();
    await textOf(grip.page.getByRole('contentinfo'), 'Stop queued – will send when connected');

    // Nothing has reached the server yet.
    expect(await takeover(firstAd.page).count()).toBe(0);
    expect(await activeStops()).toEqual([]);

    await grip.context.setOffline(false);
    await takeover(firstAd.page).waitFor({ timeout: 10_000 });
    await textOf(takeover(firstAd.page), 'Smoke from the generator');
    await takeover(grip.page).waitFor();
    await grip.page.getByRole('button', { name: 'Acknowledge' }).click();
    await grip.page.getByRole('contentinfo').filter({ hasNotText: 'queued' }).waitFor();

    // However many times it was tried, the stop was raised once.
    expect((await activeStops()).map((s) => s.reason)).toEqual(['Smoke from the generator']);
    expect(violations.flat()).toEqual([]);
  });
});
