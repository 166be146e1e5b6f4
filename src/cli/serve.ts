import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, LOG_SERIALIZERS } from '../server/app.js';
import { openStore } from '../store/index.js';
import { loadOrCreateSigner } from '../services/keys.js';
import { loadOrCreateVapidKeys, vapidSubject } from '../services/notify/push.js';
import { blobsIn } from '../services/blobs.js';
import { SecretHasher } from '../services/secrets.js';
import { isSetupNeeded } from '../services/identity.js';
import { encodeVerifierKey } from '../ledger/note.js';
import type { ServiceDeps } from '../services/context.js';
import { loadOrCreateSetTls, machineNames, studioTls, type ServerTls } from '../services/tls.js';
import { httpsUrlsOf, plainHttp, trustUrlsOf, type SetLan } from '../server/lan.js';
import { setupToken, type ServeConfig } from './config.js';

function serverTls(config: ServeConfig, instance: string): ServerTls | null {
  switch (config.tls.kind) {
    case 'off':
      return null;
    case 'studio':
      return studioTls(config.tls.certFile, config.tls.keyFile);
    case 'set-ca':
      return loadOrCreateSetTls(config.dataDir, { caName: `Setbook set CA ${instance}`, testFixture: config.tls.testFixture });
  }
}

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
  const tls = serverTls(config, signer.name);
  const lan: SetLan | undefined = tls?.ca ? { ca: tls.ca, names: tls.names, httpPort: config.port, httpsPort: config.httpsPort } : undefined;
  const app = await buildApp(deps, {
    https: tls ? { cert: tls.certPem, key: tls.keyPem } : undefined,
    lan,
    mail: config.mail,
    push: { keys: loadOrCreateVapidKeys(config.dataDir), subject: vapidSubject(config.mail.from), services: config.pushServices },
    publicUrl: config.publicUrl,
    attachmentMaxBytes: config.attachmentMaxBytes,
    logger: {
      level: process.env.SETBOOK_LOG_LEVEL ?? 'info',
      serializers: LOG_SERIALIZERS,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  // With HTTPS, the app listens there and the plain-HTTP port hands it the requests it keeps (loopback, the trust page).
  const httpServer = tls ? http.createServer(plainHttp(app, { httpsPort: () => lan?.httpsPort ?? config.httpsPort, servesTrust: lan !== undefined })) : null;
  await app.listen({ port: tls ? config.httpsPort : config.port, host: config.host });
  const listened = (app.server.address() as AddressInfo).port;
  let port = listened;
  if (httpServer) {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen({ port: config.port, host: config.host }, resolve);
    });
    port = (httpServer.address() as AddressInfo).port;
  }
  if (lan) Object.assign(lan, { httpPort: port, httpsPort: listened });

  const out = process.stdout;
  out.write(`Setbook listening on http://127.0.0.1:${port}\n`);
  if (tls) out.write(`  HTTPS on port ${listened} (${tls.ca ? `the set's CA, certificate until ${tls.notAfter.toISOString().slice(0, 10)}` : 'studio certificate'})\n`);
  if (config.tls.kind === 'set-ca' && config.tls.testFixture) out.write(`  TEST ONLY: the CA is the shared test fixture "${config.tls.testFixture}", not this data directory's own\n`);
  if (config.host === '0.0.0.0') {
    if (lan) {
      for (const url of httpsUrlsOf(lan)) out.write(`  on the set's network: ${url}\n`);
      out.write(`  phones trust this set once at: ${trustUrlsOf(lan)[0] ?? `http://127.0.0.1:${port}/trust`}\n`);
    } else if (!tls) {
      for (const url of lanAddresses()) out.write(`  on the set's network: http://${url}:${port}\n`);
    }
  }
  out.write(`  database: ${store.dialect}${store.dialect === 'sqlite' ? ` (${config.dataDir})` : ''}\n`);
  out.write(`  ledger key: ${encodeVerifierKey(signer.name, signer.publicKey)}\n`);
  // Never the SMTP URL itself: it may carry a password.
  out.write(`  email: ${config.mail.smtpUrl ? 'SMTP' : `outbox folder ${config.mail.outboxDir}`}\n`);
  if (await isSetupNeeded(deps)) {
    out.write(`  first run: open the app and enter the setup token ${deps.setupToken}\n`);
  }

  const stop = async () => {
    httpServer?.closeAllConnections();
    httpServer?.close();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function lanAddresses(): string[] {
  return machineNames().ips.filter((ip) => !ip.includes(':') && !ip.startsWith('127.'));
}
