import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';
import { addDays, instantOf, localDate } from '../../src/domain/schedule/calendar.js';

const zone = 'America/Denver';

/** The calendar date in the production's zone, `days` from now. */
const dateIn = (days: number): string => addDays(localDate(new Date(), zone), days);

/** A date as the app words it for an en-US reader, without the year. */
function words(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
}

/** The instant of a wall-clock time on a date in the production's zone. */
const instantIn = (date: string, time: string): string => instantOf(date, time, zone).toISOString();

interface Person {
  name: string;
  email: string;
  password: string;
  id: string;
  token: string;
}

const people = {
  producer: { name: 'Rosa Vance', email: 'rosa@redmesa.test', password: 'wide-lens-at-dawn' },
  advisor: { name: 'Ines Okafor', email: 'ines@redmesa.test', password: 'safety-first-always' },
  firstAd: { name: 'Sam Whitlock', email: 'sam@redmesa.test', password: 'call-sheet-0600' },
  performer: { name: 'Clay Barrett', email: 'clay@redmesa.test', password: 'saloon-standoff-27' },
  armorer: { name: 'Hank Morrow', email: 'hank@redmesa.test', password: 'cold-gun-on-cart' },
  medic: { name: 'Amara Reyes', email: 'amara@redmesa.test', password: 'trauma-kit-ready' },
};

interface Recipient {
  userId: string;
  name: string;
  link: string;
}

describe('the call sheet in the app: the 1st AD publishes it from a tablet, the crew reads and acknowledges it on a phone without signing in (S4)', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];
  let pid: string;
  let dayId: string;
  const crew = {} as Record<keyof typeof people, Person>;
  const tomorrow = dateIn(1);
  /** the 1st AD's tablet, kept open from one story to the next like the real one on set */
  let adTablet: Page;
  /** Clay's personal link to version 1 */
  let clayLink: string;

  /** A device: signed in as `who`, or nobody's; in another zone than the production's, so every time shown must still be the set's. */
  async function device(who: Person | null, size: typeof phone | typeof tablet, path: string): Promise<Page> {
    const context = await browser.newContext({ ...size, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    contexts.push(context);
    if (who) await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const inProduction = <T>(who: Person, method: string, path: string, body?: unknown) => callApi<T>(server.url, who.token, method, `/api/productions/${pid}${path}`, body);

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, people.producer);
    const { user } = await callApi<{ user: { id: string } }>(server.url, token, 'GET', '/api/me');
    crew.producer = { ...people.producer, id: user.id, token };
    ({ production: { id: pid } } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Red Mesa', timezone: zone }));
    const roles = { advisor: 'safety_advisor', firstAd: 'first_ad', performer: 'performer', armorer: 'armorer', medic: 'medic' } as const;
    for (const key of ['advisor', 'firstAd', 'performer', 'armorer', 'medic'] as const) {
      crew[key] = { ...people[key], ...(await joinProduction(server.url, token, pid, people[key], roles[key])) };
    }
    // A deciding role granted once a safety advisor is on the production waits for the advisor's confirmation.
    await inProduction(crew.advisor, 'PATCH', `/members/${crew.armorer.id}`, { roles: ['armorer'] });

    // Tomorrow at the backlot: the saloon standoff with blanks, assessed by the safety advisor, and a wagon scene.
    const { firstAd, advisor, armorer, performer, medic } = crew;
    const { location } = await inProduction<{ location: { id: string } }>(firstAd, 'POST', '/locations', {
      name: 'Red Mesa backlot',
      address: '4200 Mesa Road, Santa Fe, NM',
      latitude: 35.687,
      longitude: -105.9378,
      hospital: { name: 'Christus St. Vincent', address: '455 St Michaels Dr, Santa Fe, NM', phone: '+1 505 983 3361', driveMinutes: 18 },
      parking: 'Base camp on the gravel lot by gate 2.',
    });
    const scene = async (body: object) => (await inProduction<{ scene: { id: string } }>(firstAd, 'POST', '/scenes', { locationId: location.id, ...body })).scene.id;
    const standoff = await scene({ number: '27', description: 'The saloon standoff: Clay fires twice at the mirror.', hazards: ['firearms', 'blanks'], intExt: 'INT', timeOfDay: 'night', eighths: 11, castIds: [performer.id] });
    const wagon = await scene({ number: '28', description: 'The wagon leaves town.', hazards: ['animals'], intExt: 'EXT', timeOfDay: 'day', eighths: 3 });
    await inProduction(advisor, 'POST', `/scenes/${standoff}/risk-assessments`, {
      hazards: ['firearms', 'blanks'],
      controls: [
        { hazard: 'firearms', control: 'Hank hands the revolver over on the mark and takes it back after cut.' },
        { hazard: 'blanks', control: 'Quarter loads, 20 ft clear of the mirror, shields for camera.' },
      ],
    });
    ({ shootDay: { id: dayId } } = await inProduction<{ shootDay: { id: string } }>(firstAd, 'POST', '/shoot-days', {
      date: tomorrow,
      sceneIds: [standoff, wagon],
      locationIds: [location.id],
      generalCall: '06:00',
      shootingCall: '07:30',
    }));
    await inProduction(firstAd, 'PUT', `/shoot-days/${dayId}/duties`, {
      duties: [
        { userId: firstAd.id, duty: 'first_ad' },
        { userId: armorer.id, duty: 'armorer' },
        { userId: performer.id, duty: 'performer' },
        { userId: medic.id, duty: 'medic' },
      ],
    });
    await inProduction(firstAd, 'PUT', `/shoot-days/${dayId}/times`, { times: [{ userId: performer.id, call: instantIn(tomorrow, '06:15'), wrap: instantIn(tomorrow, '18:00') }] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('on a tablet the 1st AD reaches the day’s call sheet in one tap, drafts it, previews the firearm scene’s safety section and publishes it to the day’s roster; the table shows everyone sent', async () => {
    adTablet = await device(crew.firstAd, tablet, `/productions/${pid}/schedule/days/${dayId}`);
    const page = adTablet;
    await page.getByRole('navigation', { name: 'This day' }).getByRole('link', { name: 'Call sheet' }).click();
    await heading(page, `Call sheet: ${words(tomorrow)}`);

    // The draft: notes, the walkie channels (one mistyped first) and the medic.
    const form = page.getByRole('form', { name: 'New call sheet version' });
    await form.getByLabel('Notes for everyone (optional)').fill('Night exteriors after lunch: bring layers.');
    await form.getByLabel('Walkie channels (optional)').fill('1 Production\n2');
    await form.getByLabel('Medic on set').selectOption({ label: 'Amara Reyes (Medic)' });
    await form.getByRole('button', { name: 'Start version 1' }).click();
    await textOf(form.locator('.field-error'), 'Line 2 needs the channel, then who is on it');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('walkieChannels');
    await form.getByLabel('Walkie channels (optional)').fill('1 Production\nCh 2: Armory and props');
    await form.getByRole('button', { name: 'Start version 1' }).click();
    await textOf(page.locator('.notice'), 'The draft is made. Check the preview, then publish it.');
    await textOf(page.getByRole('navigation', { name: 'Versions' }), 'Draft, not sent');

    // The preview is the whole sheet as it will print: the firearm scene's hazards with their controls, the armorer, the hospital.
    const preview = page.getByRole('region', { name: 'Preview, as it will print' });
    const safety = preview.getByRole('region', { name: 'Safety' });
    expect(await textOf(safety, 'Scene 27')).toContain('Firearms, Blanks (risk assessed)');
    await textOf(safety, 'Hank hands the revolver over on the mark');
    await textOf(safety, 'Hank Morrow');
    await textOf(safety, 'Amara Reyes');
    await textOf(preview, 'Christus St. Vincent');
    expect(await textOf(preview.getByRole('region', { name: 'Notes and walkie channels' }), 'Channel Ch 2')).toContain('Armory and props');
    await textOf(preview.locator('.cs-ledger'), 'Ledger checkpoint');

    // Publishing asks first, and says who receives it: the day's roster.
    await page.getByRole('button', { name: 'Publish version 1…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 1?' });
    expect(await textOf(dialog, '4 people receive it by email')).toContain('A published version never changes.');
    for (const name of ['Sam Whitlock', 'Hank Morrow', 'Clay Barrett', 'Amara Reyes']) expect(await dialog.getByRole('checkbox', { name: new RegExp(`^${name}`) }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Publish and send to 4' }).click();
    await textOf(page.locator('.notice'), 'Version 1 is published and sent to 4 people.');
    expect(await dialog.isVisible()).toBe(false);
    // The publish button is gone with the draft: focus is on what replaced it.
    await page.waitForFunction(() => document.activeElement?.textContent === 'Version 1, published');
    await textOf(page.getByRole('navigation', { name: 'Versions' }), /Published \d\d:\d\d today/);

    // The table: everyone's email out within moments, nobody has opened it yet.
    const table = page.getByRole('region', { name: 'Who has it' });
    await table.getByText('4 of 4 sent · 0 opened · 0 confirmed · 0 acknowledged the safety section').waitFor({ timeout: 20_000 });
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(5);
    const clay = table.getByRole('row', { name: /^Clay Barrett/ });
    expect(await clay.getByRole('cell').nth(0).textContent()).toMatch(/\d\d:\d\d today/);
    expect(await clay.getByRole('cell').nth(1).textContent()).toBe('Not yet');
    expect(await clay.getByRole('button', { name: 'Resend the link to Clay Barrett' }).isVisible()).toBe(true);
    const pdf = await page.request.get(`${server.url}${await page.getByRole('link', { name: 'Download the PDF' }).getAttribute('href')}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);

    const { recipients } = await inProduction<{ recipients: Recipient[] }>(crew.firstAd, 'GET', `/call-sheets/${(await versions())[0]!.id}/recipients`);
    clayLink = recipients.find((r) => r.userId === crew.performer.id)!.link;
    expect(violations.flat()).toEqual([]);
  });

  it('on a phone, without signing in, Clay opens his link: his call first in large type, then where to go, the hospital, the light, the scenes and the safety section, which he acknowledges on the record', async () => {
    const pocket = await device(null, phone, new URL(clayLink).pathname);
    await heading(pocket, 'Red Mesa call sheet');
    const call = pocket.getByRole('region', { name: 'Your call, Clay Barrett' });
    // His own 06:15 on the set's clock, although the phone is set to Tokyo.
    expect(await textOf(call.locator('.cs-you-time'), '06:15')).toBe('06:15');
    expect(await call.locator('.cs-you-time').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(48);
    await textOf(call, 'Your own call time');

    // In the order a crew member reads: call, general call, location and hospital, light, scenes, safety.
    const order = ['Your call, Clay Barrett', 'Calls', 'Location: Red Mesa backlot', 'Sun and light', 'Scenes, in shooting order', 'Safety'];
    const tops: number[] = [];
    for (const name of order) tops.push((await pocket.getByRole('region', { name, exact: true }).boundingBox())!.y);
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    const where = pocket.getByRole('region', { name: 'Location: Red Mesa backlot' });
    expect(await where.getByRole('link', { name: 'Map of Red Mesa backlot' }).getAttribute('href')).toContain('openstreetmap.org');
    await textOf(where, 'Base camp on the gravel lot by gate 2.');
    expect(await where.getByRole('link', { name: 'Call +1 505 983 3361' }).getAttribute('href')).toBe('tel:+15059833361');
    await textOf(pocket.getByRole('region', { name: 'Sun and light' }), /Sunrise\d\d:\d\d/);
    const safety = pocket.getByRole('region', { name: 'Safety' });
    await textOf(safety, 'Quarter loads, 20 ft clear of the mirror');
    await textOf(safety, 'Hank Morrow');
    await textOf(pocket.locator('.cs-ledger'), /Ledger checkpoint \d+:/);
    expect(await pocket.getByRole('link', { name: 'Add my call to my calendar' }).getAttribute('href')).toMatch(/\/calendar\.ics$/);
    expect(await pocket.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The acknowledgement: one large button, then the time it was recorded and the ledger receipt, announced.
    const ack = pocket.getByRole('region', { name: 'Your acknowledgement' });
    const button = ack.getByRole('button', { name: 'I have read the safety section' });
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(64);
    await button.click();
    expect(await textOf(ack.getByRole('status'), 'Safety section acknowledged at')).toMatch(/at \d\d:\d\d today, just now\. Recorded in the ledger as entry \d+\./);
    await textOf(ack.locator('.cs-ack-when'), /You acknowledged the safety section at \d\d:\d\d today/);
    await textOf(ack, /Receipt: ledger entry \d+/);
    expect(await button.count()).toBe(0);
    expect(await pocket.evaluate(() => document.activeElement?.id)).toBe('cs-ack-heading');

    // Opened again later, it still says so.
    await pocket.reload();
    await textOf(pocket.locator('.cs-ack-when'), 'You acknowledged the safety section at');

    // On set with no signal, the cached app opens the copy this phone kept.
    await pocket.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    await pocket.context().setOffline(true);
    await pocket.reload();
    await heading(pocket, 'Red Mesa call sheet');
    await textOf(pocket.locator('.cs-offline'), 'No connection: this is the copy kept on this phone');
    expect(await pocket.locator('.cs-you-time').textContent()).toBe('06:15');
    await textOf(pocket.locator('.cs-ack-when'), 'You acknowledged the safety section at');
    await pocket.context().setOffline(false);
    expect(violations.flat()).toEqual([]);
  });

  it('the 1st AD’s table shows Clay opened and acknowledged, Today lists who still has to, and a revision makes Clay’s old link say a newer version was sent', async () => {
    const page = adTablet;
    const table = page.getByRole('region', { name: 'Who has it' });
    // "Pending only" reads the server again: Clay is no longer waiting.
    await table.getByRole('checkbox', { name: 'Only those who have not acknowledged' }).check();
    await table.getByText('3 still to acknowledge the safety section.').waitFor();
    expect(await table.getByRole('row', { name: /^Clay Barrett/ }).count()).toBe(0);
    await table.getByRole('checkbox', { name: 'Only those who have not acknowledged' }).uncheck();
    await table.getByText(/4 of 4 sent · 1 opened · 1 confirmed · 1 acknowledged/).waitFor();
    const clay = table.getByRole('row', { name: /^Clay Barrett/ });
    for (const column of [1, 2, 3]) expect(await clay.getByRole('cell').nth(column).textContent()).toMatch(/^\d\d:\d\d today/);

    // Today for the 1st AD: the sheet, and the three who have not acknowledged before the general call.
    await page.goto(`${server.url}/productions/${pid}/today?date=${tomorrow}`);
    const card = page.getByRole('region', { name: 'Call sheet' });
    await textOf(card, 'Version 1 · white, the original');
    expect(await textOf(card, 'Still to acknowledge (3)')).toMatch(/Sam Whitlock|Hank Morrow|Amara Reyes/);
    await textOf(card, 'You have not acknowledged its safety section yet.');

    // A revision: version 2, blue, to the same people; version 1's links stop opening.
    await card.getByRole('link', { name: 'Who has read it, and links to send again' }).click();
    await heading(page, `Call sheet: ${words(tomorrow)}`);
    await page.getByRole('button', { name: 'Start version 2' }).click();
    await textOf(page.locator('.notice'), 'Version 2 is a draft');
    expect(await page.getByRole('form', { name: 'Draft, version 2' }).getByLabel('Walkie channels (optional)').inputValue()).toBe('1 Production\nCh 2: Armory and props');
    await page.getByRole('button', { name: 'Publish version 2…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 2?' });
    await textOf(dialog, 'the links to version 1 stop working');
    await dialog.getByRole('button', { name: 'Publish and send to 4' }).click();
    await textOf(page.locator('.notice'), 'Version 2 is published and sent to 4 people.');
    await textOf(page.getByRole('navigation', { name: 'Versions' }), 'Version 2 · blue revision');
    await textOf(page.getByRole('navigation', { name: 'Versions' }), 'replaced');

    const pocket = await device(null, phone, new URL(clayLink).pathname);
    await heading(pocket, 'A newer call sheet was sent');
    await textOf(pocket.getByRole('alert'), 'A newer version of this call sheet was sent. Use the latest link.');
    expect(violations.flat()).toEqual([]);
  });

  async function versions(): Promise<Array<{ id: string; version: number }>> {
    return (await inProduction<{ callSheets: Array<{ id: string; version: number }> }>(crew.firstAd, 'GET', `/shoot-days/${dayId}/call-sheets`)).callSheets;
  }
});
