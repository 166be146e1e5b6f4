// Writes that must reach the server even when the set's Wi-Fi does not: a stop
// raised offline, a device's acknowledgement, a concern, a notebook entry or a
// camera report written far from the laptop. Each waits in localStorage with its
// Idempotency-Key and its body as written when it was made (a stop's pressedAt,
// a concern's reportedAt among it), so however often it is retried the server acts on it once
// (DESIGN.md "Offline on set"); an entry's photos wait beside it in IndexedDB.
// Sent at once, on the `online` event, and every few seconds while anything waits.
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import {
  api,
  newIdempotencyKey,
  type ApiResult,
  type FollowUpCredentials,
  type NewConcern,
  type NewEntryBody,
  type ReportedConcern,   type Problem,
  type PublicRaiseStopBody,
  type RaiseStopBody,
  type Stop,
} from './api.js';
import { dropFile, readFile, type KeptFile } from './files.js';
import { readJson, writeJson } from './storage.js';

/** A notebook entry written on this device, and how far its sending got: the entry first, then its files in order. */
export interface EntryWrite {
  kind: 'entry';
  productionId: string;
  notebookId: string;
  body: NewEntryBody;
  /** when it was written here, which may be long before the server hears of it */
  writtenAt: string;
  files: readonly KeptFile[];
  /** a camera report's setup as written on this device: the key of its first take, sent before it */
  setupOf?: string;
  /** the entry's id once the server has it */
  entryId?: string;
  /** how many of `files` the server has */
  filesSent?: number;
}

export type Write =
  | { kind: 'stop'; productionId: string; /** the set's public code, if known: still stops work after a sign-out */ setCode: string | null; body: RaiseStopBody }
  | { kind: 'set-stop'; setCode: string; body: PublicRaiseStopBody }
  | { kind: 'ack'; productionId: string; stopId: string; deviceId: string }
  | {
      kind: 'concern';
      productionId: string;
      /** who wrote it: it goes only under their own session, never under the next person's to sign in on this phone */
      by: string;
      /** as written, with its reportedAt: the moment Send was pressed */
      body: NewConcern;
    }
  | EntryWrite;

export interface Queued {
  key: string;
  write: Write;
  queuedAt: string;
  /** attempts that failed so far: 0 while the first is under way */
  attempts: number;
}

export interface Failure {
  key: string;
  write: Write;
  problem: Problem;
}

/** An anonymous concern sent after its screen gave up waiting: its key and passphrase, held in memory only, until shown. */
export interface SentFollowUp {
  key: string;
  productionId: string;
  followUp: FollowUpCredentials;
}

export interface OutboxState {
  queued: readonly Queued[];
  /** writes the server refused outright: said in the dock until dismissed */
  failures: readonly Failure[];
  followUps: readonly SentFollowUp[];
}

/** What a delivered write answered with. */
type Answer = { stop?: Stop; entry?: { id: string }; concern?: ReportedConcern['concern']; followUp?: FollowUpCredentials } | null;

type Delivered = (write: Write, stop: Stop | null, answer: Answer, key: string) => void;

/** What the server said to a write's first attempt: the caller shows a refusal itself, where the person typed. */
export type Outcome =
  | { state: 'sent'; entryId: string | null; /** a concern's answer, with an anonymous one's follow-up key */ reported?: ReportedConcern }
  | { state: 'waiting' }
  | { state: 'refused'; problem: Problem };

const storageKey = 'setbook.outbox';
const retryEveryMs = 5_000;
/** A request to a laptop that went dark would otherwise hang for minutes. */
const sendTimeoutMs = 10_000;

/** Stops go first: an acknowledgement can wait for them, and notes can wait for both. */
const ranks: Record<Write['kind'], number> = { stop: 0, 'set-stop': 0, ack: 1, concern: 1, entry: 2 };
const rank = (item: Queued) => ranks[item.write.kind];

/** Worth trying again later: no answer, signed out, too many requests, or a server error. */
function retryable(problem: Problem): boolean {
  return problem.status === 0 || problem.status === 401 || problem.status === 408 || problem.status === 429 || problem.status >= 500;
}

/** Entries this device sent lately, by their key: a take written offline names its setup by the setup's key. */
const sentKey = 'setbook.outbox.sent';
const sentKept = 200;

function sentEntryId(key: string): string | undefined {
  return readJson<[string, string][]>(sentKey)?.find(([k]) => k === key)?.[1];
}

function rememberSent(key: string, entryId: string): void {
  writeJson(sentKey, [[key, entryId], ...(readJson<[string, string][]>(sentKey) ?? [])].slice(0, sentKept));
}

/** The body as it goes, with when it was written: a take learns its setup's id here once the setup has been sent. */
function bodyToSend({ body, setupOf, writtenAt }: EntryWrite): NewEntryBody {
  const setupId = setupOf && !body.fields?.setupId ? sentEntryId(setupOf) : undefined;
  const written = { ...body, writtenAt };
  return setupId ? { ...written, fields: { ...body.fields, setupId } } : written;
}

/** Sends an entry, then its files one by one, each under a key of its own; `progress` keeps how far it got. */
async function sendEntry(write: EntryWrite, key: string, progress: (write: EntryWrite) => void): Promise<ApiResult<Answer>> {
  const { productionId, notebookId } = write;
  let entryId = write.entryId;
  if (!entryId) {
    const created = await api.createEntry(productionId, notebookId, bodyToSend(write), { idempotencyKey: key, timeoutMs: sendTimeoutMs });
    if (!created.ok) return created;
    entryId = created.data.entry.id;
    rememberSent(key, entryId);
    progress((write = { ...write, entryId, filesSent: 0 }));
  }
  for (let i = write.filesSent ?? 0; i < write.files.length; i++) {
    const kept = write.files[i] as KeptFile;
    const blob = await readFile(kept.key);
    // A file the device no longer holds (storage cleared) cannot be sent: the entry goes without it.
    if (blob) {
      const form = new FormData();
      form.append('file', blob, kept.name);
      const attached = await api.attach(productionId, notebookId, entryId, form, { idempotencyKey: `${key}.${i}`, timeoutMs: sendTimeoutMs * 6 });
      if (!attached.ok) return attached;
    }
    progress((write = { ...write, filesSent: i + 1 }));
    void dropFile(kept.key);
  }
  return { ok: true, data: { entry: { id: entryId } } };
}

async function send(write: Write, key: string, progress: (write: EntryWrite) => void): Promise<ApiResult<Answer>> {
  const options = { idempotencyKey: key, timeoutMs: sendTimeoutMs };
  switch (write.kind) {
    case 'stop': {
      const result = await api.raiseStop(write.productionId, write.body, options);
      // The session ended while the stop waited: the set's code stops work all the same, without a name
      // and without the device (S1), still at the moment it was pressed.
      if (!result.ok && result.problem.status === 401 && write.setCode) {
        const { reason, location, pressedAt } = write.body;
        return api.raiseSetStop(write.setCode, { ...(reason ? { reason } : {}), ...(location ? { location } : {}), ...(pressedAt ? { pressedAt } : {}) }, options);
      }
      return result;
    }
    case 'set-stop':
      return api.raiseSetStop(write.setCode, write.body, options);
    case 'ack':
      return api.ackStop(write.productionId, write.stopId, { deviceId: write.deviceId }, options);
    case 'concern':
      return api.reportConcern(write.productionId, write.body, options);
    case 'entry':
      return sendEntry(write, key, progress);
  }
}

export class Outbox {
  private state: OutboxState = { queued: readJson<Queued[]>(storageKey) ?? [], failures: [], followUps: [] };
  private readonly listeners = new Set<() => void>();
  private readonly delivered = new Set<Delivered>();
  private draining: Promise<void> | null = null;
  private again = false;
  /** callers of `submit` waiting for their write's first answer */
  private readonly waiting = new Map<string, (outcome: Outcome) => void>();
  /** the person signed in now, whose concerns may go */
  private holder: string | null = null;

  /** Told by the session who is signed in: their own concerns, waiting since before, go now. */
  signedIn(userId: string | null): void {
    if (userId === this.holder) return;
    this.holder = userId;
    void this.flush();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): OutboxState => this.state;

  /** Called with the server's answer each time a write goes through. */
  onDelivered(listener: Delivered): () => void {
    this.delivered.add(listener);
    return () => this.delivered.delete(listener);
  }

  /** Keeps the write (before anything is sent, so a closed tab cannot lose it) and sends it at once. */
  add(write: Write): string {
    return this.enqueue(write, null);
  }

  /**
   * Keeps the write like `add`, and answers how its first attempt went: sent, refused (told to
   * the caller alone, who shows it beside what was typed), or waiting to be sent again.
   */
  submit(write: Write): { key: string; outcome: Promise<Outcome> } {
    let answer: (outcome: Outcome) => void = () => undefined;
    const outcome = new Promise<Outcome>((resolve) => (answer = resolve));
    return { key: this.enqueue(write, answer), outcome };
  }

  private enqueue(write: Write, waiter: ((outcome: Outcome) => void) | null): string {
    const key = newIdempotencyKey();
    if (waiter) this.waiting.set(key, waiter);
    this.update({ ...this.state, queued: [...this.state.queued, { key, write, queuedAt: new Date().toISOString(), attempts: 0 }] });
    void this.flush();
    return key;
  }

  dismiss(key: string): void {
    this.update({ ...this.state, failures: this.state.failures.filter((f) => f.key !== key), followUps: this.state.followUps.filter((f) => f.key !== key) });
  }

  /** Sends whatever waits; a call during a run makes the run go round once more. */
  flush(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    if (this.state.queued.length === 0) return Promise.resolve();
    this.draining = this.drain().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Retries on the `online` event and on a timer; returns the function that stops it. */
  start(): () => void {
    const flush = () => void this.flush();
    window.addEventListener('online', flush);
    const timer = setInterval(flush, retryEveryMs);
    flush();
    return () => {
      window.removeEventListener('online', flush);
      clearInterval(timer);
    };
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      for (const item of [...this.state.queued].sort((a, b) => rank(a) - rank(b))) {
        if (!this.state.queued.some((q) => q.key === item.key)) continue;
        // A take waits for its setup, so that it goes once, naming it.
        if (item.write.kind === 'entry' && item.write.setupOf && this.state.queued.some((q) => q.key === (item.write as EntryWrite).setupOf)) {
          this.settle(item.key, { state: 'waiting' });
          continue;
        }
        if (item.write.kind === 'concern' && item.write.by !== this.holder) {
          this.settle(item.key, { state: 'waiting' });
          continue;
        }
        const result = await send(item.write, item.key, (write) => this.progress(item.key, write));
        if (result.ok) {
          this.remove(item.key);
          const followUp = result.data?.followUp;
          // Nobody waits for it any more: the key and passphrase wait in memory, never on disk, to be shown once.
          if (followUp && !this.waiting.has(item.key) && item.write.kind === 'concern') {
            this.update({ ...this.state, followUps: [...this.state.followUps, { key: item.key, productionId: item.write.productionId, followUp }] });
          }
          this.settle(item.key, { state: 'sent', entryId: result.data?.entry?.id ?? null, ...(item.write.kind === 'concern' ? { reported: result.data as ReportedConcern } : {}) });
          for (const listener of this.delivered) listener(item.write, result.data?.stop ?? null, result.data, item.key);
        } else if (result.problem.status === 0) {
          // Nobody answered: everything waiting is now queued, and trying the rest would only wait for the same silence.
          this.update({ ...this.state, queued: this.state.queued.map((q) => ({ ...q, attempts: q.attempts + 1 })) });
          for (const key of [...this.waiting.keys()]) this.settle(key, { state: 'waiting' });
          return;
        } else if (retryable(result.problem)) {
          this.update({ ...this.state, queued: this.state.queued.map((q) => (q.key === item.key ? { ...q, attempts: q.attempts + 1 } : q)) });
          this.settle(item.key, { state: 'waiting' });
        } else {
          this.remove(item.key);
          if (item.write.kind === 'entry') for (const file of item.write.files) void dropFile(file.key);
          if (this.waiting.has(item.key)) this.settle(item.key, { state: 'refused', problem: result.problem });
          else this.update({ ...this.state, failures: [...this.state.failures, { key: item.key, write: item.write, problem: result.problem }] });
        }
      }
    } while (this.again && this.state.queued.length > 0);
  }

  private settle(key: string, outcome: Outcome): void {
    this.waiting.get(key)?.(outcome);
    this.waiting.delete(key);
  }

  /** Keeps how far a write got, so a reload resumes after the part the server already has. */
  private progress(key: string, write: EntryWrite): void {
    this.update({ ...this.state, queued: this.state.queued.map((q) => (q.key === key ? { ...q, write } : q)) });
  }

  private remove(key: string): void {
    this.update({ ...this.state, queued: this.state.queued.filter((q) => q.key !== key) });
  }

  private update(next: OutboxState): void {
    if (next.queued !== this.state.queued) writeJson(storageKey, next.queued);
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

const OutboxContext = createContext<Outbox | null>(null);

export function OutboxProvider({ children }: { children: ReactNode }) {
  const [outbox] = useState(() => new Outbox());
  useEffect(() => outbox.start(), [outbox]);
  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): Outbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox outside OutboxProvider');
  return outbox;
}

export function useOutboxState(): OutboxState {
  const outbox = useOutbox();
  return useSyncExternalStore(outbox.subscribe, outbox.getState);
}
