import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { callApi, heading, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const zone = 'America/Denver';

interface Person {
  name: string;
  email: string;
  password: string;
  id: string;
  token: string;
}

interface Entry {
  id: string;
  kind: string;
  title: string;
  version: number;
  fields: Record<string, unknown>;
  tags: string[];
  attachments: Array<{ contentType: string; thumbnail: boolean }>;
}

const producer = { name: 'Rosa Vance', email: 'rosa@dustdevil.test', password: 'wide-lens-at-dawn' };
const crew = {
  dp: { name: 'Ana Ruiz', email: 'ana@dustdevil.test', password: 'golden-hour-east', roles: ['department_head'] },
  firstAc: { name: 'Lia Moss', email: 'lia@dustdevil.test', password: 'pull-focus-on-27', roles: ['crew'] },
  secondAc: { name: 'Tom Beck', email: 'tom@dustdevil.test', password: 'slate-a004-take1', roles: ['crew'] },
} as const;

/** A small real JPEG, as a phone's camera would hand over (the server reads its bytes and makes a thumbnail). */
function lensPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background: '#b5651d' } })
    .jpeg()
    .toBuffer();
}

describe('the camera department’s notebook: the DP writes offline on a phone, the 2nd AC logs takes, the successor starts from the package', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];
  let pid: string;
  let nid: string;
  let rosa: Person;
  const people = {} as Record<keyof typeof crew, Person>;
  let dealerId: string;

  async function device(who: Person, size: typeof phone | typeof tablet, path: string): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ ...size, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    contexts.push(context);
    await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    await page.goto(`${server.url}${path}`);
    return { page, context };
  }

  const inNotebook = <T>(who: Person, method: string, path: string, body?: unknown) => callApi<T>(server.url, who.token, method, `/api/productions/${pid}/notebooks/${nid}${path}`, body);
  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, producer);
    const { user } = await callApi<{ user: { id: string } }>(server.url, token, 'GET', '/api/me');
    rosa = { ...producer, id: user.id, token };
    const { production } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Dust Devil', timezone: zone });
    pid = production.id;
    for (const key of Object.keys(crew) as Array<keyof typeof crew>) {
      const who = crew[key];
      const { invitation } = await callApi<{ invitation: { code: string } }>(server.url, token, 'POST', `/api/productions/${pid}/members`, {
        email: who.email,
        name: who.name,
        roles: who.roles,
        department: 'Camera',
      });
      const accepted = await callApi<{ user: { id: string }; token: string }>(server.url, null, 'POST', `/api/invitations/${invitation.code}/accept`, {
        name: who.name,
        password: who.password,
        pin: '4826',
      });
      people[key] = { ...who, id: accepted.user.id, token: accepted.token };
    }
    const { notebook } = await callApi<{ notebook: { id: string } }>(server.url, people.dp.token, 'POST', `/api/productions/${pid}/notebooks`, { department: 'Camera', headId: people.dp.id });
    nid = notebook.id;
    // What the DP wrote earlier in prep: a dealer, other glass, a gaffer she would hire again, an order still open.
    const dealer = await inNotebook<{ entry: { id: string } }>(people.dp, 'POST', '/entries', {
      kind: 'vendor',
      title: 'Old Fast Glass Rentals',
      fields: { name: 'Old Fast Glass Rentals', contact: '+1 505 555 0142', carries: ['Cooke', 'Zeiss'] },
    });
    dealerId = dealer.entry.id;
    await inNotebook(people.dp, 'POST', '/entries', { kind: 'equipment', title: 'Zeiss Supreme Primes', fields: { make: 'Zeiss', series: 'Supreme', mount: 'PL' } });
    await inNotebook(people.dp, 'POST', '/entries', {
      kind: 'person',
      title: 'Marco Diaz',
      fields: { name: 'Marco Diaz', role: 'Gaffer', dayRate: 750, currency: 'USD', recommendedBy: 'Ana Ruiz', recommendation: 'Calm under a storm; lights a desert night with two HMIs.' },
    });
    await inNotebook(people.dp, 'POST', '/entries', { kind: 'todo', title: 'Order a second 32 mm from Old Fast Glass', fields: { done: false, vendorEntryId: dealerId } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('the DP on her phone goes offline, writes the lens set with a photo; it waits on the phone, reaches the laptop once back online, and a search finds it by the start of a word', async () => {
    const { page, context } = await device(people.dp, phone, `/productions/${pid}`);
    await page.getByRole('navigation', { name: 'Production' }).getByRole('link', { name: 'Notebooks' }).click();
    await heading(page, 'Notebooks');
    await page.getByRole('link', { name: /^Camera notebook/ }).click();
    await heading(page, 'Camera notebook');
    await textOf(page.locator('.nb-count'), '4 entries.');

    // In the camera truck: no Wi-Fi.
    await context.setOffline(true);
    await page.getByRole('link', { name: 'New entry' }).click();
    await heading(page, 'New entry');
    await page.getByRole('link', { name: /^Equipment/ }).click();
    await heading(page, 'New equipment');
    const form = page.getByRole('form', { name: 'New equipment' });
    await form.getByLabel('Title').fill('Cooke S4/i primes');
    // The make is missing at first: said at the field, and nothing waits on the phone to be refused later.
    await form.getByRole('button', { name: 'Save entry' }).click();
    await textOf(form.locator('.field-error'), 'Enter the make.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('make');
    await form.getByLabel('Make').fill('Cooke');
    await form.getByLabel('Series').fill('S4/i');
    await form.getByLabel('Focal lengths (mm)').fill('18, 25, 32, 50, 75');
    await form.getByLabel('T-stops').fill('2');
    await form.getByLabel('Mount').fill('PL');
    await form.getByLabel('Serial numbers').fill('S4-1832, S4-2577');
    await form.getByLabel('Quirks').fill('32 mm breathes at close focus\n75 mm focus ring is stiff in the cold');
    await form.getByLabel('Provenance').fill('Rented for the shoot from Old Fast Glass, March; collimated by their tech.');
    await form.getByLabel('Dealer').selectOption({ label: 'Old Fast Glass Rentals' });
    await form.getByLabel('Tags').fill('lenses rental');
    await form.getByLabel('Take a photo').setInputFiles({ name: 'cooke-case.jpg', mimeType: 'image/jpeg', buffer: await lensPhoto() });
    await textOf(form.getByRole('list', { name: 'Chosen files' }), 'cooke-case.jpg');
    await form.getByRole('button', { name: 'Save entry' }).click();

    await heading(page, 'Camera notebook');
    await textOf(page.locator('.notice'), 'No connection: “Cooke S4/i primes” is kept on this device');
    const onDevice = page.getByRole('region', { name: 'On this device' });
    expect(await textOf(onDevice, 'Cooke S4/i primes')).toContain('Waiting to send');
    expect(await onDevice.textContent()).toContain('1 file');
    expect(await noHorizontalScroll(page)).toBe(true);
    const before = await inNotebook<{ entries: Entry[] }>(people.dp, 'GET', '/entries?kind=equipment');
    expect(before.entries.map((e) => e.title)).toEqual(['Zeiss Supreme Primes']);

    // Back in range of the laptop: the outbox sends the entry, then its photo, and the list shows it as the server has it.
    await context.setOffline(false);
    await onDevice.waitFor({ state: 'detached', timeout: 20_000 });
    await textOf(page.getByRole('list', { name: 'Entries' }), 'Cooke S4/i primes');
    const { entries } = await inNotebook<{ entries: Entry[] }>(people.dp, 'GET', '/entries?kind=equipment');
    const lens = entries.find((e) => e.title === 'Cooke S4/i primes')!;
    expect(lens.fields).toEqual({
      make: 'Cooke',
      series: 'S4/i',
      focalLengths: [18, 25, 32, 50, 75],
      tStops: [2],
      mount: 'PL',
      serials: ['S4-1832', 'S4-2577'],
      quirks: ['32 mm breathes at close focus', '75 mm focus ring is stiff in the cold'],
      provenance: 'Rented for the shoot from Old Fast Glass, March; collimated by their tech.',
      vendorEntryId: dealerId,
    });
    expect(lens.tags).toEqual(['lenses', 'rental']);
    expect(lens.attachments).toEqual([expect.objectContaining({ contentType: 'image/jpeg', thumbnail: true })]);

    // Search as you type: "coo" is the start of "Cooke". The lens set, named so in its title, ranks above the dealer who carries Cooke; the words found are marked.
    const search = page.getByRole('search', { name: 'Search the notebook' });
    await search.getByLabel('Search').pressSequentially('coo', { delay: 60 });
    await textOf(search.locator('.nb-count'), '2 entries match for “coo”.');
    const found = page.getByRole('list', { name: 'Entries' }).getByRole('listitem');
    expect(await found.locator('.nb-entry-title').allTextContents()).toEqual(['Cooke S4/i primes', 'Old Fast Glass Rentals']);
    expect(await found.first().locator('mark').first().textContent()).toBe('Coo');
    expect(await found.nth(1).locator('mark').first().textContent()).toBe('Coo');
    expect(page.url()).toContain('q=coo');
    // The photo's thumbnail comes from the laptop.
    await expect.poll(() => found.first().locator('img.nb-thumb').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    // The entry's page: its fields in words, the dealer linked, the first version in its history.
    await found.first().getByRole('link', { name: 'Cooke S4/i primes' }).click();
    await heading(page, 'Cooke S4/i primes');
    const facts = await textOf(page.locator('.facts'), 'Cooke');
    expect(facts).toContain('18, 25, 32, 50, 75 mm');
    expect(facts).toContain('T2');
    expect(await page.locator('.facts').getByRole('link', { name: 'Old Fast Glass Rentals' }).count()).toBe(1);
    expect(await textOf(page.getByRole('region', { name: 'History' }), 'Version 1')).toContain('Ana Ruiz');
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(violations.flat()).toEqual([]);
  });

  it('two people change the same entry: the later save is not lost, it is shown beside the other and saved over it on purpose; removed, its history stays', async () => {
    const { entries } = await inNotebook<{ entries: Entry[] }>(people.dp, 'GET', '/entries?kind=equipment');
    const zeiss = entries.find((e) => e.title === 'Zeiss Supreme Primes')!;
    const { page } = await device(people.dp, phone, `/productions/${pid}/notebooks/${nid}/entries/${zeiss.id}`);
    await heading(page, 'Zeiss Supreme Primes');
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit Zeiss Supreme Primes' });
    await form.getByLabel('Mount').fill('LPL');
    // Meanwhile the 1st AC, on the truck's laptop, corrects the same entry.
    await inNotebook(people.firstAc, 'PATCH', `/entries/${zeiss.id}`, { version: zeiss.version, fields: { mount: 'PL, shimmed' } });
    await form.getByRole('button', { name: 'Save changes' }).click();

    const conflict = page.getByRole('region', { name: 'Someone changed this meanwhile' });
    expect(await textOf(conflict, 'Lia Moss saved version 2')).toContain('Nothing of yours is lost');
    expect(await conflict.getByRole('heading', { name: 'Theirs: version 2' }).locator('..').textContent()).toContain('PL, shimmed');
    expect(await conflict.getByRole('heading', { name: 'Yours, not saved' }).locator('..').textContent()).toContain('LPL');
    expect(await conflict.evaluate((el) => el === document.activeElement)).toBe(true);
    await conflict.getByRole('button', { name: 'Save mine over theirs' }).click();
    await textOf(page.locator('.notice'), 'Saved as version 3.');
    const history = page.getByRole('region', { name: 'History' });
    expect(await textOf(history, 'Version 3')).toContain('Mount: PL, shimmed → LPL');
    expect(await history.textContent()).toContain('Lia Moss');
    const saved = await inNotebook<{ entry: Entry }>(people.dp, 'GET', `/entries/${zeiss.id}`);
    expect(saved.entry).toMatchObject({ version: 3, fields: { make: 'Zeiss', series: 'Supreme', mount: 'LPL' } });

    // The set goes back to the rental house: the entry is removed, and its history stays.
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('group', { name: 'Remove this entry?' }).getByRole('button', { name: 'Remove it' }).click();
    await textOf(page.locator('.notice'), '“Zeiss Supreme Primes” is removed. Its history is kept.');
    await textOf(page.locator('.nb-removed'), 'Removed by Ana Ruiz');
    expect(await textOf(history, 'Version 4')).toContain('Removed');
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    const left = await inNotebook<{ entries: Entry[] }>(people.dp, 'GET', '/entries?kind=equipment');
    expect(left.entries.map((e) => e.title)).not.toContain('Zeiss Supreme Primes');
    const { versions } = await inNotebook<{ versions: Array<{ version: number; removed: boolean }> }>(people.dp, 'GET', `/entries/${zeiss.id}/history`);
    expect(versions.map((v) => [v.version, v.removed])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
    expect(violations.flat()).toEqual([]);
  });

  it('the 2nd AC logs two takes on a phone: the second carries the setup, so only the T-stop and the circle are typed; a new setup logged offline goes once the laptop is back', async () => {
    const { page, context } = await device(people.secondAc, phone, `/productions/${pid}/notebooks/${nid}/takes`);
    await heading(page, 'Camera reports');
    const log = page.getByRole('form', { name: 'Log a take' });
    await log.getByLabel('Roll').fill('A004');
    await log.getByLabel('Scene').fill('27');
    expect(await log.getByLabel('Take', { exact: true }).inputValue()).toBe('1');
    await log.getByLabel('Lens').fill('Cooke S4/i 32');
    await log.getByLabel('Focal length (mm)').fill('32');
    await log.getByLabel('T-stop').fill('2.8');
    await log.getByLabel('Shutter').fill('172.8');
    await log.getByLabel('Frame rate (fps)').fill('24');
    await log.getByLabel('ISO').fill('800');
    await log.getByLabel('White balance (K)').fill('5600');
    await log.getByLabel('Height (cm)').fill('140');
    await log.getByLabel('Focus (m)').fill('3.5');
    await log.getByRole('button', { name: 'Log take 1' }).click();
    await textOf(page.locator('.nb-log .status'), 'Take 1 logged. Next: take 2, same setup.');

    // Take 2: everything is still there; the 2nd AC opens up a stop and circles it.
    expect(await log.getByLabel('Take', { exact: true }).inputValue()).toBe('2');
    expect(await log.getByLabel('Lens').inputValue()).toBe('Cooke S4/i 32');
    await log.getByLabel('T-stop').fill('4');
    await log.getByRole('checkbox', { name: 'Circled (print)' }).check();
    await log.getByRole('button', { name: 'Log take 2' }).click();
    await textOf(page.locator('.nb-log .status'), 'Take 2 logged.');

    const { entries } = await inNotebook<{ entries: Entry[] }>(people.secondAc, 'GET', '/entries?kind=camera_report');
    const [second, first] = entries;
    expect(first!.fields).toMatchObject({ roll: 'A004', scene: '27', take: 1, lens: 'Cooke S4/i 32', focalLength: 32, tStop: 2.8, shutter: '172.8', frameRate: 24, iso: 800, whiteBalance: 5600, heightCm: 140, focusM: 3.5 });
    expect(first!.fields.setupId).toBeUndefined();
    expect(second!.fields).toMatchObject({ setupId: first!.id, roll: 'A004', scene: '27', take: 2, lens: 'Cooke S4/i 32', tStop: 4, iso: 800, circled: true });

    // The day's takes by roll, the circled one marked; the CSV for post carries both.
    const rows = page.locator('.nb-takes tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('27/2');
    expect(await rows.nth(1).locator('[aria-label="circled"]').count()).toBe(1);
    const csv = await fetch(`${server.url}${await page.getByRole('link', { name: 'Download the camera reports (CSV)' }).getAttribute('href')}`, {
      headers: { authorization: `Bearer ${people.secondAc.token}` },
    });
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(3);
    expect(await noHorizontalScroll(page)).toBe(true);

    // The camera moves to the creek, out of the Wi-Fi: a new setup on the 75, two takes kept on the phone.
    await context.setOffline(true);
    await log.getByRole('button', { name: 'New setup' }).click();
    await log.getByLabel('Lens').fill('Cooke S4/i 75');
    await log.getByLabel('Focal length (mm)').fill('75');
    await log.getByRole('button', { name: 'Log take 1' }).click();
    await textOf(page.locator('.nb-log .status'), 'Take 1 kept on this device: waiting to send.');
    await log.getByRole('button', { name: 'Log take 2' }).click();
    await textOf(page.locator('.nb-log .status'), 'Take 2 kept on this device');
    expect(await page.locator('.nb-take--waiting').count()).toBe(2);
    await context.setOffline(false);
    await expect.poll(() => page.locator('.nb-take--waiting').count(), { timeout: 20_000 }).toBe(0);
    const after = await inNotebook<{ entries: Entry[] }>(people.secondAc, 'GET', '/entries?kind=camera_report');
    const [creek2, creek1] = after.entries;
    expect(creek1!.fields).toMatchObject({ take: 1, lens: 'Cooke S4/i 75', focalLength: 75, tStop: 4, roll: 'A004' });
    expect(creek1!.fields.setupId).toBeUndefined();
    // The second take names its setup, whose id the phone only learned once the first was sent.
    expect(creek2!.fields).toMatchObject({ take: 2, setupId: creek1!.id, lens: 'Cooke S4/i 75' });
    expect(violations.flat()).toEqual([]);
  });

  it('the producer gets no person entry: the notebook is the department’s, a gaffer’s rates are the head’s alone', async () => {
    const { entries } = await inNotebook<{ entries: Entry[] }>(people.dp, 'GET', '/entries?kind=person');
    const gaffer = entries.find((e) => e.title === 'Marco Diaz')!;
    await expect(inNotebook(rosa, 'GET', `/entries/${gaffer.id}`)).rejects.toThrow(/404/);
    await expect(inNotebook(rosa, 'GET', '/entries?kind=person')).rejects.toThrow(/404/);
    // The department reads the notebook, but not what is private to its head.
    await expect(inNotebook(people.secondAc, 'GET', `/entries/${gaffer.id}`)).rejects.toThrow(/404/);

    const { page } = await device(rosa, phone, `/productions/${pid}/notebooks`);
    await heading(page, 'Notebooks');
    expect(await textOf(page.locator('.nb-cards'), 'Camera notebook')).toContain('Private to the department');
    await page.goto(`${server.url}/productions/${pid}/notebooks/${nid}`);
    await heading(page, 'Camera notebook');
    await textOf(page.locator('main'), 'Only the Camera department reads this notebook.');
    expect(await page.locator('main').textContent()).not.toContain('Marco Diaz');
    expect(violations.flat()).toEqual([]);
  });

  it('the DP hands the notebook to her 1st AC with a note; the successor opens the start-here package on a tablet, sealed by its content hash', async () => {
    const { page } = await device(people.dp, phone, `/productions/${pid}/notebooks/${nid}`);
    await heading(page, 'Camera notebook');
    await page.getByRole('link', { name: 'Hand off' }).click();
    await heading(page, 'Hand off the Camera notebook');
    const form = page.getByRole('form', { name: 'Hand the notebook on' });
    await form.getByLabel('The new head', { exact: true }).selectOption({ label: 'Lia Moss (Camera, Crew)' });
    await form.getByLabel('A note to the new head (optional)').fill('Read the Cooke entry first: the 32 breathes. Marco is the gaffer to call.');
    await form.getByRole('button', { name: 'Hand the notebook on' }).click();
    const handed = page.getByRole('region', { name: 'Lia Moss heads the notebook now' });
    const hash = (await handed.locator('code').textContent())!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(inNotebook(people.dp, 'GET', '/entries')).rejects.toThrow(/404/);

    const { page: pad } = await device(people.firstAc, tablet, `/productions/${pid}/notebooks`);
    await heading(pad, 'Notebooks');
    await pad.getByRole('link', { name: /^Camera notebook/ }).click();
    await heading(pad, 'Camera notebook');
    await pad.getByRole('link', { name: 'Start-here package' }).click();
    await heading(pad, 'Start here: Camera notebook');
    const seal = pad.getByRole('region', { name: /^From Ana Ruiz/ });
    expect(await textOf(seal, 'the 32 breathes')).toContain(hash);
    expect(await textOf(pad.getByRole('region', { name: 'Equipment and provenance' }), 'Cooke S4/i primes')).toContain('From Old Fast Glass Rentals');
    expect(await textOf(pad.getByRole('region', { name: 'Dealers and open orders' }), 'Old Fast Glass Rentals')).toContain('On order: Order a second 32 mm from Old Fast Glass');
    expect(await textOf(pad.getByRole('region', { name: 'People and recommendations' }), 'Marco Diaz')).toContain('Calm under a storm');
    expect(await textOf(pad.getByRole('region', { name: 'To-dos' }), 'Order a second 32 mm')).toBeTruthy();
    // Two columns on the tablet, nothing wider than the screen.
    const equipment = (await pad.getByRole('region', { name: 'Equipment and provenance' }).boundingBox())!;
    const dealers = (await pad.getByRole('region', { name: 'Dealers and open orders' }).boundingBox())!;
    expect(Math.abs(equipment.y - dealers.y) < 1 || Math.abs(equipment.x - dealers.x) > 100).toBe(true);
    expect(await noHorizontalScroll(pad)).toBe(true);

    for (const format of ['pdf', 'zip'] as const) {
      const href = await pad.getByRole('link', { name: format === 'pdf' ? 'Download PDF' : 'Download zip (JSON and files)' }).getAttribute('href');
      const response = await fetch(`${server.url}${href}`, { headers: { authorization: `Bearer ${people.firstAc.token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(format === 'pdf' ? 'application/pdf' : 'application/zip');
    }
    expect(violations.flat()).toEqual([]);
  });

  it('when the new head falls ill, the producer hands the notebook on, and only with a second person’s PIN', async () => {
    const { page } = await device(rosa, phone, `/productions/${pid}/notebooks`);
    await heading(page, 'Notebooks');
    await page.getByRole('link', { name: /^Camera notebook/ }).click();
    await heading(page, 'Hand off the Camera notebook');
    const form = page.getByRole('form', { name: 'Hand the notebook on' });
    await form.getByRole('radio', { name: 'Ill' }).check();
    await form.getByLabel('The new head', { exact: true }).selectOption({ label: 'Tom Beck (Camera, Crew)' });
    // The second person is neither the producer, the head, nor the successor: Ana, who headed it before, may confirm.
    await form.getByLabel('Second person').selectOption({ label: 'Ana Ruiz' });
    await form.getByLabel('Their PIN').fill('1111');
    await form.getByRole('button', { name: 'Hand the notebook on' }).click();
    const refusal = form.getByRole('alert').first();
    expect(await textOf(refusal, 'PIN')).toContain('recorded in the ledger');
    await form.getByLabel('Their PIN').fill('4826');
    await form.getByRole('button', { name: 'Hand the notebook on' }).click();
    await textOf(page.getByRole('region', { name: 'Tom Beck heads the notebook now' }), 'content hash');
    const { notebooks } = await callApi<{ notebooks: Array<{ id: string; standing: string }> }>(server.url, people.secondAc.token, 'GET', `/api/productions/${pid}/notebooks`);
    expect(notebooks.find((n) => n.id === nid)?.standing).toBe('head');
    await expect(inNotebook(people.firstAc, 'GET', '/entries')).rejects.toThrow(/404/);
    expect(violations.flat()).toEqual([]);
  });
});
