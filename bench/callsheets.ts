/**
 * Every call sheet of a 60-day production with 150 people: each day drafted,
 * published (sections composed, checkpoint pinned, 150 personal links sealed
 * and emailed through the outbox) and printed to PDF, through the HTTP routes
 * in process. Prints the total time, per-sheet p50/p95 of publishing and of
 * the PDF, the pages and bytes of the PDFs, and the peak memory (RSS and heap).
 *
 *   npx tsx bench/callsheets.ts [--days 60] [--people 150] [--pdf last-sheet.pdf]
 *
 * SQLite in a temporary data directory; SETBOOK_DATABASE_URL set runs it on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.js';
import type { ServiceDeps } from '../src/services/context.js';
import { loadOrCreateSigner } from '../src/services/keys.js';
import { blobsIn } from '../src/services/blobs.js';
import { SecretHasher } from '../src/services/secrets.js';
import { openStore } from '../src/store/index.js';
import { pdfPages } from '../test/support/pdf.js';

const { values } = parseArgs({ options: { days: { type: 'string' }, people: { type: 'string' }, pdf: { type: 'string' } } });
const DAYS = Number(values.days ?? 60);
const PEOPLE = Number(values.people ?? 150);
const SETUP_TOKEN = 'bench-setup-token';

const DEPARTMENTS = ['Camera', 'Grip', 'Electric', 'Sound', 'Art', 'Wardrobe', 'Hair and make-up', 'Locations', 'Transport', 'Catering'];
const HAZARDS = [[], ['firearms', 'blanks'], ['stunts'], ['vehicles'], ['animals'], [], ['pyro', 'stunts'], ['water'], ['heights'], []];

// Peak memory: sampled every 20 ms, and the kernel's high-water mark of resident memory at the end.
let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
};
const sampler = setInterval(sample, 20);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-bench-callsheets-'));
const store = await openStore({ dataDir, databaseUrl: process.env.SETBOOK_DATABASE_URL || undefined });
const deps: ServiceDeps = { store, hasher: new SecretHasher(10), signer: loadOrCreateSigner(dataDir), clock: () => new Date(), setupToken: SETUP_TOKEN, blobs: blobsIn(dataDir) };
const app = await buildApp(deps, { webRoot: path.join(dataDir, 'no-web'), mail: { outboxDir: path.join(dataDir, 'outbox'), from: 'Setbook <setbook@bench.test>' }, jobs: false, publicUrl: 'https://set.bench.test' });

async function api(method: string, url: string, token: string | null, body?: unknown) {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}
const json = async (method: string, url: string, token: string | null, body?: unknown) => (await api(method, url, token, body)).json();

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

try {
  const setupStarted = performance.now();
  const producer = (await json('POST', '/api/setup', null, { setupToken: SETUP_TOKEN, email: 'producer@bench.test', name: 'Dana Producer', password: 'correct horse battery' })).token as string;
  const pid = (await json('POST', '/api/productions', producer, { name: 'Dust Devil', timezone: 'America/Denver' })).production.id as string;
  const p = (suffix: string) => `/api/productions/${pid}${suffix}`;
  // The producer runs the day as 1st AD too, so one token drafts and publishes.
  const me = (await json('GET', '/api/me', producer)).user.id as string;
  await json('PATCH', p(`/members/${me}`), producer, { roles: ['producer', 'first_ad'] });

  const people: Array<{ userId: string; roles: string[] }> = [];
  for (let i = 0; i < PEOPLE - 1; i++) {
    const roles = i === 0 ? ['safety_advisor'] : i === 1 ? ['armorer'] : i === 2 ? ['medic'] : i < 20 ? ['performer'] : ['crew'];
    const department = i < 20 ? null : DEPARTMENTS[i % DEPARTMENTS.length]!;
    const added = await json('POST', p('/members'), producer, { email: `person${i}@bench.test`, name: `Person ${String(i).padStart(3, '0')} ${['Barrett', 'Okafor', 'Reyes', 'Stone', 'Whitlock'][i % 5]}`, roles, ...(department ? { department } : {}) });
    people.push({ userId: added.member.userId, roles });
  }
  const armorer = people[1]!.userId;
  const cast = people.filter((x) => x.roles.includes('performer')).map((x) => x.userId);
  const advisorToken = producer;

  const locations: string[] = [];
  for (let i = 0; i < 5; i++) {
    const location = await json('POST', p('/locations'), producer, {
      name: `Location ${i + 1}`,
      address: `${100 + i} Ranch Road, Santa Fe, NM`,
      latitude: 35.5 + i / 10,
      longitude: -106 + i / 10,
      hospital: { name: 'Christus St. Vincent', address: '455 St Michaels Dr, Santa Fe', phone: '+1 505 913 3361', driveMinutes: 20 + i * 5 },
      parking: 'Base camp in the north field; crew parking by gate 2',
    });
    locations.push(location.location.id);
    await json('POST', p(`/locations/${location.location.id}/light-targets`), producer, { name: 'Low sun behind the herd', azimuthFrom: 230, azimuthTo: 260, altitudeFrom: 0, altitudeTo: 12 });
  }

  const scenesOfDay: string[][] = [];
  for (let d = 0; d < DAYS; d++) {
    const ids: string[] = [];
    for (let s = 0; s < 5; s++) {
      const n = d * 5 + s;
      const hazards = HAZARDS[n % HAZARDS.length]!;
      const scene = await json('POST', p('/scenes'), producer, {
        number: String(n + 1),
        description: `Scene ${n + 1}: the posse rides into town and the standoff begins at the saloon door`,
        hazards,
        intExt: n % 2 ? 'INT' : 'EXT',
        timeOfDay: n % 3 ? 'day' : 'night',
        eighths: 3 + (n % 12),
        castIds: cast.slice(n % 15, (n % 15) + 3),
        locationId: locations[d % locations.length],
      });
      if (hazards.length > 0 && n % 4 !== 0) {
        await json('POST', p(`/scenes/${scene.scene.id}/risk-assessments`), advisorToken, { hazards, controls: hazards.map((hazard) => ({ hazard, control: `Controls for ${hazard}: briefed, rehearsed, specialist on set` })) });
      }
      ids.push(scene.scene.id);
    }
    scenesOfDay.push(ids);
  }

  const days: string[] = [];
  const start = Date.UTC(2027, 0, 4);
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    const day = await json('POST', p('/shoot-days'), producer, { date, sceneIds: scenesOfDay[d], locationIds: [locations[d % locations.length]], generalCall: '06:00', shootingCall: '07:30', notes: 'Wind expected after 3 pm' });
    days.push(day.shootDay.id);
    const duties = people.map((x) => ({ userId: x.userId, duty: x.userId === armorer ? 'armorer' : x.roles[0]! }));
    await json('PUT', p(`/shoot-days/${day.shootDay.id}/duties`), producer, { duties: [...duties, { userId: me, duty: 'first_ad' }] });
    const times = cast.map((userId, i) => ({ userId, call: new Date(start + d * 86_400_000 + (14 + (i % 4)) * 3_600_000).toISOString(), wrap: new Date(start + d * 86_400_000 + (26 + (i % 3)) * 3_600_000).toISOString() }));
    await json('PUT', p(`/shoot-days/${day.shootDay.id}/times`), producer, { times });
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  sample();
  const before = { rss: peakRss, heap: peakHeap };

  const publishMs: number[] = [];
  const pdfMs: number[] = [];
  const pages: number[] = [];
  let pdfBytes = 0;
  let recipients = 0;
  let lastPdf: Buffer | undefined;
  const started = performance.now();
  for (const day of days) {
    const t0 = performance.now();
    const draft = await json('POST', p(`/shoot-days/${day}/call-sheets`), producer, { walkieChannels: [{ channel: '1', use: 'Production' }, { channel: '2', use: 'Grip & electric' }] });
    const published = await json('POST', p(`/call-sheets/${draft.callSheet.id}/publish`), producer, {});
    publishMs.push(performance.now() - t0);
    recipients += published.recipients as number;
    const t1 = performance.now();
    const pdf = (await api('GET', p(`/call-sheets/${draft.callSheet.id}/pdf`), producer)).rawPayload;
    pdfMs.push(performance.now() - t1);
    pages.push(pdfPages(pdf));
    pdfBytes += pdf.length;
    lastPdf = pdf;
  }
  const totalSeconds = (performance.now() - started) / 1000;
  sample();
  clearInterval(sampler);
  publishMs.sort((a, b) => a - b);
  pdfMs.sort((a, b) => a - b);
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);

  console.log(`call sheets: ${DAYS} days x ${PEOPLE} people on ${store.dialect} (${os.cpus().length} cores, Node ${process.versions.node}); set-up ${setupSeconds.toFixed(1)} s, not counted`);
  console.log(`  total: ${totalSeconds.toFixed(2)} s for ${DAYS} drafts, publishes (${recipients} personal links sealed and emailed) and PDFs`);
  console.log(`  draft + publish per sheet: p50 ${ms(percentile(publishMs, 0.5))}, p95 ${ms(percentile(publishMs, 0.95))} (sum ${(sum(publishMs) / 1000).toFixed(2)} s)`);
  console.log(`  PDF per sheet:             p50 ${ms(percentile(pdfMs, 0.5))}, p95 ${ms(percentile(pdfMs, 0.95))} (sum ${(sum(pdfMs) / 1000).toFixed(2)} s)`);
  console.log(`  PDFs: ${Math.min(...pages)}-${Math.max(...pages)} pages each, ${(pdfBytes / DAYS / 1024).toFixed(0)} KB each on average`);
  console.log(`  peak memory: RSS ${mb(peakRss)} sampled, ${mb(process.resourceUsage().maxRSS * 1024)} kernel high-water mark; heap used ${mb(peakHeap)} (after set-up: RSS ${mb(before.rss)}, heap ${mb(before.heap)})`);
  const end = process.memoryUsage();
  console.log(`  at the end: RSS ${mb(end.rss)}, heap used ${mb(end.heapUsed)} of ${mb(end.heapTotal)}, external ${mb(end.external)} (array buffers ${mb(end.arrayBuffers)})`);
  if (values.pdf) fs.writeFileSync(values.pdf, lastPdf!);
} finally {
  clearInterval(sampler);
  await app.close();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
