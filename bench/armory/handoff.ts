/**
 * Hand-offs through HTTP with every rule evaluated (F2, F5, F6, F7 with two PIN
 * checks, F10, F11, F12, S1) and the ledger appended durably, from 50
 * concurrent clients, each cycling its own firearm: inspect -> hand off -> return.
 * Prints hand-offs per second and hand-off latency p50/p99.
 *
 *   npx tsx bench/armory/handoff.ts [--clients 50] [--seconds 20] [--scrypt 17]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnServer } from '../../test/support/process.js';
import { PASSWORD, SETUP_TOKEN } from '../../test/support/harness.js';

const { values } = parseArgs({ options: { clients: { type: 'string' }, seconds: { type: 'string' }, scrypt: { type: 'string' } } });
const CLIENTS = Number(values.clients ?? 50);
const SECONDS = Number(values.seconds ?? 20);
const SCRYPT = values.scrypt ?? '17';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-bench-armory-'));
const server = await spawnServer({ dataDir, env: { SETBOOK_SCRYPT_COST: SCRYPT } });
if (!server.url.startsWith('http://127.0.0.1:')) throw new Error('loopback only');

async function api(method: string, url: string, token: string | null, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

try {
  const producer = (await api('POST', '/api/setup', null, { setupToken: SETUP_TOKEN, email: 'p@bench.test', name: 'Producer', password: PASSWORD })).body.token as string;
  const pid = (await api('POST', '/api/productions', producer, { name: 'Bench', timezone: 'UTC' })).body.production.id as string;
  const p = (suffix: string) => `/api/productions/${pid}${suffix}`;
  const person = async (name: string, roles: string[], pin: string) => {
    const invite = await api('POST', p('/members'), producer, { email: `${name.replace(/\W/g, '')}@bench.test`, name, roles });
    let accepted = await api('POST', `/api/invitations/${invite.body.invitation.code}/accept`, null, { name, password: PASSWORD, pin });
    // Invitation codes are rate limited per address (30 a minute): the whole cast accepts from this one machine.
    while (accepted.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      accepted = await api('POST', `/api/invitations/${invite.body.invitation.code}/accept`, null, { name, password: PASSWORD, pin });
    }
    return { id: accepted.body.user.id as string, token: accepted.body.token as string, pin };
  };
  const armorer = await person('Hank Morrow', ['armorer'], '2733');
  const firstAd = await person('Sam Whitlock', ['first_ad'], '2511');
  const performers: Array<{ id: string; token: string; pin: string }> = [];
  for (let i = 0; i < CLIENTS; i++) performers.push(await person(`Performer ${i}`, ['performer'], String(3000 + i)));
  for (const who of [armorer, ...performers]) await api('POST', p('/trainings'), producer, { userId: who.id, course: 'firearms_safety', completedOn: '2026-10-30' });
  const scene = (await api('POST', p('/scenes'), producer, { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] })).body.scene.id as string;
  const day = (await api('POST', p('/shoot-days'), producer, { date: '2026-12-02', sceneIds: [scene] })).body.shootDay.id as string;
  await api('PUT', p(`/shoot-days/${day}/duties`), producer, { duties: [{ userId: armorer.id, duty: 'armorer' }] });
  await api('POST', p('/safety-meetings'), armorer.token, {
    shootDayId: day, sceneIds: [scene], heldAt: new Date().toISOString(), attendeeIds: [armorer.id, firstAd.id], walkthrough: true, abortPlan: 'Cease fire.', emergencyPlan: 'Medic on set.',
  });
  const lot = (await api('POST', p('/ammunition'), armorer.token, { lot: 'D-1', kind: 'dummy', caliber: '.45', quantity: 10_000, verification: { method: 'rattle test' } })).body.lot.id as string;
  const firearms: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const id = (await api('POST', p('/firearms'), armorer.token, { serial: `SN-${i}`, make: 'Colt', model: 'SAA', kind: 'blank_firing' })).body.firearm.id as string;
    await api('POST', p(`/firearms/${id}/events`), armorer.token, { type: 'check_out', shootDayId: day });
    firearms.push(id);
  }

  const latencies: number[] = [];
  let refused = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    firearms.map(async (firearm, i) => {
      const performer = performers[i]!;
      const events = p(`/firearms/${firearm}/events`);
      while (Date.now() < deadline) {
        await api('POST', events, armorer.token, { type: 'inspect', load: 'dummy', rounds: [{ lotId: lot, count: 6 }], barrelClear: true });
        const t0 = performance.now();
        const res = await api('POST', events, armorer.token, {
          type: 'hand_off', toUserId: performer.id, shootDayId: day, sceneId: scene,
          confirmations: [{ userId: performer.id, pin: performer.pin }, { userId: firstAd.id, pin: firstAd.pin }],
        });
        latencies.push(performance.now() - t0);
        if (res.status !== 201) refused++;
        await api('POST', events, armorer.token, { type: 'return', fromUserId: performer.id, confirmations: [{ userId: performer.id, pin: performer.pin }] });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);
  console.log(`hand-offs through HTTP, ${CLIENTS} concurrent clients, ${SECONDS} s, SETBOOK_SCRYPT_COST=${SCRYPT} (PINs at N=2^${Math.min(Number(SCRYPT), 14)}), SQLite WAL synchronous=FULL (${os.cpus().length} cores)`);
  console.log(`  ${latencies.length} hand-offs (${refused} refused): ${(latencies.length / seconds).toFixed(1)} /s; latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
  console.log('  each hand-off also cost an inspect and a return (with its own PIN check) in the same run');
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
