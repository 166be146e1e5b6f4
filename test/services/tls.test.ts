import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveConfig } from '../../src/cli/config.js';
import { LEAF_DAYS, loadOrCreateSetTls, machineNames, studioTls, testFixtureDir } from '../../src/services/tls.js';

const DAY = 24 * 60 * 60 * 1000;
const laptop = { dns: ['localhost', 'unit-laptop', 'unit-laptop.local'], ips: ['10.0.0.7', '127.0.0.1', '::1'] };
const caName = 'Setbook set CA Night Harbor';
const dirs: string[] = [];
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-tls-'));
  dirs.push(dir);
  return dir;
};
const mode = (file: string) => fs.statSync(file).mode & 0o777;

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the set's certificate authority and the laptop's certificate", () => {
  it('the first start makes a CA and a certificate naming every way a phone can reach the laptop, keys readable by Setbook alone', () => {
    const dir = dataDir();
    const now = new Date('2026-03-02T08:00:00Z');
    const tls = loadOrCreateSetTls(dir, { caName, names: laptop, now });

    const cert = new crypto.X509Certificate(tls.certPem);
    const ca = new crypto.X509Certificate(tls.ca!.pem);
    expect(cert.subjectAltName).toBe('DNS:localhost, DNS:unit-laptop, DNS:unit-laptop.local, IP Address:10.0.0.7, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(ca.subject).toContain(`CN=${caName}`);
    expect(tls.ca!.name).toBe(caName);
    expect(tls.ca!.fingerprint).toBe(ca.fingerprint256);
    expect((Date.parse(cert.validTo) - now.getTime()) / DAY).toBeCloseTo(LEAF_DAYS, 0);
    expect((Date.parse(ca.validTo) - now.getTime()) / DAY).toBeGreaterThan(3600);

    expect(mode(path.join(dir, 'tls'))).toBe(0o700);
    expect(mode(path.join(dir, 'tls/ca-key.pem'))).toBe(0o600);
    expect(mode(path.join(dir, 'tls/key.pem'))).toBe(0o600);
    expect(crypto.createPrivateKey(fs.readFileSync(path.join(dir, 'tls/key.pem'))).type).toBe('private');
    expect(tls.renewed).toBe(true);
  });

  it('the next start keeps the same certificate, so phones see nothing change', () => {
    const dir = dataDir();
    const first = loadOrCreateSetTls(dir, { caName, names: laptop, now: new Date('2026-03-02T08:00:00Z') });
    const again = loadOrCreateSetTls(dir, { caName, names: laptop, now: new Date('2026-06-02T08:00:00Z') });
    expect(again.renewed).toBe(false);
    expect(again.certPem).toBe(first.certPem);
    expect(again.ca!.pem).toBe(first.ca!.pem);
  });

  it('a start within 30 days of expiry makes a new certificate from the same CA, so phones need not install anything again', () => {
    const dir = dataDir();
    const first = loadOrCreateSetTls(dir, { caName, names: laptop, now: new Date('2026-03-02T08:00:00Z') });
    const late = new Date(Date.parse('2026-03-02T08:00:00Z') + (LEAF_DAYS - 20) * DAY);
    const renewed = loadOrCreateSetTls(dir, { caName, names: laptop, now: late });
    expect(renewed.renewed).toBe(true);
    expect(renewed.certPem).not.toBe(first.certPem);
    expect(renewed.ca!.pem).toBe(first.ca!.pem);
    expect(Date.parse(new crypto.X509Certificate(renewed.certPem).validTo)).toBeGreaterThan(late.getTime() + 300 * DAY);
  });

  it('the laptop joining another network gets a certificate for its new address', () => {
    const dir = dataDir();
    loadOrCreateSetTls(dir, { caName, names: laptop, now: new Date('2026-03-02T08:00:00Z') });
    const moved = { ...laptop, ips: ['127.0.0.1', '192.168.4.20', '::1'] };
    const renewed = loadOrCreateSetTls(dir, { caName, names: moved, now: new Date('2026-03-03T08:00:00Z') });
    expect(renewed.renewed).toBe(true);
    expect(new crypto.X509Certificate(renewed.certPem).subjectAltName).toContain('IP Address:192.168.4.20');
    expect(new crypto.X509Certificate(renewed.certPem).subjectAltName).not.toContain('10.0.0.7');
  });

  it('a key file someone opened up is closed again to 0600 at start', () => {
    const dir = dataDir();
    loadOrCreateSetTls(dir, { caName, names: laptop });
    fs.chmodSync(path.join(dir, 'tls/key.pem'), 0o644);
    fs.chmodSync(path.join(dir, 'tls/ca-key.pem'), 0o644);
    loadOrCreateSetTls(dir, { caName, names: laptop });
    expect(mode(path.join(dir, 'tls/key.pem'))).toBe(0o600);
    expect(mode(path.join(dir, 'tls/ca-key.pem'))).toBe(0o600);
  });

  it("names the machine's host name, its .local name and each address, however the interfaces spell them", () => {
    const names = machineNames('Unit-Laptop.lan', {
      lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
      wlan0: [
        { address: '192.168.4.20', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '192.168.4.20/24' },
        { address: 'FD00:0:0:0:0:0:0:2', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fd00::2/64', scopeid: 0 },
      ],
    });
    expect(names).toEqual({ dns: ['localhost', 'unit-laptop.lan', 'unit-laptop.local'], ips: ['127.0.0.1', '192.168.4.20', '::1', 'fd00::2'] });
  });

  it("a studio's own certificate is used as it is, and a key that does not match it stops the start", () => {
    const studio = dataDir();
    const made = loadOrCreateSetTls(studio, { caName: 'Studio CA', names: { dns: ['setbook.studio.example'], ips: [] } });
    const tls = studioTls(path.join(studio, 'tls/cert.pem'), path.join(studio, 'tls/key.pem'));
    expect(tls.certPem).toBe(made.certPem);
    expect(tls.keyPem).toBe(made.keyPem);
    expect(tls.ca).toBeNull();
    expect(tls.names.dns).toEqual(['setbook.studio.example']);
    expect(() => studioTls(path.join(studio, 'tls/cert.pem'), path.join(studio, 'tls/ca-key.pem'))).toThrow(/is not the key of SETBOOK_TLS_CERT/);
  });
});

describe('the test fixture CA (SETBOOK_TEST_TLS_FIXTURE)', () => {
  it('servers of one test run share a CA made once, each with its own copy and keys readable by Setbook alone', () => {
    const fixture = `tls-test-${process.pid}`;
    try {
      const first = loadOrCreateSetTls(dataDir(), { caName, names: laptop, testFixture: fixture });
      const dir = dataDir();
      const started = performance.now();
      const second = loadOrCreateSetTls(dir, { caName, names: laptop, testFixture: fixture });
      // Copying takes milliseconds where making the keys takes a second or more.
      expect(performance.now() - started).toBeLessThan(300);
      expect(second.renewed).toBe(false);
      expect(second.ca!.pem).toBe(first.ca!.pem);
      expect(second.certPem).toBe(first.certPem);
      expect(fs.readFileSync(path.join(dir, 'tls/cert.pem'), 'utf8')).toBe(first.certPem);
      expect(fs.readFileSync(path.join(dir, 'tls/ca.pem'), 'utf8')).toBe(first.ca!.pem);
      expect(mode(path.join(dir, 'tls/key.pem'))).toBe(0o600);
      expect(mode(path.join(dir, 'tls/ca-key.pem'))).toBe(0o600);
      const caKey = crypto.createPrivateKey(fs.readFileSync(path.join(dir, 'tls/ca-key.pem')));
      expect(new crypto.X509Certificate(first.ca!.pem).checkPrivateKey(caKey)).toBe(true);
      // The copy is a complete data directory: starting again without the fixture keeps it.
      expect(loadOrCreateSetTls(dir, { caName, names: laptop }).certPem).toBe(first.certPem);
    } finally {
      fs.rmSync(testFixtureDir(fixture), { recursive: true, force: true });
    }
  });

  it('is off by default: each data directory makes its own CA, never shared', () => {
    const one = loadOrCreateSetTls(dataDir(), { caName, names: laptop });
    const two = loadOrCreateSetTls(dataDir(), { caName, names: laptop });
    expect(two.ca!.pem).not.toBe(one.ca!.pem);
    expect(serveConfig({}, {}).tls).toEqual({ kind: 'set-ca' });
    expect(serveConfig({}, { SETBOOK_TEST_TLS_FIXTURE: 'node-tests' }).tls).toEqual({ kind: 'set-ca', testFixture: 'node-tests' });
    // A studio's certificate is never replaced by the fixture.
    expect(serveConfig({}, { SETBOOK_TEST_TLS_FIXTURE: 'node-tests', SETBOOK_TLS_CERT: '/c.pem', SETBOOK_TLS_KEY: '/k.pem' }).tls.kind).toBe('studio');
    expect(() => testFixtureDir('../etc')).toThrow(/SETBOOK_TEST_TLS_FIXTURE/);
  });
});

describe('choosing HTTPS in the configuration', () => {
  it("HTTPS with the set's CA on port 8443 unless told otherwise", () => {
    const config = serveConfig({}, {});
    expect(config.tls).toEqual({ kind: 'set-ca' });
    expect(config.httpsPort).toBe(8443);
    expect(serveConfig({ 'https-port': '9443' }, { SETBOOK_HTTPS_PORT: '7443' }).httpsPort).toBe(9443);
  });

  it("a studio's certificate and key go together, and HTTPS can be turned off behind a studio's proxy", () => {
    expect(serveConfig({}, { SETBOOK_TLS_CERT: '/etc/studio/cert.pem', SETBOOK_TLS_KEY: '/etc/studio/key.pem' }).tls).toEqual({
      kind: 'studio',
      certFile: '/etc/studio/cert.pem',
      keyFile: '/etc/studio/key.pem',
    });
    expect(() => serveConfig({}, { SETBOOK_TLS_CERT: '/etc/studio/cert.pem' })).toThrow(/go together/);
    expect(serveConfig({}, { SETBOOK_HTTPS: 'off' }).tls).toEqual({ kind: 'off' });
    expect(() => serveConfig({}, { SETBOOK_HTTPS: 'maybe' })).toThrow(/on or off/);
    expect(() => serveConfig({ 'https-port': '70000' }, {})).toThrow(/--https-port/);
  });
});
