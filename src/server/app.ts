import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { reader, writer, type ServiceDeps } from '../services/context.js';
import { registerAuth } from './auth.js';
import { securityHeaders } from './headers.js';
import { errorHandler, sendProblem } from './problem.js';
import { registerResponses } from './responses.js';
import { registerIdempotency } from './idempotency.js';
import { unstorableText } from './text.js';
import { invalid } from '../services/problem.js';
import { identityRoutes } from './routes/identity.js';
import { productionRoutes } from './routes/productions.js';
import { ledgerRoutes } from './routes/ledger.js';
import { scheduleRoutes } from './routes/schedule.js';
import { stopRoutes } from './routes/stops.js';
import { liveRoutes } from './routes/live.js';
import { armoryRoutes } from './routes/armory.js';
import { concernRoutes } from './routes/concerns.js';
import { callSheetRoutes } from './routes/callsheets.js';
import { lightRoutes } from './routes/light.js';
import { notebookRoutes } from './routes/notebooks.js';
import { pushRoutes } from './routes/push.js';
import { PushSender, type PushOptions } from '../services/notify/push.js';
import { DEFAULT_ATTACHMENT_BYTES } from '../services/notebooks/attachments.js';
import { Jobs, type JobOptions } from './jobs.js';
import type { MailConfig } from '../services/notify/mail.js';
import { LiveHub } from './live.js';
import { httpsUrlsOf, lanRoutes, type SetLan } from './lan.js';
import { watchIdleFirearms } from '../services/armory/inventory.js';
import rateLimit from '@fastify/rate-limit';
import './types.js';

import { VERSION } from './version.js';

export interface AppOptions {
  /** folder of the built web app; served at `/` when it exists */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  /** live stream timing; tests shorten it */
  live?: { pollMs?: number; heartbeatMs?: number };
  /** where escalation emails go; without it they wait in the database, never dropped */
  mail?: MailConfig | null;
  /** the escalation scheduler; `false` leaves it to the test calling `app.jobs.runOnce()` */
  jobs?: JobOptions | false;
  /** the address people open Setbook at, for links in email and on paper; else the address each request came to */
  publicUrl?: string | undefined;
  /** the largest photo or PDF a notebook takes, in bytes */
  attachmentMaxBytes?: number;
  /** serve HTTPS with this certificate and key (PEM) instead of plain HTTP */
  https?: { cert: string; key: string } | undefined;
  /** the set's own CA: its trust page and downloads, and the HTTPS address for links made over plain HTTP */
  lan?: SetLan | undefined;
  /** Web Push: the VAPID keys and subject; without it nothing is pushed and the app offers no push */
  push?: PushOptions | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/web beside dist/server when built; the same path from src/server under tsx. */
export const DEFAULT_WEB_ROOT = path.resolve(here, '../../dist/web');

/**
 * Requests are logged by route pattern and status only: no IP address, user
 * agent, query string or path parameter (invitation codes, set codes) ever
 * reaches the log.
 */
export const LOG_SERIALIZERS = {
  req: (request: { method: string; routeOptions?: { url?: string } }) => ({
    method: request.method,
    route: request.routeOptions?.url ?? 'unmatched',
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

/**
 * The address links and QR codes on paper and in email are made with: the
 * configured public address, else the set's HTTPS address when the request
 * came over plain HTTP (the laptop's own browser on localhost), else the
 * address the request came to.
 */
function linkBase(options: AppOptions) {
  return (request: FastifyRequest): string => {
    if (options.publicUrl) return options.publicUrl;
    const secure = request.protocol === 'http' && options.lan ? httpsUrlsOf(options.lan)[0] : undefined;
    return secure ?? `${request.protocol}://${request.host}`;
  };
}

export async function buildApp(deps: ServiceDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    ...(options.https ? { https: options.https } : {}),
    bodyLimit: 256 * 1024,
    trustProxy: false,
    // A "__proto__" or "constructor.prototype" key is dropped while parsing, never merged into an object;
    // the request then meets the same checks as any other, so an outsider still gets the route's 404.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // A malformed or overlong URL is refused before routing; it still gets a problem document.
    frameworkErrors: (error, _request, reply) =>
      sendProblem(reply, { status: error.statusCode ?? 400, title: 'Invalid request', detail: error.message, errors: [{ path: 'url', message: error.message }] }),
  });
  app.setValidatorCompiler(validatorCompiler);
  registerResponses(app);
  app.setErrorHandler(errorHandler);

  await app.register(cookie);
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Setbook API', version: VERSION, description: 'The safety system of record for film and TV sets.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'setbook_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
    // The contract's named answers (Problem, Receipt, Firearm...) become components, referenced rather than repeated.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(rateLimit, { global: false });

  // Live streams: woken by this instance's commits, by PostgreSQL NOTIFY from other instances, and by a poll.
  const hub = new LiveHub({
    repos: () => reader(deps),
    writes: () => writer(deps),
    clock: deps.clock,
    onError: (error, what) => app.log.error({ err: error }, what),
    ...options.live,
  });
  hub.start();
  const unlisten = await deps.store.listen((productionId) => hub.wake(productionId));
  // F9's periodic check: once a minute, never overlapping itself.
  let watching = false;
  const watch = setInterval(() => {
    if (watching) return;
    watching = true;
    void watchIdleFirearms({ ...deps, live: hub })
      .catch((error: unknown) => app.log.error({ err: error }, 'idle firearm check failed'))
      .finally(() => (watching = false));
  }, 60_000);
  watch.unref();
  deps = { ...deps, live: hub };
  // Web Push after each commit, off the request path.
  const push = options.push ? new PushSender(deps, options.push, app.log) : null;
  if (push) deps = { ...deps, push };
  // S2's escalation timers and their email.
  const jobs = new Jobs(deps, options.mail ?? null, app.log, options.jobs || {});
  if (options.jobs !== false) jobs.start();
  app.addHook('onClose', async () => {
    clearInterval(watch);
    await jobs.stop();
    await push?.settled();
    hub.stop();
    await unlisten();
  });
  deps = { ...deps, jobs };
  app.decorate('liveHub', hub);
  app.decorate('jobs', jobs);
  app.decorate('push', push);

  // Ids and query values first: an id no database can hold is refused before anyone looks it up.
  app.addHook('onRequest', async (request) => {
    const errors = [...unstorableText(request.params, 'params'), ...unstorableText(request.query, 'querystring')];
    if (errors.length > 0) throw invalid(errors);
  });
  registerAuth(app, deps);
  // The body once access is checked, so another production's member still learns nothing but 404.
  app.addHook('preValidation', async (request) => {
    const errors = unstorableText(request.body, '');
    if (errors.length > 0) throw invalid(errors);
  });
  registerIdempotency(app, deps);

  // A POST without a body is validated as `{}` so every missing field is named.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
  });

  await app.register(identityRoutes(deps));
  await app.register(productionRoutes(deps));
  await app.register(ledgerRoutes(deps));
  await app.register(scheduleRoutes(deps));
  await app.register(stopRoutes(deps, hub));
  await app.register(liveRoutes(deps, hub));
  await app.register(armoryRoutes(deps));
  await app.register(concernRoutes(deps));
  await app.register(callSheetRoutes(deps, linkBase(options)));
  await app.register(lightRoutes(deps));
  await app.register(notebookRoutes(deps, options.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_BYTES));
  await app.register(pushRoutes(deps, push));
  if (options.lan) await app.register(lanRoutes(options.lan));

  app.get('/api/openapi.json', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async () => app.swagger());

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const hasWeb = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      setHeaders: (res, filePath) => {
        // The service worker and the page must revalidate so updates reach phones; hashed assets are immutable.
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
        else res.header('cache-control', 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, { status: 404, title: 'Not found', detail: `No such endpoint: ${request.method} ${request.url.split('?')[0]}` });
  });
  return app;
}
