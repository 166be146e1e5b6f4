/**
 * Shared by the fan-out bench's coordinator, client workers and floor servers.
 * Every process stamps times with process.hrtime.bigint(), which on Linux is
 * CLOCK_MONOTONIC: one clock for every process on the machine, so a receipt
 * stamped in a client worker can be subtracted from a t0 stamped in the
 * coordinator. Times travel as milliseconds after a shared `base`.
 */
import fs from 'node:fs';

export const LOOPBACK = '127.0.0.1';

export type ClientKind = 'sse' | 'ws' | 'sio';

export interface ClientSpec {
  kind: ClientKind;
  /** http://127.0.0.1:port/...: for SSE the stream URL without deviceId, for ws/sio the server; client i uses urls[(first + i) % urls.length] */
  urls: string[];
  headers?: Record<string, string>;
  count: number;
  /** this pool's first client number across all pools (spreads clients over urls evenly) */
  first: number;
  /** SSE deviceIds are `${idPrefix}-${i}` */
  idPrefix: string;
}

/** Milliseconds after `base` (a process.hrtime.bigint() value shared by all processes). */
export function since(base: bigint, at: bigint = process.hrtime.bigint()): number {
  return Number(at - base) / 1e6;
}

/** Refuses anything but plain http on 127.0.0.1 (this bench opens thousands of sockets). */
export function assertLoopback(url: string, what = 'target'): URL {
  const parsed = new URL(url);
  if (parsed.hostname !== LOOPBACK) throw new Error(`refusing to run: ${what} ${url} is not on ${LOOPBACK}`);
  return parsed;
}

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles over every sample. */
export function stats(samples: number[]): Stats {
  if (samples.length === 0) return { n: 0, p50: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { n: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1]! };
}

/** Resident and peak resident memory of a process in MB (Linux /proc), or NaN. */
export function memoryOf(pid: number | undefined): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** User + system CPU time a process has used, in ms (Linux /proc), or NaN. */
export function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15, in clock ticks (100 Hz on Linux)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Busy and total CPU time of the whole machine so far, in ms over all cores (Linux /proc/stat). */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy: busy * 10, total: (busy + idle! + iowait!) * 10 };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// IPC between the coordinator and a client worker: request { id, ...Call }, reply { id, ok, result | error }.
export type Call =
  | { op: 'init'; spec: ClientSpec; base: string }
  | { op: 'connect'; concurrency: number; timeoutMs: number }
  | { op: 'wait'; key: string; timeoutMs: number }
  | { op: 'close' };

export interface Received {
  /** receipt times, ms after base, one per client that got the event */
  times: number[];
  /** for each receipt, the index in `urls` of the client's server */
  urlIndex: number[];
  /** one event as a client received it (SSE: the whole `id/event/data` block) */
  sample: string;
  /** clients that did not get it in time (including dropped connections) */
  missing: number;
  dropped: number;
}

export interface Connected {
  ms: number;
}
