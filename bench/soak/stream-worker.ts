/**
 * A child process holding one StreamPool, driven over IPC by soak.ts. It
 * exits when the coordinator goes away (the IPC channel closes).
 */
import { StreamPool, type StreamCall } from './streams.js';

if (!process.send) throw new Error('stream-worker.ts runs as a child of soak.ts');

let pool: StreamPool | undefined;

async function handle(call: StreamCall): Promise<unknown> {
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
}

process.on('message', (message: { id: number } & StreamCall) => {
  handle(message).then(
    (result) => process.send!({ id: message.id, ok: true, result }),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
