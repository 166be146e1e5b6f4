// A phone on the set's Wi-Fi: the laptop's LAN address as a phone would type
// it, and Chromium trusting the set's certificate as a phone with the set's
// CA installed does.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';

/** The laptop's address on the set's network, as a phone would type it; a `.local` name mapped to loopback where there is no network. */
export function lanHost(): { host: string; resolverRule: string | null } {
  const ip = Object.values(os.networkInterfaces())
    .flat()
    .find((nic) => nic && nic.family === 'IPv4' && !nic.internal)?.address;
  if (ip) return { host: ip, resolverRule: null };
  const name = `${os.hostname().toLowerCase().split('.')[0]}.local`;
  return { host: name, resolverRule: `MAP ${name} 127.0.0.1` };
}

/** base64(SHA-256(SubjectPublicKeyInfo)): Chromium accepts exactly this certificate's key and no other. */
export function spkiHash(certPem: string): string {
  const spki = new crypto.X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(spki).digest('base64');
}

/**
 * Chromium as a phone on the set's Wi-Fi. With `trustedSpki` it trusts the
 * set's certificate by its key, as a phone with the set's CA installed does
 * (any other certificate still fails); without, it is a phone that has never
 * opened the trust page.
 */
export function launchOnSetWifi({ trustedSpki, resolverRule }: { trustedSpki: string | null; resolverRule: string | null }): Promise<Browser> {
  return launchChromium([...(trustedSpki ? [`--ignore-certificate-errors-spki-list=${trustedSpki}`] : []), ...(resolverRule ? [`--host-resolver-rules=${resolverRule}`] : [])]);
}
