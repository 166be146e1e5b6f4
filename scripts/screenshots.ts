// Writes the README screenshots: sign-in and the members page with a fresh
// invite link, on a phone (390x844) and a tablet (820x1180 upright; the members
// page also lying down at 1180x820, where the list and the invitation sit side by side);
// then reporting a concern on a phone and the safety advisor's concerns on a tablet;
// then Today, the schedule and a shoot day with its roster on both (scripts/schedule-screenshots.ts);
// then the armory board, a firearm and the F11 hold on the armorer's tablet, and managing a person on a phone (scripts/armory-screenshots.ts);
// then the STOP sheet with "where" on a phone and a critical concern climbing to the producer's tablet (scripts/stops-screenshots.ts);
// then the ledger on a phone, filtered to firearm custody, and on a tablet (scripts/ledger-screenshots.ts);
// then the camera notebook on a DP's phone and the start-here package on her successor's tablet (scripts/notebook-screenshots.ts);
// then Today on a phone in the outdoor and night themes (scripts/theme-screenshots.ts).
// Run after `npm run build`: npx tsx scripts/screenshots.ts
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { BrowserContextOptions } from 'playwright-core';
import { launchChromium, phone, tablet } from '../test/browser/chromium.js';
import { signInContext } from '../test/browser/helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from '../test/browser/server.js';
import { shootSchedule } from './schedule-screenshots.js';
import { shootArmory } from './armory-screenshots.js';
import { shootStops } from './stops-screenshots.js';
import { shootLedger } from './ledger-screenshots.js';
import { shootNotebook } from './notebook-screenshots.js';
import { shootThemes } from './theme-screenshots.js';

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

interface Seeded {
  productionId: string;
  setCode: string;
  /** session tokens of the people who accepted, by email */
  tokens: Record<string, string>;
}

/** A production with a few people on it, some still invited, built through the API. */
async function seed(server: RunningServer): Promise<Seeded> {
  const { token } = await setUpFirstUser(server, producer);
  const { production } = await call<{ production: { id: string; setCode: string } }>(server, token, 'POST', '/api/productions', {
    name: 'Night Harbor',
    timezone: 'America/New_York',
  });
  const tokens: Record<string, string> = { [producer.email]: token };
  for (const person of crew) {
    const { invitation } = await call<{ invitation: { code: string } | null }>(
      server,
      token,
      'POST',
      `/api/productions/${production.id}/members`,
      { email: person.email, name: person.name, roles: person.roles, department: person.department },
    );
    if (person.accept && invitation) {
      const accepted = await call<{ token: string }>(server, null, 'POST', `/api/invitations/${invitation.code}/accept`, {
        name: person.name,
        password: `${person.email}-password`,
        pin: '4321',
      });
      tokens[person.email] = accepted.token;
    }
  }
  return { productionId: production.id, setCode: production.setCode, tokens };
}

/** Three concerns for the safety advisor's inbox: one through the set's public page, one named, one anonymous and acknowledged. */
async function seedConcerns(server: RunningServer, { productionId, setCode, tokens }: Seeded): Promise<void> {
  const concerns = `/api/productions/${productionId}/concerns`;
  await call(server, null, 'POST', `/api/sets/${setCode}/concerns`, {
    category: 'rigging',
    severity: 'high',
    description: 'The truss over stage 2 has a cracked weld near the downstage corner.',
    location: 'Stage 2',
  });
  await call(server, tokens['dana@nightharbor.test']!, 'POST', concerns, {
    category: 'stunts',
    severity: 'critical',
    description: 'The descender for the fall in scene 41 has no backup line rigged.',
    location: 'Backlot tower',
  });
  const { concern } = await call<{ concern: { id: string } }>(server, tokens['jo@nightharbor.test']!, 'POST', concerns, {
    category: 'fatigue',
    severity: 'medium',
    description: 'Third 16-hour day in a row for the grips; people are nodding off on the drive home.',
    anonymous: true,
  });
  await call(server, tokens['sam@nightharbor.test']!, 'POST', `${concerns}/${concern.id}/ack`, { note: 'Raising it with the UPM today.' });
}

/** The report screen on a phone with a category and a severity tapped, and the safety advisor's inbox on a tablet. */
async function shootConcerns(browser: Browser, server: RunningServer, { productionId, tokens }: Seeded): Promise<void> {
  const phoneContext = await browser.newContext({ ...phone, colorScheme: 'light', timezoneId: 'America/New_York' });
  await signInContext(phoneContext, server.url, tokens['dana@nightharbor.test']!);
  const reporter = await phoneContext.newPage();
  await reporter.goto(`${server.url}/productions/${productionId}/concerns/new`);
  const report = reporter.getByRole('form', { name: 'Report a concern' });
  await report.getByText(/acknowledged within 15 min/).waitFor();
  await report.getByRole('radio', { name: /^Rigging/ }).click();
  await report.getByRole('radio', { name: /^High/ }).click();
  // The two taps are the point, not the page's heading: scroll the severities up to the dock.
  await reporter.evaluate(() => {
    const severity = document.querySelectorAll('.tiles')[1];
    const dock = document.querySelector('.dock');
    if (severity && dock) window.scrollBy(0, severity.getBoundingClientRect().bottom - dock.getBoundingClientRect().top + 16);
  });
  await reporter.screenshot({ path: `${outDir}concern-report-phone.png` });
  await phoneContext.close();

  const tabletContext = await browser.newContext({ ...tablet, colorScheme: 'light', timezoneId: 'America/New_York' });
  await signInContext(tabletContext, server.url, tokens['sam@nightharbor.test']!);
  const advisor = await tabletContext.newPage();
  await advisor.goto(`${server.url}/productions/${productionId}/concerns`);
  await advisor.getByRole('region', { name: 'Most urgent first' }).getByRole('listitem').nth(2).waitFor();
  await advisor.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await advisor.screenshot({ path: `${outDir}concerns-inbox-tablet.png` });
  await tabletContext.close();
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
    const seeded = await seed(server);
    const { productionId } = seeded;
    await shoot(browser, server, productionId, 'phone', { name: 'Lee Park', email: 'lee@nightharbor.test' });
    await shoot(browser, server, productionId, 'tablet', { name: 'Ari Cole', email: 'ari@nightharbor.test' });
    await shoot(browser, server, productionId, 'tablet-landscape', { name: 'Noor Haddad', email: 'noor@nightharbor.test' });
    await seedConcerns(server, seeded);
    await shootConcerns(browser, server, seeded);
    const { tokens } = seeded;
    await shootSchedule(
      browser,
      server,
      {
        productionId,
        timezone: 'America/New_York',
        firstAd: tokens['dana@nightharbor.test']!,
        armorer: tokens['jo@nightharbor.test']!,
        advisor: tokens['sam@nightharbor.test']!,
        producer: tokens[producer.email]!,
      },
      outDir,
    );
    await shootArmory(browser, server, seeded.tokens[producer.email]!, outDir);
    await shootStops(browser, server, seeded.tokens[producer.email]!, outDir);
    await shootLedger(browser, server, seeded.tokens[producer.email]!, outDir);
    await shootNotebook(browser, server, seeded.tokens[producer.email]!, outDir);
    await shootThemes(browser, server, seeded.tokens[producer.email]!, outDir);
    console.log(`screenshots written to ${outDir}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
