import { liftDecisions, secondConfirmer } from '../domain/stops.js';
import { refusals } from '../domain/refusal.js';
import type { StopRow } from '../store/stops.js';
import type { UserRow } from '../store/schema.js';
import { inTransaction, reader, type ServiceDeps, type Tx } from './context.js';
import { assessPins, pinRefusals, recordPinFailures, type PinConfirmation } from './identity.js';
import { conflict, notFound, type Refused } from './problem.js';
import { newId } from './secrets.js';
import type { Receipt } from './ledger.js';

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
}

/**
 * S1: anyone can stop work at once. An anonymous stop (or one raised with the
 * set's public code) stores nobody: no user, address, agent or device.
 */
export async function raiseStop(deps: ServiceDeps, productionId: string, raiser: UserRow | null, input: RaiseInput) {
  const named = raiser && !input.anonymous ? raiser : null;
  return inTransaction(deps, (tx) => stopWork(tx, productionId, named ? { userId: named.id } : null, input));
}

/**
 * Stops work inside the caller's transaction: also how an unintended discharge
 * stops the set on its own (F11). `raisedBy` null stores nobody.
 */
export async function stopWork(tx: Tx, productionId: string, raisedBy: { userId: string } | null, input: RaiseInput & { refs?: number[] }) {
  const id = newId();
  const receipt = await tx.ledger.append(productionId, {
    type: 'stop.raised',
    actor: raisedBy ?? { anonymous: true },
    data: { stopId: id, reason: input.reason ?? null, location: input.location ?? null },
    refs: input.refs ?? [],
  });
  const row: StopRow = {
    id,
    production_id: productionId,
    status: 'active',
    reason: input.reason ?? null,
    location: input.location ?? null,
    raised_by: raisedBy?.userId ?? null,
    raised_at: tx.now.toISOString(),
    raised_entry: receipt.index,
    lifted_at: null,
    lifted_by: null,
    seconded_by: null,
    resolution: null,
  };
  await tx.repos.stops.insert(row);
  const stop = await present(tx, row);
  await tx.publish(productionId, 'stop.raised', { stop });
  return { stop, receipt };
}

export async function raiseStopBySetCode(deps: ServiceDeps, setCode: string, input: RaiseInput) {
  const production = await reader(deps).productions.bySetCode(setCode.toUpperCase());
  if (!production) throw notFound('No set has this code');
  const { stop, receipt } = await raiseStop(deps, production.id, null, { ...input, anonymous: true });
  return { stop, receipt, production: { id: production.id, name: production.name } };
}

/** A device shows the stop and its holder acknowledged it; the 1st AD sees who has not. */
export async function acknowledgeStop(deps: ServiceDeps, productionId: string, user: UserRow, stopId: string, deviceId: string) {
  await inTransaction(deps, async (tx) => {
    const stop = await tx.repos.stops.byId(productionId, stopId);
    if (!stop) throw notFound('Stop not found');
    const at = tx.now.toISOString();
    const fresh = await tx.repos.stops.ack({ stop_id: stopId, production_id: productionId, device_id: deviceId, user_id: user.id, at });
    if (!fresh) return;
    await tx.ledger.append(productionId, {
      type: 'stop.acknowledged',
      actor: { userId: user.id },
      data: { stopId, deviceId },
      refs: [stop.raised_entry],
    });
    await tx.publish(productionId, 'stop.acked', { stopId, deviceId, userId: user.id, at });
  });
}

export async function getStop(deps: ServiceDeps, productionId: string, stopId: string, presenceWindowMs: number) {
  const repos = reader(deps);
  const row = await repos.stops.byId(productionId, stopId);
  if (!row) throw notFound('Stop not found');
  const acks = (await repos.stops.acks(stopId)).map((a) => ({ deviceId: a.device_id, userId: a.user_id, at: a.at }));
  const acked = new Set(acks.map((a) => a.deviceId));
  const since = new Date(deps.clock().getTime() - presenceWindowMs).toISOString();
  const connected = await repos.live.connected(productionId, since);
  const unacknowledged = row.status === 'active' ? connected.filter((d) => !acked.has(d.device_id)).map((d) => d.device_id) : [];
  const people = new Map(
    (await repos.members.list(productionId)).map((m) => [m.userId, m.name]),
  );
  return {
    stop: await present({ repos }, row),
    acks: acks.map((a) => ({ ...a, name: people.get(a.userId) ?? null })),
    unacknowledged,
    unacknowledgedDevices: connected
      .filter((d) => unacknowledged.includes(d.device_id))
      .map((d) => ({ deviceId: d.device_id, userId: d.user_id, name: people.get(d.user_id) ?? null })),
  };
}

/** Every active stop, then the most recent lifted ones. */
export async function listStops(deps: ServiceDeps, productionId: string) {
  const repos = reader(deps);
  const active = await repos.stops.active(productionId);
  const lifted = (await repos.stops.recent(productionId, 20)).filter((row) => row.status === 'lifted');
  return { stops: await Promise.all([...active, ...lifted].map((row) => present({ repos }, row))) };
}

/**
 * S1: only the safety advisor lifts, with a written resolution, confirmed by
 * their own PIN and a second person of another role. A refused lift is itself
 * recorded, so pressure to restart the work is never invisible.
 */
export async function liftStop(
  deps: ServiceDeps,
  productionId: string,
  caller: UserRow,
  stopId: string,
  input: { resolution: string; confirmations: PinConfirmation[] },
): Promise<{ stop: StopView; receipt: Receipt } | Refused> {
  const pins = await assessPins(deps, productionId, input.confirmations);
  return inTransaction(deps, async (tx) => {
    const stop = await tx.repos.stops.byId(productionId, stopId);
    if (!stop) throw notFound('Stop not found');
    const callerRoles = (await tx.repos.members.roles(productionId, caller.id)) ?? [];
    const confirmers = await Promise.all(
      pins.map(async (p) => ({
        userId: p.userId,
        pinMatched: p.matched,
        roles: (await tx.repos.members.roles(productionId, p.userId)) ?? [],
      })),
    );
    const request = { stopStatus: stop.status, caller: { userId: caller.id, roles: callerRoles }, resolution: input.resolution, confirmations: confirmers };
    const refused = [...refusals(liftDecisions(request)), ...(await pinRefusals(tx, pins))].map(({ rule, reason }) => ({ rule, reason }));
    if (refused.length > 0) {
      await recordPinFailures(tx, pins);
      const receipt = await tx.ledger.append(productionId, {
        type: 'stop.lift.refused',
        actor: { userId: caller.id },
        data: { stopId, refusals: refused, confirmedBy: pins.filter((p) => p.matched).map((p) => p.userId) },
        refs: [stop.raised_entry],
      });
      return { refused, receipt };
    }
    const second = secondConfirmer(request)!;
    const liftedAt = tx.now.toISOString();
    if (!(await tx.repos.stops.lift(productionId, stopId, { lifted_at: liftedAt, lifted_by: caller.id, seconded_by: second.userId, resolution: input.resolution }))) {
      throw conflict('This stop was lifted meanwhile.');
    }
    const receipt = await tx.ledger.append(productionId, {
      type: 'stop.lifted',
      actor: { userId: caller.id },
      data: { stopId, resolution: input.resolution, secondedBy: second.userId },
      refs: [stop.raised_entry],
    });
    const view = await present(tx, (await tx.repos.stops.byId(productionId, stopId))!);
    await tx.publish(productionId, 'stop.lifted', { stop: view });
    return { stop: view, receipt };
  });
}
