import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, textOf } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const producer = { name: 'Rosa Vance', email: 'rosa@dustdevil.test', password: 'wide-lens-at-dawn' };
const advisor = { name: 'Ines Okafor', email: 'ines@dustdevil.test', password: 'safety-first-always' };

describe('the armorer role takes the producer and the safety advisor together', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the producer invites the armorer on a tablet, the role waits, and the safety advisor confirms it on her phone', async () => {
    const { token } = await setUpFirstUser(server, producer);
    const { production } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Dust Devil', timezone: 'America/Denver' });
    const ines = await joinProduction(server.url, token, production.id, advisor, 'safety_advisor');
    const members = `${server.url}/productions/${production.id}/members`;

    const desk = await browser.newContext(tablet);
    await signInContext(desk, server.url, token);
    const page = await desk.newPage();
    await page.goto(members);
    await heading(page, 'Members');
    const invite = page.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Name').fill('Hank Morrow');
    await invite.getByLabel('Email').fill('hank@dustdevil.test');
    await invite.getByRole('checkbox', { name: 'Armorer' }).check();
    await invite.getByRole('button', { name: 'Create invitation' }).click();
    await page.getByRole('heading', { name: 'Invitation for Hank Morrow' }).waitFor();
    const hank = page.getByRole('listitem').filter({ hasText: 'hank@dustdevil.test' });
    await textOf(hank, 'Waiting for the safety advisor to confirm: Armorer');
    await textOf(hank, 'No role yet');
    // The producer proposed it: only the other of the two confirms.
    expect(await hank.getByRole('button', { name: /Confirm/ }).count()).toBe(0);

    const pocket = await browser.newContext(phone);
    await signInContext(pocket, server.url, ines.token);
    const inesPage = await pocket.newPage();
    await inesPage.goto(members);
    await heading(inesPage, 'Members');
    const hankForInes = inesPage.getByRole('listitem').filter({ hasText: 'hank@dustdevil.test' });
    await hankForInes.getByRole('button', { name: 'Confirm Armorer' }).click();
    await hankForInes.getByText('Waiting for').waitFor({ state: 'detached' });
    await textOf(hankForInes.locator('.member-roles'), 'Armorer');

    const entries = await callApi<{ entries: Array<{ entry: { type: string; data: Record<string, unknown> } }> }>(server.url, token, 'GET', `/api/productions/${production.id}/ledger/entries`);
    const updated = entries.entries.map((e) => e.entry).filter((e) => e.type === 'member.updated');
    expect(updated.at(-1)!.data).toMatchObject({ roles: ['armorer'], confirmedBy: ines.id });
    await desk.close();
    await pocket.close();
  });
});
