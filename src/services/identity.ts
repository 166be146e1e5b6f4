import type { Repos } from '../store/index.js';
import type { UserRow } from '../store/schema.js';
import { LOGIN_LOCKOUT, lockedUntil, lookback, PIN_LOCKOUT } from '../domain/identity/lockout.js';
import { inTransaction, reader, type ServiceDeps, type Tx } from './context.js';
import { conflict, forbidden, notFound, ProblemError } from './problem.js';
import { newId, randomToken, sameSecret, sha256Hex } from './secrets.js';

const SESSION_DAYS = 30;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  hasPin: boolean;
}

export function publicUser(user: UserRow): PublicUser {
  return { id: user.id, email: user.email, name: user.name, hasPin: user.pin_hash !== null };
}

/** A new session: the caller gets the token, the database keeps only its hash. */
export async function startSession(repos: Repos, userId: string, now: Date): Promise<string> {
  const token = randomToken();
  await repos.sessions.insert({
    id: sha256Hex(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
  });
  return token;
}

export async function isSetupNeeded(deps: ServiceDeps): Promise<boolean> {
  return (await reader(deps).users.count()) === 0;
}

/** First run: the holder of the setup token becomes the first user. */
export async function setUp(
  deps: ServiceDeps,
  input: { setupToken: string; email: string; name: string; password: string },
) {
  if (!sameSecret(input.setupToken, deps.setupToken)) {
    throw forbidden('The setup token does not match the one printed when Setbook first started.');
  }
  const passwordHash = await deps.hasher.hash(input.password);
  return inTransaction(deps, async (tx) => {
    if ((await tx.repos.users.count()) > 0) throw conflict('Setbook is already set up; sign in instead.');
    const user: UserRow = {
      id: newId(),
      email: input.email,
      name: input.name,
      password_hash: passwordHash,
      pin_hash: null,
      created_at: tx.now.toISOString(),
    };
    await tx.repos.users.insert(user);
    return { user: publicUser(user), token: await startSession(tx.repos, user.id, tx.now) };
  });
}

/**
 * Signs a person in. Wrong email and wrong password get the same answer, and
 * repeated failures for one email lock it for a while (counted in the database).
 */
export async function logIn(deps: ServiceDeps, input: { email: string; password: string }) {
  const repos = reader(deps);
  const now = deps.clock();
  const subject = sha256Hex(`login:${input.email}`);
  await refuseWhileLocked(repos, 'login', subject, now);
  const user = await repos.users.byEmail(input.email);
  const ok = await deps.hasher.verify(input.password, user?.password_hash ?? null);
  if (!user || !ok) {
    await repos.authFailures.record('login', subject, now.toISOString());
    throw new ProblemError({ status: 401, title: 'Sign-in failed', detail: 'The email or password is not correct.' });
  }
  await repos.authFailures.clear('login', subject);
  return inTransaction(deps, async (tx) => ({
    user: publicUser(user),
    token: await startSession(tx.repos, user.id, tx.now),
  }));
}

async function refuseWhileLocked(repos: Repos, kind: 'login' | 'pin', subject: string, now: Date) {
  const policy = kind === 'login' ? LOGIN_LOCKOUT : PIN_LOCKOUT;
  const since = new Date(now.getTime() - lookback(policy)).toISOString();
  const failures = (await repos.authFailures.since(kind, subject, since)).map((at) => Date.parse(at));
  const until = lockedUntil(policy, failures, now.getTime());
  if (until === null) return;
  const retryAfter = Math.ceil((until - now.getTime()) / 1000);
  throw new ProblemError({
    status: 429,
    title: kind === 'login' ? 'Too many sign-in attempts' : 'PIN locked',
    detail: `Too many wrong attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
    retryAfter,
    ...(kind === 'pin' ? { rule: 'PIN' } : {}),
  });
}

export async function me(deps: ServiceDeps, user: UserRow) {
  return { user: publicUser(user), memberships: await reader(deps).members.memberships(user.id) };
}

/** Sets the PIN a person types to confirm in person. The PIN itself never reaches the ledger. */
export async function setPin(deps: ServiceDeps, user: UserRow, input: { pin: string; password: string }) {
  const ok = await deps.hasher.verify(input.password, user.password_hash);
  if (!ok) {
    throw new ProblemError({
      status: 403,
      title: 'Not allowed',
      detail: 'The password is not correct.',
      errors: [{ path: 'password', message: 'is not correct' }],
    });
  }
  const pinHash = await deps.hasher.hashPin(input.pin);
  await inTransaction(deps, async (tx) => {
    await tx.repos.users.setCredentials(user.id, { pin_hash: pinHash });
    await tx.repos.authFailures.clear('pin', user.id);
    for (const membership of await tx.repos.members.memberships(user.id)) {
      await tx.ledger.append(membership.productionId, {
        type: 'pin.set',
        actor: { userId: user.id },
        data: { userId: user.id },
      });
    }
  });
}

export interface PinConfirmation {
  userId: string;
  pin: string;
}

export interface PinAssessment {
  userId: string;
  matched: boolean;
  /** locked by earlier wrong PINs: not even checked */
  locked: boolean;
}

/**
 * Checks PIN confirmations before the use case's transaction (scrypt is slow and
 * must not hold the embedded database). Wrong ones are then recorded inside the
 * transaction with recordPinFailures, which commits even when the action is refused.
 * Only the production's members confirm: anyone else is not found, so another
 * production's people are never named, checked, nor locked out from here.
 */
export async function assessPins(deps: ServiceDeps, productionId: string, confirmations: readonly PinConfirmation[]): Promise<PinAssessment[]> {
  const repos = reader(deps);
  const members = await repos.members.whichAre(productionId, confirmations.map((c) => c.userId));
  if (confirmations.some(({ userId }) => !members.has(userId))) throw notFound('Member not found');
  const now = deps.clock();
  return Promise.all(
    confirmations.map(async ({ userId, pin }) => {
      const since = new Date(now.getTime() - lookback(PIN_LOCKOUT)).toISOString();
      const failures = (await repos.authFailures.since('pin', userId, since)).map((at) => Date.parse(at));
      if (lockedUntil(PIN_LOCKOUT, failures, now.getTime()) !== null) return { userId, matched: false, locked: true };
      const user = await repos.users.byId(userId);
      return { userId, matched: await deps.hasher.verify(pin, user?.pin_hash ?? null), locked: false };
    }),
  );
}

/** A `PIN` refusal for every confirmation that did not match, naming the person. */
export async function pinRefusals(tx: Tx, assessments: readonly PinAssessment[]) {
  return Promise.all(
    assessments
      .filter((a) => !a.matched)
      .map(async (a) => {
        const who = (await tx.repos.users.byId(a.userId))?.name ?? 'this person';
        return {
          rule: 'PIN',
          reason: a.locked
            ? `The PIN of ${who} is locked after five wrong entries; wait 15 minutes.`
            : `The PIN entered for ${who} is not correct.`,
        };
      }),
  );
}

export async function recordPinFailures(tx: Tx, assessments: readonly PinAssessment[]): Promise<void> {
  for (const a of assessments) {
    if (!a.matched && !a.locked) await tx.repos.authFailures.record('pin', a.userId, tx.now.toISOString());
  }
}
