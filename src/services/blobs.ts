import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where attachments' bytes live, named by their SHA-256 (hex): the same
 * photo sent twice is kept once, and a name says what its bytes must be. The
 * database holds only the names. The set's laptop keeps them in its data
 * directory; a studio puts the same four calls in front of an S3-compatible
 * store.
 */
export interface BlobStore {
  /** Keeps the bytes and answers their name; keeping the same bytes again changes nothing. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes with this name, or null when none are kept. */
  get(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
}

const NAME = /^[0-9a-f]{64}$/;

export const sha256Of = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Blobs in a folder, two levels of fan-out (ab/cd/abcd...). A blob is
 * written to a temporary file, flushed to disk and renamed into place, so a
 * name never points at half a file, even after a power cut.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string | null {
    return NAME.test(sha256) ? path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256) : null;
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256)!;
    if (await this.has(sha256)) return sha256;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    const file = await fs.open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(temporary, target);
    const folder = await fs.open(path.dirname(target), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    return sha256;
  }

  async get(sha256: string): Promise<Buffer | null> {
    const file = this.pathOf(sha256);
    if (!file) return null;
    try {
      return await fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    const file = this.pathOf(sha256);
    if (!file) return false;
    try {
      await fs.access(file);
      return true;
    } catch {
      return false;
    }
  }

  async delete(sha256: string): Promise<void> {
    const file = this.pathOf(sha256);
    if (file) await fs.rm(file, { force: true });
  }
}

/** The embedded store: `attachments/` in the data directory. */
export const blobsIn = (dataDir: string): BlobStore => new FsBlobStore(path.join(dataDir, 'attachments'));
