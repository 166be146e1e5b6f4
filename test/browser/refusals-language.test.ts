// A safety rule refuses in the reader's language: a Spanish-speaking armorer
// reads why a firearm cannot leave storage yet, and why the day cannot wrap,
// in Spanish, while the ledger and the API keep the English reason.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const producer = { name: 'Rosa Vance', email: 'rosa@rioarriba.test', password: 'wide-lens-at-dawn' };
const armorer = { name: 'Ramón Chávez', email: 'ramon@rioarriba.test', password: 'cold-gun-on-cart' };

/** The armorer's tablet on the cart. */
const cartTablet = { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

describe('safety refusals in Spanish', () => {
  let server: RunningServer;
  let browser: Browser;
  let pid: string;
  let fid: string;
  let shootDayId: string;
  let producerToken: string;
  let armorerId: string;
  let armorerToken: string;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Denver', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const inProduction = <T>(token: string, method: string, path: string, body?: unknown) => callApi<T>(server.url, token, method, `/api/productions/${pid}${path}`, body);

  beforeAll(async () => {
    server = await startServer();
    producerToken = (await setUpFirstUser(server, producer)).token;
    pid = (await callApi<{ production: { id: string } }>(server.url, producerToken, 'POST', '/api/productions', { name: 'Río Arriba', timezone: 'America/Denver' })).production.id;
    ({ id: armorerId, token: armorerToken } = await joinProduction(server.url, producerToken, pid, armorer, 'armorer'));
    await inProduction(producerToken, 'POST', '/trainings', { userId: armorerId, course: 'firearms_safety', completedOn: '2026-10-30' });
    const { scene } = await inProduction<{ scene: { id: string } }>(producerToken, 'POST', '/scenes', { number: '12', description: 'Cantina standoff', hazards: ['firearms', 'blanks'] });
    // Today is on the schedule, but nobody is rostered as its armorer yet (F1).
    shootDayId = (await inProduction<{ shootDay: { id: string } }>(producerToken, 'POST', '/shoot-days', { date: today, sceneIds: [scene.id], location: 'Abiquiú mesa' })).shootDay.id;
    fid = (await inProduction<{ firearm: { id: string } }>(armorerToken, 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' })).firearm.id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  /** The armorer's tablet, set to Spanish on this device before the app loads. */
  async function spanishTablet(path: string): Promise<Page> {
    const context = await browser.newContext({ ...cartTablet, timezoneId: 'America/Denver', locale: 'en-US' });
    contexts.push(context);
    await context.addInitScript(() => localStorage.setItem('setbook.locale', 'es'));
    await signInContext(context, server.url, armorerToken);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  it('the firearm page says in Spanish why it cannot be checked out yet', async () => {
    const page = await spanishTablet(`/productions/${pid}/armory/${fid}`);
    await heading(page, 'Arma de fuego');
    const notYet = page.getByRole('listitem', { name: 'Sacar: todavía no' });
    const said = await textOf(notYet, 'F1');
    expect(said).toContain('F1 No hay armero en el rol de turnos de este día de rodaje. Primero asigna a un miembro con el rol de armero.');
    expect(said).not.toContain('No armorer');
    expect(violations.flat()).toEqual([]);
  });

  it('a refused wrap lists its refusals in Spanish; the API still gives the English reason with its key', async () => {
    await inProduction(producerToken, 'PUT', `/shoot-days/${shootDayId}/duties`, { duties: [{ userId: armorerId, duty: 'armorer' }] });
    const { firearm } = await inProduction<{ firearm: { version: number } }>(armorerToken, 'GET', `/firearms/${fid}`);
    await inProduction(armorerToken, 'POST', `/firearms/${fid}/events`, { type: 'check_out', shootDayId, version: firearm.version });

    const page = await spanishTablet(`/productions/${pid}/armory`);
    await heading(page, 'Armería');
    const wrap = page.getByRole('form', { name: 'Cerrar el día' });
    await wrap.getByRole('button', { name: 'Cerrar el día' }).click();
    const refused = await textOf(page.locator('.refusals'), 'F9');
    expect(refused).toContain('F9 Colt Single Action Army (SA-1873-0042) no ha vuelto al almacén. Recíbela y guárdala antes del cierre.');
    expect(refused).not.toContain('not back in storage');

    const answer = await fetch(`${server.url}/api/productions/${pid}/armory/wrap`, {
      method: 'POST',
      headers: { authorization: `Bearer ${armorerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ shootDayId }),
    });
    expect(answer.status).toBe(409);
    const body = (await answer.json()) as { violations: { rule: string; reason: string; key?: string; values?: Record<string, unknown> }[] };
    expect(body.violations).toContainEqual({
      rule: 'F9',
      reason: 'Colt Single Action Army (SA-1873-0042) is not back in storage. Take it back and check it in before wrap.',
      key: 'rules.f9.notStored',
      values: { firearm: 'Colt Single Action Army (SA-1873-0042)' },
    });
    expect(violations.flat()).toEqual([]);
  });
});
