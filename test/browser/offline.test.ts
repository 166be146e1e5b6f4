// A phone on the set's Wi-Fi, then out of it: the screens of the day show what
// the phone last saw, plainly marked, a concern and a STOP wait in the outbox
// with the moment they were made, and both reach the laptop once it is back.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phone } from './chromium.js';
import { lanHost, launchOnSetWifi, spkiHash } from './lan.js';
import { callApi, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const zone = 'America/Denver';

/** The day on the set's wall clock, as the schedule writes it. */
const todayOnSet = () => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());

describe('a phone that loses the set’s Wi-Fi', () => {
  let server: RunningServer;
  let browser: Browser;
  let origin: string;
  let pid: string;
  let dayId: string;
  let nid: string;
  let producerToken: string;
  let dp: { id: string; token: string };
  let firstAd: { id: string; token: string };
  let advisor: { id: string; token: string };
  const violations: string[][] = [];

  const inProduction = <T>(token: string, method: string, url: string, body?: unknown) => callApi<T>(server.url, token, method, `/api/productions/${pid}${url}`, body);

  async function phoneOf(token: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...phone, locale: 'en-US', timezoneId: zone });
    await signInContext(context, origin, token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    return { context, page };
  }

  const banner = (page: Page) => textOf(page.locator('.offline-banner'), /^Offline: showing what this phone last saw at \d{1,2}:\d\d/);

  beforeAll(async () => {
    server = await startServer();
    ({ token: producerToken } = await setUpFirstUser(server, { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn' }));
    ({
      production: { id: pid },
    } = await callApi<{ production: { id: string } }>(server.url, producerToken, 'POST', '/api/productions', { name: 'Night Harbor', timezone: zone }));
    firstAd = await joinProduction(server.url, producerToken, pid, { name: 'Cal Ortiz', email: 'cal@nightharbor.test', password: 'call-time-six-am' }, 'first_ad');
    const armorer = await joinProduction(server.url, producerToken, pid, { name: 'Hank Lowell', email: 'hank@nightharbor.test', password: 'cold-until-the-mark' }, 'armorer');
    // The safety advisor comes after the armorer, whose deciding role would otherwise wait for the advisor's confirmation.
    advisor = await joinProduction(server.url, producerToken, pid, { name: 'Ines Okafor', email: 'ines@nightharbor.test', password: 'hard-hats-on-deck' }, 'safety_advisor', '5713');
    dp = await joinProduction(server.url, producerToken, pid, { name: 'Ana Ruiz', email: 'ana@nightharbor.test', password: 'golden-hour-east' }, 'department_head');
    await inProduction(producerToken, 'PATCH', `/members/${dp.id}`, { department: 'Camera' });

    // Today on the harbor: one scene with a revolver, the DP on the roster, the call sheet published.
    const { scene } = await inProduction<{ scene: { id: string } }>(firstAd.token, 'POST', '/scenes', { number: '12', description: 'Dock standoff at dusk', hazards: ['firearms'] });
    ({ shootDay: { id: dayId } } = await inProduction<{ shootDay: { id: string } }>(firstAd.token, 'POST', '/shoot-days', {
      date: todayOnSet(),
      sceneIds: [scene.id],
      location: 'Pier 9',
      generalCall: '06:00',
      shootingCall: '07:30',
    }));
    await inProduction(firstAd.token, 'PUT', `/shoot-days/${dayId}/duties`, {
      duties: [
        { userId: firstAd.id, duty: 'first_ad' },
        { userId: armorer.id, duty: 'armorer' },
        { userId: dp.id, duty: 'department_head' },
      ],
    });
    const { callSheet } = await inProduction<{ callSheet: { id: string } }>(firstAd.token, 'POST', `/shoot-days/${dayId}/call-sheets`, { notes: 'Tide turns at 15:10: gear above the line.' });
    await inProduction(firstAd.token, 'POST', `/call-sheets/${callSheet.id}/publish`, {});
    await inProduction(armorer.token, 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' });

    // The camera notebook, with a lens set the DP wrote in prep.
    ({ notebook: { id: nid } } = await inProduction<{ notebook: { id: string } }>(dp.token, 'POST', '/notebooks', { department: 'Camera', headId: dp.id }));
    await inProduction(dp.token, 'POST', `/notebooks/${nid}/entries`, { kind: 'equipment', title: 'Zeiss Supreme Primes', fields: { make: 'Zeiss', series: 'Supreme', mount: 'PL' } });

    const { host, resolverRule } = lanHost();
    origin = `https://${host}:${server.httpsPort}`;
    const certPem = fs.readFileSync(path.join(server.dataDir, 'tls/cert.pem'), 'utf8');
    // Trusts the set's certificate by its key, as a phone with the set's CA installed does.
    browser = await launchOnSetWifi({ trustedSpki: spkiHash(certPem), resolverRule });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows Today, the board, the call sheet and the notebook as last seen, queues a concern and a STOP with their times, and sends both when the Wi-Fi is back', async () => {
    const { context, page } = await phoneOf(dp.token);
    const base = `${origin}/productions/${pid}`;
    const screens = [
      { url: `${base}/today`, title: 'Today', shows: 'Dock standoff at dusk' },
      { url: `${base}/armory`, title: 'Armory', shows: 'SA-1873-0042' },
      { url: `${base}/schedule/days/${dayId}/call-sheet`, title: null, shows: 'Tide turns at 15:10' },
      { url: `${base}/notebooks/${nid}`, title: 'Camera notebook', shows: 'Zeiss Supreme Primes' },
    ];

    // On the set's Wi-Fi, at the laptop's address over HTTPS: the service worker takes the page, and each screen is read once.
    await page.goto(screens[0]!.url);
    await heading(page, 'Today');
    expect(await page.evaluate(() => location.hostname)).not.toMatch(/^(localhost|127\.)/);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    for (const screen of screens) {
      await page.goto(screen.url);
      if (screen.title) await heading(page, screen.title);
      await textOf(page.getByRole('main'), screen.shows);
      expect(await page.locator('.offline-banner').count()).toBe(0);
    }

    // Out of range: every screen opens again from the phone, with what it last saw and when.
    await context.setOffline(true);
    for (const screen of screens) {
      await page.goto(screen.url);
      if (screen.title) await heading(page, screen.title);
      await textOf(page.getByRole('main'), screen.shows);
      await banner(page);
    }
    await page.reload();
    await banner(page);

    // A concern written in the dead zone waits on the phone like a stop.
    await page.goto(`${base}/concerns/new`);
    await heading(page, 'Report a concern');
    const report = page.getByRole('form', { name: 'Report a concern' });
    await report.getByRole('radio', { name: /^Rigging/ }).click();
    await report.getByRole('radio', { name: /^High/ }).click();
    await report.getByLabel('What is wrong?').fill('Gangway to the barge has no handrail');
    const written = Date.now();
    await report.getByRole('button', { name: 'Send the concern' }).click();
    await page.getByRole('heading', { name: 'Concern queued' }).waitFor();
    await textOf(page.getByRole('contentinfo'), 'Concern queued – will send when connected');

    // And a STOP, from the same screen.
    await page.getByRole('button', { name: 'STOP work' }).click();
    const sheet = page.getByRole('dialog', { name: /Stop work/ });
    await sheet.getByLabel('What is wrong? (optional)').fill('Barge drifting off its line');
    const pressed = Date.now();
    await page.getByRole('button', { name: 'Stop now' }).click();
    await textOf(page.getByRole('contentinfo'), 'Stop queued – will send when connected');
    await page.waitForTimeout(3_000);

    // Nothing has reached the laptop yet.
    expect((await inProduction<{ concerns: unknown[] }>(dp.token, 'GET', '/concerns')).concerns).toEqual([]);
    expect((await inProduction<{ stops: { status: string }[] }>(producerToken, 'GET', '/stops')).stops.filter((s) => s.status === 'active')).toEqual([]);

    // Back in range: both go, each once, each with the moment it was made.
    const back = Date.now();
    await context.setOffline(false);
    await page.getByRole('contentinfo').filter({ hasNotText: 'queued' }).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await inProduction<{ concerns: unknown[] }>(dp.token, 'GET', '/concerns')).concerns.length, { timeout: 15_000 }).toBe(1);
    const [concern] = (await inProduction<{ concerns: { description: string; reportedAt: string; createdAt: string }[] }>(dp.token, 'GET', '/concerns')).concerns;
    expect(concern!.description).toBe('Gangway to the barge has no handrail');
    expect(Math.abs(Date.parse(concern!.reportedAt) - written)).toBeLessThan(1_500);
    expect(Date.parse(concern!.createdAt)).toBeGreaterThanOrEqual(back - 1_000);
    const active = (await inProduction<{ stops: { id: string; status: string; reason: string | null; raisedAt: string }[] }>(producerToken, 'GET', '/stops')).stops.filter((s) => s.status === 'active');
    expect(active.map((s) => s.reason)).toEqual(['Barge drifting off its line']);
    expect(Math.abs(Date.parse(active[0]!.raisedAt) - pressed)).toBeLessThan(1_500);
    // The copy on the phone is gone once delivered.
    expect(await page.evaluate(() => localStorage.getItem('setbook.outbox'))).toBe('[]');
    // The barge is tied up again: the advisor lifts the stop with the 1st AD's confirmation (S1).
    await inProduction(advisor.token, 'POST', `/stops/${active[0]!.id}/lift`, {
      resolution: 'Barge retied with two lines.',
      confirmations: [
        { userId: advisor.id, pin: '5713' },
        { userId: firstAd.id, pin: '4826' },
      ],
    });
    expect(violations.flat()).toEqual([]);
    await context.close();
  });

  it('opened cold with no network after one visit, the app opens on the shell of the person signed in, with STOP', async () => {
    const { context, page } = await phoneOf(dp.token);
    await page.goto(`${origin}/productions/${pid}`);
    await heading(page, 'Night Harbor');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });

    await context.setOffline(true);
    const cold = await context.newPage();
    violations.push(watchCsp(cold));
    await cold.goto(`${origin}/`);
    await heading(cold, 'Night Harbor');
    expect(await cold.getByRole('heading', { name: 'Cannot reach Setbook' }).count()).toBe(0);
    await cold.getByRole('button', { name: /^Account: Ana Ruiz/ }).waitFor();
    await cold.getByRole('contentinfo').getByRole('button', { name: 'STOP work' }).waitFor();
    const kept = () => cold.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('setbook.lastSeen.')).length);
    expect(await kept()).toBeGreaterThan(0);

    // Back online, Ana signs out: nothing she saw stays for whoever picks up the phone next.
    await context.setOffline(false);
    await cold.getByRole('button', { name: /^Account: Ana Ruiz/ }).click();
    await cold.getByRole('button', { name: 'Sign out' }).click();
    await heading(cold, 'Sign in');
    expect(await kept()).toBe(0);
    await context.setOffline(true);
    await cold.goto(`${origin}/productions/${pid}/today`);
    await heading(cold, 'Cannot reach Setbook');
    await context.setOffline(false);
    expect(violations.flat()).toEqual([]);
    await context.close();
  });
});
