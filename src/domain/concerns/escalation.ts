import { allow, refuse, type Decision } from '../refusal.js';

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

/** What the handling rules need to know about one concern. */
export interface ConcernAccess {
  level: number;
  reporterId: string | null;
  implicated: readonly string[];
}

/**
 * A member's standing on a concern: implicated people are strangers to it at
 * every level; a reporter who also handles it at a level it reached is a handler.
 */
export function standing(
  ladder: readonly LadderLevel[],
  concern: ConcernAccess,
  viewer: { userId: string; roles: readonly string[] },
): 'implicated' | 'reporter' | 'handler' | 'none' {
  if (concern.implicated.includes(viewer.userId)) return 'implicated';
  const reached = ladder.slice(0, concern.level + 1);
  if (reached.some((level) => level.roles.some((role) => viewer.roles.includes(role)))) return 'handler';
  return concern.reporterId === viewer.userId ? 'reporter' : 'none';
}

/**
 * Who may acknowledge: a handler at the current level. When the current level
 * is external contacts only (no roles), any handler it climbed past may still
 * acknowledge it in the app.
 */
export function mayAcknowledge(ladder: readonly LadderLevel[], concern: ConcernAccess, viewer: { userId: string; roles: readonly string[] }): boolean {
  if (standing(ladder, concern, viewer) !== 'handler') return false;
  const current = ladder[concern.level];
  if (current && current.roles.length > 0) return current.roles.some((role) => viewer.roles.includes(role));
  return true;
}

/** S2 as a decision: an open concern is acknowledged by a handler at its current level, and by nobody else. */
export function acknowledgeDecision(
  ladder: readonly LadderLevel[],
  concern: ConcernAccess & { status: EscalationState['status'] },
  viewer: { userId: string; roles: readonly string[] },
): Decision {
  if (concern.status !== 'open' || mayAcknowledge(ladder, concern, viewer)) return allow;
  const roles = ladder[concern.level]?.roles ?? [];
  if (roles.length === 0) return refuse('S2', 'rules.s2.withExternal');
  return refuse('S2', 'rules.s2.withRoles', { roles: { list: roles.map((role) => `rules.duty.${role}`), join: 'slash' } });
}

/** S2: the people it reached handle a concern; its reporter follows it but does not close it. */
export function mayResolve(seen: ReturnType<typeof standing>): Decision {
  return seen === 'handler' ? allow : refuse('S2', 'rules.s2.handlerResolves');
}

/** Deadlines may never be shorter than a few seconds nor longer than 30 days. */
export const DEADLINE_MINUTES = { min: 0.05, max: 43_200 } as const;

/** What is wrong with a ladder a production wants, as field errors; empty when it is usable. */
export function ladderProblems(levels: readonly LadderLevel[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (levels.length < 2) problems.push({ path: 'levels', message: 'needs at least two levels: someone to handle it and someone above them' });
  levels.forEach((level, i) => {
    if (level.roles.length === 0 && level.emails.length === 0) problems.push({ path: `levels.${i}`, message: 'reaches nobody: give it roles or emails' });
  });
  if (levels[0] && levels[0].roles.length === 0) problems.push({ path: 'levels.0.roles', message: 'the first level must be people on the production' });
  return problems;
}
