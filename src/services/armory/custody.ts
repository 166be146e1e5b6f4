import { refusals } from '../../domain/refusal.js';
import { DEFAULT_ARMORY_SETTINGS, type Firearm, type Inspection, type Load, type Member, type RoundCount, type Scene, type ShootDay } from '../../domain/armory/model.js';
import {
  f1ArmorerOnDuty,
  f1DayOpen,
  f6Custody,
  f7Confirmed,
  f9Wrap,
  f9WrapOnce,
  handOffDecisions,
  inspectionAllowed,
  mayRecordDischarge,
  returnConfirmed,
  returnFrom,
  roundProblems,
  uninspectedCheckIn,
} from '../../domain/armory/rules.js';
import type { FirearmRow, LotRow } from '../../store/armory.js';
import type { Repos } from '../../store/index.js';
import type { Tx } from '../context.js';
import { spoken, type Command, type MemberAct } from '../command.js';
import type { PinConfirmation } from '../pins.js';
import { conflict, notFound, type RefusalWords } from '../problem.js';
import { newId } from '../secrets.js';
import { dayWithDuties, membersOf, productionToday, safetyMeetings } from '../schedule/facts.js';
import { presentFirearm } from './present.js';
import { openIncident, type IncidentKind } from './incidents.js';

/** Every custody step names its firearm, and may carry the version the device last saw (a stale one is a 409). */
interface Step {
  firearmId: string;
  version?: number | undefined;
}

export type CheckOutInput = Step & { shootDayId: string };
export type InspectInput = Step & { load: Load; rounds: RoundCount[]; barrelClear: boolean };
export type HandOffInput = Step & { toUserId: string; shootDayId: string; sceneId: string; confirmations: PinConfirmation[] };
export type ReturnInput = Step & { fromUserId: string; confirmations: PinConfirmation[] };
export type DischargeInput = Step & { intended: boolean; rounds: RoundCount[]; sceneId?: string | undefined; note?: string | undefined };
export type MisfireInput = Step & { note?: string | undefined; sceneId?: string | undefined };
export type CheckInInput = Step;

/** What every custody step reads: the firearm (locked), the members and who is acting. */
interface Held {
  row: FirearmRow;
  firearm: Firearm;
  members: Map<string, Member>;
  me: Member | undefined;
}

function toFirearm(row: FirearmRow): Firearm {
  return {
    id: row.id,
    state: row.state,
    holderId: row.holder_id,
    shootDayId: row.shoot_day_id,
    latestInspection: row.latest_inspection ? (JSON.parse(row.latest_inspection) as Inspection) : null,
    lastCustodyChangeAt: row.last_custody_change_at,
    label: `${row.make} ${row.model} (${row.serial})`,
  };
}

async function held(tx: Tx, act: MemberAct<Step>): Promise<Held> {
  const { productionId, input } = act;
  const row = await tx.repos.armory.firearmForUpdate(productionId, input.firearmId);
  if (!row) throw notFound('Firearm not found');
  if (input.version !== undefined && input.version !== row.version) {
    throw conflict(`This firearm changed meanwhile: it is now ${row.state.replace('_', ' ')}. Look again before acting.`);
  }
  const members = await membersOf(tx.repos, productionId);
  return { row, firearm: toFirearm(row), members, me: members.get(act.caller.user.id) };
}

/** What a custody entry records: ids and choices, who confirmed (never a PIN), and the day the firearm is working. */
function stepData(input: Step & { confirmations?: PinConfirmation[] }, row: FirearmRow): Record<string, unknown> {
  const { version: _version, confirmations, ...rest } = input;
  const data: Record<string, unknown> = { shootDayId: row.shoot_day_id, ...rest };
  if (confirmations) data.confirmations = confirmations.map((c) => c.userId);
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return data;
}

/** Rounds that moved from a lot into the firearm (issued), back (returned), or were fired. */
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

interface Change {
  /** the firearm's new fields */
  fields: Partial<FirearmRow>;
  movements?: Movement[];
  /** F11: the step was an unintended discharge or a misfire */
  incident?: IncidentKind;
  /** the entry names the rounds in the firearm as it changes hands, so each line of its history stands alone */
  recordLoad?: boolean;
}

/**
 * Applies an allowed custody step: the firearm changes only if nobody changed
 * it meanwhile, rounds are counted against the day, the entry and the event
 * row are written, every board is woken, and an incident opens when it must.
 */
async function move(tx: Tx, act: MemberAct<Step & { note?: string | undefined }>, facts: Held, type: string, change: Change) {
  const { productionId, caller } = act;
  const now = tx.now.toISOString();
  const next: FirearmRow = { ...facts.row, ...change.fields, version: facts.row.version + 1 };
  if (!(await tx.repos.armory.updateFirearm(next, facts.row.version))) {
    throw conflict('Another device changed this firearm at the same moment. Look again before acting.');
  }
  await tx.repos.armory.recordRounds(
    (change.movements ?? [])
      .filter((m) => m.count > 0)
      .map((m) => ({ production_id: productionId, lot_id: m.lotId, firearm_id: next.id, shoot_day_id: next.shoot_day_id, kind: m.kind, count: m.count, at: now })),
  );
  const data = stepData(act.input, next);
  if (change.recordLoad) data.loaded = JSON.parse(next.loaded) as RoundCount[];
  const receipt = await tx.ledger.append(productionId, { type: `firearm.${type}`, actor: { userId: caller.user.id }, data });
  const event = { id: newId(), production_id: productionId, firearm_id: next.id, type, actor_id: caller.user.id, data: JSON.stringify(data), at: now, ledger_index: receipt.index };
  await tx.repos.armory.insertEvent(event);
  const firearm = presentFirearm(next);
  await tx.publish(productionId, 'firearm.status', { firearm });
  if (change.incident) await openIncident(tx, productionId, caller.user, change.incident, { firearmId: next.id, ref: receipt.index, note: act.input.note });
  return { event: { id: event.id, type, at: now, actorId: caller.user.id, data, ledgerIndex: receipt.index }, firearm, receipt };
}

/** The parts every custody command shares: its name, its facts, what a refusal records. */
function step<I extends Step>(type: string) {
  return {
    name: `firearm.${type}`,
    refusalData: (act: MemberAct<I>, facts: { row: FirearmRow }) => ({ ...stepData(act.input, facts.row), firearmId: act.input.firearmId }),
  };
}

export const checkOut: Command<CheckOutInput, Held & { day: Awaited<ReturnType<typeof dayWithDuties>>; today: string }, object> = {
  ...step<CheckOutInput>('check_out'),
  async facts(tx, act) {
    return { ...(await held(tx, act)), day: await dayWithDuties(tx.repos, act.productionId, act.input.shootDayId), today: await productionToday(tx.repos, act.productionId, tx.now) };
  },
  // F6, F1: only the armorer takes it from storage, for a day still to be shot with a trained armorer rostered.
  decide: (f) => [f6Custody('check_out', f.firearm, f.me), f1DayOpen(f.day, f.today), f1ArmorerOnDuty(f.day, f.members)],
  apply: (tx, f, act) =>
    move(tx, act, f, 'check_out', {
      fields: { state: 'with_armorer', holder_id: act.caller.user.id, shoot_day_id: f.day.id, scene_id: null, last_custody_change_at: tx.now.toISOString() },
    }),
};

export const inspect: Command<InspectInput, Held & { lots: Map<string, LotRow> }, object> = {
  ...step<InspectInput>('inspect'),
  async facts(tx, act) {
    const lots = new Map((await tx.repos.armory.lots(act.productionId)).map((l) => [l.id, l]));
    // Every lot named is the production's own, a count of none included: the inspection is recorded as sent.
    if (act.input.rounds.some((r) => !lots.has(r.lotId))) throw notFound('Ammunition lot not found');
    return { ...(await held(tx, act)), lots };
  },
  decide: (f, act) => [inspectionAllowed(f.firearm, f.me), ...roundProblems(act.input.load, act.input.rounds, f.lots)],
  apply(tx, f, act) {
    const { load, rounds, barrelClear } = act.input;
    const inspection: Inspection = { at: tx.now.toISOString(), byUserId: act.caller.user.id, load, rounds, barrelClear };
    return move(tx, act, f, 'inspect', {
      fields: { latest_inspection: JSON.stringify(inspection), loaded: JSON.stringify(rounds.filter((r) => r.count > 0)) },
      movements: loadDifference(JSON.parse(f.row.loaded) as RoundCount[], rounds),
    });
  },
};

interface HandOffFacts extends Held {
  day: ShootDay;
  scene: Scene;
  meetings: Awaited<ReturnType<typeof safetyMeetings>>;
  consulted: boolean;
  hold: { incidentId: string } | null;
  activeStops: number;
}

/**
 * The armorer hands a firearm to a performer for a scene of a day. Every rule
 * is asked at once and all that refuse are reported; the performer's and the
 * 1st AD's PINs are checked only when nothing else stands in the way.
 */
export const handOff: Command<HandOffInput, HandOffFacts, object> = {
  ...step<HandOffInput>('hand_off'),
  async facts(tx, act) {
    const { productionId, input } = act;
    const facts = await held(tx, act);
    if (!facts.members.has(input.toUserId)) throw notFound('Member not found');
    const day = await dayWithDuties(tx.repos, productionId, input.shootDayId);
    const [scene] = await tx.repos.schedule.scenes(productionId, [input.sceneId]);
    if (!scene || !day.sceneIds.includes(scene.id)) throw notFound('Scene not found on this shoot day');
    const hold = await tx.repos.armory.openIncident(productionId);
    return {
      ...facts,
      day,
      scene,
      meetings: await safetyMeetings(tx.repos, productionId, day.id),
      consulted: await tx.repos.schedule.consulted(productionId, scene.id),
      hold: hold ? { incidentId: hold.id } : null,
      activeStops: (await tx.repos.stops.active(productionId)).length,
    };
  },
  decide: (f, act, now) => handOffDecisions({ ...f, actor: f.me, recipient: f.members.get(act.input.toUserId), now, settings: DEFAULT_ARMORY_SETTINGS }),
  confirmations: (input) => input.confirmations,
  decideConfirmed: (f, act, confirmed) => [f7Confirmed(confirmed, act.input.toUserId, firstAds(f.members))],
  apply: (tx, f, act) =>
    move(tx, act, f, 'hand_off', {
      fields: { state: 'with_performer', holder_id: act.input.toUserId, scene_id: f.scene.id, last_custody_change_at: tx.now.toISOString() },
      recordLoad: true,
    }),
};

function firstAds(members: ReadonlyMap<string, Member>): string[] {
  return [...members.values()].filter((m) => m.roles.includes('first_ad')).map((m) => m.userId);
}

/** The performer gives the firearm back to the armorer, confirming with their PIN; it must be inspected again. */
export const takeBack: Command<ReturnInput, Held, object> = {
  ...step<ReturnInput>('return'),
  async facts(tx, act) {
    const facts = await held(tx, act);
    if (!facts.members.has(act.input.fromUserId)) throw notFound('Member not found');
    return facts;
  },
  decide: (f, act) => [f6Custody('return', f.firearm, f.me), returnFrom(f.firearm, act.input.fromUserId)],
  confirmations: (input) => input.confirmations,
  decideConfirmed: (_f, act, confirmed) => [returnConfirmed(confirmed, act.input.fromUserId)],
  apply: (tx, f, act) =>
    move(tx, act, f, 'return', { fields: { state: 'with_armorer', holder_id: act.caller.user.id, last_custody_change_at: tx.now.toISOString() }, recordLoad: true }),
};

/** A scene an event names is one of the production's; another production's is not found. */
async function sceneOnProduction(repos: Repos, productionId: string, sceneId: string | undefined) {
  if (sceneId !== undefined && (await repos.schedule.scenes(productionId, [sceneId])).length === 0) throw notFound('Scene not found');
}

/** Rounds fired: counted against their lots; an unintended discharge opens the F11 incident. */
export const discharge: Command<DischargeInput, Held, object> = {
  ...step<DischargeInput>('discharge'),
  async facts(tx, act) {
    await sceneOnProduction(tx.repos, act.productionId, act.input.sceneId);
    const lots = new Set((await tx.repos.armory.lots(act.productionId)).map((l) => l.id));
    if (act.input.rounds.some((r) => !lots.has(r.lotId))) throw notFound('Ammunition lot not found');
    return held(tx, act);
  },
  decide: (f) => [mayRecordDischarge(f.me, 'discharge')],
  apply(tx, f, act) {
    const loaded = JSON.parse(f.row.loaded) as RoundCount[];
    for (const fired of act.input.rounds) {
      const inGun = loaded.find((r) => r.lotId === fired.lotId);
      if (inGun) inGun.count = Math.max(0, inGun.count - fired.count);
    }
    return move(tx, act, f, 'discharge', {
      fields: { loaded: JSON.stringify(loaded.filter((r) => r.count > 0)) },
      movements: act.input.rounds.map((r) => ({ lotId: r.lotId, kind: 'fired' as const, count: r.count })),
      ...(act.input.intended ? {} : { incident: 'unintended_discharge' as const }),
    });
  },
};

/** F11: a round that did not go off may still; the firearm is held as after a discharge. */
export const misfire: Command<MisfireInput, Held, object> = {
  ...step<MisfireInput>('misfire'),
  async facts(tx, act) {
    await sceneOnProduction(tx.repos, act.productionId, act.input.sceneId);
    return held(tx, act);
  },
  decide: (f) => [mayRecordDischarge(f.me, 'misfire')],
  apply: (tx, f, act) => move(tx, act, f, 'misfire', { fields: {}, incident: 'misfire' }),
};

/** Back into storage: only inspected and empty, so every round has gone back to its lot. */
export const checkIn: Command<CheckInInput, Held, object> = {
  ...step<CheckInInput>('check_in'),
  facts: (tx, act) => held(tx, act),
  decide: (f) => [f6Custody('check_in', f.firearm, f.me), uninspectedCheckIn(f.firearm, JSON.parse(f.row.loaded) as RoundCount[])],
  apply: (tx, f, act) => move(tx, act, f, 'check_in', { fields: { state: 'stored', holder_id: null, scene_id: null, last_custody_change_at: tx.now.toISOString() } }),
};

/** The custody command for each firearm event type of API.md. */
export const CUSTODY = {
  check_out: checkOut,
  inspect,
  hand_off: handOff,
  return: takeBack,
  discharge,
  misfire,
  check_in: checkIn,
} as const;

/** A refused wrap is a problem document (RFC 9457) that also lists the violations. */
export type WrapResult =
  | { ok: true; receipt: unknown }
  | { ok: false; type: 'about:blank'; status: 409; title: string; detail: string; violations: RefusalWords[]; receipt: unknown };

interface WrapFacts {
  firearms: Firearm[];
  lots: Awaited<ReturnType<Repos['armory']['roundTotals']>>;
  /** lot numbers by lot id, to name the lots as the armory does */
  labels: Map<string, string>;
  wrappedAt: string | null;
}

/**
 * F9: wrap only when every firearm is stored and every round of the day is
 * accounted for, and only once: a wrapped day says so. A refused wrap is a
 * 409 listing what is missing (API.md), recorded like every refusal.
 */
export const wrapDay: Command<{ shootDayId: string }, WrapFacts, WrapResult> = {
  name: 'wrap',
  async facts(tx, act) {
    const day = await tx.repos.schedule.shootDay(act.productionId, act.input.shootDayId);
    if (!day) throw notFound('Shoot day not found');
    const firearms = (await tx.repos.armory.firearms(act.productionId)).map(toFirearm);
    const labels = new Map((await tx.repos.armory.lots(act.productionId)).map((lot) => [lot.id, lot.lot]));
    return { firearms, lots: await tx.repos.armory.roundTotals(act.productionId, act.input.shootDayId), labels, wrappedAt: day.wrappedAt };
  },
  refusalData: (act, f) => ({ shootDayId: act.input.shootDayId, lots: f.lots }),
  async apply(tx, f, act) {
    const refused = refusals([...(f.wrappedAt ? [f9WrapOnce(f.wrappedAt)] : []), ...f9Wrap(f.firearms, f.lots.map((lot) => ({ ...lot, label: f.labels.get(lot.lotId) })))]);
    // The ledger keeps the English reasons; the answer also carries each one's catalogue key for the reader's language.
    const violations = refused.map(({ rule, reason }) => ({ rule, reason }));
    const receipt = await tx.ledger.append(act.productionId, {
      type: violations.length ? 'wrap.refused' : 'wrap.done',
      actor: { userId: act.caller.user.id },
      data: { shootDayId: act.input.shootDayId, lots: f.lots, violations },
    });
    if (violations.length) {
      const detail = violations.map((v) => `${v.rule}: ${v.reason}`).join(' ');
      return { ok: false as const, type: 'about:blank' as const, status: 409 as const, title: 'The day cannot wrap', detail, violations: refused.map(spoken), receipt };
    }
    await tx.repos.schedule.markWrapped(act.productionId, act.input.shootDayId, tx.now.toISOString());
    return { ok: true as const, receipt };
  },
};
