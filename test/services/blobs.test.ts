import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../src/services/blobs.js';

describe('the blob store in the data directory', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-blobs-'));
  const blobs = new FsBlobStore(root);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps bytes under their SHA-256, once however often they are kept', async () => {
    const photo = crypto.randomBytes(4096);
    const name = await blobs.put(photo);
    expect(name).toBe(crypto.createHash('sha256').update(photo).digest('hex'));
    expect(await blobs.put(photo)).toBe(name);
    expect((await blobs.get(name))!.equals(photo)).toBe(true);
    expect(await blobs.has(name)).toBe(true);
    const folder = path.join(root, name.slice(0, 2), name.slice(2, 4));
    expect(fs.readdirSync(folder)).toEqual([name]);
    await blobs.delete(name);
    expect(await blobs.has(name)).toBe(false);
    expect(await blobs.get(name)).toBeNull();
  });

  it('answers nothing for a name that is not a SHA-256, and never looks outside its folder', async () => {
    for (const name of ['../../etc/passwd', 'abc', 'A'.repeat(64), `${'0'.repeat(63)}/`]) {
      expect(await blobs.get(name)).toBeNull();
      expect(await blobs.has(name)).toBe(false);
    }
  });

  it('keeps the same bytes sent at once as one file', async () => {
    const photo = crypto.randomBytes(65_536);
    const names = await Promise.all([1, 2, 3, 4].map(() => blobs.put(photo)));
    expect(new Set(names).size).toBe(1);
    const folder = path.join(root, names[0]!.slice(0, 2), names[0]!.slice(2, 4));
    expect(fs.readdirSync(folder)).toEqual([names[0]]);
  });
});
