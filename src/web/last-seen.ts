// What this phone last saw of the screens a set needs with no network: Today,
// the armory board, the call sheet and the notebooks, and who was signed in.
// The service worker never answers the API from its cache (a stale answer is a
// safety problem, DESIGN.md "Offline on set"), so the app keeps these itself and
// says so whenever it shows them. Kept per person and production, and forgotten
// on sign-out, so nobody who picks up the phone next reads someone else's day.
import type { Me } from './api.js';
import { readJson, removeAll, writeJson } from './storage.js';

const prefix = 'setbook.lastSeen.';
const meKey = `${prefix}me`;

/** A GET's answer as this phone last had it, and when. */
export interface Seen<T> {
  data: T;
  seenAt: string;
}

const keyOf = (userId: string, productionId: string, resource: string) => `${prefix}${userId}/${productionId}/${resource}`;

export function remember(userId: string, productionId: string, resource: string, data: unknown): void {
  writeJson(keyOf(userId, productionId, resource), { data, seenAt: new Date().toISOString() } satisfies Seen<unknown>);
}

export function lastSeen<T>(userId: string, productionId: string, resource: string): Seen<T> | null {
  const seen = readJson<Seen<T>>(keyOf(userId, productionId, resource));
  return seen && typeof seen.seenAt === 'string' ? seen : null;
}

/** The crew as kept on a phone: names and roles, never their email addresses. */
export function crewToKeep<T extends { members: ReadonlyArray<{ email: string }> }>(answer: T): T {
  return { ...answer, members: answer.members.map((member) => ({ ...member, email: '' })) };
}

/**
 * The signed-in person, for a cold start with no network. Someone else signing
 * in on this phone first clears what the last person saw.
 */
export function rememberMe(me: Me): void {
  const before = lastMe();
  if (before && before.user.id !== me.user.id) forgetEverything();
  writeJson(meKey, me);
}

export function lastMe(): Me | null {
  const me = readJson<Me>(meKey);
  return me && typeof me.user?.id === 'string' && Array.isArray(me.memberships) ? me : null;
}

/** Signed out, or the session ended: nothing of this person's stays on the phone. */
export function forgetEverything(): void {
  removeAll(prefix);
}
