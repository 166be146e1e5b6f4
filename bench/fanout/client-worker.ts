/**
 * A child process holding one ClientPool, driven over IPC by fanout.ts. It
 * exits when the coordinator goes away (the IPC channel closes).
 */
import { ClientPool } from './clients.js';
import type { Call } from './common.js';

if (!process.send) throw new Error('client-worker.ts runs as a child of fanout.ts');

let pool: ClientPool | undefined;

async function handle(call: Call): Promise<unknown> {
  switch (call.op) {
    case 'init':
      pool = new ClientPool(call.spec, BigInt(call.base));
      return null;
    case 'connect':
      return pool!.connect(call.concurrency, call.timeoutMs);
    case 'wait':
      return pool!.wait(call.key, call.timeoutMs);
    case 'close':
      await pool?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (message: { id: number } & Call) => {
  handle(message).then(
    (result) => process.send!({ id: message.id, ok: true, result }),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
