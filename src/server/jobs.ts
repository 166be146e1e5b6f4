import type { FastifyBaseLogger } from 'fastify';
import type { ServiceDeps } from '../services/context.js';
import { escalateDue, nextDeadline } from '../services/concerns/climb.js';
import { deliverEmails, Mailer, type MailConfig } from '../services/notify/mail.js';

export interface JobOptions {
  /** the longest the scheduler sleeps between looks (new work on another instance, email retries) */
  maxSleepMs?: number;
}

/**
 * The background work of one instance: S2's escalation timers and the email
 * they send. Nothing lives only in memory: deadlines and emails are rows, each
 * step is claimed in the database, so a restarted instance or a second one
 * picks up exactly where things stand and never repeats a step.
 */
export class Jobs {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;
  private readonly mailer: Mailer | null;
  private readonly maxSleepMs: number;

  constructor(
    private readonly deps: ServiceDeps,
    mail: MailConfig | null,
    private readonly log: FastifyBaseLogger,
    options: JobOptions = {},
  ) {
    this.mailer = mail ? new Mailer(mail) : null;
    this.maxSleepMs = options.maxSleepMs ?? 2_000;
  }

  start() {
    this.started = true;
    this.poke();
  }

  /** Look now: a concern was reported or something else gave the jobs work. */
  poke() {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.log.error({ err: error }, 'escalation jobs failed'))
      .then(() => this.schedule())
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** One pass: climb every overdue concern, then send what is due. Tests call it with their own clock. */
  async runOnce(): Promise<{ steps: number; emails: number }> {
    const steps = await escalateDue(this.deps);
    const emails = this.mailer ? await deliverEmails(this.deps, this.mailer) : 0;
    return { steps, emails };
  }

  private async schedule() {
    if (this.stopped) return;
    let wait = this.maxSleepMs;
    try {
      const next = await nextDeadline(this.deps);
      if (next) wait = Math.max(0, next.getTime() - this.deps.clock().getTime());
    } catch (error) {
      // The database is out of reach: look again after the longest sleep, never give up and never crash.
      this.log.error({ err: error }, 'escalation jobs could not read the next deadline');
    }
    // Never a busy loop, even if a step keeps failing.
    this.timer = setTimeout(() => this.poke(), Math.max(50, Math.min(wait, this.maxSleepMs)));
    this.timer.unref();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.mailer?.close();
  }
}
