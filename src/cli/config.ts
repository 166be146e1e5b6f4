import fs from 'node:fs';
import path from 'node:path';
import { randomToken } from '../services/secrets.js';
import { DEFAULT_FROM, type MailConfig } from '../services/notify/mail.js';

export interface ServeConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** log2 of scrypt's N */
  scryptCost: number;
  /** escalation email: SMTP when a URL is given, else the data dir's outbox folder */
  mail: MailConfig;
  /** the address people open Setbook at (`SETBOOK_PUBLIC_URL`), for links in email and QR codes on paper; else the address a request came to */
  publicUrl: string | undefined;
  /** the largest photo or PDF a notebook takes (`SETBOOK_ATTACHMENT_MB`, default 25) */
  attachmentMaxBytes: number;
  /** the HTTPS port (`--https-port`, `SETBOOK_HTTPS_PORT`, default 8443); `--port` then redirects the set's network to it */
  httpsPort: number;
  /** HTTPS with the set's own CA (the default), a studio's certificate (`SETBOOK_TLS_CERT`, `SETBOOK_TLS_KEY`), or none (`SETBOOK_HTTPS=off`) */
  tls: TlsConfig;
  /** the push services devices may subscribe through (`SETBOOK_PUSH_SERVICES`); unset, the browsers' own */
  pushServices: readonly string[] | 'any' | undefined;
}

export type TlsConfig = { kind: 'set-ca'; testFixture?: string } | { kind: 'studio'; certFile: string; keyFile: string } | { kind: 'off' };

function tlsConfig(env: NodeJS.ProcessEnv): TlsConfig {
  const https = (env.SETBOOK_HTTPS ?? 'on').toLowerCase();
  if (https !== 'on' && https !== 'off') throw new Error(`SETBOOK_HTTPS must be on or off, got ${env.SETBOOK_HTTPS}`);
  const certFile = env.SETBOOK_TLS_CERT || undefined;
  const keyFile = env.SETBOOK_TLS_KEY || undefined;
  if (https === 'off') {
    if (certFile || keyFile) throw new Error('SETBOOK_TLS_CERT and SETBOOK_TLS_KEY need SETBOOK_HTTPS on');
    return { kind: 'off' };
  }
  if (!certFile !== !keyFile) throw new Error('SETBOOK_TLS_CERT and SETBOOK_TLS_KEY go together: the certificate (PEM, with its chain) and its private key');
  if (certFile && keyFile) return { kind: 'studio', certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
  // Tests only: reuse one CA made per test run instead of making RSA keys at every start (see src/services/tls.ts).
  const testFixture = env.SETBOOK_TEST_TLS_FIXTURE || undefined;
  return testFixture ? { kind: 'set-ca', testFixture } : { kind: 'set-ca' };
}

function portOf(value: string, what: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${what} must be 0-65535, got ${value}`);
  return port;
}

/** `SETBOOK_PUBLIC_URL`: an http(s) address, kept without a trailing slash. */
function publicUrlOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SETBOOK_PUBLIC_URL must be an address like https://setbook.example.com, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`SETBOOK_PUBLIC_URL must start with http:// or https://, got ${value}`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** `SETBOOK_PUSH_SERVICES`: hosts or domains, comma-separated, or `any`; unset, the browsers' own push services. */
function pushServicesOf(value: string | undefined): readonly string[] | 'any' | undefined {
  if (!value?.trim()) return undefined;
  if (value.trim().toLowerCase() === 'any') return 'any';
  return value
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}

/** Flags win over environment variables, which win over defaults. */
export function serveConfig(
  flags: { port?: string | undefined; 'https-port'?: string | undefined; host?: string | undefined; 'data-dir'?: string | undefined },
  env = process.env,
): ServeConfig {
  const port = portOf(flags.port ?? env.PORT ?? '8080', '--port');
  const httpsPort = portOf(flags['https-port'] ?? env.SETBOOK_HTTPS_PORT ?? '8443', '--https-port');
  const scryptCost = Number(env.SETBOOK_SCRYPT_COST ?? 17);
  if (!Number.isInteger(scryptCost) || scryptCost < 10 || scryptCost > 20) {
    throw new Error('SETBOOK_SCRYPT_COST must be a whole number from 10 to 20');
  }
  const dataDir = path.resolve(flags['data-dir'] ?? env.SETBOOK_DATA_DIR ?? 'data');
  const attachmentMb = Number(env.SETBOOK_ATTACHMENT_MB ?? 25);
  if (!Number.isFinite(attachmentMb) || attachmentMb < 1 || attachmentMb > 1024) throw new Error('SETBOOK_ATTACHMENT_MB must be a number of megabytes from 1 to 1024');
  return {
    port,
    host: flags.host ?? env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.SETBOOK_DATABASE_URL || undefined,
    scryptCost,
    mail: { smtpUrl: env.SETBOOK_SMTP_URL || undefined, outboxDir: path.join(dataDir, 'outbox'), from: env.SETBOOK_MAIL_FROM || DEFAULT_FROM },
    publicUrl: publicUrlOf(env.SETBOOK_PUBLIC_URL),
    attachmentMaxBytes: Math.round(attachmentMb * 1024 * 1024),
    httpsPort,
    tls: tlsConfig(env),
    pushServices: pushServicesOf(env.SETBOOK_PUSH_SERVICES),
  };
}

/**
 * The one-time setup token: SETBOOK_SETUP_TOKEN when given, else the one kept
 * in the data directory, else a new one written there with mode 0600.
 */
export function setupToken(dataDir: string, env = process.env): string {
  if (env.SETBOOK_SETUP_TOKEN) return env.SETBOOK_SETUP_TOKEN;
  const file = path.join(dataDir, 'setup-token');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const token = randomToken();
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
