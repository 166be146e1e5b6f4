import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp, type TestApp } from '../support/harness.js';
import { addPerson, createProduction, setUpFirstUser, type Person } from '../support/world.js';
import { reader } from '../../src/services/context.js';

/**
 * A crew member's account used against the others: every way one member could
 * lock, hide or outrank the rest is refused, and the refusals are on the record.
 */
describe('one crew member against the rest of the set', () => {
  let t: TestApp;
  let producer: Person;
  let hank: Person;
  let clay: Person;
  let sam: Person;
  let ines: Person;
  let maya: Person;
  let rosa: Person;
  let pid: string;
  let saloon: string;
  let dayId: string;
  let colt: string;

  const call = (who: Person, method: string, path: string, body?: unknown) =>
    t.call(method, `/api/productions/${pid}${path}`, { token: who.token, ...(body !== undefined ? { body } : {}) });
  const rules = (res: { json(): { refusals?: Array<{ rule: string }> } }) => (res.json().refusals ?? []).map((r) => r.rule);
  const ledger = async () =>
    ((await call(producer, 'GET', '/ledger/entries')).json().entries as Array<{ entry: { type: string; actor: unknown; data: Record<string, unknown> } }>).map((e) => e.entry);
  const pinFailures = async (userId: string) => (await reader(t.deps).authFailures.since('pin', userId, '1970-01-01T00:00:00.000Z')).length;

  beforeAll(async () => {
    t = await startApp();
    producer = await setUpFirstUser(t);
    pid = (await createProduction(t, producer, 'Dust Devil')).id;
    hank = await addPerson(t, producer, pid, ['armorer'], 'Hank Morrow');
    clay = await addPerson(t, producer, pid, ['performer'], 'Clay Barrett');
    sam = await addPerson(t, producer, pid, ['first_ad'], 'Sam Whitlock');
    ines = await addPerson(t, producer, pid, ['safety_advisor'], 'Ines Okafor');
    maya = await addPerson(t, producer, pid, ['crew'], 'Maya Stone');
    rosa = await addPerson(t, producer, pid, ['upm'], 'Rosa Delgado');
    for (const who of [hank, clay]) await call(producer, 'POST', '/trainings', { userId: who.id, course: 'firearms_safety', completedOn: '2026-10-30' });
    saloon = (await call(sam, 'POST', '/scenes', { number: '27', description: 'Saloon standoff', hazards: ['firearms', 'blanks'] })).json().scene.id;
    dayId = (await call(sam, 'POST', '/shoot-days', { date: '2026-11-22', sceneIds: [saloon] })).json().shootDay.id;
    await call(sam, 'PUT', `/shoot-days/${dayId}/duties`, { duties: [{ userId: hank.id, duty: 'armorer' }] });
    colt = (await call(hank, 'POST', '/firearms', { serial: 'SA-1873-0042', make: 'Colt', model: 'Single Action Army', kind: 'blank_firing' })).json().firearm.id;
  });
  afterAll(() => t.close());

  describe('PINs are neither an oracle nor a lever', () => {
    it("refuses a crew member's hand-off before any PIN is checked, however often they try", async () => {
      const verify = vi.spyOn(t.deps.hasher, 'verify');
      try {
        for (let i = 0; i < 8; i++) {
          const res = await call(maya, 'POST', `/firearms/${colt}/events`, {
            type: 'hand_off',
            toUserId: clay.id,
            shootDayId: dayId,
            sceneId: saloon,
            confirmations: [
              { userId: sam.id, pin: String(1000 + i) },
              { userId: clay.id, pin: String(2000 + i) },
            ],
          });
          expect(res.statusCode).toBe(422);
          expect(rules(res)).toContain('F6');
          expect(rules(res)).not.toContain('PIN');
        }
        expect(verify).not.toHaveBeenCalled();
      } finally {
        verify.mockRestore();
      }
      expect(await pinFailures(sam.id)).toBe(0);
      expect(await pinFailures(clay.id)).toBe(0);
      const refusals = (await ledger()).filter((e) => e.type === 'firearm.hand_off.refused');
      expect(refusals).toHaveLength(8);
      expect(refusals[0]!.actor).toEqual({ userId: maya.id });
      expect(JSON.stringify(refusals)).not.toMatch(/"pin"|1000|2000/);
    });

    it("refuses a lift by someone who is not the safety advisor without touching the 1st AD's PIN", async () => {
      const stop = (await call(maya, 'POST', '/stops', { reason: 'Loose cable across the walkway' })).json().stop;
      for (let i = 0; i < 6; i++) {
        const res = await call(producer, 'POST', `/stops/${stop.id}/lift`, { resolution: 'Fine now.', confirmations: [{ userId: sam.id, pin: '0000' }] });
        expect(rules(res)).toEqual(['S1']);
      }
      expect(await pinFailures(sam.id)).toBe(0);
      const lifted = await call(ines, 'POST', `/stops/${stop.id}/lift`, {
        resolution: 'Cable taped down and flagged.',
        confirmations: [
          { userId: ines.id, pin: ines.pin },
          { userId: sam.id, pin: sam.pin },
        ],
      });
      expect(lifted.statusCode, lifted.body).toBe(200);
    });

    it('refuses a confirmation list that names one person twice, naming the field', async () => {
      const res = await call(hank, 'POST', `/firearms/${colt}/events`, {
        type: 'hand_off',
        toUserId: clay.id,
        shootDayId: dayId,
        sceneId: saloon,
        confirmations: [
          { userId: clay.id, pin: '1111' },
          { userId: clay.id, pin: '2222' },
          { userId: sam.id, pin: sam.pin },
        ],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ path: 'confirmations', message: 'names a person twice' }]);
      expect(await pinFailures(clay.id)).toBe(0);
    });

    it("says whose confirmation failed, never which guess, once the safety advisor's own PIN is asked", async () => {
      const stop = (await call(maya, 'POST', '/stops', { reason: 'Smoke in the saloon' })).json().stop;
      const res = await call(ines, 'POST', `/stops/${stop.id}/lift`, {
        resolution: 'Smoke machine serviced.',
        confirmations: [
          { userId: ines.id, pin: ines.pin },
          { userId: sam.id, pin: '0000' },
        ],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().refusals).toContainEqual({ rule: 'PIN', reason: 'The PIN entered for Sam Whitlock is not correct.', key: 'rules.pin.wrong', values: { name: 'Sam Whitlock' } });
      expect(res.body).not.toContain('0000');
      const refused = (await ledger()).filter((e) => e.type === 'stop.lift.refused').at(-1)!;
      expect(refused.data.confirmedBy).toEqual([ines.id]);
    });
  });

  describe('a stop is acknowledged only on one’s own device (S1)', () => {
    it("refuses acknowledging someone else's device and keeps it in 'not yet acknowledged'", async () => {
      const stop = (await call(sam, 'POST', '/stops', { reason: 'Horse loose on the set' })).json().stop;
      await t.app.liveHub.subscribe(pid, { userId: clay.id, deviceId: 'clay-phone', lastSeq: 0, catchingUp: true, write: () => undefined });
      const forged = await call(maya, 'POST', `/stops/${stop.id}/ack`, { deviceId: 'clay-phone' });
      expect(forged.statusCode).toBe(422);
      expect(rules(forged)).toEqual(['S1']);
      expect((await call(sam, 'GET', `/stops/${stop.id}`)).json().unacknowledged).toContain('clay-phone');
      expect((await call(clay, 'POST', `/stops/${stop.id}/ack`, { deviceId: 'clay-phone' })).statusCode).toBe(204);
      expect((await call(sam, 'GET', `/stops/${stop.id}`)).json().unacknowledged).not.toContain('clay-phone');
      expect((await ledger()).filter((e) => e.type === 'stop.acknowledge.refused')).toHaveLength(1);
    });
  });

  describe('nobody gives themselves the deciding role', () => {
    it('lets the producer grant safety advisor alone only while there is none, and records and alerts it', async () => {
      const granted = (await ledger()).find((e) => e.type === 'member.added' && (e.data.roles as string[]).includes('safety_advisor'))!;
      expect(granted.data).toMatchObject({ userId: ines.id, unconfirmed: true });
    });

    it('adds a new armorer with their other roles at once and the armorer role when the safety advisor confirms', async () => {
      const invite = await call(producer, 'POST', '/members', { email: 'lu.chen@example.test', name: 'Lu Chen', roles: ['property_master', 'armorer'] });
      expect(invite.statusCode, invite.body).toBe(201);
      expect(invite.json().member.roles).toEqual(['property_master']);
      expect(invite.json().proposal).toMatchObject({ roles: ['property_master', 'armorer'], waitingFor: 'safety_advisor' });
      const lu = invite.json().member.userId as string;
      const confirmed = await call(ines, 'PATCH', `/members/${lu}`, { roles: ['property_master', 'armorer'] });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json().member.roles).toEqual(['armorer', 'property_master']);
    });

    it('turns the producer granting themselves safety advisor into a proposal the safety advisor must confirm', async () => {
      const res = await call(producer, 'PATCH', `/members/${producer.id}`, { roles: ['producer', 'safety_advisor'] });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().member.roles).toEqual(['producer']);
      expect(res.json().proposal).toMatchObject({ roles: ['producer', 'safety_advisor'], waitingFor: 'safety_advisor' });
      // Proposing again changes nothing: the producer cannot confirm their own proposal.
      expect((await call(producer, 'PATCH', `/members/${producer.id}`, { roles: ['producer', 'safety_advisor'] })).statusCode).toBe(202);
      const listed = (await call(maya, 'GET', '/members')).json().members.find((m: { userId: string }) => m.userId === producer.id);
      expect(listed).toMatchObject({ roles: ['producer'], proposal: { roles: ['producer', 'safety_advisor'], proposedBy: producer.id } });
      const confirmed = await call(ines, 'PATCH', `/members/${producer.id}`, { roles: ['producer', 'safety_advisor'] });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().member.roles).toEqual(['producer', 'safety_advisor']);
      const entry = (await ledger()).filter((e) => e.type === 'member.updated').at(-1)!;
      expect(entry.data).toMatchObject({ userId: producer.id, proposedBy: producer.id, confirmedBy: ines.id });
    });

    it('refuses the UPM granting armorer, and the safety advisor changing anything else, on the record', async () => {
      const upm = await call(rosa, 'PATCH', `/members/${maya.id}`, { roles: ['crew', 'armorer'] });
      expect(upm.statusCode).toBe(422);
      expect(rules(upm)).toEqual(['ROLES']);
      const advisor = await call(ines, 'PATCH', `/members/${maya.id}`, { roles: ['crew', 'medic'] });
      expect(rules(advisor)).toEqual(['ROLES']);
      expect((await ledger()).filter((e) => e.type === 'member.update.refused')).toHaveLength(2);
      expect((await call(rosa, 'PATCH', `/members/${maya.id}`, { roles: ['crew', 'medic'] })).statusCode).toBe(200);
    });
  });

  describe('F1 at every custody step', () => {
    it('refuses handing off, for a scene on a day with no armorer, a firearm checked out on a rostered day', async () => {
      const corral = (await call(sam, 'POST', '/scenes', { number: '58', description: 'Corral showdown', hazards: ['firearms'] })).json().scene.id;
      const bare = (await call(sam, 'POST', '/shoot-days', { date: '2026-11-23', sceneIds: [corral] })).json().shootDay.id;
      await call(sam, 'POST', '/safety-meetings', {
        shootDayId: bare,
        sceneIds: [corral],
        heldAt: '2026-11-22T13:30:00Z',
        attendeeIds: [hank.id, clay.id, sam.id],
        walkthrough: true,
        abortPlan: 'Cease fire on any call.',
        emergencyPlan: 'Medic at video village.',
      });
      expect((await call(hank, 'POST', `/firearms/${colt}/events`, { type: 'check_out', shootDayId: dayId })).statusCode).toBe(201);
      expect((await call(hank, 'POST', `/firearms/${colt}/events`, { type: 'inspect', load: 'empty', rounds: [], barrelClear: true })).statusCode).toBe(201);
      const res = await call(hank, 'POST', `/firearms/${colt}/events`, {
        type: 'hand_off',
        toUserId: clay.id,
        shootDayId: bare,
        sceneId: corral,
        confirmations: [
          { userId: clay.id, pin: clay.pin },
          { userId: sam.id, pin: sam.pin },
        ],
      });
      expect(res.statusCode).toBe(422);
      expect(rules(res).filter((r: string) => r === 'F1')).toHaveLength(2);
      expect(await pinFailures(clay.id)).toBe(0);
      // Every custody entry names the day the firearm works.
      const inspected = (await ledger()).filter((e) => e.type === 'firearm.inspect').at(-1)!;
      expect(inspected.data.shootDayId).toBe(dayId);
    });
  });
});
