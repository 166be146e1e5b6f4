// The set's network: the "Trust this set" page and the CA it hands to phones,
// and the plain-HTTP port that sends phones on to HTTPS. A phone cannot trust
// the HTTPS address before it has the CA, so the CA and its page stay on HTTP.
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import QRCode from 'qrcode';
import { translator } from '../i18n/catalogue.js';
import { acceptedLanguages, defaultLocale, isLocale, localeNames, locales, pickLocale, type Locale } from '../i18n/locales.js';
import type { MachineNames, ServerTls } from '../services/tls.js';
import { publicAccess } from './types.js';

/** What the trust page needs; the ports are filled in once the servers listen. */
export interface SetLan {
  ca: NonNullable<ServerTls['ca']>;
  names: MachineNames;
  httpPort: number;
  httpsPort: number;
}

/** The paths plain HTTP still serves to the set's network (the trust page, its stylesheet and icon, the CA), everything else is sent to HTTPS. */
export const TRUST_PATHS = new Set(['/trust', '/trust.css', '/icon.svg', '/api/tls', '/api/tls/ca.pem', '/api/tls/ca.crt', '/api/tls/setbook.mobileconfig']);

const hidden = { hide: true } as const;

export function isLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\./.test(bare);
}

/** The host a request named, as a URL writes it (IPv6 in brackets), without the port. */
function hostnameOf(host: string | undefined): string | null {
  if (!host) return null;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

const withPort = (scheme: 'http' | 'https', hostname: string, port: number) =>
  `${scheme}://${hostname}${(scheme === 'https' && port === 443) || (scheme === 'http' && port === 80) ? '' : `:${port}`}`;

/** The addresses a phone can use, best first: IPv4 (what set Wi-Fi hands out and the server listens on), then names. */
function phoneHosts(names: MachineNames): string[] {
  const ipv4 = names.ips.filter((ip) => !ip.includes(':') && !isLoopback(ip) && !ip.startsWith('169.254.'));
  return [...ipv4, ...names.dns.filter((name) => !isLoopback(name))];
}

export const httpsUrlsOf = (lan: SetLan) => phoneHosts(lan.names).map((host) => withPort('https', host, lan.httpsPort));
export const trustUrlsOf = (lan: SetLan) => phoneHosts(lan.names).map((host) => withPort('http', host, lan.httpPort) + '/trust');

/** The host this request came to when a phone could use it, else the machine's best address for phones. */
function phoneHost(request: FastifyRequest, lan: SetLan): string {
  const asked = hostnameOf(request.host);
  return asked && !isLoopback(asked) ? asked : (phoneHosts(lan.names)[0] ?? 'localhost');
}

/** The page's language: `?lang=` when it names one Setbook speaks, else the phone's own (Accept-Language). */
export function trustLocale(request: FastifyRequest): Locale {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  return isLocale(asked) ? asked : pickLocale(acceptedLanguages(request.headers['accept-language']));
}

function steps(lan: SetLan, httpsUrl: string, t: TFunction) {
  return {
    ios: [
      t('trust.ios.step1', { link: t('trust.ios.download') }),
      t('trust.ios.step2', { profile: t('trust.profile.name') }),
      t('trust.ios.step3', { ca: lan.ca.name }),
      t('trust.ios.step4', { url: httpsUrl }),
    ],
    android: [t('trust.android.step1', { link: t('trust.android.download') }), t('trust.android.step2'), t('trust.android.step3', { url: httpsUrl })],
  };
}

/** A UUID made from the CA's fingerprint, so every download is the same profile and a new CA a new one. */
function uuidFrom(seed: string): string {
  const hex = crypto.createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An unsigned iOS configuration profile holding the CA (Apple's com.apple.security.root payload). */
export function mobileconfig(ca: SetLan['ca'], t: TFunction = translator(defaultLocale)): string {
  const id = `app.setbook.ca.${ca.fingerprint.replace(/:/g, '').slice(0, 16).toLowerCase()}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadCertificateFileName</key><string>setbook-ca.cer</string>
      <key>PayloadContent</key><data>${ca.der.toString('base64')}</data>
      <key>PayloadDisplayName</key><string>${escapeXml(ca.name)}</string>
      <key>PayloadIdentifier</key><string>${id}.root</string>
      <key>PayloadType</key><string>com.apple.security.root</string>
      <key>PayloadUUID</key><string>${uuidFrom(`${ca.fingerprint}/root`)}</string>
      <key>PayloadVersion</key><integer>1</integer>
    </dict>
  </array>
  <key>PayloadDescription</key><string>${escapeXml(t('trust.profile.description'))}</string>
  <key>PayloadDisplayName</key><string>${escapeXml(t('trust.profile.name'))}</string>
  <key>PayloadIdentifier</key><string>${id}</string>
  <key>PayloadRemovalDisallowed</key><false/>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadUUID</key><string>${uuidFrom(ca.fingerprint)}</string>
  <key>PayloadVersion</key><integer>1</integer>
</dict>
</plist>
`;
}

/** Stands in for a link while a sentence is escaped, then becomes the link. */
const LINK = '\u{E000}';

/** A language chosen with `?lang=` goes on to the iPhone profile, so the profile is named as the page's steps say. */
const withLang = (href: string, locale: Locale, chosen: boolean) => (chosen ? `${href}?lang=${locale}` : href);

async function trustPage(lan: SetLan, page: { url: string; httpsUrl: string; locale: Locale; chosen: boolean }): Promise<string> {
  const t = translator(page.locale);
  const qr = await QRCode.toString(page.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const { ios, android } = steps(lan, page.httpsUrl, t);
  const list = (items: string[]) => `<ol class="steps">${items.map((item) => `<li>${escapeXml(item)}</li>`).join('')}</ol>`;
  const link = `<a href="${escapeXml(page.httpsUrl)}">${escapeXml(page.httpsUrl)}</a>`;
  // Each language named in itself, so a reader finds their own whatever the page speaks now.
  const languages = locales
    .map((locale) => `<a href="?lang=${locale}" lang="${locale}" hreflang="${locale}"${locale === page.locale ? ' aria-current="page"' : ''}>${escapeXml(localeNames[locale])}</a>`)
    .join('');
  return `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeXml(t('trust.pageTitle'))}</title>
<link rel="stylesheet" href="/trust.css">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
</head>
<body>
<nav class="languages" aria-label="${escapeXml(t('trust.languages'))}">${languages}</nav>
<main>
<h1>${escapeXml(t('trust.heading'))}</h1>
<p class="lead">${escapeXml(t('trust.intro', { url: LINK })).replace(LINK, link)}</p>
<section aria-labelledby="ios">
<h2 id="ios">${escapeXml(t('trust.ios.heading'))}</h2>
<p><a class="download" href="${withLang('/api/tls/setbook.mobileconfig', page.locale, page.chosen)}" download="setbook.mobileconfig">${escapeXml(t('trust.ios.download'))}</a></p>
${list(ios)}
</section>
<section aria-labelledby="android">
<h2 id="android">${escapeXml(t('trust.android.heading'))}</h2>
<p><a class="download" href="/api/tls/ca.crt" download="setbook-ca.crt">${escapeXml(t('trust.android.download'))}</a></p>
${list(android)}
</section>
<section aria-labelledby="check">
<h2 id="check">${escapeXml(t('trust.check.heading'))}</h2>
<p>${escapeXml(t('trust.check.fingerprint', { ca: lan.ca.name }))}</p>
<p class="fingerprint"><code>${escapeXml(lan.ca.fingerprint)}</code></p>
<p>${escapeXml(t('trust.check.remove'))}</p>
</section>
<figure class="qr">
<div role="img" aria-label="${escapeXml(t('trust.qrLabel', { url: page.url }))}">${qr.replace('<svg ', '<svg aria-hidden="true" width="240" height="240" ')}</div>
<figcaption>${escapeXml(t('trust.qrCaption', { url: page.url }))}</figcaption>
</figure>
</main>
</body>
</html>
`;
}

/**
 * The trust page's own stylesheet, read by a phone before it trusts the set:
 * one column, large tap targets, readable outdoors and in the dark. A file of
 * its own rather than a <style> element, so the page keeps the app's CSP.
 */
export const TRUST_CSS = `:root { color-scheme: light dark; --bg: #ffffff; --text: #111111; --muted: #3d3d3d; --line: #767676; --accent: #0b57d0; --panel: #f2f2f2; }
@media (prefers-color-scheme: dark) { :root { --bg: #121212; --text: #f2f2f2; --muted: #cfcfcf; --line: #8a8a8a; --accent: #9cc0ff; --panel: #1f1f1f; } }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 1.0625rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: anywhere; }
main { max-width: 40rem; margin: 0 auto; padding: 0.5rem 1rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.3rem; line-height: 1.25; margin: 2rem 0 0.5rem; padding-top: 1rem; border-top: 1px solid var(--line); }
a { color: var(--accent); text-underline-offset: 0.15em; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.lead { font-size: 1.125rem; }
.languages { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 0.25rem; max-width: 40rem; margin: 0 auto; padding: 0.5rem 1rem 0; }
.languages a { display: inline-flex; align-items: center; min-height: 44px; padding: 0 0.75rem; border-radius: 999px; text-decoration: none; }
.languages a[aria-current] { color: var(--text); font-weight: 700; text-decoration: underline; }
.download { display: flex; align-items: center; justify-content: center; min-height: 48px; padding: 0.5rem 1rem; border: 2px solid var(--accent); border-radius: 0.5rem; font-weight: 700; text-align: center; text-decoration: none; }
.steps { margin: 0.75rem 0 0; padding-left: 1.5rem; }
.steps li { margin-bottom: 0.6rem; padding-left: 0.25rem; }
.fingerprint { padding: 0.75rem; background: var(--panel); border-radius: 0.5rem; }
.fingerprint code { font: 0.95rem/1.6 ui-monospace, "SF Mono", Menlo, Consolas, monospace; word-break: break-all; }
.qr { margin: 2rem 0 0; padding-top: 1rem; border-top: 1px solid var(--line); text-align: center; }
.qr div { display: inline-block; padding: 0.5rem; background: #ffffff; border-radius: 0.5rem; }
.qr svg { display: block; max-width: 100%; height: auto; }
.qr figcaption { margin-top: 0.5rem; color: var(--muted); }
`;

/** `/trust` and `/api/tls/*`: the set's CA and how to install it, public by design. */
export const lanRoutes =
  (lan: SetLan): FastifyPluginAsync =>
  async (app) => {
    const config = { access: publicAccess };
    app.get('/api/tls', { config, schema: hidden }, async (request, reply) => {
      const httpsUrl = withPort('https', phoneHost(request, lan), lan.httpsPort);
      const locale = trustLocale(request);
      reply.header('vary', 'accept-language').header('content-language', locale);
      return { caName: lan.ca.name, caFingerprint: lan.ca.fingerprint, httpsUrls: httpsUrlsOf(lan), trustUrls: trustUrlsOf(lan), steps: steps(lan, httpsUrl, translator(locale)) };
    });
    app.get('/api/tls/ca.pem', { config, schema: hidden }, async (_request, reply) =>
      reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="setbook-ca.pem"').send(lan.ca.pem),
    );
    app.get('/api/tls/ca.crt', { config, schema: hidden }, async (_request, reply) =>
      reply.type('application/x-x509-ca-cert').header('content-disposition', 'attachment; filename="setbook-ca.crt"').send(lan.ca.der),
    );
    app.get('/api/tls/setbook.mobileconfig', { config, schema: hidden }, async (request, reply) =>
      reply
        .type('application/x-apple-aspen-config')
        .header('content-disposition', 'attachment; filename="setbook.mobileconfig"')
        .header('vary', 'accept-language')
        .send(mobileconfig(lan.ca, translator(trustLocale(request)))),
    );
    app.get('/trust.css', { config, schema: hidden }, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(TRUST_CSS));
    app.get('/trust', { config, schema: hidden }, async (request, reply) => {
      const host = phoneHost(request, lan);
      const locale = trustLocale(request);
      const chosen = isLocale((request.query as { lang?: unknown } | undefined)?.lang);
      const page = await trustPage(lan, { url: `${withPort('http', host, lan.httpPort)}/trust`, httpsUrl: withPort('https', host, lan.httpsPort), locale, chosen });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('vary', 'accept-language').header('content-language', locale).send(page);
    });
  };

/**
 * The plain-HTTP port: this laptop (loopback) keeps the whole app, the set's
 * network gets the trust page and the CA, and every other request is sent to
 * the same host on HTTPS with its method kept (308).
 */
export function plainHttp(app: FastifyInstance, options: { httpsPort: () => number; servesTrust: boolean }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const hostname = hostnameOf(req.headers.host);
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (!hostname || isLoopback(hostname) || (options.servesTrust && TRUST_PATHS.has(pathname))) {
      app.routing(req, res);
      return;
    }
    res.writeHead(308, { location: `${withPort('https', hostname, options.httpsPort())}${req.url ?? '/'}`, 'cache-control': 'no-store' });
    res.end();
  };
}
