import { refusals, type Refusal } from '../domain/refusal.js';
import {
  DEFAULT_ARMORY_SETTINGS,
  hotCold,
  type Firearm,
  type Inspection,
  type Load,
  type Member,
  type RoundCount,
  type SafetyMeeting,
  type Scene,
  type ShootDay,
} from '../domain/armory/model.js';
import {
  armorerOfDay,
  f1ArmorerOnDuty,
  f2NoOtherDuty,
  f3UncoveredDays,
  f4Ammunition,
  f6Custody,
  f9Wrap,
  f12Decision,
  handOffDecisions,
  isArmorer,
} from '../domain/armory/rules.js';
import type { FirearmRow, LotRow } from '../store/armory.js';
import type { UserRow } from '../store/schema.js';
import type { Repos } from '../store/index.js';
import { inTransaction, reader, type ServiceDeps, type Tx } from './context.js';
import { assessPins, pinRefusals, recordPinFailures, type PinAssessment, type PinConfirmation } from './identity.js';
import { conflict, notFound, ProblemError, type Refused } from './problem.js';
import { newId } from './secrets.js';
import { stopWork } from './stops.js';
import { openAutomaticConcern } from './concerns.js';
import type { Receipt } from './ledger.js';

/** What the board and every firearm answer show; status is derived, never stored as typed (F8). */
export function presentFirearm(row: FirearmRow) {
  const inspection = row.latest_inspection ? (JSON.parse(row.latest_inspection) as Inspection) : null;
  return {
    id: row.id,
    serial: row.serial,
    make: row.make,
    model: row.model,
    kind: row.kind,
    state: row.state,
    status: hotCold(inspection),
    holderId: row.holder_id,
    shootDayId: row.shoot_day_id,
    sceneId: row.scene_id,
    lastInspection: inspection,
    loaded: JSON.parse(row.loaded) as RoundCount[],
    lastCustodyChangeAt: row.last_custody_change_at,
    version: row.version,
  };
}

function toFirearm(row: FirearmRow): Firearm {
  return {
    id: row.id,
    state: row.state,
    holderId: row.holder_id,
    latestInspection: row.latest_inspection ? (JSON.parse(row.latest_inspection) as Inspection) : null,
    lastCustodyChangeAt: row.last_custody_change_at,
    label: `${row.make} ${row.model} (${row.serial})`,
  };
}

function presentLot(row: LotRow) {
  return {
    id: row.id,
    lot: row.lot,
    kind: row.kind,
    caliber: row.caliber,
    quantity: row.quantity,
    load: row.load,
    verification: row.verification ? (JSON.parse(row.verification) as unknown) : null,
  };
}

async function membersOf(repos: Repos, productionId: string): Promise<Map<string, Member>> {
  const trained = await repos.armory.trained(productionId);
  const list = await repos.members.list(productionId);
  return new Map(list.map((m) => [m.userId, { userId: m.userId, roles: m.roles, trained: trained.has(m.userId) }]));
}

async function dayWithDuties(repos: Repos, productionId: string, shootDayId: string): Promise<ShootDay> {
  const day = await repos.schedule.shootDay(productionId, shootDayId);
  if (!day) throw notFound('Shoot day not found');
  const duties = (await repos.armory.duties(productionId, [shootDayId])).map((d) => ({ userId: d.user_id, duty: d.duty }));
  return { id: day.id, sceneIds: day.sceneIds, duties };
}

/** The roster of a shoot day; saving it reports F2 and F3 alerts (alerts, not blocks). */
export async function setDuties(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  shootDayId: string,
  duties: Array<{ userId: string; duty: string }>,
) {
  return inTransaction(deps, async (tx) => {
    const members = await membersOf(tx.repos, productionId);
    if (duties.some((d) => !members.has(d.userId))) throw notFound('Member not found');
    await dayWithDuties(tx.repos, productionId, shootDayId);
    await tx.repos.armory.setDuties(productionId, shootDayId, duties);
    const day = await dayWithDuties(tx.repos, productionId, shootDayId);
    const alerts = await scheduleAlerts(tx.repos, productionId, day);
    const receipt = await tx.ledger.append(productionId, {
      type: 'duties.set',
      actor: { userId: actor.id },
      data: { shootDayId, duties, alerts: alerts.map((a) => a.rule) },
    });
    for (const alert of alerts) await tx.publish(productionId, 'alert', alert);
    const shootDay = (await tx.repos.schedule.shootDay(productionId, shootDayId))!;
    return { shootDay: { ...shootDay, duties: day.duties }, alerts, receipt };
  });
}

async function scheduleAlerts(repos: Repos, productionId: string, day: ShootDay) {
  const alerts: Array<{ rule: string; message: string; shootDayId: string; notify: string[] }> = [];
  const armorerId = armorerOfDay(day);
  const f2 = armorerId ? f2NoOtherDuty(day, armorerId) : null;
  if (f2 && !f2.allowed) alerts.push({ rule: 'F2', message: f2.reason, shootDayId: day.id, notify: ['first_ad', 'safety_advisor'] });
  const days = await repos.schedule.shootDays(productionId);
  const duties = await repos.armory.duties(productionId);
  const scenes = new Map((await repos.schedule.scenes(productionId)).map((s) => [s.id, s as Scene]));
  const uncovered = f3UncoveredDays(
    days.map((d) => ({ id: d.id, sceneIds: d.sceneIds, duties: duties.filter((x) => x.shoot_day_id === d.id).map((x) => ({ userId: x.user_id, duty: x.duty })) })),
    scenes,
  );
  for (const gap of uncovered) {
    const date = days.find((d) => d.id === gap.id)?.date ?? gap.id;
    alerts.push({ rule: 'F3', message: `No armorer is booked on ${date}, a day with firearm scenes.`, shootDayId: gap.id, notify: ['upm', 'producer', 'safety_advisor'] });
  }
  return alerts;
}

export interface MeetingInput {
  shootDayId: string;
  sceneIds: string[];
  heldAt: string;
  attendeeIds: string[];
  walkthrough: boolean;
  abortPlan: string;
  emergencyPlan: string;
}

/** F5: the safety meeting of a day and its scenes; after an incident it is also half of lifting the hold (F11). */
export async function recordMeeting(deps: ServiceDeps, actor: UserRow, productionId: string, input: MeetingInput) {
  return inTransaction(deps, async (tx) => {
    const day = await tx.repos.schedule.shootDay(productionId, input.shootDayId);
    if (!day) throw notFound('Shoot day not found');
    if (input.sceneIds.some((id) => !day.sceneIds.includes(id))) throw notFound('Scene not found on this shoot day');
    const members = await membersOf(tx.repos, productionId);
    if (input.attendeeIds.some((id) => !members.has(id))) throw notFound('Member not found');
    const meeting = {
      id: newId(),
      production_id: productionId,
      shoot_day_id: input.shootDayId,
      scene_ids: JSON.stringify(input.sceneIds),
      held_at: input.heldAt,
      attendee_ids: JSON.stringify(input.attendeeIds),
      walkthrough: input.walkthrough ? 1 : 0,
      abort_plan: input.abortPlan,
      emergency_plan: input.emergencyPlan,
      recorded_by: actor.id,
      created_at: tx.now.toISOString(),
    };
    await tx.repos.armory.insertMeeting(meeting);
    const receipt = await tx.ledger.append(productionId, {
      type: 'safetyMeeting.recorded',
      actor: { userId: actor.id },
      data: { meetingId: meeting.id, ...input },
    });
    // Recorded while the incident is open, so it is the new meeting F11 asks for.
    await closeHoldIfResolved(tx, productionId, actor.id, meeting.id);
    return { meeting: { id: meeting.id, ...input, recordedBy: actor.id }, receipt };
  });
}

/** F10: the armorer and the safety advisor each confirm the plan with their PIN. */
export async function recordConsultation(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  sceneId: string,
  input: { plan: string; confirmations: PinConfirmation[] },
): Promise<{ consultation: unknown; receipt: Receipt } | Refused> {
  const pins = await assessPins(deps, productionId, input.confirmations);
  return inTransaction(deps, async (tx) => {
    const [scene] = await tx.repos.schedule.scenes(productionId, [sceneId]);
    if (!scene) throw notFound('Scene not found');
    const members = await membersOf(tx.repos, productionId);
    const confirmed = pins.filter((p) => p.matched).map((p) => members.get(p.userId)).filter((m): m is Member => m !== undefined);
    const armorer = confirmed.find((m) => isArmorer(m));
    const advisor = confirmed.find((m) => m.roles.includes('safety_advisor') && m.userId !== armorer?.userId);
    const refused = await pinRefusals(tx, pins);
    if (!armorer || !advisor) {
      refused.push({ rule: 'F10', reason: 'The consultation needs the PIN of the armorer and of the safety advisor.' });
    }
    if (refused.length > 0) return refuse(tx, productionId, actor, 'consultation', { sceneId }, refused, pins);
    const consultation = { id: newId(), production_id: productionId, scene_id: sceneId, plan: input.plan, armorer_id: armorer!.userId, advisor_id: advisor!.userId, created_at: tx.now.toISOString() };
    await tx.repos.armory.insertConsultation(consultation);
    const receipt = await tx.ledger.append(productionId, {
      type: 'consultation.recorded',
      actor: { userId: actor.id },
      data: { consultationId: consultation.id, sceneId, plan: input.plan, armorerId: armorer!.userId, advisorId: advisor!.userId },
    });
    return { consultation: { id: consultation.id, sceneId, plan: input.plan, armorerId: armorer!.userId, advisorId: advisor!.userId }, receipt };
  });
}

/** Records a refused attempt in the ledger and answers with it: pressure to bypass a rule is never invisible. */
async function refuse(
  tx: Tx,
  productionId: string,
  actor: UserRow,
  action: string,
  data: Record<string, unknown>,
  refused: Array<Pick<Refusal, 'rule' | 'reason'>>,
  pins: readonly PinAssessment[] = [],
): Promise<Refused> {
  await recordPinFailures(tx, pins);
  const receipt = await tx.ledger.append(productionId, {
    type: 'armory.refused',
    actor: { userId: actor.id },
    data: { action, ...data, refusals: refused.map(({ rule, reason }) => ({ rule, reason })) },
  });
  return { refused: refused.map(({ rule, reason }) => ({ rule, reason })), receipt };
}

export async function addFirearm(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  input: { serial: string; make: string; model: string; kind: string },
) {
  return inTransaction(deps, async (tx) => {
    const existing = (await tx.repos.armory.firearms(productionId)).find((f) => f.serial === input.serial);
    if (existing) throw conflict(`A firearm with serial ${input.serial} is already in the inventory.`);
    const row: FirearmRow = {
      id: newId(),
      production_id: productionId,
      ...input,
      state: 'stored',
      holder_id: null,
      shoot_day_id: null,
      scene_id: null,
      latest_inspection: null,
      loaded: '[]',
      last_custody_change_at: tx.now.toISOString(),
      version: 1,
      created_at: tx.now.toISOString(),
    };
    await tx.repos.armory.insertFirearm(row);
    const receipt = await tx.ledger.append(productionId, {
      type: 'firearm.added',
      actor: { userId: actor.id },
      data: { firearmId: row.id, ...input },
    });
    return { firearm: presentFirearm(row), receipt };
  });
}

/** F4: blanks and verified dummies only. A refused live lot is recorded and alerted. */
export async function addLot(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  input: { lot: string; kind: string; caliber: string; quantity: number; load?: string | null | undefined; verification?: { method: string } | undefined },
) {
  return inTransaction(deps, async (tx) => {
    const verification = input.verification ? { method: input.verification.method, byUserId: actor.id } : undefined;
    const decision = f4Ammunition(input.kind, verification);
    if (!decision.allowed) {
      await tx.publish(productionId, 'alert', { rule: 'F4', message: `${actor.name} tried to enter ammunition lot ${input.lot}: ${decision.reason}`, notify: ['armorer', 'safety_advisor', 'producer'] });
      return refuse(tx, productionId, actor, 'ammunition.add', { lot: input.lot, kind: input.kind, caliber: input.caliber, quantity: input.quantity }, [decision]);
    }
    if ((await tx.repos.armory.lots(productionId)).some((l) => l.lot === input.lot)) throw conflict(`Lot ${input.lot} is already in the inventory.`);
    const row: LotRow = {
      id: newId(),
      production_id: productionId,
      lot: input.lot,
      kind: input.kind as LotRow['kind'],
      caliber: input.caliber,
      quantity: input.quantity,
      load: input.load ?? null,
      verification: verification ? JSON.stringify(verification) : null,
      created_at: tx.now.toISOString(),
    };
    await tx.repos.armory.insertLot(row);
    const receipt = await tx.ledger.append(productionId, {
      type: 'ammunition.added',
      actor: { userId: actor.id },
      data: { lotId: row.id, lot: row.lot, kind: row.kind, caliber: row.caliber, quantity: row.quantity, load: row.load, verification: verification ?? null },
    });
    return { lot: presentLot(row), receipt };
  });
}

export type FirearmEventInput =
  | { type: 'check_out'; shootDayId: string; version?: number | undefined }
  | { type: 'inspect'; load: Load; rounds: RoundCount[]; barrelClear: boolean; version?: number | undefined }
  | { type: 'hand_off'; toUserId: string; shootDayId: string; sceneId: string; confirmations: PinConfirmation[]; version?: number | undefined }
  | { type: 'return'; fromUserId: string; confirmations: PinConfirmation[]; version?: number | undefined }
  | { type: 'discharge'; intended: boolean; rounds: RoundCount[]; sceneId?: string | undefined; note?: string | undefined; version?: number | undefined }
  | { type: 'misfire'; note?: string | undefined; sceneId?: string | undefined; version?: number | undefined }
  | { type: 'check_in'; version?: number | undefined };

/**
 * One custody event on one firearm: every rule that applies is asked, all
 * refusals are reported and recorded; an accepted event changes the firearm,
 * appends its entry and wakes every board, in one transaction.
 */
export async function firearmEvent(deps: ServiceDeps, actor: UserRow, productionId: string, firearmId: string, input: FirearmEventInput) {
  const pins = 'confirmations' in input ? await assessPins(deps, productionId, input.confirmations) : [];
  return inTransaction(deps, async (tx) => {
    const row = await tx.repos.armory.firearmForUpdate(productionId, firearmId);
    if (!row) throw notFound('Firearm not found');
    if (input.version !== undefined && input.version !== row.version) {
      throw new ProblemError({ status: 409, title: 'Conflict', detail: `This firearm changed meanwhile: it is now ${row.state.replace('_', ' ')}. Look again before acting.` });
    }
    const members = await membersOf(tx.repos, productionId);
    const me = members.get(actor.id);
    const firearm = toFirearm(row);
    const now = tx.now.toISOString();
    const next: FirearmRow = { ...row, version: row.version + 1 };
    const movements: Movement[] = [];
    let refused: Array<Pick<Refusal, 'rule' | 'reason'>> = [];
    let incidentKind: IncidentKind | null = null;

    switch (input.type) {
      case 'check_out': {
        const day = await dayWithDuties(tx.repos, productionId, input.shootDayId);
        refused = refusals([f6Custody('check_out', firearm, me), f1ArmorerOnDuty(day, members)]);
        Object.assign(next, { state: 'with_armorer', holder_id: actor.id, shoot_day_id: day.id, scene_id: null, last_custody_change_at: now });
        break;
      }
      case 'inspect': {
        refused = refusals([inspectionAllowed(firearm, me)]);
        const lots = new Map((await tx.repos.armory.lots(productionId)).map((l) => [l.id, l]));
        refused.push(...roundProblems(input.load, input.rounds, lots));
        const inspection: Inspection = { at: now, byUserId: actor.id, load: input.load, rounds: input.rounds, barrelClear: input.barrelClear };
        const before = JSON.parse(row.loaded) as RoundCount[];
        movements.push(...loadDifference(before, input.rounds));
        Object.assign(next, { latest_inspection: JSON.stringify(inspection), loaded: JSON.stringify(input.rounds.filter((r) => r.count > 0)) });
        break;
      }
      case 'hand_off': {
        if (!members.has(input.toUserId)) throw notFound('Member not found');
        const day = await dayWithDuties(tx.repos, productionId, input.shootDayId);
        const [scene] = await tx.repos.schedule.scenes(productionId, [input.sceneId]);
        if (!scene || !day.sceneIds.includes(scene.id)) throw notFound('Scene not found on this shoot day');
        const hold = await tx.repos.armory.openIncident(productionId);
        const meetings: SafetyMeeting[] = (await tx.repos.armory.meetings(productionId, day.id)).map((m) => ({
          shootDayId: m.shoot_day_id,
          sceneIds: JSON.parse(m.scene_ids) as string[],
          heldAt: m.held_at,
          attendeeIds: JSON.parse(m.attendee_ids) as string[],
          walkthrough: m.walkthrough === 1,
          abortPlan: m.abort_plan,
          emergencyPlan: m.emergency_plan,
        }));
        refused = refusals(
          handOffDecisions({
            firearm,
            actor: me,
            recipient: members.get(input.toUserId),
            day,
            scene,
            meetings,
            consulted: await tx.repos.armory.consulted(productionId, scene.id),
            hold: hold ? { incidentId: hold.id } : null,
            activeStops: (await tx.repos.stops.active(productionId)).length,
            confirmed: pins.filter((p) => p.matched).map((p) => p.userId),
            firstAdIds: [...members.values()].filter((m) => m.roles.includes('first_ad')).map((m) => m.userId),
            now,
            settings: DEFAULT_ARMORY_SETTINGS,
          }),
        );
        refused.push(...(await pinRefusals(tx, pins)));
        Object.assign(next, { state: 'with_performer', holder_id: input.toUserId, scene_id: scene.id, last_custody_change_at: now });
        break;
      }
      case 'return': {
        if (!members.has(input.fromUserId)) throw notFound('Member not found');
        refused = refusals([f6Custody('return', firearm, me)]);
        if (row.holder_id !== input.fromUserId) refused.push({ rule: 'F6', reason: 'This firearm is held by someone else; take it back from the person who holds it.' });
        if (!pins.some((p) => p.userId === input.fromUserId && p.matched)) {
          refused.push({ rule: 'PIN', reason: 'The performer confirms the return with their PIN.' });
        }
        Object.assign(next, { state: 'with_armorer', holder_id: actor.id, last_custody_change_at: now });
        break;
      }
      case 'discharge': {
        if (!me || !me.roles.some((r) => DISCHARGE_RECORDERS.includes(r))) {
          refused = [{ rule: 'F6', reason: 'A discharge is recorded by the armorer, the safety advisor or the 1st AD.' }];
        }
        await sceneOnProduction(tx, productionId, input.sceneId);
        const lots = new Set((await tx.repos.armory.lots(productionId)).map((l) => l.id));
        if (input.rounds.some((r) => !lots.has(r.lotId))) throw notFound('Ammunition lot not found');
        const loaded = JSON.parse(row.loaded) as RoundCount[];
        for (const fired of input.rounds) {
          movements.push({ lotId: fired.lotId, kind: 'fired', count: fired.count });
          const inGun = loaded.find((r) => r.lotId === fired.lotId);
          if (inGun) inGun.count = Math.max(0, inGun.count - fired.count);
        }
        next.loaded = JSON.stringify(loaded.filter((r) => r.count > 0));
        if (!input.intended) incidentKind = 'unintended_discharge';
        break;
      }
      case 'misfire': {
        // F11: a round that did not go off may still; the firearm is held like after a discharge.
        if (!me || !me.roles.some((r) => DISCHARGE_RECORDERS.includes(r))) {
          refused = [{ rule: 'F6', reason: 'A misfire is recorded by the armorer, the safety advisor or the 1st AD.' }];
        }
        await sceneOnProduction(tx, productionId, input.sceneId);
        incidentKind = 'misfire';
        break;
      }
      case 'check_in': {
        refused = refusals([f6Custody('check_in', firearm, me)]);
        if (!firearm.latestInspection || firearm.latestInspection.at < firearm.lastCustodyChangeAt) {
          refused.push({ rule: 'F7', reason: 'Inspect the firearm before checking it in: it has not been inspected since it last changed hands.' });
        } else if ((JSON.parse(row.loaded) as RoundCount[]).length > 0) {
          refused.push({ rule: 'F9', reason: 'Unload the firearm and inspect it empty before checking it in, so every round is returned.' });
        }
        Object.assign(next, { state: 'stored', holder_id: null, scene_id: null, last_custody_change_at: now });
        break;
      }
    }

    const data = eventData(input, firearmId);
    if (refused.length > 0) return refuse(tx, productionId, actor, `firearm.${input.type}`, data, refused, pins);
    await recordPinFailures(tx, pins);
    if (!(await tx.repos.armory.updateFirearm(next, row.version))) {
      throw new ProblemError({ status: 409, title: 'Conflict', detail: 'Another device changed this firearm at the same moment. Look again before acting.' });
    }
    await tx.repos.armory.recordRounds(
      movements.filter((m) => m.count > 0).map((m) => ({ production_id: productionId, lot_id: m.lotId, firearm_id: firearmId, shoot_day_id: next.shoot_day_id, kind: m.kind, count: m.count, at: now })),
    );
    const receipt = await tx.ledger.append(productionId, { type: `firearm.${input.type}`, actor: { userId: actor.id }, data });
    const event = { id: newId(), production_id: productionId, firearm_id: firearmId, type: input.type, actor_id: actor.id, data: JSON.stringify(data), at: now, ledger_index: receipt.index };
    await tx.repos.armory.insertEvent(event);
    const view = presentFirearm(next);
    await tx.publish(productionId, 'firearm.status', { firearm: view });
    if (incidentKind) await openIncident(tx, productionId, actor, incidentKind, { firearmId, ref: receipt.index, note: 'note' in input ? input.note : undefined });
    return { event: { id: event.id, type: input.type, at: now, actorId: actor.id, data, ledgerIndex: receipt.index }, firearm: view, receipt };
  });
}

function eventData(input: FirearmEventInput, firearmId: string): Record<string, unknown> {
  // PINs never reach the ledger: only who confirmed.
  const { version: _version, ...rest } = input;
  const data: Record<string, unknown> = { firearmId, ...rest };
  if ('confirmations' in input) data.confirmations = input.confirmations.map((c) => c.userId);
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return data;
}

/** A scene an event names is one of the production's; another production's is not found. */
async function sceneOnProduction(tx: Tx, productionId: string, sceneId: string | undefined) {
  if (sceneId !== undefined && (await tx.repos.schedule.scenes(productionId, [sceneId])).length === 0) throw notFound('Scene not found');
}

/** F8: only the armorer, with the firearm in hand, inspects. */
function inspectionAllowed(firearm: Firearm, me: Member | undefined) {
  if (!isArmorer(me)) return { allowed: false as const, rule: 'F8', reason: 'Only the armorer inspects and declares a firearm hot or cold.' };
  if (firearm.state !== 'with_armorer' || firearm.holderId !== me!.userId) {
    return { allowed: false as const, rule: 'F8', reason: 'Inspect a firearm you hold: take it back or check it out first.' };
  }
  return { allowed: true as const };
}

function roundProblems(load: Load, rounds: readonly RoundCount[], lots: ReadonlyMap<string, LotRow>) {
  const problems: Array<Pick<Refusal, 'rule' | 'reason'>> = [];
  const counted = rounds.filter((r) => r.count > 0);
  if (load === 'empty' && counted.length > 0) problems.push({ rule: 'F8', reason: 'An empty firearm holds no rounds: declare the load that is in it.' });
  if (load !== 'empty' && counted.length === 0) problems.push({ rule: 'F8', reason: `Name the ${load} rounds loaded (lot and count).` });
  // Every lot named is the production's own, a count of none included: the inspection is recorded as sent.
  for (const round of rounds) {
    const lot = lots.get(round.lotId);
    if (!lot) throw notFound('Ammunition lot not found');
    if (round.count > 0 && lot.kind !== load) problems.push({ rule: 'F4', reason: `Lot ${lot.lot} holds ${lot.kind} rounds, not ${load}. Never mix blanks and dummies.` });
  }
  return problems;
}

/** Rounds that moved from the lot into the firearm (issued) or back (returned), by comparing loads. */
type Movement = { lotId: string; kind: 'issued' | 'fired' | 'returned'; count: number };

function loadDifference(before: readonly RoundCount[], after: readonly RoundCount[]): Movement[] {
  const lots = new Set([...before, ...after].map((r) => r.lotId));
  return [...lots].flatMap((lotId): Movement[] => {
    const was = before.filter((r) => r.lotId === lotId).reduce((n, r) => n + r.count, 0);
    const now = after.filter((r) => r.lotId === lotId).reduce((n, r) => n + r.count, 0);
    if (now > was) return [{ lotId, kind: 'issued', count: now - was }];
    if (now < was) return [{ lotId, kind: 'returned', count: was - now }];
    return [];
  });
}

type IncidentKind = 'unintended_discharge' | 'misfire' | 'live_round';

const DISCHARGE_RECORDERS = ['armorer', 'safety_advisor', 'first_ad'];

const INCIDENT_WORDS: Record<IncidentKind, string> = {
  unintended_discharge: 'Unintended discharge',
  misfire: 'Misfire',
  live_round: 'Live round found on set',
};

/**
 * F11 (and F4 for a live round found): opens a critical incident, holds every
 * firearm, stops work, and opens a critical firearms concern (S2). A second
 * incident of the same kind on the production goes straight to the external contacts.
 */
async function openIncident(
  tx: Tx,
  productionId: string,
  actor: UserRow,
  kind: IncidentKind,
  at: { firearmId: string | null; ref: number | null; note?: string | undefined; location?: string | undefined },
) {
  const previous = await tx.repos.armory.countIncidents(productionId, kind);
  const id = newId();
  const escalation = previous >= 1 ? 'external_contacts' : 'production';
  const receipt = await tx.ledger.append(productionId, {
    type: 'incident.opened',
    actor: { userId: actor.id },
    data: { incidentId: id, kind, firearmId: at.firearmId, escalation, notify: ['producer', 'safety_advisor', 'armorer', 'external_contacts'] },
    refs: at.ref === null ? [] : [at.ref],
  });
  await tx.repos.armory.insertIncident({
    id,
    production_id: productionId,
    kind,
    firearm_id: at.firearmId,
    opened_at: tx.now.toISOString(),
    opened_entry: receipt.index,
    corrective_action: null,
    corrected_by: null,
    corrected_at: null,
    closed_at: null,
  });
  await tx.publish(productionId, 'armory.hold', { hold: { incidentId: id, since: tx.now.toISOString(), kind, escalation } });
  const words = INCIDENT_WORDS[kind];
  await stopWork(tx, productionId, { userId: actor.id }, { reason: `${words}: firearms on hold (F11).`, location: at.location ?? null, refs: [receipt.index] });
  const firearm = at.firearmId ? await tx.repos.armory.firearm(productionId, at.firearmId) : undefined;
  const what = firearm ? `${words}: ${firearm.make} ${firearm.model} (${firearm.serial}).` : `${words}.`;
  await openAutomaticConcern(
    tx,
    productionId,
    [
      what,
      at.note ? `Reported: ${at.note}` : null,
      at.location ? `Where: ${at.location}` : null,
      'Firearms are on hold and work is stopped until a corrective action and a new safety meeting.',
      previous >= 1 ? `This is number ${previous + 1} of its kind on this production.` : null,
    ]
      .filter((line) => line !== null)
      .join(' '),
    previous,
    [receipt.index],
  );
  return { incidentId: id, receipt };
}

/**
 * F4: anyone on set who finds a live round reports it here. Firearm work stops
 * at once (the F11 path), and a critical firearms concern climbs the ladder.
 */
export async function reportLiveRound(deps: ServiceDeps, actor: UserRow, productionId: string, input: { description: string; location?: string | undefined; firearmId?: string | undefined }) {
  return inTransaction(deps, async (tx) => {
    if (input.firearmId && !(await tx.repos.armory.firearm(productionId, input.firearmId))) throw notFound('Firearm not found');
    const { incidentId, receipt } = await openIncident(tx, productionId, actor, 'live_round', {
      firearmId: input.firearmId ?? null,
      ref: null,
      note: input.description,
      location: input.location,
    });
    const incident = (await tx.repos.armory.incident(productionId, incidentId))!;
    return { incident: presentIncident(incident), receipt };
  });
}

/** F11: the safety advisor's corrective action; with a new safety meeting it lifts the hold. */
export async function correctiveAction(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  incidentId: string,
  input: { action: string; confirmations: PinConfirmation[] },
): Promise<{ incident: unknown; receipt: Receipt } | Refused> {
  const pins = await assessPins(deps, productionId, input.confirmations);
  return inTransaction(deps, async (tx) => {
    const incident = await tx.repos.armory.incident(productionId, incidentId);
    if (!incident) throw notFound('Incident not found');
    const refused = await pinRefusals(tx, pins);
    if (!pins.some((p) => p.userId === actor.id && p.matched)) {
      refused.push({ rule: 'F11', reason: 'The safety advisor confirms the corrective action with their own PIN.' });
    }
    if (refused.length > 0) return refuse(tx, productionId, actor, 'incident.correctiveAction', { incidentId }, refused, pins);
    await tx.repos.armory.updateIncident(productionId, incidentId, { corrective_action: input.action, corrected_by: actor.id, corrected_at: tx.now.toISOString() });
    const receipt = await tx.ledger.append(productionId, {
      type: 'incident.correctiveAction',
      actor: { userId: actor.id },
      data: { incidentId, action: input.action },
      refs: [incident.opened_entry],
    });
    await closeHoldIfResolved(tx, productionId, actor.id);
    const after = (await tx.repos.armory.incident(productionId, incidentId))!;
    return { incident: presentIncident(after), receipt };
  });
}

async function closeHoldIfResolved(tx: Tx, productionId: string, actorId: string, newMeetingId?: string) {
  const incident = await tx.repos.armory.openIncident(productionId);
  if (!incident?.corrected_at) return;
  const meeting = newMeetingId ? { id: newMeetingId } : await tx.repos.armory.meetingRecordedAfter(productionId, incident.opened_at);
  if (!meeting) return;
  await tx.repos.armory.updateIncident(productionId, incident.id, { closed_at: tx.now.toISOString() });
  await tx.ledger.append(productionId, {
    type: 'incident.closed',
    actor: { userId: actorId },
    data: { incidentId: incident.id, meetingId: meeting.id },
    refs: [incident.opened_entry],
  });
  await tx.publish(productionId, 'armory.hold', { hold: null, released: incident.id });
}

function presentIncident(row: { id: string; kind: string; firearm_id: string | null; opened_at: string; corrective_action: string | null; closed_at: string | null }) {
  return { id: row.id, kind: row.kind, firearmId: row.firearm_id, openedAt: row.opened_at, correctiveAction: row.corrective_action, closedAt: row.closed_at };
}

/** F9: wrap only when every firearm is stored and every round of the day is accounted for. */
export async function wrapDay(deps: ServiceDeps, actor: UserRow, productionId: string, shootDayId: string) {
  return inTransaction(deps, async (tx) => {
    if (!(await tx.repos.schedule.shootDay(productionId, shootDayId))) throw notFound('Shoot day not found');
    const firearms = (await tx.repos.armory.firearms(productionId)).map(toFirearm);
    const lots = await tx.repos.armory.roundTotals(productionId, shootDayId);
    const violations = refusals(f9Wrap(firearms, lots)).map(({ rule, reason }) => ({ rule, reason }));
    const receipt = await tx.ledger.append(productionId, {
      type: violations.length ? 'wrap.refused' : 'wrap.done',
      actor: { userId: actor.id },
      data: { shootDayId, lots, violations },
    });
    return violations.length ? { ok: false as const, violations, receipt } : { ok: true as const, receipt };
  });
}

function idleMessage(f: { make: string; model: string; serial: string }): string {
  return `${f.make} ${f.model} (${f.serial}) has been out of storage with no active scene for over ${DEFAULT_ARMORY_SETTINGS.idleOutsideStorageMinutes} minutes.`;
}

/** The armory board: where every firearm is, who holds it, hot or cold, and what needs attention. */
export async function armoryBoard(deps: ServiceDeps, productionId: string) {
  const repos = reader(deps);
  const now = deps.clock().getTime();
  const firearms = (await repos.armory.firearms(productionId)).map(presentFirearm);
  const lots = (await repos.armory.lots(productionId)).map(presentLot);
  const incident = await repos.armory.openIncident(productionId);
  const idleLimit = DEFAULT_ARMORY_SETTINGS.idleOutsideStorageMinutes * 60_000;
  const alerts = firearms
    .filter((f) => f.state !== 'stored' && f.sceneId === null && now - Date.parse(f.lastCustodyChangeAt) > idleLimit)
    .map((f) => ({ rule: 'F9', firearmId: f.id, message: idleMessage(f) }));
  return { firearms, lots, alerts, hold: incident ? { incidentId: incident.id, since: incident.opened_at } : null };
}

export async function firearmHistory(deps: ServiceDeps, productionId: string, firearmId: string) {
  const repos = reader(deps);
  const row = await repos.armory.firearm(productionId, firearmId);
  if (!row) throw notFound('Firearm not found');
  const history = (await repos.armory.events(productionId, firearmId)).map((e) => ({
    id: e.id,
    type: e.type,
    actorId: e.actor_id,
    at: e.at,
    data: JSON.parse(e.data) as unknown,
    ledgerIndex: e.ledger_index,
  }));
  return { firearm: presentFirearm(row), history };
}

/**
 * F9, periodically: a firearm out of storage with no active scene for longer
 * than the window alerts the armorer and the safety advisor, once per custody
 * change. The claim in the database keeps two instances from alerting twice.
 */
export async function watchIdleFirearms(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  const before = new Date(now.getTime() - DEFAULT_ARMORY_SETTINGS.idleOutsideStorageMinutes * 60_000).toISOString();
  let raised = 0;
  for (const firearm of await reader(deps).armory.idleOutsideStorage(before)) {
    const message = idleMessage(firearm);
    const alert = { rule: 'F9', firearmId: firearm.id, holderId: firearm.holder_id, message, notify: ['armorer', 'safety_advisor'] };
    const fresh = await inTransaction(deps, async (tx) => {
      const claimed = await tx.repos.armory.claimAlert({
        production_id: firearm.production_id,
        key: `F9:${firearm.id}:${firearm.last_custody_change_at}`,
        rule: 'F9',
        message,
        created_at: tx.now.toISOString(),
      });
      if (!claimed) return false;
      await tx.ledger.append(firearm.production_id, { type: 'alert.raised', actor: null, data: alert });
      await tx.publish(firearm.production_id, 'alert', alert);
      return true;
    });
    if (fresh) raised++;
  }
  return raised;
}

function presentRequest(row: { id: string; kind: string; description: string; requested_by: string; requested_at: string; status: string; decided_by: string | null; decided_at: string | null; reason: string | null }) {
  return {
    id: row.id,
    kind: row.kind,
    description: row.description,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: row.reason,
  };
}

/** F12: the armorer asks for more training or more time; the request is on the record from the first moment. */
export async function makeRequest(deps: ServiceDeps, actor: UserRow, productionId: string, input: { kind: 'training' | 'time'; description: string }) {
  return inTransaction(deps, async (tx) => {
    const row = {
      id: newId(),
      production_id: productionId,
      kind: input.kind,
      description: input.description,
      requested_by: actor.id,
      requested_at: tx.now.toISOString(),
      status: 'open' as const,
      decided_by: null,
      decided_at: null,
      reason: null,
    };
    await tx.repos.armory.insertRequest(row);
    const receipt = await tx.ledger.append(productionId, { type: 'armorerRequest.made', actor: { userId: actor.id }, data: { requestId: row.id, ...input } });
    await tx.publish(productionId, 'alert', { rule: 'F12', requestId: row.id, message: `${actor.name} asks for more ${input.kind}: ${input.description}`, notify: ['producer', 'upm', 'safety_advisor'] });
    return { request: presentRequest(row), receipt };
  });
}

/** F12: granting is simple; denying needs a reason, and the denial goes to the safety advisor. */
export async function decideRequest(
  deps: ServiceDeps,
  actor: UserRow,
  productionId: string,
  requestId: string,
  input: { decision: 'granted' | 'denied'; reason?: string | null | undefined },
): Promise<{ request: ReturnType<typeof presentRequest>; receipt: Receipt } | Refused> {
  return inTransaction(deps, async (tx) => {
    const request = await tx.repos.armory.request(productionId, requestId);
    if (!request) throw notFound('Request not found');
    const decision = f12Decision(input.decision, input.reason);
    if (!decision.allowed) return refuse(tx, productionId, actor, 'armorerRequest.decide', { requestId, decision: input.decision }, [decision]);
    const reason = input.reason?.trim() || null;
    if (!(await tx.repos.armory.decideRequest(productionId, requestId, { status: input.decision, decided_by: actor.id, decided_at: tx.now.toISOString(), reason }))) {
      throw conflict('This request was already answered.');
    }
    const receipt = await tx.ledger.append(productionId, {
      type: 'armorerRequest.decided',
      actor: { userId: actor.id },
      data: { requestId, decision: input.decision, reason },
    });
    if (input.decision === 'denied') {
      await tx.publish(productionId, 'alert', { rule: 'F12', requestId, message: `${actor.name} denied the armorer's request for more ${request.kind}: ${reason}`, notify: ['safety_advisor'] });
    }
    return { request: presentRequest((await tx.repos.armory.request(productionId, requestId))!), receipt };
  });
}

export async function listRequests(deps: ServiceDeps, productionId: string) {
  return { requests: (await reader(deps).armory.requests(productionId)).map(presentRequest) };
}
