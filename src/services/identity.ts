import type { Repos } from '../store/index.js';
import type { UserRow } from '../store/schema.js';
import { isLocale, type Locale } from '../i18n/locales.js';
import { LOGIN_LOCKOUT, lockedUntil, lookback, PIN_LOCKOUT } from '../domain/identity/lockout.js';
import { inTransaction, reader, writer, type ServiceDeps } from './context.js';
import { conflict, forbidden, ProblemError } from './problem.js';
import { newId, randomToken, sameSecret, sha256Hex } from './secrets.js';

const SESSION_DAYS = 30;

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  hasPin: boolean;
  locale: Locale | null;
}

export function publicUser(user: UserRow): PublicUser {
  return { id: user.id, email: user.email, name: user.name, hasPin: user.pin_hash !== null, locale: localeOf(user) };
}

/** The language a person chose; a value from outside the list reads as no choice. */
export function localeOf(user: Pick<UserRow, 'locale'>): Locale | null {
  return isLocale(user.locale) ? user.locale : null;
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
      locale: null,
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
    await writer(deps).authFailures.record('login', subject, now.toISOString());
    throw new ProblemError({ status: 401, title: 'Sign-in failed', detail: 'The email or password is not correct.' });
  }
  await writer(deps).authFailures.clear('login', subject);
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

/**
 * The language of the person's emails and printouts; null hands the choice
 * back to English. Not a safety fact, so no ledger entry: like a name, it
 * changes what Setbook says, not what happened on set.
 */
export async function setLocale(deps: ServiceDeps, user: UserRow, input: { locale: Locale | null }) {
  await writer(deps).users.setLocale(user.id, input.locale);
}
