import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadOrCreateSetTls } from '../../src/services/tls.js';

/** One browser's side of a subscription: its P-256 key pair and 16-byte auth secret (RFC 8291 section 2). */
export interface Browser {
  name: string;
  ecdh: crypto.ECDH;
  auth: Buffer;
  endpoint: string;
  /** what PushSubscription.toJSON() would give the app */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
}

/** One request the push service received, as the server sent it. */
export interface Delivery {
  browser: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A push service on this machine, over HTTPS with a CA of its own: it takes
 * messages for the browsers a test makes, keeps them to be decrypted, and
 * answers each browser with the status the test sets (201, or 410 once the
 * subscription is withdrawn).
 */
export class LocalPushService {
  private constructor(
    readonly deliveries: Delivery[],
    /** the status each browser's messages are answered with; 201 when not set */
    readonly answers: Map<string, number>,
    private readonly server: https.Server,
    readonly origin: string,
    /** trusts this service's CA: the agent the server's push sender goes through */
    readonly agent: https.Agent,
    private readonly dir: string,
  ) {}

  static async start(): Promise<LocalPushService> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-push-'));
    const tls = loadOrCreateSetTls(dir, { caName: 'Local push service CA', names: { dns: ['localhost'], ips: ['127.0.0.1'] } });
    const deliveries: Delivery[] = [];
    const answers = new Map<string, number>();
    const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const browser = request.url!.split('/').at(-1)!;
        deliveries.push({ browser, headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(answers.get(browser) ?? 201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
    return new LocalPushService(deliveries, answers, server, origin, new https.Agent({ ca: tls.ca!.pem }), dir);
  }

  browser(name: string, origin = this.origin): Browser {
    const ecdh = crypto.createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = crypto.randomBytes(16);
    const endpoint = `${origin}/push/${name}`;
    return {
      name,
      ecdh,
      auth,
      endpoint,
      subscription: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
    };
  }

  to(browser: Browser): Delivery[] {
    return this.deliveries.filter((d) => d.browser === browser.name);
  }

  async close() {
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Opens an aes128gcm message body (RFC 8188 section 2) with the browser's
 * keys as RFC 8291 section 3 derives them, by hand: nothing of the sender's
 * library is used, so a mistake there cannot hide in both.
 */
export function decryptPush(browser: Browser, body: Buffer): string {
  // RFC 8188 section 2.1: salt (16) | record size (4) | key id length (1) | key id (the sender's ephemeral public key).
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (record.length > recordSize) throw new Error('more than one record');

  // RFC 8291 section 3.3: the shared secret, mixed with the auth secret and both public keys.
  const shared = browser.ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browser.ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(crypto.hkdfSync('sha256', shared, browser.auth, keyInfo, 32));

  // RFC 8188 section 2.2 and 2.3: the content key and the nonce (the first record's sequence number is 0).
  const cek = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);

  // RFC 8188 section 2: the last record ends with the delimiter 0x02, then zero or more zero bytes.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/** RFC 8292 section 3: `Authorization: vapid t=<JWT>, k=<public key>`, its JWT's claims, and whether its ES256 signature verifies. */
export function readVapid(header: string | undefined) {
  const match = /^vapid t=([^,]+),\s*k=(.+)$/.exec(header ?? '');
  if (!match) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [, jwt, key] = match as unknown as [string, string, string];
  const [head, claims, signature] = jwt.split('.') as [string, string, string];
  const point = Buffer.from(key, 'base64url');
  const publicKey = crypto.createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  // RFC 7518 section 3.4: ES256 signs with the raw r || s form.
  const verified = crypto.verify('sha256', Buffer.from(`${head}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  return {
    header: JSON.parse(Buffer.from(head, 'base64url').toString()) as { typ: string; alg: string },
    claims: JSON.parse(Buffer.from(claims, 'base64url').toString()) as { aud: string; exp: number; sub: string },
    key,
    verified,
  };
}
