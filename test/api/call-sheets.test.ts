import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyBundle } from '../../src/ledger/bundle.js';
import { canonicalize, utf8 } from '../../src/ledger/canonical.js';
import { leafHash, toBase64 } from '../../src/ledger/hash.js';
import { parseCheckpoint, signCheckpoint } from '../../src/ledger/note.js';
import { TreeBuilder } from '../../src/ledger/tree.js';
import { serveConfig } from '../../src/cli/config.js';
import { verify } from '../../src/cli/verify.js';
import { DIALECT, dumpDatabase, startApp, type TestApp } from '../support/harness.js';
import { pdfPages, pdfText } from '../support/pdf.js';
import { expectProblem } from '../support/routes.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';

/**
 * S4 end to end: the 1st AD drafts tomorrow's call sheet, publishes it to
 * everyone on the day, and each person opens their own link, acknowledges the
 * safety section on the record, and takes their call into their calendar. A
 * revision revokes the first version's links; the paper pins the ledger.
 */
describe(`call sheets on ${DIALECT}`, () => {
  let t: TestApp;
  let dana: Person; // producer
  let sam: Person; // 1st AD
  let rosa: Person; // UPM
  let ines: Person; // safety advisor
  let ada: Person; // armorer
  let clay: Person; // performer
  let amara: Person; // medic
  let maya: Person; // crew
  let oona: Person; // producer of another production
  let pid: string;
  let setCode: string;
  let otherDay: string;
  let day: string;
  let v1: string;
  let v2: string;
  let links: Map<string, string>;

  const SECRET = 'Grip truck driver drinks on set (concern words)';
  const call = (who: Person | null, method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    t.call(method, url.startsWith('/api/') ? url : `/api/productions/${pid}${url}`, { token: who?.token, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const ok = async (status: number, sent: ReturnType<typeof call>) => {
    const res = await sent;
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const tokenOf = (link: string) => link.split('/').at(-1)!;
  const treeSize = async () => (await ok(200, call(dana, 'GET', '/ledger/checkpoint'))).treeSize as number;
  const entries = async (type: string) =>
    (await ok(200, call(dana, 'GET', `/ledger/entries?type=${type}`))).entries.map((e: { index: number; entry: { actor: unknown; data: Record<string, unknown> } }) => ({ index: e.index, ...e.entry }));
  /** Emails written to the outbox folder (no SMTP in tests), quoted-printable undone. */
  const outbox = () => {
    const dir = path.join(t.dataDir, 'outbox');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=').replace(/\r?\n[ \t]+/g, ' '))
      .map((text) => ({ to: /^To: (.*)$/m.exec(text)?.[1] ?? '', subject: /^Subject: (.*)$/m.exec(text)?.[1] ?? '', text }));
  };

  beforeAll(async () => {
    t = await startApp();
    dana = await setUpFirstUser(t);
    const production = await createProduction(t, dana, 'Dust Devil');
    pid = production.id;
    setCode = production.setCode;
    sam = await addPerson(t, dana, pid, ['first_ad'], 'Sam Whitlock');
    rosa = await addPerson(t, dana, pid, ['upm'], 'Rosa Delgado');
    ines = await addPerson(t, dana, pid, ['safety_advisor'], 'Ines Okafor');
    ada = await addPerson(t, dana, pid, ['armorer'], 'Ada Quill');
    clay = await addPerson(t, dana, pid, ['performer'], 'Clay Barrett');
    amara = await addPerson(t, dana, pid, ['medic'], 'Amara Reyes');
    maya = await addPerson(t, dana, pid, ['crew'], 'Maya Stone');
    await ok(200, call(dana, 'PATCH', `/members/${maya.id}`, { department: 'Grip' }));
    await ok(200, call(amara, 'PUT', `/members/${amara.id}/contact`, { phone: '+1 505 555 0199' }));
    const other = await createProduction(t, dana, 'Night Shift');
    oona = await addPerson(t, dana, other.id, ['producer', 'first_ad'], 'Oona Outsider');
    otherDay = (await ok(201, t.call('POST', `/api/productions/${other.id}/shoot-days`, { token: oona.token, body: { date: '2026-11-23', sceneIds: [] } }))).shootDay.id;

    const ranch = (
      await ok(
        201,
        call(sam, 'POST', '/locations', {
          name: 'Bonanza Creek Ranch',
          address: '15 Bonanza Creek Ln, Santa Fe, NM',
          latitude: 35.5405,
          longitude: -106.0656,
          hospital: { name: 'Christus St. Vincent', address: '455 St Michaels Dr, Santa Fe', phone: '+1 505 913 3361', driveMinutes: 28 },
          parking: 'Base camp in the north field',
        }),
      )
    ).location.id;
    const scene = async (body: Record<string, unknown>) => (await ok(201, call(sam, 'POST', '/scenes', body))).scene.id as string;
    const saloon = await scene({ number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'], aimedAtPerson: true, intExt: 'INT', timeOfDay: 'night', eighths: 11, castIds: [clay.id], locationId: ranch });
    const wagon = await scene({ number: '12', description: 'The wagon arrives', hazards: ['animals'], intExt: 'EXT', timeOfDay: 'day', eighths: 3 });
    const fall = await scene({ number: '30', description: 'Fall from the loft', hazards: ['stunts', 'heights'], eighths: 4 });
    const ride = await scene({ number: '41', description: 'The ride out', hazards: ['vehicles'] });
    await ok(201, call(ines, 'POST', `/scenes/${saloon}/risk-assessments`, { hazards: ['firearms', 'blanks'], controls: [{ hazard: 'firearms', control: 'Armorer on set' }, { hazard: 'blanks', control: 'Shields; 20 ft to anyone' }] }));
    await ok(201, call(ines, 'POST', `/scenes/${fall}/risk-assessments`, { hazards: ['stunts', 'heights'], controls: [{ hazard: 'stunts', control: 'Stunt coordinator' }, { hazard: 'heights', control: 'Air bag' }] }));
    await ok(200, call(sam, 'PATCH', `/scenes/${fall}`, { hazards: ['stunts', 'heights', 'pyro'] }));

    day = (await ok(201, call(sam, 'POST', '/shoot-days', { date: '2026-11-23', sceneIds: [wagon, saloon, fall], generalCall: '06:00', shootingCall: '07:30', locationIds: [ranch], notes: 'Wind expected after 3 pm' }))).shootDay.id;
    await ok(201, call(sam, 'POST', '/shoot-days', { date: '2026-11-24', sceneIds: [ride], generalCall: '07:00' }));
    await ok(200, call(sam, 'PUT', `/shoot-days/${day}/duties`, { duties: [{ userId: ada.id, duty: 'armorer' }, { userId: amara.id, duty: 'medic' }, { userId: clay.id, duty: 'performer' }, { userId: maya.id, duty: 'crew' }, { userId: sam.id, duty: 'first_ad' }] }));
    await ok(200, call(sam, 'PUT', `/shoot-days/${day}/times`, { times: [{ userId: clay.id, call: '2026-11-23T14:15:00Z', wrap: '2026-11-24T01:00:00Z' }] }));
    await ok(201, call(sam, 'POST', '/safety-meetings', { shootDayId: day, sceneIds: [saloon], heldAt: '2026-11-22T20:00:00Z', attendeeIds: [sam.id, ada.id, clay.id], walkthrough: true, abortPlan: 'Anyone calls cut', emergencyPlan: 'Medic at video village' }));

    await ok(201, call(maya, 'POST', '/concerns', { category: 'vehicles', severity: 'critical', description: SECRET, anonymous: true }));
    await ok(201, call(maya, 'POST', '/concerns', { category: 'rigging', severity: 'high', description: 'Sandbags missing on the loft rig' }));
    await ok(201, call(clay, 'POST', '/stops', { reason: 'Horse loose near the rigging', location: 'Corral' }));
  });
  afterAll(() => t.close());

  it('refuses a draft with bad fields, naming every one (400), and keeps it to the 1st AD and the UPM', async () => {
    const bad = await call(sam, 'POST', `/shoot-days/${day}/call-sheets`, { notes: '  ', walkieChannels: [{ channel: '1', use: '' }, { channel: '', use: 'Grip' }], medicId: 42 });
    expect(bad.statusCode).toBe(400);
    expect(expectProblem(bad, 400).errors!.map((e) => e.path).sort()).toEqual(['medicId', 'notes', 'walkieChannels.0.use', 'walkieChannels.1.channel']);
    const twice = await call(sam, 'POST', `/shoot-days/${day}/call-sheets`, { walkieChannels: [{ channel: '1', use: 'Production' }, { channel: '1', use: 'Grip' }] });
    expect(expectProblem(twice, 400).errors).toEqual([{ path: 'walkieChannels', message: 'lists a channel twice' }]);
    expectProblem(await call(maya, 'POST', `/shoot-days/${day}/call-sheets`, {}), 403);
    expectProblem(await call(dana, 'POST', `/shoot-days/${day}/call-sheets`, {}), 403);
    // Another production's day, whichever production's path it is asked through.
    expectProblem(await call(sam, 'POST', `/shoot-days/${otherDay}/call-sheets`, {}), 404);
    expectProblem(await t.call('POST', `/api/productions/${pid}/shoot-days/${day}/call-sheets`, { token: oona.token, body: {} }), 404);
    expectProblem(await call(sam, 'POST', `/shoot-days/${day}/call-sheets`, { medicId: oona.id }), 404);
  });

  it('drafts version 1, one draft at a time, editable until published', async () => {
    const before = await treeSize();
    const drafted = await ok(201, call(sam, 'POST', `/shoot-days/${day}/call-sheets`, { walkieChannels: [{ channel: '1', use: 'Production' }] }));
    expect(drafted.callSheet).toMatchObject({ shootDayId: day, version: 1, status: 'draft', revision: { version: 1, number: 0, colour: 'white' }, contentHash: null, publishedAt: null });
    v1 = drafted.callSheet.id;
    expect(await treeSize()).toBe(before + 1);
    expectProblem(await call(rosa, 'POST', `/shoot-days/${day}/call-sheets`, {}), 409);
    const changed = await ok(200, call(rosa, 'PATCH', `/call-sheets/${v1}`, { notes: 'Rain cover: stage 2', walkieChannels: [{ channel: '1', use: 'Production' }, { channel: '2', use: 'Grip & electric' }] }));
    expect(changed.callSheet).toMatchObject({ notes: 'Rain cover: stage 2', walkieChannels: [{ channel: '1', use: 'Production' }, { channel: '2', use: 'Grip & electric' }] });
    expect(expectProblem(await call(rosa, 'PATCH', `/call-sheets/${v1}`, {}), 400).errors).toEqual([{ path: 'body', message: 'change at least one field' }]);
    const preview = await ok(200, call(maya, 'GET', `/call-sheets/${v1}`));
    expect(preview.callSheet.status).toBe('draft');
    expect(preview.callSheet.sections.day).toEqual({ date: '2026-11-23', number: 1, of: 2 });
    expect(await ok(200, call(maya, 'GET', `/shoot-days/${day}/call-sheets`))).toMatchObject({ callSheets: [{ id: v1, version: 1, status: 'draft' }] });
    expectProblem(await t.call('GET', `/api/productions/${pid}/call-sheets/${v1}`, { token: oona.token }), 404);
  });

  it('publishes version 1: the sections carry the safety section (S4), the checkpoint current at publishing, and a content hash', async () => {
    const head = await ok(200, call(dana, 'GET', '/ledger/checkpoint'));
    expectProblem(await call(maya, 'POST', `/call-sheets/${v1}/publish`, {}), 403);
    expectProblem(await call(sam, 'POST', `/call-sheets/${v1}/publish`, { recipientIds: [oona.id] }), 404);
    const published = await ok(200, call(sam, 'POST', `/call-sheets/${v1}/publish`, {}));
    expect(published.callSheet).toMatchObject({ id: v1, status: 'published', version: 1, publishedBy: sam.id, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(published.recipients).toBe(5);
    expect(published.receipt).toMatchObject({ index: head.treeSize, treeSize: head.treeSize + 1 });

    const { callSheet } = await ok(200, call(maya, 'GET', `/call-sheets/${v1}`));
    const s = callSheet.sections;
    expect(crypto.createHash('sha256').update(canonicalize(s)).digest('hex')).toBe(published.callSheet.contentHash);
    expect(s.production).toEqual({ name: 'Dust Devil', timezone: 'America/Denver' });
    expect(s.calls).toMatchObject({ general: '06:00', shooting: '07:30' });
    expect(s.calls.people.map((p: { name: string; department: string; callLocal: string; ownCall: boolean }) => [p.department, p.name, p.callLocal, p.ownCall])).toEqual([
      ['Assistant directors', 'Sam Whitlock', '06:00', false],
      ['Cast', 'Clay Barrett', '07:15', true],
      ['Medical', 'Amara Reyes', '06:00', false],
      ['Armory', 'Ada Quill', '06:00', false],
      ['Grip', 'Maya Stone', '06:00', false],
    ]);
    expect(s.locations[0]).toMatchObject({ name: 'Bonanza Creek Ranch', parking: 'Base camp in the north field', hospital: { name: 'Christus St. Vincent', driveMinutes: 28 }, mapUrl: expect.stringContaining('openstreetmap') });
    // The day's light from the light module: sunrise in Santa Fe on 23 November is about 06:50 MST.
    expect(s.locations[0].light.sunrise).toMatch(/^2026-11-23T13:[45]\d/);
    expect(s.scenes.map((x: { number: string }) => x.number)).toEqual(['12', '27', '30']);
    expect(s.scenes[1]).toMatchObject({ intExt: 'INT', timeOfDay: 'night', eighths: 11, cast: [{ userId: clay.id, name: 'Clay Barrett' }], hazards: ['firearms', 'blanks'], location: 'Bonanza Creek Ranch' });
    expect(s.advance.map((x: { number: string }) => x.number)).toEqual(['41']);
    expect(s.advanceDay).toEqual({ date: '2026-11-24', number: 2 });
    expect(s.walkieChannels).toHaveLength(2);
    expect(s.medic).toEqual({ userId: amara.id, name: 'Amara Reyes', phone: '+1 505 555 0199' });
    expect(s.notes).toBe('Wind expected after 3 pm\n\nRain cover: stage 2');

    const safety = s.safety;
    expect(safety.hazards).toEqual([
      { sceneNumber: '12', hazards: ['animals'], assessment: 'missing', controls: [] },
      { sceneNumber: '27', hazards: ['firearms', 'blanks'], assessment: 'current', controls: [{ hazard: 'firearms', control: 'Armorer on set' }, { hazard: 'blanks', control: 'Shields; 20 ft to anyone' }] },
      { sceneNumber: '30', hazards: ['stunts', 'heights', 'pyro'], assessment: 'stale', controls: [{ hazard: 'stunts', control: 'Stunt coordinator' }, { hazard: 'heights', control: 'Air bag' }] },
    ]);
    expect(safety.staleRiskAssessments).toEqual([{ sceneNumber: '30', staleBecause: 'hazards changed: added pyro' }]);
    expect(safety.missingRiskAssessments).toEqual(['12']);
    expect(safety.meetings).toEqual([
      { rule: 'F5', sceneNumber: '27', what: expect.any(String), recordedAt: '2026-11-22T20:00:00Z' },
      { rule: 'F10', sceneNumber: '27', what: expect.any(String), recordedAt: null },
    ]);
    expect(safety.armorerOnDuty).toEqual({ userId: ada.id, name: 'Ada Quill' });
    expect(safety.armorerMissing).toBe(false);
    expect(safety.openConcerns).toEqual({ critical: 1, high: 1, medium: 0, low: 0 });
    expect(safety.stops).toEqual([{ id: expect.any(String), raisedAt: expect.any(String), location: 'Corral' }]);
    expect(safety.holds).toEqual([]);
    expect(safety.ledger).toEqual({
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      keyHash: head.keyHash,
      checkpoint: head.checkpoint,
      pin: `${head.treeSize}:${head.rootHash}`,
      verify: `setbook verify setbook-ledger-${pid}.ndjson --checkpoint ${head.treeSize}:${head.rootHash}`,
    });
    expect(safety.stopUrl).toBe(`http://localhost:80/s/${setCode}`);
    // S2: counts only, never a word of a concern.
    expect(JSON.stringify(callSheet)).not.toContain('drinks');
    expect(JSON.stringify(callSheet)).not.toContain('Sandbags');

    const [entry] = await entries('callSheet.published');
    expect(entry).toMatchObject({
      actor: { userId: sam.id },
      data: { callSheetId: v1, shootDayId: day, version: 1, colour: 'white', contentHash: published.callSheet.contentHash, checkpoint: { treeSize: head.treeSize, rootHash: head.rootHash } },
    });
    expect((entry.data.recipients as string[]).sort()).toEqual([sam.id, clay.id, amara.id, ada.id, maya.id].sort());
  });

  it('never changes a published version, whatever changes in the schedule afterwards', async () => {
    const before = await ok(200, call(maya, 'GET', `/call-sheets/${v1}`));
    const row = await t.deps.store.db.selectFrom('call_sheets').selectAll().where('id', '=', v1).executeTakeFirstOrThrow();
    expectProblem(await call(sam, 'PATCH', `/call-sheets/${v1}`, { notes: 'Changed after publishing' }), 409);
    expectProblem(await call(sam, 'POST', `/call-sheets/${v1}/publish`, {}), 409);
    await ok(200, call(sam, 'PATCH', `/shoot-days/${day}`, { generalCall: '05:30', notes: 'Moved earlier' }));
    await ok(201, call(maya, 'POST', '/concerns', { category: 'fatigue', severity: 'medium', description: 'Long days' }));
    expect(await ok(200, call(maya, 'GET', `/call-sheets/${v1}`))).toEqual(before);
    expect(await t.deps.store.db.selectFrom('call_sheets').selectAll().where('id', '=', v1).executeTakeFirstOrThrow()).toEqual(row);
    await ok(200, call(sam, 'PATCH', `/shoot-days/${day}`, { generalCall: '06:00', notes: 'Wind expected after 3 pm' }));
  });

  it('gives each recipient a personal link the ADs, producer and safety advisor see; the database alone holds no link', async () => {
    expectProblem(await call(maya, 'GET', `/call-sheets/${v1}/recipients`), 403);
    expectProblem(await call(amara, 'GET', `/call-sheets/${v1}/recipients`), 403);
    for (const who of [sam, rosa, dana, ines]) await ok(200, call(who, 'GET', `/call-sheets/${v1}/recipients`));
    const { recipients } = await ok(200, call(sam, 'GET', `/call-sheets/${v1}/recipients`));
    expect(recipients).toHaveLength(5);
    links = new Map(recipients.map((r: { userId: string; link: string }) => [r.userId, r.link]));
    for (const r of recipients) {
      expect(r.link).toMatch(/^http:\/\/localhost:80\/call-sheet\/[A-Za-z0-9_-]{43}$/);
      expect(r).toMatchObject({ emailStatus: 'pending', sentAt: null, openedAt: null, confirmedAt: null, safetyAckAt: null, revoked: false });
    }
    expect(recipients.find((r: { userId: string }) => r.userId === clay.id).call).toBe('2026-11-23T14:15:00.000Z');
    const dump = JSON.stringify(await dumpDatabase(t.deps.store));
    for (const link of links.values()) expect(dump).not.toContain(tokenOf(link));

    await t.app.jobs.runOnce();
    const mail = outbox().filter((m) => m.subject.includes('Call sheet'));
    expect(mail).toHaveLength(5);
    const clays = mail.find((m) => m.text.includes(tokenOf(links.get(clay.id)!)))!;
    expect(clays.subject).toBe('[Setbook] Call sheet Mon 23 Nov 2026: Dust Devil day 1 of 2');
    expect(clays.text).toContain('Your call: Mon 23 Nov 2026, 07:15 MST');
    expect(clays.text).toContain(links.get(clay.id));
    const sent = (await ok(200, call(sam, 'GET', `/call-sheets/${v1}/recipients`))).recipients;
    for (const r of sent) expect(r).toMatchObject({ emailStatus: 'outbox', sentAt: expect.any(String) });
  });

  it('opens a link without signing in, records the first opening once, and shows the person their own call', async () => {
    const token = tokenOf(links.get(clay.id)!);
    const first = await ok(200, t.call('GET', `/api/call-sheets/${token}`));
    expect(first.you).toMatchObject({ userId: clay.id, name: 'Clay Barrett', call: '2026-11-23T14:15:00.000Z', callLocal: '07:15', department: 'Cast', openedAt: '2026-11-22T14:00:00.000Z', confirmedAt: null, safetyAckAt: null });
    expect(first.callSheet).toMatchObject({ id: v1, status: 'published', superseded: false });
    t.clock.advance(60_000);
    expect((await ok(200, t.call('GET', `/api/call-sheets/${token}`))).you.openedAt).toBe('2026-11-22T14:00:00.000Z');
    // A guess, or a link of the right shape that was never made, is simply not found.
    // The near miss changes the first character: the last one of 32 bytes in base64url holds padding bits, and may already be an A.
    const nearMiss = `${token.startsWith('A') ? 'B' : 'A'}${token.slice(1)}`;
    for (const guess of ['x', crypto.randomBytes(32).toString('base64url'), nearMiss]) {
      const res = await t.call('GET', `/api/call-sheets/${encodeURIComponent(guess)}`);
      expect(expectProblem(res, 404)).toMatchObject({ title: 'Call sheet not found' });
    }
  });

  it('limits how often one address may try links (429), as every public route is', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const res = await t.app.inject({ method: 'GET', url: `/api/call-sheets/${crypto.randomBytes(32).toString('base64url')}`, remoteAddress: '10.9.9.9' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 60).every((status) => status === 404)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it('records a safety acknowledgement once, on the ledger, naming the recipient and the content hash', async () => {
    const token = tokenOf(links.get(clay.id)!);
    const bad = await t.call('POST', `/api/call-sheets/${token}/confirm`, { body: { safetyAck: 'yes', extra: 1 } });
    expect(expectProblem(bad, 400).errors!.map((e) => e.path)).toEqual(['safetyAck']);
    expectProblem(await t.call('POST', `/api/call-sheets/${token}/confirm`, { body: {} }), 400);
    const before = await treeSize();
    const done = await ok(200, t.call('POST', `/api/call-sheets/${token}/confirm`, { body: { safetyAck: true } }));
    expect(done).toMatchObject({ confirmedAt: '2026-11-22T14:01:00.000Z', safetyAckAt: '2026-11-22T14:01:00.000Z', receipt: { index: before } });
    const { callSheet } = await ok(200, call(maya, 'GET', `/call-sheets/${v1}`));
    const [ack] = await entries('callSheet.acknowledged');
    expect(ack).toMatchObject({ index: before, actor: { userId: clay.id }, data: { callSheetId: v1, shootDayId: day, version: 1, userId: clay.id, contentHash: callSheet.contentHash } });
    t.clock.advance(60_000);
    const again = await ok(200, t.call('POST', `/api/call-sheets/${token}/confirm`, { body: { safetyAck: true } }));
    expect(again).toMatchObject({ confirmedAt: done.confirmedAt, safetyAckAt: done.safetyAckAt, receipt: { index: before } });
    expect(await treeSize()).toBe(before + 1);

    // A receipt first, the safety acknowledgement later: two entries, each time kept.
    const mayas = tokenOf(links.get(maya.id)!);
    const received = await ok(200, t.call('POST', `/api/call-sheets/${mayas}/confirm`, { body: { safetyAck: false } }));
    expect(received).toMatchObject({ confirmedAt: '2026-11-22T14:02:00.000Z', safetyAckAt: null });
    t.clock.advance(60_000);
    expect(await ok(200, t.call('POST', `/api/call-sheets/${mayas}/confirm`, { body: { safetyAck: true } }))).toMatchObject({ confirmedAt: '2026-11-22T14:02:00.000Z', safetyAckAt: '2026-11-22T14:03:00.000Z' });
    expect((await entries('callSheet.confirmed')).map((e: { data: { userId: string } }) => e.data.userId)).toEqual([maya.id]);

    const { recipients } = await ok(200, call(ines, 'GET', `/call-sheets/${v1}/recipients?pending=true`));
    expect(recipients.map((r: { name: string }) => r.name)).toEqual(['Ada Quill', 'Amara Reyes', 'Sam Whitlock']);
    expect(expectProblem(await call(ines, 'GET', `/call-sheets/${v1}/recipients?pending=maybe`), 400).errors!.map((e) => e.path)).toEqual(['querystring.pending']);
    const all = (await ok(200, call(ines, 'GET', `/call-sheets/${v1}/recipients`))).recipients;
    expect(all.find((r: { userId: string }) => r.userId === clay.id)).toMatchObject({ openedAt: '2026-11-22T14:00:00.000Z', safetyAckAt: '2026-11-22T14:01:00.000Z' });
  });

  it('puts the person’s call in their calendar, in the production’s zone, with the same UID for every version', async () => {
    const res = await t.call('GET', `/api/call-sheets/${tokenOf(links.get(clay.id)!)}/calendar.ics`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const text = res.body.replace(/\r\n[ \t]/g, '');
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:America/Denver');
    expect(text).toContain('DTSTART;TZID=America/Denver:20261123T071500');
    expect(text).toContain('DTEND;TZID=America/Denver:20261123T180000');
    expect(text).toContain('DTSTAMP:20261122T140000Z');
    expect(text).toContain(`UID:callsheet-${day}-${clay.id}@setbook`);
    expect(text).toContain('LOCATION:Bonanza Creek Ranch\\, 15 Bonanza Creek Ln\\, Santa Fe\\, NM');
    expect(text).toContain(links.get(clay.id));
  });

  it('prints the sheet on two pages at most, with the safety section, the verify line and no word of a concern', async () => {
    const res = await call(maya, 'GET', `/call-sheets/${v1}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(1);
    expect(pdfPages(pdf)).toBeLessThanOrEqual(2);
    const text = pdfText(pdf);
    const { callSheet } = await ok(200, call(maya, 'GET', `/call-sheets/${v1}`));
    const [command, pin] = callSheet.sections.safety.ledger.verify.split(' --checkpoint ');
    for (const words of ['Dust Devil', 'GENERAL CALL', '06:00', 'SAFETY (S4)', 'Ada Quill', 'Christus St. Vincent', 'Shields; 20 ft to anyone', 'SCAN TO STOP WORK', 'Clay Barrett', `${command} \\\n--checkpoint ${pin}`, callSheet.contentHash]) {
      expect(text, words).toContain(words);
    }
    // The counts as they stood when it was published: the medium concern came after.
    expect(text).toMatch(/critical 1 .*high 1 .*medium 0 .*low 0/);
    expect(text).not.toContain('drinks');
    // The recipient's own copy picks out their call.
    const own = await t.call('GET', `/api/call-sheets/${tokenOf(links.get(clay.id)!)}/pdf?paper=a4`);
    expect(own.statusCode).toBe(200);
    expect(pdfText(own.rawPayload)).toContain('Your call 07:15');
    expectProblem(await t.call('GET', `/api/productions/${pid}/call-sheets/${v1}/pdf`, { token: oona.token }), 404);
  });

  it('pins the ledger: the printed line verifies the untouched export and fails one rewritten before it', async () => {
    const { callSheet } = await ok(200, call(maya, 'GET', `/call-sheets/${v1}`));
    const pin = /--checkpoint (\S+)$/.exec(callSheet.sections.safety.ledger.verify)![1]!;
    const exported = await call(dana, 'GET', '/ledger/export');
    expect(exported.statusCode).toBe(200);
    const bundle = exported.body;
    const file = path.join(t.dataDir, `setbook-ledger-${pid}.ndjson`);
    fs.writeFileSync(file, bundle);
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await verify(file, undefined, pin)).toBe(0);
      // Someone with the database and the signing key rewrites the log: every hash and checkpoint made to match, signed with the real key.
      fs.writeFileSync(file, rewritten(bundle, (line) => line.replace('Saloon standoff', 'Saloon scene')));
      expect(await verify(file, undefined, pin)).toBe(1);
    } finally {
      quiet.mockRestore();
    }
    const report = await verifyBundle([fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)], { pinned: pin });
    expect(report).toMatchObject({ ok: false, code: 'PINNED_MISMATCH' });
  });

  /** The export with entry lines changed and every leaf, root and checkpoint recomputed and signed again with the production's own key. */
  function rewritten(bundle: string, change: (line: string) => string): string {
    const lines = bundle.split('\n').filter((line) => line !== '');
    const tree = new TreeBuilder();
    const roots = [tree.root()];
    const entryLines = lines
      .filter((line) => line.startsWith('{"entry":'))
      .map((line) => {
        const text = change(line).slice('{"entry":'.length, change(line).lastIndexOf(',"index":'));
        const leaf = leafHash(utf8(text));
        tree.push(leaf);
        roots.push(tree.root());
        return `{"entry":${text},"index":${tree.size - 1},"leafHash":"${toBase64(leaf)}"}`;
      });
    const checkpoints = lines
      .filter((line) => line.startsWith('{"checkpoint":'))
      .map((line) => {
        const { origin, size } = parseCheckpoint((JSON.parse(line) as { checkpoint: string }).checkpoint);
        return JSON.stringify({ checkpoint: signCheckpoint({ origin, size, rootHash: roots[size]! }, t.deps.signer) });
      });
    expect(entryLines.join('\n')).not.toBe(lines.filter((line) => line.startsWith('{"entry":')).join('\n'));
    return [lines[0]!, ...checkpoints, ...entryLines, ''].join('\n');
  }

  it('shows the 1st AD who is pending before the general call and who had not acknowledged by it', async () => {
    const mine = await ok(200, call(clay, 'GET', '/today?date=2026-11-23'));
    expect(mine.callSheet).toMatchObject({ id: v1, version: 1, colour: 'white', you: { link: links.get(clay.id), safetyAckAt: '2026-11-22T14:01:00.000Z' }, pending: null, unacknowledged: null });
    const before = await ok(200, call(sam, 'GET', '/today?date=2026-11-23'));
    expect(before.callSheet.pending.map((p: { name: string }) => p.name)).toEqual(['Ada Quill', 'Amara Reyes', 'Sam Whitlock']);
    expect(before.callSheet.unacknowledged).toEqual([]);
    const clock = t.clock.time;
    t.clock.time = new Date('2026-11-23T13:05:00Z'); // 06:05 in Santa Fe, after the general call
    try {
      const after = await ok(200, call(rosa, 'GET', '/today'));
      expect(after.callSheet.pending).toEqual([]);
      expect(after.callSheet.unacknowledged).toEqual([
        { userId: ada.id, name: 'Ada Quill' },
        { userId: amara.id, name: 'Amara Reyes' },
        { userId: sam.id, name: 'Sam Whitlock' },
      ]);
    } finally {
      t.clock.time = clock;
    }
    expect((await ok(200, call(maya, 'GET', '/today?date=2026-11-24'))).callSheet).toBeNull();
  });

  it('publishes a revision in blue: the first version’s links answer 410, the new ones work, and a resend is a new email', async () => {
    v2 = (await ok(201, call(sam, 'POST', `/shoot-days/${day}/call-sheets`, { notes: 'Scene 30 moved to the afternoon' }))).callSheet.id;
    const published = await ok(200, call(rosa, 'POST', `/call-sheets/${v2}/publish`, { recipientIds: [clay.id, maya.id] }));
    expect(published.callSheet).toMatchObject({ version: 2, revision: { number: 1, colour: 'blue' } });
    const old = await t.call('GET', `/api/call-sheets/${tokenOf(links.get(clay.id)!)}`);
    expectProblem(old, 410);
    expect(old.json().detail).toMatch(/newer version/);
    expectProblem(await t.call('POST', `/api/call-sheets/${tokenOf(links.get(maya.id)!)}/confirm`, { body: { safetyAck: true } }), 410);
    expectProblem(await t.call('GET', `/api/call-sheets/${tokenOf(links.get(maya.id)!)}/calendar.ics`), 410);
    expect((await ok(200, call(sam, 'GET', `/call-sheets/${v1}`))).callSheet.superseded).toBe(true);
    expect((await ok(200, call(sam, 'GET', `/call-sheets/${v1}/recipients`))).recipients.every((r: { revoked: boolean }) => r.revoked)).toBe(true);
    expectProblem(await call(sam, 'POST', `/call-sheets/${v1}/recipients/${clay.id}/resend`), 409);

    const fresh = (await ok(200, call(sam, 'GET', `/call-sheets/${v2}/recipients`))).recipients;
    const claysNew = fresh.find((r: { userId: string }) => r.userId === clay.id).link as string;
    expect(claysNew).not.toBe(links.get(clay.id));
    const seen = await ok(200, t.call('GET', `/api/call-sheets/${tokenOf(claysNew)}`));
    expect(seen.callSheet).toMatchObject({ id: v2, version: 2, superseded: false, sections: { revision: { version: 2, number: 1, colour: 'blue' } } });

    await t.app.jobs.runOnce();
    const before = outbox().length;
    const resent = await call(sam, 'POST', `/call-sheets/${v2}/recipients/${clay.id}/resend`);
    expect(resent.statusCode, resent.body).toBe(202);
    expect(resent.json().recipient).toMatchObject({ userId: clay.id, link: claysNew, emailStatus: 'pending', sentAt: null });
    expectProblem(await call(maya, 'POST', `/call-sheets/${v2}/recipients/${clay.id}/resend`), 403);
    expectProblem(await call(sam, 'POST', `/call-sheets/${v2}/recipients/${ada.id}/resend`), 404);
    await t.app.jobs.runOnce();
    const mail = outbox();
    expect(mail).toHaveLength(before + 1);
    const again = mail.filter((m) => m.text.includes('(Sent again.)'));
    expect(again).toHaveLength(1);
    expect(again[0]!.subject).toBe('[Setbook] Call sheet Mon 23 Nov 2026: Dust Devil day 1 of 2 - revision 1 (blue)');
    expect(again[0]!.text).toContain(claysNew);
    expect((await entries('callSheet.resent')).map((e: { data: unknown }) => e.data)).toEqual([{ callSheetId: v2, userId: clay.id }]);

    const today = await ok(200, call(clay, 'GET', '/today?date=2026-11-23'));
    expect(today.callSheet).toMatchObject({ id: v2, version: 2, colour: 'blue', you: { link: claysNew, safetyAckAt: null } });
  });

  it('makes links with SETBOOK_PUBLIC_URL when it is set, and refuses one that is not an http(s) address', () => {
    expect(serveConfig({}, { SETBOOK_PUBLIC_URL: 'https://setbook.example.com/' }).publicUrl).toBe('https://setbook.example.com');
    expect(serveConfig({}, { SETBOOK_PUBLIC_URL: 'https://example.com/setbook/' }).publicUrl).toBe('https://example.com/setbook');
    expect(serveConfig({}, {}).publicUrl).toBeUndefined();
    expect(() => serveConfig({}, { SETBOOK_PUBLIC_URL: 'setbook.example.com' })).toThrow(/SETBOOK_PUBLIC_URL/);
    expect(() => serveConfig({}, { SETBOOK_PUBLIC_URL: 'ftp://setbook.example.com' })).toThrow(/SETBOOK_PUBLIC_URL/);
  });

  it('answers the same 404 for another production’s call sheet on every route', async () => {
    for (const [method, url] of [
      ['GET', `/call-sheets/${v2}`],
      ['GET', `/call-sheets/${v2}/recipients`],
      ['GET', `/call-sheets/${v2}/pdf`],
      ['PATCH', `/call-sheets/${v2}`],
      ['POST', `/call-sheets/${v2}/publish`],
      ['POST', `/call-sheets/${v2}/recipients/${clay.id}/resend`],
      ['GET', `/shoot-days/${day}/call-sheets`],
    ] as const) {
      const res = await t.call(method, `/api/productions/${pid}${url}`, { token: oona.token, body: method === 'PATCH' ? { notes: 'x' } : method === 'POST' ? {} : undefined });
      expectProblem(res, 404);
    }
  });
});
