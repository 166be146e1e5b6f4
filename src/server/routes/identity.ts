import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { email, password, personName, pin } from '../../domain/identity/credentials.js';
import type { ServiceDeps } from '../../services/context.js';
import { isSetupNeeded, logIn, me, setPin, setUp } from '../../services/identity.js';
import { reader } from '../../services/context.js';
import { execute } from '../idempotency.js';
import { SESSION_COOKIE } from '../auth.js';
import { publicAccess, signedIn } from '../types.js';
import { VERSION } from '../version.js';

/**
 * Per source address, in memory only: slows guessing of passwords across many
 * emails, setup tokens and invitation codes (the per-email lockout is in the database).
 */
export const GUESSING_LIMIT = { max: 30, timeWindow: '1 minute' };

export const setupBody = z.object({
  /** the one-time token printed when Setbook first started */
  setupToken: z.string().min(1, 'is required').max(200),
  email,
  name: personName,
  password,
});

export const loginBody = z.object({
  email,
  password: z.string().min(1, 'is required').max(128),
});

export const pinBody = z.object({
  /** 4 to 8 digits, typed on the armorer's tablet to confirm in person */
  pin,
  /** the account password, proving it is really you */
  password: z.string().min(1, 'is required').max(128),
});

export const identityRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/api/health', { config: { access: publicAccess }, schema: { tags: ['instance'] } }, async () => ({
      status: 'ok',
      version: VERSION,
      database: deps.store.dialect,
      setupNeeded: await isSetupNeeded(deps),
    }));

    app.post(
      '/api/setup',
      { config: { access: publicAccess, issuesSession: true, rateLimit: GUESSING_LIMIT }, schema: { tags: ['identity'], body: setupBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => setUp(d, request.body)),
    );

    app.post(
      '/api/auth/login',
      { config: { access: publicAccess, issuesSession: true, rateLimit: GUESSING_LIMIT }, schema: { tags: ['identity'], body: loginBody } },
      (request, reply) => execute(request, reply, deps, 200, (d) => logIn(d, request.body)),
    );

    app.post('/api/auth/logout', { config: { access: signedIn }, schema: { tags: ['identity'] } }, async (request, reply) => {
      if (request.sessionId) await reader(deps).sessions.delete(request.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    });

    app.get('/api/me', { config: { access: signedIn }, schema: { tags: ['identity'] } }, async (request) =>
      me(deps, request.user!),
    );

    app.put(
      '/api/me/pin',
      { config: { access: signedIn }, schema: { tags: ['identity'], body: pinBody } },
      async (request, reply) => {
        await setPin(deps, request.user!, request.body);
        return reply.code(204).send();
      },
    );
  };
