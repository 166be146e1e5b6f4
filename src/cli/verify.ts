import fs from 'node:fs';
import { ndjsonBatches, verifyBundle } from '../ledger/bundle.js';
import { LedgerError } from '../ledger/errors.js';
import { parseVerifierKey } from '../ledger/note.js';
import { nodeSha256, nodeVerify } from '../services/keys.js';

const USAGE = 'usage: setbook verify <bundle> [--key <verifier key or file>] [--checkpoint <signed note or size:roothash>]\n';

/**
 * `setbook verify <bundle> [--key ...] [--checkpoint ...]`: the first line is
 * the key hash of the bundle's signing key, to compare with the one on a call
 * sheet; then exit 0 with a summary when the bundle is intact (and signed by
 * the --key given), 1 naming the first bad index otherwise, 2 for usage errors.
 */
export async function verify(file: string | undefined, trusted: string | undefined, pinned: string | undefined): Promise<number> {
  if (!file) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write(`setbook verify: no such file ${file}\n`);
    return 2;
  }
  const trustedKey = trusted === undefined ? undefined : readKey(trusted);
  if (trustedKey instanceof LedgerError) {
    process.stderr.write(`setbook verify: --key is neither a verifier key nor a file holding one (${trustedKey.message})\n${USAGE}`);
    return 2;
  }
  const pin = pinned && fs.existsSync(pinned) ? fs.readFileSync(pinned, 'utf8') : pinned;
  const started = performance.now();
  const report = await verifyBundle(ndjsonBatches(fs.createReadStream(file, { highWaterMark: 1 << 20 })), {
    verify: nodeVerify,
    sha256: nodeSha256,
    ...(trustedKey ? { trustedKey } : {}),
    ...(pin ? { pinned: pin } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  process.stdout.write(`key hash: ${report.keyHash ?? 'none (the bundle names no readable key)'}\n`);
  if (!report.ok) {
    const where = report.firstBadIndex === null ? '' : ` at index ${report.firstBadIndex}`;
    process.stdout.write(`FAILED${where}: ${report.message} [${report.code}]\n`);
    return 1;
  }
  process.stdout.write(
    [
      `OK: ledger of production ${report.productionId} is intact`,
      `  entries:     ${report.treeSize}`,
      `  root hash:   ${report.rootHash}`,
      `  checkpoints: ${report.checkpointsVerified} signatures verified`,
      `  signed by:   ${report.verifierKey}`,
      trustedKey
        ? '  key:         the one given with --key'
        : '  key:         not pinned; compare the key hash above with the call sheet, or pass --key',
      ...(report.pinned ? [`  pinned:      checkpoint at size ${report.pinned.size} matches`] : []),
      `  time:        ${seconds} s`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** The --key value: the verifier key text itself, or a file holding it (as copied from the production's page). */
function readKey(value: string): string | LedgerError {
  const text = (fs.existsSync(value) ? fs.readFileSync(value, 'utf8') : value).trim();
  try {
    parseVerifierKey(text);
    return text;
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
}
