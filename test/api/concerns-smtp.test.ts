import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { MailCatcher } from '../support/smtp.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/**
 * S2's email over a real SMTP exchange: the escalation emails reach the right
 * people through nodemailer and a local SMTP server, and an SMTP failure is
 * kept and retried, never dropped.
 */
describe('escalation email over SMTP', () => {
  let smtp: MailCatcher;
  let t: TestApp;
  let dana: Person;
  let ines: Person;
  let rosa: Person;
  let lee: Person;
  let pid: string;
  const deadlines = { critical: 15, high: 120, medium: 1440, low: 4320 };

  const call = (who: Person, method: string, path: string, body?: unknown) =>
    t.call(method, `/api/productions/${pid}${path}`, { token: who.token, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await startApp({ smtpUrl: smtp.url });
    dana = await setUpFirstUser(t);
    pid = (await createProduction(t, dana, 'Dust Devil')).id;
    ines = await addPerson(t, dana, pid, ['safety_advisor'], 'Ines Okafor');
    rosa = await addPerson(t, dana, pid, ['upm'], 'Rosa UPM');
    lee = await addPerson(t, dana, pid, ['upm'], 'Lee UPM');
    const levels = [
      { roles: ['safety_advisor'], emails: [], deadlines },
      { roles: ['upm'], emails: ['studio.safety@example.test'], deadlines },
      { roles: [], emails: ['rep@iatse.example', lee.email.toUpperCase()], deadlines },
    ];
    await call(ines, 'PUT', '/escalation', { levels });
    expect((await call(dana, 'PUT', '/escalation', { levels })).json().escalation.status).toBe('active');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('delivers each level\'s email to that level\'s people and contacts, never to the implicated', async () => {
    const res = await call(ines, 'POST', '/concerns', {
      category: 'fatigue',
      severity: 'critical',
      description: 'Drivers on a 19-hour day taking the cast van down the canyon road',
      implicatedUserIds: [lee.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().concern.id as string;
    await t.app.jobs.runOnce();
    let mails = await smtp.waitFor(id, 1);
    expect(mails[0]!.to).toEqual([ines.email]);
    expect(mails[0]!.from).toBe('setbook@example.test');
    expect(mails[0]!.subject).toContain('CRITICAL fatigue concern');
    // Times on the set's clock (America/Denver), never raw UTC.
    expect(mails[0]!.raw).toContain('Reported: Sun 22 Nov 2026, 07:00 MST');
    expect(mails[0]!.raw).not.toContain('2026-11-22T14:00');

    t.clock.advance(15 * 60_000);
    await t.app.jobs.runOnce();
    mails = await smtp.waitFor(id, 2);
    expect(mails[1]!.to.sort()).toEqual([rosa.email, 'studio.safety@example.test'].sort());
    expect(mails[1]!.subject).toContain('not acknowledged in time');

    t.clock.advance(15 * 60_000);
    await t.app.jobs.runOnce();
    mails = await smtp.waitFor(id, 3);
    // Lee is implicated: not even the address a ladder lists for him receives it.
    expect(mails[2]!.to).toEqual(['rep@iatse.example']);
    expect(smtp.mails.some((mail) => mail.to.some((to) => to.toLowerCase() === lee.email.toLowerCase()))).toBe(false);

    const thread = (await call(ines, 'GET', `/concerns/${id}`)).json();
    expect(thread.notifications.map((n: { status: string }) => n.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('keeps an email the SMTP server refused, shows why, and sends it on a later try', async () => {
    smtp.refuse = '451 mailbox busy, try later';
    const id = (await call(ines, 'POST', '/concerns', { category: 'electrical', severity: 'high', description: 'Genny grounding rod missing' })).json().concern.id as string;
    await t.app.jobs.runOnce();
    const failed = (await call(ines, 'GET', `/concerns/${id}`)).json().notifications;
    expect(failed).toMatchObject([{ status: 'failed', attempts: 1, error: expect.stringContaining('mailbox busy') }]);
    expect(smtp.about(id)).toHaveLength(0);

    smtp.refuse = null;
    await t.app.jobs.runOnce();
    expect(smtp.about(id)).toHaveLength(0); // not due yet: it waits before trying again
    t.clock.advance(31_000);
    await t.app.jobs.runOnce();
    await smtp.waitFor(id, 1);
    expect((await call(ines, 'GET', `/concerns/${id}`)).json().notifications).toMatchObject([{ status: 'sent', attempts: 2, error: null }]);
  });
});
