import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { fromBase64 } from '../../src/ledger/hash.js';
import { entryLeafHash } from '../../src/ledger/entry.js';
import { verifyInclusion } from '../../src/ledger/tree.js';
import { parseVerifierKey, verifyCheckpoint } from '../../src/ledger/note.js';

describe('a production and its people', () => {
  let t: TestApp;
  let producer: Person;
  let pid: string;
  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    pid = (await createProduction(t, producer, 'Dust Devil')).id;
  });
  afterAll(() => t.close());

  it('gives the creator the producer role and a set code without look-alike characters', async () => {
    const res = await t.call('GET', `/api/productions/${pid}`, { token: producer.token });
    expect(res.json().production).toMatchObject({ id: pid, name: 'Dust Devil', timezone: 'America/Denver' });
    expect(res.json().production.setCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const me = await t.call('GET', '/api/me', { token: producer.token });
    expect(me.json().memberships).toEqual([
      { productionId: pid, productionName: 'Dust Devil', roles: ['producer'], department: null },
    ]);
  });

  it('refuses a time zone that does not exist', async () => {
    const res = await t.call('POST', '/api/productions', { token: producer.token, body: { name: 'X', timezone: 'Mars/Olympus' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'timezone', message: 'must be an IANA time zone such as America/Denver' }]);
  });

  it('invites a new person, who chooses a password and PIN and lands on the production', async () => {
    const invite = await t.call('POST', `/api/productions/${pid}/members`, {
      token: producer.token,
      body: { email: 'hank@example.test', name: 'Hank', roles: ['armorer'], department: 'Armory' },
    });
    expect(invite.statusCode).toBe(201);
    const { member, invitation } = invite.json();
    expect(member).toMatchObject({ roles: ['armorer'], department: 'Armory' });
    expect(invitation.code.length).toBeGreaterThanOrEqual(40);
    const listed = (await t.call('GET', `/api/productions/${pid}/members`, { token: producer.token })).json().members;
    expect(listed.find((m: { userId: string }) => m.userId === member.userId)).toMatchObject({ status: 'invited', name: 'Hank' });

    const preview = await t.call('GET', `/api/invitations/${invitation.code}`);
    expect(preview.json().invitation).toMatchObject({ productionName: 'Dust Devil', name: 'Hank', roles: ['armorer'] });
    const accept = await t.call('POST', `/api/invitations/${invitation.code}/accept`, {
      body: { name: 'Hank Morrow', password: PASSWORD, pin: '2733' },
    });
    expect(accept.statusCode).toBe(201);
    expect(accept.json()).toMatchObject({ user: { name: 'Hank Morrow', hasPin: true }, productionId: pid });
    const again = await t.call('POST', `/api/invitations/${invitation.code}/accept`, {
      body: { name: 'Someone Else', password: PASSWORD, pin: '1111' },
    });
    expect(again.statusCode).toBe(404);
    expect((await t.call('GET', `/api/invitations/${invitation.code}`)).statusCode).toBe(404);
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'hank@example.test', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
  });

  it('does not invite someone who already has an account; it adds them', async () => {
    const other = await createProduction(t, producer, 'Second Unit');
    const res = await t.call('POST', `/api/productions/${other.id}/members`, {
      token: producer.token,
      body: { email: 'hank@example.test', name: 'Hank', roles: ['armorer', 'property_master'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().invitation).toBeNull();
    const dup = await t.call('POST', `/api/productions/${other.id}/members`, {
      token: producer.token,
      body: { email: 'hank@example.test', name: 'Hank', roles: ['crew'] },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('lets an invitation expire after seven days', async () => {
    const invite = await t.call('POST', `/api/productions/${pid}/members`, {
      token: producer.token,
      body: { email: 'late@example.test', name: 'Late', roles: ['crew'] },
    });
    t.clock.advance(7 * 86_400_000 + 1000);
    const accept = await t.call('POST', `/api/invitations/${invite.json().invitation.code}/accept`, {
      body: { name: 'Late', password: PASSWORD, pin: '1234' },
    });
    expect(accept.statusCode).toBe(404);
    expect(accept.json().detail).toMatch(/expired/);
  });

  it('changes roles, but never leaves a production without a producer', async () => {
    const upm = await addPerson(t, producer, pid, ['upm'], 'Rosa Delgado');
    const demote = await t.call('PATCH', `/api/productions/${pid}/members/${producer.id}`, { token: upm.token, body: { roles: ['crew'] } });
    expect(demote.statusCode).toBe(409);
    const promote = await t.call('PATCH', `/api/productions/${pid}/members/${upm.id}`, {
      token: producer.token,
      body: { roles: ['upm', 'producer'], department: 'Production' },
    });
    expect(promote.statusCode).toBe(200);
    expect(promote.json().member).toMatchObject({ roles: ['producer', 'upm'], department: 'Production' });
    const nowAllowed = await t.call('PATCH', `/api/productions/${pid}/members/${producer.id}`, { token: upm.token, body: { roles: ['crew'] } });
    expect(nowAllowed.statusCode).toBe(200);
    const back = await t.call('PATCH', `/api/productions/${pid}/members/${producer.id}`, { token: upm.token, body: { roles: ['producer'] } });
    expect(back.statusCode).toBe(200);
    const empty = await t.call('PATCH', `/api/productions/${pid}/members/${upm.id}`, { token: producer.token, body: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('records firearms training with a receipt whose proof and signature verify', async () => {
    const performer = await addPerson(t, producer, pid, ['performer'], 'Clay Barrett');
    const future = await t.call('POST', `/api/productions/${pid}/trainings`, {
      token: producer.token,
      body: { userId: performer.id, course: 'firearms_safety', completedOn: '2999-01-01' },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].path).toBe('completedOn');
    const res = await t.call('POST', `/api/productions/${pid}/trainings`, {
      token: producer.token,
      body: { userId: performer.id, course: 'firearms_safety', completedOn: '2026-10-30' },
    });
    expect(res.statusCode).toBe(201);
    const { training, receipt } = res.json();
    expect(training).toMatchObject({ userId: performer.id, course: 'firearms_safety', completedOn: '2026-10-30' });

    const { publicKey } = (await t.call('GET', `/api/productions/${pid}/ledger/checkpoint`, { token: producer.token })).json();
    const checkpoint = verifyCheckpoint(receipt.checkpoint, parseVerifierKey(publicKey));
    expect(checkpoint.size).toBe(receipt.treeSize);
    const entries = (
      await t.call('GET', `/api/productions/${pid}/ledger/entries?from=${receipt.index}&to=${receipt.index + 1}`, { token: producer.token })
    ).json().entries;
    expect(entries[0].entry).toMatchObject({ type: 'training.recorded', data: { userId: performer.id } });
    expect(() =>
      verifyInclusion(
        entryLeafHash(entries[0].entry),
        receipt.index,
        receipt.treeSize,
        receipt.inclusionProof.map(fromBase64),
        checkpoint.rootHash,
      ),
    ).not.toThrow();
  });

  it('does not record training for someone who is not on this production', async () => {
    const elsewhere = await createProduction(t, producer, 'Elsewhere');
    const outsider = await addPerson(t, producer, elsewhere.id, ['performer']);
    const res = await t.call('POST', `/api/productions/${pid}/trainings`, {
      token: producer.token,
      body: { userId: outsider.id, course: 'firearms_safety', completedOn: '2026-10-30' },
    });
    expect(res.statusCode).toBe(404);
  });
});
