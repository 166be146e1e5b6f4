import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT, PASSWORD, SETUP_TOKEN, throwawayStore } from '../support/harness.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { MailCatcher } from '../support/smtp.js';

/**
 * S2's timers are rows, not memory: a server killed while a concern waits for
 * its deadline climbs it once after it comes back, and a second instance on
 * the same PostgreSQL never takes a step the first one took.
 */

interface Answer {
  status: number;
  body: Record<string, unknown> & { token?: string };
}

async function call(server: ServerProcess, method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** A production whose first level has `firstMinutes` to acknowledge a critical concern. */
async function production(server: ServerProcess, firstMinutes: number, secondMinutes: number) {
  const setup = await call(server, 'POST', '/api/setup', { setupToken: SETUP_TOKEN, email: 'dana@example.test', name: 'Dana Producer', password: PASSWORD });
  expect(setup.status, JSON.stringify(setup.body)).toBe(201);
  const dana = setup.body.token!;
  const created = await call(server, 'POST', '/api/productions', { name: 'Night Unit', timezone: 'UTC' }, dana);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const pid = (created.body.production as { id: string }).id;
  const invite = await call(server, 'POST', `/api/productions/${pid}/members`, { email: 'ines@example.test', name: 'Ines Okafor', roles: ['safety_advisor'] }, dana);
  const code = (invite.body.invitation as { code: string }).code;
  const ines = (await call(server, 'POST', `/api/invitations/${code}/accept`, { name: 'Ines Okafor', password: PASSWORD, pin: '2468' })).body.token!;
  const slow = { critical: 600, high: 600, medium: 1440, low: 4320 };
  const levels = [
    { roles: ['safety_advisor'], emails: ['first@example.test'], deadlines: { ...slow, critical: firstMinutes } },
    { roles: ['producer'], emails: ['second@example.test'], deadlines: { ...slow, critical: secondMinutes } },
    { roles: [], emails: ['union@example.test'], deadlines: slow },
  ];
  await call(server, 'PUT', `/api/productions/${pid}/escalation`, { levels }, ines);
  const confirmed = await call(server, 'PUT', `/api/productions/${pid}/escalation`, { levels }, dana);
  expect((confirmed.body.escalation as { status: string }).status).toBe('active');
  return { pid, dana };
}

async function escalations(server: ServerProcess, pid: string, token: string, concernId: string) {
  const entries = (await call(server, 'GET', `/api/productions/${pid}/ledger/entries`, undefined, token)).body.entries as Array<{
    entry: { type: string; data: { concernId?: string; toLevel?: number } };
  }>;
  return entries.filter((e) => e.entry.type === 'concern.escalated' && e.entry.data.concernId === concernId).map((e) => e.entry.data.toLevel);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('escalation survives a killed server', () => {
  let smtp: MailCatcher;
  let made: Awaited<ReturnType<typeof throwawayStore>>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    smtp = await MailCatcher.start();
    made = await throwawayStore();
    await made.store.close();
  });
  afterAll(async () => {
    await server?.stop();
    await made.drop();
    await smtp.close();
  });

  const start = () => spawnServer({ dataDir: made.dataDir, databaseUrl: made.databaseUrl, env: { SETBOOK_SMTP_URL: smtp.url } });

  it('climbs once after a restart past the deadline, and not again after another', { timeout: 90_000 }, async () => {
    server = await start();
    // 0.05 min = 3 s for the first level; the second waits an hour.
    const { pid, dana } = await production(server, 0.05, 60);
    const reported = await call(server, 'POST', `/api/productions/${pid}/concerns`, { category: 'firearms', severity: 'critical', description: 'Dummy rounds and blanks in one box' }, dana);
    expect(reported.status).toBe(201);
    const id = (reported.body.concern as { id: string }).id;
    const [first] = await smtp.waitFor(id, 1);
    expect(first!.to.sort()).toEqual(['first@example.test', 'ines@example.test']);

    await server.kill(); // pending: the deadline is 3 s away
    await sleep(4_000);
    server = await start();
    const mails = await smtp.waitFor(id, 2);
    expect(mails[1]!.to.sort()).toEqual(['dana@example.test', 'second@example.test']);
    expect(await escalations(server, pid, dana, id)).toEqual([1]);

    await sleep(1_000); // the sent mark commits
    await server.kill();
    server = await start();
    await sleep(3_000); // a few scheduler passes
    expect(await escalations(server, pid, dana, id)).toEqual([1]);
    expect(smtp.about(id)).toHaveLength(2);
  });
});

describe.runIf(DIALECT === 'postgres')('escalation with two servers on one PostgreSQL', () => {
  let smtp: MailCatcher;
  let made: Awaited<ReturnType<typeof throwawayStore>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    smtp = await MailCatcher.start();
    made = await throwawayStore();
    await made.store.close();
    const env = { SETBOOK_SMTP_URL: smtp.url };
    a = await spawnServer({ dataDir: made.dataDir, databaseUrl: made.databaseUrl, env });
    b = await spawnServer({ dataDir: made.dataDir, databaseUrl: made.databaseUrl, env });
  }, 60_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await made.drop();
    await smtp.close();
  });

  it('takes each step exactly once and sends each email once', { timeout: 90_000 }, async () => {
    const { pid, dana } = await production(a, 0.05, 0.05);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const via = i % 2 === 0 ? a : b;
      const res = await call(via, 'POST', `/api/productions/${pid}/concerns`, { category: 'rigging', severity: 'critical', description: `Chain motor ${i} overdue for inspection` }, dana);
      expect(res.status).toBe(201);
      ids.push((res.body.concern as { id: string }).id);
    }
    // Two 3 s levels, then the top: three emails per concern.
    for (const id of ids) await smtp.waitFor(id, 3, 30_000);
    await sleep(3_000); // both schedulers keep looking; nothing more may happen
    for (const id of ids) {
      expect(await escalations(b, pid, dana, id)).toEqual([1, 2]);
      const mails = smtp.about(id);
      expect(mails).toHaveLength(3);
      expect(mails.map((mail) => mail.to.find((to) => to !== 'ines@example.test' && to !== 'dana@example.test'))).toEqual([
        'first@example.test',
        'second@example.test',
        'union@example.test',
      ]);
    }
  });
});
