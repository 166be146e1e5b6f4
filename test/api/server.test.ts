import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { capturedLog, PASSWORD, SETUP_TOKEN, startApp, type TestApp } from '../support/harness.js';

describe('the server itself', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('reports its health and database', async () => {
    const res = await t.call('GET', '/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', version: '0.1.0', database: t.deps.store.dialect });
  });

  it('sends security headers: CSP without inline scripts, no framing, no sniffing', async () => {
    const res = await t.call('GET', '/api/health');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('publishes an OpenAPI document generated from the request schemas, and browsable docs', async () => {
    const doc = (await t.call('GET', '/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    const setup = doc.paths['/api/setup'].post;
    const schema = setup.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['setupToken', 'email', 'name', 'password']));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/productions/{pid}/members', '/api/productions/{pid}/ledger/export']));
    const docs = await t.call('GET', '/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers an unknown API path with a problem document', async () => {
    const res = await t.call('GET', '/api/nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses malformed JSON with a problem document, not a crash', async () => {
    const res = await t.call('POST', '/api/auth/login', { body: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('what the server writes to its log', () => {
  it('never logs tokens, passwords, PINs, invitation or set codes, or the caller\'s address, even for an anonymous stop', async () => {
    const t = await startApp();
    const log = capturedLog();
    const app = await buildApp(t.deps, { webRoot: path.join(t.dataDir, 'none'), logger: log.logger });
    const call = (method: 'GET' | 'POST', url: string, body?: object, token?: string) =>
      app.inject({
        method,
        url,
        remoteAddress: '203.0.113.77',
        headers: { 'user-agent': 'SecretPhone/1.0', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body ? { payload: body } : {}),
      });
    const setup = await call('POST', '/api/setup', { setupToken: SETUP_TOKEN, email: 'dana@example.test', name: 'Dana', password: PASSWORD });
    const token = setup.json().token as string;
    const production = (await call('POST', '/api/productions', { name: 'Logs', timezone: 'UTC' }, token)).json().production;
    const invite = await call('POST', `/api/productions/${production.id}/members`, { email: 'x@example.test', name: 'X', roles: ['crew'] }, token);
    const code = invite.json().invitation.code as string;
    await call('POST', `/api/invitations/${code}/accept`, { name: 'X', password: PASSWORD, pin: '97531' });
    const anonymous = await call('POST', `/api/sets/${production.setCode}/stops`, { reason: 'Live round on the cart' });
    expect(anonymous.statusCode).toBe(201);
    await app.close();
    await t.close();

    expect(log.text()).toContain('"route":"/api/invitations/:code/accept"');
    expect(log.text()).toContain('"route":"/api/sets/:setCode/stops"');
    for (const secret of [token, PASSWORD, SETUP_TOKEN, code, '97531', '203.0.113.77', 'SecretPhone', production.setCode]) {
      expect(log.text()).not.toContain(secret);
    }
  });
});

describe('serving the web app', () => {
  it('serves the built app at / and its pages for client-side routes, but not for /api', async () => {
    const t = await startApp();
    const webRoot = path.join(t.dataDir, 'web');
    fs.mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Setbook</title>');
    fs.writeFileSync(path.join(webRoot, 'assets', 'app-1234.js'), 'console.log(1)');
    const app = await buildApp(t.deps, { webRoot });
    const index = await app.inject({ url: '/' });
    expect(index.body).toContain('<title>Setbook</title>');
    const deep = await app.inject({ url: '/productions/abc/members' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<title>Setbook</title>');
    const asset = await app.inject({ url: '/assets/app-1234.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/api/nope' })).statusCode).toBe(404);
    await app.close();
    await t.close();
  });
});
