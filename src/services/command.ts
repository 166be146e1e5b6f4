import { refusals, type Decision, type Refusal } from '../domain/refusal.js';
import type { UserRow } from '../store/schema.js';
import { inTransaction, reader, type ServiceDeps, type Tx } from './context.js';
import { checkPins, pinRefusals, type PinConfirmation, type PinResult } from './pins.js';
import { isRefused, notFound, type Refused, type RefusalWords } from './problem.js';

/** Who acts: a signed-in member with their roles on the production, or nobody (the set's public code). */
export interface Caller {
  user: UserRow;
  roles: readonly string[];
}

/** One request to do something to one production. */
export interface Act<I> {
  productionId: string;
  caller: Caller | null;
  input: I;
}

/** An act whose caller is a member (every command but the anonymous ones). */
export interface MemberAct<I> extends Act<I> {
  caller: Caller;
}

/**
 * A write, as the one pipeline runs it (DESIGN.md, "One write pipeline"):
 * load facts -> the domain decides -> a `<name>.refused` ledger entry and a
 * refusal, or apply: state rows, the ledger entry and live events, in one
 * transaction. PINs are checked only once the caller may act and every other
 * rule allows, so nobody can make the server test a PIN they have no use for.
 */
export interface Command<I, F, R, A extends Act<I> = MemberAct<I>> {
  /** what the ledger calls it; a refusal is recorded as `<name>.refused` */
  name: string;
  /** reads what the rules need, inside the transaction; an id that is not the production's is a 404 */
  facts(tx: Tx, act: A): Promise<F>;
  /** every rule and resource policy that does not read a PIN (pure functions from src/domain) */
  decide?(facts: F, act: A, now: string): Decision[];
  /** the PIN confirmations it asks for (each person at most once: the schema refuses a repeat) */
  confirmations?(input: I): readonly PinConfirmation[];
  /** the rules that read whose PIN matched */
  decideConfirmed?(facts: F, act: A, confirmed: ReadonlySet<string>): Decision[];
  /** what the refusal entry keeps besides the refusals: ids and choices, never a PIN or private words */
  refusalData(act: A, facts: F): Record<string, unknown>;
  /** who the refusal entry names, when not simply the caller (S2: never a concern's reporter) */
  refusalActor?(act: A, facts: F): { userId: string } | null;
  /** refs of the refusal entry (the stop a refused lift names) */
  refusalRefs?(facts: F): number[];
  /** runs in the refusal's transaction (an alert that someone tried to bring live rounds in) */
  onRefused?(tx: Tx, act: A, facts: F, refused: readonly Refusal[]): Promise<void>;
  /** writes the state rows and the ledger entry and publishes; answers with the receipt */
  apply(tx: Tx, facts: F, act: A): Promise<R>;
}

const PROCEED = Symbol('proceed');

/** Runs a command: the only place the order of a write is written down. */
export async function run<I, F, R, A extends Act<I>>(deps: ServiceDeps, command: Command<I, F, R, A>, act: A): Promise<R | Refused> {
  const asked = command.confirmations?.(act.input) ?? [];
  if (asked.length === 0) return inTransaction(deps, async (tx) => (await judge(tx, command, act, null)) as R | Refused);
  // Authorize and decide before any PIN: a refusal here is recorded without one being checked.
  const early = await inTransaction(refusalsOnly(deps), async (tx) => {
    const people = await tx.repos.members.whichAre(act.productionId, asked.map((c) => c.userId));
    if (asked.some((c) => !people.has(c.userId))) throw notFound('Member not found');
    return judge(tx, command, act, null);
  });
  if (early !== PROCEED) return early as Refused;
  const pins = await checkPins(deps, asked);
  return inTransaction(deps, async (tx) => (await judge(tx, command, act, pins)) as R | Refused);
}

async function judge<I, F, R, A extends Act<I>>(tx: Tx, command: Command<I, F, R, A>, act: A, pins: readonly PinResult[] | null): Promise<R | Refused | typeof PROCEED> {
  const facts = await command.facts(tx, act);
  const refused: Refusal[] = refusals(command.decide?.(facts, act, tx.now.toISOString()) ?? []);
  if (pins) {
    const confirmed = new Set(pins.filter((p) => p.matched).map((p) => p.userId));
    refused.push(...refusals(command.decideConfirmed?.(facts, act, confirmed) ?? []), ...(await pinRefusals(tx, pins)));
  }
  if (refused.length > 0) return recordRefusal(tx, command, act, facts, refused, pins);
  if (!pins && command.confirmations?.(act.input).length) return PROCEED;
  return command.apply(tx, facts, act);
}

async function recordRefusal<I, F, R, A extends Act<I>>(
  tx: Tx,
  command: Command<I, F, R, A>,
  act: A,
  facts: F,
  refused: readonly Refusal[],
  pins: readonly PinResult[] | null,
): Promise<Refused> {
  // The ledger keeps the English reason; the answer also names each sentence's catalogue key, so the app says it in the reader's language.
  const reasons = refused.map(({ rule, reason }) => ({ rule, reason }));
  await command.onRefused?.(tx, act, facts, refused);
  // Who confirmed, when PINs were asked: never a PIN, never which guess missed.
  const confirmedBy = pins ? { confirmedBy: pins.filter((p) => p.matched).map((p) => p.userId) } : {};
  const receipt = await tx.ledger.append(act.productionId, {
    type: `${command.name}.refused`,
    actor: command.refusalActor ? command.refusalActor(act, facts) : actorOf(act),
    data: { ...command.refusalData(act, facts), ...confirmedBy, refusals: reasons },
    refs: command.refusalRefs?.(facts) ?? [],
  });
  return { refused: refused.map(spoken), receipt };
}

/** A refusal as the API sends it: the rule, the English reason, and the catalogue key and values behind it. */
export function spoken({ rule, reason, key, values }: Refusal): RefusalWords {
  return values ? { rule, reason, key, values } : { rule, reason, key };
}

/** The first phase of a PIN command stores the request's idempotency record only when it ends the request (a refusal). */
function refusalsOnly(deps: ServiceDeps): ServiceDeps {
  const { beforeCommit } = deps;
  if (!beforeCommit) return deps;
  return { ...deps, beforeCommit: async (tx, value) => (isRefused(value) ? beforeCommit(tx, value) : undefined) };
}

/** A command's act for a signed-in member. */
export function memberAct<I>(productionId: string, caller: Caller, input: I): MemberAct<I> {
  return { productionId, caller, input };
}

/** The actor a ledger entry names. */
export function actorOf(act: Act<unknown>): { userId: string } | { anonymous: true } {
  return act.caller ? { userId: act.caller.user.id } : { anonymous: true };
}

/** Runs a command as a member of the production, with the roles they hold there: for the command line, which has no request. */
export async function runAs<I, F, R>(deps: ServiceDeps, command: Command<I, F, R>, productionId: string, user: UserRow, input: I): Promise<R | Refused> {
  const roles = (await reader(deps).members.roles(productionId, user.id)) ?? [];
  return run(deps, command, { productionId, caller: { user, roles }, input });
}
