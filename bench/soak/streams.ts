/**
 * The soak's phones: N SSE streams on one production, each checking that the
 * sequence numbers (`id:`) it receives run on without a gap, and resuming
 * with Last-Event-ID after a drop as a browser's EventSource would. A receipt
 * time waits, per sequence number, until the coordinator says which write
 * caused the event and when that write was sent and answered; then it goes
 * into the delivery histograms.
 */
import http from 'node:http';
import { assertLoopback, since, sleep, withTimeout } from '../fanout/common.js';
import { Histogram, type SparseHistogram } from './histogram.js';

/** What the server's `retry:` line asks of a browser before it reconnects. */
const RETRY_MS = 2000;

export interface StreamSpec {
  /** the production's live URL, without deviceId */
  url: string;
  headers: Record<string, string>;
  count: number;
  /** deviceIds are `${idPrefix}-${i}` */
  idPrefix: string;
}

/** The write behind a sequence number: [seq, sent, answered], times in ms after the shared base. */
export type Resolution = [number, number, number];

// IPC between the coordinator and a stream worker: request { id, ...StreamCall }, reply { id, ok, result | error }.
export type StreamCall =
  | { op: 'init'; spec: StreamSpec; base: string }
  | { op: 'connect'; concurrency: number; timeoutMs: number }
  /** `untimed`: sequence numbers whose receipts are not timed (warm-up writes, events no write of the soak caused) */
  | { op: 'resolve'; timed: Resolution[]; untimed: number[] }
  | { op: 'status' }
  | { op: 'report'; head: number }
  | { op: 'close' };

export interface StreamStatus {
  open: number;
  /** the lowest last sequence number over the streams */
  lowest: number;
}

export interface StreamReport {
  streams: number;
  open: number;
  /** events received, over every stream */
  received: number;
  /** sequence numbers skipped, over every stream */
  gaps: number;
  gappedStreams: number;
  /** ids at or below one already received */
  disorder: number;
  reconnects: number;
  failedReconnects: number;
  /** streams whose last sequence number is below the head */
  behind: number;
  /** events the behind streams never got */
  missingTail: number;
  /** receipts still waiting to learn their write */
  unresolved: number;
  /** receipt - write sent */
  fromSent: SparseHistogram;
  /** receipt - write answered */
  fromAnswered: SparseHistogram;
}

interface Stream {
  deviceId: string;
  lastSeq: number;
  received: number;
  gaps: number;
  disorder: number;
  reconnects: number;
  open: boolean;
  request?: http.ClientRequest;
}

/** Splits an SSE byte stream into blocks (the text between blank lines). */
export function blockReader(onBlock: (block: string) => void): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\n\n')) >= 0) {
      onBlock(pending.slice(0, end));
      pending = pending.slice(end + 2);
    }
  };
}

/** The `id:` of an event block (the hub writes it first), or undefined for `ready`, `retry:` and heartbeats. */
export function sequenceOf(block: string): number | undefined {
  if (!block.startsWith('id: ')) return undefined;
  const eol = block.indexOf('\n');
  return Number(block.slice(4, eol < 0 ? undefined : eol));
}

function readySeq(block: string): number | undefined {
  if (!block.startsWith('event: ready\n')) return undefined;
  return (JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { seq: number }).seq;
}

/** The production's current head: what a fresh stream's `ready` event says. */
export async function probeHead(url: string, headers: Record<string, string>, deviceId: string): Promise<number> {
  const target = assertLoopback(url, 'stream URL');
  target.searchParams.set('deviceId', deviceId);
  let request: http.ClientRequest | undefined;
  const head = new Promise<number>((resolve, reject) => {
    request = http.get(target, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`SSE ${target.pathname} answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      res.on(
        'data',
        blockReader((block) => {
          const seq = readySeq(block);
          if (seq !== undefined) resolve(seq);
        }),
      );
    });
    request.on('error', reject);
  });
  try {
    return await withTimeout(head, 30_000, 'the head of the live stream');
  } finally {
    request?.destroy();
  }
}

export class StreamPool {
  private readonly streams: Stream[] = [];
  private readonly agent = new http.Agent({ maxSockets: Infinity });
  /** receipt times by sequence number, until the coordinator resolves it */
  private readonly waiting = new Map<number, number[]>();
  /** sequence number -> [sent, answered], or null when not timed */
  private readonly resolved = new Map<number, [number, number] | null>();
  private readonly fromSent = new Histogram();
  private readonly fromAnswered = new Histogram();
  private failedReconnects = 0;
  private closing = false;

  constructor(
    private readonly spec: StreamSpec,
    private readonly base: bigint,
  ) {
    assertLoopback(spec.url, 'stream URL');
  }

  /** Opens every stream, `concurrency` handshakes at a time; resolves once each has had its `ready` event. */
  async connect(concurrency: number, timeoutMs: number): Promise<{ ms: number }> {
    const started = process.hrtime.bigint();
    const deadline = Date.now() + timeoutMs;
    let next = 0;
    const lane = async () => {
      while (next < this.spec.count) {
        const stream: Stream = { deviceId: `${this.spec.idPrefix}-${next++}`, lastSeq: 0, received: 0, gaps: 0, disorder: 0, reconnects: 0, open: false };
        this.streams.push(stream);
        await withTimeout(this.open(stream, false), Math.max(1, deadline - Date.now()), `stream ${stream.deviceId} to be ready`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, this.spec.count) }, lane));
    return { ms: since(started) };
  }

  /** Resolves on `ready` (first connect) or on the 200 (a resume, which gets no `ready`). */
  private open(stream: Stream, resume: boolean): Promise<void> {
    const url = new URL(this.spec.url);
    url.searchParams.set('deviceId', stream.deviceId);
    const headers = { accept: 'text/event-stream', ...this.spec.headers, ...(resume ? { 'last-event-id': String(stream.lastSeq) } : {}) };
    return new Promise((resolve, reject) => {
      let settled = false;
      let gone = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
      const lost = (error: Error) => {
        stream.open = false;
        if (!settled) settle(error);
        else if (!gone) {
          gone = true;
          void this.resume(stream);
        }
      };
      const request = http.get(url, { agent: this.agent, headers }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          settle(new Error(`SSE ${url.pathname} answered ${res.statusCode}`));
          return;
        }
        stream.open = true;
        if (resume) settle();
        res.setEncoding('utf8');
        let at = 0;
        const read = blockReader((block) => {
          const seq = sequenceOf(block);
          if (seq !== undefined) this.record(stream, seq, at);
          else if (!resume && !settled) {
            const ready = readySeq(block);
            if (ready !== undefined) {
              stream.lastSeq = ready;
              settle();
            }
          }
        });
        res.on('data', (chunk: string) => {
          at = since(this.base);
          read(chunk);
        });
        res.on('close', () => lost(new Error('SSE stream closed before ready')));
      });
      request.on('error', (error) => lost(error));
      stream.request = request;
    });
  }

  /** As EventSource: wait the server's retry interval, then resume after the last id received. */
  private async resume(stream: Stream): Promise<void> {
    while (!this.closing) {
      await sleep(RETRY_MS);
      if (this.closing) return;
      stream.reconnects += 1;
      try {
        await this.open(stream, true);
        return;
      } catch {
        this.failedReconnects += 1;
      }
    }
  }

  private record(stream: Stream, seq: number, at: number): void {
    if (seq <= stream.lastSeq) {
      stream.disorder += 1;
      return;
    }
    if (seq > stream.lastSeq + 1) stream.gaps += seq - stream.lastSeq - 1;
    stream.lastSeq = seq;
    stream.received += 1;
    const write = this.resolved.get(seq);
    if (write) this.time(at, write);
    else if (write === undefined) {
      let times = this.waiting.get(seq);
      if (!times) this.waiting.set(seq, (times = []));
      times.push(at);
    }
  }

  private time(at: number, [sent, answered]: [number, number]): void {
    this.fromSent.add(at - sent);
    this.fromAnswered.add(at - answered);
  }

  resolve(timed: Resolution[], untimed: number[]): void {
    for (const [seq, sent, answered] of timed) {
      const write: [number, number] = [sent, answered];
      this.resolved.set(seq, write);
      for (const at of this.waiting.get(seq) ?? []) this.time(at, write);
      this.waiting.delete(seq);
    }
    for (const seq of untimed) {
      this.resolved.set(seq, null);
      this.waiting.delete(seq);
    }
  }

  status(): StreamStatus {
    let open = 0;
    let lowest = Infinity;
    for (const stream of this.streams) {
      if (stream.open) open += 1;
      lowest = Math.min(lowest, stream.lastSeq);
    }
    return { open, lowest };
  }

  report(head: number): StreamReport {
    const sum = (f: (s: Stream) => number) => this.streams.reduce((total, s) => total + f(s), 0);
    let unresolved = 0;
    for (const times of this.waiting.values()) unresolved += times.length;
    return {
      streams: this.streams.length,
      open: sum((s) => (s.open ? 1 : 0)),
      received: sum((s) => s.received),
      gaps: sum((s) => s.gaps),
      gappedStreams: sum((s) => (s.gaps > 0 ? 1 : 0)),
      disorder: sum((s) => s.disorder),
      reconnects: sum((s) => s.reconnects),
      failedReconnects: this.failedReconnects,
      behind: sum((s) => (s.lastSeq < head ? 1 : 0)),
      missingTail: sum((s) => Math.max(0, head - s.lastSeq)),
      unresolved,
      fromSent: this.fromSent.toSparse(),
      fromAnswered: this.fromAnswered.toSparse(),
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const stream of this.streams) stream.request?.destroy();
    this.agent.destroy();
    await sleep(50);
  }
}
