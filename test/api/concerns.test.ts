import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { DEFAULT_DEADLINES, SEVERITIES } from '../../src/domain/concerns/escalation.js';

/**
 * S2 end to end with a clock the test moves: a concern nobody acknowledges
 * climbs the ladder at each deadline until it reaches the external contacts,
 * and the people it implicates never see it.
 */
describe('concerns (S2)', () => {
  let t: TestApp;
  let dana: Person; // producer
  let ines: Person; // safety advisor
  let teo: Person; // department head (grip)
  let rosa: Person; // UPM
  let maya: Person; // crew
  let lee: Person; // crew, implicated
  let pid: string;
  let setCode: string;
  const external = ['rep@iatse.example', 'safety@studio.example'];

  const call = (who: Person | null, method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    t.call(method, url.startsWith('/api/') ? url : `/api/productions/${pid}${url}`, {
      token: who?.token,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });
  const report = (who: Person, body: Record<string, unknown>) => call(who, 'POST', '/concerns', body);
  const listed = async (who: Person) => ((await call(who, 'GET', '/concerns')).json().concerns as Array<{ id: string; level: number; status: string }>).map((c) => c.id);
  const minutes = (n: number) => n * 60_000;
  const run = () => t.app.jobs.runOnce();

  /** Emails written to the outbox folder (no SMTP configured): recipients and subject of each. */
  const outbox = () => {
    const dir = path.join(t.dataDir, 'outbox');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .map((raw) => raw.replace(/=\r?\n/g, '')) // quoted-printable soft line breaks
      .map((text) => ({ to: /^To: (.*)$/m.exec(text)?.[1] ?? '', concern: /^X-Setbook-Concern: (.*)$/m.exec(text)?.[1] ?? '', text }));
  };

  beforeAll(async () => {
    t = await startApp();
    dana = await setUpFirstUser(t);
    const production = await createProduction(t, dana, 'Dust Devil');
    pid = production.id;
    setCode = production.setCode;
    ines = await addPerson(t, dana, pid, ['safety_advisor'], 'Ines Okafor');
    teo = await addPerson(t, dana, pid, ['department_head'], 'Teo Grip');
    rosa = await addPerson(t, dana, pid, ['upm'], 'Rosa UPM');
    maya = await addPerson(t, dana, pid, ['crew'], 'Maya Crew');
    lee = await addPerson(t, dana, pid, ['crew'], 'Lee Crew');
    const levels = [
      { roles: ['department_head', 'safety_advisor'], emails: [], deadlines: DEFAULT_DEADLINES },
      { roles: ['upm', 'producer'], emails: [], deadlines: DEFAULT_DEADLINES },
      { roles: [], emails: external, deadlines: DEFAULT_DEADLINES },
    ];
    expect((await call(ines, 'PUT', '/escalation', { levels })).json().escalation.status).toBe('proposed');
    const confirmed = await call(dana, 'PUT', '/escalation', { levels });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().escalation).toMatchObject({ status: 'active', levels: [{}, {}, { emails: external }] });
  });
  afterAll(() => t.close());

  it('answers a report with its deadline, and routes it to the first level only', async () => {
    const res = await report(maya, { category: 'rigging', severity: 'high', description: 'Truss over stage 2 missing a safety cable', location: 'Stage 2' });
    expect(res.statusCode, res.body).toBe(201);
    const { concern, followUp } = res.json();
    expect(concern).toMatchObject({ id: expect.any(String), status: 'open', ackDeadline: new Date(t.clock.time.getTime() + minutes(120)).toISOString() });
    expect(followUp).toBeUndefined();
    expect(await listed(ines)).toContain(concern.id);
    expect(await listed(teo)).toContain(concern.id);
    expect(await listed(maya)).toContain(concern.id); // the reporter follows their own
    expect(await listed(dana)).not.toContain(concern.id); // not reached the producer yet
    expect((await call(lee, 'GET', `/concerns/${concern.id}`)).statusCode).toBe(404);
    const thread = (await call(ines, 'GET', `/concerns/${concern.id}`)).json();
    expect(thread.concern).toMatchObject({ reporter: { userId: maya.id, name: 'Maya Crew' }, level: 0, canAcknowledge: true });
    await call(ines, 'POST', `/concerns/${concern.id}/resolve`, { resolution: 'Cable fitted.' });
  });

  for (const severity of SEVERITIES) {
    it(`climbs a ${severity} concern at each deadline to the external contacts, and never to the implicated`, async () => {
      const deadline = minutes(DEFAULT_DEADLINES[severity]);
      const res = await report(maya, {
        category: 'harassment',
        severity,
        description: `Lee and the producer keep pushing the night crew (${severity})`,
        implicatedUserIds: [lee.id, dana.id],
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().concern.id as string;
      const mails = () => outbox().filter((mail) => mail.concern === id);
      await run();
      const first = mails();
      expect(first).toHaveLength(1);
      expect(first[0]!.to).toContain(ines.email);
      expect(first[0]!.to).toContain(teo.email);

      t.clock.advance(deadline - 1_000);
      expect((await run()).steps).toBe(0);
      t.clock.advance(1_000);
      expect((await run()).steps).toBe(1);
      const atTwo = (await call(ines, 'GET', `/concerns/${id}`)).json().concern;
      expect(atTwo).toMatchObject({ level: 1, ackDeadline: new Date(t.clock.time.getTime() + deadline).toISOString() });
      expect(await listed(rosa)).toContain(id);
      // The producer is at this level but implicated: no list, no thread, no acknowledging, no email.
      expect(await listed(dana)).not.toContain(id);
      expect((await call(dana, 'GET', `/concerns/${id}`)).statusCode).toBe(404);
      expect((await call(dana, 'POST', `/concerns/${id}/ack`, {})).statusCode).toBe(404);
      const second = mails().slice(1);
      expect(second).toHaveLength(1);
      expect(second[0]!.to).toContain(rosa.email);
      expect(second[0]!.to).not.toContain(dana.email);

      t.clock.advance(deadline);
      expect((await run()).steps).toBe(1);
      const third = mails().slice(2);
      expect(third).toHaveLength(1);
      expect(third[0]!.to).toContain(external[0]);
      expect(third[0]!.to).toContain(external[1]);
      expect(third[0]!.text).toContain('not acknowledged');
      const top = (await call(ines, 'GET', `/concerns/${id}`)).json();
      expect(top.concern).toMatchObject({ level: 2, ackDeadline: null });
      expect(top.notifications.map((n: { status: string }) => n.status)).toEqual(['outbox', 'outbox', 'outbox']);

      // Nowhere left to climb.
      t.clock.advance(deadline * 2);
      expect((await run()).steps).toBe(0);
      for (const person of [lee, dana]) {
        expect(outbox().some((mail) => mail.to.includes(person.email))).toBe(false);
        expect(await listed(person)).not.toContain(id);
      }
      const events = await sql<{ type: string; hidden_from: string }>`SELECT type, hidden_from FROM live_events WHERE type = 'concern.escalated'`.execute(t.deps.store.db);
      const mine = events.rows.filter((e) => e.hidden_from?.includes(lee.id));
      expect(mine.length).toBeGreaterThanOrEqual(3);
      for (const event of mine) expect(JSON.parse(event.hidden_from)).toEqual(expect.arrayContaining([lee.id, dana.id]));
    });
  }

  it('stops climbing once acknowledged at its level, and only the current level acknowledges', async () => {
    const id = (await report(maya, { category: 'electrical', severity: 'critical', description: 'Wet cable run across the set' })).json().concern.id;
    expect((await call(rosa, 'POST', `/concerns/${id}/ack`, {})).statusCode).toBe(404); // not reached the UPM yet
    // S2: the reporter follows a concern but does not close it; the refusal is recorded and names nobody.
    const own = await call(maya, 'POST', `/concerns/${id}/resolve`, { resolution: 'fine' });
    expect(own.statusCode).toBe(422);
    expect(own.json().rule).toBe('S2');
    const ack = await call(teo, 'POST', `/concerns/${id}/ack`, {});
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().concern).toMatchObject({ status: 'acknowledged', acknowledgedBy: { userId: teo.id } });
    t.clock.advance(minutes(60 * 24));
    await run();
    expect((await call(ines, 'GET', `/concerns/${id}`)).json().concern).toMatchObject({ level: 0, status: 'acknowledged' });
    const entries = (await call(ines, 'GET', '/ledger/entries')).json().entries as Array<{ entry: { type: string; actor: unknown; data: { concernId?: string } } }>;
    const trail = entries.filter((e) => e.entry.data.concernId === id).map((e) => e.entry);
    expect(trail.map((e) => e.type)).toEqual(['concern.reported', 'concern.resolve.refused', 'concern.acknowledged']);
    expect(trail[1]).toMatchObject({ actor: null });
    const done = await call(ines, 'POST', `/concerns/${id}/resolve`, { resolution: 'Cable rerouted overhead and matting laid.' });
    expect(done.statusCode).toBe(200);
    expect(done.json().concern).toMatchObject({ status: 'resolved', resolution: 'Cable rerouted overhead and matting laid.' });
    expect((await call(ines, 'POST', `/concerns/${id}/resolve`, { resolution: 'again' })).statusCode).toBe(409);
  });

  it('refuses an acknowledgement from a level the concern has climbed past', async () => {
    const id = (await report(maya, { category: 'stunts', severity: 'critical', description: 'Ratchet rig untested' })).json().concern.id;
    t.clock.advance(minutes(15));
    await run();
    const early = await call(teo, 'POST', `/concerns/${id}/ack`, {});
    expect(early.statusCode).toBe(422);
    expect(early.json().refusals).toEqual([
      {
        rule: 'S2',
        reason: expect.stringMatching(/is with upm \/ producer now/),
        key: 'rules.s2.withRoles',
        values: { roles: { list: ['rules.duty.upm', 'rules.duty.producer'], join: 'slash' } },
      },
    ]);
    expect((await call(rosa, 'POST', `/concerns/${id}/ack`, {})).statusCode).toBe(200);
  });

  it('lets an anonymous member report and follow up with a key and passphrase, storing nobody', async () => {
    const res = await report(maya, { category: 'fatigue', severity: 'medium', description: 'Third 16-hour day in a row for the camera team', anonymous: true });
    expect(res.statusCode, res.body).toBe(201);
    const { concern, followUp } = res.json();
    expect(followUp).toEqual({ key: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/), passphrase: expect.any(String) });
    const thread = (await call(ines, 'GET', `/concerns/${concern.id}`)).json();
    expect(thread.concern).toMatchObject({ anonymous: true, reporter: null });
    expect(await listed(maya)).not.toContain(concern.id);

    const reply = await call(ines, 'POST', `/concerns/${concern.id}/messages`, { text: 'Thank you. Which days, and who set the call?' });
    expect(reply.statusCode, reply.body).toBe(201);
    const seen = await t.call('POST', '/api/follow-up', { body: followUp });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().concern).toMatchObject({ status: 'open', level: 0, messages: [{ from: 'handler', text: 'Thank you. Which days, and who set the call?', author: 'Ines Okafor' }] });
    const answer = await t.call('POST', '/api/follow-up/messages', { body: { ...followUp, text: 'Monday to Wednesday; the UPM.' } });
    expect(answer.statusCode, answer.body).toBe(201);
    const both = (await call(ines, 'GET', `/concerns/${concern.id}`)).json().messages;
    expect(both.map((m: { from: string; author: unknown }) => [m.from, m.author])).toEqual([
      ['handler', { userId: ines.id, name: 'Ines Okafor' }],
      ['reporter', null],
    ]);
    const wrong = await t.call('POST', '/api/follow-up', { body: { key: followUp.key, passphrase: 'AAAAA-BBBBB' } });
    expect(wrong.statusCode).toBe(404);
    expect((await t.call('POST', '/api/follow-up', { body: { key: 'ZZZZ-ZZZZ-ZZZZ', passphrase: followUp.passphrase } })).statusCode).toBe(404);

    const dump = JSON.stringify(await dumpDatabase(t.deps.store));
    expect(dump).toContain(concern.id);
    expect(dump).not.toContain(followUp.passphrase);
    const row = (await sql<{ reporter_id: string | null }>`SELECT reporter_id FROM concerns WHERE id = ${concern.id}`.execute(t.deps.store.db)).rows[0]!;
    expect(row.reporter_id).toBeNull();
  });

  it('takes a report from the set\'s public code with no account, and gives the passphrase back to a retry', async () => {
    const body = { category: 'firearms', severity: 'critical', description: 'Saw a box of live rounds on the prop cart', location: 'Prop truck' };
    const headers = { 'idempotency-key': 'qr-report-1' };
    const res = await t.app.inject({ method: 'POST', url: `/api/sets/${setCode}/concerns`, payload: body, headers, remoteAddress: '203.0.113.7' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().followUp.passphrase).toEqual(expect.any(String));
    const again = await t.app.inject({ method: 'POST', url: `/api/sets/${setCode}/concerns`, payload: body, headers, remoteAddress: '203.0.113.7' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(again.json()).toEqual(res.json());
    const stored = JSON.stringify((await dumpDatabase(t.deps.store)).idempotency_keys);
    expect(stored).not.toContain(res.json().followUp.passphrase);
    expect(stored).not.toContain('qr-report-1');
    expect(await listed(ines)).toContain(res.json().concern.id);
    expect((await t.app.inject({ method: 'POST', url: '/api/sets/NOSUCHCODE1/concerns', payload: body })).statusCode).toBe(404);
  });

  it('names every bad field of a report, and refuses implicating someone off the production', async () => {
    const res = await report(maya, { category: 'gossip', severity: 'urgent', description: '' });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(['category', 'description', 'severity']);
    const stranger = await report(maya, { category: 'other', severity: 'low', description: 'x', implicatedUserIds: ['nobody-here'], sceneId: 'no-scene' });
    expect(stranger.statusCode).toBe(400);
    expect((stranger.json().errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['implicatedUserIds.0', 'sceneId']);
  });

  it('changes the ladder only with the safety advisor together with the producer, on the record', async () => {
    const levels = [
      { roles: ['safety_advisor'], emails: [], deadlines: { critical: 10, high: 60, medium: 600, low: 3000 } },
      { roles: ['producer'], emails: ['rep@iatse.example'], deadlines: DEFAULT_DEADLINES },
    ];
    expect((await call(maya, 'PUT', '/escalation', { levels })).statusCode).toBe(403);
    const alone = await call(dana, 'PUT', '/escalation', { levels });
    expect(alone.json().escalation).toMatchObject({ status: 'proposed', levels: [{}, {}, {}], proposed: { waitingFor: 'safety_advisor' } });
    // The same person confirming their own proposal changes nothing.
    expect((await call(dana, 'PUT', '/escalation', { levels })).json().escalation.status).toBe('proposed');
    const other = await call(ines, 'PUT', '/escalation', { levels: [levels[0], { ...levels[1], emails: [] }] });
    expect(other.json().escalation).toMatchObject({ status: 'proposed', proposed: { waitingFor: 'producer' } });
    const confirm = await call(dana, 'PUT', '/escalation', { levels: [levels[0], { ...levels[1], emails: [] }] });
    expect(confirm.json().escalation).toMatchObject({ status: 'active', levels: [{ roles: ['safety_advisor'] }, { roles: ['producer'] }] });
    const bad = await call(ines, 'PUT', '/escalation', { levels: [{ roles: [], emails: ['not-an-email'], deadlines: { critical: 0 } }] });
    expect(bad.statusCode).toBe(400);
    expect((bad.json().errors as Array<{ path: string }>).map((e) => e.path)).toEqual(
      expect.arrayContaining(['levels', 'levels.0.emails.0', 'levels.0.deadlines.critical', 'levels.0.deadlines.high']),
    );
    const entries = (await call(maya, 'GET', '/ledger/entries')).json().entries as Array<{ entry: { type: string } }>;
    expect(entries.filter((e) => e.entry.type === 'escalation.changed')).toHaveLength(2);
  });

  it('keeps the words and the people out of the ledger every member reads', async () => {
    const words = 'The stunt coordinator skips the rehearsal checklist';
    const id = (await report(maya, { category: 'stunts', severity: 'low', description: words, implicatedUserIds: [lee.id] })).json().concern.id;
    const entries = (await call(lee, 'GET', '/ledger/entries')).json().entries as Array<{ entry: { type: string; actor: unknown; data: { concernId?: string } } }>;
    const reported = entries.find((e) => e.entry.data.concernId === id)!;
    expect(reported.entry).toMatchObject({ type: 'concern.reported', actor: null, data: { severity: 'low', commitment: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const text = JSON.stringify(entries.filter((e) => e.entry.type.startsWith('concern.')));
    expect(text).not.toContain(words);
    expect(text).not.toContain(`"${lee.id}"`);
  });
});
