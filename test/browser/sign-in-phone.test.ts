import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone } from './chromium.js';
import { heading, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const armorer = { name: 'Jo Okafor', email: 'jo@armory.test', password: 'safety-first-always' };

describe('signing in on a phone on set', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    await setUpFirstUser(server, armorer);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('fits a 390 px screen with large touch targets and text that phones do not zoom', async () => {
    const context = await browser.newContext({ ...phone });
    const page = await context.newPage();
    const violations = watchCsp(page);
    await page.goto(server.url);
    await heading(page, 'Sign in');
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    for (const target of [page.getByLabel('Email'), page.getByLabel('Password'), page.getByRole('button', { name: 'Sign in' })]) {
      const box = await target.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      // Under 16 px, mobile browsers zoom into the field and the layout jumps.
      const fontSize = await target.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(16);
    }

    // The bottom dock, where STOP will sit, is on screen without scrolling.
    const dock = await page.getByRole('contentinfo').boundingBox();
    expect(dock).not.toBeNull();
    expect(dock!.y + dock!.height).toBeLessThanOrEqual(844 + 1);
    expect(dock!.height).toBeGreaterThanOrEqual(56);

    // Losing the set's Wi-Fi is said plainly in the dock.
    await context.setOffline(true);
    await textOf(page.getByRole('contentinfo'), 'Offline');
    await context.setOffline(false);
    await textOf(page.getByRole('contentinfo'), 'Online');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('announces a failed sign-in in a live region that was already on the page, then signs in', async () => {
    const context = await browser.newContext({ ...phone });
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await heading(page, 'Sign in');

    // A live region only speaks reliably when it exists before its text changes.
    const form = page.getByRole('form', { name: 'Sign in' });
    const live = form.getByRole('alert');
    expect(await live.count()).toBe(1);
    expect((await live.textContent())?.trim()).toBe('');

    await page.getByLabel('Email').tap();
    await page.keyboard.type(armorer.email);
    await page.getByLabel('Password').tap();
    await page.keyboard.type('wrong-password-here');
    await page.getByRole('button', { name: 'Sign in' }).tap();

    const said = await textOf(live, 'The email or password is not correct.');
    expect(said).toContain('not correct');
    const box = await live.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeLessThan(844);
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    // Keyboard only: fix the password and press Enter.
    await page.getByLabel('Password').fill(armorer.password);
    await page.getByLabel('Password').press('Enter');
    await heading(page, 'Create a production');
    expect(await live.count()).toBe(0);
    await context.close();
  });

  it('sends someone who is not signed in to sign-in and back to where they were going', async () => {
    const context = await browser.newContext({ ...phone });
    const page = await context.newPage();
    await page.goto(`${server.url}/account`);
    await heading(page, 'Sign in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
    await page.getByLabel('Email').fill(armorer.email);
    await page.getByLabel('Password').fill(armorer.password);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await heading(page, 'Your account');

    // When the server forgets the session (expired, or signed out elsewhere), the next write sends the person back to sign in.
    await context.clearCookies();
    await page.getByLabel('New PIN').fill('8642');
    await page.getByLabel('Your password').fill(armorer.password);
    await page.getByRole('button', { name: 'Save PIN' }).tap();
    await heading(page, 'Sign in');
    await textOf(page.getByRole('status'), 'Your session has ended. Please sign in again.');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
    await context.close();
  });
});
