import type { Repos } from '../store/index.js';
import type { LiveEventRow } from '../store/live.js';

/** One open event stream: a device of a signed-in member. */
export interface Subscriber {
  userId: string;
  deviceId: string;
  /** the last sequence number this device has been sent */
  lastSeq: number;
  /** true while its backlog is being replayed; live delivery skips it meanwhile */
  catchingUp: boolean;
  write(text: string): void;
}

interface Channel {
  subscribers: Set<Subscriber>;
  /** the highest sequence number read from the database for this production */
  seq: number;
  reading: boolean;
  again: boolean;
}

export interface LiveHubOptions {
  /** reads of the event log (the read connection: fan-out never waits behind a write) */
  repos: () => Repos;
  /** where presence is written */
  writes: () => Repos;
  clock: () => Date;
  /** a lost wake-up delays nothing beyond this (DESIGN.md: 2 s) */
  pollMs?: number;
  /** comment heartbeat and presence refresh (API.md: 15 s) */
  heartbeatMs?: number;
  /** where a failed poll or presence write is reported: never swallowed */
  onError?: (error: unknown, what: string) => void;
}

/** How long after its last heartbeat a device still counts as connected. */
export function presenceWindowMs(heartbeatMs: number): number {
  return 2 * heartbeatMs + 5_000;
}

export function formatEvent(row: Pick<LiveEventRow, 'seq' | 'type' | 'data'>): string {
  return `id: ${row.seq}\nevent: ${row.type}\ndata: ${row.data}\n\n`;
}

/**
 * Fans live events out to the streams open on this instance. The database is
 * the truth: a wake-up (local commit, PostgreSQL NOTIFY, or the poll) makes
 * the hub read the new rows once per production and write them to every
 * subscriber that may see them, in sequence order, each exactly once.
 */
export class LiveHub {
  private readonly channels = new Map<string, Channel>();
  private timers: NodeJS.Timeout[] = [];
  readonly heartbeatMs: number;
  private readonly pollMs: number;

  constructor(private readonly options: LiveHubOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.pollMs = options.pollMs ?? 2_000;
  }

  start(): void {
    const report = (what: string) => (error: unknown) => this.options.onError?.(error, what);
    this.timers.push(setInterval(() => void this.poll().catch(report('live poll failed')), this.pollMs));
    this.timers.push(setInterval(() => void this.heartbeat().catch(report('presence heartbeat failed')), this.heartbeatMs));
    for (const timer of this.timers) timer.unref();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Adds a stream and replays what it missed after `lastEventId` (all of it is read from the database). */
  async subscribe(productionId: string, subscriber: Subscriber): Promise<void> {
    let channel = this.channels.get(productionId);
    if (!channel) {
      channel = { subscribers: new Set(), seq: await this.options.repos().live.head(productionId), reading: false, again: false };
      const raced = this.channels.get(productionId);
      if (raced) channel = raced;
      else this.channels.set(productionId, channel);
    }
    subscriber.catchingUp = true;
    channel.subscribers.add(subscriber);
    await this.options.writes().live.touch([{ productionId, deviceId: subscriber.deviceId, userId: subscriber.userId }], this.now());
    // Replay until caught up with what the hub itself has read; later rows arrive live.
    for (;;) {
      const rows = await this.options.repos().live.after(productionId, subscriber.lastSeq);
      for (const row of rows) deliver(subscriber, row);
      if (rows.length === 0 || subscriber.lastSeq >= channel.seq) break;
    }
    subscriber.catchingUp = false;
    if (subscriber.lastSeq < channel.seq) this.wake(productionId);
  }

  async unsubscribe(productionId: string, subscriber: Subscriber): Promise<void> {
    const channel = this.channels.get(productionId);
    if (!channel) return;
    channel.subscribers.delete(subscriber);
    if (channel.subscribers.size === 0 && !channel.reading) this.channels.delete(productionId);
    const stillHere = [...channel.subscribers].some((s) => s.deviceId === subscriber.deviceId);
    if (!stillHere) await this.options.writes().live.disconnect(productionId, subscriber.deviceId);
  }

  /** Something was committed on this production: read and fan out. Never throws. */
  wake(productionId: string): void {
    const channel = this.channels.get(productionId);
    if (!channel) return;
    if (channel.reading) {
      channel.again = true;
      return;
    }
    void this.drain(productionId, channel).catch(() => {
      channel.reading = false;
    });
  }

  private async drain(productionId: string, channel: Channel): Promise<void> {
    channel.reading = true;
    do {
      channel.again = false;
      const rows = await this.options.repos().live.after(productionId, channel.seq);
      for (const row of rows) {
        const text = formatEvent(row);
        for (const subscriber of channel.subscribers) {
          if (!subscriber.catchingUp) deliver(subscriber, row, text);
        }
        channel.seq = row.seq;
      }
      if (rows.length > 0) channel.again = true;
    } while (channel.again);
    channel.reading = false;
    if (channel.subscribers.size === 0 && this.channels.get(productionId) === channel) this.channels.delete(productionId);
  }

  /** Covers a lost notification: one query for every production with open streams. */
  private async poll(): Promise<void> {
    const heads = await this.options.repos().live.heads([...this.channels.keys()]);
    for (const [productionId, seq] of heads) {
      if (seq > (this.channels.get(productionId)?.seq ?? seq)) this.wake(productionId);
    }
  }

  /** Writes every open stream's comment heartbeat and records its device as present. */
  async heartbeat(): Promise<void> {
    const devices: Array<{ productionId: string; deviceId: string; userId: string }> = [];
    for (const [productionId, channel] of this.channels) {
      for (const subscriber of channel.subscribers) {
        subscriber.write(': heartbeat\n\n');
        devices.push({ productionId, deviceId: subscriber.deviceId, userId: subscriber.userId });
      }
    }
    await this.options.writes().live.touch(devices, this.now());
  }

  /** Streams open on this instance, for the bench and the tests. */
  get size(): number {
    let n = 0;
    for (const channel of this.channels.values()) n += channel.subscribers.size;
    return n;
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}

function deliver(subscriber: Subscriber, row: LiveEventRow, text = formatEvent(row)): void {
  if (row.seq <= subscriber.lastSeq) return;
  subscriber.lastSeq = row.seq;
  if (row.hiddenFrom?.includes(subscriber.userId)) return;
  subscriber.write(text);
}
