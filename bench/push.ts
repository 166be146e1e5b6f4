/**
 * Web Push fan-out of a stop: a production of 150 people with two devices
 * each, every device subscribed through the API with a key pair of its own
 * against a push service on this machine (HTTPS, a CA of its own). A stop is
 * raised and lifted through the HTTP routes in process; the push service
 * keeps each message with the moment it arrived, and every message is then
 * decrypted with its device's keys (RFC 8291) and checked. Then the push
 * service stops answering (it takes the connection and the request and never
 * replies) until it is cut off and its port closed, and a stop is raised and
 * lifted with the port closed: the stop's answer time in each case
 * shows a dead push service never holds a stop.
 *
 * Prints, for the raise and the lift: the HTTP answer time, the time until
 * every device's push arrived, the p50/p95 per-device arrival (all from the
 * moment the request was sent), the pushes sent, decrypted and checked; the
 * answer times with the push service dead; and the peak memory.
 *
 *   npx tsx bench/push.ts [--people 150] [--devices 2]
 *
 * SQLite in a temporary data directory; SETBOOK_DATABASE_URL set runs it on a
 * database of its own made on that PostgreSQL server and dropped at the end.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import type { ServiceDeps } from '../src/services/context.js';
import { loadOrCreateSigner } from '../src/services/keys.js';
import { blobsIn } from '../src/services/blobs.js';
import { SecretHasher } from '../src/services/secrets.js';
import { loadOrCreateSetTls } from '../src/services/tls.js';
import { loadOrCreateVapidKeys, type PushMessage } from '../src/services/notify/push.js';
import { openStore } from '../src/store/index.js';
import { decryptPush, readVapid, type Browser } from '../test/support/push-service.js';

const { values } = parseArgs({ options: { people: { type: 'string' }, devices: { type: 'string' } } });
const PEOPLE = Number(values.people ?? 150);
const DEVICES = Number(values.devices ?? 2);
const SETUP_TOKEN = 'bench-setup-token';
const PASSWORD = 'correct horse battery';
const LOCALES = ['en', 'es', 'uk'] as const;

// Peak memory: sampled every 20 ms, and the kernel's high-water mark of resident memory at the end.
let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

/** One message as it reached the push service, and when (performance.now()). */
interface Arrival {
  device: string;
  at: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The push service: answers 201 to every message while `answering`; otherwise
 * it takes the request and never replies, as a half-working uplink does,
 * holding it until it is cut off.
 */
const serviceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-bench-push-service-'));
const tls = loadOrCreateSetTls(serviceDir, { caName: 'Bench push service CA', names: { dns: ['localhost'], ips: ['127.0.0.1'] } });
let arrivals: Arrival[] = [];
let answering = true;
const held = new Set<http.ServerResponse>();
const sockets = new Set<net.Socket>();
const service = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    arrivals.push({ device: request.url!.split('/').at(-1)!, at: performance.now(), headers: request.headers, body: Buffer.concat(chunks) });
    if (answering) response.writeHead(201).end();
    else held.add(response);
  });
});
service.on('connection', (socket: net.Socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
const origin = `https://localhost:${(service.address() as net.AddressInfo).port}`;
// As Node's global agent, which the server uses when no CA is configured: connections kept alive.
const agent = new https.Agent({ ca: tls.ca!.pem, keepAlive: true, scheduling: 'lifo', timeout: 5000 });

/** A database of the bench's own on the PostgreSQL server named, or SQLite. */
async function database(): Promise<{ url?: string; drop(): Promise<void> }> {
  const server = process.env.SETBOOK_DATABASE_URL;
  if (!server) return { drop: async () => undefined };
  const name = `setbook_bench_push_${crypto.randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-bench-push-'));
const db = await database();
const store = await openStore({ dataDir, databaseUrl: db.url });
const deps: ServiceDeps = { store, hasher: new SecretHasher(10), signer: loadOrCreateSigner(dataDir), clock: () => new Date(), setupToken: SETUP_TOKEN, blobs: blobsIn(dataDir) };
const app = await buildApp(deps, {
  webRoot: path.join(dataDir, 'no-web'),
  mail: { outboxDir: path.join(dataDir, 'outbox'), from: 'Setbook <setbook@bench.test>' },
  jobs: false,
  publicUrl: 'https://set.bench.test',
  // The server's own send timeout (10 s) is kept; the bench cuts a silent push service off itself.
  push: { keys: loadOrCreateVapidKeys(dataDir), subject: 'mailto:safety@bench.test', agent, services: 'any' },
});

// Each phone calls from an address of its own, as on the set's Wi-Fi: the per-address limits are not what is measured.
let caller = 0;
async function call(method: string, url: string, token: string | null, body?: unknown) {
  caller += 1;
  return app.inject({
    method: method as 'GET',
    url,
    remoteAddress: `10.${(caller >> 16) & 255}.${(caller >> 8) & 255}.${caller & 255}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  });
}
async function json(method: string, url: string, token: string | null, body?: unknown) {
  const res = await call(method, url, token, body);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface Fanout {
  answerMs: number;
  allArrivedMs: number;
  settledMs: number;
  p50: number;
  p95: number;
  pushes: number;
  checked: number;
  problems: string[];
}

try {
  const setupStarted = performance.now();
  const producer = (await json('POST', '/api/setup', null, { setupToken: SETUP_TOKEN, email: 'producer@bench.test', name: 'Dana Producer', password: PASSWORD })).token as string;
  const pid = (await json('POST', '/api/productions', producer, { name: 'Dust Devil', timezone: 'America/Denver' })).production.id as string;
  const p = (suffix: string) => `/api/productions/${pid}${suffix}`;
  const { publicKey } = (await json('GET', '/api/push/key', producer)) as { publicKey: string };

  // Everyone but the producer accepts an invitation: a signed-in member with a PIN, who subscribes their own devices.
  const people: Array<{ userId: string; token: string; pin: string }> = [{ userId: (await json('GET', '/api/me', producer)).user.id, token: producer, pin: '' }];
  for (let i = 0; i < PEOPLE - 1; i++) {
    const roles = i === 0 ? ['safety_advisor'] : i === 1 ? ['first_ad'] : ['crew'];
    const name = `Person ${String(i).padStart(3, '0')} ${['Barrett', 'Okafor', 'Reyes', 'Stone', 'Whitlock'][i % 5]}`;
    const invited = await json('POST', p('/members'), producer, { email: `person${i}@bench.test`, name, roles });
    const pin = String(1000 + i);
    const accepted = await json('POST', `/api/invitations/${invited.invitation.code}/accept`, null, { name, password: PASSWORD, pin });
    const person = { userId: accepted.user.id as string, token: accepted.token as string, pin };
    // A deciding role granted once there is a safety advisor waits for the advisor's word.
    if (invited.proposal) await json('PATCH', p(`/members/${person.userId}`), people[1]!.token, { roles });
    people.push(person);
  }
  const [, advisor, firstAd] = people as [unknown, (typeof people)[0], (typeof people)[0]];

  const phones = new Map<string, Browser>();
  for (const [i, person] of people.entries()) {
    for (let d = 0; d < DEVICES; d++) {
      const name = `p${i}-d${d}`;
      const ecdh = crypto.createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = crypto.randomBytes(16);
      const endpoint = `${origin}/push/${name}`;
      const subscription = { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
      phones.set(name, { name, ecdh, auth, endpoint, subscription });
      await json('POST', '/api/push/devices', person.token, { ...subscription, locale: LOCALES[(i + d) % LOCALES.length], label: `Phone ${d + 1}` });
    }
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  sample();
  const afterSetup = peakRss;

  /** Sends a write and answers how long its answer took, from the moment it was sent. */
  const timed = async (method: string, url: string, token: string, body: unknown, expected: number) => {
    const t0 = performance.now();
    const res = await call(method, url, token, body);
    const answerMs = performance.now() - t0;
    if (res.statusCode !== expected) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return { t0, answerMs, body: res.json() };
  };
  const raise = (reason: string) => timed('POST', p('/stops'), people[PEOPLE - 1]!.token, { reason, location: 'Stage 2' }, 201);
  const lift = (stopId: string) =>
    timed('POST', p(`/stops/${stopId}/lift`), advisor.token, { resolution: 'Checked and cleared', confirmations: [{ userId: advisor.userId, pin: advisor.pin }, { userId: firstAd.userId, pin: firstAd.pin }] }, 200);

  /** One write's fan-out to a push service that answers: timed, then every message decrypted and checked. */
  const fanout = async (write: () => ReturnType<typeof timed>, type: PushMessage['type']): Promise<Fanout & { stopId: string }> => {
    arrivals = [];
    const { t0, answerMs, body } = await write();
    await app.push!.settled();
    const settledMs = performance.now() - t0;
    const stopId = body.stop.id as string;
    const got = arrivals;
    const times = got.map((a) => a.at - t0).sort((a, b) => a - b);

    const problems: string[] = [];
    const seen = new Map<string, number>();
    let checked = 0;
    for (const arrival of got) {
      seen.set(arrival.device, (seen.get(arrival.device) ?? 0) + 1);
      const phone = phones.get(arrival.device);
      if (!phone) {
        problems.push(`a push for an unknown device ${arrival.device}`);
        continue;
      }
      try {
        const message = JSON.parse(decryptPush(phone, arrival.body)) as PushMessage;
        const vapid = readVapid(arrival.headers.authorization);
        const wrong = [
          message.type !== type && `type ${message.type}`,
          message.productionId !== pid && 'production',
          message.tag !== `stop-${stopId}` && `tag ${message.tag}`,
          message.url !== `/productions/${pid}/stops/${stopId}` && `url ${message.url}`,
          arrival.headers.ttl !== '3600' && `TTL ${arrival.headers.ttl}`,
          arrival.headers.urgency !== 'high' && `urgency ${arrival.headers.urgency}`,
          !(vapid.verified && vapid.key === publicKey && vapid.claims.aud === origin) && 'VAPID',
        ].filter(Boolean);
        if (wrong.length > 0) problems.push(`${arrival.device}: ${wrong.join(', ')}`);
        else checked += 1;
      } catch (error) {
        problems.push(`${arrival.device}: ${(error as Error).message}`);
      }
    }
    const missing = [...phones.keys()].filter((name) => !seen.has(name));
    const twice = [...seen].filter(([, n]) => n > 1).map(([name]) => name);
    if (missing.length > 0) problems.push(`${missing.length} devices got nothing (${missing.slice(0, 5).join(', ')})`);
    if (twice.length > 0) problems.push(`${twice.length} devices got it more than once`);
    return {
      stopId,
      answerMs,
      allArrivedMs: times.at(-1) ?? NaN,
      settledMs,
      p50: times.length ? percentile(times, 0.5) : NaN,
      p95: times.length ? percentile(times, 0.95) : NaN,
      pushes: got.length,
      checked,
      problems,
    };
  };

  const raised = await fanout(() => raise('Safety line on the crane looks frayed'), 'stop.raised');
  const lifted = await fanout(() => lift(raised.stopId), 'stop.lifted');

  // The push service takes every connection and request and never answers.
  answering = false;
  arrivals = [];
  const silentRaise = await raise('Generator smoking by the trailers');
  const silentLift = await lift(silentRaise.body.stop.id);
  // Give the senders a moment to reach it, then count what it holds and cut it off: the port closes and the held connections drop.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const heldCount = held.size;
  const cutStarted = performance.now();
  service.close();
  for (const socket of sockets) socket.destroy();
  await app.push!.settled();
  const cutMs = performance.now() - cutStarted;
  held.clear();

  // The port stays closed, as Apple's, Google's and Mozilla's are from a set with no internet.
  arrivals = [];
  const closedRaise = await raise('Horse spooked near the camera cart');
  const closedLift = await lift(closedRaise.body.stop.id);
  await app.push!.settled();
  const closedSettledMs = performance.now() - closedRaise.t0;
  const failed = await store.db.selectFrom('push_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('failures', '>', 0).executeTakeFirstOrThrow();

  sample();
  clearInterval(sampler);
  const devices = phones.size;
  const line = (what: string, f: Fanout) => {
    console.log(`  ${what}: answered in ${ms(f.answerMs)}; every push arrived ${ms(f.allArrivedMs)} after the request (all sends settled at ${ms(f.settledMs)}); per device p50 ${ms(f.p50)}, p95 ${ms(f.p95)}`);
    console.log(`    ${f.pushes} pushes for ${devices} devices, ${f.checked} decrypted and checked${f.problems.length ? `; PROBLEMS: ${f.problems.slice(0, 10).join('; ')}` : ''}`);
  };
  console.log(`push fan-out of a stop: ${PEOPLE} people x ${DEVICES} devices = ${devices} devices on ${store.dialect} (${os.cpus().length} cores, Node ${process.versions.node}, load ${os.loadavg()[0]!.toFixed(1)}); set-up ${setupSeconds.toFixed(1)} s, not counted`);
  line('stop raised', raised);
  line('stop lifted', lifted);
  console.log(`  push service taking requests and never answering: stop raised answered in ${ms(silentRaise.answerMs)}, lifted in ${ms(silentLift.answerMs)}; ${heldCount} requests held unanswered 1 s later, the rest refused and settled ${ms(cutMs)} after they were cut off`);
  console.log(`  push service port closed: stop raised answered in ${ms(closedRaise.answerMs)}, lifted in ${ms(closedLift.answerMs)}; every send refused and counted ${ms(closedSettledMs)} after the raise (${Number(failed.n)} of ${devices} devices show failures)`);
  console.log(`  peak memory: RSS ${mb(peakRss)} sampled, ${mb(process.resourceUsage().maxRSS * 1024)} kernel high-water mark (after set-up: ${mb(afterSetup)})`);
  if (raised.problems.length > 0 || lifted.problems.length > 0) process.exitCode = 1;
} finally {
  clearInterval(sampler);
  if (service.listening) service.close();
  for (const socket of sockets) socket.destroy();
  agent.destroy();
  await app.close();
  await store.close();
  await db.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(serviceDir, { recursive: true, force: true });
}
