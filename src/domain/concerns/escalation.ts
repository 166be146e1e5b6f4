/**
 * S2: a concern that nobody acknowledges climbs the ladder on its own. Pure:
 * the service stores the deadline, the scheduler wakes at it, and these
 * functions say what happens then.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = [
  'firearms',
  'stunts',
  'rigging',
  'vehicles',
  'pyro',
  'electrical',
  'fatigue',
  'health',
  'harassment',
  'environment',
  'other',
] as const;

/** Minutes to acknowledge at each level, per severity. */
export type Deadlines = Record<Severity, number>;

export interface LadderLevel {
  /** members holding any of these roles handle the concern at this level */
  roles: string[];
  /** people without an account (union rep, studio safety), reached by email */
  emails: string[];
  deadlines: Deadlines;
}

/** SAFETY_RULES.md S2 defaults: critical 15 min, high 2 h, medium 24 h, low 72 h. */
export const DEFAULT_DEADLINES: Deadlines = { critical: 15, high: 120, medium: 1440, low: 4320 };

/** department head / safety advisor -> UPM / producer -> external contacts. */
export const DEFAULT_LADDER: LadderLevel[] = [
  { roles: ['department_head', 'safety_advisor'], emails: [], deadlines: DEFAULT_DEADLINES },
  { roles: ['upm', 'producer'], emails: [], deadlines: DEFAULT_DEADLINES },
  { roles: [], emails: [], deadlines: DEFAULT_DEADLINES },
];

export interface Person {
  userId: string;
  roles: readonly string[];
  email: string;
}

/** When the concern must be acknowledged at `level`, or null at the top of the ladder (nowhere left to climb). */
export function ackDeadline(ladder: readonly LadderLevel[], level: number, severity: Severity, since: Date): Date | null {
  const current = ladder[level];
  if (!current || level >= ladder.length - 1) return null;
  return new Date(since.getTime() + current.deadlines[severity] * 60_000);
}

/**
 * Who is routed the concern at a level: members holding the level's roles and
 * its external emails, never anyone the reporter implicated (nor their email).
 */
export function recipients(level: LadderLevel, members: readonly Person[], implicated: readonly string[]) {
  const excluded = new Set(implicated);
  const excludedEmails = new Set(members.filter((m) => excluded.has(m.userId)).map((m) => m.email.toLowerCase()));
  const people = members.filter((m) => !excluded.has(m.userId) && m.roles.some((role) => level.roles.includes(role)));
  const emails = level.emails.filter((email) => !excludedEmails.has(email.toLowerCase()));
  return { userIds: people.map((p) => p.userId), emails: [...new Set([...people.map((p) => p.email), ...emails])] };
}

export interface EscalationState {
  status: 'open' | 'acknowledged' | 'resolved';
  level: number;
  severity: Severity;
  /** when it reached its current level */
  levelSince: Date;
}

/**
 * What the scheduler does at `now`: nothing (acknowledged, resolved, not yet
 * due, or already at the top), or climb one level. A level whose deadline has
 * long passed climbs one step at a time, each with its own notification.
 */
export function nextStep(ladder: readonly LadderLevel[], state: EscalationState, now: Date): { climbTo: number; at: Date } | null {
  if (state.status !== 'open') return null;
  const due = ackDeadline(ladder, state.level, state.severity, state.levelSince);
  if (!due || due.getTime() > now.getTime()) return null;
  return { climbTo: state.level + 1, at: due };
}

/**
 * F11 and S2 together: a live round found or an unintended discharge opens a
 * critical firearms concern; a second one on the production starts at the top.
 */
export function automaticConcernLevel(ladder: readonly LadderLevel[], previousOccurrences: number): number {
  return previousOccurrences >= 1 ? ladder.length - 1 : 0;
}
