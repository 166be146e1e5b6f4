import { f10Consulted } from '../../domain/armory/rules.js';
import type { Member } from '../../domain/armory/model.js';
import type { Command } from '../command.js';
import type { PinConfirmation } from '../pins.js';
import { notFound } from '../problem.js';
import { newId } from '../secrets.js';
import { closeHoldIfResolved } from '../armory/incidents.js';
import { membersOf } from './facts.js';

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
export const recordMeeting: Command<MeetingInput, null, object> = {
  name: 'safetyMeeting.record',
  async facts(tx, act) {
    const { productionId, input } = act;
    const day = await tx.repos.schedule.shootDay(productionId, input.shootDayId);
    if (!day) throw notFound('Shoot day not found');
    if (input.sceneIds.some((id) => !day.sceneIds.includes(id))) throw notFound('Scene not found on this shoot day');
    const members = await tx.repos.members.whichAre(productionId, input.attendeeIds);
    if (input.attendeeIds.some((id) => !members.has(id))) throw notFound('Member not found');
    return null;
  },
  refusalData: (act) => ({ shootDayId: act.input.shootDayId }),
  async apply(tx, _facts, act) {
    const { productionId, caller, input } = act;
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
      recorded_by: caller.user.id,
      created_at: tx.now.toISOString(),
    };
    await tx.repos.schedule.insertMeeting(meeting);
    const receipt = await tx.ledger.append(productionId, { type: 'safetyMeeting.recorded', actor: { userId: caller.user.id }, data: { meetingId: meeting.id, ...input } });
    // Recorded while an incident is open, so it is the new meeting F11 asks for.
    await closeHoldIfResolved(tx, productionId, caller.user.id, meeting.id);
    return { meeting: { id: meeting.id, ...input, recordedBy: caller.user.id }, receipt };
  },
};

export interface ConsultationInput {
  sceneId: string;
  plan: string;
  confirmations: PinConfirmation[];
}

/** F10: the armorer and the safety advisor each confirm the plan with their PIN. */
export const recordConsultation: Command<ConsultationInput, Map<string, Member>, object> = {
  name: 'consultation.record',
  async facts(tx, act) {
    const [scene] = await tx.repos.schedule.scenes(act.productionId, [act.input.sceneId]);
    if (!scene) throw notFound('Scene not found');
    return membersOf(tx.repos, act.productionId);
  },
  confirmations: (input) => input.confirmations,
  decideConfirmed: (members, _act, confirmed) => [f10Consulted([...confirmed].map((id) => members.get(id)).filter((m): m is Member => m !== undefined)).decision],
  refusalData: (act) => ({ sceneId: act.input.sceneId }),
  async apply(tx, members, act) {
    const { productionId, caller, input } = act;
    const { armorerId, advisorId } = f10Consulted([...new Set(input.confirmations.map((c) => c.userId))].map((id) => members.get(id)!));
    const consultation = { id: newId(), production_id: productionId, scene_id: input.sceneId, plan: input.plan, armorer_id: armorerId!, advisor_id: advisorId!, created_at: tx.now.toISOString() };
    await tx.repos.schedule.insertConsultation(consultation);
    const answer = { consultationId: consultation.id, sceneId: input.sceneId, plan: input.plan, armorerId: armorerId!, advisorId: advisorId! };
    const receipt = await tx.ledger.append(productionId, { type: 'consultation.recorded', actor: { userId: caller.user.id }, data: answer });
    const { consultationId, ...rest } = answer;
    return { consultation: { id: consultationId, ...rest }, receipt };
  },
};
