// The set's own certificate authority and the laptop's server certificate:
// phones on the set's Wi-Fi need HTTPS for a secure context (service worker,
// offline STOP), and the set has no public name a public CA could vouch for.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA lives as long as a production's phones keep it installed. */
export const CA_DAYS = 3650;
/** Apple refuses server certificates valid for more than 825 days, and browsers cap public ones at 398. */
export const LEAF_DAYS = 397;
/** A certificate with less left than this is replaced at start. */
export const RENEW_DAYS = 30;

/** The names and addresses a phone may use to reach this machine. */
export interface MachineNames {
  dns: string[];
  ips: string[];
}

/** The certificate the HTTPS server presents, and the CA phones install when it is the set's own. */
export interface ServerTls {
  certPem: string;
  keyPem: string;
  /** null when a studio's certificate is used as it is */
  ca: { pem: string; der: Buffer; name: string; fingerprint: string } | null;
  names: MachineNames;
  notAfter: Date;
  /** true when this start wrote a new server certificate */
  renewed: boolean;
}

/** One spelling per address, so the addresses in a certificate compare with the machine's. */
function canonicalIp(ip: string): string {
  return ip.includes(':') ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** This machine's host name, its mDNS `.local` name, localhost, and every address of every interface. */
export function machineNames(hostname = os.hostname(), interfaces = os.networkInterfaces()): MachineNames {
  const host = hostname.toLowerCase();
  const short = host.split('.')[0] ?? host;
  const addresses = Object.values(interfaces)
    .flat()
    .filter((nic) => nic !== undefined && !nic.internal)
    .map((nic) => canonicalIp(nic!.address));
  return {
    dns: sorted([host, `${short}.local`, 'localhost'].filter((name) => name.length > 0)),
    ips: sorted(['127.0.0.1', '::1', ...addresses]),
  };
}

function sameNames(a: MachineNames, b: MachineNames): boolean {
  return a.dns.join() === b.dns.join() && a.ips.join() === b.ips.join();
}

/** The colon-separated SHA-256 of the certificate, as iOS and Android show it. */
function fingerprintOf(pem: string): string {
  return new crypto.X509Certificate(pem).fingerprint256;
}

/** A positive 128-bit serial number (RFC 5280 4.1.2.2). */
function serialNumber(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function rsaKeys(bits: number): forge.pki.rsa.KeyPair {
  // node:crypto makes the key (native, fast); forge only formats and signs the certificate.
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function createCa(name: string, now: Date): { certPem: string; keyPem: string } {
  const keys = rsaKeys(3072);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(now.getTime() + CA_DAYS * DAY_MS);
  const subject = [{ name: 'commonName', value: name }, { name: 'organizationName', value: 'Setbook' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

function createLeaf(ca: { certPem: string; keyPem: string }, names: MachineNames, now: Date): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = rsaKeys(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  // An hour back, for phones whose clock runs a little behind the laptop's.
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Math.min(now.getTime() + LEAF_DAYS * DAY_MS, caCert.validity.notAfter.getTime()));
  cert.setSubject([{ name: 'commonName', value: names.dns.find((name) => name !== 'localhost') ?? 'localhost' }, { name: 'organizationName', value: 'Setbook' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

function namesIn(certPem: string): MachineNames {
  const cert = forge.pki.certificateFromPem(certPem);
  const altNames = (cert.getExtension('subjectAltName') as { altNames?: { type: number; value: string; ip?: string }[] } | null)?.altNames ?? [];
  return {
    dns: sorted(altNames.filter((n) => n.type === 2).map((n) => n.value)),
    ips: sorted(altNames.filter((n) => n.type === 7 && n.ip).map((n) => canonicalIp(n.ip!))),
  };
}

function issuedBy(certPem: string, caPem: string): boolean {
  return new crypto.X509Certificate(certPem).verify(new crypto.X509Certificate(caPem).publicKey);
}

function daysLeft(certPem: string, now: Date): number {
  return (Date.parse(new crypto.X509Certificate(certPem).validTo) - now.getTime()) / DAY_MS;
}

function readIfExists(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a key; keys get 0600. */
function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.rmSync(temporary, { force: true });
  fs.writeFileSync(temporary, text, { mode, flag: 'wx' });
  fs.renameSync(temporary, file);
}

/**
 * The set's CA and this machine's server certificate, kept in `<dataDir>/tls/`:
 * the CA is made once (phones install it once); the server certificate is made
 * again at start when missing, within RENEW_DAYS of expiry, not issued by the
 * CA, or not naming exactly the machine's current names and addresses.
 */
export function loadOrCreateSetTls(dataDir: string, options: { caName: string; names?: MachineNames; now?: Date; testFixture?: string | undefined }): ServerTls {
  if (options.testFixture) return fromTestFixture(dataDir, { ...options, testFixture: options.testFixture });
  const { caKeyPem: _caKeyPem, ...served } = loadOrCreateIn(dataDir, options);
  return served;
}

/** Where a test fixture's CA and certificate are kept: the OS temp dir, per user, by fixture name. */
export function testFixtureDir(fixture: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(fixture)) throw new Error(`SETBOOK_TEST_TLS_FIXTURE must be lower-case letters, digits and dashes, got ${fixture}`);
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `setbook-test-tls-${user}`, fixture);
}

/**
 * Tests only (SETBOOK_TEST_TLS_FIXTURE, unset by default): the CA and server
 * certificate are made once in the fixture's folder and copied into this data
 * directory, so each test server skips the 1-2 s of making RSA keys. Reusing
 * was chosen over a smaller key because the tests then serve exactly what
 * production serves (3072-bit CA, 2048-bit server key, same checks and
 * renewal); only the making is skipped. Production never sets the variable,
 * so its keys are made in, and never leave, their own data directory.
 */
function fromTestFixture(dataDir: string, options: { caName: string; names?: MachineNames; now?: Date; testFixture: string }): ServerTls {
  const shared = testFixtureDir(options.testFixture);
  fs.mkdirSync(path.dirname(shared), { recursive: true, mode: 0o700 });
  // Made and checked in the shared folder (servers starting together may both make it; each copies what it made itself).
  const tls = loadOrCreateIn(shared, options);
  const dir = path.join(dataDir, 'tls');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeAtomically(path.join(dir, 'ca-key.pem'), tls.caKeyPem, 0o600);
  writeAtomically(path.join(dir, 'ca.pem'), tls.ca!.pem, 0o644);
  writeAtomically(path.join(dir, 'key.pem'), tls.keyPem, 0o600);
  writeAtomically(path.join(dir, 'cert.pem'), tls.certPem, 0o644);
  const { caKeyPem: _caKeyPem, ...served } = tls;
  return served;
}

function loadOrCreateIn(dataDir: string, options: { caName: string; names?: MachineNames; now?: Date }): ServerTls & { caKeyPem: string } {
  const now = options.now ?? new Date();
  const names = options.names ?? machineNames();
  const dir = path.join(dataDir, 'tls');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { caCert: path.join(dir, 'ca.pem'), caKey: path.join(dir, 'ca-key.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
  for (const key of [files.caKey, files.key]) if (fs.existsSync(key)) fs.chmodSync(key, 0o600);

  let ca = { certPem: readIfExists(files.caCert), keyPem: readIfExists(files.caKey) };
  if (!ca.certPem || !ca.keyPem || daysLeft(ca.certPem, now) < RENEW_DAYS) {
    const made = createCa(options.caName, now);
    writeAtomically(files.caKey, made.keyPem, 0o600);
    writeAtomically(files.caCert, made.certPem, 0o644);
    ca = made;
  }
  const caPem = ca.certPem!;

  let leaf = { certPem: readIfExists(files.cert), keyPem: readIfExists(files.key) };
  const stale =
    !leaf.certPem || !leaf.keyPem || !issuedBy(leaf.certPem, caPem) || daysLeft(leaf.certPem, now) < RENEW_DAYS || !sameNames(namesIn(leaf.certPem), names);
  if (stale) {
    const made = createLeaf({ certPem: caPem, keyPem: ca.keyPem! }, names, now);
    writeAtomically(files.key, made.keyPem, 0o600);
    writeAtomically(files.cert, made.certPem, 0o644);
    leaf = made;
  }
  const caX509 = new crypto.X509Certificate(caPem);
  return {
    certPem: leaf.certPem!,
    keyPem: leaf.keyPem!,
    ca: { pem: caPem, der: caX509.raw, name: forge.pki.certificateFromPem(caPem).subject.getField('CN').value as string, fingerprint: fingerprintOf(caPem) },
    names,
    notAfter: new Date(new crypto.X509Certificate(leaf.certPem!).validTo),
    renewed: stale,
    caKeyPem: ca.keyPem!,
  };
}

/** A studio's own certificate and key (`SETBOOK_TLS_CERT`, `SETBOOK_TLS_KEY`), used as they are. */
export function studioTls(certFile: string, keyFile: string): ServerTls {
  const certPem = fs.readFileSync(certFile, 'utf8');
  const keyPem = fs.readFileSync(keyFile, 'utf8');
  const cert = new crypto.X509Certificate(certPem);
  if (!cert.checkPrivateKey(crypto.createPrivateKey(keyPem))) throw new Error(`SETBOOK_TLS_KEY (${keyFile}) is not the key of SETBOOK_TLS_CERT (${certFile})`);
  const names = (cert.subjectAltName ?? '').split(', ').filter(Boolean);
  return {
    certPem,
    keyPem,
    ca: null,
    names: {
      dns: sorted(names.filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4))),
      ips: sorted(names.filter((n) => n.startsWith('IP Address:')).map((n) => canonicalIp(n.slice(11)))),
    },
    notAfter: new Date(cert.validTo),
    renewed: false,
  };
}
