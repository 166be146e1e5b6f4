import { DEFAULT_ARMORY_SETTINGS } from '../../domain/armory/model.js';
import { f4Ammunition } from '../../domain/armory/rules.js';
import type { FirearmRow, LotRow } from '../../store/armory.js';
import { inTransaction, reader, uniquely, type ServiceDeps } from '../context.js';
import type { Command } from '../command.js';
import { notFound } from '../problem.js';
import { newId } from '../secrets.js';
import { presentFirearm, presentLot } from './present.js';

export interface FirearmInput {
  serial: string;
  make: string;
  model: string;
  kind: string;
}

/** A firearm enters the inventory; a serial already there is a 409, even when two devices send it at once. */
export const addFirearm: Command<FirearmInput, null, object> = {
  name: 'firearm.add',
  facts: async () => null,
  refusalData: (act) => ({ serial: act.input.serial }),
  async apply(tx, _facts, act) {
    const row: FirearmRow = {
      id: newId(),
      production_id: act.productionId,
      ...act.input,
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
    await uniquely(`A firearm with serial ${act.input.serial} is already in the inventory.`, () => tx.repos.armory.insertFirearm(row));
    const receipt = await tx.ledger.append(act.productionId, { type: 'firearm.added', actor: { userId: act.caller.user.id }, data: { firearmId: row.id, ...act.input } });
    return { firearm: presentFirearm(row), receipt };
  },
};

export interface LotInput {
  lot: string;
  kind: string;
  caliber: string;
  quantity: number;
  load?: string | null | undefined;
  verification?: { method: string } | undefined;
}

/** F4: blanks and verified dummies only. A refused live lot is recorded and alerted. */
export const addLot: Command<LotInput, null, object> = {
  name: 'ammunition.add',
  facts: async () => null,
  decide: (_f, act) => [f4Ammunition(act.input.kind, act.input.verification && { method: act.input.verification.method, byUserId: act.caller.user.id })],
  refusalData: ({ input }) => ({ lot: input.lot, kind: input.kind, caliber: input.caliber, quantity: input.quantity }),
  async onRefused(tx, act, _facts, refused) {
    await tx.publish(act.productionId, 'alert', {
      rule: 'F4',
      message: `${act.caller.user.name} tried to enter ammunition lot ${act.input.lot}: ${refused.map((r) => r.reason).join(' ')}`,
      notify: ['armorer', 'safety_advisor', 'producer'],
    });
  },
  async apply(tx, _facts, act) {
    const { input } = act;
    const verification = input.verification ? { method: input.verification.method, byUserId: act.caller.user.id } : null;
    const row: LotRow = {
      id: newId(),
      production_id: act.productionId,
      lot: input.lot,
      kind: input.kind as LotRow['kind'],
      caliber: input.caliber,
      quantity: input.quantity,
      load: input.load ?? null,
      verification: verification ? JSON.stringify(verification) : null,
      created_at: tx.now.toISOString(),
    };
    await uniquely(`Lot ${input.lot} is already in the inventory.`, () => tx.repos.armory.insertLot(row));
    const receipt = await tx.ledger.append(act.productionId, {
      type: 'ammunition.added',
      actor: { userId: act.caller.user.id },
      data: { lotId: row.id, lot: row.lot, kind: row.kind, caliber: row.caliber, quantity: row.quantity, load: row.load, verification },
    });
    return { lot: presentLot(row), receipt };
  },
};

function idleMessage(f: { make: string; model: string; serial: string }): string {
  return `${f.make} ${f.model} (${f.serial}) has been out of storage with no active scene for over ${DEFAULT_ARMORY_SETTINGS.idleOutsideStorageMinutes} minutes.`;
}

/** The armory board: where every firearm is, who holds it, hot or cold, and what needs attention. */
export async function armoryBoard(deps: ServiceDeps, productionId: string) {
  const repos = reader(deps);
  const now = deps.clock().getTime();
  const firearms = (await repos.armory.firearms(productionId)).map(presentFirearm);
  const totals = new Map((await repos.armory.roundTotals(productionId)).map((t) => [t.lotId, t]));
  const lots = (await repos.armory.lots(productionId)).map((row) => presentLot(row, totals.get(row.id)));
  const incident = await repos.armory.openIncident(productionId);
  const idleLimit = DEFAULT_ARMORY_SETTINGS.idleOutsideStorageMinutes * 60_000;
  const alerts = firearms
    .filter((f) => f.state !== 'stored' && f.sceneId === null && now - Date.parse(f.lastCustodyChangeAt) > idleLimit)
    .map((f) => ({ rule: 'F9', firearmId: f.id, message: idleMessage(f) }));
  const hold = incident && {
    incidentId: incident.id,
    since: incident.opened_at,
    kind: incident.kind,
    firearmId: incident.firearm_id,
    correctiveAction: incident.corrective_action && incident.corrected_by && incident.corrected_at ? { action: incident.corrective_action, by: incident.corrected_by, at: incident.corrected_at } : null,
    meetingSince: (await repos.schedule.meetingRecordedAfter(productionId, incident.opened_at)) !== undefined,
  };
  return { firearms, lots, alerts, hold: hold ?? null };
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
