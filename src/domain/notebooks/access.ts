import { allow, refuse, type Decision } from '../refusal.js';
import { departmentKey, type Visibility } from './entries.js';

/** A notebook as its policies read it. */
export interface NotebookFacts {
  headId: string;
  departmentKey: string;
  /** people the head let in besides the department */
  members: ReadonlySet<string>;
  /** everyone who headed it before: their access ended when it changed hands */
  formerHeads: ReadonlySet<string>;
}

export interface Reader {
  userId: string;
  /** the member's department on the production, as the producer recorded it */
  department: string | null;
}

/** What a person may do with a notebook: nothing (it does not exist for them), the department's share, or everything. */
export type Standing = 'none' | 'member' | 'head';

/**
 * The head reads and writes everything; the department's members, and the
 * people the head let in, everything that is not the head's alone. A former
 * head is out unless the new head lets them back in. Everyone else, the
 * producer included, is not told the notebook exists.
 */
export function standing(notebook: NotebookFacts, reader: Reader): Standing {
  if (reader.userId === notebook.headId) return 'head';
  if (notebook.members.has(reader.userId)) return 'member';
  if (notebook.formerHeads.has(reader.userId)) return 'none';
  return reader.department !== null && departmentKey(reader.department) === notebook.departmentKey ? 'member' : 'none';
}

/** Whether someone of this standing may read an entry kept at `visibility`. */
export function mayRead(standing: Standing, visibility: Visibility): boolean {
  return standing === 'head' || (standing === 'member' && visibility === 'department');
}

/** The visibilities a reader of this standing may see, for queries. */
export function readableVisibilities(standing: Standing): Visibility[] {
  if (standing === 'head') return ['department', 'head'];
  return standing === 'member' ? ['department'] : [];
}

/**
 * A department head opens a notebook for their own department only; the
 * producer and the UPM open one for any department and name its head.
 */
export function mayOpenNotebook(caller: { userId: string; roles: readonly string[] }, headId: string): Decision {
  if (caller.roles.includes('producer') || caller.roles.includes('upm')) return allow;
  if (caller.userId === headId) return allow;
  return refuse('ROLES', 'rules.notebook.openOwn');
}

/** Why the head is not handing the notebook on themselves. */
export const HEAD_GONE = ['ill', 'quit', 'unreachable', 'deceased'] as const;
export type HeadGone = (typeof HEAD_GONE)[number] | 'removed';

export interface HandoffFacts {
  caller: { userId: string; roles: readonly string[] };
  headId: string;
  toUserId: string;
  /** the head is no longer on the production */
  headRemoved: boolean;
  /** why the producer says the head is gone, when they say it */
  reason: (typeof HEAD_GONE)[number] | undefined;
  /** who confirms with a PIN */
  confirmers: readonly string[];
}

/**
 * The head hands the notebook on. When the head is gone (off the production,
 * or ill, quit, unreachable or dead as the producer records it), the producer
 * may, and only with a second person's PIN: neither the producer, the former
 * head nor the successor, so no one takes a notebook alone.
 */
export function handoffAllowed(f: HandoffFacts): Decision[] {
  if (f.toUserId === f.headId) return [refuse('ROLES', 'rules.notebook.alreadyHead')];
  if (f.caller.userId === f.headId) return [allow];
  if (!f.caller.roles.includes('producer')) {
    return [refuse('ROLES', 'rules.notebook.onlyHead')];
  }
  const decisions: Decision[] = [];
  if (!f.headRemoved && f.reason === undefined) {
    decisions.push(refuse('ROLES', 'rules.notebook.headStillHere'));
  }
  const seconds = f.confirmers.filter((userId) => userId !== f.caller.userId && userId !== f.headId && userId !== f.toUserId);
  if (seconds.length === 0) {
    decisions.push(refuse('ROLES', 'rules.notebook.secondPerson'));
  }
  return decisions.length > 0 ? decisions : [allow];
}

/** The second person who confirmed a producer's handoff (the rule has already required one). */
export function secondPerson(f: HandoffFacts): string | null {
  if (f.caller.userId === f.headId) return null;
  return f.confirmers.find((userId) => userId !== f.caller.userId && userId !== f.headId && userId !== f.toUserId) ?? null;
}

/** Why the head was not the one who handed it on: off the production, or what the producer said. */
export function goneBecause(f: Pick<HandoffFacts, 'caller' | 'headId' | 'headRemoved' | 'reason'>): HeadGone | null {
  if (f.caller.userId === f.headId) return null;
  return f.headRemoved ? 'removed' : (f.reason ?? null);
}
