import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL server of the test's own, in a temp directory on a free port,
 * so a test can kill it (every process of it, with SIGKILL) and start it again
 * without touching the machine's shared server that other suites are using.
 * PostgreSQL refuses to run as root: as root, it runs as the `postgres` user.
 */
export interface PrivatePostgres {
  url: string;
  /** SIGKILL to the postmaster and every backend at once: a crash, recovered from the WAL on the next start */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    return path.join('/usr/lib/postgresql', versions[0]!, 'bin');
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function privatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-pg-'));
  // Run as the postgres user when this is root, as a direct child so its exit is reaped here (no zombie holds its pid file).
  const user: { uid?: number; gid?: number } =
    process.getuid?.() === 0
      ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) }
      : {};
  if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid!);
  const data = path.join(dir, 'data');
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-instructions'], { stdio: 'ignore', ...user });
  const port = await freePort();
  let child: ChildProcess | null = null;
  let log = '';

  const ready = async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        execFileSync(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres']);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`PostgreSQL did not start:\n${log}`);
  };

  const start = async () => {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'];
    child = spawn(path.join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...user });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    await ready();
  };

  /**
   * Ends the server. Hard: every process of the cluster at once. PostgreSQL's
   * children each start a session of their own, so a signal to the postmaster's
   * group would leave them running: the postmaster is frozen (no new children),
   * then it and every child it has are killed together, as a power cut would.
   * Otherwise a fast shutdown.
   */
  const end = async (hard: boolean) => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    const postmaster = running.pid!;
    let children: number[] = [];
    if (hard) {
      process.kill(postmaster, 'SIGSTOP');
      children = childrenOf(postmaster);
      for (const pid of [...children, postmaster]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    } else {
      running.kill('SIGINT');
    }
    await exited;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && children.some(alive)) await new Promise((resolve) => setTimeout(resolve, 20));
    child = null;
  };

  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    kill: () => end(true),
    stop: async () => {
      await end(false);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The live (not zombie) processes whose parent is `parent`. */
function childrenOf(parent: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === parent && fields[0] !== 'Z') found.push(Number(entry));
  }
  return found;
}

function alive(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== null && fields[0] !== 'Z';
}

/** /proc/<pid>/stat after the command's closing parenthesis: state, ppid, pgrp, ...; null once the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
