// Starts the built Setbook server (dist/cli/main.js) on a free port and a
// fresh data directory, for browser tests and the README screenshots.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234, no trailing slash */
  url: string;
  setupToken: string;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

const LISTENING = /Setbook listening on (http:\/\/\S+)/;

export async function startServer({ timeoutMs = 30_000 } = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'setbook-browser-'));
  const setupToken = `test-setup-${Math.random().toString(36).slice(2)}`;
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/cli/main.js'), 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, SETBOOK_SETUP_TOKEN: setupToken, SETBOOK_SCRYPT_COST: '10' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));

  const stop = async () => {
    await kill(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${log}`)), timeoutMs);
      const look = () => {
        const found = LISTENING.exec(log);
        if (!found) return;
        clearTimeout(timer);
        child.stdout.off('data', look);
        resolve((found[1] as string).replace(/\/$/, ''));
      };
      child.stdout.on('data', look);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${log}`));
      });
    });
    return { url, setupToken, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(forced);
}

/** Creates the first account through the API, for tests that do not exercise setup itself. */
export async function setUpFirstUser(
  server: RunningServer,
  user: { name: string; email: string; password: string },
): Promise<{ token: string }> {
  const response = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ setupToken: server.setupToken, ...user }),
  });
  if (response.status !== 201) throw new Error(`setup failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { token: string };
}
