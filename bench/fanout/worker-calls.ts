/**
 * Calls to a forked worker process over IPC, for the benches that spread
 * thousands of live clients over several processes: the coordinator sends
 * `{id, op, ...}` and the worker answers `{id, ok, result}` or `{id, ok:
 * false, error}`. The worker exits when the coordinator goes away.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './common.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

type Reply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };

export class WorkerCalls<C extends { op: string }> {
  readonly child: ChildProcess;
  /** resolves once the worker has exited, however it ended */
  readonly exited: Promise<void>;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  /** Forks `file` (TypeScript, run through tsx) as a worker called `name` in messages. */
  constructor(
    file: string,
    private readonly name: string,
  ) {
    this.child = fork(file, [], { cwd: root, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.error));
    });
    this.child.once('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} exited with ${code}`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(call: C, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, ...call });
    });
    return withTimeout(reply, timeoutMs, `${this.name} ${this.child.pid}: ${call.op}`);
  }

  /** Sends `closing` (the worker closes its clients and exits), and kills the worker if it has not exited 5 s later. */
  async close(closing: C): Promise<void> {
    await this.call(closing, 20_000).catch(() => undefined);
    await withTimeout(this.exited, 5000, `${this.name} to exit`).catch(() => this.child.kill('SIGKILL'));
  }
}

/** The worker's side: answers each call with `handle`, and exits when the coordinator goes away. */
export function serveCalls<C extends { op: string }>(handle: (call: C) => Promise<unknown>): void {
  if (!process.send) throw new Error('this file runs as a forked worker of a bench');
  process.on('message', (message: { id: number } & C) => {
    handle(message).then(
      (result) => process.send!({ id: message.id, ok: true, result }),
      (error: unknown) => process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
