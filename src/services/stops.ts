import { ackFromHolder, liftAllowed, liftConfirmed, secondConfirmer, type Confirmer } from '../domain/stops.js';
import type { StopRow } from '../store/stops.js';
import { reader, type ServiceDeps, type Tx } from './context.js';
import type { Act, Command } from './command.js';
import type { PinConfirmation } from './pins.js';
import { conflict, notFound } from './problem.js';
import { newId } from './secrets.js';

export interface StopView {
  id: string;
  status: 'active' | 'lifted';
  reason: string | null;
  location: string | null;
  raisedAt: string;
  /** null when raised without a name */
  raisedBy: { userId: string; name: string } | null;
  liftedAt: string | null;
  liftedBy: string | null;
  secondedBy: string | null;
  resolution: string | null;
}

async function present(tx: Pick<Tx, 'repos'>, row: StopRow): Promise<StopView> {
  const raiser = row.raised_by ? await tx.repos.users.byId(row.raised_by) : undefined;
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    location: row.location,
    raisedAt: row.raised_at,
    raisedBy: raiser ? { userId: raiser.id, name: raiser.name } : null,
    liftedAt: row.lifted_at,
    liftedBy: row.lifted_by,
    secondedBy: row.seconded_by,
    resolution: row.resolution,
  };
}

export interface RaiseInput {
  reason?: string | null | undefined;
  location?: string | null | undefined;
  /** a member may stop work without giving their name */
  anonymous?: boolean | undefined;
  /** when STOP was pressed on a phone that had to queue it */
  pressedAt?: string | undefined;
  /** the named raiser's device, which counts as having seen the stop */
  deviceId?: string | undefined;
}

/** A queued press keeps its own time when it is within the last day and not in the future; otherwise the stop is raised now. */
const PRESS_WINDOW_MS = 24 * 3_600_000;
function raisedAt(now: Date, pressedAt: string | undefined): string {
  if (!pressedAt) return now.toISOString();
  const at = Date.parse(pressedAt);
  return at <= now.getTime() && at >= now.getTime() - PRESS_WINDOW_MS ? new Date(at).toISOString() : now.toISOString();
}

/**
 * S1: anyone can stop work at once. An anonymous stop (or one raised with the
 * set's public code, whose act has no caller) stores nobody: no user, address, agent or device.
 */
export const raiseStop: Command<RaiseInput, null, object, Act<RaiseInput>> = {
  name: 'stop.raise',
  facts: async () => null,
  refusalData: () => ({}),
  apply: (tx, _facts, act) => {
    const named = act.caller && !act.input.anonymous ? { userId: act.caller.user.id } : null;
    // An anonymous stop keeps no device id anywhere.
    return stopWork(tx, act.productionId, named, named ? act.input : { ...act.input, deviceId: undefined });
  },
};

/**
 * Stops work inside the caller's transaction: also how an unintended discharge
 * stops the set on its own (F11). `raisedBy` null stores nobody.
 */
export async function stopWork(tx: Tx, productionId: string, raisedBy: { userId: string } | null, input: RaiseInput & { refs?: number[] }) {
  const id = newId();
  const pressed = raisedAt(tx.now, input.pressedAt);
  const receipt = await tx.ledger.append(productionId, {
    type: 'stop.raised',
    actor: raisedBy ?? { anonymous: true },
    data: { stopId: id, reason: input.reason ?? null, location: input.location ?? null, ...(pressed !== tx.now.toISOString() ? { pressedAt: pressed } : {}) },
    refs: input.refs ?? [],
  });
  const row: StopRow = {
    id,
    production_id: productionId,
    status: 'active',
    reason: input.reason ?? null,
    location: input.location ?? null,
    raised_by: raisedBy?.userId ?? null,
    raised_at: pressed,
    raised_entry: receipt.index,
    lifted_at: null,
    lifted_by: null,
    seconded_by: null,
    resolution: null,
  };
  await tx.repos.stops.insert(row);
  // The device that pressed STOP has seen it: its named raiser is not listed as "not yet acknowledged".
  if (raisedBy && input.deviceId) {
    await tx.repos.stops.ack({ stop_id: id, production_id: productionId, device_id: input.deviceId, user_id: raisedBy.userId, at: tx.now.toISOString() });
  }
  const stop = await present(tx, row);
  await tx.publish(productionId, 'stop.raised', { stop });
  tx.push({ type: 'stop.raised', productionId, stopId: id, reason: row.reason, location: row.location });
  return { stop, receipt };
}

/** The production a set code names; an unknown code is not found. */
export async function productionBySetCode(deps: ServiceDeps, setCode: string) {
  const production = await reader(deps).productions.bySetCode(setCode.toUpperCase());
  if (!production) throw notFound('No set has this code');
  return production;
}

interface AckFacts {
  stop: StopRow;
  holderId: string | null;
}

/** A device shows the stop and its holder acknowledged it; the 1st AD sees who has not. */
export const acknowledgeStop: Command<{ stopId: string; deviceId: string }, AckFacts, Record<string, never>> = {
  name: 'stop.acknowledge',
  async facts(tx, act) {
    const stop = await tx.repos.stops.byId(act.productionId, act.input.stopId);
    if (!stop) throw notFound('Stop not found');
    return { stop, holderId: await tx.repos.live.deviceHolder(act.productionId, act.input.deviceId) };
  },
  decide: (f, act) => [ackFromHolder(f.holderId, act.caller.user.id)],
  refusalData: (act) => ({ stopId: act.input.stopId, deviceId: act.input.deviceId }),
  refusalRefs: (f) => [f.stop.raised_entry],
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const at = tx.now.toISOString();
    const fresh = await tx.repos.stops.ack({ stop_id: input.stopId, production_id: productionId, device_id: input.deviceId, user_id: caller.user.id, at });
    if (!fresh) return {};
    await tx.ledger.append(productionId, { type: 'stop.acknowledged', actor: { userId: caller.user.id }, data: { stopId: input.stopId, deviceId: input.deviceId }, refs: [f.stop.raised_entry] });
    await tx.publish(productionId, 'stop.acked', { stopId: input.stopId, deviceId: input.deviceId, userId: caller.user.id, at });
    return {};
  },
};

export async function getStop(deps: ServiceDeps, productionId: string, stopId: string, presenceWindowMs: number) {
  const repos = reader(deps);
  const row = await repos.stops.byId(productionId, stopId);
  if (!row) throw notFound('Stop not found');
  const acks = (await repos.stops.acks(stopId)).map((a) => ({ deviceId: a.device_id, userId: a.user_id, at: a.at }));
  const since = new Date(deps.clock().getTime() - presenceWindowMs).toISOString();
  const connected = await repos.live.connected(productionId, since);
  // A device counts as acknowledged only by its own holder's acknowledgement.
  const ackedBy = new Map(acks.map((a) => [a.deviceId, a.userId]));
  const waiting = row.status === 'active' ? connected.filter((d) => ackedBy.get(d.device_id) !== d.user_id) : [];
  const people = new Map((await repos.members.list(productionId)).map((m) => [m.userId, m.name]));
  return {
    stop: await present({ repos }, row),
    acks: acks.map((a) => ({ ...a, name: people.get(a.userId) ?? null })),
    unacknowledged: waiting.map((d) => d.device_id),
    unacknowledgedDevices: waiting.map((d) => ({ deviceId: d.device_id, userId: d.user_id, name: people.get(d.user_id) ?? null })),
  };
}

/** Every active stop, then the most recent lifted ones. */
export async function listStops(deps: ServiceDeps, productionId: string) {
  const repos = reader(deps);
  const active = await repos.stops.active(productionId);
  const lifted = (await repos.stops.recent(productionId, 20)).filter((row) => row.status === 'lifted');
  return { stops: await Promise.all([...active, ...lifted].map((row) => present({ repos }, row))) };
}

interface LiftFacts {
  stop: StopRow;
  /** the roles of everyone named in the confirmations */
  roles: Map<string, string[]>;
}

export interface LiftInput {
  stopId: string;
  resolution: string;
  confirmations: PinConfirmation[];
}

function confirmers(f: LiftFacts, confirmations: readonly PinConfirmation[], confirmed: ReadonlySet<string>): Confirmer[] {
  return confirmations.map((c) => ({ userId: c.userId, roles: f.roles.get(c.userId) ?? [], pinMatched: confirmed.has(c.userId) }));
}

/**
 * S1: only the safety advisor lifts, with a written resolution, confirmed by
 * their own PIN and a second person of another role. A refused lift is itself
 * recorded, so pressure to restart the work is never invisible.
 */
export const liftStop: Command<LiftInput, LiftFacts, object> = {
  name: 'stop.lift',
  async facts(tx, act) {
    const stop = await tx.repos.stops.byId(act.productionId, act.input.stopId);
    if (!stop) throw notFound('Stop not found');
    const roles = await tx.repos.members.rolesOf(act.productionId, act.input.confirmations.map((c) => c.userId));
    return { stop, roles };
  },
  decide: (f, act) => liftAllowed({ stopStatus: f.stop.status, caller: { userId: act.caller.user.id, roles: act.caller.roles }, resolution: act.input.resolution }),
  confirmations: (input) => input.confirmations,
  decideConfirmed: (f, act, confirmed) => liftConfirmed({ caller: { userId: act.caller.user.id, roles: act.caller.roles }, confirmations: confirmers(f, act.input.confirmations, confirmed) }),
  refusalData: (act) => ({ stopId: act.input.stopId }),
  refusalRefs: (f) => [f.stop.raised_entry],
  async apply(tx, f, act) {
    const { productionId, caller, input } = act;
    const all = new Set(input.confirmations.map((c) => c.userId));
    const second = secondConfirmer({ caller: { userId: caller.user.id, roles: caller.roles }, confirmations: confirmers(f, input.confirmations, all) })!;
    if (!(await tx.repos.stops.lift(productionId, input.stopId, { lifted_at: tx.now.toISOString(), lifted_by: caller.user.id, seconded_by: second.userId, resolution: input.resolution }))) {
      throw conflict('This stop was lifted meanwhile.');
    }
    const receipt = await tx.ledger.append(productionId, {
      type: 'stop.lifted',
      actor: { userId: caller.user.id },
      data: { stopId: input.stopId, resolution: input.resolution, secondedBy: second.userId },
      refs: [f.stop.raised_entry],
    });
    const view = await present(tx, (await tx.repos.stops.byId(productionId, input.stopId))!);
    await tx.publish(productionId, 'stop.lifted', { stop: view });
    tx.push({ type: 'stop.lifted', productionId, stopId: input.stopId });
    return { stop: view, receipt };
  },
};
