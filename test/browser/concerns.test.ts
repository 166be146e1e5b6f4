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
  producer: { name: 'Rosa Vance', email: 'rosa@lowtide.test', password: 'wide-lens-at-dawn' },
  advisor: { name: 'Ines Okafor', email: 'ines@lowtide.test', password: 'hard-hats-on-stage' },
  rigger: { name: 'Theo Brandt', email: 'theo@lowtide.test', password: 'truss-and-shackles' },
};

describe('safety concerns (S2): reported without an account, handled by the safety advisor, followed up with a key', () => {
  let server: RunningServer;
  let browser: Browser;
  let productionId: string;
  let setCode: string;
  const people = {} as Record<keyof typeof cast, Person>;
  const contexts: BrowserContext[] = [];
  const violations: string[][] = [];

  /** A device of `who` (or of nobody signed in) on `path`; a signed-in one waits for the production's live stream. */
  async function device(who: Person | null, options: typeof phone | typeof tablet, path: string): Promise<Page> {
    const context = await browser.newContext({ ...options, timezoneId: 'Europe/Lisbon' });
    contexts.push(context);
    if (who) await signInContext(context, server.url, who.token);
    const page = await context.newPage();
    violations.push(watchCsp(page));
    const live = who ? page.waitForResponse((response) => response.url().includes('/live?')) : null;
    await page.goto(`${server.url}${path}`);
    await live;
    return page;
  }

  /** What a person does to see news that no live event brings: reads the page again until it shows `text`. */
  async function reloadUntil(page: Page, region: Locator, text: string | RegExp): Promise<void> {
    for (let tries = 0; tries < 20; tries++) {
      if ((await region.filter({ hasText: text }).count()) > 0) return;
      await page.waitForTimeout(500);
      await page.reload();
    }
    await textOf(region, text);
  }

  beforeAll(async () => {
    server = await startServer();
    const { token } = await setUpFirstUser(server, cast.producer);
    const { user } = await callApi<{ user: { id: string } }>(server.url, token, 'GET', '/api/me');
    people.producer = { ...cast.producer, id: user.id, token };
    const { production } = await callApi<{ production: { id: string; setCode: string } }>(server.url, token, 'POST', '/api/productions', {
      name: 'Low Tide',
      timezone: 'Europe/Lisbon',
    });
    productionId = production.id;
    setCode = production.setCode;
    people.advisor = { ...cast.advisor, ...(await joinProduction(server.url, token, productionId, cast.advisor, 'safety_advisor')) };
    people.rigger = { ...cast.rigger, ...(await joinProduction(server.url, token, productionId, cast.rigger, 'crew')) };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  it('a stranger with the set’s QR code reports anonymously; the safety advisor acknowledges and answers; the reporter reads it with the key and answers back', async () => {
    const advisor = await device(people.advisor, tablet, `/productions/${productionId}/concerns`);
    await heading(advisor, 'Concerns');
    const inbox = advisor.getByRole('region', { name: 'Most urgent first' });
    await textOf(inbox, 'No concern has reached you.');

    // From the set's public stop page, the calmer way.
    const stranger = await device(null, phone, `/s/${setCode}`);
    await heading(stranger, 'Low Tide');
    await stranger.getByRole('link', { name: 'Report a concern instead' }).click();
    await heading(stranger, 'Report a concern');
    await textOf(stranger.getByRole('main'), 'No account is needed and your name is not asked');

    // Sending with nothing chosen says what is missing, on the field itself.
    const report = stranger.getByRole('form', { name: 'Report a concern' });
    await report.getByRole('button', { name: 'Send the concern' }).click();
    await textOf(report.getByRole('alert'), 'Please correct the fields marked below.');
    await textOf(report.getByRole('group', { name: 'What is it about?' }), 'Choose what it is about.');

    // Tap 1, tap 2, the words, tap 3.
    await report.getByRole('radio', { name: /^Rigging/ }).click();
    await report.getByRole('radio', { name: /^High/ }).click();
    expect(await report.getByRole('radio', { name: /^High/ }).isChecked()).toBe(true);
    await report.getByLabel('What is wrong?').fill('The truss over stage 2 has a cracked weld.');
    await report.getByText('Where, and who must not see it (optional)').click();
    await report.getByLabel('Where? (optional)').fill('Stage 2, upstage truss');
    // Without an account there is nobody to choose from, and nothing to put a name to.
    expect(await report.getByRole('group', { name: 'People involved (optional)' }).count()).toBe(0);
    expect(await report.getByRole('checkbox', { name: 'Report anonymously' }).count()).toBe(0);
    await report.getByRole('button', { name: 'Send the concern' }).click();

    const keys = stranger.getByRole('region', { name: 'Concern sent. Write these down' });
    await keys.waitFor();
    await textOf(keys, 'Your name is not stored with it.');
    const key = ((await keys.getByRole('definition').nth(0).textContent()) ?? '').trim();
    const passphrase = ((await keys.getByRole('definition').nth(1).textContent()) ?? '').trim();
    expect(key).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(passphrase).toMatch(/^([A-Z0-9]{5}-){4}[A-Z0-9]{5}$/);

    // The advisor's inbox shows it by itself, with its deadline, and says so.
    const item = inbox.getByRole('listitem').filter({ hasText: 'The truss over stage 2' });
    await item.waitFor({ timeout: 5_000 });
    await textOf(advisor.getByRole('status'), 'A high concern was reported to you.');
    const itemText = await textOf(item, 'High · Rigging');
    expect(itemText).toContain('Waiting to be acknowledged · level 1 of 3');
    expect(itemText).toMatch(/(2 h|1 h 59 min) left/);

    await item.getByRole('link').click();
    await heading(advisor, 'Concern');
    const facts = advisor.getByRole('region', { name: 'The concern' });
    await textOf(facts, 'Anonymous, through the set’s public page');
    await textOf(facts, 'Stage 2, upstage truss');
    await textOf(facts, /level 1 of 3: Department head, Safety advisor, climbs at/);

    // With no SMTP server configured, the email to the first level went to the outbox folder, and the page says so.
    const emails = advisor.getByRole('region', { name: /^Emails/ });
    await reloadUntil(advisor, emails, 'Written to the outbox folder');
    await textOf(emails, `To ${cast.advisor.email}`);
    await textOf(emails, 'no SMTP server is configured');

    const ack = advisor.getByRole('form', { name: 'Acknowledge' });
    await ack.getByLabel('A first word to the reporter (optional)').fill('Thank you. Stage 2 is closed until the weld is checked.');
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await textOf(facts, `by ${cast.advisor.name}`);
    await textOf(facts, /^Acknowledged/);
    expect(await advisor.getByRole('form', { name: 'Acknowledge' }).count()).toBe(0);

    const reply = advisor.getByRole('form', { name: 'Reply' });
    await reply.getByLabel('Message to the reporter').fill('Did you see anything else loose up there?');
    await reply.getByRole('button', { name: 'Send message' }).click();
    const messages = advisor.getByRole('region', { name: /^Messages/ });
    await textOf(messages.getByRole('heading'), 'Messages (2)');
    await textOf(messages.getByRole('listitem').nth(1), 'Did you see anything else loose up there?');
    expect(await reply.getByLabel('Message to the reporter').inputValue()).toBe('');

    // The reporter comes back with what they wrote down; a wrong passphrase opens nothing.
    await keys.getByRole('link', { name: 'Follow up your concern' }).click();
    await heading(stranger, 'Follow up a concern');
    const open = stranger.getByRole('form', { name: 'Open your concern' });
    await open.getByLabel('Follow-up key').fill(key);
    await open.getByLabel('Passphrase').fill('AAAAA-BBBBB-CCCCC-DDDDD-EEEEE');
    await open.getByRole('button', { name: 'Open' }).click();
    await textOf(open.getByRole('alert'), 'No concern matches this key and passphrase');
    await open.getByLabel('Passphrase').fill(passphrase.toLowerCase());
    await open.getByRole('button', { name: 'Open' }).click();

    const followed = stranger.getByRole('region', { name: /High · Rigging on Low Tide/ });
    await textOf(followed, 'Acknowledged, level 1 of 3');
    const answers = stranger.getByRole('region', { name: /^Messages/ });
    await textOf(answers.getByRole('heading'), 'Messages (2)');
    await textOf(answers.getByRole('listitem').nth(0), `${cast.advisor.name} ·`);
    await textOf(answers.getByRole('listitem').nth(0), 'Stage 2 is closed until the weld is checked.');
    await textOf(answers.getByRole('listitem').nth(1), 'Did you see anything else loose up there?');

    const answer = stranger.getByRole('form', { name: 'Reply' });
    await answer.getByLabel('Your message').fill('The chain hoist next to it was grinding as well.');
    await answer.getByRole('button', { name: 'Send message' }).click();
    await textOf(answers.getByRole('heading'), 'Messages (3)');
    await textOf(answers.getByRole('listitem').nth(2), 'You ·');

    // The advisor's open thread shows the answer by itself, without a name.
    const third = messages.getByRole('listitem').nth(2);
    await textOf(third, 'The chain hoist next to it was grinding as well.');
    await textOf(third, 'The reporter (anonymous)');

    // Resolved, with words the reporter reads.
    const resolve = advisor.getByRole('form', { name: 'Resolve' });
    await resolve.getByLabel('How was it resolved?').fill('Weld re-done and certified; the hoist serviced. Stage 2 reopened.');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await textOf(facts, /^Resolved/);
    await stranger.getByRole('button', { name: 'Check for answers' }).click();
    await textOf(followed, 'Weld re-done and certified');
    await textOf(followed, 'Resolved, level 1 of 3');
    expect(violations.flat()).toEqual([]);
  });

  it('a rigger reports from the app and may stay anonymous; the inbox and the home page lead there', async () => {
    const rigger = await device(people.rigger, phone, `/productions/${productionId}`);
    await heading(rigger, 'Low Tide');
    await rigger.getByRole('link', { name: /^Concerns/ }).first().click();
    await heading(rigger, 'Concerns');
    await rigger.getByRole('link', { name: 'Report a concern' }).click();
    await heading(rigger, 'Report a concern');

    const report = rigger.getByRole('form', { name: 'Report a concern' });
    await textOf(report, /It goes first to Department head, Safety advisor\. If nobody acknowledges it in time, it climbs on its own to UPM, Producer/);
    await textOf(report.getByRole('radio', { name: /^Critical/ }).locator('..'), 'acknowledged within 15 min');
    await report.getByRole('radio', { name: /^Fatigue/ }).click();
    await report.getByRole('radio', { name: /^Medium/ }).click();
    await report.getByLabel('What is wrong?').fill('Third 16-hour day in a row for the rigging crew.');
    await report.getByRole('checkbox', { name: 'Report anonymously' }).check();
    await report.getByText('Where, and who must not see it (optional)').click();
    const involved = report.getByRole('group', { name: 'People involved (optional)' });
    await textOf(involved, 'never see this concern and are never sent it');
    await involved.getByRole('checkbox', { name: /Rosa Vance/ }).check();
    expect(await involved.getByRole('checkbox', { name: /Theo Brandt/ }).count()).toBe(0);
    await report.getByRole('button', { name: 'Send the concern' }).click();
    await rigger.getByRole('region', { name: 'Concern sent. Write these down' }).waitFor();

    // Anonymous means not in the rigger's own list either; the advisor has it, the producer it implicates never does.
    await rigger.goto(`${server.url}/productions/${productionId}/concerns`);
    await textOf(rigger.getByRole('region', { name: 'Most urgent first' }), 'No concern has reached you.');
    const advisor = await device(people.advisor, tablet, `/productions/${productionId}/concerns`);
    await textOf(advisor.getByRole('region', { name: 'Most urgent first' }).getByRole('listitem'), 'Third 16-hour day');
    const producer = await device(people.producer, tablet, `/productions/${productionId}/concerns`);
    await textOf(producer.getByRole('region', { name: 'Most urgent first' }), 'No concern has reached you.');
    expect(violations.flat()).toEqual([]);
  });

  it('the safety advisor proposes a shorter critical deadline and the producer confirms it', async () => {
    const advisor = await device(people.advisor, tablet, `/productions/${productionId}/escalation`);
    await heading(advisor, 'Escalation ladder');
    const inForce = advisor.getByRole('region', { name: 'In force' });
    await textOf(inForce, 'Level 1: Department head, Safety advisor');
    await textOf(inForce, 'Level 3: nobody yet');

    const editor = advisor.getByRole('form', { name: 'Propose a change' });
    const first = editor.getByRole('group', { name: 'Level 1' });
    await first.getByLabel('Critical').fill('10');
    const top = editor.getByRole('group', { name: 'Level 3 (top)' });
    await top.getByLabel('External contacts (emails)').fill('union.rep@example.org');
    await editor.getByRole('button', { name: 'Propose this ladder' }).click();
    const waiting = advisor.getByRole('region', { name: 'Waiting for the producer' });
    await textOf(waiting, 'You proposed this ladder.');
    await textOf(waiting, 'critical 10 min');
    await textOf(advisor.getByRole('status'), 'Proposed: it is in force once the producer confirms it.');
    await textOf(inForce, 'critical 15 min');
    expect(await waiting.getByRole('button', { name: 'Confirm this ladder' }).count()).toBe(0);

    const producer = await device(people.producer, tablet, `/productions/${productionId}/escalation`);
    const proposal = producer.getByRole('region', { name: 'Waiting for the producer' });
    await textOf(proposal, `${cast.advisor.name} proposed this ladder.`);
    await textOf(proposal, 'Level 3: 1 external contact by email');
    await proposal.getByRole('button', { name: 'Confirm this ladder' }).click();
    await textOf(producer.getByRole('status'), 'The new ladder is in force.');
    await producer.getByRole('region', { name: 'Waiting for the producer' }).waitFor({ state: 'detached' });
    await textOf(producer.getByRole('region', { name: 'In force' }), 'critical 10 min');
    await textOf(producer.getByRole('region', { name: 'In force' }), 'union.rep@example.org');
    expect(violations.flat()).toEqual([]);
  });
});
