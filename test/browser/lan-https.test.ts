// A phone joining the laptop over the set's Wi-Fi: a non-localhost address,
// HTTPS with the set's certificate, the service worker, then the Wi-Fi drops.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phone } from './chromium.js';
import { callApi, heading, signInContext, textOf, watchCsp } from './helpers.js';
import { lanHost, launchOnSetWifi, spkiHash } from './lan.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

describe("a phone on the set's Wi-Fi", () => {
  let server: RunningServer;
  let browser: Browser;
  let spki: string;
  let resolver: string | null;

  /** Chromium as a phone: `trusting` is a phone with the set's CA installed, else one that has never opened the trust page. */
  function launch(trusting: boolean): Promise<Browser> {
    return launchOnSetWifi({ trustedSpki: trusting ? spki : null, resolverRule: resolver });
  }
  let origin: string;
  let productionId: string;
  let token: string;

  beforeAll(async () => {
    server = await startServer();
    ({ token } = await setUpFirstUser(server, { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn' }));
    ({
      production: { id: productionId },
    } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Night Harbor', timezone: 'America/New_York' }));

    const { host, resolverRule } = lanHost();
    origin = `https://${host}:${server.httpsPort}`;
    const certPem = fs.readFileSync(path.join(server.dataDir, 'tls/cert.pem'), 'utf8');
    expect(new crypto.X509Certificate(certPem).checkHost(host) ?? new crypto.X509Certificate(certPem).checkIP(host)).toBeTruthy();
    spki = spkiHash(certPem);
    resolver = resolverRule;
    browser = await launch(true);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens Setbook securely at the laptop’s address, keeps working when the Wi-Fi drops, and still takes a STOP', async () => {
    const context = await browser.newContext({ ...phone, timezoneId: 'America/New_York' });
    await signInContext(context, origin, token);
    const page = await context.newPage();
    const violations = watchCsp(page);

    // The plain-HTTP address the laptop used to print sends the phone to HTTPS.
    const plain = new URL(origin);
    plain.protocol = 'http:';
    plain.port = new URL(server.url).port;
    await page.goto(`${plain.origin}/productions/${productionId}`);
    expect(page.url()).toBe(`${origin}/productions/${productionId}`);
    await heading(page, 'Night Harbor');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    expect(await page.evaluate(() => location.hostname)).not.toMatch(/^(localhost|127\.)/);

    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');

    await context.setOffline(true);
    await page.reload();
    // The last person signed in on this phone opens on their production, from what the phone kept.
    await heading(page, 'Night Harbor');
    await page.getByRole('button', { name: 'STOP work' }).click();
    const sheet = page.getByRole('dialog', { name: /Stop work/ });
    await sheet.getByLabel('What is wrong? (optional)').fill('Cable across the fire exit');
    await page.getByRole('button', { name: 'Stop now' }).click();
    await textOf(page.getByRole('contentinfo'), 'Stop queued – will send when connected');

    await context.setOffline(false);
    await page.getByRole('contentinfo').filter({ hasNotText: 'queued' }).waitFor({ timeout: 15_000 });
    const { stops } = await callApi<{ stops: { status: string; reason: string | null }[] }>(server.url, token, 'GET', `/api/productions/${productionId}/stops`);
    expect(stops.filter((stop) => stop.status === 'active').map((stop) => stop.reason)).toEqual(['Cable across the fire exit']);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('the trust page is open over plain HTTP, before the phone trusts the set', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const plain = new URL(origin);
    plain.protocol = 'http:';
    plain.port = new URL(server.url).port;
    await page.goto(`${plain.origin}/trust`);
    await heading(page, 'Trust this set');
    await page.getByRole('img', { name: `QR code for ${plain.origin}/trust` }).waitFor();
    await page.getByRole('link', { name: 'Certificate for Android' }).waitFor();
    await page.getByRole('link', { name: 'Profile for iPhone and iPad' }).waitFor();
    await context.close();
  });

  it("a phone without the set's CA is refused the HTTPS page (a certificate error); with it, the same page loads", async () => {
    const untrusting = await launch(false);
    try {
      const context = await untrusting.newContext(phone);
      const page = await context.newPage();
      const refused = await page.goto(`${origin}/productions/${productionId}`).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/net::ERR_CERT_AUTHORITY_INVALID/);
      // The trust page itself is still open to it, over plain HTTP (in a new tab: the refused one is on Chromium's error page).
      const plain = new URL(origin);
      plain.protocol = 'http:';
      plain.port = new URL(server.url).port;
      const trust = await context.newPage();
      await trust.goto(`${plain.origin}/trust`);
      await heading(trust, 'Trust this set');
    } finally {
      await untrusting.close();
    }

    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const answer = await page.goto(`${origin}/api/health`);
    expect(answer?.status()).toBe(200);
    const security = await answer!.securityDetails();
    expect(security?.issuer).toMatch(/^Setbook set CA /);
    expect(security?.protocol).toMatch(/^TLS 1\.[23]$/);
    await context.close();
  });

  it('the trust page reads well on a phone, in English, Spanish and Ukrainian, light and dark, and axe finds nothing wrong', async () => {
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const plain = new URL(origin);
    plain.protocol = 'http:';
    plain.port = new URL(server.url).port;
    const found: string[] = [];
    for (const [locale, colorScheme, title] of [
      ['en-US', 'light', 'Trust this set'],
      ['es-MX', 'light', 'Confiar en este set'],
      ['uk-UA', 'dark', 'Довіряти цьому майданчику'],
    ] as const) {
      const context = await browser.newContext({ ...phone, locale, colorScheme });
      const page = await context.newPage();
      const violations = watchCsp(page);
      await page.goto(`${plain.origin}/trust`);
      await heading(page, title);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
      // One column that fits the phone: nothing scrolls sideways, the downloads are thumb-sized.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.viewport.width);
      for (const link of await page.locator('a.download').all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      // The stylesheet applied (the CSP allows it from the same origin, never inline).
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('main')!).maxWidth)).not.toBe('none');
      await page.evaluate(axeSource);
      const results = (await page.evaluate(
        (tags) => (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
        WCAG_AA,
      )) as { violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }> };
      found.push(...results.violations.flatMap((v) => v.nodes.map((node) => `${locale} ${colorScheme}: ${v.id} at ${JSON.stringify(node.target)}`)));
      expect(violations).toEqual([]);
      await context.close();
    }
    expect(found).toEqual([]);

    // ?lang= chooses another language than the phone's, and the language links keep to the page.
    const context = await browser.newContext({ ...phone, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${plain.origin}/trust?lang=uk`);
    await heading(page, 'Довіряти цьому майданчику');
    await page.getByRole('navigation', { name: 'Мова' }).getByRole('link', { name: 'Español' }).click();
    await heading(page, 'Confiar en este set');
    expect(new URL(page.url()).search).toBe('?lang=es');
    await context.close();
  });
});
