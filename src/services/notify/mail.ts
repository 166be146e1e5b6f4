import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailRow } from '../../store/outbox.js';
import { reader, writer, type ServiceDeps } from '../context.js';
import { isSealed, unseal } from '../seal.js';

/**
 * Where escalation emails go: an SMTP server (`SETBOOK_SMTP_URL`), or, with
 * none configured, `.eml` files in the data dir's outbox folder, shown in the
 * app. Never silently dropped.
 */
export interface MailConfig {
  smtpUrl?: string | undefined;
  outboxDir: string;
  from: string;
}

export const DEFAULT_FROM = 'Setbook <setbook@localhost>';

/** How long one instance holds an email it is sending before another may try. */
const CLAIM_MS = 60_000;
/** Waits between attempts after an SMTP failure: 30 s, 1 min, 2 min ... capped at 15 min. */
const retryDelayMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);

export class Mailer {
  private transport: Transporter | null = null;
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' } as const);

  constructor(readonly config: MailConfig) {}

  /** Sends one email; 'outbox' when there is no SMTP server and it was written to the outbox folder. */
  async deliver(email: EmailRow): Promise<'sent' | 'outbox'> {
    const message = {
      from: this.config.from,
      to: JSON.parse(email.recipients) as string[],
      subject: email.subject,
      text: email.body,
      messageId: `<${email.id}@setbook>`,
      // lets a union rep's mail client thread every step of one concern
      headers: email.concern_id ? { 'X-Setbook-Concern': email.concern_id } : undefined,
    };
    if (this.config.smtpUrl) {
      this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
      await this.transport.sendMail(message);
      return 'sent';
    }
    const composed = (await this.composer.sendMail(message)) as { message: Buffer };
    fs.mkdirSync(this.config.outboxDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.config.outboxDir, `${email.created_at.replace(/[:.]/g, '-')}-${email.id}.eml`);
    // Written whole then renamed, so a half-written file never looks like an email.
    fs.writeFileSync(`${file}.tmp`, composed.message, { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
    return 'outbox';
  }

  close() {
    this.transport?.close();
  }
}

/**
 * Sends every email that is due. Each is claimed in the database first, so two
 * instances never both send one; a failure is kept with its reason and tried
 * again later. Returns how many went out (or into the outbox).
 */
export async function deliverEmails(deps: ServiceDeps, mailer: Mailer): Promise<number> {
  const repos = writer(deps);
  let delivered = 0;
  for (const email of await reader(deps).outbox.due(deps.clock().toISOString(), 50)) {
    const now = deps.clock();
    if (!(await repos.outbox.claim(email.id, now.toISOString(), new Date(now.getTime() + CLAIM_MS).toISOString()))) continue;
    try {
      // A body that carries a personal link is kept sealed in the database and opened only to send it.
      const status = await mailer.deliver(isSealed(email.body) ? { ...email, body: unseal(deps.signer, email.body) } : email);
      await repos.outbox.done(email.id, { status, attempts: email.attempts + 1, sent_at: deps.clock().toISOString(), error: null, claimed_until: null });
      delivered++;
    } catch (error) {
      const attempts = email.attempts + 1;
      await repos.outbox.done(email.id, {
        status: 'failed',
        attempts,
        // The reason is the transport's message; SMTP credentials live in the URL, never in it.
        error: error instanceof Error ? error.message.slice(0, 500) : 'send failed',
        next_attempt_at: new Date(deps.clock().getTime() + retryDelayMs(attempts)).toISOString(),
        claimed_until: null,
      });
    }
  }
  return delivered;
}
