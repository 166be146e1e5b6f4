import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';
import { addDays, instantOf, localDate } from '../../src/domain/schedule/calendar.js';

const zone = 'America/Denver';

/** The calendar date in the production's zone, `days` from now. */
const dateIn = (days: number): string => addDays(localDate(new Date(), zone), days);

/** A date as the app words it for an en-US reader. */
function words(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
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
};

describe('the shoot day in the app: a 1st AD builds tomorrow on a tablet, the crew reads today on a phone (F1, F2, F3, F5, S5)', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];

  /** A signed-in device of `who`, in another zone than the production's: every time shown must still be the set's. */
  async function device(who: Person, size: typeof phone | typeof tablet, path: string): Promise<Page> {
    const context = await browser.newContext({ ...size, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    contexts.push(context);
    await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  /** An empty production through the API: the producer, then the safety advisor, then the crew; the armorer confirmed by the advisor. */
  async function production(name: string): Promise<{ pid: string; crew: Record<keyof typeof people, Person> }> {
    const producerToken = crew0.token;
    const { production } = await callApi<{ production: { id: string } }>(server.url, producerToken, 'POST', '/api/productions', { name, timezone: zone });
    const pid = production.id;
    const crew = { producer: crew0 } as Record<keyof typeof people, Person>;
    const roles = { advisor: 'safety_advisor', firstAd: 'first_ad', performer: 'performer', armorer: 'armorer' } as const;
    for (const key of ['advisor', 'firstAd', 'performer', 'armorer'] as const) {
      const who = { ...people[key], email: `${name.toLowerCase().replace(/\W+/g, '.')}.${people[key].email}` };
      const joined = await joinProduction(server.url, producerToken, pid, who, roles[key]);
      crew[key] = { ...who, ...joined };
    }
    // A deciding role granted once a safety advisor is on the production waits for the advisor's confirmation.
    await callApi(server.url, crew.advisor.token, 'PATCH', `/api/productions/${pid}/members/${crew.armorer.id}`, { roles: ['armorer'] });
    return { pid, crew };
  }

  let crew0: Person;

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, people.producer);
    const { user } = await callApi<{ user: { id: string } }>(server.url, token, 'GET', '/api/me');
    crew0 = { ...people.producer, id: user.id, token };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('on a tablet the 1st AD builds tomorrow from an empty production: location, two scenes, the day in order, the roster with its alerts, the safety meeting; then the armorer checks the revolver out for it', async () => {
    const { pid, crew } = await production('Red Mesa');
    const tomorrow = dateIn(1);
    const page = await device(crew.firstAd, tablet, `/productions/${pid}`);
    const tabs = page.getByRole('navigation', { name: 'Production' });

    // One tap to the schedule, which starts empty.
    await tabs.getByRole('link', { name: 'Schedule' }).click();
    await heading(page, 'Schedule');
    await textOf(page.locator('.sched-section'), 'No shoot days yet.');
    // A tablet uses its width: the days and the scenes sit side by side.
    const daysBox = (await page.getByRole('region', { name: 'Shoot days' }).boundingBox())!;
    const scenesBox = (await page.getByRole('region', { name: 'Scenes' }).boundingBox())!;
    expect(scenesBox.x).toBeGreaterThan(daysBox.x + daysBox.width - 1);

    // The location, with a mistake first: the problem is shown at the field and what was typed stays.
    await page.getByRole('link', { name: 'New location' }).click();
    await heading(page, 'New location');
    await page.getByLabel('Name', { exact: true }).fill('Red Mesa backlot');
    await page.getByLabel('Address (optional)').fill('4200 Mesa Road, Santa Fe, NM');
    await page.getByLabel('Coordinates').fill('35.68 north');
    await page.getByLabel('Hospital', { exact: true }).fill('Christus St. Vincent');
    await page.getByLabel('Hospital address').fill('455 St Michaels Dr, Santa Fe, NM');
    await page.getByLabel('Phone (optional)').fill('+1 505 983 3361');
    await page.getByLabel('Minutes by road (optional)').fill('18');
    await page.getByLabel('Parking and base camp (optional)').fill('Base camp on the gravel lot by gate 2.');
    await page.getByRole('button', { name: 'Add location' }).click();
    await textOf(page.locator('.field-error'), 'Enter latitude and longitude');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('coordinates');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Red Mesa backlot');
    await page.getByLabel('Coordinates').fill('35.6870, -105.9378');
    await page.getByRole('button', { name: 'Add location' }).click();
    await heading(page, 'Red Mesa backlot');
    expect(await page.getByRole('link', { name: 'Open the map of Red Mesa backlot' }).getAttribute('href')).toContain('openstreetmap.org');
    await textOf(page.locator('.sched-facts'), 'Christus St. Vincent');

    // Two scenes, one with firearms and blanks, aimed at nobody.
    await tabs.getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('link', { name: 'New scene' }).click();
    await heading(page, 'New scene');
    await page.getByLabel('Scene number').fill('27');
    await page.getByLabel('Pages').fill('1 3/8');
    await page.getByLabel('What happens').fill('Saloon standoff; Clay draws on the sheriff.');
    await page.getByRole('radio', { name: 'INT', exact: true }).check();
    await page.getByRole('radio', { name: 'Night' }).check();
    await page.getByLabel('Location').selectOption({ label: 'Red Mesa backlot' });
    await page.getByRole('checkbox', { name: 'Firearms' }).check();
    await page.getByRole('checkbox', { name: 'Blanks' }).check();
    await page.getByRole('checkbox', { name: 'Clay Barrett' }).check();
    await page.getByRole('button', { name: 'Add scene' }).click();
    await heading(page, 'Scene 27');
    await textOf(page.locator('.lead'), 'INT · Night · 1 3/8 pages');
    await textOf(page.locator('.lead .sched-ra'), 'Risk assessment missing');
    // The 1st AD assesses it: a control for each hazard.
    const assess = page.getByRole('form', { name: 'Record a risk assessment' });
    await assess.getByLabel('Control for firearms').fill('Armorer hands off on the mark; nobody points at anyone; shields for camera.');
    await assess.getByLabel('Control for blanks').fill('Quarter loads only, 20 ft clear, ear protection for the crew.');
    await assess.getByRole('button', { name: 'Record risk assessment' }).click();
    await textOf(page.locator('.status'), 'Risk assessment recorded: scene 27 is current.');
    await textOf(page.locator('.lead .sched-ra'), 'Risk assessed');

    await tabs.getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('link', { name: 'New scene' }).click();
    await heading(page, 'New scene');
    await page.getByLabel('Scene number').fill('28');
    await page.getByLabel('Pages').fill('3/8');
    await page.getByLabel('What happens').fill('The posse fords the creek at dawn.');
    await page.getByRole('radio', { name: 'EXT', exact: true }).check();
    await page.getByRole('radio', { name: 'Dawn' }).check();
    await page.getByRole('checkbox', { name: 'Animals' }).check();
    await page.getByRole('checkbox', { name: 'Water' }).check();
    await page.getByRole('button', { name: 'Add scene' }).click();
    await heading(page, 'Scene 28');

    // Tomorrow, offered by default; scenes added out of order and put in order with the buttons.
    await tabs.getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('link', { name: 'New shoot day' }).click();
    await heading(page, 'New shoot day');
    expect(await page.getByLabel('Date').inputValue()).toBe(tomorrow);
    await page.getByLabel('General call').fill('06:00');
    await page.getByLabel('Shooting call').fill('07:30');
    await page.getByRole('checkbox', { name: 'Red Mesa backlot' }).check();
    // A scene whose hazards nobody has assessed says so where it is chosen.
    await page.getByLabel('Add a scene').selectOption({ label: 'Scene 28: The posse fords the creek at dawn. (risk assessment missing)' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel('Add a scene').selectOption({ label: 'Scene 27: Saloon standoff; Clay draws on the sheriff.' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Move scene 27 up' }).click();
    // At the top it cannot go up again: focus moves to its "down" button, not to the page's start.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move scene 27 down');
    await textOf(page.getByRole('status'), 'scene 27 moved to position 1 of 2.');
    expect((await page.locator('.sched-order-item strong').allTextContents()).join(' / ')).toBe('Scene 27 / Scene 28');
    await page.getByRole('button', { name: 'Add shoot day' }).click();
    await heading(page, words(tomorrow));
    await textOf(page.locator('.notice'), 'is on the schedule. Now its roster.');

    // The roster: beside the day on a tablet. Without an armorer the day with firearms raises F3.
    const roster = page.getByRole('region', { name: 'Duty roster' });
    const dayBox = (await page.getByRole('form', { name: 'The day' }).boundingBox())!;
    const rosterBox = (await roster.boundingBox())!;
    expect(rosterBox.x).toBeGreaterThan(dayBox.x + dayBox.width - 1);
    await roster.getByLabel('Person').selectOption({ label: 'Sam Whitlock (1st AD)' });
    expect(await roster.getByLabel('Duty').inputValue()).toBe('first_ad');
    await roster.getByRole('button', { name: 'Add to roster' }).click();
    await roster.getByRole('button', { name: 'Save roster' }).click();
    const alerts = roster.locator('.sched-alerts');
    expect(await textOf(alerts, 'F3')).toContain(`No armorer is booked on ${words(tomorrow)}, a day with firearm scenes.`);
    expect(await alerts.evaluate((el) => el === document.activeElement)).toBe(true);

    // The armorer, who also takes props: F2, shown where the eye is.
    await roster.getByLabel('Person').selectOption({ label: 'Hank Morrow (Armorer)' });
    expect(await roster.getByLabel('Duty').inputValue()).toBe('armorer');
    await roster.getByRole('button', { name: 'Add to roster' }).click();
    await roster.getByLabel('Person').selectOption({ label: 'Hank Morrow (Armorer)' });
    await roster.getByLabel('Duty').selectOption({ label: 'Props' });
    await roster.getByRole('button', { name: 'Add to roster' }).click();
    await roster.getByLabel('Person').selectOption({ label: 'Clay Barrett (Performer)' });
    await roster.getByRole('button', { name: 'Add to roster' }).click();
    await roster.getByRole('button', { name: 'Save roster' }).click();
    expect(await textOf(alerts, 'F2')).toContain('The armorer also holds props today.');
    expect(await alerts.textContent()).not.toContain('F3');
    const inView = await alerts.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    await roster.getByRole('button', { name: 'Take Hank Morrow off as Props' }).click();
    await roster.getByRole('button', { name: 'Save roster' }).click();
    await textOf(roster.getByRole('status'), 'Roster saved. It raises no F2 or F3 alert.');
    expect(await roster.locator('.sched-duty').allTextContents()).toEqual(['Hank MorrowArmorer✕', 'Sam Whitlock1st AD✕', 'Clay BarrettPerformer✕']);

    // The safety meeting (F5), with a missing plan first: the ticks stay.
    await page.getByRole('link', { name: 'Mark safety meeting done' }).click();
    await heading(page, 'Safety meeting');
    for (const name of ['Sam Whitlock', 'Hank Morrow', 'Clay Barrett']) await page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
    expect(await page.getByRole('checkbox', { name: /^Scene 27/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Record the meeting' }).click();
    await textOf(page.locator('.field-error'), 'Say how anyone calls off the action');
    expect(await page.getByRole('checkbox', { name: /^Hank Morrow/ }).isChecked()).toBe(true);
    await page.getByLabel('Abort plan').fill('Anyone calls "cease fire"; Hank clears the revolver; nobody moves until he says cold.');
    await page.getByLabel('Emergency plan').fill('Medic at video village; Christus St. Vincent, 18 min by gate 2; Sam calls 911.');
    await page.getByRole('button', { name: 'Record the meeting' }).click();

    // It lands on that day as the crew sees it: the scenes in order, the meeting, the armorer.
    await heading(page, words(tomorrow));
    await textOf(page.locator('.notice'), 'Safety meeting recorded');
    expect((await page.locator('.today-scene-number').allTextContents()).join(' / ')).toBe('Scene 27 / Scene 28');
    const safety = page.getByRole('region', { name: 'Safety' });
    await textOf(safety, 'Hank Morrow');
    await textOf(safety, 'scenes 27, 28, walked through');
    await textOf(page.locator('.today-call-sub'), 'General call 06:00 · Shooting call 07:30');

    // The armorer, on the same server, checks the revolver out for that day (custody is the armory's screen).
    const { armorer, producer } = crew;
    await callApi(server.url, producer.token, 'POST', `/api/productions/${pid}/trainings`, { userId: armorer.id, course: 'firearms_safety', completedOn: dateIn(-30) });
    const { firearm } = await callApi<{ firearm: { id: string } }>(server.url, armorer.token, 'POST', `/api/productions/${pid}/firearms`, {
      serial: 'SA-1873-0042',
      make: 'Colt',
      model: 'Single Action Army',
      kind: 'blank_firing',
    });
    const { shootDays } = await callApi<{ shootDays: Array<{ id: string; date: string; sceneIds: string[] }> }>(server.url, armorer.token, 'GET', `/api/productions/${pid}/schedule`);
    const day = shootDays.find((d) => d.date === tomorrow)!;
    const out = await callApi<{ firearm: { state: string; holderId: string } }>(server.url, armorer.token, 'POST', `/api/productions/${pid}/firearms/${firearm.id}/events`, {
      type: 'check_out',
      shootDayId: day.id,
    });
    expect(out.firearm).toMatchObject({ state: 'with_armorer', holderId: armorer.id });
    expect(violations.flat()).toEqual([]);
  });

  it('on a phone Today shows the performer’s call and the scenes with their hazards, and a stale marker once the 1st AD changes a scene’s hazards', async () => {
    const { pid, crew } = await production('Dry Creek');
    const today = dateIn(0);
    const { firstAd, advisor, performer } = crew;
    const inProduction = <T>(who: Person, method: string, path: string, body?: unknown) => callApi<T>(server.url, who.token, method, `/api/productions/${pid}${path}`, body);
    const { scene: stunt } = await inProduction<{ scene: { id: string } }>(firstAd, 'POST', '/scenes', {
      number: '12',
      description: 'Clay is thrown through the saloon window.',
      hazards: ['stunts'],
      intExt: 'INT',
      timeOfDay: 'day',
      eighths: 6,
      castIds: [performer.id],
    });
    const { scene: chase } = await inProduction<{ scene: { id: string } }>(firstAd, 'POST', '/scenes', {
      number: '14',
      description: 'Wagon chase along the creek bed.',
      hazards: ['vehicles', 'animals'],
      intExt: 'EXT',
      timeOfDay: 'day',
      eighths: 10,
    });
    const { shootDay } = await inProduction<{ shootDay: { id: string } }>(firstAd, 'POST', '/shoot-days', { date: today, sceneIds: [stunt.id, chase.id], generalCall: '07:00', shootingCall: '08:00' });
    await inProduction(firstAd, 'PUT', `/shoot-days/${shootDay.id}/times`, { times: [{ userId: performer.id, call: instantIn(today, '06:15'), wrap: instantIn(today, '18:45') }] });
    await inProduction(advisor, 'POST', `/scenes/${stunt.id}/risk-assessments`, {
      hazards: ['stunts'],
      controls: [{ hazard: 'stunts', control: 'Sugar glass, pads under the window, stunt double rehearses twice.' }],
    });

    // The performer opens the production on a phone: Today is the first tab.
    const pocket = await device(performer, phone, `/productions/${pid}`);
    const tabs = pocket.getByRole('navigation', { name: 'Production' });
    const todayTab = tabs.getByRole('link', { name: 'Today' });
    expect((await todayTab.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await todayTab.click();
    await heading(pocket, 'Today');
    // The call is the set's 06:15 although the phone is set to Tokyo.
    expect(await textOf(pocket.locator('.today-call'), '06:15')).toContain('General call 07:00 · Shooting call 08:00');
    const scenes = pocket.locator('.today-scene');
    expect(await scenes.count()).toBe(2);
    expect(await textOf(scenes.nth(0), 'Scene 12')).toMatch(/INT · Day · 6\/8 page.*Stunts/);
    expect(await scenes.nth(0).locator('.sched-ra').count()).toBe(0);
    expect(await textOf(scenes.nth(1), 'Scene 14')).toMatch(/EXT · Day · 1 2\/8 pages.*Vehicles.*Animals.*Risk assessment missing/);
    expect(await pocket.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The 1st AD adds pyro to scene 12 on her phone: S5 says at once that its assessment is stale.
    const adPhone = await device(firstAd, phone, `/productions/${pid}/schedule`);
    await heading(adPhone, 'Schedule');
    // First a refusal: scene 14 exists. It is brought into view and announced, and what was typed stays.
    await adPhone.getByRole('link', { name: 'New scene' }).click();
    await heading(adPhone, 'New scene');
    await adPhone.getByLabel('Scene number').fill('14');
    await adPhone.getByLabel('What happens').fill('The wagon overturns in the creek.');
    await adPhone.getByRole('checkbox', { name: 'Water' }).check();
    await adPhone.getByRole('button', { name: 'Add scene' }).click();
    const refusal = adPhone.getByRole('form', { name: 'New scene' }).getByRole('alert');
    await textOf(refusal, 'Scene 14 already exists on this production.');
    expect(await refusal.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight && el === document.activeElement;
    })).toBe(true);
    expect(await adPhone.getByLabel('What happens').inputValue()).toBe('The wagon overturns in the creek.');
    expect(await adPhone.getByRole('checkbox', { name: 'Water' }).isChecked()).toBe(true);
    await adPhone.getByRole('navigation', { name: 'Production' }).getByRole('link', { name: 'Schedule' }).click();
    await heading(adPhone, 'Schedule');
    await adPhone.getByRole('link', { name: 'Scene 12' }).click();
    await heading(adPhone, 'Scene 12');
    await adPhone.getByRole('form', { name: 'Scene 12' }).getByRole('checkbox', { name: 'Pyrotechnics' }).check();
    await adPhone.getByRole('button', { name: 'Save scene' }).click();
    const stale = adPhone.locator('.sched-alerts');
    expect(await textOf(stale, 'S5')).toContain('Scene 12: hazards changed: added pyro.');
    expect(await stale.evaluate((el) => el === document.activeElement)).toBe(true);

    // On the performer's phone, Today again (two taps away from anywhere): scene 12 is marked stale, with the reason.
    await tabs.getByRole('link', { name: 'Home' }).click();
    await todayTab.click();
    await heading(pocket, 'Today');
    const marker = await textOf(scenes.nth(0).locator('.sched-ra'), 'stale');
    expect(marker).toBe('Risk assessment stale: hazards changed: added pyro');
    expect(await textOf(scenes.nth(0), 'Scene 12')).toContain('Pyrotechnics');
    expect(violations.flat()).toEqual([]);
  });

  it('on a tablet the 1st AD records hours as the set’s clock reads them: a wrap after midnight lands on the next day, and a short turnaround is warned (S3)', async () => {
    const { pid, crew } = await production('Salt Flat');
    const { firstAd, performer } = crew;
    const [yesterday, today, tomorrow] = [dateIn(-1), dateIn(0), dateIn(1)];
    const inProduction = <T>(method: string, path: string, body?: unknown) => callApi<T>(server.url, firstAd.token, method, `/api/productions/${pid}${path}`, body);
    const { scene } = await inProduction<{ scene: { id: string } }>('POST', '/scenes', { number: '3', description: 'Clay rides into town.', hazards: ['animals'] });
    const before = await inProduction<{ shootDay: { id: string } }>('POST', '/shoot-days', { date: yesterday, sceneIds: [scene.id], generalCall: '06:00' });
    await inProduction('PUT', `/shoot-days/${before.shootDay.id}/times`, { times: [{ userId: performer.id, call: instantIn(yesterday, '06:00'), wrap: instantIn(yesterday, '22:00') }] });
    const { shootDay } = await inProduction<{ shootDay: { id: string } }>('POST', '/shoot-days', { date: today, sceneIds: [scene.id], generalCall: '07:00' });
    await inProduction('PUT', `/shoot-days/${shootDay.id}/duties`, { duties: [{ userId: performer.id, duty: 'performer' }] });

    const page = await device(firstAd, tablet, `/productions/${pid}/schedule`);
    await heading(page, 'Schedule');
    // Two taps from the schedule: the day's "Hours".
    await page.getByRole('listitem', { name: words(today) }).getByRole('link', { name: 'Hours' }).click();
    await page.getByLabel('Clay Barrett: call').fill('07:00');
    await page.getByLabel('Clay Barrett: wrap').fill('01:30');
    await textOf(page.locator('.sched-hour-sum'), '18 h 30 min');
    expect(await page.locator('.sched-hour-sum').textContent()).toContain(`wrap on ${new Date(`${tomorrow}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })}`);
    await page.getByRole('button', { name: 'Save hours' }).click();
    const warning = page.locator('.sched-alerts');
    expect(await textOf(warning, 'S3')).toMatch(/Clay Barrett, turnaround: 9 h between the wrap \([^)]*22:00\) and the call \([^)]*07:00\); the agreement is 12 h\./);
    expect(await warning.evaluate((el) => el === document.activeElement)).toBe(true);

    const { times } = await inProduction<{ times: Array<{ userId: string; call: string; wrap: string }> }>('GET', `/shoot-days/${shootDay.id}/times`);
    expect(times.map((t) => ({ ...t, call: new Date(t.call).toISOString(), wrap: new Date(t.wrap).toISOString() }))).toEqual([
      expect.objectContaining({ userId: performer.id, call: instantIn(today, '07:00'), wrap: instantIn(tomorrow, '01:30') }),
    ]);
    expect(violations.flat()).toEqual([]);
  });

  it('on a phone the safety advisor confirms the rest agreement the producer proposed: nobody changes it alone (S3)', async () => {
    const { pid, crew } = await production('Long Night');
    const proposal = { turnaroundHours: { crew: 11, performer: 12 }, weeklyHours: 58, weekendRestHours: { afterFiveDays: 54, afterSixDays: 32 } };
    await callApi(server.url, crew.producer.token, 'PUT', `/api/productions/${pid}/rest-agreement`, proposal);

    const page = await device(crew.advisor, phone, `/productions/${pid}/schedule`);
    await heading(page, 'Schedule');
    await page.getByRole('link', { name: 'Rest agreement' }).first().click();
    await heading(page, 'Rest agreement');
    const proposed = page.getByRole('region', { name: 'Proposed by Rosa Vance' });
    expect(await textOf(proposed, 'Waiting for the safety advisor to confirm.')).toContain('11 h between a wrap and the next call');
    await proposed.getByRole('button', { name: 'Confirm these figures' }).click();
    await textOf(page.getByRole('status'), 'The agreement is in force.');
    expect(await textOf(page.getByRole('region', { name: 'In force' }), '11 h')).toContain('over 58 h is flagged for a fatigue review');
    expect(await page.getByRole('region', { name: /^Proposed by/ }).count()).toBe(0);
    expect(violations.flat()).toEqual([]);
  });
});
