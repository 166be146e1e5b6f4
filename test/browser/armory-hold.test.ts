import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone } from './chromium.js';
import { callApi, focusedText, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

interface Person {
  name: string;
  email: string;
  password: string;
  pin: string;
  id: string;
  token: string;
}

const zone = 'America/Denver';
const cast = {
  producer: { name: 'Rosa Vance', email: 'rosa@dustdevil.test', password: 'wide-lens-at-dawn', pin: '2468' },
  advisor: { name: 'Ines Okafor', email: 'ines@dustdevil.test', password: 'hard-hats-on-stage', pin: '8642' },
  armorer: { name: 'Hank Morrow', email: 'hank@dustdevil.test', password: 'cold-gun-on-cart', pin: '4321' },
  performer: { name: 'Clay Barrett', email: 'clay@dustdevil.test', password: 'saloon-standoff-27', pin: '5812' },
  firstAd: { name: 'Sam Whitlock', email: 'sam@dustdevil.test', password: 'call-sheet-0600', pin: '1357' },
  grip: { name: 'Maya Stone', email: 'maya@dustdevil.test', password: 'sandbags-on-stands', pin: '9753' },
};

/** The armorer's tablet on the cart, upright: 1024 x 1366. */
const cartTablet = { viewport: { width: 1024, height: 1366 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } as const;

const revolvers = [
  { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' },
  { serial: 'WR-73-1190', make: 'Winchester', model: 'Model 1873', kind: 'blank_firing' },
  { serial: 'RM-58-0311', make: 'Remington', model: 'New Model Army', kind: 'blank_firing' },
  { serial: 'SW-3-0077', make: 'Smith & Wesson', model: 'Model 3 Schofield', kind: 'non_firing_replica' },
  { serial: 'CL-51-0203', make: 'Colt', model: '1851 Navy', kind: 'rubber' },
  { serial: 'SG-12-0456', make: 'Stoeger', model: 'Coach Gun', kind: 'blank_firing' },
];

/** Today on the production's calendar: a firearm goes out only for today or later. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('the armory board on the cart tablet: custody as the armorer does it, an unintended discharge, and the hold lifted from its banner (F7, F9, F10, F11)', () => {
  let server: RunningServer;
  let browser: Browser;
  let pid: string;
  let shootDayId: string;
  const firearmIds: Record<string, string> = {};
  const people = {} as Record<keyof typeof cast, Person>;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];

  const inProduction = <T>(who: Person, method: string, path: string, body?: unknown) => callApi<T>(server.url, who.token, method, `/api/productions/${pid}${path}`, body);

  /** A device of `who`, signed in, on `path` with the production's live stream open. */
  async function device(who: Person, options: typeof phone | typeof cartTablet, path: string): Promise<Page> {
    const context = await browser.newContext({ ...options, timezoneId: zone });
    contexts.push(context);
    await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    const live = page.waitForResponse((response) => response.url().includes('/live?'));
    await page.goto(`${server.url}${path}`);
    await live;
    return page;
  }

  /** The stops an incident raises cover every screen until this device acknowledges each of them. */
  async function acknowledgeStop(page: Page, stops = 1): Promise<void> {
    const takeover = page.getByRole('alertdialog', { name: 'WORK STOPPED' });
    for (let i = 0; i < stops; i++) {
      await takeover.waitFor({ timeout: 5_000 });
      const showing = await takeover.textContent();
      await takeover.getByRole('button', { name: 'Acknowledge' }).click();
      if (i < stops - 1) await page.waitForFunction((was) => document.querySelector('[role="alertdialog"]')?.textContent !== was, showing);
    }
    await takeover.waitFor({ state: 'detached' });
  }

  const row = (page: Page, name: string) => page.getByRole('row', { name });
  const actions = (page: Page) => page.getByRole('region', { name: 'What can be done now' });

  async function inView(page: Page, locator: ReturnType<Page['locator']>): Promise<boolean> {
    const box = await locator.boundingBox();
    const viewport = page.viewportSize()!;
    return box !== null && box.y >= 0 && box.y + Math.min(box.height, 60) <= viewport.height;
  }

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, cast.producer);
    const { user } = await callApi<{ user: { id: string } }>(server.url, token, 'GET', '/api/me');
    people.producer = { ...cast.producer, id: user.id, token };
    pid = (await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Dust Devil', timezone: zone })).production.id;
    const roles = { advisor: 'safety_advisor', armorer: 'armorer', performer: 'performer', firstAd: 'first_ad', grip: 'crew' } as const;
    for (const key of ['advisor', 'armorer', 'performer', 'firstAd', 'grip'] as const) {
      const joined = await joinProduction(server.url, token, pid, cast[key], roles[key], cast[key].pin);
      people[key] = { ...cast[key], ...joined };
    }
    const { producer, advisor, armorer, performer, firstAd } = people;
    // The armorer role waits for the safety advisor, who confirms it with the same roles.
    await inProduction(advisor, 'PATCH', `/members/${armorer.id}`, { roles: ['armorer'] });
    for (const who of [armorer, performer]) {
      await inProduction(producer, 'POST', '/trainings', { userId: who.id, course: 'firearms_safety', completedOn: '2026-10-30' });
    }
    const saloon = (await inProduction<{ scene: { id: string } }>(firstAd, 'POST', '/scenes', { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] })).scene;
    const street = (
      await inProduction<{ scene: { id: string } }>(firstAd, 'POST', '/scenes', { number: '28', description: 'Shot toward camera on Main Street', hazards: ['firearms', 'blanks'], aimedAtPerson: true })
    ).scene;
    shootDayId = (await inProduction<{ shootDay: { id: string } }>(firstAd, 'POST', '/shoot-days', { date: today, sceneIds: [saloon.id, street.id], location: 'Red Mesa backlot' })).shootDay.id;
    await inProduction(firstAd, 'PUT', `/shoot-days/${shootDayId}/duties`, { duties: [{ userId: armorer.id, duty: 'armorer' }] });
    await inProduction(firstAd, 'POST', '/safety-meetings', {
      shootDayId,
      sceneIds: [saloon.id],
      heldAt: new Date().toISOString(),
      attendeeIds: [armorer.id, performer.id, firstAd.id],
      walkthrough: true,
      abortPlan: 'Anyone calls cease fire; the armorer clears the weapon.',
      emergencyPlan: 'Medic at video village; ambulance via gate 2.',
    });
    await inProduction(armorer, 'POST', '/ammunition', { lot: 'B-45-1', kind: 'blank', caliber: '.45 Colt', quantity: 50, load: 'quarter' });
    await inProduction(armorer, 'POST', '/ammunition', { lot: 'D-45-1', kind: 'dummy', caliber: '.45 Colt', quantity: 12, verification: { method: 'rattle test and drilled primers, each round' } });
    for (const revolver of revolvers) {
      firearmIds[revolver.serial] = (await inProduction<{ firearm: { id: string } }>(armorer, 'POST', '/firearms', revolver)).firearm.id;
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('the board uses the tablet’s width: every firearm in one table, on one screen, with what is in it and who inspected it', async () => {
    const tablet = await device(people.armorer, cartTablet, `/productions/${pid}/armory`);
    await heading(tablet, 'Armory');
    const board = tablet.getByRole('table', { name: /Firearms/ });
    await board.waitFor();
    expect((await board.boundingBox())!.width).toBeGreaterThan(900);
    const rows = board.getByRole('row');
    expect(await rows.count()).toBe(revolvers.length + 1);
    for (const revolver of revolvers) {
      const line = row(tablet, `${revolver.make} ${revolver.model}`);
      expect(await inView(tablet, line)).toBe(true);
      expect(await line.textContent()).toContain('In storage');
    }
    expect(await board.getByRole('columnheader').allTextContents()).toEqual(['Firearm', 'Hot / cold', 'Where', 'In it', 'Last inspection']);
    const lots = tablet.getByRole('table').filter({ hasText: 'B-45-1' });
    expect(await lots.getByRole('columnheader').allTextContents()).toEqual(['Lot', 'Kind', 'Caliber', 'Received', 'Fired', 'In firearms', 'In the box']);
    expect(await textOf(lots.getByRole('row', { name: /B-45-1/ }), 'B-45-1')).toMatch(/^B-45-1\s*Blank\s*\.45 Colt\s*50\s*0\s*0\s*50$/);
    // Anyone reaches "live round found" in one tap from the board.
    expect(await tablet.getByRole('link', { name: 'Live round found' }).isVisible()).toBe(true);
  });

  it('hand-off waits for an inspection; after an unintended discharge the revolver is taken back, unloaded into its lot and checked in; its history names every person and round', async () => {
    const { armorer, performer, firstAd } = people;
    const tablet = await device(armorer, cartTablet, `/productions/${pid}/armory/${firearmIds['SA-1873-0042']}`);
    await heading(tablet, 'Firearm');
    const panel = actions(tablet);
    await panel.getByRole('button', { name: 'Check out', exact: true }).click();
    const day = tablet.getByLabel('Shoot day');
    await expect.poll(() => day.locator('option:checked').textContent()).toContain('Red Mesa backlot');
    await tablet.getByRole('button', { name: 'Check out of storage' }).click();
    await textOf(tablet.locator('.firearm-facts .firearm-where'), 'With Hank Morrow');

    // Not inspected since it changed hands: no hand-off button, and the reason says what to do.
    await panel.getByRole('button', { name: 'Inspect', exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: 'Hand off', exact: true }).count()).toBe(0);
    const notYet = panel.getByRole('listitem', { name: 'Hand off: not yet' });
    expect(await notYet.textContent()).toContain('F7 Inspect the firearm in front of the performer before handing it over');

    await panel.getByRole('button', { name: 'Inspect', exact: true }).click();
    await tablet.getByLabel('Blanks').check();
    await tablet.getByLabel('Rounds from lot B-45-1 (blank, .45 Colt)').fill('6');
    await tablet.getByLabel('Barrel checked clear, in front of the performer').check();
    await tablet.getByRole('button', { name: 'Record inspection' }).click();
    await textOf(tablet.locator('.firearm-facts'), '6 blanks from lot B-45-1');

    // F10: the scene aimed toward the camera says so before anyone types a PIN.
    await panel.getByRole('button', { name: 'Hand off', exact: true }).click();
    await expect.poll(() => tablet.getByLabel('Performer').locator('option:checked').textContent()).toBe('Clay Barrett');
    await tablet.getByLabel('Scene').selectOption({ label: 'Scene 28: Shot toward camera on Main Street' });
    await textOf(panel, 'This scene aims toward a person or the camera');
    expect(await panel.getByRole('link', { name: 'Record the F10 consultation' }).getAttribute('href')).toContain('/armory/scenes#scene-');
    await tablet.getByLabel('Scene').selectOption({ label: 'Scene 27: Saloon standoff' });
    await tablet.getByRole('button', { name: 'Next: PINs' }).click();
    expect(await focusedText(tablet)).toBe('Show the firearm, then each confirms with their PIN');
    // A wrong PIN: the refusal is in view and focused, and the cleared fields say why they are empty.
    await tablet.getByLabel('Clay Barrett: PIN').fill('0000');
    await tablet.getByLabel('Sam Whitlock: PIN').fill(firstAd.pin);
    await tablet.getByRole('button', { name: 'Hand off to Clay Barrett' }).click();
    const refusal = tablet.getByRole('form', { name: 'Hand off: PINs' }).getByRole('alert');
    await textOf(refusal, 'PIN');
    expect(await inView(tablet, refusal)).toBe(true);
    expect(await tablet.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await textOf(tablet.getByRole('form', { name: 'Hand off: PINs' }), 'Cleared after the refusal above: Clay Barrett types it again.');
    await tablet.getByLabel('Clay Barrett: PIN').fill(performer.pin);
    await tablet.getByLabel('Sam Whitlock: PIN').fill(firstAd.pin);
    await tablet.getByRole('button', { name: 'Hand off to Clay Barrett' }).click();
    await textOf(tablet.locator('.firearm-facts .firearm-where'), 'With Clay Barrett');

    // A round goes off when nobody meant it to: the armory is held and work stops.
    await panel.getByRole('button', { name: 'Record discharge' }).click();
    await tablet.getByLabel('Unintended').check();
    await tablet.getByLabel('Rounds from lot B-45-1 (blank, .45 Colt)').fill('1');
    await tablet.getByLabel('What happened (optional)').fill('Went off as the actor holstered it');
    await tablet.getByRole('button', { name: 'Record discharge' }).last().click();
    await acknowledgeStop(tablet);
    await textOf(tablet.locator('.firearm-facts'), '5 blanks from lot B-45-1');
    await textOf(tablet.getByRole('alert').filter({ hasText: 'F11' }), 'Firearms are on hold');

    await panel.getByRole('button', { name: 'Take back', exact: true }).click();
    await tablet.getByLabel('Clay Barrett: PIN').fill(performer.pin);
    await tablet.getByRole('button', { name: 'Take back from Clay Barrett' }).click();
    await textOf(tablet.locator('.firearm-facts .firearm-where'), 'With Hank Morrow');

    // Check-in is not offered with rounds in it: Unload first, and the rounds go back to their lot.
    await panel.getByRole('button', { name: 'Unload', exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: 'Check in', exact: true }).count()).toBe(0);
    expect(await panel.getByRole('listitem', { name: 'Check in: not yet' }).textContent()).toContain('Unload it first: an inspection that finds it empty, which returns its rounds to their lots.');
    await panel.getByRole('button', { name: 'Unload', exact: true }).click();
    await textOf(panel.getByRole('list'), '5 blanks back to lot B-45-1');
    await tablet.getByRole('button', { name: 'Record it unloaded, empty' }).click();
    await textOf(tablet.locator('.field-error'), 'Check the chamber and barrel clear before you record it empty');
    await tablet.getByLabel('Chamber and barrel checked clear').check();
    await tablet.getByRole('button', { name: 'Record it unloaded, empty' }).click();
    await panel.getByRole('button', { name: 'Check in', exact: true }).click();
    await tablet.getByRole('button', { name: 'Check in to storage' }).click();
    await textOf(tablet.locator('.firearm-facts .firearm-where'), 'In storage');

    const history = tablet.getByRole('region', { name: /History of Colt Single Action Army/ });
    const lines = await history.locator('.arm-history-line').allTextContents();
    expect(lines).toEqual([
      'Hank Morrow checked it in to storage, empty.',
      'Hank Morrow unloaded it: 5 blanks back to lot B-45-1; inspected empty, barrel clear. COLD.',
      'Clay Barrett handed it back to Hank Morrow, with 5 blanks from lot B-45-1 in it; Clay Barrett confirmed with their PIN. It needs an inspection before it moves on.',
      'UNINTENDED DISCHARGE, recorded by Hank Morrow: 1 blank from lot B-45-1 fired, in Scene 27: Saloon standoff. “Went off as the actor holstered it” Firearms on hold and work stopped (F11).',
      'Hank Morrow handed it to Clay Barrett for Scene 27: Saloon standoff, with 6 blanks from lot B-45-1 in it. Clay Barrett and Sam Whitlock confirmed with their PINs that they were shown it.',
      'Hank Morrow inspected it loaded with 6 blanks from lot B-45-1, barrel clear. HOT.',
      `Hank Morrow took it out of storage for ${new Date(`${today}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })} at Red Mesa backlot.`,
    ]);
    expect(lines.join(' ')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);

    // The lot counts what was fired: one blank gone, none in a firearm, the rest back in the box.
    await tablet.getByRole('link', { name: 'Armory', exact: true }).first().click();
    await heading(tablet, 'Armory');
    const lot = tablet.getByRole('table').filter({ hasText: 'In the box' }).getByRole('row', { name: /B-45-1/ });
    expect(await textOf(lot, 'B-45-1')).toMatch(/^B-45-1\s*Blank\s*\.45 Colt\s*50\s*1\s*0\s*49$/);
    expect(violations.flat()).toEqual([]);
  });

  it('the safety advisor writes the corrective action from the hold banner; the banner says a new meeting still lifts it, and the meeting does', async () => {
    const { advisor, firstAd, armorer, performer } = people;
    const tablet = await device(advisor, cartTablet, `/productions/${pid}/armory`);
    await acknowledgeStop(tablet);
    await heading(tablet, 'Armory');
    const hold = tablet.getByRole('region', { name: 'F11 Firearms on hold' });
    await textOf(hold, 'An unintended discharge at');
    await textOf(hold, 'A new safety meeting');

    await hold.getByRole('button', { name: 'Write the corrective action' }).click();
    expect(await focusedText(tablet)).toBe('Corrective action');
    await hold.getByLabel('What changes so that it does not happen again?').fill('Blanks stay in the locked case until the actor is on the mark; holstering is rehearsed cold.');
    await hold.getByLabel('Ines Okafor: your PIN').fill('1111');
    await hold.getByRole('button', { name: 'Record the corrective action' }).click();
    const refusal = hold.getByRole('form', { name: 'Corrective action' }).getByRole('alert');
    await textOf(refusal, 'PIN');
    expect(await inView(tablet, refusal)).toBe(true);
    await textOf(hold, 'Cleared after the refusal above: type your PIN again.');
    await hold.getByLabel('Ines Okafor: your PIN').fill(advisor.pin);
    await hold.getByRole('button', { name: 'Record the corrective action' }).click();
    await textOf(hold, 'Done: A corrective action');
    await textOf(hold, 'Still needed: the new safety meeting. The hold then lifts by itself.');
    await textOf(tablet.getByRole('status'), 'Corrective action recorded. The hold lifts once a new safety meeting is recorded.');

    // The 1st AD records the new meeting; the hold lifts on the board without a reload.
    const { scenes } = await inProduction<{ scenes: { id: string; number: string }[] }>(firstAd, 'GET', '/schedule');
    await inProduction(firstAd, 'POST', '/safety-meetings', {
      shootDayId,
      sceneIds: scenes.map((s) => s.id),
      heldAt: new Date().toISOString(),
      attendeeIds: [armorer.id, performer.id, firstAd.id, advisor.id],
      walkthrough: true,
      abortPlan: 'Anyone calls cease fire; the armorer clears the weapon.',
      emergencyPlan: 'Medic at video village; ambulance via gate 2.',
    });
    await hold.waitFor({ state: 'detached', timeout: 5_000 });

    // With the hold lifted, the safety advisor lifts the stop with the 1st AD, and work resumes.
    const { stops } = await inProduction<{ stops: { id: string; status: string }[] }>(advisor, 'GET', '/stops');
    for (const stop of stops.filter((s) => s.status === 'active')) {
      await inProduction(advisor, 'POST', `/stops/${stop.id}/lift`, {
        resolution: 'Corrective action written and a new safety meeting held.',
        confirmations: [
          { userId: advisor.id, pin: advisor.pin },
          { userId: firstAd.id, pin: firstAd.pin },
        ],
      });
    }
  });

  it('the armorer and the safety advisor record the F10 consultation for the shot toward camera, each typing their own PIN on the tablet', async () => {
    const { armorer, advisor } = people;
    const tablet = await device(armorer, cartTablet, `/productions/${pid}/armory`);
    await tablet.getByRole('link', { name: 'Scenes and F10 consultations' }).click();
    await heading(tablet, 'Firearm scenes');
    const scene = tablet.getByRole('listitem', { name: 'Scene 28: Shot toward camera on Main Street' });
    await textOf(scene, 'A consultation with the armorer and the safety advisor must be on record');
    expect(await tablet.getByRole('listitem', { name: 'Scene 27: Saloon standoff' }).getByRole('button').count()).toBe(0);
    await scene.getByRole('button', { name: 'Record the F10 consultation' }).click();
    await scene.getByLabel('The plan').fill('Camera behind the lexan shield at 25 ft; the actor aims past lens left; no one downrange.');
    await expect.poll(() => scene.getByLabel('Armorer', { exact: true }).locator('option:checked').textContent()).toBe('Hank Morrow');
    await expect.poll(() => scene.getByLabel('Safety advisor', { exact: true }).locator('option:checked').textContent()).toBe('Ines Okafor');
    await scene.getByLabel('Hank Morrow (armorer): PIN').fill(armorer.pin);
    await scene.getByLabel('Ines Okafor (safety advisor): PIN').fill(advisor.pin);
    await scene.getByRole('button', { name: 'Record the consultation' }).click();
    await textOf(scene, 'Consultation recorded: Hank Morrow (armorer) and Ines Okafor (safety advisor) confirmed the plan.');
  });

  it('the armorer asks for more time; the producer cannot deny it without a reason (F12), and the reason is shown to the armorer; training is recorded two taps from the board', async () => {
    const { armorer, producer } = people;
    const tablet = await device(armorer, cartTablet, `/productions/${pid}/armory`);
    await tablet.getByRole('link', { name: 'Armorer’s requests' }).click();
    await heading(tablet, 'Armorer’s requests');
    const ask = tablet.getByRole('form', { name: 'Ask for training or time' });
    await ask.getByRole('radio', { name: /More time/ }).check();
    await ask.getByLabel('What, and why?').fill('Two more hours of prep before the Main Street scene to check every blank.');
    await ask.getByRole('button', { name: 'Send the request' }).click();
    await textOf(tablet.getByRole('status'), 'Your request is recorded.');
    await textOf(tablet.getByRole('region', { name: /Waiting for an answer/ }), 'More time · asked by Hank Morrow');

    const desk = await device(producer, phone, `/productions/${pid}/armory/requests`);
    await heading(desk, 'Armorer’s requests');
    const request = desk.getByRole('listitem', { name: 'More time, asked by Hank Morrow' });
    await request.getByRole('radio', { name: 'Deny' }).check();
    await request.getByRole('button', { name: 'Deny the request' }).click();
    await textOf(request.locator('.field-error'), "Give a reason to deny the armorer's request; the denial and its reason go to the safety advisor.");
    await request.getByLabel('Why is it denied? (required)').fill('The unit moves at noon; take the two hours tomorrow morning instead.');
    await request.getByRole('button', { name: 'Deny the request' }).click();
    const answered = desk.getByRole('region', { name: 'Answered' });
    await textOf(answered, 'Denied by Rosa Vance');
    await textOf(answered, 'Reason: The unit moves at noon; take the two hours tomorrow morning instead.');

    await tablet.reload();
    await textOf(tablet.getByRole('region', { name: 'Answered' }), 'Reason: The unit moves at noon; take the two hours tomorrow morning instead.');

    await tablet.getByRole('link', { name: 'Armory', exact: true }).first().click();
    await tablet.getByRole('link', { name: 'Firearms training on file' }).click();
    await heading(tablet, 'Firearms training');
    const without = tablet.getByRole('region', { name: /No training on file/ });
    await textOf(without, 'Maya Stone');
    const record = tablet.getByRole('form', { name: 'Record firearms training' });
    await record.getByLabel('Person').selectOption({ label: 'Maya Stone (Crew)' });
    await record.getByLabel('Firearms safety course completed on').fill('2026-11-20');
    await record.getByRole('button', { name: 'Record training' }).click();
    await textOf(tablet.getByRole('region', { name: /On file/ }), 'Maya Stone');
    expect(await without.textContent()).not.toContain('Maya Stone');
  });

  it('on a phone, a grip reports a live round from the production home in two taps, and the 1st AD records a misfire on the firearm’s page', async () => {
    const { grip, firstAd, armorer } = people;
    const pocket = await device(grip, phone, `/productions/${pid}`);
    await heading(pocket, 'Dust Devil');
    await pocket.getByRole('link', { name: /Live round found/ }).click();
    await heading(pocket, 'Live round found');
    await pocket.getByLabel('What did you find, and how do you know it is live?').fill('A round with a bullet and a primer in the dummy box');
    await pocket.getByLabel('Where is it? (optional)').fill('Props cart, stage 2');
    await pocket.getByRole('button', { name: 'Report the live round and stop firearm work' }).click();
    await acknowledgeStop(pocket);
    await pocket.getByRole('heading', { name: /Live round reported at/ }).waitFor();

    // A second revolver is out with the armorer; the 1st AD records its misfire from their phone.
    const winchester = firearmIds['WR-73-1190']!;
    await callApi(server.url, armorer.token, 'POST', `/api/productions/${pid}/firearms/${winchester}/events`, { type: 'check_out', shootDayId });
    const adPhone = await device(firstAd, phone, `/productions/${pid}/armory`);
    await acknowledgeStop(adPhone);
    await textOf(adPhone.getByRole('region', { name: 'F11 Firearms on hold' }), 'A live round found on set');
    await row(adPhone, 'Winchester Model 1873').getByRole('link').click();
    await heading(adPhone, 'Firearm');
    const panel = actions(adPhone);
    await textOf(panel, 'Only the armorer moves a firearm (F6)');
    expect(await panel.getByRole('button', { name: 'Hand off', exact: true }).count()).toBe(0);
    await panel.getByRole('button', { name: 'Misfire' }).click();
    await adPhone.getByLabel('What happened (optional)').fill('Hammer fell on the third chamber, no report');
    await adPhone.getByRole('button', { name: 'Record the misfire' }).click();
    await acknowledgeStop(adPhone);
    const history = adPhone.getByRole('region', { name: /History of Winchester Model 1873/ });
    await textOf(history, 'MISFIRE recorded by Sam Whitlock. “Hammer fell on the third chamber, no report” Firearms on hold and work stopped (F11).');
    expect(violations.flat()).toEqual([]);
  });

  it('the armorer unloads and checks in the last firearm out, then wraps the day: the board lists it wrapped and offers it no more (F9)', async () => {
    const tablet = await device(people.armorer, cartTablet, `/productions/${pid}/armory/${firearmIds['WR-73-1190']}`);
    // The live round and the misfire each stopped work.
    await acknowledgeStop(tablet, 2);
    const panel = actions(tablet);
    await panel.getByRole('button', { name: 'Unload', exact: true }).click();
    await textOf(panel, 'Nothing is loaded in it.');
    await tablet.getByLabel('Chamber and barrel checked clear').check();
    await tablet.getByRole('button', { name: 'Record it unloaded, empty' }).click();
    await panel.getByRole('button', { name: 'Check in', exact: true }).click();
    await tablet.getByRole('button', { name: 'Check in to storage' }).click();
    await textOf(tablet.locator('.firearm-facts .firearm-where'), 'In storage');

    await tablet.getByRole('link', { name: 'Armory', exact: true }).first().click();
    await heading(tablet, 'Armory');
    const wrap = tablet.getByRole('form', { name: 'Wrap the day' });
    // The board draws before the schedule arrives: wait for the day to be offered.
    await expect.poll(() => wrap.getByLabel('Shoot day').locator('option:checked').textContent()).toContain('Red Mesa backlot');
    await wrap.getByRole('button', { name: 'Wrap the day' }).click();
    await textOf(tablet.getByRole('status'), 'is wrapped: every firearm is in storage and every round is accounted for.');
    await textOf(tablet.getByRole('list', { name: 'Wrapped days' }), 'Red Mesa backlot');
    await expect.poll(() => wrap.getByLabel('Shoot day').locator('option').allTextContents()).toEqual(['No day left to wrap']);
  });
});
