/**
 * A child process holding one StreamPool, driven over IPC by soak.ts. It
 * exits when the coordinator goes away (the IPC channel closes).
 */
import { serveCalls } from '../fanout/worker-calls.js';
import { StreamPool, type StreamCall } from './streams.js';

let pool: StreamPool | undefined;

serveCalls<StreamCall>(async (call) => {
  switch (call.op) {
    case 'init':
      pool = new StreamPool(call.spec, BigInt(call.base));
      return null;
    case 'connect':
      return pool!.connect(call.concurrency, call.timeoutMs);
    case 'resolve':
      pool!.resolve(call.timed, call.untimed);
      return null;
    case 'status':
      return pool!.status();
    case 'report':
      return pool!.report(call.head);
    case 'close':
      await pool?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
});
