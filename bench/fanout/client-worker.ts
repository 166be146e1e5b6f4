/**
 * A child process holding one ClientPool, driven over IPC by fanout.ts. It
 * exits when the coordinator goes away (the IPC channel closes).
 */
import { ClientPool } from './clients.js';
import type { Call } from './common.js';
import { serveCalls } from './worker-calls.js';

let pool: ClientPool | undefined;

serveCalls<Call>(async (call) => {
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
});
