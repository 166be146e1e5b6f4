import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETUP_TOKEN } from './harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hooks, no flush, as a pulled power cord */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The real `setbook serve` from source, as a child process on a free port. */
export async function spawnServer(options: { dataDir: string; databaseUrl?: string | undefined; env?: Record<string, string> }): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'serve', '--port', '0', '--https-port', '0', '--host', '127.0.0.1', '--data-dir', options.dataDir],
    {
      cwd: root,
      env: {
        ...process.env,
        SETBOOK_SETUP_TOKEN: SETUP_TOKEN,
        SETBOOK_SCRYPT_COST: '10',
        SETBOOK_DATABASE_URL: options.databaseUrl ?? '',
        // One CA and certificate made once and copied in, instead of new RSA keys at every start.
        SETBOOK_TEST_TLS_FIXTURE: 'node-tests',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    const look = () => {
      const found = /Setbook listening on (http:\/\/\S+)/.exec(log);
      if (!found) return;
      clearTimeout(timer);
      resolve(found[1]!);
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    child,
    output: () => log,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
