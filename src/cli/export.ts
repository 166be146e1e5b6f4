import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openStore } from '../store/index.js';
import { repositories } from '../store/index.js';
import { loadOrCreateSigner } from '../services/keys.js';
import { exportBundle } from '../services/ledger.js';
import type { ServeConfig } from './config.js';

/** `setbook export`: writes a production's bundle from the database, for an investigator or insurer. */
export async function exportLedger(config: ServeConfig, productionId: string | undefined, out: string | undefined) {
  if (!productionId) {
    process.stderr.write('setbook export: --production ID is required\n');
    return 2;
  }
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const signer = loadOrCreateSigner(config.dataDir);
    const lines = Readable.from(exportBundle(repositories(store.db, store.dialect), signer, productionId));
    await pipeline(lines, out ? fs.createWriteStream(out) : process.stdout);
    return 0;
  } finally {
    await store.close();
  }
}
