// `npm start`: builds Setbook only when its sources changed since the last
// build, then runs the server in this same process (so a signal or kill
// reaches the server itself, not a wrapper around it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = path.join(root, 'dist', '.sources');
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts'];

/** Every source file's path, size and modification time, hashed: what the build was made from. */
function fingerprint() {
  const hash = createHash('sha256');
  const visit = (relative) => {
    const full = path.join(root, relative);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) visit(path.join(relative, name));
    } else {
      hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  INPUTS.forEach(visit);
  return hash.digest('hex');
}

const built = ['dist/cli/main.js', 'dist/web/index.html'].every((file) => fs.existsSync(path.join(root, file)));
const sources = fingerprint();
const current = built && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === sources;
if (!current) {
  process.stdout.write('Building Setbook (sources changed since the last build)...\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  fs.writeFileSync(STAMP, sources);
}

process.argv = [process.argv[0], path.join(root, 'dist/cli/main.js'), 'serve', ...process.argv.slice(2)];
await import(pathToFileURL(path.join(root, 'dist/cli/main.js')).href);
