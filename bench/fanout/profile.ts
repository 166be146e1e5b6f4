/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) over a time window:
 * self time per function and per file, and inclusive time of Setbook's own
 * functions. V8 stamps samples with the monotonic clock in microseconds, the
 * clock process.hrtime.bigint() reads in nanoseconds, so the window is given
 * in hrtime units and only samples inside it (the timed rounds) count.
 *
 *   npx tsx bench/fanout/profile.ts FILE.cpuprofile   (whole profile)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const root = fileURLToPath(new URL('../..', import.meta.url));

function where(node: ProfileNode): string {
  const { url, lineNumber } = node.callFrame;
  if (!url) return '';
  let file = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (file.startsWith(root)) file = path.relative(root, file);
  file = file.replace(/^.*node_modules\//, 'node_modules/');
  // Setbook's own files run through tsx: V8's positions are in the transpiled text, so a line would mislead.
  if (/^(src|bench|test)\//.test(file)) return file;
  return `${file}:${lineNumber + 1}`;
}

function fileOf(node: ProfileNode): string {
  const at = where(node);
  if (!at) return node.callFrame.functionName; // (garbage collector), (idle), (program)
  const file = at.replace(/:\d+$/, '');
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return pkg ? `node_modules/${pkg[1]}` : file;
}

export function summarizeProfile(file: string, window?: { from: bigint; to: bigint }, top = 15): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const fromUs = window ? Number(window.from / 1000n) : -Infinity;
  const toUs = window ? Number(window.to / 1000n) : Infinity;

  const self = new Map<string, number>();
  const files = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // the sample stands for the interval until the next
    const node = byId.get(profile.samples[i]!)!;
    total += dt;
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where(node)}`.trim();
    self.set(name, (self.get(name) ?? 0) + dt);
    files.set(fileOf(node), (files.get(fileOf(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!;
      const at = where(frame);
      if (!at.startsWith('src/')) continue;
      const key = `${frame.callFrame.functionName || '(anonymous)'} ${at}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const busy = total - (self.get('(idle)') ?? 0);
  const table = (title: string, map: Map<string, number>, n: number) => {
    const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
    return [title, ...rows.map(([name, ms]) => `  ${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / (total || 1)).toFixed(1).padStart(5)}%  ${name}`)].join('\n');
  };
  return [
    `profile window: ${total.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms not idle`,
    table('self time by function:', self, top),
    table('self time by file / package:', files, top),
    table('inclusive time, Setbook source frames:', inclusive, 10),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile.ts FILE.cpuprofile');
  console.log(summarizeProfile(file));
}
