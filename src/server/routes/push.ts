import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pushDeviceBody, pushDeviceCreated, pushDeviceParams, pushDevicesAnswer, pushKey } from '../../contract/push.js';
import type { ServiceDeps } from '../../services/context.js';
import { deviceLabel, listDevices, removeDevice, subscribeDevice } from '../../services/notify/devices.js';
import { acceptedLanguages, pickLocale } from '../../i18n/locales.js';
import { invalid, notFound } from '../../services/problem.js';
import { isPushService, type PushSender } from '../../services/notify/push.js';
import { execute } from '../idempotency.js';
import { answers, noContent } from '../responses.js';
import { signedIn } from '../types.js';

/** A browser subscribes once when push is turned on; more than this from one address is a loop or a probe. */
const SUBSCRIBE_LIMIT = { max: 30, timeWindow: '1 minute' };

export const pushRoutes =
  (deps: ServiceDeps, push: PushSender | null): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['push'];

    app.get(
      '/api/push/key',
      // 404: push is not set up on this server.
      { config: { access: signedIn }, schema: { tags, response: answers({ 200: pushKey }, 404) } },
      async () => {
        if (!push) throw notFound('Push is not set up on this server');
        return { publicKey: push.publicKey };
      },
    );

    app.post(
      '/api/push/devices',
      { config: { access: signedIn, rateLimit: SUBSCRIBE_LIMIT }, schema: { tags, body: pushDeviceBody, response: answers({ 201: pushDeviceCreated }) } },
      (request, reply) => {
        if (!isPushService(request.body.endpoint, push?.options.services)) {
          throw invalid([{ path: 'endpoint', message: 'is not a push service this server sends to (SETBOOK_PUSH_SERVICES)' }]);
        }
        return execute(request, reply, deps, 201, (d) =>
          subscribeDevice(d, request.user!, {
            endpoint: request.body.endpoint,
            keys: request.body.keys,
            label: request.body.label ?? deviceLabel(request.headers['user-agent']),
            locale: request.body.locale ?? pickLocale(acceptedLanguages(request.headers['accept-language'])),
          }),
        );
      },
    );

    app.get('/api/push/devices', { config: { access: signedIn }, schema: { tags, response: answers({ 200: pushDevicesAnswer }) } }, async (request) =>
      listDevices(deps, request.user!),
    );

    app.delete(
      '/api/push/devices/:id',
      // 404: no such device of yours (another person's included).
      { config: { access: signedIn }, schema: { tags, params: pushDeviceParams, response: answers({ 204: noContent('The device receives no more push') }, 404) } },
      async (request, reply) => {
        await removeDevice(deps, request.user!, request.params.id);
        return reply.code(204).send();
      },
    );
  };
