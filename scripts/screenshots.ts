// Writes the README screenshots: sign-in and the members page with a fresh
// invite link, on a phone (390x844) and a tablet (820x1180 upright; the members
// page also lying down at 1180x820, where the list and the invitation sit side by side).
// Run after `npm run build`: npx tsx scripts/screenshots.ts
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { BrowserContextOptions } from 'playwright-core';
import { launchChromium, phone, tablet } from '../test/browser/chromium.js';
import { setUpFirstUser, startServer, type RunningServer } from '../test/browser/server.js';

const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const producer = { name: 'Rosa Vance', email: 'rosa@nightharbor.test', password: 'wide-lens-at-dawn' };

const crew = [
  { name: 'Dana Reyes', email: 'dana@nightharbor.test', roles: ['first_ad'], department: 'Assistant directors', accept: true },
  { name: 'Jo Okafor', email: 'jo@nightharbor.test', roles: ['armorer'], department: 'Props', accept: true },
  { name: 'Sam Whitlock', email: 'sam@nightharbor.test', roles: ['safety_advisor'], accept: true },
  { name: 'Mara Quinn', email: 'mara@nightharbor.test', roles: ['performer'], department: 'Cast', accept: false },
];

async function call<T>(server: RunningServer, token: string | null, method: string, path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, { method, headers, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A production with a few people on it, some still invited, built through the API. */
async function seed(server: RunningServer): Promise<string> {
  const { token } = await setUpFirstUser(server, producer);
  const { production } = await call<{ production: { id: string } }>(server, token, 'POST', '/api/productions', {
    name: 'Night Harbor',
    timezone: 'America/New_York',
  });
  for (const person of crew) {
    const { invitation } = await call<{ invitation: { code: string } | null }>(
      server,
      token,
      'POST',
      `/api/productions/${production.id}/members`,
      { email: person.email, name: person.name, roles: person.roles, department: person.department },
    );
    if (person.accept && invitation) {
      await call(server, null, 'POST', `/api/invitations/${invitation.code}/accept`, {
        name: person.name,
        password: `${person.email}-password`,
        pin: '4321',
      });
    }
  }
  return production.id;
}

const sizes: Record<string, BrowserContextOptions> = {
  phone,
  tablet,
  'tablet-landscape': { ...tablet, viewport: { width: 1180, height: 820 } },
};

async function shoot(browser: Browser, server: RunningServer, productionId: string, size: string, newcomer: { name: string; email: string }): Promise<void> {
  const context = await browser.newContext({ ...sizes[size], colorScheme: 'light', timezoneId: 'America/New_York' });
  const page = await context.newPage();

  await page.goto(`${server.url}/sign-in`);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  if (size !== 'tablet-landscape') await page.screenshot({ path: `${outDir}sign-in-${size}.png` });

  await page.getByLabel('Email').fill(producer.email);
  await page.getByLabel('Password').fill(producer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Night Harbor' }).waitFor();

  await page.goto(`${server.url}/productions/${productionId}/members`);
  await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
  const invite = page.getByRole('form', { name: 'Invite someone' });
  await invite.getByLabel('Name').fill(newcomer.name);
  await invite.getByLabel('Email').fill(newcomer.email);
  await invite.getByRole('checkbox', { name: 'Crew' }).check();
  await invite.getByLabel('Department (optional)').fill('Grip');
  await invite.getByRole('button', { name: 'Create invitation' }).click();
  await page.getByLabel('Invite link').waitFor();
  // Let the fresh member list settle, and move focus off the heading so no focus ring shows.
  await page.getByRole('listitem').filter({ hasText: newcomer.email }).waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // A viewport shot, not fullPage: the sticky bars would land mid-image. On narrow screens
  // the invitation sits below the crew list, so scroll it in under the top bar.
  if (size !== 'tablet-landscape') {
    await page.evaluate(() => document.getElementById('invite-result')?.scrollIntoView({ block: 'start' }));
  }
  await page.screenshot({ path: `${outDir}members-${size}.png` });
  await context.close();
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const productionId = await seed(server);
    await shoot(browser, server, productionId, 'phone', { name: 'Lee Park', email: 'lee@nightharbor.test' });
    await shoot(browser, server, productionId, 'tablet', { name: 'Ari Cole', email: 'ari@nightharbor.test' });
    await shoot(browser, server, productionId, 'tablet-landscape', { name: 'Noor Haddad', email: 'noor@nightharbor.test' });
    console.log(`screenshots written to ${outDir}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
