import { createHash } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCheckpointLine, bundleHeaderLine } from '../../src/ledger/bundle.js';
import { encodeVerifierKey, generateKeyPair, nobleSigner, parseCheckpoint, parseVerifierKey, signCheckpoint, type NoteSigner } from '../../src/ledger/note.js';
import { addDays, localDate } from '../../src/domain/schedule/calendar.js';
import { CHROMIUM_PATH, launchChromium, phone, tablet } from './chromium.js';
import { focusedText, heading, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const producer = { name: 'Rosa Vance', email: 'rosa@redmesa.test', password: 'dust-on-the-lens-at-noon' };
const armorer = { name: 'Hank Morrow', email: 'hank@redmesa.test', password: 'cold-gun-clear-barrel', pin: '4826' };
const ZONE = 'America/Denver';
/** Today on the production's calendar: shoot days are set from it, never from a fixed date. */
const today = () => localDate(new Date(), ZONE);
/** A date as the page writes it in English, which takes the United States' forms whatever the phone's region ("Dec 8, 2026"). */
const dateText = (day: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

interface LedgerHead {
  treeSize: number;
  rootHash: string;
  checkpoint: string;
  publicKey: string;
  keyHash: string;
}

/** The bundle with its header and every checkpoint signed again by `by`: consistent in itself, under another key. */
function signedAgain(bundle: string, by: NoteSigner): string {
  return bundle
    .split('\n')
    .map((line) => {
      if (line.startsWith('{"format":')) return bundleHeaderLine({ ...JSON.parse(line), verifierKey: encodeVerifierKey(by.name, by.publicKey) });
      if (line.startsWith('{"checkpoint":')) return bundleCheckpointLine(signCheckpoint(parseCheckpoint(JSON.parse(line).checkpoint), by));
      return line;
    })
    .join('\n');
}

describe('the ledger page: a crew member reads the log and checks it in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let token: string;
  let productionId: string;
  let armorerId: string;
  let inviteCode: string;
  let shootDate: string;
  /** the production with a log longer than a page */
  let longNight: string;
  const contexts: BrowserContext[] = [];

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  const head = (pid = productionId) => call<LedgerHead>('GET', `/api/productions/${pid}/ledger/checkpoint`);
  const ledgerPath = (pid = productionId) => `/productions/${pid}/ledger`;

  /** A signed-in producer on a tablet set to another time zone than the production's. */
  async function producerPage(on = browser, origin = server.url): Promise<Page> {
    const context = await on.newContext({ ...tablet, locale: 'en-GB', timezoneId: 'Asia/Tokyo' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in`);
    await heading(page, 'Sign in');
    await page.getByLabel('Email').fill(producer.email);
    await page.getByLabel('Password').fill(producer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Red Mesa');
    return page;
  }

  const verifyButton = (page: Page) => page.getByRole('button', { name: 'Verify in this browser' });
  const pinnedInput = (page: Page) => page.getByLabel('Checkpoint from a call sheet (optional)');
  const entryLines = (page: Page) => page.getByRole('region', { name: /^Entries/ }).locator('.entry-line');

  /** Clicks Verify and waits for this run's verdict (the download starts after the old verdict is cleared). */
  async function verify(page: Page): Promise<void> {
    const downloaded = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/ledger/export'));
    await verifyButton(page).click();
    await downloaded;
    await page.locator('.verdict').first().waitFor({ state: 'visible', timeout: 20_000 });
  }

  /** Serves the real export with one entry line rewritten by `change`. */
  async function tamperExport(page: Page, index: number, change: (line: string) => string): Promise<void> {
    await page.route('**/ledger/export', async (route: Route) => {
      // Fetched from Node, which does not know the browser's LAN names: ask the server by address.
      const url = new URL(route.request().url());
      url.hostname = '127.0.0.1';
      const response = await route.fetch({ url: url.href });
      const lines = (await response.text()).split('\n');
      const at = lines.findIndex((line) => line.startsWith('{"entry":') && line.includes(`,"index":${index},"leafHash":`));
      expect(at).toBeGreaterThan(0);
      lines[at] = change(lines[at]!);
      await route.fulfill({ response, body: lines.join('\n') });
    });
  }

  beforeAll(async () => {
    // A set that runs without HTTPS (SETBOOK_HTTPS=off): the plain-HTTP Wi-Fi case below needs it.
    server = await startServer({ https: false });
    ({ token } = await setUpFirstUser(server, producer));
    browser = await launchChromium();

    const { production } = await call<{ production: { id: string } }>('POST', '/api/productions', { name: 'Red Mesa', timezone: 'America/Denver' });
    productionId = production.id;
    const invited = await call<{ member: { userId: string }; invitation: { code: string } }>('POST', `/api/productions/${productionId}/members`, {
      email: armorer.email,
      name: armorer.name,
      roles: ['armorer'],
      department: 'Props',
    });
    armorerId = invited.member.userId;
    inviteCode = invited.invitation.code;
    const { scene } = await call<{ scene: { id: string } }>('POST', `/api/productions/${productionId}/scenes`, {
      number: '27',
      description: 'Saloon standoff',
      hazards: ['firearms', 'blanks'],
    });
    shootDate = addDays(today(), 2);
    await call('POST', `/api/productions/${productionId}/shoot-days`, { date: shootDate, sceneIds: [scene.id], location: 'Red Mesa backlot' });
    await call('POST', `/api/productions/${productionId}/trainings`, { userId: armorerId, course: 'firearms_safety', completedOn: '2026-10-30' });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('an invitation link says which production and roles it offers; once used it offers no form', async () => {
    const pocket = await browser.newContext({ ...phone });
    contexts.push(pocket);
    const page = await pocket.newPage();
    const violations = watchCsp(page);
    await page.goto(`${server.url}/invite/${inviteCode}`);
    await heading(page, 'Join your production');
    await textOf(page.getByRole('main'), 'Join Red Mesa as Armorer.');
    await textOf(page.getByRole('main'), `You will sign in with ${armorer.email}`);
    expect(await page.getByLabel('Your name').inputValue()).toBe(armorer.name);

    await page.getByLabel('Password').fill(armorer.password);
    await page.getByLabel('PIN', { exact: true }).fill(armorer.pin);
    await page.getByRole('button', { name: 'Join the production' }).click();
    await heading(page, 'Red Mesa');
    await textOf(page.getByRole('status'), `Welcome to Red Mesa, ${armorer.name}.`);

    // The same link again, and a made-up one: the expired-invitation message, nothing to fill in.
    for (const code of [inviteCode, 'no-such-invitation']) {
      const stranger = await browser.newContext({ ...phone });
      contexts.push(stranger);
      const again = await stranger.newPage();
      await again.goto(`${server.url}/invite/${code}`);
      await heading(again, 'Join your production');
      await textOf(again.getByRole('alert'), 'This invitation link is not valid');
      expect(await again.getByRole('button', { name: 'Join the production' }).count()).toBe(0);
      expect(await again.getByLabel('Your name').count()).toBe(0);
      expect(await again.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    }
    expect(violations).toEqual([]);
  });

  it('lists every entry newest first in plain words, in the production’s time zone, and verifies intact', async () => {
    const page = await producerPage();
    const violations = watchCsp(page);

    // Reached from the production home; the tab then marks the page as current.
    await page.getByRole('main').getByRole('link', { name: /^Ledger/ }).click();
    await heading(page, 'Ledger');
    expect(new URL(page.url()).pathname).toBe(ledgerPath());
    expect(await focusedText(page)).toBe('Ledger');
    const tab = page.getByRole('navigation', { name: 'Production' }).getByRole('link', { name: 'Ledger' });
    expect(await tab.getAttribute('aria-current')).toBe('page');

    await textOf(entryLines(page), 'created the production');
    expect(await entryLines(page).allTextContents()).toEqual([
      'Hank Morrow set their PIN',
      'Hank Morrow accepted the invitation and joined',
      'Rosa Vance recorded firearms safety training for Hank Morrow, completed Oct 30, 2026',
      `Rosa Vance scheduled the shoot day of ${dateText(shootDate)} at Red Mesa backlot: scene 27`,
      'Rosa Vance created scene 27, “Saloon standoff” — firearms and blanks',
      'Rosa Vance added Hank Morrow as Armorer (Props), unconfirmed: the production has no safety advisor yet to confirm',
      'Rosa Vance joined as Producer',
      'Rosa Vance created the production Red Mesa, in the America/Denver time zone',
    ]);
    const entries = page.getByRole('region', { name: /^Entries/ }).getByRole('listitem');
    // Indices and hashes are one tap away, not the headline.
    expect(await entries.locator('.entry-raw summary').allTextContents()).toEqual(['#7', '#6', '#5', '#4', '#3', '#2', '#1', '#0'].map((i) => `Record ${i}`));
    expect(await entries.locator('.entry-index').first().isVisible()).toBe(false);
    await textOf(page.getByRole('status').filter({ hasText: 'in the ledger' }), '8 entries in the ledger');

    // Times are the production's (Denver), not the tablet's (Tokyo).
    const { entries: stored } = await call<{ entries: { entry: { at: string } }[] }>('GET', `/api/productions/${productionId}/ledger/entries?from=0&to=1`);
    const denver = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hour12: true, timeZone: 'America/Denver' });
    const first = entries.filter({ hasText: '#0' });
    expect(await first.locator('time').textContent()).toContain(denver.format(new Date(stored[0]!.entry.at)).replace(/\s?[AP]M$/, ''));
    await textOf(page.getByRole('main'), 'Times are in America/Denver');

    // The raw entry is one tap away.
    const raw = entries.filter({ hasText: 'Rosa Vance added Hank Morrow' }).locator('details');
    expect(await raw.locator('pre').isVisible()).toBe(false);
    await raw.getByText('Record #2').click();
    await textOf(raw.locator('pre'), '"type": "member.added"');
    expect(await raw.locator('pre').textContent()).toContain(`"userId": "${armorerId}"`);
    const { entries: second } = await call<{ entries: { leafHash: string }[] }>('GET', `/api/productions/${productionId}/ledger/entries?from=2&to=3`);
    expect(await raw.locator('.entry-proof .hash').textContent()).toBe(second[0]!.leafHash);

    // The checkpoint the server signs now is shown to compare with a call sheet.
    const now = await head();
    // Its signer near the top, above the entries: the key name and the key hash, as the server gives them.
    const signingKey = page.getByRole('region', { name: 'Signing key' });
    expect(await signingKey.locator('dt').allTextContents()).toEqual(['Key name', 'Key hash']);
    expect(await signingKey.locator('dd').allTextContents()).toEqual([parseVerifierKey(now.publicKey).name, now.keyHash]);
    expect(now.keyHash).toBe(now.publicKey.split('+')[1]);
    const [keyTop, entriesTop] = await Promise.all([signingKey.boundingBox(), page.getByRole('region', { name: /^Entries/ }).boundingBox()]);
    expect(keyTop!.y).toBeLessThan(entriesTop!.y);
    const facts = page.getByRole('region', { name: 'Check the ledger' });
    await textOf(facts, now.rootHash);
    await textOf(facts, now.publicKey);

    await verify(page);
    const status = page.getByRole('region', { name: 'Check the ledger' }).getByRole('status');
    expect(await status.textContent()).toContain(`Intact: 8 entries, root ${now.rootHash}, 8 signatures checked.`);
    expect(await page.locator('.verdict--ok').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(10, 107, 45)');
    expect(await page.getByRole('alert').filter({ hasText: 'Does not verify' }).count()).toBe(0);

    // Pinned to the call sheet's checkpoint, short form and as the signed note itself.
    for (const pinned of [`${now.treeSize}:${now.rootHash}`, now.checkpoint]) {
      await pinnedInput(page).fill(pinned);
      await verify(page);
      await textOf(status, 'It matches the checkpoint you pasted, at 8 entries.');
    }
    expect(violations).toEqual([]);
  });

  it('names the first bad entry when the download is altered, and refuses a checkpoint the log does not match', async () => {
    const page = await producerPage();
    const violations = watchCsp(page);
    await page.goto(`${server.url}${ledgerPath()}`);
    await heading(page, 'Ledger');
    await textOf(entryLines(page), 'created the production');
    const now = await head();
    const alert = page.getByRole('alert').filter({ hasText: 'Does not verify' });

    // A checkpoint that is not one is refused at the field, before anything downloads.
    await pinnedInput(page).fill('yesterday’s call sheet');
    await verifyButton(page).click();
    await textOf(page.locator('.field-error'), 'This is not a checkpoint');
    expect(await pinnedInput(page).getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pinned-checkpoint');

    // A well-formed checkpoint with another root: the log was rewritten since the call sheet.
    await pinnedInput(page).fill(`${now.treeSize}:${Buffer.alloc(32).toString('base64')}`);
    await verify(page);
    await textOf(alert, 'Does not verify: the log was rewritten');
    expect(await page.locator('.verdict--bad').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(179, 0, 27)');
    expect(await page.getByText(/^Intact/).count()).toBe(0);

    // One entry's data changed on the way, its stored leaf hash left as it was.
    await pinnedInput(page).fill('');
    await tamperExport(page, 2, (line) => line.replace('"name":"Hank Morrow"', '"name":"Hank Morrew"'));
    await verify(page);
    expect(await alert.textContent()).toContain('first bad entry #2.');
    await textOf(alert, 'Does not verify: the stored leaf hash of entry 2 is not the hash of the entry');

    // Recomputing that leaf hash does not help: the tree no longer gives the signed root.
    await page.unroute('**/ledger/export');
    await tamperExport(page, 3, (line) => {
      const changed = line.replace('Saloon standoff', 'Saloon rehearsal');
      const entryText = changed.slice('{"entry":'.length, changed.lastIndexOf(',"index":'));
      const leaf = createHash('sha256').update(Buffer.concat([Buffer.of(0), Buffer.from(entryText)])).digest('base64');
      return changed.replace(/"leafHash":"[^"]+"/, `"leafHash":"${leaf}"`);
    });
    await verify(page);
    await textOf(alert, 'Does not verify: the entries do not give the root signed at size 4');
    expect(await alert.textContent()).toContain('first bad entry #3.');

    // The verdict leads to the entry.
    await alert.getByRole('link', { name: 'Show entry #3' }).click();
    await page.waitForURL((url) => url.search === '?to=4');
    await textOf(entryLines(page), 'created scene 27');
    expect((await entryLines(page).allTextContents())[0]).toBe('Rosa Vance created scene 27, “Saloon standoff” — firearms and blanks');
    expect(await focusedText(page)).toBe('Entries (8)');

    // The untouched download verifies again and the red verdict goes away.
    await page.unroute('**/ledger/export');
    await verify(page);
    await textOf(page.getByRole('status'), 'Intact: 8 entries');
    expect(await alert.count()).toBe(0);
    expect(violations).toEqual([]);
  });

  it('refuses a download signed again with a fresh key under the production’s key name: only the key shown is trusted', async () => {
    const page = await producerPage();
    const violations = watchCsp(page);
    await page.goto(`${server.url}${ledgerPath()}`);
    await heading(page, 'Ledger');
    const now = await head();
    const impostor = nobleSigner(parseVerifierKey(now.publicKey).name, generateKeyPair().secretKey);
    await page.route('**/ledger/export', async (route: Route) => {
      const url = new URL(route.request().url());
      url.hostname = '127.0.0.1';
      const response = await route.fetch({ url: url.href });
      await route.fulfill({ response, body: signedAgain(await response.text(), impostor) });
    });
    await verify(page);
    const alert = page.getByRole('alert').filter({ hasText: 'Does not verify' });
    await textOf(alert, `Does not verify: the key name ${impostor.name} matches the trusted key but the key itself differs`);
    expect(await alert.textContent()).toContain(`trusted ${now.keyHash}`);
    expect(await page.getByText(/^Intact/).count()).toBe(0);
    expect(violations).toEqual([]);
  });

  it('shows entries of types it does not know as readable lines, never breaking the page', async () => {
    const page = await producerPage();
    const violations = watchCsp(page);
    const entry = (type: string, actor: unknown, data: unknown) => ({ type, productionId, at: '2026-12-02T15:04:05.000Z', actor, data, refs: [] });
    const crafted = [
      { index: 0, leafHash: '', entry: entry('member.added', null, { roles: 'not-a-list' }) },
      { index: 1, leafHash: '', entry: entry('concern.raised', { anonymous: true }, { category: 'firearms', detail: { nested: true } }) },
      { index: 2, leafHash: '', entry: entry('firearm.handOff', { userId: armorerId }, { serial: 'RM-1', toUserId: armorerId, rounds: 6 }) },
      { index: 3, leafHash: '', entry: entry('constructor', { userId: 'gone' }, {}) },
    ];
    await page.route((url) => url.pathname.endsWith('/ledger/entries'), (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ from: 0, to: 4, treeSize: 4, matched: 4, entries: [...crafted].reverse() }) }),
    );
    await page.goto(`${server.url}${ledgerPath()}`);
    await heading(page, 'Ledger');
    await textOf(entryLines(page), 'Firearm hand off');
    expect(await entryLines(page).allTextContents()).toEqual([
      'Someone no longer on the production: Constructor',
      `${armorer.name}: Firearm hand off — serial: RM-1; to user: Hank Morrow; rounds: 6`,
      'Someone not named: Concern raised — category: firearms',
      'Setbook: Member added — roles: not-a-list',
    ]);
    expect(violations).toEqual([]);
  });

  it('verifies on the set’s plain-HTTP Wi-Fi too, where the browser offers no WebCrypto', async () => {
    // A phone reaches the set laptop by a LAN name over HTTP (this set turned HTTPS off): not a secure context.
    const lan = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--host-resolver-rules=MAP set-laptop.test 127.0.0.1'] });
    try {
      const origin = `http://set-laptop.test:${new URL(server.url).port}`;
      const page = await producerPage(lan, origin);
      const violations = watchCsp(page);
      expect(await page.evaluate(() => ({ secure: isSecureContext, subtle: typeof crypto.subtle }))).toEqual({ secure: false, subtle: 'undefined' });
      await page.goto(`${origin}${ledgerPath()}`);
      await heading(page, 'Ledger');
      await verify(page);
      await textOf(page.getByRole('status'), 'Intact: 8 entries');

      await tamperExport(page, 5, (line) => line.replace('"completedOn":"2026-10-30"', '"completedOn":"2026-10-03"'));
      await verify(page);
      await textOf(page.getByRole('alert'), 'first bad entry #5.');
      expect(violations).toEqual([]);
    } finally {
      await lan.close();
    }
  });

  it('pages through a long log 200 entries at a time and fits a phone', async () => {
    const { production } = await call<{ production: { id: string } }>('POST', '/api/productions', { name: 'Long Night', timezone: 'UTC' });
    longNight = production.id;
    // production.created and the producer make 2 entries; 199 scenes make 201.
    for (let batch = 0; batch < 199; batch += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, 199 - batch) }, (_, i) =>
          call('POST', `/api/productions/${production.id}/scenes`, { number: `${batch + i + 1}`, description: 'Night exterior', hazards: [] }),
        ),
      );
    }
    const context = await browser.newContext({ ...phone, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    const violations = watchCsp(page);
    await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(ledgerPath(production.id))}`);
    await page.getByLabel('Email').fill(producer.email);
    await page.getByLabel('Password').fill(producer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Ledger');

    await textOf(page.getByRole('main'), 'Newest first: #200 down to #1.');
    await entryLines(page).first().waitFor();
    expect(await entryLines(page).count()).toBe(200);
    expect(await page.getByRole('link', { name: 'Newer entries' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Ledger pages, end of list' }).getByRole('link', { name: 'Older entries' }).click();
    await page.waitForURL((url) => url.search === '?to=1');
    await textOf(page.getByRole('main'), 'Newest first: #0 down to #0.');
    await textOf(entryLines(page), 'created the production');
    expect(await entryLines(page).allTextContents()).toEqual(['Rosa Vance created the production Long Night, in the UTC time zone']);
    expect(await focusedText(page)).toBe('Entries (201)');

    await page.getByRole('navigation', { name: 'Ledger pages', exact: true }).getByRole('link', { name: 'Newer entries' }).click();
    await page.waitForURL((url) => url.search === '');
    await textOf(page.getByRole('main'), 'Newest first: #200 down to #1.');

    await verify(page);
    await textOf(page.getByRole('status'), 'Intact: 201 entries');
    await textOf(page.getByRole('status'), '201 signatures checked.');

    // Long hashes and keys wrap instead of widening the page; the controls are thumb-sized.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const target of [verifyButton(page), pinnedInput(page), page.getByText('Record #200'), page.getByRole('link', { name: 'Download for an investigator' })]) {
      const box = await target.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    expect(violations).toEqual([]);
  });

  it('pages a filtered view and a word search 200 at a time, the filters kept on every page', async () => {
    // Two more scenes on the long log: 201 scenes, one more than a page.
    for (const number of ['200', '201']) await call('POST', `/api/productions/${longNight}/scenes`, { number, description: 'Night exterior', hazards: [] });
    const context = await browser.newContext({ ...phone, locale: 'en-GB' });
    contexts.push(context);
    await signInContext(context, server.url, token);
    const page = await context.newPage();
    const violations = watchCsp(page);
    const status = page.locator('.ledger-count[role="status"]');
    for (const query of ['kind=schedule', 'q=night+exterior']) {
      await page.goto(`${server.url}${ledgerPath(longNight)}?${query}`);
      await heading(page, 'Ledger');
      await status.filter({ hasText: /^201 entries match, for / }).waitFor();
      await expect.poll(() => entryLines(page).count()).toBe(200);
      expect(await entryLines(page).first().textContent()).toBe('Rosa Vance created scene 201, “Night exterior” — no hazards');
      expect(await page.getByRole('link', { name: 'Newer entries' }).count()).toBe(0);

      await page.getByRole('navigation', { name: 'Ledger pages, end of list' }).getByRole('link', { name: 'Older entries' }).click();
      await page.waitForURL((url) => url.search === `?${query}&to=3`);
      await textOf(entryLines(page), 'created scene 1,');
      expect(await entryLines(page).allTextContents()).toEqual(['Rosa Vance created scene 1, “Night exterior” — no hazards']);
      expect(await focusedText(page)).toBe('Entries (203)');
      await status.filter({ hasText: /^201 entries match, for / }).waitFor();

      await page.getByRole('navigation', { name: 'Ledger pages', exact: true }).getByRole('link', { name: 'Newer entries' }).click();
      await page.waitForURL((url) => url.search === `?${query}`);
      await expect.poll(() => entryLines(page).count()).toBe(200);
    }
    expect(violations).toEqual([]);
  });

  describe('a production with custody, a stop and refusals: filters an investigator uses', () => {
    const crew = {
      hank: { name: 'Hank Morrow', email: 'hank@dustdevil.test', roles: ['armorer'], pin: '4826' },
      clay: { name: 'Clay Barrett', email: 'clay@dustdevil.test', roles: ['performer'], pin: '5937' },
      sam: { name: 'Sam Whitlock', email: 'sam@dustdevil.test', roles: ['first_ad'], pin: '6048' },
      ines: { name: 'Ines Okafor', email: 'ines@dustdevil.test', roles: ['safety_advisor'], pin: '7159' },
    } as const;
    const ids = {} as Record<keyof typeof crew, string>;
    const tokens = {} as Record<keyof typeof crew, string>;
    let pid: string;
    let day: string;
    let all: Array<{ index: number; entry: { type: string; at: string } & Record<string, unknown> }>;

    const colt = 'the Colt Single Action Army (serial SA-1873-0042)';
    const inProduction = async <T,>(who: string, method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${server.url}/api/productions/${pid}${path}`, {
        method,
        headers: { authorization: `Bearer ${who}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
      });
      if (!response.ok && response.status !== 422) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    /** What the page must list for a filter, worked out from the log as the API gives it. */
    const expected = (keep: (e: (typeof all)[number]) => boolean) => all.filter(keep).length;
    const names = (e: (typeof all)[number], userId: string) => JSON.stringify(e.entry).includes(`"${userId}"`);
    const onDay = (e: (typeof all)[number], date: string) => localDate(new Date(e.entry.at), ZONE) === date;

    beforeAll(async () => {
      pid = (await call<{ production: { id: string } }>('POST', '/api/productions', { name: 'Dust Devil', timezone: ZONE })).production.id;
      for (const key of Object.keys(crew) as Array<keyof typeof crew>) {
        const who = crew[key];
        const { invitation } = await inProduction<{ invitation: { code: string } }>(token, 'POST', '/members', { email: who.email, name: who.name, roles: who.roles });
        const response = await fetch(`${server.url}/api/invitations/${invitation.code}/accept`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: who.name, password: `${who.email}-password`, pin: who.pin }),
        });
        const accepted = (await response.json()) as { user: { id: string }; token: string };
        ids[key] = accepted.user.id;
        tokens[key] = accepted.token;
      }
      for (const who of [ids.hank, ids.clay]) await inProduction(token, 'POST', '/trainings', { userId: who, course: 'firearms_safety', completedOn: '2026-10-30' });
      const { scene } = await inProduction<{ scene: { id: string } }>(tokens.sam, 'POST', '/scenes', { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] });
      // A firearm goes out only for today or later on the production's calendar.
      const { shootDay } = await inProduction<{ shootDay: { id: string } }>(tokens.sam, 'POST', '/shoot-days', { date: today(), sceneIds: [scene.id], location: 'Red Mesa backlot' });
      await inProduction(tokens.sam, 'PUT', `/shoot-days/${shootDay.id}/duties`, { duties: [{ userId: ids.hank, duty: 'armorer' }] });
      await inProduction(tokens.sam, 'POST', '/safety-meetings', {
        shootDayId: shootDay.id,
        sceneIds: [scene.id],
        heldAt: new Date().toISOString(),
        attendeeIds: [ids.hank, ids.clay, ids.sam],
        walkthrough: true,
        abortPlan: 'Anyone calls cease fire; the armorer clears the weapon.',
        emergencyPlan: 'Medic at video village; ambulance via gate 2.',
      });
      const { lot } = await inProduction<{ lot: { id: string } }>(tokens.hank, 'POST', '/ammunition', { lot: 'D-45-1', kind: 'dummy', caliber: '.45 Colt', quantity: 12, verification: { method: 'rattle test' } });
      const { firearm } = await inProduction<{ firearm: { id: string } }>(tokens.hank, 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' });
      const step = (who: string, body: unknown) => inProduction<{ receipt?: unknown; refusals?: unknown }>(who, 'POST', `/firearms/${firearm.id}/events`, body);
      expect((await step(tokens.hank, { type: 'check_out', shootDayId: shootDay.id })).receipt).toBeDefined();
      expect((await step(tokens.hank, { type: 'inspect', load: 'dummy', rounds: [{ lotId: lot.id, count: 6 }], barrelClear: true })).receipt).toBeDefined();
      const handOff = await step(tokens.hank, {
        type: 'hand_off',
        toUserId: ids.clay,
        shootDayId: shootDay.id,
        sceneId: scene.id,
        confirmations: [
          { userId: ids.clay, pin: crew.clay.pin },
          { userId: ids.sam, pin: crew.sam.pin },
        ],
      });
      expect(handOff.receipt, JSON.stringify(handOff)).toBeDefined();
      // Refused and recorded: the 1st AD is not the armorer (F6).
      expect((await step(tokens.sam, { type: 'check_in' })).refusals).toBeDefined();
      const { stop } = await inProduction<{ stop: { id: string } }>(tokens.clay, 'POST', '/stops', { reason: 'Horse loose near the rigging', location: 'Corral' });
      // Refused and recorded: only the safety advisor lifts a stop (S1).
      const lift = await inProduction<{ refusals?: unknown }>(token, 'POST', `/stops/${stop.id}/lift`, { resolution: 'Horse caught.', confirmations: [{ userId: ids.sam, pin: crew.sam.pin }] });
      expect(lift.refusals).toBeDefined();
      await inProduction(tokens.ines, 'POST', `/stops/${stop.id}/lift`, {
        resolution: 'Horse back in the corral, gate tied.',
        confirmations: [
          { userId: ids.ines, pin: crew.ines.pin },
          { userId: ids.sam, pin: crew.sam.pin },
        ],
      });
      all = (await call<{ entries: typeof all }>('GET', `/api/productions/${pid}/ledger/entries`)).entries;
      day = localDate(new Date(all.find((e) => e.entry.type === 'firearm.hand_off')!.entry.at), ZONE);
    });

    async function open(size: typeof phone | typeof tablet, query = ''): Promise<Page> {
      const context = await browser.newContext({ ...size, locale: 'en-GB', timezoneId: 'Asia/Tokyo' });
      contexts.push(context);
      await signInContext(context, server.url, token);
      const page = await context.newPage();
      await page.goto(`${server.url}/productions/${pid}/ledger${query}`);
      await heading(page, 'Ledger');
      return page;
    }
    const count = (page: Page) => page.locator('.ledger-count');
    const query = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);
    /** Waits for the live region to say `text`, and for the list to show that many entries. */
    async function matches(page: Page, n: number) {
      const text = n === 0 ? 'No entries match' : n === 1 ? '1 entry matches' : `${n} entries match`;
      await page.locator('.ledger-count[role="status"]').filter({ hasText: new RegExp(`^${text}(, for .+)?$`) }).waitFor({ timeout: 10_000 });
      await expect.poll(() => entryLines(page).count()).toBe(n);
    }
    const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    /** The rules a refusal names, as the server wrote them into the entry. */
    const why = (type: string) =>
      (all.find((e) => e.entry.type === type)!.entry.data as { refusals: Array<{ rule: string; reason: string }> }).refusals.map((r) => `${r.rule}: ${r.reason}`).join(' ');
    const handOffLine = () =>
      `Hank Morrow handed ${colt} to Clay Barrett for scene 27 on the shoot day of ${dateText(today())}, confirmed in person by Clay Barrett and Sam Whitlock`;

    it('on a phone: the filters fold away, each one narrows the list and the address, and a reload keeps them', async () => {
      const page = await open(phone);
      const violations = watchCsp(page);
      await textOf(count(page), `${all.length} entries in the ledger`);
      expect(await entryLines(page).allTextContents()).toContain(handOffLine());
      expect(await entryLines(page).allTextContents()).toEqual(
        expect.arrayContaining([
          `Hank Morrow checked out ${colt} for the shoot day of ${dateText(today())}`,
          `Hank Morrow inspected ${colt}: loaded with dummies (6 rounds from lot D-45-1), barrel clear`,
          `Hank Morrow added lot D-45-1: 12 .45 Colt dummy rounds, verified by rattle test (Hank Morrow)`,
          'Clay Barrett stopped work: Horse loose near the rigging (Corral)',
        ]),
      );

      // Folded on a phone: one button, its state said aloud.
      const kind = page.getByLabel('Kind', { exact: true });
      const toggle = page.getByRole('button', { name: /^Filters/ });
      expect(await kind.isVisible()).toBe(false);
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      expect(await page.getByRole('button', { name: 'Hide filters' }).getAttribute('aria-expanded')).toBe('true');
      expect(await kind.isVisible()).toBe(true);

      // By kind.
      await kind.selectOption({ label: 'Firearm custody' });
      await page.waitForURL((url) => url.searchParams.get('kind') === 'custody');
      const custody = ['firearm.added', 'firearm.check_out', 'firearm.inspect', 'firearm.hand_off'];
      await matches(page, expected((e) => custody.includes(e.entry.type)));
      expect(await entryLines(page).allTextContents()).toEqual([
        handOffLine(),
        `Hank Morrow inspected ${colt}: loaded with dummies (6 rounds from lot D-45-1), barrel clear`,
        `Hank Morrow checked out ${colt} for the shoot day of ${dateText(today())}`,
        `Hank Morrow added ${colt}, blank-firing, to the armory`,
      ]);

      // And by person: only the hand-off names Clay among the custody entries.
      await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Clay Barrett' });
      await page.waitForURL((url) => url.searchParams.get('person') === ids.clay);
      await matches(page, 1);
      expect(await entryLines(page).allTextContents()).toEqual([handOffLine()]);
      expect(query(page)).toEqual({ kind: 'custody', person: ids.clay });

      // The chips say what is chosen; one tap takes the kind off.
      await page.getByRole('button', { name: 'Remove the kind filter: Firearm custody' }).click();
      await page.waitForURL((url) => !url.searchParams.has('kind'));
      await matches(page, expected((e) => names(e, ids.clay)));
      for (const line of await entryLines(page).allTextContents()) expect(line).toContain('Clay Barrett');

      // By day, on the production's calendar: the day of the hand-off, then a day with nothing.
      await page.getByLabel('Day', { exact: true }).fill(day);
      await page.waitForURL((url) => url.searchParams.get('day') === day);
      await matches(page, expected((e) => names(e, ids.clay) && onDay(e, day)));
      await page.getByLabel('Day', { exact: true }).fill(addDays(day, 1));
      await page.waitForURL((url) => url.searchParams.get('day') === addDays(day, 1));
      await matches(page, 0);
      await textOf(page.locator('#entries-range'), 'No entries match these filters.');

      await page.getByRole('button', { name: 'Clear all' }).click();
      await page.waitForURL((url) => url.search === '');
      await textOf(count(page), `${all.length} entries in the ledger`);

      // Words, found in the sentences: every entry about the Colt, by its serial.
      const search = page.getByRole('searchbox', { name: 'Search the entries' });
      await search.fill('SA-1873');
      await page.waitForURL((url) => url.searchParams.get('q') === 'SA-1873');
      const aboutColt = ['firearm.added', 'firearm.check_out', 'firearm.inspect', 'firearm.hand_off', 'firearm.check_in.refused'];
      await matches(page, expected((e) => aboutColt.includes(e.entry.type)));
      expect((await entryLines(page).allTextContents())[0]).toBe(`Sam Whitlock tried to check ${colt} into storage. Refused — ${why('firearm.check_in.refused')}`);
      expect(why('firearm.check_in.refused')).toMatch(/^F6: Only the armorer moves a firearm/);
      // Every word must be found: the two entries that name Sam and the Colt, with any accents or case.
      await search.fill('sám colt');
      await search.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === 'sám colt');
      await matches(page, 2);

      // The address holds the view: a reload shows the same.
      await page.reload();
      await heading(page, 'Ledger');
      await matches(page, 2);
      expect(await page.getByRole('searchbox', { name: 'Search the entries' }).inputValue()).toBe('sám colt');
      expect(await page.getByRole('button', { name: 'Remove the search for sám colt' }).isVisible()).toBe(true);
      expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
      for (const target of [page.getByRole('button', { name: /^Filters/ }), page.getByRole('button', { name: 'Search', exact: true }), search]) {
        expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
      expect(violations).toEqual([]);
    });

    it('on a tablet: a shared link opens filtered, the choices stand in a row, keyboard and back button work', async () => {
      const page = await open(tablet, '?kind=refusals');
      const violations = watchCsp(page);
      await matches(page, expected((e) => e.entry.type.endsWith('.refused')));
      expect(await page.getByRole('button', { name: /^Filters/ }).isVisible()).toBe(false);
      const kind = page.getByLabel('Kind', { exact: true });
      expect(await kind.isVisible()).toBe(true);
      expect(await kind.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]!.textContent)).toBe('Refusals');
      const boxes = await Promise.all(['Kind', 'Person', 'Day'].map((label) => page.getByLabel(label, { exact: true }).boundingBox()));
      expect(new Set(boxes.map((box) => Math.round(box!.y))).size).toBe(1);
      expect(await entryLines(page).allTextContents()).toEqual([
        `Rosa Vance tried to lift the stop. Refused — ${why('stop.lift.refused')}`,
        `Sam Whitlock tried to check ${colt} into storage. Refused — ${why('firearm.check_in.refused')}`,
      ]);
      for (const refusal of await page.locator('.entry--refused').all()) expect(await refusal.isVisible()).toBe(true);

      // From the keyboard: to the person list, choose, and the list follows.
      await page.getByLabel('Person', { exact: true }).focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => query(page).person ?? '').not.toBe('');
      const chosen = query(page).person!;
      await matches(page, expected((e) => e.entry.type.endsWith('.refused') && names(e, chosen)));

      // Back undoes the last choice.
      await page.goBack();
      await page.waitForURL((url) => !url.searchParams.has('person'));
      await matches(page, expected((e) => e.entry.type.endsWith('.refused')));
      expect(await page.getByLabel('Person', { exact: true }).inputValue()).toBe('');
      expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
      expect(violations).toEqual([]);
    });
  });
});
