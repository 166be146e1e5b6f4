import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { health, localeBody, loginBody, me as meAnswer, pinBody, session, setupBody } from '../../contract/identity.js';
import type { ServiceDeps } from '../../services/context.js';
import { isSetupNeeded, logIn, me, setLocale, setPin, setUp } from '../../services/identity.js';
import { writer } from '../../services/context.js';
import { execute } from '../idempotency.js';
import { SESSION_COOKIE } from '../auth.js';
import { answers, noContent } from '../responses.js';
import { publicAccess, signedIn } from '../types.js';
import { VERSION } from '../version.js';

/**
 * Per source address, in memory only: slows guessing of passwords across many
 * emails, setup tokens and invitation codes (the per-email lockout is in the database).
 */
export const GUESSING_LIMIT = { max: 30, timeWindow: '1 minute' };

export const identityRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['identity'];

    app.get('/api/health', { config: { access: publicAccess }, schema: { tags: ['instance'], response: answers({ 200: health }) } }, async () => ({
      status: 'ok',
      version: VERSION,
      database: deps.store.dialect,
      setupNeeded: await isSetupNeeded(deps),
    }));

    app.post(
      '/api/setup',
      {
        config: { access: publicAccess, issuesSession: true, rateLimit: GUESSING_LIMIT },
        // 403: the setup token does not match; 409: Setbook is already set up.
        schema: { tags, body: setupBody, response: answers({ 201: session }, 403, 409) },
      },
      (request, reply) => execute(request, reply, deps, 201, (d) => setUp(d, request.body)),
    );

    app.post(
      '/api/auth/login',
      {
        config: { access: publicAccess, issuesSession: true, rateLimit: GUESSING_LIMIT },
        // 401 for a wrong email and a wrong password alike; 429 once an email is locked.
        schema: { tags, body: loginBody, response: answers({ 200: session }, 401) },
      },
      (request, reply) => execute(request, reply, deps, 200, (d) => logIn(d, request.body)),
    );

    app.post(
      '/api/auth/logout',
      { config: { access: signedIn }, schema: { tags, response: answers({ 204: noContent('Signed out') }) } },
      async (request, reply) => {
        if (request.sessionId) await writer(deps).sessions.delete(request.sessionId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.get('/api/me', { config: { access: signedIn }, schema: { tags, response: answers({ 200: meAnswer }) } }, async (request) => me(deps, request.user!));

    app.put(
      '/api/me/pin',
      // 403: the password is not correct.
      { config: { access: signedIn }, schema: { tags, body: pinBody, response: answers({ 204: noContent('The PIN is set') }, 403) } },
      async (request, reply) => {
        await setPin(deps, request.user!, request.body);
        return reply.code(204).send();
      },
    );

    app.put(
      '/api/me/locale',
      { config: { access: signedIn }, schema: { tags, body: localeBody, response: answers({ 204: noContent('The language is set') }) } },
      async (request, reply) => {
        await setLocale(deps, request.user!, request.body);
        return reply.code(204).send();
      },
    );
  };
