import fs from 'node:fs';
import { ndjsonBatches, verifyBundle } from '../ledger/bundle.js';
import { nodeSha256, nodeVerify } from '../services/keys.js';

/**
 * `setbook verify <bundle> [--checkpoint ...]`: exit 0 with a summary when the
 * bundle is intact, 1 naming the first bad index otherwise, 2 for usage errors.
 */
export async function verify(file: string | undefined, pinned: string | undefined): Promise<number> {
  if (!file) {
    process.stderr.write('usage: setbook verify <bundle> [--checkpoint <signed note or size:roothash>]\n');
    return 2;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write(`setbook verify: no such file ${file}\n`);
    return 2;
  }
  const pin = pinned && fs.existsSync(pinned) ? fs.readFileSync(pinned, 'utf8') : pinned;
  const started = performance.now();
  const report = await verifyBundle(ndjsonBatches(fs.createReadStream(file, { highWaterMark: 1 << 20 })), {
    verify: nodeVerify,
    sha256: nodeSha256,
    ...(pin ? { pinned: pin } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
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
      ...(report.pinned ? [`  pinned:      checkpoint at size ${report.pinned.size} matches`] : []),
      `  time:        ${seconds} s`,
      '',
    ].join('\n'),
  );
  return 0;
}
