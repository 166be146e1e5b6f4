/**
 * The soak's HTTP client for writes: one keep-alive agent, and the two times
 * every write is judged by, in ms after the shared base (see
 * bench/fanout/common.ts): just before the request is written, and when the
 * whole response has arrived.
 */
import http from 'node:http';
import { assertLoopback, since, withTimeout } from '../fanout/common.js';

export interface Answer {
  status: number;
  body: string;
  sent: number;
  answered: number;
}

export class Api {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  constructor(
    readonly url: string,
    private readonly base: bigint,
  ) {
    assertLoopback(url, 'server');
  }

  send(method: string, path: string, token: string | null, body?: unknown, timeoutMs = 30_000): Promise<Answer> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const answer = new Promise<Answer>((resolve, reject) => {
      let sent = 0;
      const request = http.request(
        `${this.url}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, sent, answered: since(this.base) }));
          res.on('error', reject);
        },
      );
      request.on('error', reject);
      sent = since(this.base);
      request.end(payload);
    });
    return withTimeout(answer, timeoutMs, `${method} ${path}`);
  }

  /** A set-up call: anything but `expect` is a broken run. */
  async json<T>(method: string, path: string, token: string | null, body: unknown, expect: number): Promise<T> {
    const answer = await this.send(method, path, token, body);
    if (answer.status !== expect) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.body.slice(0, 500)}`);
    return (answer.body ? JSON.parse(answer.body) : {}) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
