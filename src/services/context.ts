import type { Kysely } from 'kysely';
import { isUniqueViolation, repositories, type Repos, type Store } from '../store/index.js';
import { conflict } from './problem.js';
import type { Database } from '../store/schema.js';
import type { SecretHasher } from './secrets.js';
import type { NoteSigner } from '../ledger/note.js';
import { LedgerWriter } from './ledger.js';

/** What every use case may need from the running instance. */
export interface ServiceDeps {
  store: Store;
  hasher: SecretHasher;
  signer: NoteSigner;
  /** the one clock; tests pass a controllable one */
  clock: () => Date;
  /** the setup token printed at first start */
  setupToken: string;
  /**
   * Set per request by the HTTP layer: stores the idempotency record inside the
   * use case's own transaction, so a retried request can never act twice.
   */
  beforeCommit?: (repos: Repos, value: unknown) => Promise<void>;
  /** wakes this instance's live streams after a commit (absent in the CLI) */
  live?: { wake(productionId: string): void };
  /** wakes the background jobs (escalation timers, email) after a commit that gave them work */
  jobs?: { poke(): void };
}

/** One use case's view of the world: repositories inside its transaction, and the ledger. */
export interface Tx {
  repos: Repos;
  now: Date;
  ledger: LedgerWriter;
  /** runs after the transaction commits (live events, wake-ups); never before */
  afterCommit(effect: () => void): void;
  /**
   * Records a live event in the same transaction (the stream replays it from the
   * database) and wakes the streams once it has committed. Returns its sequence number.
   */
  publish(productionId: string, type: string, data: unknown, hiddenFrom?: string[]): Promise<number>;
  /** wakes the background jobs once the transaction has committed: it queued work for them (an email) */
  wakeJobs(): void;
}

/**
 * Runs a use case in ONE transaction: state rows, ledger entries and the
 * idempotency record commit together or not at all. Slow work (scrypt) belongs
 * before it, so the embedded database is never held while hashing.
 */
export async function inTransaction<T>(deps: ServiceDeps, work: (tx: Tx) => Promise<T>): Promise<T> {
  const effects: Array<() => void> = [];
  const value = await deps.store.db.transaction().execute(async (trx: Kysely<Database>) => {
    const repos = repositories(trx, deps.store.dialect);
    const now = deps.clock();
    const tx: Tx = {
      repos,
      now,
      ledger: new LedgerWriter(repos, deps.signer, now),
      afterCommit: (effect) => effects.push(effect),
      publish: async (productionId, type, data, hiddenFrom) => {
        const seq = await repos.live.append(productionId, type, JSON.stringify(data), hiddenFrom ?? null, now.toISOString());
        effects.push(() => deps.live?.wake(productionId));
        return seq;
      },
      wakeJobs: () => effects.push(() => deps.jobs?.poke()),
    };
    const result = await work(tx);
    if (deps.beforeCommit) await deps.beforeCommit(repos, result);
    return result;
  });
  for (const effect of effects) effect();
  return value;
}

/** Reads outside any transaction. */
export function reader(deps: ServiceDeps): Repos {
  return repositories(deps.store.db, deps.store.dialect);
}

/** A unique key another request claimed first (the same scene number, the same new person) is a 409, not a 500. */
export async function uniquely<T>(message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(message);
    throw error;
  }
}
