import { createHash } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCheckpointLine, bundleHeaderLine } from '../../src/ledger/bundle.js';
import { encodeVerifierKey, generateKeyPair, nobleSigner, parseCheckpoint, parseVerifierKey, signCheckpoint, type NoteSigner } from '../../src/ledger/note.js';
import { CHROMIUM_PATH, launchChromium, phone, tablet } from './chromium.js';
import { focusedText, heading, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const producer = { name: 'Rosa Vance', email: 'rosa@redmesa.test', password: 'dust-on-the-lens-at-noon' };
const armorer = { name: 'Hank Morrow', email: 'hank@redmesa.test', password: 'cold-gun-clear-barrel', pin: '4826' };

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
    server = await startServer();
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
    await call('POST', `/api/productions/${productionId}/shoot-days`, { date: '2026-12-02', sceneIds: [scene.id], location: 'Red Mesa backlot' });
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

    await textOf(entryLines(page), 'Production created');
    expect(await entryLines(page).allTextContents()).toEqual([
      'PIN set by Hank Morrow',
      'Invitation accepted by Hank Morrow',
      'Firearms training recorded for Hank Morrow (completed 30 Oct 2026)',
      'Shoot day 2 Dec 2026 at Red Mesa backlot (1 scene)',
      'Scene 27 created: Saloon standoff — firearms, blanks',
      'Hank Morrow was added as Armorer (Props)',
      'Rosa Vance was added as Producer',
      'Production created: Red Mesa, time zone America/Denver',
    ]);
    const entries = page.getByRole('region', { name: /^Entries/ }).getByRole('listitem');
    expect(await entries.locator('.entry-index').allTextContents()).toEqual(['#7', '#6', '#5', '#4', '#3', '#2', '#1', '#0']);
    expect(await entries.locator('.entry-actor').allTextContents()).toEqual([
      ...Array(2).fill(`By ${armorer.name}`),
      ...Array(6).fill(`By ${producer.name}`),
    ]);

    // Times are the production's (Denver), not the tablet's (Tokyo).
    const { entries: stored } = await call<{ entries: { entry: { at: string } }[] }>('GET', `/api/productions/${productionId}/ledger/entries?from=0&to=1`);
    const denver = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'America/Denver' });
    const first = entries.filter({ hasText: '#0' });
    expect(await first.locator('time').textContent()).toContain(denver.format(new Date(stored[0]!.entry.at)));
    await textOf(page.getByRole('main'), 'Times are in America/Denver');

    // The raw entry is one tap away.
    const raw = entries.filter({ hasText: 'Hank Morrow was added' }).locator('details');
    expect(await raw.locator('pre').isVisible()).toBe(false);
    await raw.getByText('Raw entry #2').click();
    await textOf(raw.locator('pre'), '"type": "member.added"');
    expect(await raw.locator('pre').textContent()).toContain(`"userId": "${armorerId}"`);

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
    await textOf(entryLines(page), 'Production created');
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
    await textOf(entryLines(page), 'Scene 27 created');
    expect((await entryLines(page).allTextContents())[0]).toBe('Scene 27 created: Saloon standoff — firearms, blanks');
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
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ from: 0, to: 4, treeSize: 4, entries: crafted }) }),
    );
    await page.goto(`${server.url}${ledgerPath()}`);
    await heading(page, 'Ledger');
    await textOf(entryLines(page), 'Firearm hand off');
    expect(await entryLines(page).allTextContents()).toEqual([
      'Constructor',
      'Firearm hand off — serial: RM-1; to user: Hank Morrow; rounds: 6',
      'Concern raised — category: firearms',
      'Member added — roles: not-a-list',
    ]);
    const actors = page.getByRole('region', { name: /^Entries/ }).locator('.entry-actor');
    expect(await actors.allTextContents()).toEqual([
      'By someone no longer on the production',
      `By ${armorer.name}`,
      'By an anonymous reporter',
      'By Setbook',
    ]);
    expect(violations).toEqual([]);
  });

  it('verifies on the set’s plain-HTTP Wi-Fi too, where the browser offers no WebCrypto', async () => {
    // A phone reaches the set laptop by a LAN name over HTTP: not a secure context.
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
    await textOf(entryLines(page), 'Production created');
    expect(await entryLines(page).allTextContents()).toEqual(['Production created: Long Night, time zone UTC']);
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
    for (const target of [verifyButton(page), pinnedInput(page), page.getByText('Raw entry #200'), page.getByRole('link', { name: 'Download for an investigator' })]) {
      const box = await target.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    expect(violations).toEqual([]);
  });
});
