import { allow, refuse, type Decision } from '../refusal.js';
import { handOffDuringStop } from '../stops.js';
import {
  involvesFirearms,
  type ArmorySettings,
  type Firearm,
  type Load,
  type Member,
  type RoundCount,
  type SafetyMeeting,
  type Scene,
  type ShootDay,
} from './model.js';

/** The armorer role; a property master may act as armorer only while holding it too (F6). */
export function isArmorer(member: Pick<Member, 'roles'> | undefined): boolean {
  return member?.roles.includes('armorer') ?? false;
}

/** The armorer of the day: the member rostered with the `armorer` duty on that day. */
export function armorerOfDay(day: ShootDay): string | undefined {
  return day.duties.find((d) => d.duty === 'armorer')?.userId;
}

/** F1: a day with firearm scenes needs a trained armorer on its roster before a firearm leaves storage. */
export function f1ArmorerOnDuty(day: ShootDay, members: ReadonlyMap<string, Member>): Decision {
  const armorerId = armorerOfDay(day);
  const armorer = armorerId ? members.get(armorerId) : undefined;
  if (!armorer || !isArmorer(armorer)) {
    return refuse('F1', 'rules.f1.noArmorer');
  }
  if (!armorer.trained) {
    return refuse('F1', 'rules.f1.untrained');
  }
  return allow;
}

/**
 * F1: a firearm leaves storage for a day still to be shot: not a day that is
 * over, nor one already wrapped (its rounds were reconciled, F9).
 */
export function f1DayOpen(day: { date: string; wrappedAt: string | null }, today: string): Decision {
  if (day.wrappedAt) return refuse('F1', 'rules.f1.dayWrapped', { date: day.date });
  if (day.date < today) return refuse('F1', 'rules.f1.dayOver', { date: day.date });
  return allow;
}

/**
 * F1: a firearm out of storage works the day it was checked out for. Another
 * day's work starts from storage under that day's armorer, so its rounds are
 * counted at that day's wrap (F9).
 */
export function f1CheckedOutFor(firearm: Pick<Firearm, 'state' | 'shootDayId'>, day: ShootDay): Decision {
  if (firearm.state === 'stored' || firearm.shootDayId === day.id) return allow;
  return refuse('F1', 'rules.f1.otherDay');
}

/** F2: the armorer of the day holds no other duty that day. */
export function f2NoOtherDuty(day: ShootDay, armorerId: string): Decision {
  const others = day.duties.filter((d) => d.userId === armorerId && d.duty !== 'armorer').map((d) => d.duty);
  return others.length === 0
    ? allow
    : refuse('F2', 'rules.f2.otherDuty', { duties: { list: others.map((duty) => `rules.duty.${duty}`), join: 'comma' } });
}

/** F3: every day with firearm scenes has an armorer booked. Returns the uncovered days (an alert, not a block). */
export function f3UncoveredDays(days: readonly ShootDay[], scenes: ReadonlyMap<string, Scene>): ShootDay[] {
  return days.filter((day) => day.sceneIds.some((id) => scenes.get(id) && involvesFirearms(scenes.get(id)!)) && !armorerOfDay(day));
}

/** F4: live ammunition is never accepted; a dummy lot needs a recorded verification. */
export function f4Ammunition(kind: string, verification: { method: string; byUserId: string } | undefined): Decision {
  if (kind === 'live') {
    return refuse('F4', 'rules.f4.live');
  }
  if (kind === 'dummy' && (!verification || verification.method.trim() === '')) {
    return refuse('F4', 'rules.f4.dummyUnverified');
  }
  return allow;
}

/** F5: the first hand-off for a scene on a day needs that day's safety meeting for the scene, complete. */
export function f5SafetyMeeting(meetings: readonly SafetyMeeting[], shootDayId: string, sceneId: string): Decision {
  const meeting = meetings.find((m) => m.shootDayId === shootDayId && m.sceneIds.includes(sceneId));
  if (!meeting) {
    return refuse('F5', 'rules.f5.noMeeting');
  }
  const missing = [
    meeting.attendeeIds.length === 0 && 'rules.meetingPart.attendees',
    !meeting.walkthrough && 'rules.meetingPart.walkthrough',
    meeting.abortPlan.trim() === '' && 'rules.meetingPart.abortPlan',
    meeting.emergencyPlan.trim() === '' && 'rules.meetingPart.emergencyPlan',
  ].filter((part): part is string => typeof part === 'string');
  return missing.length === 0 ? allow : refuse('F5', 'rules.f5.meetingMissing', { missing: { list: missing, join: 'comma' } });
}

export type CustodyAction = 'check_out' | 'hand_off' | 'return' | 'check_in';

const MOVES: Record<CustodyAction, { from: Firearm['state']; to: Firearm['state'] }> = {
  check_out: { from: 'stored', to: 'with_armorer' },
  hand_off: { from: 'with_armorer', to: 'with_performer' },
  return: { from: 'with_performer', to: 'with_armorer' },
  check_in: { from: 'with_armorer', to: 'stored' },
};

/**
 * F6: custody moves only storage -> armorer -> performer -> armorer -> storage,
 * and only the armorer moves it. Anyone else (the 1st AD included) is refused.
 */
export function f6Custody(action: CustodyAction, firearm: Firearm, actor: Member | undefined, recipient?: Member): Decision {
  if (!isArmorer(actor)) {
    return refuse('F6', 'rules.f6.onlyArmorer');
  }
  const move = MOVES[action];
  if (firearm.state !== move.from) {
    return refuse('F6', 'rules.f6.wrongState', { state: firearm.state, action });
  }
  if (action !== 'check_out' && firearm.holderId !== actor!.userId && firearm.state === 'with_armorer') {
    return refuse('F6', 'rules.f6.otherArmorer');
  }
  if (action === 'hand_off' && (!recipient || !recipient.roles.includes('performer'))) {
    return refuse('F6', 'rules.f6.performerOnly');
  }
  return allow;
}

/**
 * F7: before a hand-off the armorer inspected the firearm after its last custody
 * change and within the window; the performer and the 1st AD confirmed with their PIN.
 */
export function f7Inspected(firearm: Firearm, armorerId: string, now: string, settings: ArmorySettings): Decision {
  const inspection = firearm.latestInspection;
  if (!inspection || inspection.at < firearm.lastCustodyChangeAt || inspection.byUserId !== armorerId) {
    return refuse('F7', 'rules.f7.notInspected');
  }
  const ageMinutes = (Date.parse(now) - Date.parse(inspection.at)) / 60_000;
  if (ageMinutes > settings.inspectionWindowMinutes) {
    return refuse('F7', 'rules.f7.stale', { count: Math.floor(ageMinutes), limit: settings.inspectionWindowMinutes });
  }
  if (!inspection.barrelClear) return refuse('F7', 'rules.f7.barrel');
  return allow;
}

export function f7Confirmed(confirmed: ReadonlySet<string>, performerId: string, firstAdIds: readonly string[]): Decision {
  const performer = confirmed.has(performerId);
  const firstAd = firstAdIds.some((id) => confirmed.has(id));
  if (performer && firstAd) return allow;
  if (performer) return refuse('F7', 'rules.f7.confirmFirstAd');
  return refuse('F7', firstAd ? 'rules.f7.confirmPerformer' : 'rules.f7.confirmBoth');
}

/** F10: a shot aimed toward a person or the camera needs a consultation on record before hand-off. */
export function f10Consultation(scene: Scene, consulted: boolean): Decision {
  if (!scene.aimedAtPerson || consulted) return allow;
  return refuse('F10', 'rules.f10.consultation');
}

/** F10: the consultation is confirmed by the armorer and by the safety advisor, two people, each with their PIN. */
export function f10Consulted(confirmed: readonly Member[]): { decision: Decision; armorerId?: string; advisorId?: string } {
  const armorer = confirmed.find((m) => isArmorer(m));
  const advisor = confirmed.find((m) => m.roles.includes('safety_advisor') && m.userId !== armorer?.userId);
  if (!armorer || !advisor) return { decision: refuse('F10', 'rules.f10.pins') };
  return { decision: allow, armorerId: armorer.userId, advisorId: advisor.userId };
}

/** F11: an open incident holds every firearm until a corrective action and a new safety meeting. */
export function f11NoHold(hold: { incidentId: string } | null): Decision {
  return hold ? refuse('F11', 'rules.f11.hold') : allow;
}

/** F11: the safety advisor confirms a corrective action with their own PIN. */
export function f11Corrected(confirmed: ReadonlySet<string>, advisorId: string): Decision {
  return confirmed.has(advisorId) ? allow : refuse('F11', 'rules.f11.corrected');
}

/** F12: the person receiving a firearm has firearms safety training on file. */
export function f12Trained(recipient: Member | undefined): Decision {
  return recipient?.trained ? allow : refuse('F12', 'rules.f12.untrained');
}

export interface HandOffFacts {
  firearm: Firearm;
  actor: Member | undefined;
  recipient: Member | undefined;
  /** everyone on the production, for the day's armorer (F1) */
  members: ReadonlyMap<string, Member>;
  day: ShootDay;
  scene: Scene;
  meetings: readonly SafetyMeeting[];
  consulted: boolean;
  hold: { incidentId: string } | null;
  activeStops: number;
  now: string;
  settings: ArmorySettings;
}

/**
 * Every rule a hand-off answers to before anyone types a PIN; the command
 * reports all that refuse. F6 comes first: who may hand a firearm over at all.
 * The PIN confirmations (F7) are asked only once these allow.
 */
export function handOffDecisions(f: HandOffFacts): Decision[] {
  const armorerId = f.actor?.userId ?? '';
  return [
    f6Custody('hand_off', f.firearm, f.actor, f.recipient),
    f1ArmorerOnDuty(f.day, f.members),
    f1CheckedOutFor(f.firearm, f.day),
    f2NoOtherDuty(f.day, armorerId),
    f5SafetyMeeting(f.meetings, f.day.id, f.scene.id),
    f7Inspected(f.firearm, armorerId, f.now, f.settings),
    f10Consultation(f.scene, f.consulted),
    f11NoHold(f.hold),
    f12Trained(f.recipient),
    handOffDuringStop(f.activeStops),
  ];
}

/** F8: only the armorer, with the firearm in hand, inspects and so declares it hot or cold. */
export function inspectionAllowed(firearm: Firearm, me: Member | undefined): Decision {
  if (!isArmorer(me)) return refuse('F8', 'rules.f8.onlyArmorer');
  if (firearm.state !== 'with_armorer' || firearm.holderId !== me!.userId) {
    return refuse('F8', 'rules.f8.holdIt');
  }
  return allow;
}

/**
 * F8 and F4: an inspection declares what is in the firearm, lot by lot; an
 * empty one holds nothing, a loaded one names its rounds, and blanks and
 * dummies never mix.
 */
export function roundProblems(load: Load, rounds: readonly RoundCount[], lots: ReadonlyMap<string, { lot: string; kind: string }>): Decision[] {
  const counted = rounds.filter((r) => r.count > 0);
  const problems: Decision[] = [];
  if (load === 'empty' && counted.length > 0) problems.push(refuse('F8', 'rules.f8.emptyHolds'));
  if (load !== 'empty' && counted.length === 0) problems.push(refuse('F8', 'rules.f8.nameRounds', { load }));
  for (const round of counted) {
    const lot = lots.get(round.lotId);
    if (lot && load !== 'empty' && lot.kind !== load) problems.push(refuse('F4', 'rules.f4.mixed', { lot: lot.lot, kind: lot.kind, load }));
  }
  return problems;
}

/** F6: a firearm is taken back from the person who holds it. */
export function returnFrom(firearm: Pick<Firearm, 'holderId'>, fromUserId: string): Decision {
  return firearm.holderId === fromUserId ? allow : refuse('F6', 'rules.f6.heldByOther');
}

/** The performer confirms the return with their PIN. */
export function returnConfirmed(confirmed: ReadonlySet<string>, fromUserId: string): Decision {
  return confirmed.has(fromUserId) ? allow : refuse('PIN', 'rules.pin.returnConfirmed');
}

const DISCHARGE_RECORDERS = ['armorer', 'safety_advisor', 'first_ad'];

/** F6: a discharge or a misfire is recorded by the armorer, the safety advisor or the 1st AD. */
export function mayRecordDischarge(me: Member | undefined, what: 'discharge' | 'misfire'): Decision {
  if (me?.roles.some((role) => DISCHARGE_RECORDERS.includes(role))) return allow;
  return refuse('F6', what === 'discharge' ? 'rules.f6.discharge' : 'rules.f6.misfire');
}

/** F7 and F9: back into storage only inspected since it last changed hands, and empty, so every round went back to its lot. */
export function uninspectedCheckIn(firearm: Firearm, loaded: readonly RoundCount[]): Decision {
  if (!firearm.latestInspection || firearm.latestInspection.at < firearm.lastCustodyChangeAt) {
    return refuse('F7', 'rules.f7.checkIn');
  }
  if (loaded.length > 0) return refuse('F9', 'rules.f9.unload');
  return allow;
}

/** F9: at wrap every firearm is in storage and every round is accounted for (issued = fired + returned, per lot). */
export function f9Wrap(
  firearms: readonly Firearm[],
  lots: ReadonlyArray<{ lotId: string; label?: string | undefined; issued: number; fired: number; returned: number }>,
): Decision[] {
  return [
    ...firearms
      .filter((f) => f.state !== 'stored')
      .map((f) => (f.label === undefined ? refuse('F9', 'rules.f9.notStoredUnnamed', { id: f.id }) : refuse('F9', 'rules.f9.notStored', { firearm: f.label }))),
    ...lots
      .filter((lot) => lot.issued !== lot.fired + lot.returned)
      .map((lot) =>
        refuse('F9', 'rules.f9.missingRounds', {
          lot: lot.label ?? lot.lotId,
          issued: lot.issued,
          fired: lot.fired,
          returned: lot.returned,
          count: lot.issued - lot.fired - lot.returned,
        }),
      ),
  ];
}

/** F9: a day wraps once; its reconciliation stands as it was recorded. */
export function f9WrapOnce(wrappedAt: string): Decision {
  return refuse('F9', 'rules.f9.wrapped', { at: wrappedAt });
}

/** F12: a request of the armorer's for training or time is never denied silently: a denial carries a reason. */
export function f12Decision(decision: 'granted' | 'denied', reason: string | null | undefined): Decision {
  if (decision === 'granted' || (reason && reason.trim().length > 0)) return allow;
  return refuse('F12', 'rules.f12.denialReason');
}
