import { f11Corrected } from '../../domain/armory/rules.js';
import type { UserRow } from '../../store/schema.js';
import type { Tx } from '../context.js';
import type { Command } from '../command.js';
import type { PinConfirmation } from '../pins.js';
import { conflict, notFound } from '../problem.js';
import { newId } from '../secrets.js';
import { stopWork } from '../stops.js';
import { openAutomaticConcern } from '../concerns/report.js';
import type { IncidentRow } from '../../store/armory.js';
import { presentIncident } from './present.js';

export type IncidentKind = IncidentRow['kind'];

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
export async function openIncident(
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
  await tx.publish(productionId, 'armory.hold', {
    hold: { incidentId: id, since: tx.now.toISOString(), kind, firearmId: at.firearmId, correctiveAction: null, meetingSince: false, escalation },
  });
  tx.push({ type: 'hold.placed', productionId, incidentId: id, kind });
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

export interface LiveRoundInput {
  description: string;
  location?: string | undefined;
  firearmId?: string | undefined;
}

/**
 * F4: anyone on set who finds a live round reports it. Firearm work stops at
 * once (the F11 path), and a critical firearms concern climbs the ladder.
 */
export const reportLiveRound: Command<LiveRoundInput, null, object> = {
  name: 'liveRound.report',
  async facts(tx, act) {
    if (act.input.firearmId && !(await tx.repos.armory.firearm(act.productionId, act.input.firearmId))) throw notFound('Firearm not found');
    return null;
  },
  refusalData: (act) => ({ firearmId: act.input.firearmId ?? null }),
  async apply(tx, _facts, act) {
    const { incidentId, receipt } = await openIncident(tx, act.productionId, act.caller.user, 'live_round', {
      firearmId: act.input.firearmId ?? null,
      ref: null,
      note: act.input.description,
      location: act.input.location,
    });
    const incident = (await tx.repos.armory.incident(act.productionId, incidentId))!;
    return { incident: presentIncident(incident), receipt };
  },
};

/** F11: the safety advisor's corrective action, confirmed with their own PIN; with a new safety meeting it lifts the hold. */
export const correctiveAction: Command<{ incidentId: string; action: string; confirmations: PinConfirmation[] }, IncidentRow, object> = {
  name: 'incident.correctiveAction',
  async facts(tx, act) {
    const incident = await tx.repos.armory.incident(act.productionId, act.input.incidentId);
    if (!incident) throw notFound('Incident not found');
    if (incident.closed_at) throw conflict('This incident is already closed.');
    return incident;
  },
  confirmations: (input) => input.confirmations,
  decideConfirmed: (_incident, act, confirmed) => [f11Corrected(confirmed, act.caller.user.id)],
  refusalData: (act) => ({ incidentId: act.input.incidentId }),
  refusalRefs: (incident) => [incident.opened_entry],
  async apply(tx, incident, act) {
    const { productionId, caller, input } = act;
    await tx.repos.armory.updateIncident(productionId, incident.id, { corrective_action: input.action, corrected_by: caller.user.id, corrected_at: tx.now.toISOString() });
    const receipt = await tx.ledger.append(productionId, {
      type: 'incident.correctiveAction',
      actor: { userId: caller.user.id },
      data: { incidentId: incident.id, action: input.action },
      refs: [incident.opened_entry],
    });
    await closeHoldIfResolved(tx, productionId, caller.user.id);
    return { incident: presentIncident((await tx.repos.armory.incident(productionId, incident.id))!), receipt };
  },
};

/** F11: the hold ends once the open incident has its corrective action and a safety meeting was recorded after it opened. */
export async function closeHoldIfResolved(tx: Tx, productionId: string, actorId: string, newMeetingId?: string) {
  const incident = await tx.repos.armory.openIncident(productionId);
  if (!incident?.corrected_at) return;
  const meeting = newMeetingId ? { id: newMeetingId } : await tx.repos.schedule.meetingRecordedAfter(productionId, incident.opened_at);
  if (!meeting) return;
  await tx.repos.armory.updateIncident(productionId, incident.id, { closed_at: tx.now.toISOString() });
  await tx.ledger.append(productionId, {
    type: 'incident.closed',
    actor: { userId: actorId },
    data: { incidentId: incident.id, meetingId: meeting.id },
    refs: [incident.opened_entry],
  });
  await tx.publish(productionId, 'armory.hold', { hold: null, released: incident.id });
  tx.push({ type: 'hold.lifted', productionId, incidentId: incident.id });
}
