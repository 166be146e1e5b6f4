// The STOP and escalation screenshots for the README, on their own production
// ("Harbor Lights", built through the API): the STOP sheet on a grip's phone
// with "where" chosen in one tap from the day's places, and a critical
// concern that nobody acknowledged in time, climbing to the producer's tablet
// as an alarm.
import type { Browser, Page } from 'playwright-core';
import { phone, tablet } from '../test/browser/chromium.js';
import { signInContext } from '../test/browser/helpers.js';
import type { RunningServer } from '../test/browser/server.js';

const zone = 'America/New_York';
const pin = '4321';
type Size = 'phone' | 'tablet';
const sizes = { phone, tablet } as const;

const crew = [
  { key: 'advisor', name: 'Ines Okafor', email: 'ines@harborlights.test', roles: ['safety_advisor'] },
  { key: 'firstAd', name: 'Dana Reyes', email: 'dana@harborlights.test', roles: ['first_ad'], department: 'Assistant directors' },
  { key: 'grip', name: 'Maya Stone', email: 'maya@harborlights.test', roles: ['crew'], department: 'Grip' },
] as const;

type Key = (typeof crew)[number]['key'] | 'producer';

export interface StopsSeed {
  productionId: string;
  tokens: Record<Key, string>;
}

async function call<T>(server: RunningServer, token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A production shooting today at two locations, with a ladder whose first rung has three seconds for a critical concern. */
export async function seedStops(server: RunningServer, producerToken: string): Promise<StopsSeed> {
  const { production } = await call<{ production: { id: string } }>(server, producerToken, 'POST', '/api/productions', { name: 'Harbor Lights', timezone: zone });
  const at = (path: string) => `/api/productions/${production.id}${path}`;
  const tokens = { producer: producerToken } as Record<Key, string>;
  for (const person of crew) {
    const { invitation } = await call<{ invitation: { code: string } }>(server, producerToken, 'POST', at('/members'), person);
    tokens[person.key] = (await call<{ token: string }>(server, null, 'POST', `/api/invitations/${invitation.code}/accept`, { name: person.name, password: `${person.email}-password`, pin })).token;
  }
  const place = async (name: string, latitude: number, longitude: number) => (await call<{ location: { id: string } }>(server, tokens.firstAd, 'POST', at('/locations'), { name, latitude, longitude })).location.id;
  const pier = await place('Pier 9 warehouse', 40.7003, -74.0122);
  const office = await place('Harbor master’s office', 40.7011, -74.0131);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  await call(server, tokens.firstAd, 'POST', at('/shoot-days'), { date: today, sceneIds: [], location: 'Stage 4', locationIds: [pier, office] });

  const usual = { critical: 15, high: 120, medium: 1440, low: 4320 };
  const levels = [
    { roles: ['department_head', 'safety_advisor'], emails: [], deadlines: { ...usual, critical: 0.05 } },
    { roles: ['upm', 'producer'], emails: [], deadlines: usual },
    { roles: [], emails: ['studio.safety@example.org'], deadlines: usual },
  ];
  // The safety advisor proposes, the producer confirms the same ladder.
  await call(server, tokens.advisor, 'PUT', at('/escalation'), { levels });
  await call(server, producerToken, 'PUT', at('/escalation'), { levels });
  return { productionId: production.id, tokens };
}

async function open(browser: Browser, server: RunningServer, token: string, size: Size, path: string): Promise<Page> {
  const context = await browser.newContext({ ...sizes[size], colorScheme: 'light', timezoneId: zone });
  await signInContext(context, server.url, token);
  const page = await context.newPage();
  const ready = Promise.all([
    page.waitForResponse((response) => response.url().includes('/live?')),
    page.waitForResponse((response) => response.url().includes('/today') && response.ok()),
  ]);
  await page.goto(`${server.url}${path}`);
  await ready;
  return page;
}

/** The grip taps STOP, picks the stage from today's places and says what is wrong; "Stop now" is one tap away. */
export async function shootStopWhere(browser: Browser, server: RunningServer, { productionId, tokens }: StopsSeed, size: Size, file: string): Promise<void> {
  const grip = await open(browser, server, tokens.grip, size, `/productions/${productionId}`);
  await grip.getByRole('heading', { level: 1, name: 'Harbor Lights' }).waitFor();
  await grip.getByRole('button', { name: 'STOP work' }).click();
  const sheet = grip.getByRole('dialog', { name: /Stop work/ });
  await sheet.getByRole('group', { name: 'Places to choose from' }).getByRole('button', { name: 'Stage 4' }).click();
  await sheet.getByLabel('What is wrong? (optional)').fill('Forklift reversing without a spotter');
  await sheet.getByRole('button', { name: 'Stop now' }).focus();
  await grip.screenshot({ path: file });
  await grip.context().close();
}

/** A critical concern nobody at the first rung acknowledged in time: the producer's tablet shows the alarm above the inbox. */
export async function shootEscalation(browser: Browser, server: RunningServer, { productionId, tokens }: StopsSeed, size: Size, file: string): Promise<void> {
  const producer = await open(browser, server, tokens.producer, size, `/productions/${productionId}/concerns`);
  await producer.getByRole('heading', { level: 1, name: 'Concerns' }).waitFor();
  await call(server, tokens.firstAd, 'POST', `/api/productions/${productionId}/concerns`, {
    category: 'rigging',
    severity: 'critical',
    description: 'The chain hoist over the pier set is slipping under load.',
    location: 'Pier 9 warehouse',
  });
  await producer.getByRole('alert').getByText('has climbed to you').waitFor({ timeout: 30_000 });
  await producer.getByRole('region', { name: 'Most urgent first' }).getByRole('listitem').first().waitFor();
  await producer.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await producer.screenshot({ path: file });
  await producer.context().close();
}

export async function shootStops(browser: Browser, server: RunningServer, producerToken: string, outDir: string): Promise<void> {
  const seeded = await seedStops(server, producerToken);
  await shootStopWhere(browser, server, seeded, 'phone', `${outDir}stop-where-phone.png`);
  await shootEscalation(browser, server, seeded, 'tablet', `${outDir}escalation-critical-tablet.png`);
}
