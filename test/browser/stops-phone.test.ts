import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const producer = { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn', pin: '2468' };
const advisor = { name: 'Ines Okafor', email: 'ines@nightharbor.test', password: 'hard-hats-on-stage' };

describe('a refused lift on a phone (S1)', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('the producer taps Lift at the foot of the form; the refusal comes into view between the top bar and the dock, focused, not above the screen', async () => {
    const { token } = await setUpFirstUser(server, producer);
    await callApi(server.url, token, 'PUT', '/api/me/pin', { pin: producer.pin, password: producer.password });
    const { production } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Night Harbor', timezone: 'America/New_York' });
    await joinProduction(server.url, token, production.id, advisor, 'safety_advisor', '8642');
    const { stop } = await callApi<{ stop: { id: string } }>(server.url, token, 'POST', `/api/productions/${production.id}/stops`, { reason: 'Frayed safety line on the crane' });

    const context = await browser.newContext({ ...phone, timezoneId: 'America/New_York' });
    contexts.push(context);
    await signInContext(context, server.url, token);
    const page = await context.newPage();
    const violations = watchCsp(page);
    await page.goto(`${server.url}/productions/${production.id}/stops/${stop.id}`);
    const takeover = page.getByRole('alertdialog', { name: 'WORK STOPPED' });
    await takeover.getByRole('button', { name: 'Acknowledge' }).click();
    await takeover.waitFor({ state: 'detached' });
    await heading(page, 'Work stopped');

    const lift = page.getByRole('form', { name: 'Lift the stop' });
    await lift.getByLabel('How was the problem resolved?').fill('Looks fine to me, we are behind schedule');
    await lift.getByLabel('Your PIN').fill(producer.pin);
    // The thumb is at the foot of the form, just above the dock: the form's top, where its refusal is written, is above the screen.
    const formTopHidden = await page.evaluate(() => {
      const form = document.querySelector('form[aria-label="Lift the stop"]')!;
      const submit = form.querySelector('button[type="submit"]')!.getBoundingClientRect();
      const dock = document.querySelector('.dock')!.getBoundingClientRect();
      window.scrollBy(0, submit.bottom - dock.top + 8);
      return form.getBoundingClientRect().top < document.querySelector('.topbar')!.getBoundingClientRect().bottom;
    });
    expect(formTopHidden).toBe(true);
    await lift.getByRole('button', { name: 'Lift the stop' }).click();

    const refusal = lift.getByRole('alert');
    const said = await textOf(refusal, 'S1');
    expect(said).toContain('Only the safety advisor can lift a stop');
    expect(said).toContain('recorded in the ledger');
    // In view: below the sticky top bar and above the dock with the STOP button, and holding focus for the screen reader.
    await page.waitForFunction(() => {
      const alert = document.querySelector('form[aria-label="Lift the stop"] [role="alert"]');
      const bar = document.querySelector('.topbar')?.getBoundingClientRect();
      const dock = document.querySelector('.dock')?.getBoundingClientRect();
      const box = alert?.getBoundingClientRect();
      return box && bar && dock && box.top >= bar.bottom && box.bottom <= dock.top;
    });
    expect(await page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-label') === 'Lift the stop' && document.activeElement.getAttribute('role'))).toBe('alert');
    expect(await lift.getByLabel('Your PIN').inputValue()).toBe('');
    expect(violations).toEqual([]);
  });
});
