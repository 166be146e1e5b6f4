/**
 * A safety rule's answer: allowed, or refused with the rule's id and a
 * sentence a person on set can act on. Refusals are values, never exceptions:
 * the use case records them in the ledger and commits.
 */
export type Decision = { allowed: true } | Refusal;

export interface Refusal {
  allowed: false;
  /** the rule id from SAFETY_RULES.md (F6, S1) or PIN */
  rule: string;
  /** what happened and what to do, in the set's words */
  reason: string;
}

export const allow: Decision = { allowed: true };

export function refuse(rule: string, reason: string): Refusal {
  return { allowed: false, rule, reason };
}

/** Every refusal among the decisions: a use case reports all the rules that refuse, not just the first. */
export function refusals(decisions: readonly Decision[]): Refusal[] {
  return decisions.filter((decision): decision is Refusal => !decision.allowed);
}
