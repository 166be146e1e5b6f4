// When something was written on a phone that had to queue it while the set's
// Wi-Fi was out (a concern, a notebook entry): kept beside when the server
// heard of it, and never later than that.
import type { FieldError } from './problem.js';

/** A phone's clock may run a little ahead of the set laptop's; further ahead, the time cannot be when it was written. */
export const WRITTEN_AT_SKEW_MS = 2 * 60_000;

/** The field's error when `at` is further in the future than a phone's clock can be off. */
export function fromTheFuture(path: string, at: string | undefined, now: Date): FieldError | null {
  return at && Date.parse(at) > now.getTime() + WRITTEN_AT_SKEW_MS ? { path, message: 'is in the future: check the phone’s clock' } : null;
}

/** When it was written, as an instant no later than now; null when that is now, as for anything sent at once. */
export function writtenTime(at: string | undefined, now: Date): string | null {
  if (!at) return null;
  const written = new Date(Math.min(Date.parse(at), now.getTime())).toISOString();
  return written === now.toISOString() ? null : written;
}
