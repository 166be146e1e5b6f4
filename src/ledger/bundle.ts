/**
 * The offline export bundle: NDJSON, one JSON object per line, so a
 * million-entry log is written and verified as a stream. Every line is RFC 8785
 * canonical JSON, so its keys come in this order:
 *
 *   {"format":"setbook-ledger/1","origin":…,"productionId":…,"verifierKey":"<note vkey>"}
 *   {"checkpoint":"<signed note>"}                       one or more, sizes strictly ascending
 *   {"entry":{…},"index":0,"leafHash":"<base64>"}       every entry, in index order
 *
 * Checkpoints come BEFORE the entries: the verifier then knows every size at
 * which to compare the root while it streams, and holds only a compact range
 * (O(log n) hashes), never per-size roots. The last checkpoint's size is the
 * number of entries; an exporter takes it first and then streams up to it.
 * An exporter that keeps each entry's canonical text may write the entry line as
 * `{"entry":<that text>,"index":<n>,"leafHash":"<base64>"}`: byte for byte what
 * bundleEntryLine writes, and what the verifier's fast path reads.
 */
import { canonicalize } from './canonical.js';
import { entryLeafHash, isCanonicalEntryText, isLedgerEntry, type LedgerEntry } from './entry.js';
import { LedgerError, type LedgerErrorCode } from './errors.js';
import { HASH_SIZE, bytesEqual, fromBase64, nobleSha256, toBase64, type Sha256 } from './hash.js';
import {
  keyHashText,
  nobleVerify,
  parseCheckpoint,
  parseVerifierKey,
  verifyCheckpoint,
  type NoteVerifierKey,
  type SignatureVerifier,
  type SignedCheckpoint,
} from './note.js';
import { TreeBuilder } from './tree.js';

export const BUNDLE_FORMAT = 'setbook-ledger/1';

// An entry line as bundleEntryLine writes it (canonical JSON, so keys in this order).
const ENTRY_PREFIX = '{"entry":';
const encoder = new TextEncoder();
const ENTRY_TAIL = /^,"index":(0|[1-9][0-9]{0,15}),"leafHash":"([A-Za-z0-9+/=]*)"\}$/;

export interface BundleHeader {
  productionId: string;
  /** The origin line of this production's checkpoints. */
  origin: string;
  /** The signing key, as a note verifier key (encodeVerifierKey). */
  verifierKey: string;
}

export interface BundleEntry {
  index: number;
  /** The leaf hash as stored, not recomputed: the verifier compares the two. */
  leafHash: Uint8Array;
  entry: LedgerEntry;
}

export type BundleReport =
  | {
      ok: true;
      productionId: string;
      origin: string;
      verifierKey: string;
      /** The note key hash of verifierKey, 8 hex digits: short enough to compare by eye with one printed on paper. */
      keyHash: string;
      treeSize: number;
      /** base64 */
      rootHash: string;
      checkpointsVerified: number;
      pinned?: { size: number };
    }
  | {
      ok: false;
      code: LedgerErrorCode;
      /** The first entry that cannot be trusted, when the failure points at one. */
      firstBadIndex: number | null;
      message: string;
      /** The key hash of the header's key once the header was read: what the bundle claims, shown whatever the verdict. */
      keyHash: string | null;
    };

export interface VerifyBundleOptions {
  /**
   * The only key the bundle may be signed by, as a note verifier key
   * (encodeVerifierKey), known from elsewhere: the production's page, a call
   * sheet. Without it the bundle vouches for its own key.
   */
  trustedKey?: string;
  /** A checkpoint known from elsewhere (a call sheet): a signed note, or "<size>:<base64 root>". */
  pinned?: string;
  /** Ed25519 verification; defaults to pure-JS noble, the CLI may pass node:crypto. */
  verify?: SignatureVerifier;
  /** SHA-256; defaults to pure-JS noble, the CLI may pass node:crypto for big exports. */
  sha256?: Sha256;
}

// The line writers return one line without its newline.

export function bundleHeaderLine({ productionId, origin, verifierKey }: BundleHeader): string {
  return canonicalize({ format: BUNDLE_FORMAT, productionId, origin, verifierKey });
}

export function bundleCheckpointLine(checkpoint: string): string {
  return canonicalize({ checkpoint });
}

/** Throws NON_CANONICAL_VALUE if the entry is not JSON: such an entry could not have been hashed. */
export function bundleEntryLine({ index, leafHash, entry }: BundleEntry): string {
  return canonicalize({ index, leafHash: toBase64(leafHash), entry });
}

/**
 * The whole bundle, each line ending in "\n", in the one order verifyBundle
 * accepts. Throws BAD_BUNDLE (possibly mid-stream) when there is no checkpoint,
 * checkpoint sizes do not ascend or name another origin, or the entries are not
 * exactly indices 0 to the last checkpoint's size - 1.
 */
export async function* bundleLines(
  header: BundleHeader,
  checkpoints: readonly string[],
  entries: AsyncIterable<BundleEntry> | Iterable<BundleEntry>,
): AsyncGenerator<string> {
  parseVerifierKey(header.verifierKey);
  let size = -1;
  for (const text of checkpoints) {
    const checkpoint = parseCheckpoint(text);
    if (checkpoint.origin !== header.origin) throw bundleError(`a checkpoint names origin ${checkpoint.origin}`);
    if (checkpoint.size <= size) throw bundleError('checkpoint sizes must strictly ascend');
    size = checkpoint.size;
  }
  if (size < 0) throw bundleError('a bundle needs a checkpoint at its size');
  yield `${bundleHeaderLine(header)}\n`;
  for (const text of checkpoints) yield `${bundleCheckpointLine(text)}\n`;
  let next = 0;
  for await (const entry of entries) {
    if (entry.index !== next || next >= size) {
      throw bundleError(`entry ${entry.index} where ${next < size ? `entry ${next}` : 'the end'} belongs`);
    }
    yield `${bundleEntryLine(entry)}\n`;
    next++;
  }
  if (next !== size) throw bundleError(`the entries stop at ${next} before the checkpoint size ${size}`);
}

/**
 * Splits a stream of text or UTF-8 chunks into the lines of each chunk, one
 * array per chunk: a million-line bundle then costs a few thousand awaits, not
 * a million. verifyBundle takes these batches as they come.
 */
export async function* ndjsonBatches(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array) => {
    try {
      return decoder.decode(chunk, { stream: chunk !== undefined });
    } catch {
      throw bundleError('the bundle is not UTF-8');
    }
  };
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decode(chunk);
    const lines = rest.split('\n');
    rest = lines.pop()!;
    if (lines.length > 0) yield lines;
  }
  rest += decode();
  if (rest !== '') yield [rest];
}

/** Splits a stream of text or UTF-8 chunks (a file, a fetch body) into lines without their "\n". */
export async function* ndjsonLines(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<string> {
  for await (const batch of ndjsonBatches(chunks)) yield* batch;
}

/**
 * Verifies a bundle in one pass. Every signature must be the header key's;
 * every index must follow the one before; every stored leaf hash must equal the
 * hash of its canonical entry; the tree root must equal each checkpoint's at its
 * size; the last checkpoint must be at the number of entries; and a pinned
 * checkpoint, if given, must match too. Never throws for a bad bundle: it
 * reports the first failure, naming the first index that cannot be trusted.
 *
 * Exactly one failure is reported, the first met in stream order. A leaf-hash
 * or index failure names its index. A root mismatch at a checkpoint names the
 * smallest index not covered by an earlier matching checkpoint: the altered
 * entry is there or later. Note that the header brings its own key, so an
 * intact bundle proves only that its key's holder signed it: anyone can rewrite
 * the log and sign it again with a fresh key under the same name. Pass the
 * production's key as trustedKey (UNTRUSTED_KEY otherwise), or pin a checkpoint.
 */
export async function verifyBundle(
  lines: AsyncIterable<string | string[]> | Iterable<string | string[]>,
  options: VerifyBundleOptions = {},
): Promise<BundleReport> {
  const check = new BundleCheck(options);
  const one = (line: string) => check.line(line.endsWith('\r') ? line.slice(0, -1) : line);
  try {
    for await (const item of lines) {
      if (typeof item === 'string') one(item);
      else for (const line of item) one(line);
    }
    return check.end();
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    return { ok: false, code: error.code, firstBadIndex: error.index ?? null, message: error.message, keyHash: check.keyHash };
  }
}

interface Pin {
  size: number;
  rootHash: Uint8Array;
  text: string;
}

/** The state of one pass over a bundle; each method throws LedgerError at the first failure. */
class BundleCheck {
  readonly #verify: SignatureVerifier;
  readonly #sha256: Sha256;
  readonly #trustedText: string | undefined;
  readonly #pinText: string | undefined;
  #header: (BundleHeader & { key: NoteVerifierKey; keyHash: string }) | undefined;
  #pin: Pin | undefined;
  readonly #checkpoints: SignedCheckpoint[] = [];
  #entriesStarted = false;
  readonly #tree: TreeBuilder;
  /** The next checkpoint whose size the tree has not reached. */
  #nextCheckpoint = 0;
  /** The size of the last checkpoint whose root matched: entries before it are sound. */
  #matchedSize = 0;
  /** 0x00 || an entry's UTF-8, for #textLeafHash. */
  #leafInput = new Uint8Array(4096);

  constructor({ trustedKey, pinned, verify = nobleVerify, sha256 = nobleSha256 }: VerifyBundleOptions) {
    this.#verify = verify;
    this.#sha256 = sha256;
    this.#tree = new TreeBuilder(sha256);
    this.#trustedText = trustedKey;
    this.#pinText = pinned;
  }

  /** The header key's hash, once the header was read. */
  get keyHash(): string | null {
    return this.#header?.keyHash ?? null;
  }

  line(text: string): void {
    if (text === '') return;
    if (this.#header && text.startsWith(ENTRY_PREFIX) && this.#readCanonicalEntry(text)) return;
    const at = this.#entriesStarted ? this.#tree.size : null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw bundleError(`a line is not JSON${at === null ? '' : ` where entry ${at} belongs`}`, at);
    }
    if (!isRecord(value)) throw bundleError('a line is not a JSON object', at);
    if (!this.#header) return this.#readHeader(value);
    if (hasKeys(value, ['checkpoint'])) return this.#readCheckpoint(value.checkpoint);
    if (hasKeys(value, ['entry', 'index', 'leafHash'])) return this.#readEntry(value);
    throw bundleError(`a line is neither a checkpoint nor an entry${at === null ? '' : ` where entry ${at} belongs`}`, at);
  }

  end(): BundleReport {
    const header = this.#header;
    if (!header) throw bundleError('the bundle is empty');
    this.#startEntries();
    const last = this.#checkpoints.at(-1)!;
    if (this.#tree.size < last.size) {
      throw new LedgerError(
        'TRUNCATED',
        `the bundle ends after ${this.#tree.size} entries but its last checkpoint signs ${last.size}`,
        this.#tree.size,
      );
    }
    return {
      ok: true,
      productionId: header.productionId,
      origin: header.origin,
      verifierKey: header.verifierKey,
      keyHash: header.keyHash,
      treeSize: this.#tree.size,
      rootHash: toBase64(this.#tree.root()),
      checkpointsVerified: this.#checkpoints.length,
      ...(this.#pin ? { pinned: { size: this.#pin.size } } : {}),
    };
  }

  #readHeader(value: Record<string, unknown>): void {
    const { format, productionId, origin, verifierKey } = value;
    if (!hasKeys(value, ['format', 'origin', 'productionId', 'verifierKey']) || format !== BUNDLE_FORMAT) {
      throw bundleError(`the first line is not a ${BUNDLE_FORMAT} header`);
    }
    if (typeof productionId !== 'string' || typeof origin !== 'string' || typeof verifierKey !== 'string') {
      throw bundleError('the header fields must be strings');
    }
    const key = parseVerifierKey(verifierKey);
    this.#header = { productionId, origin, verifierKey, key, keyHash: keyHashText(key.name, key.publicKey) };
    // Every checkpoint, and a pinned note, is then checked against the header's key: trusting it is trusting them.
    if (this.#trustedText !== undefined) this.#checkTrusted(key, this.#trustedText);
    if (this.#pinText !== undefined) this.#pin = this.#readPin(this.#pinText, origin, key);
  }

  /**
   * The header's key must be the trusted one, name and key alike: the note key
   * hash commits to both (see note.ts). The same name with another key is the
   * log rewritten and signed again by whoever made that key.
   */
  #checkTrusted(key: NoteVerifierKey, trustedText: string): void {
    let trusted: NoteVerifierKey;
    try {
      trusted = parseVerifierKey(trustedText.trim());
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      throw new LedgerError('BAD_KEY', `the trusted key is not a verifier key: ${error.message}`);
    }
    if (key.name === trusted.name && bytesEqual(key.publicKey, trusted.publicKey)) return;
    const hash = keyHashText(key.name, key.publicKey);
    const trustedHash = keyHashText(trusted.name, trusted.publicKey);
    throw new LedgerError(
      'UNTRUSTED_KEY',
      key.name === trusted.name
        ? `the key name ${key.name} matches the trusted key but the key itself differs (key hash ${hash}, trusted ${trustedHash}): ` +
            'the log may have been rewritten and signed again'
        : `the bundle is signed by ${key.name}+${hash}, not by the trusted key ${trusted.name}+${trustedHash}`,
    );
  }

  #readPin(text: string, origin: string, key: NoteVerifierKey): Pin {
    const short = /^(0|[1-9][0-9]*):([A-Za-z0-9+/=]+)$/.exec(text.trim());
    if (short) {
      const size = Number(short[1]);
      const rootHash = decodeHash(short[2]!);
      if (!Number.isSafeInteger(size) || !rootHash) {
        throw new LedgerError('BAD_CHECKPOINT', 'the pinned checkpoint is not "<size>:<base64 root>"');
      }
      return { size, rootHash, text: `${size}:${short[2]}` };
    }
    parseCheckpoint(text);
    let checkpoint: SignedCheckpoint;
    try {
      checkpoint = verifyCheckpoint(text, key, this.#verify);
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      throw new LedgerError('PINNED_MISMATCH', `the pinned checkpoint is not signed by the bundle's key: ${error.message}`);
    }
    if (checkpoint.origin !== origin) {
      throw new LedgerError('PINNED_MISMATCH', `the pinned checkpoint is for ${checkpoint.origin}, not ${origin}`);
    }
    return { size: checkpoint.size, rootHash: checkpoint.rootHash, text: `${checkpoint.size}:${toBase64(checkpoint.rootHash)}` };
  }

  #readCheckpoint(text: unknown): void {
    if (this.#entriesStarted) throw bundleError('a checkpoint line comes after the entries; checkpoints go first');
    if (typeof text !== 'string') throw bundleError('a checkpoint is not a string');
    const header = this.#header!;
    const checkpoint = verifyCheckpoint(text, header.key, this.#verify);
    if (checkpoint.origin !== header.origin) {
      throw new LedgerError('BAD_CHECKPOINT', `a checkpoint is for ${checkpoint.origin}, not ${header.origin}`);
    }
    const previous = this.#checkpoints.at(-1);
    if (previous && checkpoint.size <= previous.size) {
      throw bundleError(`checkpoint sizes must strictly ascend: ${checkpoint.size} follows ${previous.size}`);
    }
    this.#checkpoints.push(checkpoint);
  }

  /**
   * The fast path for a line as bundleEntryLine writes it: the entry's text
   * then stands in the line in its canonical form, so its own bytes are the
   * leaf, and nothing is parsed or serialized again. It only accepts: when the
   * layout differs, the hash is not the stored one, or the entry is not, for
   * certain, a canonical entry of this log, it returns false and #readEntry
   * reads the whole line, so every line gets the verdict it would get without
   * this path.
   */
  #readCanonicalEntry(text: string): boolean {
    const cut = text.lastIndexOf(',"index":');
    const tail = cut < 0 ? null : ENTRY_TAIL.exec(text.slice(cut));
    if (!tail) return false;
    const index = Number(tail[1]);
    const entryText = text.slice(ENTRY_PREFIX.length, cut);
    const hash = this.#textLeafHash(entryText);
    if (toBase64(hash) !== tail[2] || !isCanonicalEntryText(entryText, index, this.#header!.productionId)) return false;
    this.#nextIndex(index);
    this.#grow(hash);
    return true;
  }

  /** leafHash(utf8(text)), encoded into one reused buffer after its 0x00 prefix. */
  #textLeafHash(text: string): Uint8Array {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (this.#leafInput.length < 1 + 3 * text.length) this.#leafInput = new Uint8Array(2 * (1 + 3 * text.length));
    const { written } = encoder.encodeInto(text, this.#leafInput.subarray(1));
    return this.#sha256(this.#leafInput.subarray(0, 1 + written));
  }

  #readEntry({ index, leafHash, entry }: Record<string, unknown>): void {
    const expected = this.#nextIndex(index);
    let hash: Uint8Array;
    try {
      hash = entryLeafHash(entry as LedgerEntry, this.#sha256);
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      throw new LedgerError(error.code, `entry ${expected}: ${error.message}`, expected);
    }
    if (typeof leafHash !== 'string' || leafHash !== toBase64(hash)) {
      throw new LedgerError('LEAF_MISMATCH', `the stored leaf hash of entry ${expected} is not the hash of the entry`, expected);
    }
    this.#accept(expected, entry, hash);
  }

  /** Checks that `index` is the next entry's and that a checkpoint covers it, and returns it. */
  #nextIndex(index: unknown): number {
    this.#startEntries();
    const expected = this.#tree.size;
    if (index !== expected) {
      // A missing index, or one that appears twice (either copy may be the
      // impostor): name the earliest index whose line is in doubt.
      const bad = typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? Math.min(index, expected) : expected;
      throw new LedgerError('BAD_INDEX', `the line where entry ${expected} belongs holds index ${String(index)}`, bad);
    }
    const size = this.#checkpoints.at(-1)!.size;
    if (expected >= size) {
      throw new LedgerError('UNSIGNED_ENTRY', `entry ${expected} is beyond the last checkpoint, at size ${size}`, expected);
    }
    return expected;
  }

  #accept(index: number, entry: unknown, hash: Uint8Array): void {
    if (!isLedgerEntry(entry, index) || entry.productionId !== this.#header!.productionId) {
      throw new LedgerError('BAD_ENTRY', `entry ${index} is not a ledger entry of this production`, index);
    }
    this.#grow(hash);
  }

  /** Adds the leaf of the entry just checked, and compares roots where a checkpoint or the pin is. */
  #grow(hash: Uint8Array): void {
    this.#tree.push(hash);
    this.#compareRoots();
  }

  /** Runs once, before the first entry or at the end: the checks that need all checkpoints. */
  #startEntries(): void {
    if (this.#entriesStarted) return;
    this.#entriesStarted = true;
    const last = this.#checkpoints.at(-1);
    if (!last) throw new LedgerError('NO_CHECKPOINT', 'the bundle has no checkpoint, so nothing vouches for it');
    if (this.#pin && this.#pin.size > last.size) {
      throw new LedgerError(
        'PINNED_MISMATCH',
        `the pinned checkpoint ${this.#pin.text} is beyond this bundle's ${last.size} entries: entries from ${last.size} are missing`,
        last.size,
      );
    }
    this.#compareRoots();
  }

  #compareRoots(): void {
    const size = this.#tree.size;
    const checkpoint = this.#checkpoints[this.#nextCheckpoint];
    const pinHere = this.#pin?.size === size;
    if (checkpoint?.size !== size && !pinHere) return;
    const root = this.#tree.root();
    if (checkpoint?.size === size) {
      if (!bytesEqual(root, checkpoint.rootHash)) {
        throw new LedgerError(
          'ROOT_MISMATCH',
          `the entries do not give the root signed at size ${size}; ` +
            `entries before ${this.#matchedSize} match an earlier checkpoint, so the first altered entry is at ${this.#matchedSize} or later`,
          this.#matchedSize,
        );
      }
      this.#matchedSize = size;
      this.#nextCheckpoint++;
    }
    if (pinHere && !bytesEqual(root, this.#pin!.rootHash)) {
      throw new LedgerError(
        'PINNED_MISMATCH',
        `the log was rewritten: the entries before ${size} do not give the pinned root ${this.#pin!.text}`,
      );
    }
  }
}

function decodeHash(text: string): Uint8Array | undefined {
  try {
    const hash = fromBase64(text);
    return hash.length === HASH_SIZE ? hash : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the object has exactly these keys (given sorted). */
function hasKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value).sort();
  return own.length === keys.length && own.every((key, i) => key === keys[i]);
}

function bundleError(message: string, index: number | null = null): LedgerError {
  return new LedgerError('BAD_BUNDLE', message, index ?? undefined);
}
