/**
 * N lean clients of one kind, stamping the arrival of each broadcast:
 *   sse: node:http GETs on one keep-alive agent; the stream is split on blank
 *        lines and only `event:` and `data:` are looked at;
 *   ws:  `ws` WebSockets, no compression;
 *   sio: socket.io-client, websocket transport only, one connection each.
 * A receipt is keyed (SSE: the stop id in the data line; ws/sio: the first 16
 * characters of the payload, which the trigger sets), and each client counts
 * once per key. The time is taken first thing in the socket callback.
 */
import http from 'node:http';
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';
import { assertLoopback, since, sleep, type ClientSpec, type Connected, type Received } from './common.js';

export const KEY_LENGTH = 16;
const STOP_PREFIX = '{"stop":{"id":"';

interface Client {
  lastKey: string;
  urlIndex: number;
  close(): void;
}

export class ClientPool {
  private readonly clients: Client[] = [];
  private readonly receipts = new Map<string, { times: number[]; urlIndex: number[] }>();
  private readonly waiters = new Map<string, () => void>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  private closing = false;
  private sample = '';
  dropped = 0;

  constructor(
    readonly spec: ClientSpec,
    private readonly base: bigint,
  ) {
    for (const url of spec.urls) assertLoopback(url, 'client URL');
  }

  private record(client: Client, key: string, at: bigint): void {
    if (client.lastKey === key) return;
    client.lastKey = key;
    let got = this.receipts.get(key);
    if (!got) this.receipts.set(key, (got = { times: [], urlIndex: [] }));
    got.times.push(since(this.base, at));
    got.urlIndex.push(client.urlIndex);
    if (got.times.length >= this.clients.length - this.dropped) this.waiters.get(key)?.();
  }

  private lost(): void {
    if (this.closing) return;
    this.dropped += 1;
    for (const [key, wake] of this.waiters) if ((this.receipts.get(key)?.times.length ?? 0) >= this.clients.length - this.dropped) wake();
  }

  /** Opens every client, `concurrency` handshakes at a time; resolves once each is ready to receive. */
  async connect(concurrency: number, timeoutMs: number): Promise<Connected> {
    const started = process.hrtime.bigint();
    const deadline = Date.now() + timeoutMs;
    let next = 0;
    const lane = async () => {
      while (next < this.spec.count) {
        const i = next++;
        if (Date.now() > deadline) throw new Error(`connecting took over ${timeoutMs} ms (${this.clients.length}/${this.spec.count} connected)`);
        this.clients.push(await this.open(i, deadline - Date.now()));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, this.spec.count) }, lane));
    return { ms: since(started) };
  }

  private open(i: number, timeoutMs: number): Promise<Client> {
    const urlIndex = (this.spec.first + i) % this.spec.urls.length;
    const url = this.spec.urls[urlIndex]!;
    const opening = this.spec.kind === 'sse' ? this.openSse(url, urlIndex, i) : this.spec.kind === 'ws' ? this.openWs(url, urlIndex) : this.openSio(url, urlIndex);
    return new Promise<Client>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client ${i} not ready within ${timeoutMs} ms`)), timeoutMs);
      opening.then(
        (client) => {
          clearTimeout(timer);
          resolve(client);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private openSse(base: string, urlIndex: number, i: number): Promise<Client> {
    const url = new URL(base);
    url.searchParams.set('deviceId', `${this.spec.idPrefix}-${i}`);
    return new Promise((resolve, reject) => {
      let ready = false;
      const client: Client = { lastKey: '', urlIndex, close: () => request.destroy() };
      const request = http.get(
        url,
        { agent: this.agent, headers: { accept: 'text/event-stream', ...this.spec.headers } },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`SSE ${url.pathname} answered ${res.statusCode}`));
            return;
          }
          res.setEncoding('utf8');
          let pending = '';
          res.on('data', (chunk: string) => {
            const at = process.hrtime.bigint();
            pending += chunk;
            let end: number;
            while ((end = pending.indexOf('\n\n')) >= 0) {
              const block = pending.slice(0, end);
              pending = pending.slice(end + 2);
              const e = block.indexOf('event: ');
              if (e < 0) continue; // retry:, heartbeat comment
              const eol = block.indexOf('\n', e);
              const event = block.slice(e + 7, eol < 0 ? undefined : eol);
              if (event === 'stop.raised') {
                const d = block.indexOf('data: ');
                if (d < 0) continue;
                if (!this.sample) this.sample = `${block}\n\n`;
                const data = d + 6;
                const key = block.startsWith(STOP_PREFIX, data)
                  ? block.slice(data + STOP_PREFIX.length, block.indexOf('"', data + STOP_PREFIX.length))
                  : block.slice(data, data + 32);
                this.record(client, key, at);
              } else if (event === 'ready' && !ready) {
                ready = true;
                resolve(client);
              }
            }
          });
          res.on('close', () => {
            if (ready) this.lost();
            else reject(new Error('SSE stream closed before ready'));
          });
        },
      );
      request.on('error', (error) => {
        if (!ready) reject(error);
      });
    });
  }

  private openWs(url: string, urlIndex: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      let open = false;
      const socket = new WebSocket(url, { perMessageDeflate: false });
      const client: Client = { lastKey: '', urlIndex, close: () => socket.terminate() };
      socket.on('message', (raw) => {
        const at = process.hrtime.bigint();
        const data = raw as Buffer; // text frames arrive as one Buffer (no fragmentation here)
        if (!this.sample) this.sample = data.toString('utf8');
        this.record(client, data.toString('latin1', 0, KEY_LENGTH), at);
      });
      socket.once('open', () => {
        open = true;
        resolve(client);
      });
      socket.once('close', () => (open ? this.lost() : reject(new Error('ws closed before open'))));
      socket.on('error', (error) => {
        if (!open) reject(error);
      });
    });
  }

  private openSio(url: string, urlIndex: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      let open = false;
      const socket: Socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
      const client: Client = { lastKey: '', urlIndex, close: () => socket.disconnect() };
      socket.on('stop.raised', (payload: string) => {
        const at = process.hrtime.bigint();
        if (!this.sample) this.sample = payload;
        this.record(client, payload.slice(0, KEY_LENGTH), at);
      });
      socket.once('connect', () => {
        open = true;
        resolve(client);
      });
      socket.once('connect_error', (error) => reject(error));
      socket.once('disconnect', () => {
        if (open) this.lost();
      });
    });
  }

  /** Resolves when every live client has `key`, or after `timeoutMs` with what arrived. */
  async wait(key: string, timeoutMs: number): Promise<Received> {
    const expected = () => this.clients.length - this.dropped;
    if ((this.receipts.get(key)?.times.length ?? 0) < expected()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiters.set(key, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters.delete(key);
    }
    const { times, urlIndex } = this.receipts.get(key) ?? { times: [], urlIndex: [] };
    this.receipts.delete(key);
    return { times, urlIndex, missing: this.clients.length - times.length, dropped: this.dropped, sample: this.sample };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const client of this.clients) client.close();
    this.agent.destroy();
    await sleep(50);
  }
}
