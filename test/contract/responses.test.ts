import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorHandler } from '../../src/server/problem.js';
import { answers, registerResponses } from '../../src/server/responses.js';
import { publicAccess } from '../../src/server/types.js';
import { startApp, type TestApp } from '../support/harness.js';
import { apiRoutes, routeName } from '../support/routes.js';

const firearm = z.object({ id: z.string(), status: z.enum(['cold', 'hot']) });

/** A server with one route whose handler answers more than its schema declares, or a status it does not declare. */
async function serverWith(strict: boolean) {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  registerResponses(app, strict);
  app.get('/firearm', { schema: { response: answers({ 200: firearm }) } }, async () => ({ id: 'colt', status: 'cold', holderId: 'hank' }));
  app.get('/teapot', { schema: { response: answers({ 200: firearm }) } }, async (_request, reply) => reply.code(418).send({ id: 'colt', status: 'cold' }));
  app.get('/cold', { schema: { response: answers({ 200: firearm }) } }, async () => ({ id: 'colt', status: 'cold' }));
  await app.ready();
  return app;
}

describe('answers are exactly what the contract declares', () => {
  it('fails an answer with a field its schema does not declare under test, naming the field, instead of dropping it', async () => {
    const app = await serverWith(true);
    const res = await app.inject({ method: 'GET', url: '/firearm' });
    expect(res.statusCode).toBe(500);
    expect(res.json().detail).toBe('GET /firearm 200: holderId: not in the contract');
    expect((await app.inject({ method: 'GET', url: '/cold' })).json()).toEqual({ id: 'colt', status: 'cold' });
    await app.close();
  });

  it('fails an answer with a status its route does not declare under test', async () => {
    const app = await serverWith(true);
    const res = await app.inject({ method: 'GET', url: '/teapot' });
    expect(res.statusCode).toBe(500);
    expect(res.json().detail).toBe('GET /teapot answered 418, which it does not declare');
    await app.close();
  });

  it('in production sends what the service built, checking and dropping nothing on the hot path', async () => {
    const app = await serverWith(false);
    expect((await app.inject({ method: 'GET', url: '/firearm' })).json()).toEqual({ id: 'colt', status: 'cold', holderId: 'hank' });
    expect((await app.inject({ method: 'GET', url: '/teapot' })).statusCode).toBe(418);
    await app.close();
  });
});

describe("the server's own answers", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('checks every answer strictly while the suites run, so each suite that calls a route checks its answers too', async () => {
    expect(process.env.NODE_ENV).toBe('test');
    t.app.get('/api/probe', { config: { access: publicAccess }, schema: { response: answers({ 200: firearm }) } }, async () => ({ id: 'colt', status: 'hot', loaded: 5 }));
    const res = await t.call('GET', '/api/probe');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ title: 'Answer outside the contract', detail: 'GET /api/probe 200: loaded: not in the contract' });
  });

  it('documents for every route its answers on success and a problem document for every error, in the OpenAPI document', async () => {
    const doc = (await t.call('GET', '/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> }>>;
    };
    const routes = apiRoutes(t.app).filter((route) => route.method !== 'HEAD' && route.url !== '/api/openapi.json' && route.url !== '/api/probe');
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) {
      const responses = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]![route.method.toLowerCase()]!.responses;
      const statuses = Object.keys(responses);
      expect(statuses.filter((status) => status.startsWith('2')), routeName(route)).not.toEqual([]);
      expect(statuses, routeName(route)).toEqual(expect.arrayContaining(['400', '503']));
      for (const status of statuses) {
        const answer = responses[status]!;
        expect(answer.description, `${routeName(route)} ${status}`).not.toBe('Default Response');
        if (status === '204') expect(answer.content, `${routeName(route)} 204 has no body`).toBeUndefined();
        else if (status.startsWith('2')) expect(Object.values(answer.content ?? {})[0]?.schema, `${routeName(route)} ${status}`).toBeDefined();
        else if (route.url !== '/api/productions/:pid/armory/wrap' || status !== '409') {
          const schema = answer.content?.['application/problem+json']?.schema as { $ref?: string };
          expect(schema?.$ref, `${routeName(route)} ${status}`).toMatch(/^#\/components\/schemas\/(Refusal)?Problem$/);
        }
      }
    }
  });
});
