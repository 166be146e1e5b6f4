import { allow, refuse, type Decision } from './refusal.js';

/** A person who typed their PIN to confirm a lift, with their roles on the production. */
export interface Confirmer {
  userId: string;
  roles: readonly string[];
  pinMatched: boolean;
}

export interface LiftRequest {
  stopStatus: 'active' | 'lifted';
  /** who asks to lift, with their roles */
  caller: { userId: string; roles: readonly string[] };
  resolution: string;
  confirmations: readonly Confirmer[];
}

/**
 * S1: a stop is lifted only by the safety advisor with a written resolution,
 * confirmed by a second person in a different role; nobody lifts it alone,
 * the producer included. Returns every rule that refuses.
 */
export function liftDecisions(request: LiftRequest): Decision[] {
  return [...liftAllowed(request), ...liftConfirmed(request)];
}

/** The part of S1 that is decided before anyone types a PIN: the stop is active, the caller is the safety advisor, the resolution is written. */
export function liftAllowed(request: Pick<LiftRequest, 'stopStatus' | 'caller' | 'resolution'>): Decision[] {
  return [
    request.stopStatus === 'active' ? allow : refuse('S1', 'rules.s1.lifted'),
    request.caller.roles.includes('safety_advisor')
      ? allow
      : refuse('S1', 'rules.s1.onlyAdvisor'),
    request.resolution.trim().length > 0 ? allow : refuse('S1', 'rules.s1.resolution'),
  ];
}

/** The part of S1 the PINs decide: the advisor's own, and a second person's of another role. */
export function liftConfirmed(request: Pick<LiftRequest, 'caller' | 'confirmations'>): Decision[] {
  const advisorConfirmed = request.confirmations.some((c) => c.userId === request.caller.userId && c.pinMatched);
  return [
    advisorConfirmed ? allow : refuse('S1', 'rules.s1.advisorPin'),
    secondConfirmer(request)
      ? allow
      : refuse('S1', 'rules.s1.secondPin'),
  ];
}

/**
 * S1: a device's acknowledgement says its holder saw the stop, so it counts
 * only from the person holding that device; nobody can hide someone else's
 * device from "not yet acknowledged".
 */
export function ackFromHolder(deviceHolderId: string | null, callerId: string): Decision {
  if (deviceHolderId === null || deviceHolderId === callerId) return allow;
  return refuse('S1', 'rules.s1.ownDevice');
}

/** The second person of a lift: not the caller, PIN matched, holding a role other than safety advisor. */
export function secondConfirmer({ caller, confirmations }: Pick<LiftRequest, 'caller' | 'confirmations'>): Confirmer | undefined {
  return confirmations.find((c) => c.userId !== caller.userId && c.pinMatched && c.roles.some((role) => role !== 'safety_advisor'));
}

/** S1: while a stop is active no firearm can be handed off. */
export function handOffDuringStop(activeStops: number): Decision {
  return activeStops === 0
    ? allow
    : refuse('S1', 'rules.s1.stopped');
}
