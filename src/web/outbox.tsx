// Writes that must reach the server even when the set's Wi-Fi does not: a stop
// raised offline, a device's acknowledgement. Each waits in localStorage with
// its Idempotency-Key and its body as written when it was made (a stop's
// pressedAt among it), so however often it is retried the server acts on it once
// (DESIGN.md "Offline on set"). Sent at once, on the `online` event, and every
// few seconds while anything waits.
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, newIdempotencyKey, type ApiResult, type Problem, type PublicRaiseStopBody, type RaiseStopBody, type Stop } from './api.js';
import { readJson, writeJson } from './storage.js';

export type Write =
  | { kind: 'stop'; productionId: string; /** the set's public code, if known: still stops work after a sign-out */ setCode: string | null; body: RaiseStopBody }
  | { kind: 'set-stop'; setCode: string; body: PublicRaiseStopBody }
  | { kind: 'ack'; productionId: string; stopId: string; deviceId: string };

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

export interface OutboxState {
  queued: readonly Queued[];
  /** writes the server refused outright: said in the dock until dismissed */
  failures: readonly Failure[];
}

type Delivered = (write: Write, stop: Stop | null) => void;

const storageKey = 'setbook.outbox';
const retryEveryMs = 5_000;
/** A request to a laptop that went dark would otherwise hang for minutes. */
const sendTimeoutMs = 10_000;

/** Stops go first: an acknowledgement can wait for them. */
const rank = (item: Queued) => (item.write.kind === 'ack' ? 1 : 0);

/** Worth trying again later: no answer, signed out, too many requests, or a server error. */
function retryable(problem: Problem): boolean {
  return problem.status === 0 || problem.status === 401 || problem.status === 408 || problem.status === 429 || problem.status >= 500;
}

async function send(write: Write, key: string): Promise<ApiResult<{ stop: Stop } | null>> {
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
  }
}

export class Outbox {
  private state: OutboxState = { queued: readJson<Queued[]>(storageKey) ?? [], failures: [] };
  private readonly listeners = new Set<() => void>();
  private readonly delivered = new Set<Delivered>();
  private draining: Promise<void> | null = null;
  private again = false;

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
    const key = newIdempotencyKey();
    this.update({ ...this.state, queued: [...this.state.queued, { key, write, queuedAt: new Date().toISOString(), attempts: 0 }] });
    void this.flush();
    return key;
  }

  dismiss(key: string): void {
    this.update({ ...this.state, failures: this.state.failures.filter((f) => f.key !== key) });
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
        const result = await send(item.write, item.key);
        if (result.ok) {
          this.remove(item.key);
          for (const listener of this.delivered) listener(item.write, result.data?.stop ?? null);
        } else if (result.problem.status === 0) {
          // Nobody answered: everything waiting is now queued, and trying the rest would only wait for the same silence.
          this.update({ ...this.state, queued: this.state.queued.map((q) => ({ ...q, attempts: q.attempts + 1 })) });
          return;
        } else if (retryable(result.problem)) {
          this.update({ ...this.state, queued: this.state.queued.map((q) => (q.key === item.key ? { ...q, attempts: q.attempts + 1 } : q)) });
        } else {
          this.remove(item.key);
          this.update({ ...this.state, failures: [...this.state.failures, { key: item.key, write: item.write, problem: result.problem }] });
        }
      }
    } while (this.again && this.state.queued.length > 0);
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
