import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/harness.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { addPerson, createProduction, setUpFirstUser } from '../support/world.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request to the server on loopback as a phone on the set's Wi-Fi would send it: to the laptop's LAN name. */
function ask(port: number, pathname: string, options: { host?: string; method?: string; secure?: { ca: string }; language?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (options.secure ? https : http).request(
      {
        host: '127.0.0.1',
        port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: { host: `${options.host ?? '10.0.0.7'}:${port}`, ...(options.language ? { 'accept-language': options.language } : {}) },
        ...(options.secure ? { ca: options.secure.ca, servername: 'localhost' } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe("phones on the set's network", () => {
  let server: ServerProcess;
  let dataDir: string;
  let httpPort: number;
  let httpsPort: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-lan-'));
    server = await spawnServer({ dataDir });
    httpPort = Number(new URL(server.url).port);
    while (!/HTTPS on port \d+ /.test(server.output())) await new Promise((resolve) => setTimeout(resolve, 20));
    httpsPort = Number(/HTTPS on port (\d+)/.exec(server.output())![1]);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a phone opening the plain-HTTP address is sent to the same address on HTTPS, its method and path kept', async () => {
    const page = await ask(httpPort, '/productions/p1?tab=stops');
    expect(page.status).toBe(308);
    expect(page.headers.location).toBe(`https://10.0.0.7:${httpsPort}/productions/p1?tab=stops`);
    const write = await ask(httpPort, '/api/sets/ABC/stops', { method: 'POST', host: 'unit-laptop.local' });
    expect(write.status).toBe(308);
    expect(write.headers.location).toBe(`https://unit-laptop.local:${httpsPort}/api/sets/ABC/stops`);
  });

  it('the laptop itself keeps plain HTTP on localhost', async () => {
    const health = await ask(httpPort, '/api/health', { host: 'localhost' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString()).status).toBe('ok');
  });

  it('the trust page and the CA are served over plain HTTP, since a phone cannot trust HTTPS before it has the CA', async () => {
    const caPem = fs.readFileSync(path.join(dataDir, 'tls/ca.pem'), 'utf8');
    const ca = new crypto.X509Certificate(caPem);

    const page = await ask(httpPort, '/trust');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const html = page.body.toString();
    expect(html).toContain(`QR code for http://10.0.0.7:${httpPort}/trust`);
    expect(html).toContain(`https://10.0.0.7:${httpsPort}`);
    expect(html).toContain('Settings &#62; General &#62; VPN &#38; Device Management');
    expect(html).toContain('Settings &#62; Security &#62; Encryption &#38; credentials &#62; Install a certificate &#62; CA certificate');
    expect(html).toContain(ca.fingerprint256);

    const android = await ask(httpPort, '/api/tls/ca.crt');
    expect(android.status).toBe(200);
    expect(android.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(new crypto.X509Certificate(android.body).fingerprint256).toBe(ca.fingerprint256);

    const pem = await ask(httpPort, '/api/tls/ca.pem');
    expect(pem.body.toString()).toBe(caPem);

    const ios = await ask(httpPort, '/api/tls/setbook.mobileconfig');
    expect(ios.headers['content-type']).toBe('application/x-apple-aspen-config');
    expect(ios.body.toString()).toContain('<string>com.apple.security.root</string>');
    expect(ios.body.toString()).toContain(`<data>${ca.raw.toString('base64')}</data>`);

    const info = JSON.parse((await ask(httpPort, '/api/tls')).body.toString());
    expect(info.caFingerprint).toBe(ca.fingerprint256);
    expect(info.steps.ios.length).toBeGreaterThan(2);
    expect(info.steps.android.length).toBeGreaterThan(1);
  });

  it("speaks the phone's language (Accept-Language), or the one chosen with ?lang=, and says which in <html lang>", async () => {
    const english = (await ask(httpPort, '/trust')).body.toString();
    expect(english).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(english).toContain('<h1>Trust this set</h1>');

    const spanish = await ask(httpPort, '/trust', { language: 'es-MX,es;q=0.9,en;q=0.5' });
    expect(spanish.headers['content-language']).toBe('es');
    expect(spanish.headers.vary).toMatch(/accept-language/i);
    const es = spanish.body.toString();
    expect(es).toMatch(/<html lang="es">/);
    expect(es).toContain('<h1>Confiar en este set</h1>');
    expect(es).toContain('el botón ALTO funciona');
    expect(es).toContain(`<a href="https://10.0.0.7:${httpsPort}">https://10.0.0.7:${httpsPort}</a>`);
    expect(es).toContain('Configuración &#62; Seguridad &#62; Encriptación y credenciales');
    expect(es).toContain('Código QR de http://10.0.0.7:');

    // A language Setbook does not speak falls back to English; ?lang= wins over the header; an unknown ?lang= is ignored.
    expect((await ask(httpPort, '/trust', { language: 'fr-FR,de;q=0.8' })).body.toString()).toMatch(/<html lang="en">/);
    const ukrainian = (await ask(httpPort, '/trust?lang=uk', { language: 'es' })).body.toString();
    expect(ukrainian).toMatch(/<html lang="uk">/);
    expect(ukrainian).toContain('кнопка СТОП');
    expect(ukrainian).toContain('href="/api/tls/setbook.mobileconfig?lang=uk"');
    expect(ukrainian).toContain('<a href="?lang=es" lang="es" hreflang="es">Español</a>');
    expect(ukrainian).toContain('<a href="?lang=uk" lang="uk" hreflang="uk" aria-current="page">Українська</a>');
    expect((await ask(httpPort, '/trust?lang=xx', { language: 'es' })).body.toString()).toMatch(/<html lang="es">/);

    // The profile the iPhone installs is named as the steps say.
    const profile = (await ask(httpPort, '/api/tls/setbook.mobileconfig?lang=es')).body.toString();
    expect(profile).toContain('<key>PayloadDisplayName</key><string>Setbook: confiar en este set</string>');
    expect(es).toContain('toca &#34;Setbook: confiar en este set&#34;');
    const steps = JSON.parse((await ask(httpPort, '/api/tls', { language: 'uk' })).body.toString()).steps;
    expect(steps.android[0]).toBe('Торкніться «Сертифікат для Android» і збережіть файл setbook-ca.crt.');

    // Its stylesheet is served to the network over plain HTTP too, as a file, so the page keeps the CSP.
    const css = await ask(httpPort, '/trust.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(english).toContain('<link rel="stylesheet" href="/trust.css">');
    expect(english).not.toContain('<style');
  });

  it("HTTPS answers with a certificate from the set's CA, and nothing else is served over HTTP to the network", async () => {
    const caPem = fs.readFileSync(path.join(dataDir, 'tls/ca.pem'), 'utf8');
    const health = await ask(httpsPort, '/api/health', { secure: { ca: caPem } });
    expect(health.status).toBe(200);
    // Not even the call sheets' ICS or the API docs: everything but the trust paths moves to HTTPS.
    expect((await ask(httpPort, '/api/docs')).status).toBe(308);
    expect((await ask(httpPort, '/trust/../api/health')).status).toBe(308);
  });
});

/** The world helpers' `call`, sent over real HTTP to the spawned server, as the laptop's own browser on localhost would. */
function overHttp(base: string): TestApp {
  const call: TestApp['call'] = async (method, url, options = {}) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const body = await response.text();
    return { statusCode: response.status, body, json: () => JSON.parse(body) } as Awaited<ReturnType<TestApp['call']>>;
  };
  return { call } as TestApp;
}

describe('a call sheet published from the laptop itself (localhost, plain HTTP)', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbook-lan-sheet-'));
    server = await spawnServer({ dataDir });
    while (!/HTTPS on port \d+ /.test(server.output())) await new Promise((resolve) => setTimeout(resolve, 20));
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("carries the set's HTTPS address in its personal links and its stop QR code, the address the set's poster prints", async () => {
    const httpsPort = Number(/HTTPS on port (\d+)/.exec(server.output())![1]);
    const t = overHttp(server.url);
    expect(new URL(server.url).hostname).toBe('127.0.0.1');

    // The poster's address: the first HTTPS address for phones, a LAN address or name, never localhost.
    const network = (await t.call('GET', '/api/tls')).json() as { httpsUrls: string[] };
    const setAddress = network.httpsUrls[0]!;
    const lan = new URL(setAddress);
    expect(lan.protocol).toBe('https:');
    expect(lan.port).toBe(String(httpsPort));
    expect(lan.hostname).not.toMatch(/^(localhost|127\.|\[::1\])/);
    const certificate = new crypto.X509Certificate(fs.readFileSync(path.join(dataDir, 'tls/cert.pem')));
    expect(certificate.checkIP(lan.hostname) ?? certificate.checkHost(lan.hostname)).toBeTruthy();

    const dana = await setUpFirstUser(t);
    const production = await createProduction(t, dana, 'Night Harbor');
    const sam = await addPerson(t, dana, production.id, ['first_ad'], 'Sam Whitlock');
    const maya = await addPerson(t, dana, production.id, ['crew'], 'Maya Stone');
    const call = async (method: string, url: string, body: unknown = undefined, status = 200) => {
      const answer = await t.call(method, `/api/productions/${production.id}${url}`, { token: sam.token, body });
      expect(answer.statusCode, answer.body).toBe(status);
      return answer.json();
    };
    const day = (await call('POST', '/shoot-days', { date: '2026-11-23', sceneIds: [], generalCall: '06:00' }, 201)).shootDay.id as string;
    await call('PUT', `/shoot-days/${day}/duties`, { duties: [{ userId: sam.id, duty: 'first_ad' }, { userId: maya.id, duty: 'crew' }] });
    const sheet = (await call('POST', `/shoot-days/${day}/call-sheets`, {}, 201)).callSheet.id as string;
    await call('POST', `/call-sheets/${sheet}/publish`, {});

    const { callSheet } = await call('GET', `/call-sheets/${sheet}`);
    expect(callSheet.sections.safety.stopUrl).toBe(`${setAddress}/s/${production.setCode}`);
    const { recipients } = await call('GET', `/call-sheets/${sheet}/recipients`);
    expect(recipients).toHaveLength(2);
    for (const recipient of recipients as { link: string }[]) expect(recipient.link).toMatch(new RegExp(`^${setAddress.replace(/[.[\]]/g, '\\$&')}/call-sheet/[A-Za-z0-9_-]{43}$`));

    // The link opens on the set's network: plain HTTP there would be sent on to this same HTTPS address.
    const token = (recipients as { link: string }[])[0]!.link.split('/').at(-1)!;
    const opened = await ask(httpsPort, `/api/call-sheets/${token}`, { host: lan.hostname.replace(/^\[|\]$/g, ''), secure: { ca: fs.readFileSync(path.join(dataDir, 'tls/ca.pem'), 'utf8') } });
    expect(opened.status).toBe(200);
  });
});
