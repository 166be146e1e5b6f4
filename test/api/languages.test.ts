import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { pdfText } from '../support/pdf.js';
import { MailCatcher, readMail } from '../support/smtp.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/**
 * Everyone reads Setbook in their own language: a concern's email and a call
 * sheet reach Lucía in Spanish and Olena in Ukrainian over a real SMTP
 * exchange, the union rep outside the production in English; the printed
 * sheet and the calendar event follow the same choice.
 */
describe('emails, printouts and calendars in the reader’s language', () => {
  let smtp: MailCatcher;
  let t: TestApp;
  let dana: Person; // producer, no choice made: English
  let sam: Person; // 1st AD
  let lucia: Person; // safety advisor, Spanish
  let olena: Person; // armorer, Ukrainian
  let pid: string;
  let sheet: string;
  const deadlines = { critical: 15, high: 120, medium: 1440, low: 4320 };

  const call = (who: Person | null, method: string, url: string, body?: unknown) =>
    t.call(method, url.startsWith('/api/') ? url : `/api/productions/${pid}${url}`, { token: who?.token, ...(body !== undefined ? { body } : {}) });
  const ok = async (status: number, sent: ReturnType<typeof call>) => {
    const res = await sent;
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const mailsTo = (who: { email: string }) => smtp.mails.filter((mail) => mail.to.includes(who.email)).map(readMail);

  beforeAll(async () => {
    smtp = await MailCatcher.start();
    t = await startApp({ smtpUrl: smtp.url });
    dana = await setUpFirstUser(t);
    pid = (await createProduction(t, dana, 'Dust Devil')).id;
    lucia = await addPerson(t, dana, pid, ['safety_advisor'], 'Lucía Ortega');
    olena = await addPerson(t, dana, pid, ['armorer'], 'Олена Ковальчук');
    sam = await addPerson(t, dana, pid, ['first_ad'], 'Sam Whitlock');
    for (const [who, locale] of [[lucia, 'es'], [olena, 'uk']] as const) expect((await call(who, 'PUT', '/api/me/locale', { locale })).statusCode).toBe(204);
    const levels = [
      { roles: ['safety_advisor', 'armorer'], emails: ['rep@iatse.example'], deadlines },
      { roles: ['producer'], emails: [], deadlines },
    ];
    await call(lucia, 'PUT', '/escalation', { levels });
    expect((await ok(200, call(dana, 'PUT', '/escalation', { levels }))).escalation.status).toBe('active');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends a concern once per language: Spanish to Lucía, Ukrainian to Olena, English to the union rep', async () => {
    const { concern } = await ok(201, call(dana, 'POST', '/concerns', { category: 'firearms', severity: 'high', description: 'Dummy rounds mixed into the blanks tray', location: 'Saloon' }));
    await t.app.jobs.runOnce();
    const mails = await smtp.waitFor(concern.id as string, 3);
    expect(mails.map((mail) => mail.to).sort()).toEqual([[lucia.email], [olena.email], ['rep@iatse.example']].sort());

    const [spanish] = mailsTo(lucia);
    expect(spanish!.subject).toBe('[Setbook] Reporte de gravedad alta de armas de fuego en Dust Devil');
    expect(spanish!.body).toContain('Se hizo un reporte de seguridad en Dust Devil (nivel 1 de 2).');
    expect(spanish!.body).toContain('Gravedad: alta');
    expect(spanish!.body).toContain('Lugar: Saloon');
    // The set's clock (America/Denver) in Spanish forms.
    expect(spanish!.body).toMatch(/Reportado: dom 22 nov\.? 2026, 07:00 MST/);

    const [ukrainian] = mailsTo(olena);
    expect(ukrainian!.subject).toBe('[Setbook] Високий рівень: повідомлення про небезпеку (вогнепальна зброя) на проєкті Dust Devil');
    expect(ukrainian!.body).toContain('Серйозність: висока');
    expect(ukrainian!.body).toContain('Підтвердьте його в Setbook до');
    expect(ukrainian!.body).toMatch(/Повідомлено: нд 22 лист\.? 2026, 07:00/);

    const [english] = smtp.about(concern.id as string).filter((mail) => mail.to.includes('rep@iatse.example')).map(readMail);
    expect(english!.subject).toBe('[Setbook] High firearms concern on Dust Devil');
    expect(english!.body).toContain('Reported: Sun 22 Nov 2026, 07:00 MST');
  });

  it('emails the call sheet to each recipient in their language, with their call on the set’s clock', async () => {
    const day = (await ok(201, call(sam, 'POST', '/shoot-days', { date: '2026-11-23', sceneIds: [], generalCall: '06:00' }))).shootDay.id as string;
    await ok(200, call(sam, 'PUT', `/shoot-days/${day}/duties`, { duties: [{ userId: olena.id, duty: 'armorer' }, { userId: lucia.id, duty: 'crew' }, { userId: sam.id, duty: 'first_ad' }] }));
    sheet = (await ok(201, call(sam, 'POST', `/shoot-days/${day}/call-sheets`, {}))).callSheet.id as string;
    await ok(200, call(sam, 'POST', `/call-sheets/${sheet}/publish`, {}));
    await t.app.jobs.runOnce();
    const until = Date.now() + 20_000;
    // Lucía and Olena already have the concern's email; the call sheet is their second.
    const arrived = () => mailsTo(lucia).length === 2 && mailsTo(olena).length === 2 && mailsTo(sam).length === 1;
    while (!arrived() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));

    const spanish = mailsTo(lucia).at(-1);
    expect(spanish!.subject).toBe('[Setbook] Hoja de llamado lun 23 nov 2026: Dust Devil día 1 de 1');
    expect(spanish!.body).toContain('Tu hoja de llamado de Dust Devil, día 1 de 1');
    expect(spanish!.body).toContain('Léela y confirma la sección de seguridad:');
    const ukrainian = mailsTo(olena).at(-1);
    expect(ukrainian!.subject).toMatch(/^\[Setbook\] Виклик на зйомку пн 23 лист\.? 2026: Dust Devil, день 1 з 1$/);
    expect(ukrainian!.body).toContain('Посилання тільки ваше');
    const [english] = mailsTo(sam);
    expect(english!.subject).toBe('[Setbook] Call sheet Mon 23 Nov 2026: Dust Devil day 1 of 1');
  });

  it('prints each recipient’s copy in their language, with Cyrillic and accents as written', async () => {
    const { recipients } = await ok(200, call(sam, 'GET', `/call-sheets/${sheet}/recipients`));
    const tokenOf = (who: Person) => (recipients as Array<{ userId: string; link: string }>).find((r) => r.userId === who.id)!.link.split('/').at(-1)!;

    const own = await t.call('GET', `/api/call-sheets/${tokenOf(olena)}/pdf`);
    expect(own.statusCode).toBe(200);
    const ukrainian = pdfText(own.rawPayload);
    for (const words of ['ВИКЛИК НА ЗЙОМКУ', 'ЗАГАЛЬНИЙ ЗБІР', 'БЕЗПЕКА (S4)', 'Зброяр на зміні', 'Олена Ковальчук', 'СТОП: СКАНУЙТЕ', 'Lucía Ortega']) expect(ukrainian, words).toContain(words);
    expect(ukrainian).not.toContain('GENERAL CALL');

    const asked = pdfText((await t.call('GET', `/api/call-sheets/${tokenOf(olena)}/pdf?lang=es`)).rawPayload);
    for (const words of ['HOJA DE LLAMADO', 'LLAMADO GENERAL', 'Armero de turno', 'Олена Ковальчук']) expect(asked, words).toContain(words);
    expect((await t.call('GET', `/api/call-sheets/${tokenOf(olena)}/pdf?lang=fr`)).statusCode).toBe(400);

    // The app's download follows the signed-in person: Dana chose nothing, so English, unless she asks.
    expect(pdfText((await call(dana, 'GET', `/call-sheets/${sheet}/pdf`)).rawPayload)).toContain('GENERAL CALL');
    expect(pdfText((await call(dana, 'GET', `/call-sheets/${sheet}/pdf?lang=uk`)).rawPayload)).toContain('ЗАГАЛЬНИЙ ЗБІР');
    expect(pdfText((await call(lucia, 'GET', `/call-sheets/${sheet}/pdf`)).rawPayload)).toContain('LLAMADO GENERAL');

    // Where poppler is installed, an ordinary PDF reader finds the same words.
    if (hasPdftotext()) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-pdf-')), 'uk.pdf');
      fs.writeFileSync(file, own.rawPayload);
      const read = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(read).toContain('ВИКЛИК НА ЗЙОМКУ');
      expect(read).toContain('Олена Ковальчук');
    }

    const ics = (await t.call('GET', `/api/call-sheets/${tokenOf(olena)}/calendar.ics`)).body.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('X-WR-CALNAME:Виклик на зйомку: Dust Devil');
  });
});

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
