import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone } from './chromium.js';
import { callApi, focusedText, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const zone = 'America/New_York';
const producer = { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn' };
const advisor = { name: 'Ines Okafor', email: 'ines@nightharbor.test', password: 'hard-hats-on-stage' };
const armorer = { name: 'Hank Morrow', email: 'hank@nightharbor.test', password: 'cold-gun-on-cart' };
const grip = { name: 'Maya Stone', email: 'maya@nightharbor.test', password: 'sandbags-on-stands' };

describe('managing the crew from a phone: a new invitation link, contact details, roles, training and removal', () => {
  let server: RunningServer;
  let browser: Browser;
  let pid: string;
  let token: string;
  let oldCode: string;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];

  async function pocket(who: string, path: string): Promise<Page> {
    const context = await browser.newContext({ ...phone, timezoneId: zone, permissions: ['clipboard-read', 'clipboard-write'] });
    contexts.push(context);
    await signInContext(context, server.url, tokens[who]!);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const tabs = (page: Page) => page.getByRole('navigation', { name: 'Production' });
  const person = (page: Page, email: string) => page.getByRole('listitem').filter({ hasText: email });

  beforeAll(async () => {
    server = await startServer();
    ({ token } = await setUpFirstUser(server, producer));
    tokens.producer = token;
    pid = (await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Night Harbor', timezone: zone })).production.id;
    const ines = await joinProduction(server.url, token, pid, advisor, 'safety_advisor', '8642');
    const hank = await joinProduction(server.url, token, pid, armorer, 'armorer', '4321');
    // The armorer role waits for the safety advisor's confirmation.
    await callApi(server.url, ines.token, 'PATCH', `/api/productions/${pid}/members/${hank.id}`, { roles: ['armorer'] });
    const maya = await joinProduction(server.url, token, pid, grip, 'crew', '9753');
    Object.assign(ids, { ines: ines.id, hank: hank.id, maya: maya.id });
    Object.assign(tokens, { ines: ines.token, hank: hank.token, maya: maya.token });
    const lee = await callApi<{ member: { userId: string }; invitation: { code: string } }>(server.url, token, 'POST', `/api/productions/${pid}/members`, {
      email: 'lee@nightharbor.test',
      name: 'Lee Park',
      roles: ['crew'],
      department: 'Electric',
    });
    ids.lee = lee.member.userId;
    oldCode = lee.invitation.code;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('the producer sends Lee a new invitation link in two taps from home and copies it; the old link stops working', async () => {
    const page = await pocket('producer', `/productions/${pid}`);
    await heading(page, 'Night Harbor');
    await tabs(page).getByRole('link', { name: 'Members' }).click();
    await heading(page, 'Members');
    await person(page, 'lee@nightharbor.test').getByRole('link', { name: 'Lee Park' }).click();
    await heading(page, 'Lee Park');
    await textOf(page.getByRole('region', { name: 'Invitation' }), 'Lee Park has not joined yet.');
    await page.getByRole('button', { name: 'Send a new invitation link' }).click();
    await page.getByRole('heading', { name: 'New invitation link for Lee Park' }).waitFor();
    expect(await focusedText(page)).toBe('New invitation link for Lee Park');
    await textOf(page.getByRole('region', { name: 'New invitation link for Lee Park' }), 'The earlier links no longer work.');
    const link = await page.getByLabel('Invite link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[^/]+$`));
    await page.getByRole('button', { name: 'Copy link' }).click();
    await textOf(page.getByRole('status'), 'Link copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const newCode = decodeURIComponent(link.split('/').pop()!);
    expect(newCode).not.toBe(oldCode);
    expect((await fetch(`${server.url}/api/invitations/${encodeURIComponent(oldCode)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/invitations/${encodeURIComponent(newCode)}`)).status).toBe(200);
  });

  it('the producer sets Maya’s phone and emergency contact, makes her a medic, proposes the armorer role, and records her training', async () => {
    const page = await pocket('producer', `/productions/${pid}/members`);
    await heading(page, 'Members');
    await person(page, 'maya@nightharbor.test').getByRole('link', { name: 'Maya Stone' }).click();
    await heading(page, 'Maya Stone');

    const contact = page.getByRole('form', { name: 'Contact details' });
    await contact.getByLabel('Phone').fill('+1 917 555 0147');
    await contact.getByLabel('Emergency contact').fill('Ray Stone (brother) +1 917 555 0199');
    await contact.getByRole('button', { name: 'Save contact details' }).click();
    await textOf(page.getByRole('status'), 'Contact details saved for Maya Stone. The ledger records that they changed, never the numbers.');
    const about = page.getByRole('region', { name: 'About Maya Stone' });
    await textOf(about, '+1 917 555 0147');
    await textOf(about, 'Ray Stone (brother) +1 917 555 0199');

    const roles = page.getByRole('form', { name: 'Roles and department' });
    expect(await roles.getByRole('checkbox', { name: 'Crew' }).isChecked()).toBe(true);
    await roles.getByRole('checkbox', { name: 'Medic' }).check();
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await textOf(page.getByRole('status'), 'Maya Stone is now Crew, Medic.');
    await textOf(about, 'Crew, Medic');

    // A deciding role: said before saving that it waits, and shown waiting after.
    await roles.getByRole('checkbox', { name: 'Armorer' }).check();
    await textOf(roles, 'Armorer: this change waits for the safety advisor to confirm it.');
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await textOf(page.getByRole('status'), 'Proposed: Armorer, Medic, Crew for Maya Stone. Waiting for the safety advisor to confirm.');
    await textOf(about, 'Waiting for the safety advisor to confirm: Armorer, Medic, Crew');
    await textOf(about.locator('.member-roles'), 'Crew, Medic');

    const training = page.getByRole('form', { name: 'Record firearms training' });
    await training.getByLabel('Firearms safety course completed on').fill('2026-11-02');
    await training.getByRole('button', { name: 'Record training' }).click();
    await textOf(page.getByRole('status'), 'Firearms safety training recorded for Maya Stone');
    await textOf(about, 'Firearms safety, completed');
    await textOf(about, 'recorded by Rosa Vance');

    // The crew list shows her number, and her pending change.
    await tabs(page).getByRole('link', { name: 'Members' }).click();
    await heading(page, 'Members');
    await textOf(person(page, 'maya@nightharbor.test'), '+1 917 555 0147');
    await textOf(person(page, 'maya@nightharbor.test'), 'Waiting for the safety advisor to confirm: Armorer, Medic, Crew');
  });

  it('the safety advisor confirms the pending armorer role on her phone, from Maya’s page', async () => {
    const page = await pocket('ines', `/productions/${pid}/members/${ids.maya}`);
    await heading(page, 'Maya Stone');
    const about = page.getByRole('region', { name: 'About Maya Stone' });
    await about.getByRole('button', { name: 'Confirm Armorer, Medic, Crew' }).click();
    await about.getByText('Waiting for').waitFor({ state: 'detached' });
    const now = await textOf(about.locator('.member-roles'), 'Armorer');
    expect(now.split(', ').sort()).toEqual(['Armorer', 'Crew', 'Medic']);
    // The safety advisor sees the emergency contact; contact details are not hers to change.
    await textOf(about, 'Ray Stone (brother) +1 917 555 0199');
    expect(await page.getByRole('form', { name: 'Contact details' }).count()).toBe(0);
  });

  it('the producer cannot remove the armorer before the role is taken away, and removes Lee after confirming', async () => {
    const page = await pocket('producer', `/productions/${pid}/members/${ids.hank}`);
    await heading(page, 'Hank Morrow');
    const removal = page.getByRole('region', { name: 'Remove from the production' });
    await textOf(removal, 'ROLES Take away the armorer role first: the producer and the safety advisor do that together.');
    expect(await removal.getByRole('button').count()).toBe(0);

    await page.goto(`${server.url}/productions/${pid}/members/${ids.lee}`);
    await heading(page, 'Lee Park');
    await page.getByRole('button', { name: 'Remove Lee Park…' }).click();
    expect(await focusedText(page)).toBe('Remove Lee Park from Night Harbor?');
    await textOf(page.getByRole('region', { name: 'Remove from the production' }), 'They lose access at once. Everything they did stays in the ledger.');
    await page.getByRole('button', { name: 'Yes, remove Lee Park' }).click();
    await heading(page, 'Members');
    await textOf(page.getByRole('status'), 'Lee Park is removed from Night Harbor. Everything they did stays in the ledger.');
    await page.getByRole('listitem').filter({ hasText: 'maya@nightharbor.test' }).waitFor();
    expect(await person(page, 'lee@nightharbor.test').count()).toBe(0);
    expect(violations.flat()).toEqual([]);
  });
});
