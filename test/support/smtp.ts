import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface CaughtMail {
  /** the SMTP envelope's recipients: who the message was really delivered to */
  to: string[];
  from: string;
  subject: string;
  /** the concern it is about (X-Setbook-Concern) */
  concern: string | null;
  raw: string;
}

/**
 * A real SMTP server on a free local port that keeps what it receives. The
 * exchange is plain SMTP (no STARTTLS, no AUTH) as on a set's local relay.
 */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  private server: SMTPServer;
  /** while set, every message is refused with this SMTP reply */
  refuse: string | null = null;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (raw += chunk));
        stream.on('end', () => {
          if (this.refuse) return callback(Object.assign(new Error(this.refuse), { responseCode: 451 }));
          const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: /^Subject: (.*)$/m.exec(unfolded)?.[1]?.trim() ?? '',
            concern: /^X-Setbook-Concern: (.*)$/m.exec(unfolded)?.[1]?.trim() ?? null,
            raw,
          });
          callback();
        });
      },
    });
  }

  static async start(): Promise<MailCatcher> {
    const catcher = new MailCatcher();
    await new Promise<void>((resolve) => catcher.server.listen(0, '127.0.0.1', () => resolve()));
    return catcher;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  about(concernId: string): CaughtMail[] {
    return this.mails.filter((mail) => mail.concern === concernId);
  }

  /** Waits until `count` mails about the concern have arrived. */
  async waitFor(concernId: string, count: number, timeoutMs = 20_000): Promise<CaughtMail[]> {
    const until = Date.now() + timeoutMs;
    while (this.about(concernId).length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} mails about ${concernId}, got ${this.about(concernId).length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.about(concernId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A caught mail as its reader sees it: the subject's encoded words (RFC 2047)
 * and the body's transfer encoding (quoted-printable or base64) undone, so a
 * test can read Spanish and Ukrainian as written.
 */
export function readMail(mail: CaughtMail): { subject: string; body: string } {
  const words = (text: string) =>
    text.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
      kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
  const split = mail.raw.search(/\r?\n\r?\n/);
  const head = mail.raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const raw = mail.raw.slice(split).trim();
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(head)?.[1]?.trim().toLowerCase();
  const body =
    encoding === 'base64'
      ? Buffer.from(raw, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
        : raw;
  return { subject: words(/^Subject: (.*)$/m.exec(head)?.[1]?.trim() ?? ''), body: body.replace(/\r\n/g, '\n') };
}
