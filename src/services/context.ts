import type { Kysely } from 'kysely';
import { isUniqueViolation, repositories, runStatement, type Repos, type Store } from '../store/index.js';
import { conflict } from './problem.js';
import type { Database } from '../store/schema.js';
import type { SecretHasher } from './secrets.js';
import type { NoteSigner } from '../ledger/note.js';
import { LedgerBatch, LedgerWriter } from './ledger.js';
import type { BlobStore } from './blobs.js';
import type { PushNotice } from './notify/push.js';

/** What every use case may need from the running instance. */
export interface ServiceDeps {
  store: Store;
  hasher: SecretHasher;
  signer: NoteSigner;
  /** the one clock; tests pass a controllable one */
  clock: () => Date;
  /** the setup token printed at first start */
  setupToken: string;
  /** where attachments' bytes live: the data directory, or an S3-compatible store at a studio */
  blobs: BlobStore;
  /**
   * Set per request by the HTTP layer: stores the idempotency record inside the
   * use case's own transaction, so a retried request can never act twice.
   */
  beforeCommit?: (tx: Tx, value: unknown) => Promise<void>;
  /** wakes this instance's live streams after a commit (absent in the CLI) */
  live?: { wake(productionId: string): void };
  /** wakes the background jobs (escalation timers, email) after a commit that gave them work */
  jobs?: { poke(): void };
  /** sends Web Push after a commit, off the request path (absent in the CLI and where push is not set up) */
  push?: { send(notice: PushNotice): void };
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
  /** hands a notice to the push sender once the transaction has committed; never before, and never waited for */
  push(notice: PushNotice): void;
  /** runs once the transaction's receipts are complete, before it commits (an answer kept for replays) */
  whenRecorded(step: () => Promise<void>): void;
}

/**
 * Runs a use case in ONE transaction: state rows, ledger entries and the
 * idempotency record commit together or not at all. Slow work (scrypt) belongs
 * before it, so the embedded database is never held while hashing. On the
 * embedded database, use cases that arrive together commit together (see
 * GroupCommit); each still answers only after its own work has committed.
 */
export async function inTransaction<T>(deps: ServiceDeps, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (deps.store.dialect === 'sqlite') return groupCommit(deps.store).submit(deps, work);
  const done: UnitDone = { effects: [], recorded: [] };
  const value = await deps.store.db.transaction().execute(async (trx) => {
    const batch = new LedgerBatch(repositories(trx, deps.store.dialect), deps.signer);
    const result = await runUnit(deps, trx, batch, work, done);
    await batch.finish();
    for (const step of done.recorded) await step();
    return result;
  });
  for (const effect of done.effects) effect();
  return value;
}

/** What a use case leaves for later: effects after the commit, steps once the receipts are complete. */
interface UnitDone {
  effects: Array<() => void>;
  recorded: Array<() => Promise<void>>;
}

/** One use case's work on a transaction. */
async function runUnit<T>(deps: ServiceDeps, trx: Kysely<Database>, batch: LedgerBatch, work: (tx: Tx) => Promise<T>, done: UnitDone): Promise<T> {
  const repos = repositories(trx, deps.store.dialect);
  const now = deps.clock();
  const tx: Tx = {
    repos,
    now,
    ledger: new LedgerWriter(batch, now),
    afterCommit: (effect) => done.effects.push(effect),
    publish: async (productionId, type, data, hiddenFrom) => {
      const seq = await repos.live.append(productionId, type, JSON.stringify(data), hiddenFrom ?? null, now.toISOString());
      done.effects.push(() => deps.live?.wake(productionId));
      return seq;
    },
    wakeJobs: () => done.effects.push(() => deps.jobs?.poke()),
    push: (notice) => done.effects.push(() => deps.push?.send(notice)),
    whenRecorded: (step) => done.recorded.push(step),
  };
  const result = await work(tx);
  if (deps.beforeCommit) await deps.beforeCommit(tx, result);
  return result;
}

interface Unit {
  deps: ServiceDeps;
  work: (tx: Tx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** How many use cases one embedded commit carries at most, and for how long it keeps taking more. */
const GROUP_LIMIT = 64;
const GROUP_MS = 10;

/**
 * Group commit on the embedded database: use cases that arrive while a commit
 * is being made wait, then run one after another in ONE transaction, each
 * inside its own savepoint, and share one COMMIT and one fsync. A use case
 * that fails is rolled back to its savepoint alone and answers its error; the
 * others commit. Nobody is answered before the commit that holds their work
 * is durable (WAL, synchronous=FULL); if that commit fails, every one of them
 * answers the error and nothing of theirs was written.
 */
class GroupCommit {
  private readonly waiting: Unit[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<Database>) {}

  submit<T>(deps: ServiceDeps, work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ deps, work, resolve: resolve as (value: unknown) => void, reject });
      if (this.draining) return;
      this.draining = true;
      // A request on the embedded database runs start to finish without yielding (its queries are synchronous), so a
      // commit waits one turn of the event loop: every request whose bytes arrived meanwhile joins it.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const done: Array<{ unit: Unit; value: unknown; left: UnitDone }> = [];
      const failed: Array<{ unit: Unit; error: unknown }> = [];
      let taken = 0;
      try {
        await this.db.transaction().execute(async (trx) => {
          const started = performance.now();
          const batch = new LedgerBatch(repositories(trx, 'sqlite'), this.waiting[0]!.deps.signer);
          while (this.waiting.length > 0 && done.length < GROUP_LIMIT && performance.now() - started < GROUP_MS) {
            const unit = this.waiting.shift()!;
            taken++;
            const left: UnitDone = { effects: [], recorded: [] };
            const mark = batch.mark();
            await runStatement(trx, 'sqlite', 'savepoint unit', []);
            try {
              const value = await runUnit(unit.deps, trx, batch, unit.work, left);
              await runStatement(trx, 'sqlite', 'release unit', []);
              done.push({ unit, value, left });
            } catch (error) {
              failed.push({ unit, error });
              batch.restore(mark);
              await runStatement(trx, 'sqlite', 'rollback to unit', []);
              await runStatement(trx, 'sqlite', 'release unit', []);
            }
          }
          await batch.finish();
          for (const { left } of done) for (const step of left.recorded) await step();
        });
      } catch (error) {
        // A use case that failed on its own answers its own error: nothing of it was written either way.
        for (const { unit, error: own } of failed) unit.reject(own);
        for (const { unit } of done) unit.reject(error);
        // The transaction could not even begin (the database is closed or out of reach): everyone waiting hears it now.
        if (taken === 0) for (const unit of this.waiting.splice(0)) unit.reject(error);
        continue;
      }
      for (const { unit, value, left } of done) {
        for (const effect of left.effects) effect();
        unit.resolve(value);
      }
      // Answered after the commit, as a lone transaction would be: a twin that lost to another in this commit now finds its record.
      for (const { unit, error } of failed) unit.reject(error);
    }
    this.draining = false;
  }
}

const committers = new WeakMap<Kysely<Database>, GroupCommit>();

function groupCommit(store: Store): GroupCommit {
  let committer = committers.get(store.db);
  if (!committer) {
    committer = new GroupCommit(store.db);
    committers.set(store.db, committer);
  }
  return committer;
}

/** Reads outside any transaction, on the read connection: nothing written through it (it is read-only on SQLite). */
export function reader(deps: ServiceDeps): Repos {
  return repositories(deps.store.reads, deps.store.dialect);
}

/** A single write outside any use case's transaction (a session ended, an email marked sent): it commits on its own. */
export function writer(deps: ServiceDeps): Repos {
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
