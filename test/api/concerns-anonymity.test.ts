import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { capturedLog, dumpDatabase, PASSWORD, SETUP_TOKEN, startApp } from '../support/harness.js';

/**
 * S2: an anonymous report stores no account, IP address, user agent, session
 * or device id: not in any row it writes, not in the ledger, not in the log.
 * The rows are compared before and after the report, across every table.
 */
describe('an anonymous concern', () => {
  it('leaves nothing that identifies the reporter in the database, the ledger or the log', async () => {
    const t = await startApp();
    const log = capturedLog();
    const app = await buildApp(t.deps, {
      webRoot: path.join(t.dataDir, 'none'),
      jobs: false,
      mail: { outboxDir: path.join(t.dataDir, 'outbox'), from: 'setbook@example.test' },
      logger: log.logger,
    });
    const address = '198.51.100.201';
    const agent = 'WhistleblowerPhone/4.2 (build 7731)';
    const deviceId = 'maya-phone-7f3a9c';
    const call = (method: 'GET' | 'POST', url: string, body?: object, token?: string, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url,
        remoteAddress: address,
        headers: { 'user-agent': agent, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        ...(body ? { payload: body } : {}),
      });

    const dana = (await call('POST', '/api/setup', { setupToken: SETUP_TOKEN, email: 'dana@example.test', name: 'Dana', password: PASSWORD })).json().token as string;
    const production = (await call('POST', '/api/productions', { name: 'Anonymity', timezone: 'UTC' }, dana)).json().production;
    const invite = await call('POST', `/api/productions/${production.id}/members`, { email: 'maya@example.test', name: 'Maya Crew', roles: ['crew'] }, dana);
    const accepted = await call('POST', `/api/invitations/${invite.json().invitation.code}/accept`, { name: 'Maya Crew', password: PASSWORD, pin: '1357' });
    await call('POST', `/api/productions/${production.id}/members`, { email: 'ines@example.test', name: 'Ines Okafor', roles: ['safety_advisor'] }, dana);
    const maya = { id: accepted.json().user.id as string, token: accepted.json().token as string };
    // Maya's phone is on the live stream, so the server knows its device id.
    await call('POST', `/api/productions/${production.id}/stops`, { reason: 'warm-up' }, maya.token);

    const before = await dumpDatabase(t.deps.store);
    const member = await call(
      'POST',
      `/api/productions/${production.id}/concerns`,
      { category: 'harassment', severity: 'high', description: 'The key grip corners the PAs at wrap', anonymous: true },
      maya.token,
      { 'idempotency-key': `anon-${deviceId}`, 'x-device-id': deviceId },
    );
    expect(member.statusCode, member.body).toBe(201);
    const publicReport = await call('POST', `/api/sets/${production.setCode}/concerns`, { category: 'firearms', severity: 'critical', description: 'Live rounds in the prop truck' }, maya.token, {
      'idempotency-key': `public-${deviceId}`,
    });
    expect(publicReport.statusCode, publicReport.body).toBe(201);
    const followUp = member.json().followUp as { key: string; passphrase: string };
    expect((await call('POST', '/api/follow-up/messages', { ...followUp, text: 'It happened again tonight.' })).statusCode).toBe(201);
    await app.jobs.runOnce();
    const after = await dumpDatabase(t.deps.store);
    await app.close();
    await t.close();

    const sessionId = crypto.createHash('sha256').update(maya.token).digest('hex');
    const identifying = [maya.id, 'maya@example.test', 'Maya Crew', maya.token, sessionId, address, agent, deviceId];
    const seen = new Set(Object.values(before).flatMap((rows) => rows.map((row) => JSON.stringify(row))));
    const written = Object.entries(after).flatMap(([table, rows]) => rows.map((row) => `${table} ${JSON.stringify(row)}`).filter((text) => !seen.has(text.slice(table.length + 1))));
    // The reports, their ledger entries, live events, emails and idempotency records were written...
    for (const table of ['concerns', 'ledger_entries', 'live_events', 'emails', 'idempotency_keys', 'concern_messages']) {
      expect(written.some((row) => row.startsWith(`${table} `)), table).toBe(true);
    }
    // ...and none of them names Maya, her session, her phone or her address.
    for (const row of written) for (const value of identifying) expect(row, row).not.toContain(value);
    const everything = JSON.stringify(after);
    for (const value of [address, agent, deviceId, maya.token]) expect(everything).not.toContain(value);
    for (const value of [address, agent, deviceId, maya.token, followUp.passphrase]) expect(log.text()).not.toContain(value);
    expect(log.text()).toContain('"route":"/api/productions/:pid/concerns"');
  });
});
