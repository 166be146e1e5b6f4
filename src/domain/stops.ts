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
  const { caller, confirmations } = request;
  const advisorConfirmed = confirmations.some((c) => c.userId === caller.userId && c.pinMatched);
  const second = secondConfirmer(request);
  return [
    request.stopStatus === 'active' ? allow : refuse('S1', 'This stop has already been lifted.'),
    caller.roles.includes('safety_advisor')
      ? allow
      : refuse('S1', 'Only the safety advisor can lift a stop. Ask the safety advisor to review it with you.'),
    request.resolution.trim().length > 0 ? allow : refuse('S1', 'Write down how the problem was resolved before lifting the stop.'),
    advisorConfirmed ? allow : refuse('S1', 'The safety advisor must confirm the lift with their own PIN.'),
    second
      ? allow
      : refuse('S1', 'A second person in a different role must confirm the lift with their PIN: nobody lifts a stop alone.'),
  ];
}

/** The second person of a lift: not the caller, PIN matched, holding a role other than safety advisor. */
export function secondConfirmer({ caller, confirmations }: Pick<LiftRequest, 'caller' | 'confirmations'>): Confirmer | undefined {
  return confirmations.find((c) => c.userId !== caller.userId && c.pinMatched && c.roles.some((role) => role !== 'safety_advisor'));
}

/** S1: while a stop is active no firearm can be handed off. */
export function handOffDuringStop(activeStops: number): Decision {
  return activeStops === 0
    ? allow
    : refuse('S1', 'Work is stopped on this production. No firearm can be handed off until the stop is lifted.');
}
