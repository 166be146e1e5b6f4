#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { serveConfig } from './config.js';
import { serve } from './serve.js';

const HELP = `setbook - the safety system of record for film and TV sets

Usage:
  setbook [serve] [--port N] [--https-port N] [--host H] [--data-dir DIR]
      Start the server (the default). Env: PORT, HOST, SETBOOK_DATA_DIR,
      SETBOOK_DATABASE_URL (PostgreSQL instead of the embedded SQLite file),
      SETBOOK_SETUP_TOKEN (preset the first-run token), SETBOOK_HTTPS_PORT
      (default 8443; --port then sends the set's network there),
      SETBOOK_TLS_CERT and SETBOOK_TLS_KEY (a studio's certificate),
      SETBOOK_HTTPS=off (plain HTTP only, behind a studio's own proxy).
  setbook demo [--data-dir DIR]
      Create a fictional western production with a full crew, scenes and
      shoot days, and print everyone's sign-in.
  setbook export --production ID [--data-dir DIR] [--out FILE]
      Write a production's ledger bundle for offline verification.
  setbook verify BUNDLE [--key VERIFIER_KEY_OR_FILE] [--checkpoint NOTE_OR_SIZE:ROOT]
      Check an exported ledger offline; exit 0 when intact, 1 naming the
      first bad index otherwise. The first line is the key hash of the
      bundle's signing key: compare it with the one on the call sheet.
      --key accepts only bundles signed by that key (name+hash+key, as the
      production's ledger page shows it); --checkpoint pins a checkpoint.
  setbook --help
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string', short: 'p' },
      'https-port': { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      production: { type: 'string' },
      out: { type: 'string' },
      checkpoint: { type: 'string' },
      key: { type: 'string' },
    },
  });
  const [command = 'serve', ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  switch (command) {
    case 'serve':
      await serve(serveConfig(values));
      return -1;
    case 'demo': {
      const { demo } = await import('./demo.js');
      return demo(serveConfig(values));
    }
    case 'export': {
      const { exportLedger } = await import('./export.js');
      return exportLedger(serveConfig(values), values.production, values.out);
    }
    case 'verify': {
      const { verify } = await import('./verify.js');
      return verify(rest[0], values.key, values.checkpoint);
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`setbook: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
