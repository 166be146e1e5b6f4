import fs from 'node:fs';
import type https from 'node:https';
import path from 'node:path';
import webPush, { WebPushError, type Urgency } from 'web-push';
import type { FastifyBaseLogger } from 'fastify';
import { translator, intlTag } from '../../i18n/catalogue.js';
import type { Locale } from '../../i18n/locales.js';
import type { PushDeviceRow } from '../../store/push.js';
import { reader, writer, type ServiceDeps } from '../context.js';
import { DEFAULT_FROM } from './mail.js';

/** What happened, as the write that did it tells the push sender; who hears it and in which words is decided when it is sent. */
export type PushNotice =
  | { type: 'stop.raised'; productionId: string; stopId: string; reason: string | null; location: string | null }
  | { type: 'stop.lifted'; productionId: string; stopId: string }
  | { type: 'hold.placed'; productionId: string; incidentId: string; kind: 'unintended_discharge' | 'misfire' | 'live_round' }
  | { type: 'hold.lifted'; productionId: string; incidentId: string }
  /** S2: the people a concern's level reached, the implicated already left out */
  | { type: 'concern.escalated'; productionId: string; concernId: string; severity: string; why: 'reported' | 'climbed'; userIds: string[] }
  | { type: 'callSheet.published'; productionId: string; callSheetId: string; shootDayId: string; date: string; version: number; userIds: string[] };

/** What the service worker receives, decrypted, and shows. */
export interface PushMessage {
  type: PushNotice['type'];
  productionId: string;
  title: string;
  body: string;
  /** the screen a tap opens, on this server */
  url: string;
  /** a later message with the same tag replaces the earlier one on the phone (the stop lifted replaces the stop raised) */
  tag: string;
}

/** F11: who must know firearms are held, as the incident's own alert names them, and the 1st AD who runs the set. */
const HOLD_ROLES = ['armorer', 'first_ad', 'safety_advisor', 'producer'];

/** RFC 8030 section 5.2 and 5.3: how long a push service keeps a message for a phone that is off, and how hard it tries. */
function delivery(notice: PushNotice): { TTL: number; urgency: Urgency } {
  switch (notice.type) {
    case 'stop.raised':
    case 'stop.lifted':
      return { TTL: 3_600, urgency: 'high' };
    case 'hold.placed':
    case 'hold.lifted':
      return { TTL: 4 * 3_600, urgency: 'high' };
    case 'concern.escalated':
      return { TTL: 24 * 3_600, urgency: notice.severity === 'critical' || notice.severity === 'high' ? 'high' : 'normal' };
    case 'callSheet.published':
      return { TTL: 24 * 3_600, urgency: 'normal' };
  }
}

/**
 * The message one device receives, in its own language. It says no more than
 * its reader sees in the app, and less where it can: never a concern's words
 * or reporter, never a call sheet's personal link. The screen says the rest.
 */
export function pushMessage(notice: PushNotice, production: string, locale: Locale): PushMessage {
  const t = translator(locale);
  const at = `/productions/${notice.productionId}`;
  const base = { type: notice.type, productionId: notice.productionId };
  switch (notice.type) {
    case 'stop.raised': {
      const said = notice.reason ? t('push.stop.raisedBecause', { reason: notice.reason }) : t('push.stop.raisedBody');
      const body = notice.location ? `${said}\n${t('push.stop.where', { location: notice.location })}` : said;
      return { ...base, title: t('push.stop.raisedTitle', { production }), body, url: `${at}/stops/${notice.stopId}`, tag: `stop-${notice.stopId}` };
    }
    case 'stop.lifted':
      return { ...base, title: t('push.stop.liftedTitle', { production }), body: t('push.stop.liftedBody'), url: `${at}/stops/${notice.stopId}`, tag: `stop-${notice.stopId}` };
    case 'hold.placed':
      return {
        ...base,
        title: t('push.hold.placedTitle'),
        body: t('push.hold.placedBody', { incident: t(`push.hold.kind.${notice.kind}`), production }),
        url: `${at}/armory`,
        tag: `hold-${notice.incidentId}`,
      };
    case 'hold.lifted':
      return { ...base, title: t('push.hold.liftedTitle'), body: t('push.hold.liftedBody', { production }), url: `${at}/armory`, tag: `hold-${notice.incidentId}` };
    case 'concern.escalated': {
      const severity = t(`push.concern.severity.${notice.severity}`, { defaultValue: notice.severity });
      const body = notice.why === 'climbed' ? t('push.concern.climbed', { severity, production }) : t('push.concern.reported', { severity, production });
      return { ...base, title: t('push.concern.title'), body, url: `${at}/concerns/${notice.concernId}`, tag: `concern-${notice.concernId}` };
    }
    case 'callSheet.published': {
      const date = new Intl.DateTimeFormat(intlTag(locale), { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(`${notice.date}T12:00:00Z`));
      return {
        ...base,
        title: t('push.callSheet.title'),
        body: t('push.callSheet.body', { date, version: notice.version, production }),
        url: `${at}/schedule/days/${notice.shootDayId}/call-sheet`,
        tag: `call-sheet-${notice.shootDayId}`,
      };
    }
  }
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The server's VAPID key pair (RFC 8292), made once and kept in the data
 * directory with mode 0600: every browser's subscription is bound to its
 * public key, so a new pair would silence every phone.
 */
export function loadOrCreateVapidKeys(dataDir: string): VapidKeys {
  const file = path.join(dataDir, 'push-vapid.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      // 'wx' never overwrites a pair another process wrote meanwhile.
      fs.writeFileSync(file, JSON.stringify(webPush.generateVAPIDKeys()), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as VapidKeys;
}

/** RFC 8292 section 2.1: the push service's way to reach whoever runs this server. */
export function vapidSubject(mailFrom: string | undefined): string {
  if (!mailFrom || mailFrom === DEFAULT_FROM) return 'mailto:safety@setbook.invalid';
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `mailto:${address}`;
}

export interface PushOptions {
  keys: VapidKeys;
  subject: string;
  /**
   * The push services a device may name (a host, or a domain its hosts end
   * in), or 'any'. Default: the browsers' own services. A subscription names
   * the address the laptop then posts to, so without this list anyone signed
   * in could point the server at any HTTPS address on the set's network.
   */
  services?: readonly string[] | 'any';
  /** how long one push service may take to answer */
  timeoutMs?: number;
  /** the HTTPS agent requests go through: a studio's own CA, or a test's push service */
  agent?: https.Agent;
}

/** Chrome, Edge, Firefox and Safari's push services: where a real browser's subscription points. */
export const BROWSER_PUSH_SERVICES: readonly string[] = ['fcm.googleapis.com', 'android.googleapis.com', 'push.services.mozilla.com', 'push.apple.com', 'notify.windows.com'];

/** Whether `endpoint` is on one of `services`: the host itself, or a host under that domain. */
export function isPushService(endpoint: string, services: PushOptions['services'] = BROWSER_PUSH_SERVICES): boolean {
  if (services === 'any') return true;
  let host: string;
  try {
    host = new URL(endpoint).hostname.toLowerCase();
  } catch {
    return false;
  }
  return services.some((service) => host === service || host.endsWith(`.${service}`));
}

/** Devices written to at once; a stop reaches a whole crew. */
const PARALLEL = 16;

/**
 * Sends Web Push once a write has committed, off the request path: the write
 * hands over its notice and answers at once, so a slow or unreachable push
 * service never delays or fails it. Notices wait in memory only; the record
 * is the ledger and the live channel, and push is the courtesy of reaching a
 * phone in a pocket. A failure is counted on the device's row, never thrown.
 */
export class PushSender {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: ServiceDeps,
    readonly options: PushOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  get publicKey(): string {
    return this.options.keys.publicKey;
  }

  /** Starts at once and alongside any other notice: a stop never waits behind a call sheet stuck on a dead push service. */
  send(notice: PushNotice): void {
    const sending: Promise<void> = this.deliver(notice)
      // The database is out of reach: this notice is lost; the ledger and the live channel still hold it.
      .catch((error: unknown) => this.log.error({ err: error }, 'push delivery failed'))
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Resolves once every notice handed over so far has been tried on every device: for tests and for closing. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private async deliver(notice: PushNotice): Promise<void> {
    const repos = reader(this.deps);
    const production = await repos.productions.byId(notice.productionId);
    if (!production) return;
    // A device kept from before the list of push services changed is not written to.
    const devices = (await repos.push.ofUsers(await this.audience(notice))).filter((device) => isPushService(device.endpoint, this.options.services));
    const { TTL, urgency } = delivery(notice);
    // A few senders take devices off one list, so one that hangs holds up only itself.
    let next = 0;
    const sender = async () => {
      for (let device = devices[next++]; device; device = devices[next++]) await this.sendTo(device, pushMessage(notice, production.name, device.locale), TTL, urgency);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, devices.length) }, sender));
  }

  /** Who hears a notice: members of its production only, read now, so someone removed meanwhile hears nothing. */
  private async audience(notice: PushNotice): Promise<string[]> {
    const members = await reader(this.deps).members.list(notice.productionId);
    switch (notice.type) {
      case 'stop.raised':
      case 'stop.lifted':
        return members.map((m) => m.userId);
      case 'hold.placed':
      case 'hold.lifted':
        return members.filter((m) => m.roles.some((role) => HOLD_ROLES.includes(role))).map((m) => m.userId);
      case 'concern.escalated':
      case 'callSheet.published': {
        const wanted = new Set(notice.userIds);
        return members.filter((m) => wanted.has(m.userId)).map((m) => m.userId);
      }
    }
  }

  private async sendTo(device: PushDeviceRow, message: PushMessage, TTL: number, urgency: Urgency): Promise<void> {
    const repos = writer(this.deps);
    try {
      await webPush.sendNotification({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, JSON.stringify(message), {
        vapidDetails: { subject: this.options.subject, publicKey: this.options.keys.publicKey, privateKey: this.options.keys.privateKey },
        TTL,
        urgency,
        timeout: this.options.timeoutMs ?? 10_000,
        ...(this.options.agent ? { agent: this.options.agent } : {}),
      });
      await repos.push.reached(device.id, this.deps.clock().toISOString());
    } catch (error) {
      // RFC 8030 section 7.3: the subscription has expired or was withdrawn; it will never work again.
      if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) await repos.push.forget(device.id);
      else await repos.push.missed(device.id);
    }
  }
}
