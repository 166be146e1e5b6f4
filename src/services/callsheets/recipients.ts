import type { Sections } from '../../domain/callsheets/sheet.js';
import type { NoteSigner } from '../../ledger/note.js';
import type { CallSheetRow, RecipientRecord } from '../../store/callsheets.js';
import type { Command } from '../command.js';
import { reader, type ServiceDeps, type Tx } from '../context.js';
import { queueEmail } from '../notify/outbox.js';
import { callSheetEmail } from '../notify/templates.js';
import { readerLocale } from '../notify/outbox.js';
import { conflict, notFound } from '../problem.js';
import { seal, unseal } from '../seal.js';
import { randomToken, sha256Hex } from '../secrets.js';
import { callSheetOf } from './drafts.js';

/** A personal link's token: 32 random bytes, kept as its hash (to find it) and sealed (to show it to the 1st AD again). */
export function issueToken(signer: NoteSigner) {
  const token = randomToken();
  return { token, hash: sha256Hex(token), sealed: seal(signer, token) };
}

/** The web app's page for a personal link. */
export const linkOf = (publicUrl: string, token: string) => `${publicUrl}/call-sheet/${token}`;
export const calendarLinkOf = (publicUrl: string, token: string) => `${publicUrl}/api/call-sheets/${token}/calendar.ics`;

/** Emails one recipient their link, with their call on the set's clock; answers the email's id. */
export async function emailLink(
  tx: Tx,
  signer: NoteSigner,
  sheet: { productionId: string; sections: Sections; publicUrl: string },
  person: { email: string; call: string | null; locale: string | null },
  token: string,
  again: boolean,
): Promise<string> {
  const { sections, publicUrl } = sheet;
  const { subject, body } = callSheetEmail({
    locale: readerLocale(person.locale),
    production: sections.production.name,
    timeZone: sections.production.timezone,
    date: sections.day.date,
    dayNumber: sections.day.number,
    dayCount: sections.day.of,
    revision: sections.revision,
    call: person.call,
    locations: sections.locations.map((l) => [l.name, l.address].filter(Boolean).join(', ')),
    link: linkOf(publicUrl, token),
    calendarLink: calendarLinkOf(publicUrl, token),
    again,
  });
  // The body carries the link, so the database keeps it sealed; the mailer opens it to send it.
  return queueEmail(tx, { productionId: sheet.productionId, concernId: null, recipients: [person.email], subject, body: seal(signer, body) });
}

export function presentRecipient(signer: NoteSigner, sheet: Pick<CallSheetRow, 'public_url'>, row: RecipientRecord) {
  return {
    userId: row.user_id,
    name: row.name,
    call: row.call,
    link: linkOf(sheet.public_url ?? '', unseal(signer, row.token_sealed)),
    sentAt: row.sent_at,
    emailStatus: row.email_status as 'pending' | 'sent' | 'outbox' | 'failed' | null,
    openedAt: row.opened_at,
    confirmedAt: row.confirmed_at,
    safetyAckAt: row.safety_ack_at,
    revoked: row.revoked_at !== null,
  };
}

/** Who has a version and where each stands; `pending`: only those who have not acknowledged its safety section. */
export async function listRecipients(deps: ServiceDeps, productionId: string, callSheetId: string, pending: boolean) {
  const repos = reader(deps);
  const sheet = await callSheetOf(repos, productionId, callSheetId);
  const rows = await repos.callSheets.recipients(productionId, callSheetId, pending);
  return { recipients: rows.map((row) => presentRecipient(deps.signer, sheet, row)) };
}

interface ResendFacts {
  sheet: CallSheetRow;
  recipient: RecipientRecord;
  email: string;
  locale: string | null;
}

/** Sends one recipient their link again, as a new email (the link itself stays the same). */
export function resending(signer: NoteSigner): Command<{ callSheetId: string; userId: string }, ResendFacts, object> {
  return {
    name: 'callSheet.resend',
    async facts(tx, act) {
      const { productionId, input } = act;
      const sheet = await callSheetOf(tx.repos, productionId, input.callSheetId);
      const recipient = await tx.repos.callSheets.recipient(productionId, input.callSheetId, input.userId);
      const [member] = await tx.repos.members.list(productionId, input.userId);
      if (!recipient || !member) throw notFound('Recipient not found');
      if (recipient.revoked_at) throw conflict(`A newer version of this call sheet replaced version ${sheet.version}; send that one instead.`);
      const locale = (await tx.repos.users.locales([input.userId])).get(input.userId) ?? null;
      return { sheet, recipient, email: member.email, locale };
    },
    refusalData: (act) => ({ callSheetId: act.input.callSheetId, userId: act.input.userId }),
    async apply(tx, f, act) {
      const { productionId, caller, input } = act;
      const sections = JSON.parse(f.sheet.sections!) as Sections;
      const token = unseal(signer, f.recipient.token_sealed);
      const emailId = await emailLink(tx, signer, { productionId, sections, publicUrl: f.sheet.public_url! }, { email: f.email, call: f.recipient.call, locale: f.locale }, token, true);
      await tx.repos.callSheets.setEmail(f.sheet.id, input.userId, emailId);
      const receipt = await tx.ledger.append(productionId, { type: 'callSheet.resent', actor: { userId: caller.user.id }, data: { callSheetId: f.sheet.id, userId: input.userId } });
      const row = (await tx.repos.callSheets.recipient(productionId, f.sheet.id, input.userId))!;
      return { recipient: presentRecipient(signer, f.sheet, row), receipt };
    },
  };
}
