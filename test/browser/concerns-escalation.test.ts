import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone, tablet } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, textOf, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

interface Person {
  name: string;
  email: string;
  password: string;
  id: string;
  token: string;
}

const cast = {
  producer: { name: 'Rosa Vance', email: 'rosa@breakwater.test', password: 'wide-lens-at-dawn' },
  advisor: { name: 'Ines Okafor', email: 'ines@breakwater.test', password: 'hard-hats-on-stage' },
  rigger: { name: 'Theo Brandt', email: 'theo@breakwater.test', password: 'truss-and-shackles' },
};

/** The box an alert sits in: its colours are what tells an alarm from a confirmation at a glance. */
const colours = (locator: Locator) =>
  locator.evaluate((element) => {
    const style = getComputedStyle(element);
    return { background: style.backgroundColor, border: style.borderLeftColor };
  });

describe('the escalation ladder (S2): deadlines as people say them, and a critical concern that climbs raises an alarm, not a confirmation', () => {
  let server: RunningServer;
  let browser: Browser;
  let productionId: string;
  const people = {} as Record<keyof typeof cast, Person>;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];

  async function device(who: Person, options: typeof phone | typeof tablet, path: string): Promise<Page> {
    const context = await browser.newContext({ ...options, timezoneId: 'Europe/Lisbon' });
    contexts.push(context);
    await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    const live = page.waitForResponse((response) => response.url().includes('/live?'));
    await page.goto(`${server.url}${path}`);
    await live;
    return page;
  }

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, cast.producer);
    const { user } = await callApi<{ user: { id: string } }>(server.url, token, 'GET', '/api/me');
    people.producer = { ...cast.producer, id: user.id, token };
    const { production } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', {
      name: 'Breakwater',
      timezone: 'Europe/Lisbon',
    });
    productionId = production.id;
    people.advisor = { ...cast.advisor, ...(await joinProduction(server.url, token, productionId, cast.advisor, 'safety_advisor')) };
    people.rigger = { ...cast.rigger, ...(await joinProduction(server.url, token, productionId, cast.rigger, 'crew')) };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('the safety advisor writes deadlines in words, the producer confirms them, and they read back the same way', async () => {
    const advisor = await device(people.advisor, tablet, `/productions/${productionId}/escalation`);
    await heading(advisor, 'Escalation ladder');
    const inForce = advisor.getByRole('region', { name: 'In force' });
    await textOf(inForce, 'critical 15 min · high 2 h · medium 24 h · low 3 days');

    const editor = advisor.getByRole('form', { name: 'Propose a change' });
    const first = editor.getByRole('group', { name: 'Level 1' });
    // The defaults are offered as words, not as minutes.
    expect(await first.getByLabel('Critical').inputValue()).toBe('15 min');
    expect(await first.getByLabel('Low').inputValue()).toBe('3 days');

    // A bare number is minutes, and the form says back how it read it.
    await first.getByLabel('High').fill('90');
    await textOf(first, '= 1 h 30 min');
    await first.getByLabel('Low').fill('2 days');
    await first.getByLabel('Medium').fill('soon');
    await textOf(first, 'write a time like 15 min, 1 h 30 min or 2 days');
    await first.getByLabel('Critical').fill('20 s');
    await editor.getByRole('button', { name: 'Propose this ladder' }).click();
    // Nothing unreadable is sent: the form says what to fix, on the field, and goes there.
    await textOf(editor.getByRole('alert'), 'Please correct the fields marked below.');
    await expect.poll(() => advisor.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('soon');
    await first.getByLabel('Medium').fill('1 day 12 h');
    await textOf(first, '= 36 h');
    await editor.getByRole('group', { name: 'Level 3 (top)' }).getByLabel('External contacts (emails)').fill('studio.safety@example.org');
    await editor.getByRole('button', { name: 'Propose this ladder' }).click();

    const waiting = advisor.getByRole('region', { name: 'Waiting for the producer' });
    await textOf(waiting, 'critical 20 s · high 1 h 30 min · medium 36 h · low 2 days');
    const proposed = await callApi<{ escalation: { proposed: { levels: { deadlines: Record<string, number> }[] } } }>(
      server.url,
      people.advisor.token,
      'GET',
      `/api/productions/${productionId}/escalation`,
    );
    expect(proposed.escalation.proposed.levels[0]!.deadlines).toEqual({ critical: 20 / 60, high: 90, medium: 2160, low: 2880 });

    const producer = await device(people.producer, tablet, `/productions/${productionId}/escalation`);
    await producer.getByRole('region', { name: 'Waiting for the producer' }).getByRole('button', { name: 'Confirm this ladder' }).click();
    await textOf(producer.getByRole('status'), 'The new ladder is in force.');
    await textOf(producer.getByRole('region', { name: 'In force' }), 'critical 20 s · high 1 h 30 min · medium 36 h · low 2 days');
    // The editor starts again from the ladder in force, in words.
    expect(await producer.getByRole('form', { name: 'Propose a change' }).getByRole('group', { name: 'Level 1' }).getByLabel('High').inputValue()).toBe('1 h 30 min');
    expect(violations.flat()).toEqual([]);
  });

  it('a high concern is news to the safety advisor; a critical one is an alarm, and when nobody acknowledges it in time the producer gets the alarm', async () => {
    const advisor = await device(people.advisor, tablet, `/productions/${productionId}/concerns`);
    await heading(advisor, 'Concerns');
    const producer = await device(people.producer, tablet, `/productions/${productionId}`);
    await heading(producer, 'Breakwater');
    const report = (severity: string, description: string) =>
      callApi<{ concern: { id: string } }>(server.url, people.rigger.token, 'POST', `/api/productions/${productionId}/concerns`, {
        category: 'rigging',
        severity,
        description,
        location: 'Stage 2',
      });

    // News: said politely, in the news region, in yellow.
    await report('high', 'A shackle on the lighting truss is missing its mousing wire.');
    const news = advisor.getByRole('status').filter({ hasText: 'A high concern was reported to you.' });
    await news.waitFor();
    expect(await advisor.getByRole('alert').filter({ hasText: 'A high concern' }).count()).toBe(0);

    // A confirmation on the same screen, for comparison: the notice is green.
    const confirmation = await advisor.evaluate(() => {
      const notice = document.createElement('div');
      notice.className = 'notice';
      notice.textContent = 'Saved.';
      document.querySelector('main')?.append(notice);
      const style = getComputedStyle(notice);
      const colours = { background: style.backgroundColor, border: style.borderLeftColor };
      notice.remove();
      return colours;
    });

    // An alarm: a critical concern is read out at once, and looks like danger.
    const { concern } = await report('critical', 'The chain hoist over the set is slipping under load.');
    const alarm = advisor.getByRole('alert').locator('.concern-alert').filter({ hasText: 'A critical concern was reported to you.' });
    await alarm.waitFor({ timeout: 5_000 });
    await textOf(alarm, 'Critical');
    await textOf(alarm, /Acknowledge it within a minute, or it climbs to the next level\./);
    const alarmColours = await colours(alarm);
    expect(alarmColours.background).not.toBe(confirmation.background);
    expect(alarmColours.border).not.toBe(confirmation.border);
    // The same red as the critical concern's mark in the inbox.
    expect(alarmColours.border).toBe((await colours(advisor.locator('.concern-item--critical .card-link').first())).border);
    expect(await colours(news.locator('.concern-alert'))).not.toEqual(alarmColours);
    // The producer is not at level 1: nothing yet.
    expect(await producer.getByRole('alert').filter({ hasText: 'concern' }).count()).toBe(0);

    // Twenty seconds, nobody acknowledges: it climbs to the producer, whose screen sounds the alarm; the advisor's alarm goes, it is no longer hers to acknowledge.
    const climbed = producer.getByRole('alert').locator('.concern-alert').filter({ hasText: 'A critical concern was not acknowledged in time and has climbed to you.' });
    await climbed.waitFor({ timeout: 30_000 });
    await textOf(climbed, 'Escalated');
    await textOf(climbed, /Acknowledge it within 15 min, or it climbs to the next level\./);
    expect(await colours(climbed)).toEqual(alarmColours);
    await alarm.waitFor({ state: 'detached', timeout: 5_000 });

    // The producer opens it from the alarm and acknowledges it: the alarm is done.
    await climbed.getByRole('link', { name: 'Open the concern' }).click();
    await heading(producer, 'Concern');
    await climbed.waitFor({ state: 'detached' });
    const facts = producer.getByRole('region', { name: 'The concern' });
    await textOf(facts, 'The chain hoist over the set is slipping under load.');
    await textOf(facts, /level 2 of 3/);
    await producer.getByRole('form', { name: 'Acknowledge' }).getByRole('button', { name: 'Acknowledge' }).click();
    await textOf(facts, /^Acknowledged/);
    const thread = await callApi<{ concern: { status: string; level: number } }>(server.url, people.producer.token, 'GET', `/api/productions/${productionId}/concerns/${concern.id}`);
    expect(thread.concern).toMatchObject({ status: 'acknowledged', level: 1 });
    expect(violations.flat()).toEqual([]);
  });
});
