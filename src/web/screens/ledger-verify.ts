// Verifies the export bundle in the browser with the same src/ledger code the
// `setbook verify` command runs, streaming it so a million entries never sit in
// memory, and yielding to the page now and then so progress can be drawn.
import { ndjsonLines, verifyBundle, type BundleReport } from '../../ledger/bundle.js';
import { bytesEqual, fromBase64, HASH_SIZE, toBase64 } from '../../ledger/hash.js';
import { keyHash, keyHashText, nobleVerify, parseCheckpoint, parseNote, parseVerifierKey, type SignatureVerifier } from '../../ledger/note.js';
import { t } from '../i18n.js';

/** Who signs a production's log, as a person compares it with a call sheet. */
export interface Signer {
  name: string;
  /** 8 hex digits, as `setbook verify` prints it on its first line. */
  keyHash: string;
}

/** The name and key hash of a verifier key, or null if it is not one (then nothing can be checked against it). */
export function signerOf(verifierKey: string): Signer | null {
  try {
    const { name, publicKey } = parseVerifierKey(verifierKey);
    return { name, keyHash: keyHashText(name, publicKey) };
  } catch {
    return null;
  }
}

export type PinnedInput = { ok: true; pinned: string | undefined } | { ok: false; error: string };

const SHORT_PIN = /^(0|[1-9][0-9]*):([A-Za-z0-9+/=]+)$/;

/**
 * Reads what a person pasted from a call sheet: nothing, "<size>:<base64 root>",
 * or a whole signed checkpoint. Copying from a PDF or a message adds carriage
 * returns and trailing spaces, and drops the final newline a note ends with;
 * those are undone here, so only a real mistake is refused.
 */
export function readPinned(text: string): PinnedInput {
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  if (cleaned === '') return { ok: true, pinned: undefined };
  const short = SHORT_PIN.exec(cleaned);
  if (short) {
    let root: Uint8Array | undefined;
    try {
      root = fromBase64(short[2]!);
    } catch {
      root = undefined;
    }
    if (Number.isSafeInteger(Number(short[1])) && root?.length === HASH_SIZE) return { ok: true, pinned: cleaned };
    return { ok: false, error: t('ledger.verify.badRoot') };
  }
  const note = `${cleaned}\n`;
  try {
    parseCheckpoint(note);
  } catch {
    return {
      ok: false,
      error: t('ledger.verify.notCheckpoint'),
    };
  }
  return { ok: true, pinned: note };
}

export interface Progress {
  /** Entry lines read so far. */
  entries: number;
  /** Bytes downloaded so far. */
  bytes: number;
}

/** How long verification may hold the main thread before letting the page paint. */
const SLICE_MS = 50;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Ed25519 through WebCrypto, some twenty times faster than pure JS, as the CLI
 * uses OpenSSL's. verifyBundle asks synchronously and WebCrypto answers
 * asynchronously, so the signatures are checked ahead: the header and every
 * checkpoint come before the entries, and checkpoints are checked in batches
 * as their lines stream past. Only good signatures are remembered; anything
 * else (a bad signature, a browser without Ed25519 in WebCrypto, a page on
 * plain HTTP where WebCrypto is missing) is decided by noble, as without this.
 */
class SignaturesAhead {
  #key: { name: string; publicKey: Uint8Array; crypto: CryptoKey } | null = null;
  readonly #good = new Set<string>();

  readonly verify: SignatureVerifier = (signature, message, publicKey) =>
    (this.#key !== null && bytesEqual(publicKey, this.#key.publicKey) && this.#good.has(memo(signature, message))) ||
    nobleVerify(signature, message, publicKey);

  /** Takes the signing key from the bundle's header line. */
  async header(line: string): Promise<void> {
    try {
      const { verifierKey } = JSON.parse(line) as { verifierKey: string };
      const { name, publicKey } = parseVerifierKey(verifierKey);
      const key = await crypto.subtle.importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, ['verify']);
      this.#key = { name, publicKey, crypto: key };
    } catch {
      this.#key = null;
    }
  }

  /** Checks the header key's signatures on signed notes (checkpoints, or a pinned one), all at once. */
  async notes(texts: readonly string[]): Promise<void> {
    await Promise.all(texts.map((text) => this.#note(text)));
  }

  async #note(text: string): Promise<void> {
    if (!this.#key) return;
    const { name, publicKey, crypto: key } = this.#key;
    try {
      const note = parseNote(text);
      const message = new TextEncoder().encode(note.body);
      const hash = keyHash(name, publicKey);
      for (const { signature, ...signer } of note.signatures) {
        if (signer.name !== name || signer.keyHash !== hash) continue;
        if (await crypto.subtle.verify('Ed25519', key, new Uint8Array(signature), message)) this.#good.add(memo(signature, message));
      }
    } catch {
      // Not a note, or not a signature WebCrypto takes: verifyBundle finds out and says so.
    }
  }
}

function memo(signature: Uint8Array, message: Uint8Array): string {
  return `${toBase64(signature)} ${toBase64(message)}`;
}

async function* chunks(body: ReadableStream<Uint8Array>, progress: Progress): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      progress.bytes += next.value.byteLength;
      yield next.value;
    }
  } finally {
    // Verification stopped at a bad line: there is no point downloading the rest.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/** Checkpoint lines held back to check their signatures together: WebCrypto answers each after a thread hop. */
const CHECKPOINT_BATCH = 256;

/** Passes the lines on, each checkpoint line only once its signatures are checked ahead. */
async function* signedAhead(lines: AsyncIterable<string>, signatures: SignaturesAhead, pinned: string | undefined): AsyncGenerator<string> {
  let header = true;
  let held: string[] = [];
  for await (const line of lines) {
    const checkpoint = !header && line.startsWith('{"checkpoint":');
    if (header) {
      header = false;
      await signatures.header(line);
      // verifyBundle checks a pinned note as soon as it reads the header.
      if (pinned?.includes('\n')) await signatures.notes([pinned]);
    } else if (checkpoint) {
      held.push(line);
      if (held.length < CHECKPOINT_BATCH) continue;
    }
    if (held.length > 0) {
      await signatures.notes(held.map(checkpointText));
      yield* held;
      held = [];
    }
    if (!checkpoint) yield line;
  }
  await signatures.notes(held.map(checkpointText));
  yield* held;
}

/** Passes the lines on, counting entries, and lets the page paint after every slice of work. */
async function* counted(lines: AsyncIterable<string>, progress: Progress, report: (progress: Progress) => void): AsyncGenerator<string> {
  let slice = performance.now();
  for await (const line of lines) {
    yield line;
    if (line.startsWith('{"entry":')) progress.entries++;
    if (performance.now() - slice > SLICE_MS) {
      report({ ...progress });
      await nextTask();
      slice = performance.now();
    }
  }
  report({ ...progress });
}

/**
 * Verifies a downloaded bundle: signed by `trustedKey` (the key the page shows,
 * not whatever key the download brings), consistent with its own signatures
 * and, when given, a pinned checkpoint. Resolves to the report of
 * verifyBundle; rejects only when the download itself breaks (a network
 * error, or the signal aborting).
 */
export function verifyDownload(
  body: ReadableStream<Uint8Array>,
  trustedKey: string,
  pinned: string | undefined,
  report: (progress: Progress) => void,
): Promise<BundleReport> {
  const progress: Progress = { entries: 0, bytes: 0 };
  const signatures = new SignaturesAhead();
  const lines = counted(signedAhead(ndjsonLines(chunks(body, progress)), signatures, pinned), progress, report);
  return verifyBundle(lines, { verify: signatures.verify, trustedKey, ...(pinned === undefined ? {} : { pinned }) });
}

function checkpointText(line: string): string {
  try {
    const { checkpoint } = JSON.parse(line) as { checkpoint: unknown };
    return typeof checkpoint === 'string' ? checkpoint : '';
  } catch {
    return '';
  }
}
