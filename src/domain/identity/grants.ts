import { allow, refuse, type Decision, type Refusal } from '../refusal.js';

/**
 * The roles that decide: the safety advisor lifts stops and, with the
 * producer, configures the rules; the armorer alone moves firearms. Nobody
 * hands these out alone, least of all to themselves.
 */
export const DECIDING_ROLES: readonly string[] = ['safety_advisor', 'armorer'];

/** The deciding roles a change grants or removes. */
export function decidingChanges(before: readonly string[], after: readonly string[]): string[] {
  return DECIDING_ROLES.filter((role) => before.includes(role) !== after.includes(role));
}

export interface RoleChangeFacts {
  caller: { userId: string; roles: readonly string[] };
  /** the roles the person holds now ([] when they are being added) and the roles asked for */
  before: readonly string[];
  after: readonly string[];
  /** who holds the safety advisor role now */
  advisors: readonly string[];
  /** a change of this person's roles waiting for its second confirmation */
  proposal: { roles: readonly string[]; by: string; byRoles: readonly string[] } | null;
}

export type RoleChange =
  /** touches no deciding role: the role table already allowed it */
  | { kind: 'apply' }
  /** the production has no safety advisor yet: the producer grants alone, on the record and alerted */
  | { kind: 'unconfirmed' }
  /** the first of the producer and the safety advisor: waits for the other */
  | { kind: 'propose' }
  /** the second, agreeing with the first: it takes effect */
  | { kind: 'confirm'; proposedBy: string };

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((role) => b.includes(role));

/**
 * Granting or removing a deciding role takes the producer and the current
 * safety advisor together: one proposes, the other (another person) confirms
 * the same change. Where there is no safety advisor yet, the producer grants
 * alone and the grant is recorded and alerted. Anything else is refused.
 */
export function roleChange(f: RoleChangeFacts): RoleChange | Refusal {
  const deciding = decidingChanges(f.before, f.after);
  const producer = f.caller.roles.includes('producer');
  const advisor = f.caller.roles.includes('safety_advisor');
  if (deciding.length === 0) {
    return producer || f.caller.roles.includes('upm') ? { kind: 'apply' } : refuse('ROLES', 'rules.roles.producerOrUpm');
  }
  if (!producer && !advisor) {
    return refuse('ROLES', 'rules.roles.together');
  }
  if (f.advisors.length === 0) {
    return producer ? { kind: 'unconfirmed' } : refuse('ROLES', 'rules.roles.noAdvisor');
  }
  const p = f.proposal;
  if (p && sameRoles(p.roles, f.after) && completesProposal(p, f.caller)) return { kind: 'confirm', proposedBy: p.by };
  return { kind: 'propose' };
}

/** The role change as a rule decision, for the command pipeline. */
export function roleChangeDecision(f: RoleChangeFacts): Decision {
  const change = roleChange(f);
  return 'allowed' in change ? change : allow;
}

/** Who a waiting proposal needs next. */
export function waitingFor(byRoles: readonly string[]): 'producer' | 'safety_advisor' | 'safety_advisor or producer' {
  const producer = byRoles.includes('producer');
  const advisor = byRoles.includes('safety_advisor');
  if (producer && !advisor) return 'safety_advisor';
  if (advisor && !producer) return 'producer';
  return 'safety_advisor or producer';
}

/** A setting or a role change waiting for the second of the producer and the safety advisor. */
export interface TwoPersonProposal {
  by: string;
  byRoles: readonly string[];
}

/**
 * Whether the caller completes a proposal: another person, holding the role
 * the proposer lacks (the producer for the safety advisor's proposal, and the
 * other way round). The proposal must be of the same change; the caller's
 * service compares that.
 */
export function completesProposal(proposal: TwoPersonProposal | null, caller: { userId: string; roles: readonly string[] }): boolean {
  if (!proposal || proposal.by === caller.userId) return false;
  const producer = caller.roles.includes('producer');
  const advisor = caller.roles.includes('safety_advisor');
  return (proposal.byRoles.includes('producer') && advisor) || (proposal.byRoles.includes('safety_advisor') && producer);
}

/** Who acts when someone on set is hurt, and so reads the crew's emergency contacts. */
const EMERGENCY_ROLES = ['producer', 'upm', 'first_ad', 'safety_advisor', 'medic'];

export function seesEmergencyContacts(roles: readonly string[]): boolean {
  return roles.some((role) => EMERGENCY_ROLES.includes(role));
}

/** A person's contact details are theirs to set, or the producer's, the UPM's or the 1st AD's. */
export function mayEditContact(callerId: string, callerRoles: readonly string[], userId: string): Decision {
  if (callerId === userId || callerRoles.some((role) => role === 'producer' || role === 'upm' || role === 'first_ad')) return allow;
  return refuse('ROLES', 'rules.roles.contact');
}

/**
 * Removing someone from the production: never its last producer, and never
 * someone holding a deciding role, who gives it up first (the producer and
 * the safety advisor together).
 */
export function removalDecision(roles: readonly string[], producers: readonly string[], userId: string): Decision {
  if (roles.includes('producer') && producers.length === 1 && producers[0] === userId) {
    return refuse('ROLES', 'rules.roles.lastProducer');
  }
  const deciding = roles.filter((role) => DECIDING_ROLES.includes(role));
  if (deciding.length > 0) {
    return refuse('ROLES', 'rules.roles.takeAway', { roles: { list: deciding.map((role) => `rules.role.${role}`), join: 'and' } });
  }
  return allow;
}
