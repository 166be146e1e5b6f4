import { defaultLocale, isLocale, type Locale } from '../../i18n/locales.js';
import type { Tx } from '../context.js';
import { newId } from '../secrets.js';

export interface Email {
  productionId: string;
  /** the concern a message belongs to, so a mail client threads every step of it */
  concernId: string | null;
  recipients: string[];
  subject: string;
  body: string;
}

/**
 * Queues an email in the caller's transaction: it exists exactly when the act
 * that sends it commits, and the jobs deliver it (SMTP, or the outbox folder).
 * Answers the email's id.
 */
export async function queueEmail(tx: Tx, email: Email): Promise<string> {
  const at = tx.now.toISOString();
  const id = newId();
  await tx.repos.outbox.queue({
    id,
    production_id: email.productionId,
    concern_id: email.concernId,
    recipients: JSON.stringify(email.recipients),
    subject: email.subject,
    body: email.body,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    claimed_until: null,
    sent_at: null,
    error: null,
    created_at: at,
  });
  tx.wakeJobs();
  return id;
}

/** The language an email to someone takes: their own choice, else English. */
export function readerLocale(chosen: string | null | undefined): Locale {
  return isLocale(chosen) ? chosen : defaultLocale;
}

/**
 * Addresses grouped by the language their emails take: a member's by their
 * choice; an address outside the production (a union rep, a studio's safety
 * desk) in English, as no one has told Setbook otherwise.
 */
export function byLanguage(addresses: readonly string[], chosen: ReadonlyMap<string, string | null>): Map<Locale, string[]> {
  const groups = new Map<Locale, string[]>();
  for (const address of addresses) {
    const locale = readerLocale(chosen.get(address.toLowerCase()));
    groups.set(locale, [...(groups.get(locale) ?? []), address]);
  }
  return groups;
}
