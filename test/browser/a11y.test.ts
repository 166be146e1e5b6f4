import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { callApi, joinProduction, signInContext } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';
import { addDays, instantOf, localDate } from '../../src/domain/schedule/calendar.js';

const zone = 'America/Denver';
const today = () => localDate(new Date(), zone);

/** WCAG 2.0 and 2.1, levels A and AA: what axe checks on every screen. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Person {
  name: string;
  email: string;
  password: string;
  id: string;
  token: string;
}

interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}
interface AxeResults {
  violations: AxeResult[];
  passes: AxeResult[];
  incomplete: AxeResult[];
  inapplicable: AxeResult[];
}

const people = {
  producer: { name: 'Rosa Vance', email: 'rosa@redmesa.test', password: 'wide-lens-at-dawn' },
  advisor: { name: 'Ines Okafor', email: 'ines@redmesa.test', password: 'safety-first-always' },
  firstAd: { name: 'Sam Whitlock', email: 'sam@redmesa.test', password: 'call-sheet-0600' },
  performer: { name: 'Clay Barrett', email: 'clay@redmesa.test', password: 'saloon-standoff-27' },
  armorer: { name: 'Hank Morrow', email: 'hank@redmesa.test', password: 'cold-gun-on-cart' },
  dp: { name: 'Teo Lindqvist', email: 'teo@redmesa.test', password: 'zeiss-supreme-32' },
};
type Who = keyof typeof people;

/** One screen of the app: who opens it (nobody for the public pages) and its address. */
interface Screen {
  name: string;
  who: Who | null;
  path: string;
}

const sizes = { phone, tablet } as const;

describe('every screen is usable with a screen reader and a keyboard: axe finds no WCAG 2.1 AA violation, at phone and tablet sizes', () => {
  let server: RunningServer;
  let browser: Browser;
  let axeSource: string;
  const contexts: BrowserContext[] = [];
  const crew = {} as Record<Who, Person>;
  let pid: string;
  let setCode: string;
  let screens: Screen[];
  const rulesChecked = new Set<string>();
  /** rules that found something to check and passed it, somewhere */
  const rulesPassed = new Set<string>();

  /** A device of `who` (or of nobody) at a size, in a theme the device chose, or following the system. */
  async function device(who: Who | null, size: keyof typeof sizes, theme?: 'outdoor' | 'night'): Promise<Page> {
    const context = await browser.newContext({ ...sizes[size], locale: 'en-US', timezoneId: zone });
    contexts.push(context);
    if (who) await signInContext(context, server.url, crew[who].token);
    if (theme) await context.addInitScript((chosen) => localStorage.setItem('setbook.theme', chosen), theme);
    return context.newPage();
  }

  /** Opens a path and waits until the screen has its heading and has finished loading. */
  async function open(page: Page, path: string): Promise<void> {
    await page.goto(`${server.url}${path}`);
    await page.locator('h1').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForFunction(() => !/Loading/.test(document.querySelector('main')?.textContent ?? document.body.textContent ?? ''), undefined, { timeout: 10_000 });
    // Fonts and late layout settle before colours are measured.
    await page.waitForTimeout(150);
  }

  /** Runs axe on the page as it stands (WCAG 2.1 AA, or only the rules named); answers one line per violation. */
  async function audit(page: Page, where: string, rules?: string[]): Promise<string[]> {
    // The server's CSP refuses inline scripts, so axe is evaluated through the DevTools protocol instead of a script tag.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: WCAG_AA };
    const results = (await page.evaluate(
      (only) => (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }).axe.run(document, { runOnly: only }),
      runOnly,
    )) as AxeResults;
    for (const list of [results.passes, results.violations, results.incomplete, results.inapplicable]) for (const rule of list) rulesChecked.add(rule.id);
    for (const rule of results.passes) rulesPassed.add(rule.id);
    return results.violations.flatMap((v) => v.nodes.map((node) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(node.target)}: ${node.failureSummary ?? ''}`));
  }

  beforeAll(async () => {
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    server = await startServer();
    const { token } = await setUpFirstUser(server, people.producer);
    const { user } = await callApi<{ user: { id: string } }>(server.url, token, 'GET', '/api/me');
    crew.producer = { ...people.producer, id: user.id, token };
    const { production } = await callApi<{ production: { id: string; setCode: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Red Mesa', timezone: zone });
    pid = production.id;
    setCode = production.setCode;
    const roles = { advisor: 'safety_advisor', firstAd: 'first_ad', performer: 'performer', armorer: 'armorer', dp: 'department_head' } as const;
    for (const key of Object.keys(roles) as Array<keyof typeof roles>) crew[key] = { ...people[key], ...(await joinProduction(server.url, token, pid, people[key], roles[key])) };
    const as = <T>(who: Who, method: string, path: string, body?: unknown) => callApi<T>(server.url, crew[who].token, method, `/api/productions/${pid}${path}`, body);
    await as('advisor', 'PATCH', `/members/${crew.armorer.id}`, { roles: ['armorer'] });

    // A day shooting today: a location with its hospital, a firearm scene assessed by the advisor, the roster.
    const { location } = await as<{ location: { id: string } }>('firstAd', 'POST', '/locations', {
      name: 'Red Mesa backlot',
      address: '4200 Mesa Road, Santa Fe, NM',
      latitude: 35.687,
      longitude: -105.9378,
      hospital: { name: 'Christus St. Vincent', address: '455 St Michaels Dr, Santa Fe, NM', phone: '+1 505 983 3361', driveMinutes: 18 },
      parking: 'Base camp on the gravel lot by gate 2.',
    });
    const { scene } = await as<{ scene: { id: string } }>('firstAd', 'POST', '/scenes', {
      locationId: location.id,
      number: '27',
      description: 'The saloon standoff: Clay fires twice at the mirror.',
      hazards: ['firearms', 'blanks'],
      intExt: 'INT',
      timeOfDay: 'night',
      eighths: 11,
      castIds: [crew.performer.id],
    });
    await as('advisor', 'POST', `/scenes/${scene.id}/risk-assessments`, {
      hazards: ['firearms', 'blanks'],
      controls: [
        { hazard: 'firearms', control: 'Hank hands the revolver over on the mark and takes it back after cut.' },
        { hazard: 'blanks', control: 'Quarter loads, 20 ft clear of the mirror, shields for camera.' },
      ],
    });
    const { shootDay } = await as<{ shootDay: { id: string } }>('firstAd', 'POST', '/shoot-days', {
      date: today(),
      sceneIds: [scene.id],
      locationIds: [location.id],
      generalCall: '06:00',
      shootingCall: '07:30',
    });
    await as('firstAd', 'PUT', `/shoot-days/${shootDay.id}/duties`, {
      duties: [
        { userId: crew.firstAd.id, duty: 'first_ad' },
        { userId: crew.armorer.id, duty: 'armorer' },
        { userId: crew.performer.id, duty: 'performer' },
      ],
    });
    await as('firstAd', 'PUT', `/shoot-days/${shootDay.id}/times`, {
      times: [{ userId: crew.performer.id, call: instantOf(today(), '06:15', zone).toISOString(), wrap: instantOf(addDays(today(), 0), '18:00', zone).toISOString() }],
    });
    const { firearm } = await as<{ firearm: { id: string } }>('armorer', 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' });
    const { concern } = await as<{ concern: { id: string } }>('performer', 'POST', '/concerns', {
      category: 'firearms',
      severity: 'high',
      description: 'The revolver was left on the cart with nobody watching it.',
      location: 'Saloon set',
    });
    const { notebook } = await as<{ notebook: { id: string } }>('producer', 'POST', '/notebooks', { department: 'Camera', headId: crew.dp.id });
    const { entry } = await as<{ entry: { id: string } }>('dp', 'POST', `/notebooks/${notebook.id}/entries`, {
      kind: 'equipment',
      title: 'Zeiss Supreme Primes',
      fields: { make: 'Zeiss', series: 'Supreme', mount: 'PL' },
    });
    const { callSheet } = await as<{ callSheet: { id: string } }>('firstAd', 'POST', `/shoot-days/${shootDay.id}/call-sheets`, {});
    await as('firstAd', 'POST', `/call-sheets/${callSheet.id}/publish`, {});
    const { recipients } = await as<{ recipients: Array<{ userId: string; link: string }> }>('firstAd', 'GET', `/call-sheets/${callSheet.id}/recipients`);
    const sheetLink = new URL(recipients.find((r) => r.userId === crew.performer.id)!.link);

    const base = `/productions/${pid}`;
    screens = [
      { name: 'sign-in', who: null, path: '/sign-in' },
      { name: 'follow-up', who: null, path: '/follow-up' },
      { name: 'set stop page', who: null, path: `/s/${production.setCode}` },
      { name: 'set concern page', who: null, path: `/s/${production.setCode}/concern` },
      { name: 'public call sheet', who: null, path: sheetLink.pathname },
      { name: 'productions', who: 'producer', path: '/productions' },
      { name: 'account', who: 'producer', path: '/account' },
      { name: 'home', who: 'producer', path: base },
      { name: 'today', who: 'performer', path: `${base}/today` },
      { name: 'schedule', who: 'firstAd', path: `${base}/schedule` },
      { name: 'shoot day', who: 'firstAd', path: `${base}/schedule/days/${shootDay.id}` },
      { name: 'scene', who: 'firstAd', path: `${base}/schedule/scenes/${scene.id}` },
      { name: 'location', who: 'firstAd', path: `${base}/schedule/locations/${location.id}` },
      { name: 'light', who: 'firstAd', path: `${base}/schedule/locations/${location.id}/light` },
      { name: 'call sheet editor', who: 'firstAd', path: `${base}/schedule/days/${shootDay.id}/call-sheet` },
      { name: 'armory board', who: 'armorer', path: `${base}/armory` },
      { name: 'firearm', who: 'armorer', path: `${base}/armory/${firearm.id}` },
      { name: 'stops', who: 'producer', path: `${base}/stops` },
      { name: 'concerns', who: 'advisor', path: `${base}/concerns` },
      { name: 'concern', who: 'advisor', path: `${base}/concerns/${concern.id}` },
      { name: 'report a concern', who: 'performer', path: `${base}/concerns/new` },
      { name: 'escalation', who: 'advisor', path: `${base}/escalation` },
      { name: 'members', who: 'producer', path: `${base}/members` },
      { name: 'member', who: 'producer', path: `${base}/members/${crew.armorer.id}` },
      { name: 'ledger', who: 'producer', path: `${base}/ledger` },
      { name: 'notebooks', who: 'dp', path: `${base}/notebooks` },
      { name: 'notebook', who: 'dp', path: `${base}/notebooks/${notebook.id}` },
      { name: 'notebook entry', who: 'dp', path: `${base}/notebooks/${notebook.id}/entries/${entry.id}` },
    ];
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  for (const size of Object.keys(sizes) as Array<keyof typeof sizes>) {
    it(`on a ${size}, every screen of the app and its open menus`, async () => {
      const violations: string[] = [];
      const pages = new Map<Who | 'nobody', Page>();
      for (const screen of screens) {
        const key = screen.who ?? 'nobody';
        const page = pages.get(key) ?? (await device(screen.who, size));
        pages.set(key, page);
        await open(page, screen.path);
        violations.push(...(await audit(page, `${screen.name} (${size})`)));
      }
      // The top bar's menus, open: the production switcher and the account menu.
      const producer = pages.get('producer')!;
      await open(producer, `/productions/${pid}`);
      for (const menu of [/^Production: /, /^Account: /]) {
        await producer.getByRole('button', { name: menu }).click();
        violations.push(...(await audit(producer, `${menu.source} menu (${size})`)));
        await producer.keyboard.press('Escape');
      }
      console.log(`axe (${size}): ${screens.length} screens and 2 menus, ${rulesChecked.size} rules, ${violations.length} violations`);
      expect(violations).toEqual([]);
    });
  }

  it('the outdoor and night themes: chosen in the account menu, kept on the device, the system’s wish for more contrast by default; Today, the armory board and STOP pass axe in each', async () => {
    // Chosen in the account menu, by keyboard, and still chosen after a reload.
    const page = await device('performer', 'phone');
    await open(page, `/productions/${pid}/today`);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('auto');
    await page.getByRole('button', { name: /^Account: / }).click();
    const screen = page.getByRole('group', { name: 'Screen' });
    await screen.getByRole('radio', { name: /^Night/ }).focus();
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('night');
    await page.reload();
    await page.locator('h1').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('night');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 6, 6)');

    // A device asking for more contrast gets the outdoor theme until someone chooses otherwise.
    const context = await browser.newContext({ ...phone, contrast: 'more' });
    contexts.push(context);
    await signInContext(context, server.url, crew.performer.token);
    const bright = await context.newPage();
    await open(bright, `/productions/${pid}/today`);
    expect(await bright.evaluate(() => document.documentElement.dataset.theme)).toBe('outdoor');

    const violations: string[] = [];
    for (const theme of ['outdoor', 'night'] as const) {
      for (const size of Object.keys(sizes) as Array<keyof typeof sizes>) {
        const performer = await device('performer', size, theme);
        await open(performer, `/productions/${pid}/today`);
        violations.push(...(await audit(performer, `today (${theme}, ${size})`)));
        await open(performer, `/productions/${pid}/stops`);
        violations.push(...(await audit(performer, `stops (${theme}, ${size})`)));
        // The STOP button's sheet, open.
        await performer.getByRole('button', { name: 'STOP work' }).click();
        await performer.getByRole('dialog').waitFor();
        violations.push(...(await audit(performer, `STOP sheet (${theme}, ${size})`)));
        const armorer = await device('armorer', size, theme);
        await open(armorer, `/productions/${pid}/armory`);
        violations.push(...(await audit(armorer, `armory board (${theme}, ${size})`)));
        const nobody = await device(null, size, theme);
        await open(nobody, `/s/${setCode}`);
        violations.push(...(await audit(nobody, `set stop page (${theme}, ${size})`)));
      }
    }
    expect(violations).toEqual([]);
  });

  it('a raised stop: its takeover, then the stop page and the banner once acknowledged', async () => {
    const { stop } = await callApi<{ stop: { id: string } }>(server.url, crew.firstAd.token, 'POST', `/api/productions/${pid}/stops`, { reason: 'Frayed safety line on the crane' });
    const violations: string[] = [];
    for (const size of Object.keys(sizes) as Array<keyof typeof sizes>) {
      const page = await device('performer', size);
      await page.goto(`${server.url}/productions/${pid}/stops/${stop.id}`);
      const takeover = page.getByRole('alertdialog');
      await takeover.waitFor({ state: 'visible', timeout: 10_000 });
      violations.push(...(await audit(page, `stop takeover (${size})`)));
      await takeover.getByRole('button').first().click();
      await takeover.waitFor({ state: 'hidden', timeout: 10_000 });
      await page.waitForTimeout(150);
      violations.push(...(await audit(page, `stop page with its banner (${size})`)));
    }
    expect(violations).toEqual([]);
  });

  it('in the outdoor and night themes on a phone: today, the board, a firearm, the stop takeover, the call sheet and a notebook pass axe; outdoor holds 7:1 contrast, night shows nothing pure white', async () => {
    const path = (name: string) => screens.find((screen) => screen.name === name)!.path;
    const as = <T>(who: Who, method: string, url: string, body?: unknown) => callApi<T>(server.url, crew[who].token, method, `/api/productions/${pid}${url}`, body);
    const liftAll = async () => {
      const { stops } = await as<{ stops: Array<{ id: string; status: string }> }>('advisor', 'GET', '/stops');
      for (const stop of stops.filter((s) => s.status === 'active')) {
        await as('advisor', 'POST', `/stops/${stop.id}/lift`, {
          resolution: 'Made safe and checked by the safety advisor.',
          confirmations: [
            { userId: crew.advisor.id, pin: '4826' },
            { userId: crew.firstAd.id, pin: '4826' },
          ],
        });
      }
    };
    await liftAll();
    const views: Array<{ name: string; who: Who | null; path: string }> = [
      { name: 'today', who: 'performer', path: path('today') },
      { name: 'armory board', who: 'armorer', path: path('armory board') },
      { name: 'firearm', who: 'armorer', path: path('firearm') },
      { name: 'public call sheet', who: null, path: path('public call sheet') },
      { name: 'call sheet editor', who: 'firstAd', path: path('call sheet editor') },
      { name: 'notebook', who: 'dp', path: path('notebook') },
    ];

    /** Anything drawn in pure white: text, background or a visible border (the QR codes' light modules excepted, which scanners need). */
    const pureWhite = (page: Page) =>
      page.evaluate(() => {
        const white = 'rgb(255, 255, 255)';
        const found: string[] = [];
        for (const element of document.querySelectorAll<HTMLElement>('body *')) {
          if (element.closest('svg, .qr, .poster-qr, [class*="qr"]')) continue;
          const box = element.getBoundingClientRect();
          if (box.width === 0 || box.height === 0) continue;
          const style = getComputedStyle(element);
          const sides = (['Top', 'Right', 'Bottom', 'Left'] as const).filter((side) => style.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none' && parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0);
          const hasText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
          const what = [
            hasText && style.color === white ? 'text' : '',
            style.backgroundColor === white ? 'background' : '',
            sides.some((side) => style.getPropertyValue(`border-${side.toLowerCase()}-color`) === white) ? 'border' : '',
          ].filter(Boolean);
          if (what.length > 0) found.push(`${element.tagName.toLowerCase()}.${[...element.classList].join('.')} (${what.join(', ')})`);
        }
        return [...new Set(found)];
      });

    const violations: string[] = [];
    const check = async (page: Page, theme: 'outdoor' | 'night', where: string) => {
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      violations.push(...(await audit(page, `${where} (${theme})`)));
      // Outdoor is for sunlight: every text holds WCAG AAA's 7:1 (4.5:1 for large text), not only AA's 4.5:1.
      if (theme === 'outdoor') violations.push(...(await audit(page, `${where} (outdoor, AAA contrast)`, ['color-contrast-enhanced'])));
      if (theme === 'night') violations.push(...(await pureWhite(page)).map((element) => `${where} (night): pure white ${element}`));
    };
    for (const theme of ['outdoor', 'night'] as const) {
      for (const view of views) {
        const page = await device(view.who, 'phone', theme);
        await open(page, view.path);
        await check(page, theme, view.name);
      }
      // The top bar's menu buttons: framed in the bar's own text colour, never white at night.
      const page = await device('performer', 'phone', theme);
      await open(page, path('today'));
      const frame = await page.getByRole('button', { name: /^Account: / }).evaluate((button) => getComputedStyle(button).borderTopColor);
      expect({ theme, frame }).toEqual({ theme, frame: theme === 'night' ? 'rgb(232, 201, 189)' : 'rgb(255, 255, 255)' });
    }

    // A stop raised elsewhere: the takeover on a phone in each theme.
    await as('firstAd', 'POST', '/stops', { reason: 'Loose sandbag over the walkway', location: 'Stage 2' });
    try {
      for (const theme of ['outdoor', 'night'] as const) {
        const page = await device('performer', 'phone', theme);
        await page.goto(`${server.url}${path('today')}`);
        await page.getByRole('alertdialog').waitFor({ state: 'visible', timeout: 10_000 });
        await page.waitForTimeout(150);
        await check(page, theme, 'stop takeover');
      }
    } finally {
      await liftAll();
    }
    expect(violations).toEqual([]);
    // The AAA check ran on real text, not on nothing.
    expect(rulesPassed).toContain('color-contrast-enhanced');
    // Twelve screens and two takeovers, each checked twice or three times: longer than one screen's test.
  }, 240_000);
});
