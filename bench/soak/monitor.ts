/**
 * The coordinator's own stream on the production: it reads every event's
 * type and data (the phones only read `id:`) so Attribution can tie each
 * event to the write behind it. Resumes with Last-Event-ID if it drops.
 */
import http from 'node:http';
import { assertLoopback, sleep, withTimeout } from '../fanout/common.js';
import { blockReader, sequenceOf } from './streams.js';

export class Monitor {
  /** the head when it subscribed: the events before it came from the set-up */
  firstSeq = 0;
  lastSeq = 0;
  gaps = 0;
  drops = 0;
  private request: http.ClientRequest | undefined;
  private closing = false;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly onEvent: (seq: number, type: string, data: string) => void,
  ) {
    assertLoopback(url, 'stream URL');
  }

  /** Resolves once the stream is subscribed (its `ready` event). */
  start(): Promise<void> {
    return withTimeout(this.open(false), 30_000, 'the coordinator stream to be ready');
  }

  private open(resume: boolean): Promise<void> {
    const url = new URL(this.url);
    url.searchParams.set('deviceId', 'soak-coordinator');
    const headers = { accept: 'text/event-stream', ...this.headers, ...(resume ? { 'last-event-id': String(this.lastSeq) } : {}) };
    return new Promise((resolve, reject) => {
      let settled = false;
      let gone = false;
      const lost = (error: Error) => {
        if (!settled) {
          settled = true;
          reject(error);
        } else if (!gone && !this.closing) {
          gone = true;
          this.drops += 1;
          void this.resume();
        }
      };
      this.request = http.get(url, { headers }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          lost(new Error(`SSE ${url.pathname} answered ${res.statusCode}`));
          return;
        }
        if (resume) settled = true;
        if (resume) resolve();
        res.setEncoding('utf8');
        res.on(
          'data',
          blockReader((block) => {
            const seq = sequenceOf(block);
            if (seq === undefined) {
              if (!settled && block.startsWith('event: ready\n')) {
                this.lastSeq = this.firstSeq = (JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { seq: number }).seq;
                settled = true;
                resolve();
              }
              return;
            }
            if (seq <= this.lastSeq) return;
            if (seq > this.lastSeq + 1) this.gaps += seq - this.lastSeq - 1;
            this.lastSeq = seq;
            const lines = block.split('\n');
            const type = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            this.onEvent(seq, type, data);
          }),
        );
        res.on('close', () => lost(new Error('SSE stream closed before ready')));
      });
      this.request.on('error', lost);
    });
  }

  private async resume(): Promise<void> {
    while (!this.closing) {
      await sleep(2000);
      if (this.closing) return;
      try {
        await this.open(true);
        return;
      } catch {
        // the server is still away: try again
      }
    }
  }

  close(): void {
    this.closing = true;
    this.request?.destroy();
  }
}
