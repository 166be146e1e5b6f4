/**
 * The department notebook under a production's load, through the HTTP API
 * over real keep-alive connections:
 *
 *   search   a camera notebook of 20,000 entries searched as a phone types
 *            (each query a prefix of what the DP is typing, 1 to 3 words),
 *            one after another: p50/p99 latency (target p99 <= 50 ms);
 *   reports  20 phones writing camera reports at once, each with its
 *            Idempotency-Key, from a process of their own: writes/s, p50/p99;
 *   package  a notebook of 2,000 entries and 500 photos (uploaded through the
 *            attachment route: type check, thumbnail, EXIF): the start-here
 *            package as JSON, PDF and zip, each timed end to end.
 *
 *   npx tsx bench/notebook.ts [--entries 20000] [--phones 20] [--reports 2000] [--package-entries 2000] [--photos 500]
 *
 * SQLite in a temporary data directory; SETBOOK_DATABASE_URL set runs it on PostgreSQL.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { buildApp } from '../src/server/app.js';
import { runAs } from '../src/services/command.js';
import type { ServiceDeps } from '../src/services/context.js';
import { loadOrCreateSigner } from '../src/services/keys.js';
import { blobsIn } from '../src/services/blobs.js';
import { writeEntry, type WriteEntryInput } from '../src/services/notebooks/entries.js';
import { SecretHasher } from '../src/services/secrets.js';
import { openStore } from '../src/store/index.js';

const SETUP_TOKEN = 'bench-setup-token';
const PASSWORD = 'correct horse battery';

interface PhoneJob {
  url: string;
  token: string;
  phones: number;
  reports: number;
}

// ---------------------------------------------------------------- the phones, in a process of their own

function request(agent: http.Agent, method: string, url: string, token: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { authorization: `Bearer ${token}`, ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function phones(job: PhoneJob) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.phones });
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.phones }, async (_, phone) => {
      for (let n = next++; n < job.reports; n = next++) {
        const body = JSON.stringify({
          kind: 'camera_report',
          title: `Setup ${n % 40}, take ${n}`,
          fields: { roll: `${String.fromCharCode(65 + (phone % 4))}${String(phone).padStart(3, '0')}`, scene: String(40 + (n % 12)), take: n + 1, lens: 'Cooke S4/i 32', focalLength: 32, tStop: 2.8, iso: 800, focusM: 3.5, shotAt: new Date().toISOString() },
        });
        const sent = performance.now();
        const res = await request(agent, 'POST', job.url, job.token, body, { 'content-type': 'application/json', 'idempotency-key': `phone-${phone}-report-${n}` });
        if (res.status !== 201) throw new Error(`report ${n} answered ${res.status}: ${res.body.toString()}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { seconds, latencies, cpuSeconds: (used.user + used.system) / 1e6 };
}

// ---------------------------------------------------------------- the server side

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

const MAKES = ['Cooke', 'Zeiss', 'Lomo', 'Panavision', 'Angenieux', 'Leica', 'Canon', 'Arri', 'Kowa', 'Atlas', 'Hawk', 'Sigma', 'Fujinon', 'Schneider', 'Tokina'];
const SERIES = ['Anamorphic', 'Round Front', 'Square Front', 'Supreme', 'Master Prime', 'Ultra Prime', 'Summilux', 'Optimo', 'Orion', 'Vintage', 'Speed Panchro', 'K35', 'Cine Prime'];
const WORDS = ['flare', 'breathing', 'focus', 'backlight', 'diffusion', 'dolly', 'crane', 'sunrise', 'magic', 'hour', 'contrast', 'shadow', 'warm', 'cool', 'haze', 'tungsten', 'daylight', 'gel', 'bounce', 'negative', 'fill', 'key', 'rim', 'practical', 'window', 'silk', 'mesa', 'saloon', 'corral', 'herd', 'rider', 'dust', 'storm', 'night', 'exterior', 'interior', 'wide', 'close', 'insert', 'coverage', 'rental', 'dealer', 'deposit', 'insurance', 'repair', 'collimation', 'chart', 'filter', 'polarizer', 'nd', 'mount', 'serial', 'gaffer', 'grip', 'operator', 'assistant', 'loader', 'dit', 'recommendation'];
const NAMES = ['Rodrigo Alvarez', 'Maria Ortiz', 'Kim Park', 'Sam Whitlock', 'Ines Okafor', 'Hank Morrow', 'Lu Chen', 'Rosa Delgado', 'Abe Stone', 'Nico Night'];
const KINDS = ['equipment', 'vendor', 'person', 'look', 'light', 'technical', 'idea', 'todo'] as const;

/** A deterministic word stream, so each run searches the same notebook. */
function words(seed: number) {
  let state = seed * 2654435761;
  const pick = <T>(list: readonly T[]) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return list[state % list.length]!;
  };
  return { pick, sentence: (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ') };
}

function entryInput(notebookId: string, i: number): WriteEntryInput {
  const w = words(i + 1);
  const kind = KINDS[i % KINDS.length]!;
  const make = w.pick(MAKES);
  const base = { notebookId, kind, title: `${make} ${w.pick(SERIES)} ${w.sentence(2)}`, body: `${w.sentence(18)}. ${w.sentence(12)}.`, tags: [w.pick(WORDS), w.pick(WORDS)] };
  switch (kind) {
    case 'equipment':
      return { ...base, fields: { make, series: w.pick(SERIES), focalLengths: [18, 25, 32, 50, 75, 100], mount: 'PL', serials: [`${make.slice(0, 2).toUpperCase()}-${i}`], provenance: `Rented from ${w.pick(MAKES)} ${w.pick(WORDS)}` } };
    case 'vendor':
      return { ...base, fields: { name: `${make} ${w.pick(WORDS)} rentals`, carries: [w.pick(MAKES), w.pick(MAKES)], terms: w.sentence(8) } };
    case 'person':
      return { ...base, title: `${w.pick(NAMES)}, ${w.pick(WORDS)}`, fields: { name: w.pick(NAMES), role: w.pick(WORDS), dayRate: 400 + (i % 600), currency: 'USD', recommendedBy: w.pick(NAMES) } };
    case 'todo':
      return { ...base, fields: { done: i % 3 === 0 } };
    default:
      return base;
  }
}

/** What a DP types, a letter at a time from the second: "lo", "lom", "lomo", "lomo r", ... */
function typedQueries(count: number): string[] {
  const phrases: string[] = [];
  for (let i = 0; phrases.length * 6 < count; i++) {
    const w = words(1_000_000 + i);
    phrases.push([w.pick(MAKES), w.pick(SERIES).split(' ')[0], w.pick(WORDS)].slice(0, 1 + (i % 3)).join(' ').toLowerCase());
  }
  const typed = phrases.flatMap((phrase) => Array.from({ length: phrase.length - 1 }, (_, n) => phrase.slice(0, n + 2)).filter((q) => !q.endsWith(' ')));
  return typed.slice(0, count);
}

async function main() {
  const { values } = parseArgs({
    options: { entries: { type: 'string' }, phones: { type: 'string' }, reports: { type: 'string' }, 'package-entries': { type: 'string' }, photos: { type: 'string' }, queries: { type: 'string' } },
  });
  const ENTRIES = Number(values.entries ?? 20_000);
  const PHONES = Number(values.phones ?? 20);
  const REPORTS = Number(values.reports ?? 2000);
  const PACKAGE_ENTRIES = Number(values['package-entries'] ?? 2000);
  const PHOTOS = Number(values.photos ?? 500);
  const QUERIES = Number(values.queries ?? 600);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-bench-notebook-'));
  const store = await openStore({ dataDir, databaseUrl: process.env.SETBOOK_DATABASE_URL || undefined });
  const deps: ServiceDeps = { store, hasher: new SecretHasher(10), signer: loadOrCreateSigner(dataDir), clock: () => new Date(), setupToken: SETUP_TOKEN, blobs: blobsIn(dataDir) };
  const app = await buildApp(deps, { webRoot: path.join(dataDir, 'no-web'), mail: { outboxDir: path.join(dataDir, 'outbox'), from: 'Setbook <setbook@bench.test>' }, jobs: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const json = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await request(agent, method, `${base}${url}`, token, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' });
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${res.body.toString()}`);
    return JSON.parse(res.body.toString() || '{}');
  };

  const setupStarted = performance.now();
  const { token: producer } = await json('POST', '/api/setup', '', { setupToken: SETUP_TOKEN, email: 'dana@bench.test', name: 'Dana Producer', password: PASSWORD });
  const { production } = await json('POST', '/api/productions', producer, { name: 'Dust Devil', timezone: 'America/Denver' });
  const pid = production.id as string;
  const { member, invitation } = await json('POST', `/api/productions/${pid}/members`, producer, { email: 'ada@bench.test', name: 'Ada Lens', roles: ['department_head'], department: 'Camera' });
  const { token: dp } = await json('POST', `/api/invitations/${invitation.code}/accept`, '', { name: 'Ada Lens', password: PASSWORD, pin: '4321' });
  const dpUser = await store.reads.selectFrom('users').selectAll().where('id', '=', member.userId).executeTakeFirstOrThrow();
  const notebook = async (department: string) => (await json('POST', `/api/productions/${pid}/notebooks`, producer, { department, headId: dpUser.id })).notebook.id as string;

  // 20,000 entries, written through the same command as the route, 32 at a time.
  const big = await notebook('Camera');
  let written = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = written++; i < ENTRIES; i = written++) await runAs(deps, writeEntry, pid, dpUser, entryInput(big, i));
    }),
  );
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  // ---- search as a phone types
  const queries = typedQueries(QUERIES);
  for (const q of queries.slice(0, 20)) await json('GET', `/api/productions/${pid}/notebooks/${big}/entries?q=${encodeURIComponent(q)}`, dp);
  const searchMs: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const started = performance.now();
    const { entries } = await json('GET', `/api/productions/${pid}/notebooks/${big}/entries?q=${encodeURIComponent(q)}`, dp);
    searchMs.push(performance.now() - started);
    hits += entries.length;
  }

  // ---- 20 phones writing camera reports
  const child = fork(fileURLToPath(import.meta.url), ['--phones-process'], { execArgv: process.execArgv });
  const cpuBefore = process.cpuUsage();
  const phoned = await new Promise<{ seconds: number; latencies: number[]; cpuSeconds: number; error?: string }>((resolve) => {
    child.once('message', (message) => resolve(message as never));
    child.send({ url: `${base}/api/productions/${pid}/notebooks/${big}/entries`, token: dp, phones: PHONES, reports: REPORTS } satisfies PhoneJob);
  });
  const serverCpu = process.cpuUsage(cpuBefore);
  child.kill();
  if (phoned.error) throw new Error(phoned.error);

  // ---- the package of a notebook of 2,000 entries and 500 photos
  const kit = await notebook('Second unit camera');
  const kitEntries: string[] = [];
  for (let i = 0; i < PACKAGE_ENTRIES; i++) {
    const result = (await runAs(deps, writeEntry, pid, dpUser, entryInput(kit, i))) as { entry: { id: string; kind: string } };
    if (result.entry.kind === 'equipment') kitEntries.push(result.entry.id);
  }
  const photoStarted = performance.now();
  let photoBytes = 0;
  for (let i = 0; i < PHOTOS; i++) {
    // A photo of its own each time, so that every one is kept: noise over a colour, about a phone picture's grain.
    const noise = Buffer.alloc(960 * 720 * 3);
    for (let b = 0; b < noise.length; b += 97) noise[b] = (i * 31 + b) % 256;
    const photo = await sharp(noise, { raw: { width: 960, height: 720, channels: 3 } })
      .withExif({ IFD2: { DateTimeOriginal: '2026:11:21 16:42:10', OffsetTimeOriginal: '-07:00' } })
      .jpeg({ quality: 85 })
      .toBuffer();
    photoBytes += photo.length;
    const boundary = `----bench${i}`;
    const form = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="IMG_${i}.JPG"\r\nContent-Type: image/jpeg\r\n\r\n`), photo, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const res = await request(agent, 'POST', `${base}/api/productions/${pid}/notebooks/${kit}/entries/${kitEntries[i % kitEntries.length]}/attachments`, dp, form, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    if (res.status !== 201) throw new Error(`photo ${i} answered ${res.status}: ${res.body.toString()}`);
  }
  const photoSeconds = (performance.now() - photoStarted) / 1000;
  const timed = async (format: string) => {
    const started = performance.now();
    const res = await request(agent, 'GET', `${base}/api/productions/${pid}/notebooks/${kit}/package?format=${format}`, dp);
    if (res.status !== 200) throw new Error(`package ${format} answered ${res.status}`);
    return { seconds: (performance.now() - started) / 1000, bytes: res.body.length };
  };
  const packaged = { json: await timed('json'), pdf: await timed('pdf'), zip: await timed('zip') };

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`notebook: ${store.dialect} (${os.cpus().length} cores, Node ${process.versions.node}); set-up of ${ENTRIES.toLocaleString('en-US')} entries ${setupSeconds.toFixed(1)} s, not counted`);
  console.log(`  search over ${ENTRIES.toLocaleString('en-US')} entries, ${queries.length} queries typed a letter at a time (${(hits / queries.length).toFixed(1)} hits each, at most 50): p50 ${ms(percentile(searchMs, 0.5))}, p99 ${ms(percentile(searchMs, 0.99))}, max ${ms(Math.max(...searchMs))}`);
  console.log(
    `  camera reports from ${PHONES} phones: ${REPORTS} in ${phoned.seconds.toFixed(2)} s = ${(REPORTS / phoned.seconds).toFixed(0)} writes/s; p50 ${ms(percentile(phoned.latencies, 0.5))}, p99 ${ms(percentile(phoned.latencies, 0.99))}; CPU server ${((serverCpu.user + serverCpu.system) / 1e6).toFixed(1)} s, phones ${phoned.cpuSeconds.toFixed(1)} s`,
  );
  console.log(`  ${PHOTOS} photos (${mb(photoBytes)}) uploaded with thumbnails and EXIF in ${photoSeconds.toFixed(1)} s (${((photoSeconds * 1000) / PHOTOS).toFixed(0)} ms each)`);
  console.log(
    `  package of ${PACKAGE_ENTRIES.toLocaleString('en-US')} entries and ${PHOTOS} photos: JSON ${packaged.json.seconds.toFixed(2)} s (${mb(packaged.json.bytes)}), PDF ${packaged.pdf.seconds.toFixed(2)} s (${mb(packaged.pdf.bytes)}), zip ${packaged.zip.seconds.toFixed(2)} s (${mb(packaged.zip.bytes)})`,
  );
  agent.destroy();
  await app.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// The same file is the phones' process.
if (process.argv[2] === '--phones-process') {
  process.on('message', (job: PhoneJob) => {
    phones(job)
      .then((result) => process.send!(result))
      .catch((error: unknown) => process.send!({ error: String(error) }));
  });
} else {
  await main();
}
