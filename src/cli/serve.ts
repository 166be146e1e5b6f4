import os from 'node:os';
import { buildApp, LOG_SERIALIZERS } from '../server/app.js';
import { openStore } from '../store/index.js';
import { loadOrCreateSigner } from '../services/keys.js';
import { blobsIn } from '../services/blobs.js';
import { SecretHasher } from '../services/secrets.js';
import { isSetupNeeded } from '../services/identity.js';
import { encodeVerifierKey } from '../ledger/note.js';
import type { ServiceDeps } from '../services/context.js';
import { setupToken, type ServeConfig } from './config.js';

/** Opens the store, builds the app and listens until SIGINT/SIGTERM. */
export async function serve(config: ServeConfig): Promise<void> {
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const signer = loadOrCreateSigner(config.dataDir);
  const deps: ServiceDeps = {
    store,
    hasher: new SecretHasher(config.scryptCost),
    signer,
    clock: () => new Date(),
    setupToken: setupToken(config.dataDir),
    blobs: blobsIn(config.dataDir),
  };
  const app = await buildApp(deps, {
    mail: config.mail,
    publicUrl: config.publicUrl,
    attachmentMaxBytes: config.attachmentMaxBytes,
    logger: {
      level: process.env.SETBOOK_LOG_LEVEL ?? 'info',
      serializers: LOG_SERIALIZERS,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  const out = process.stdout;
  out.write(`Setbook listening on http://127.0.0.1:${port}\n`);
  if (config.host === '0.0.0.0') {
    for (const lan of lanAddresses()) out.write(`  on the set's network: http://${lan}:${port}\n`);
  }
  out.write(`  database: ${store.dialect}${store.dialect === 'sqlite' ? ` (${config.dataDir})` : ''}\n`);
  out.write(`  ledger key: ${encodeVerifierKey(signer.name, signer.publicKey)}\n`);
  // Never the SMTP URL itself: it may carry a password.
  out.write(`  email: ${config.mail.smtpUrl ? 'SMTP' : `outbox folder ${config.mail.outboxDir}`}\n`);
  if (await isSetupNeeded(deps)) {
    out.write(`  first run: open the app and enter the setup token ${deps.setupToken}\n`);
  }

  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((nic) => nic && nic.family === 'IPv4' && !nic.internal)
    .map((nic) => nic!.address);
}
