import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, tablet } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const cast = {
  producer: { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn' },
  firstAd: { name: 'Dana Reyes', email: 'dana@nightharbor.test', password: 'call-sheet-0600' },
  grip: { name: 'Maya Stone', email: 'maya@nightharbor.test', password: 'sandbags-on-stands' },
};

/** A push service on a closed port: what a phone's push service is from a set with no internet. */
const unreachable = (name: string) => ({
  endpoint: `https://127.0.0.1:9/push/${name}`,
  keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
  label: name,
});

describe('a set with no internet: the base tablet still sounds the stop', () => {
  let server: RunningServer;
  let browser: Browser;
  let productionId: string;
  let producer: { token: string };
  let firstAd: { id: string; token: string };
  let grip: { id: string; token: string };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // The devices' push service is on this machine's discard port: nothing answers there, as with no internet.
    server = await startServer({ env: { SETBOOK_PUSH_SERVICES: '127.0.0.1' } });
    producer = await setUpFirstUser(server, cast.producer);
    const { production } = await callApi<{ production: { id: string } }>(server.url, producer.token, 'POST', '/api/productions', { name: 'Night Harbor', timezone: 'America/New_York' });
    productionId = production.id;
    firstAd = await joinProduction(server.url, producer.token, productionId, cast.firstAd, 'first_ad');
    grip = await joinProduction(server.url, producer.token, productionId, cast.grip, 'crew');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('a stop raised while every phone\'s push service is out of reach takes over the base tablet, and the phones\' failed sends show on the account screen', async () => {
    await callApi(server.url, grip.token, 'POST', '/api/push/devices', unreachable('Maya phone'));
    await callApi(server.url, firstAd.token, 'POST', '/api/push/devices', unreachable('Dana phone'));

    // The base tablet: signed in as the 1st AD, on the production's home, its live stream open over the set's Wi-Fi.
    const context = await browser.newContext({ ...tablet, timezoneId: 'America/New_York' });
    contexts.push(context);
    await signInContext(context, server.url, firstAd.token);
    const page = await context.newPage();
    const violations = watchCsp(page);
    const live = page.waitForResponse((response) => response.url().includes('/live?'));
    await page.goto(`${server.url}/productions/${productionId}`);
    await live;
    await heading(page, 'Night Harbor');

    const started = Date.now();
    await callApi(server.url, grip.token, 'POST', `/api/productions/${productionId}/stops`, { reason: 'Generator smoking by the trailers' });
    // The stop is on record at once, whatever the push services do.
    expect(Date.now() - started).toBeLessThan(2_000);
    const takeover = page.getByRole('alertdialog', { name: 'WORK STOPPED' });
    await takeover.waitFor({ timeout: 5_000 });
    expect(await takeover.textContent()).toContain('Generator smoking by the trailers');
    await takeover.getByRole('button', { name: 'Acknowledge' }).click();

    // The 1st AD's own account screen lists her phone, and says its push did not get through.
    await page.goto(`${server.url}/account`);
    const section = page.getByRole('region', { name: 'Notifications on this device' });
    await section.waitFor();
    // Read once the list has come from the server: the failed send is counted a moment after the stop.
    await expect.poll(async () => {
      await page.reload();
      await section.getByRole('listitem').first().waitFor({ timeout: 5_000 });
      return section.textContent();
    }, { timeout: 20_000 }).toContain('1 send in a row failed');
    expect(await section.getByRole('listitem').count()).toBe(1);
    expect(await section.textContent()).toContain('Dana phone');
    expect(await section.textContent()).not.toContain('Maya phone');
    expect(violations).toEqual([]);

    await section.getByRole('button', { name: 'Remove Dana phone' }).click();
    await expect.poll(() => section.getByRole('listitem').count()).toBe(0);
    expect(await section.textContent()).toContain('No device of yours receives notifications yet.');
    expect((await callApi<{ devices: unknown[] }>(server.url, firstAd.token, 'GET', '/api/push/devices')).devices).toEqual([]);
  });
});
