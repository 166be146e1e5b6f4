// The safety paths with a keyboard alone: no mouse and no touch, only Tab,
// Shift+Tab, Enter, Space and the arrow keys, as a screen reader user or a
// switch user moves. Each step checks where focus lands, that it is visible,
// and what the live regions say.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { callApi, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const zone = 'America/Denver';
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

const people = {
  producer: { name: 'Rosa Vance', email: 'rosa@coldcreek.test', password: 'wide-lens-at-dawn' },
  advisor: { name: 'Ines Okafor', email: 'ines@coldcreek.test', password: 'safety-first-always', pin: '7301' },
  firstAd: { name: 'Sam Whitlock', email: 'sam@coldcreek.test', password: 'call-sheet-0600', pin: '1357' },
  performer: { name: 'Clay Barrett', email: 'clay@coldcreek.test', password: 'saloon-standoff-27', pin: '5812' },
  armorer: { name: 'Hank Morrow', email: 'hank@coldcreek.test', password: 'cold-gun-on-cart', pin: '4321' },
};
type Who = keyof typeof people;

/** What has focus, as a screen reader names it, and whether a sighted keyboard user can see where it is. */
interface Focus {
  tag: string;
  type: string | null;
  role: string | null;
  name: string;
  /** an outline or ring of at least 2px on the element or the label or tile drawn around it */
  ring: boolean;
  /** inside which dialog, if any */
  dialog: string | null;
}

function focusOf(page: Page): Promise<Focus | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const byIds = (ids: string | null) => (ids ? ids.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ') : null);
    const labels = (el as HTMLInputElement).labels;
    const legend = el.tagName === 'FIELDSET' ? text(el.querySelector('legend')) : null;
    const name = el.getAttribute('aria-label') ?? byIds(el.getAttribute('aria-labelledby')) ?? (labels && labels.length > 0 ? text(labels[0]) : null) ?? legend ?? text(el);
    const drawn = (node: Element | null) => {
      if (!node) return false;
      const style = getComputedStyle(node);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || (style.boxShadow !== 'none' && style.boxShadow !== '');
    };
    const dialog = el.closest('dialog, [role="dialog"], [role="alertdialog"]');
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      role: el.getAttribute('role'),
      name,
      ring: drawn(el) || drawn(el.closest('label')) || drawn(el.closest('.tile, .choice')),
      dialog: dialog ? (dialog.getAttribute('aria-label') ?? byIds(dialog.getAttribute('aria-labelledby')) ?? '') : null,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until focus is on what `wanted` matches, at most
 * `limit` times; every stop on the way must show where focus is.
 */
async function tabTo(page: Page, wanted: (focus: Focus) => boolean, { limit = 40, back = false } = {}): Promise<{ presses: number; unseen: string[] }> {
  const unseen: string[] = [];
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focus = await focusOf(page);
    if (focus && !focus.ring) unseen.push(`${focus.tag}${focus.type ? `[${focus.type}]` : ''} "${focus.name.slice(0, 50)}"`);
    if (focus && wanted(focus)) return { presses, unseen };
  }
  throw new Error(`focus never reached it in ${limit} presses; it is on ${JSON.stringify(await focusOf(page))}`);
}

const named = (name: string | RegExp) => (focus: Focus) => (typeof name === 'string' ? focus.name === name : name.test(focus.name));

/** Waits until focus is on what `wanted` matches (focus often moves after an answer arrives). */
async function focusLands(page: Page, wanted: (focus: Focus) => boolean, what: string): Promise<Focus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const focus = await focusOf(page);
    if (focus && wanted(focus)) return focus;
    if (Date.now() > deadline) throw new Error(`focus did not land on ${what}; it is on ${JSON.stringify(focus)}`);
    await page.waitForTimeout(50);
  }
}

describe('the safety paths with a keyboard alone', () => {
  let server: RunningServer;
  let browser: Browser;
  let pid: string;
  const crew = {} as Record<Who, { id: string; token: string }>;
  const contexts: BrowserContext[] = [];
  const csp: string[][] = [];
  let firearmId: string;
  let dayId: string;

  const as = <T>(who: Who, method: string, path: string, body?: unknown) => callApi<T>(server.url, crew[who].token, method, `/api/productions/${pid}${path}`, body);

  /** A signed-in device of `who`, open at `path` with the production's live stream connected. */
  async function device(who: Who, size: typeof phone | typeof tablet, path: string): Promise<Page> {
    const context = await browser.newContext({ ...size, locale: 'en-US', timezoneId: zone });
    contexts.push(context);
    await signInContext(context, server.url, crew[who].token);
    const page = await context.newPage();
    csp.push(watchCsp(page));
    const live = page.waitForResponse((response) => response.url().includes('/live?'));
    await page.goto(`${server.url}${path}`);
    await live;
    await page.locator('h1').first().waitFor();
    await page.waitForFunction(() => !/Loading/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 10_000 });
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, people.producer);
    const { user } = await callApi<{ user: { id: string } }>(server.url, token, 'GET', '/api/me');
    crew.producer = { id: user.id, token };
    pid = (await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Cold Creek', timezone: zone })).production.id;
    const roles = { advisor: 'safety_advisor', firstAd: 'first_ad', performer: 'performer', armorer: 'armorer' } as const;
    for (const key of Object.keys(roles) as Array<keyof typeof roles>) {
      crew[key] = await joinProduction(server.url, token, pid, people[key], roles[key], people[key].pin);
    }
    await as('advisor', 'PATCH', `/members/${crew.armorer.id}`, { roles: ['armorer'] });
    for (const who of ['armorer', 'performer'] as const) await as('producer', 'POST', '/trainings', { userId: crew[who].id, course: 'firearms_safety', completedOn: '2026-10-30' });
    const { scene } = await as<{ scene: { id: string } }>('firstAd', 'POST', '/scenes', { number: '14', description: 'The creek crossing', hazards: ['firearms'] });
    const { shootDay } = await as<{ shootDay: { id: string } }>('firstAd', 'POST', '/shoot-days', { date: today(), sceneIds: [scene.id], generalCall: '06:00' });
    await as('firstAd', 'PUT', `/shoot-days/${shootDay.id}/duties`, { duties: [{ userId: crew.armorer.id, duty: 'armorer' }] });
    dayId = shootDay.id;
    await as('firstAd', 'POST', '/safety-meetings', {
      shootDayId: shootDay.id,
      sceneIds: [scene.id],
      heldAt: new Date().toISOString(),
      attendeeIds: [crew.armorer.id, crew.performer.id, crew.firstAd.id],
      walkthrough: true,
      abortPlan: 'Anyone calls cease fire; the armorer clears the weapon.',
      emergencyPlan: 'Medic at base camp; ambulance via the ranch gate.',
    });
    const { lot } = await as<{ lot: { id: string } }>('armorer', 'POST', '/ammunition', {
      lot: 'D-44-3',
      kind: 'dummy',
      caliber: '.44-40',
      quantity: 12,
      verification: { method: 'rattle test and drilled primers, each round' },
    });
    const { firearm } = await as<{ firearm: { id: string; version: number } }>('armorer', 'POST', '/firearms', { serial: 'WIN-1873-0117', make: 'Winchester', model: '1873', kind: 'blank_firing' });
    firearmId = firearm.id;
    // Out of storage and inspected with dummies: the hand-off is next.
    const out = await as<{ firearm: { version: number } }>('armorer', 'POST', `/firearms/${firearm.id}/events`, { type: 'check_out', shootDayId: shootDay.id, version: firearm.version });
    await as('armorer', 'POST', `/firearms/${firearm.id}/events`, { type: 'inspect', load: 'dummy', rounds: [{ lotId: lot.id, count: 6 }], barrelClear: true, version: out.firearm.version });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('STOP: reached by Tab from any screen, raised from its sheet, the takeover on another phone takes focus and is acknowledged with Space', async () => {
    const unseen: string[] = [];
    const raiser = await device('performer', phone, `/productions/${pid}/ledger`);
    const other = await device('armorer', phone, `/productions/${pid}/armory/${firearmId}`);

    // From the top of two different screens, Tab alone reaches the STOP button.
    for (const path of [`/productions/${pid}/ledger`, `/productions/${pid}/today`]) {
      await raiser.goto(`${server.url}${path}`);
      await raiser.locator('h1').first().waitFor();
      await raiser.waitForFunction(() => !/Loading/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 10_000 });
      const reached = await tabTo(raiser, named('STOP work'), { limit: 80 });
      unseen.push(...reached.unseen);
      expect((await focusOf(raiser))!.tag).toBe('button');
      // A screen reader reaches it faster by landmark: it is the footer's (contentinfo's) button on every screen.
      expect(await raiser.evaluate(() => document.activeElement?.closest('footer') !== null)).toBe(true);
    }

    // Enter opens the sheet with focus on "Stop now": one more Enter would send it.
    await raiser.keyboard.press('Enter');
    expect(await focusLands(raiser, named('Stop now'), 'Stop now')).toMatchObject({ tag: 'button', dialog: 'Stop work on Cold Creek' });
    // Back to "What is wrong?" to say why, still inside the sheet.
    unseen.push(...(await tabTo(raiser, named('What is wrong? (optional)'), { back: true, limit: 6 })).unseen);
    await raiser.keyboard.type('Live cable across the creek crossing');
    // The sheet keeps focus to itself: Tab never leaves it for the page behind.
    for (let i = 0; i < 12; i += 1) {
      await raiser.keyboard.press('Tab');
      expect((await focusOf(raiser))?.dialog).toBe('Stop work on Cold Creek');
    }
    unseen.push(...(await tabTo(raiser, named('Stop now'), { limit: 8 })).unseen);
    await raiser.keyboard.press('Enter');

    // The sheet closes, focus is back on STOP, and the dock's alert says the stop went out.
    await raiser.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await focusLands(raiser, named('STOP work'), 'the STOP button')).toMatchObject({ tag: 'button', dialog: null });
    await textOf(raiser.getByRole('contentinfo').getByRole('alert'), 'Stop sent – every device is alerted');

    // The other phone: the takeover takes focus on its one action, and holds it.
    const takeover = other.getByRole('alertdialog', { name: 'WORK STOPPED' });
    await takeover.waitFor({ timeout: 10_000 });
    expect(await focusLands(other, named('Acknowledge'), 'Acknowledge')).toMatchObject({ tag: 'button', dialog: 'WORK STOPPED' });
    expect(await takeover.getAttribute('aria-describedby')).toBe('takeover-details');
    expect(await textOf(takeover, 'Live cable across the creek crossing')).toContain('Raised by Clay Barrett');
    for (const key of ['Tab', 'Shift+Tab', 'Tab', 'Escape']) {
      await other.keyboard.press(key);
      expect(await focusOf(other)).toMatchObject({ name: 'Acknowledge', dialog: 'WORK STOPPED' });
    }
    expect((await focusOf(other))!.ring).toBe(true);
    await other.keyboard.press('Space');

    // Acknowledged: the takeover goes and focus goes to the stop's banner, read out by its heading.
    await takeover.waitFor({ state: 'hidden' });
    const banner = await focusLands(other, (focus) => focus.tag === 'section', 'the stop banner');
    expect(banner.name).toBe('Work stopped');
    expect(await other.getByRole('region', { name: 'Work stopped' }).textContent()).toContain('Live cable across the creek crossing');

    expect(unseen).toEqual([]);
    expect(csp.flat()).toEqual([]);

    // Lifted, so the next tests start on a quiet set.
    const { stops } = await as<{ stops: Array<{ id: string; status: string }> }>('advisor', 'GET', '/stops');
    for (const stop of stops.filter((s) => s.status === 'active')) {
      await as('advisor', 'POST', `/stops/${stop.id}/lift`, {
        resolution: 'Cable moved and covered.',
        confirmations: [
          { userId: crew.advisor.id, pin: people.advisor.pin },
          { userId: crew.firstAd.id, pin: people.firstAd.pin },
        ],
      });
    }
  });

  it('a firearm hand-off on the armorer’s tablet: the PINs typed by keyboard, a short PIN sends focus back to its field, and the hand-off is announced', async () => {
    const unseen: string[] = [];
    const cart = await device('armorer', tablet, `/productions/${pid}/armory/${firearmId}`);
    await textOf(cart.locator('.firearm-where'), 'With Hank Morrow');

    unseen.push(...(await tabTo(cart, named('Hand off'), { limit: 60 })).unseen);
    await cart.keyboard.press('Enter');
    // The opened form's heading takes focus, so a screen reader starts reading there.
    expect(await focusLands(cart, named('Hand off'), 'the form heading')).toMatchObject({ tag: 'h3' });
    // Tab through the choices as they are (Clay Barrett, the day's scene, Sam Whitlock), on to "Next: PINs".
    const performer = await tabTo(cart, named('Performer'), { limit: 4 });
    unseen.push(...performer.unseen);
    expect((await focusOf(cart))!.tag).toBe('select');
    expect(await cart.getByLabel('Performer').locator('option:checked').textContent()).toBe('Clay Barrett');
    unseen.push(...(await tabTo(cart, named('Next: PINs'), { limit: 8 })).unseen);
    await cart.keyboard.press('Enter');
    expect(await focusLands(cart, named('Show the firearm, then each confirms with their PIN'), 'the PIN step')).toMatchObject({ tag: 'h3' });

    // A PIN one digit short: refused before sending, and focus goes back to that field, which says why.
    unseen.push(...(await tabTo(cart, named('Clay Barrett: PIN'), { limit: 4 })).unseen);
    await cart.keyboard.type(people.performer.pin.slice(0, 3));
    unseen.push(...(await tabTo(cart, named('Sam Whitlock: PIN'), { limit: 4 })).unseen);
    await cart.keyboard.type(people.firstAd.pin);
    await cart.keyboard.press('Enter');
    const refused = await focusLands(cart, named('Clay Barrett: PIN'), 'the short PIN');
    expect(refused.tag).toBe('input');
    expect(await cart.getByLabel('Clay Barrett: PIN').getAttribute('aria-invalid')).toBe('true');
    expect(await cart.getByLabel('Clay Barrett: PIN').evaluate((input) => input.getAttribute('aria-describedby')?.split(' ').map((id) => document.getElementById(id)?.textContent).join(' '))).toContain(
      'A PIN is 4 to 8 digits',
    );
    await textOf(cart.getByRole('form', { name: 'Hand off: PINs' }).getByRole('alert'), 'Please correct the fields marked below.');

    // Both PINs again, from the keyboard, and Enter on the hand-off button.
    await cart.keyboard.press('Control+A');
    await cart.keyboard.type(people.performer.pin);
    unseen.push(...(await tabTo(cart, named('Sam Whitlock: PIN'), { limit: 4 })).unseen);
    await cart.keyboard.press('Control+A');
    await cart.keyboard.type(people.firstAd.pin);
    unseen.push(...(await tabTo(cart, named('Hand off to Clay Barrett'), { limit: 4 })).unseen);
    await cart.keyboard.press('Enter');

    // Done: the page's status says so, and focus is back at the top of the page.
    await textOf(cart.locator('.firearm-where'), 'With Clay Barrett');
    await textOf(cart.locator('.notice[role="status"]'), 'Handed off.');
    expect(await focusLands(cart, (focus) => focus.tag === 'h1', 'the page heading')).toMatchObject({ name: 'Firearm' });
    expect(unseen).toEqual([]);
    expect(csp.flat()).toEqual([]);
  });

  it('reporting a concern by keyboard, named and then anonymously: the choices by arrow keys, Enter sends, focus lands on the answer', async () => {
    const unseen: string[] = [];
    const page = await device('performer', phone, `/productions/${pid}/concerns/new`);

    /** Fills the form: the first choice of "What is it about?", one step down the severities, a description. */
    async function fill(description: string, anonymous: boolean): Promise<void> {
      unseen.push(...(await tabTo(page, (focus) => focus.type === 'radio', { limit: 40 })).unseen);
      await page.keyboard.press('Space');
      // Arrow keys move within a radio group and choose as they go.
      await page.keyboard.press('ArrowRight');
      const category = (await focusOf(page))!.name;
      unseen.push(...(await tabTo(page, (focus) => focus.type === 'radio' && focus.name !== category, { limit: 2 })).unseen);
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      unseen.push(...(await tabTo(page, named('What is wrong?'), { limit: 2 })).unseen);
      await page.keyboard.type(description);
      unseen.push(...(await tabTo(page, named('Report anonymously'), { limit: 2 })).unseen);
      if (anonymous) await page.keyboard.press('Space');
      expect(await page.getByLabel('Report anonymously').isChecked()).toBe(anonymous);
      unseen.push(...(await tabTo(page, named('Send the concern'), { limit: 4 })).unseen);
      await page.keyboard.press('Enter');
    }

    unseen.push(...(await tabTo(page, named('Send the concern'), { limit: 60 })).unseen);
    await page.keyboard.press('Enter');
    // Sending with nothing chosen: focus goes to the first group to fix, which a screen reader reads with its error.
    await focusLands(page, named('What is it about?'), 'the first problem');
    expect(await page.getByRole('group', { name: 'What is it about?' }).getAttribute('aria-invalid')).toBe('true');
    await fill('The ladder by the creek has a cracked rung.', false);
    // Named: the concern's own page, its heading focused, and the status region says it was sent.
    await focusLands(page, (focus) => focus.tag === 'h1', 'the concern page heading');
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/productions/${pid}/concerns/[^/]+$`));
    await textOf(page.locator('.notice[role="status"]'), 'Your concern is sent. You can follow it here.');

    await page.goto(`${server.url}/productions/${pid}/concerns/new`);
    await page.locator('h1').first().waitFor();
    await fill('Someone keeps moving the fire extinguisher off the cart.', true);
    // Anonymous: the follow-up key and passphrase, their heading focused so they are read out first.
    const keys = await focusLands(page, named('Concern sent. Write these down'), 'the follow-up keys');
    expect(keys.tag).toBe('h2');
    const { concerns } = await as<{ concerns: Array<{ description: string; anonymous: boolean }> }>('advisor', 'GET', '/concerns');
    expect(concerns.map((c) => [c.description, c.anonymous]).sort()).toEqual([
      ['Someone keeps moving the fire extinguisher off the cart.', true],
      ['The ladder by the creek has a cracked rung.', false],
    ]);
    expect(unseen).toEqual([]);
    expect(csp.flat()).toEqual([]);
  });

  it('the call sheet’s publish dialog: opened with Enter, Tab stays inside it, Escape closes it and focus returns to Publish', async () => {
    await as('firstAd', 'POST', `/shoot-days/${dayId}/call-sheets`, {});
    const page = await device('firstAd', tablet, `/productions/${pid}/schedule/days/${dayId}/call-sheet`);
    const reached = await tabTo(page, named(/^Publish version 1/), { limit: 80 });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Publish version 1?' });
    await dialog.waitFor();
    const inside: Array<string | null> = [];
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      inside.push((await focusOf(page))?.dialog ?? null);
    }
    expect(inside).toEqual(Array(10).fill('Publish version 1?'));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusLands(page, named(/^Publish version 1/), 'the Publish button')).toMatchObject({ tag: 'button', dialog: null });
    expect(reached.unseen).toEqual([]);
    expect(csp.flat()).toEqual([]);
  });
});
