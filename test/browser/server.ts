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
  /** the HTTPS port, serving the certificate in `<dataDir>/tls/` */
  httpsPort: number;
  dataDir: string;
  setupToken: string;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

// Read as two lines apart: the server's own log lines (stderr) may land between them in `log`.
const LISTENING = /Setbook listening on (http:\/\/\S+)\n/;
const HTTPS_PORT = /^ {2}HTTPS on port (\d+) /m;

/**
 * `https: false` starts the server as a set without HTTPS runs it
 * (SETBOOK_HTTPS=off): phones on the Wi-Fi then reach it over plain HTTP, and
 * `httpsPort` is 0.
 */
export async function startServer({ timeoutMs = 30_000, https = true, env = {} as Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'setbook-browser-'));
  const setupToken = `test-setup-${Math.random().toString(36).slice(2)}`;
  const args = [path.join(repoRoot, 'dist/cli/main.js'), 'serve', '--port', '0', ...(https ? ['--https-port', '0'] : []), '--data-dir', dataDir];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    // SETBOOK_TEST_TLS_FIXTURE: one CA and certificate made once and copied in, instead of new RSA keys at every start.
    env: { ...process.env, SETBOOK_SETUP_TOKEN: setupToken, SETBOOK_SCRYPT_COST: '10', SETBOOK_TEST_TLS_FIXTURE: 'browser-tests', ...(https ? {} : { SETBOOK_HTTPS: 'off' }), ...env },
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
    const [url, httpsPort] = await new Promise<[string, number]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${log}`)), timeoutMs);
      const look = () => {
        const found = LISTENING.exec(log);
        const port = https ? HTTPS_PORT.exec(log) : null;
        if (!found || (https && !port)) return;
        clearTimeout(timer);
        child.stdout.off('data', look);
        resolve([(found[1] as string).replace(/\/$/, ''), Number(port?.[1] ?? 0)]);
      };
      child.stdout.on('data', look);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${log}`));
      });
    });
    return { url, httpsPort, dataDir, setupToken, output: () => log, stop };
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
