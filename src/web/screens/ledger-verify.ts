// Verifies the export bundle in the browser with the same src/ledger code the
// `setbook verify` command runs, streaming it so a million entries never sit in
// memory, and yielding to the page now and then so progress can be drawn.
import { ndjsonLines, verifyBundle, type BundleReport } from '../../ledger/bundle.js';
import { fromBase64, HASH_SIZE } from '../../ledger/hash.js';
import { parseCheckpoint } from '../../ledger/note.js';

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
    return { ok: false, error: 'The root after the colon is not a 32-byte hash in base64. Copy it again from the call sheet.' };
  }
  const note = `${cleaned}\n`;
  try {
    parseCheckpoint(note);
  } catch {
    return {
      ok: false,
      error: 'This is not a checkpoint. Paste the whole signed checkpoint from the call sheet, or its size and root as 1432:base64root.',
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
 * Verifies a downloaded bundle against its own signatures and, when given, a
 * pinned checkpoint. Resolves to the report of verifyBundle; rejects only when
 * the download itself breaks (a network error, or the signal aborting).
 */
export function verifyDownload(body: ReadableStream<Uint8Array>, pinned: string | undefined, report: (progress: Progress) => void): Promise<BundleReport> {
  const progress: Progress = { entries: 0, bytes: 0 };
  const lines = counted(ndjsonLines(chunks(body, progress)), progress, report);
  return verifyBundle(lines, pinned === undefined ? {} : { pinned });
}
