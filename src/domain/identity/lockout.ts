/**
 * Lockouts for guessed secrets. API.md: five wrong PINs for a user in 15 minutes
 * lock that user's PIN for 15 minutes. Logins use the same shape with their own limit.
 */
export interface LockoutPolicy {
  /** failures inside `windowMs` that trigger the lock */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const PIN_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const LOGIN_LOCKOUT: LockoutPolicy = { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** How far back failures matter for a decision at any moment. */
export function lookback(policy: LockoutPolicy): number {
  return policy.windowMs + policy.lockMs;
}

/**
 * When the lock ends, or null when not locked at `now`.
 * `failures` are the failure times (ms) inside the lookback, oldest first.
 */
export function lockedUntil(policy: LockoutPolicy, failures: readonly number[], now: number): number | null {
  let until = -Infinity;
  for (let i = policy.maxFailures - 1; i < failures.length; i++) {
    const last = failures[i]!;
    const first = failures[i - policy.maxFailures + 1]!;
    if (last - first <= policy.windowMs) until = Math.max(until, last + policy.lockMs);
  }
  return now < until ? until : null;
}
