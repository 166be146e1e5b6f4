import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHeaderLine, bundleCheckpointLine } from '../../src/ledger/bundle.js';
import { utf8 } from '../../src/ledger/canonical.js';
import { leafHash, toBase64 } from '../../src/ledger/hash.js';
import { encodeVerifierKey, generateKeyPair, keyHashText, nobleSigner, parseCheckpoint, parseVerifierKey, signCheckpoint, type NoteSigner } from '../../src/ledger/note.js';
import { TreeBuilder } from '../../src/ledger/tree.js';
import { startApp, type TestApp } from '../support/harness.js';
import { createProduction, setUpFirstUser } from '../support/world.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function setbook(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, SETBOOK_SCRYPT_COST: '10', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The first line (the key hash) and the verdict line of `setbook verify`. */
function verdictOf(stdout: string): { keyLine: string; verdict: string } {
  const [keyLine = '', verdict = ''] = stdout.split('\n');
  return { keyLine, verdict };
}

/**
 * The attack a pinned key stops: the bundle's log with entry lines changed,
 * every leaf hash and checkpoint recomputed, and all of it signed by `by`.
 * The result is self-consistent; only its key gives it away.
 */
function rewriteAndSign(bundle: string, by: NoteSigner, change: (line: string) => string): string {
  const lines = bundle.split('\n').filter((line) => line !== '');
  const header = JSON.parse(lines[0]!) as { productionId: string; origin: string; verifierKey: string };
  const tree = new TreeBuilder();
  const roots = [tree.root()];
  const entries = lines
    .filter((line) => line.startsWith('{"entry":'))
    .map((line) => {
      const changed = change(line);
      const text = changed.slice('{"entry":'.length, changed.lastIndexOf(',"index":'));
      const leaf = leafHash(utf8(text));
      tree.push(leaf);
      roots.push(tree.root());
      return `{"entry":${text},"index":${tree.size - 1},"leafHash":"${toBase64(leaf)}"}`;
    });
  const checkpoints = lines
    .filter((line) => line.startsWith('{"checkpoint":'))
    .map((line) => {
      const { origin, size } = parseCheckpoint((JSON.parse(line) as { checkpoint: string }).checkpoint);
      return bundleCheckpointLine(signCheckpoint({ origin, size, rootHash: roots[size]! }, by));
    });
  const signedBy = bundleHeaderLine({ ...header, verifierKey: encodeVerifierKey(by.name, by.publicKey) });
  return [signedBy, ...checkpoints, ...entries, ''].join('\n');
}

describe('the setbook command', () => {
  let t: TestApp;
  let bundleFile: string;
  let checkpoint: string;
  /** The production's key and its hash, as GET .../ledger/checkpoint shows them. */
  let publicKey: string;
  let keyHash: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-cli-'));

  beforeAll(async () => {
    t = await startApp();
    const dana = await setUpFirstUser(t);
    const production = await createProduction(t, dana);
    for (const number of ['12', '27', '58']) {
      await t.call('POST', `/api/productions/${production.id}/scenes`, { token: dana.token, body: { number, description: 'x', hazards: [] } });
    }
    ({ checkpoint, publicKey, keyHash } = (await t.call('GET', `/api/productions/${production.id}/ledger/checkpoint`, { token: dana.token })).json());
    const bundle = await t.call('GET', `/api/productions/${production.id}/ledger/export`, { token: dana.token });
    bundleFile = path.join(dir, 'bundle.ndjson');
    fs.writeFileSync(bundleFile, bundle.body);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints its help', async () => {
    const { code, stdout } = await setbook(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/setbook verify BUNDLE \[--key VERIFIER_KEY_OR_FILE\]/);
    expect(stdout).toMatch(/key hash/);
  });

  it('verifies an intact export and a pinned checkpoint, exit 0', async () => {
    const { code, stdout } = await setbook(['verify', bundleFile, '--checkpoint', checkpoint]);
    expect(code).toBe(0);
    expect(verdictOf(stdout).verdict).toMatch(/^OK: ledger of production .* is intact/);
    expect(stdout).toMatch(/entries:\s+5/);
    expect(stdout).toMatch(/pinned:\s+checkpoint at size 5 matches/);
  });

  it('fails with exit 1 naming the first bad index when an entry was changed', async () => {
    const lines = fs.readFileSync(bundleFile, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('"number":"27"'));
    lines[at] = lines[at]!.replace('"number":"27"', '"number":"28"');
    const tampered = path.join(dir, 'tampered.ndjson');
    fs.writeFileSync(tampered, lines.join('\n'));
    const { code, stdout } = await setbook(['verify', tampered]);
    expect(code).toBe(1);
    expect(verdictOf(stdout).verdict).toMatch(/^FAILED at index 3:/);
  });

  it('fails naming the index when an entry is rewritten in another JSON form with a leaf hash to match', async () => {
    const lines = fs.readFileSync(bundleFile, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('"number":"58"'));
    const { entry, index } = JSON.parse(lines[at]!) as { entry: Record<string, unknown>; index: number };
    const text = JSON.stringify({ type: entry.type, ...entry });
    const leafHash = createHash('sha256').update(Buffer.from([0])).update(text).digest('base64');
    lines[at] = `{"entry":${text},"index":${index},"leafHash":"${leafHash}"}`;
    const tampered = path.join(dir, 'reordered-keys.ndjson');
    fs.writeFileSync(tampered, lines.join('\n'));
    const { code, stdout } = await setbook(['verify', tampered]);
    expect(code).toBe(1);
    expect(verdictOf(stdout).verdict).toMatch(new RegExp(`^FAILED at index ${index}: .*\\[LEAF_MISMATCH\\]`));
  });

  it('fails naming the first index in doubt when entry lines are swapped or one is removed', async () => {
    const lines = fs.readFileSync(bundleFile, 'utf8').split('\n');
    const first = lines.findIndex((line) => line.startsWith('{"entry":'));
    const swapped = [...lines];
    [swapped[first + 1], swapped[first + 2]] = [lines[first + 2]!, lines[first + 1]!];
    const removed = lines.filter((_, i) => i !== first + 1);
    for (const [name, tampered] of [['swapped', swapped], ['removed', removed]] as const) {
      const file = path.join(dir, `${name}.ndjson`);
      fs.writeFileSync(file, tampered.join('\n'));
      const { code, stdout } = await setbook(['verify', file]);
      expect(code).toBe(1);
      expect(verdictOf(stdout).verdict).toMatch(/^FAILED at index 1: .*\[BAD_INDEX\]/);
    }
  });

  it('fails with exit 1 when a pinned checkpoint does not match the bundle', async () => {
    const { code, stdout } = await setbook(['verify', bundleFile, '--checkpoint', `5:${Buffer.alloc(32, 7).toString('base64')}`]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAILED/);
  });

  it('prints the key hash the production shows as its first line, before the verdict, with or without --key', async () => {
    expect(keyHash).toMatch(/^[0-9a-f]{8}$/);
    expect(keyHash).toBe(publicKey.split('+')[1]);
    for (const args of [['verify', bundleFile], ['verify', '--key', publicKey, bundleFile]]) {
      const { code, stdout } = await setbook(args);
      expect(code).toBe(0);
      expect(verdictOf(stdout)).toMatchObject({ keyLine: `key hash: ${keyHash}`, verdict: expect.stringMatching(/^OK: /) });
    }
  });

  it('accepts the export with --key, given as the key the ledger page shows or as a file holding it', async () => {
    const keyFile = path.join(dir, 'production.key');
    fs.writeFileSync(keyFile, `${publicKey}\n`);
    for (const key of [publicKey, keyFile]) {
      const { code, stdout } = await setbook(['verify', bundleFile, '--key', key, '--checkpoint', checkpoint]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/key:\s+the one given with --key/);
      expect(stdout).toMatch(/pinned:\s+checkpoint at size 5 matches/);
    }
  });

  it('refuses with exit 1 a log rewritten and signed again with a fresh key under the production’s key name', async () => {
    const impostor = nobleSigner(parseVerifierKey(publicKey).name, generateKeyPair().secretKey);
    const forged = path.join(dir, 'resigned.ndjson');
    fs.writeFileSync(forged, rewriteAndSign(fs.readFileSync(bundleFile, 'utf8'), impostor, (line) => line.replace('"number":"27"', '"number":"28"')));
    const impostorHash = keyHashText(impostor.name, impostor.publicKey);

    // On its own the forgery is consistent: only the key hash on the first line differs from the call sheet's.
    const unpinned = await setbook(['verify', forged]);
    expect(unpinned.code).toBe(0);
    expect(verdictOf(unpinned.stdout).keyLine).toBe(`key hash: ${impostorHash}`);

    const { code, stdout } = await setbook(['verify', '--key', publicKey, forged]);
    expect(code).toBe(1);
    expect(verdictOf(stdout)).toEqual({
      keyLine: `key hash: ${impostorHash}`,
      verdict:
        `FAILED: the key name ${impostor.name} matches the trusted key but the key itself differs ` +
        `(key hash ${impostorHash}, trusted ${keyHash}): the log may have been rewritten and signed again [UNTRUSTED_KEY]`,
    });
  });

  it('refuses with exit 1 a bundle signed by another key altogether, and exits 2 for a --key that is not a key', async () => {
    const other = nobleSigner('setbook-elsewhere', generateKeyPair().secretKey);
    const forged = path.join(dir, 'elsewhere.ndjson');
    fs.writeFileSync(forged, rewriteAndSign(fs.readFileSync(bundleFile, 'utf8'), other, (line) => line));
    const refused = await setbook(['verify', '--key', publicKey, forged]);
    expect(refused.code).toBe(1);
    expect(verdictOf(refused.stdout).verdict).toMatch(/^FAILED: the bundle is signed by setbook-elsewhere\+[0-9a-f]{8}, not by the trusted key .*\[UNTRUSTED_KEY\]$/);

    const usage = await setbook(['verify', '--key', 'setbook-1234abcd', bundleFile]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--key is neither a verifier key nor a file holding one/);
  });

  it('exits 2 when the bundle does not exist', async () => {
    expect((await setbook(['verify', path.join(dir, 'missing.ndjson')])).code).toBe(2);
  });

  it('creates a demo western with every role, and exports its ledger', async () => {
    const dataDir = path.join(dir, 'demo');
    const demo = await setbook(['demo', '--data-dir', dataDir], { SETBOOK_DATABASE_URL: '' });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/Created "Dust Devil/);
    for (const role of ['producer', 'upm', 'first_ad', 'safety_advisor', 'armorer', 'property_master', 'performer', 'medic', 'department_head', 'crew']) {
      expect(demo.stdout).toContain(role);
    }
    const productionId = /\(([0-9a-f-]{36})\)/.exec(demo.stdout)![1]!;
    const out = path.join(dir, 'demo.ndjson');
    expect((await setbook(['export', '--production', productionId, '--data-dir', dataDir, '--out', out], { SETBOOK_DATABASE_URL: '' })).code).toBe(0);
    const verified = await setbook(['verify', out]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/entries:\s+(\d+)/);
  });
});
