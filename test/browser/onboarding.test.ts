import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { focusedText, heading, textOf, watchCsp } from './helpers.js';
import { startServer, type RunningServer } from './server.js';

const producer = { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn' };
const firstAd = { name: 'Dana Reyes', email: 'dana@nightharbor.test', password: 'call-sheet-0600', pin: '1357' };

describe('a producer sets up Setbook and brings the 1st AD onto the production', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs first-run setup, sign-out, sign-in, a new production, an invitation and its acceptance', async () => {
    const desk = await browser.newContext({ ...tablet, timezoneId: 'Europe/London', permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await desk.newPage();
    const violations = watchCsp(page);

    // A fresh server sends everyone to first-run setup.
    await page.goto(server.url);
    await heading(page, 'Set up Setbook');
    expect(new URL(page.url()).pathname).toBe('/setup');

    await page.getByLabel('Setup token').fill('not-the-token');
    await page.getByLabel('Your name').fill(producer.name);
    await page.getByLabel('Email').fill(producer.email);
    await page.getByLabel('Password').fill(producer.password);
    await page.getByRole('button', { name: 'Create the first account' }).click();
    await textOf(page.getByRole('alert'), 'setup token does not match');

    await page.getByLabel('Setup token').fill(server.setupToken);
    await page.getByRole('button', { name: 'Create the first account' }).click();

    // With no production yet, the producer lands on the form to create one.
    await heading(page, 'Create a production');
    await textOf(page.getByRole('status'), `Welcome, ${producer.name}`);

    // Sign out from the account menu, then back in.
    await page.getByRole('button', { name: `Account: ${producer.name}` }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in');
    await textOf(page.getByRole('status'), 'You are signed out.');

    await page.getByLabel('Email').fill(producer.email);
    await page.getByLabel('Password').fill(producer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Create a production');

    // The time zone defaults to the browser's.
    const zone = page.getByLabel('Time zone');
    expect(await zone.inputValue()).toBe('Europe/London');
    await page.getByLabel('Production name').fill('Night Harbor');
    await zone.selectOption('America/New_York');
    await page.getByRole('button', { name: 'Create production' }).click();

    await heading(page, 'Night Harbor');
    await textOf(page.getByRole('status'), 'Night Harbor is created. You are its producer.');
    await textOf(page.getByRole('main'), 'America/New York');
    await textOf(page.getByRole('main'), 'Producer');
    await page.getByRole('button', { name: /Production: Night Harbor/ }).waitFor();

    // The members page: focus moves to its heading, the producer is listed as active.
    await page.getByRole('navigation', { name: 'Production' }).getByRole('link', { name: 'Members' }).click();
    await heading(page, 'Members');
    expect(await focusedText(page)).toBe('Members');
    const people = page.getByRole('listitem').filter({ hasText: producer.email });
    await textOf(people, 'Active');

    // An invalid email comes back from the server and sits under the Email input.
    const invite = page.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Name').fill(firstAd.name);
    await invite.getByLabel('Email').fill('dana-at-nightharbor');
    await invite.getByRole('checkbox', { name: '1st AD' }).check();
    await invite.getByLabel('Department (optional)').fill('Assistant directors');
    await invite.getByRole('button', { name: 'Create invitation' }).click();
    const emailInput = invite.getByLabel('Email');
    await page.waitForFunction(() => document.querySelector('input[name="email"][aria-invalid="true"]') !== null);
    expect(await emailInput.getAttribute('aria-describedby')).toMatch(/error/);
    await textOf(invite.locator('.field-error'), 'Must be an email address');
    await textOf(invite.getByRole('alert'), /email/i);

    await emailInput.fill(firstAd.email);
    await invite.getByRole('button', { name: 'Create invitation' }).click();
    await page.getByRole('heading', { name: `Invitation for ${firstAd.name}` }).waitFor();
    expect(await focusedText(page)).toBe(`Invitation for ${firstAd.name}`);

    const link = await page.getByLabel('Invite link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[^/]+$`));
    await page.getByRole('button', { name: 'Copy link' }).click();
    await textOf(page.getByRole('status'), 'Link copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const invited = page.getByRole('listitem').filter({ hasText: firstAd.email });
    await textOf(invited, 'Invited');
    await textOf(invited, '1st AD');
    await textOf(invited, 'Assistant directors');

    // The producer sets a PIN; a wrong password is refused next to the password input.
    await page.getByRole('button', { name: `Account: ${producer.name}` }).click();
    await page.getByRole('link', { name: 'Set my PIN' }).click();
    await heading(page, 'Your account');
    await textOf(page.getByRole('main'), 'You have not set a PIN yet.');
    await page.getByLabel('New PIN').fill('2468');
    await page.getByLabel('Your password').fill('not-my-password');
    await page.getByRole('button', { name: 'Save PIN' }).click();
    await textOf(page.locator('.field-error'), /not correct/);
    await page.getByLabel('New PIN').fill('2468');
    await page.getByLabel('Your password').fill(producer.password);
    await page.getByRole('button', { name: 'Save PIN' }).click();
    await textOf(page.getByRole('status'), 'Your PIN is saved.');
    await textOf(page.getByRole('main'), 'You have a PIN.');

    // The 1st AD opens the link on a phone, in a browser that has never seen Setbook.
    const pocket = await browser.newContext({ ...phone });
    const invitee = await pocket.newPage();
    const inviteeViolations = watchCsp(invitee);
    await invitee.goto(link);
    await heading(invitee, 'Join your production');

    await invitee.getByLabel('Your name').fill(firstAd.name);
    await invitee.getByLabel('Password').fill('too-short');
    await invitee.getByLabel('PIN', { exact: true }).fill('12');
    await invitee.getByRole('button', { name: 'Join the production' }).click();
    await textOf(invitee.locator('.field-error'), 'Use at least 12 characters.');
    await textOf(invitee.locator('.field-error'), 'Use 4 to 8 digits.');

    await invitee.getByLabel('Password').fill(firstAd.password);
    await invitee.getByLabel('PIN', { exact: true }).fill(firstAd.pin);
    await invitee.getByRole('button', { name: 'Join the production' }).click();

    await heading(invitee, 'Night Harbor');
    await textOf(invitee.getByRole('status'), `Welcome to Night Harbor, ${firstAd.name}.`);
    await textOf(invitee.getByRole('main'), '1st AD');

    const switcher = invitee.getByRole('button', { name: /Production: Night Harbor/ });
    await switcher.click();
    expect(await switcher.getAttribute('aria-expanded')).toBe('true');
    const mine = invitee.getByRole('navigation', { name: 'Your productions' }).getByRole('link', { name: /Night Harbor/ });
    await mine.waitFor();
    expect(await mine.getAttribute('aria-current')).toBe('page');
    await invitee.keyboard.press('Escape');
    expect(await switcher.getAttribute('aria-expanded')).toBe('false');

    // A 1st AD sees the crew but cannot invite.
    await invitee.getByRole('navigation', { name: 'Production' }).getByRole('link', { name: 'Members' }).click();
    await heading(invitee, 'Members');
    await textOf(invitee.getByRole('listitem').filter({ hasText: producer.email }), 'Producer');
    expect(await invitee.getByRole('heading', { name: 'Invite someone' }).count()).toBe(0);

    // Back at the producer's tablet the 1st AD is now active.
    await page.goBack();
    await heading(page, 'Members');
    await textOf(page.getByRole('listitem').filter({ hasText: firstAd.email }), 'Active');

    // The link works once: opened again, it says so and offers nothing to fill in.
    const stranger = await browser.newContext({ ...phone });
    const reuse = await stranger.newPage();
    await reuse.goto(link);
    await heading(reuse, 'Join your production');
    await textOf(reuse.getByRole('alert'), 'not valid');
    expect(await reuse.getByRole('button', { name: 'Join the production' }).count()).toBe(0);

    expect(violations).toEqual([]);
    expect(inviteeViolations).toEqual([]);
    await Promise.all([desk.close(), pocket.close(), stranger.close()]);
  });
});
