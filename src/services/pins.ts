import { refuse } from '../domain/refusal.js';
import { lockedUntil, lookback, PIN_LOCKOUT } from '../domain/identity/lockout.js';
import { inTransaction, reader, writer, type ServiceDeps, type Tx } from './context.js';

/** A person confirming in person, on the armorer's tablet: "I was shown this". */
export interface PinConfirmation {
  userId: string;
  pin: string;
}

export interface PinResult {
  userId: string;
  matched: boolean;
  /** locked by earlier wrong PINs: not even checked */
  locked: boolean;
}

/**
 * How long a claimed try counts while its check runs. A server killed in the
 * middle of a check leaves its claim behind; after this it no longer counts,
 * so a crash never turns a right PIN into a wrong one.
 */
const CLAIM_MS = 30_000;

/**
 * Checks PIN confirmations after the command's rules have allowed it. Each
 * check first claims one of the person's five tries in the database, in one
 * step with the lockout check (the person's row is locked on PostgreSQL; the
 * embedded database runs one write transaction at a time), so N guesses sent
 * at once are checked at most five times. A wrong PIN turns its claim into a
 * failure; a right one gives it back. scrypt runs outside any transaction, so
 * the database is never held while hashing.
 */
export async function checkPins(deps: ServiceDeps, confirmations: readonly PinConfirmation[]): Promise<PinResult[]> {
  const system: ServiceDeps = { ...deps, beforeCommit: undefined };
  return Promise.all(
    confirmations.map(async ({ userId, pin }) => {
      const claim = await inTransaction(system, (tx) => claimTry(tx, userId));
      if (claim === null) return { userId, matched: false, locked: true };
      const user = await reader(deps).users.byId(userId);
      const matched = await deps.hasher.verify(pin, user?.pin_hash ?? null);
      await writer(deps).authFailures.settleClaim(claim, matched ? 'given back' : 'failed');
      return { userId, matched, locked: false };
    }),
  );
}

/** Claims a try in advance; null when the person's PIN is locked (failures and claims in flight both count). */
async function claimTry(tx: Tx, userId: string): Promise<number | null> {
  await tx.repos.users.lockForPin(userId);
  const now = tx.now.getTime();
  const since = new Date(now - lookback(PIN_LOCKOUT)).toISOString();
  const tries = (await tx.repos.authFailures.pinTries(userId, since, new Date(now - CLAIM_MS).toISOString())).map((at) => Date.parse(at));
  if (lockedUntil(PIN_LOCKOUT, tries, now) !== null) return null;
  return tx.repos.authFailures.record('pin-claim', userId, tx.now.toISOString());
}

/** A `PIN` refusal for every confirmation that did not match: it names the person, never a guess. */
export async function pinRefusals(tx: Tx, results: readonly PinResult[]) {
  const missed = results.filter((r) => !r.matched);
  if (missed.length === 0) return [];
  const people = await tx.repos.users.names(missed.map((r) => r.userId));
  return missed.map((r) => {
    const name = people.get(r.userId);
    if (name === undefined) return refuse('PIN', r.locked ? 'rules.pin.lockedUnnamed' : 'rules.pin.wrongUnnamed');
    return refuse('PIN', r.locked ? 'rules.pin.locked' : 'rules.pin.wrong', { name });
  });
}
