import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allows } from '../domain/roles.js';
import { reader, type ServiceDeps } from '../services/context.js';
import { forbidden, notFound, ProblemError } from '../services/problem.js';
import { sha256Hex } from '../services/secrets.js';

export const SESSION_COOKIE = 'setbook_session';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authentication (bearer token or session cookie) on every request, and the
 * route's declared access checked before its body is even validated, so a
 * member of another production learns nothing (404) whatever they send.
 */
export function registerAuth(app: FastifyInstance, deps: ServiceDeps) {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('membership', null);

  app.addHook('onRoute', (route) => {
    if (route.config?.access) return;
    // Plugin routes (the web app's files, the API docs) are public; an API route must say who may call it.
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs')) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    }
    route.config = { ...route.config, access: { kind: 'public' } };
  });

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const token = bearer || request.cookies[SESSION_COOKIE];
    if (!token) return;
    const sessionId = sha256Hex(token);
    const user = await reader(deps).sessions.userFor(sessionId, deps.clock().toISOString());
    if (!user) return;
    request.user = user;
    request.sessionId = sessionId;
    request.authVia = bearer ? 'bearer' : 'cookie';
  });

  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    if (!request.user) {
      throw new ProblemError({ status: 401, title: 'Not signed in', detail: 'Sign in to do this.' });
    }
    if (request.authVia === 'cookie' && UNSAFE.has(request.method)) checkOrigin(request);
    if (access.kind === 'user') return;
    const productionId = (request.params as { pid?: string }).pid ?? '';
    const roles = await reader(deps).members.roles(productionId, request.user.id);
    if (!roles) throw notFound('Production not found');
    if (!allows(access.action, roles)) {
      throw forbidden('Your roles on this production do not allow this.');
    }
    request.membership = { productionId, roles };
  });
}

/** Cookie-authenticated writes must come from Setbook's own pages (CSRF defence beside SameSite=Strict). */
function checkOrigin(request: FastifyRequest) {
  const origin = request.headers.origin;
  const expected = `${request.protocol}://${request.host}`;
  if (origin ? origin === expected : request.headers['sec-fetch-site'] === 'same-origin') return;
  throw forbidden('This request did not come from Setbook itself.');
}
