import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { productionParams } from '../../contract/common.js';
import { ackBody, liftBody, publicRaiseBody, raiseBody, setAnswer, setParams, stopDetail, stopLifted, stopParams, stopRaised, stopsAnswer } from '../../contract/stops.js';
import type { ServiceDeps } from '../../services/context.js';
import { acknowledgeStop, getStop, liftStop, listStops, productionBySetCode, raiseStop } from '../../services/stops.js';
import { run } from '../../services/command.js';
import { execute } from '../idempotency.js';
import { act } from '../act.js';
import { answers, noContent } from '../responses.js';
import { member, publicAccess } from '../types.js';
import { presenceWindowMs, type LiveHub } from '../live.js';

export const stopRoutes =
  (deps: ServiceDeps, hub: LiveHub): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['stops'];

    app.post(
      '/api/productions/:pid/stops',
      { config: { access: member('stops.raise') }, schema: { tags, params: productionParams, body: raiseBody, response: answers({ 201: stopRaised }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, raiseStop, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/stops',
      { config: { access: member('stops.read') }, schema: { tags, params: productionParams, response: answers({ 200: stopsAnswer }) } },
      async (request) => listStops(deps, request.params.pid),
    );

    app.get(
      '/api/productions/:pid/stops/:sid',
      { config: { access: member('stops.read') }, schema: { tags, params: stopParams, response: answers({ 200: stopDetail }) } },
      async (request) => getStop(deps, request.params.pid, request.params.sid, presenceWindowMs(hub.heartbeatMs)),
    );

    app.post(
      '/api/productions/:pid/stops/:sid/ack',
      {
        config: { access: member('stops.ack') },
        // 422: the device is someone else's (S1).
        schema: { tags, params: stopParams, body: ackBody, response: answers({ 204: noContent('Acknowledged on this device') }, 422) },
      },
      (request, reply) =>
        execute(request, reply, deps, 204, (d) => run(d, acknowledgeStop, act(request, { stopId: request.params.sid, deviceId: request.body.deviceId }))),
    );

    app.post(
      '/api/productions/:pid/stops/:sid/lift',
      {
        config: { access: member('stops.lift') },
        // 409: lifted meanwhile; 422: not the safety advisor, no second person of another role, or a PIN (S1).
        schema: { tags, params: stopParams, body: liftBody, response: answers({ 200: stopLifted }, 409, 422) },
      },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, liftStop, act(request, { stopId: request.params.sid, ...request.body }))),
    );

    // The set's public code (its QR code): no account, nothing stored about who used it.
    app.get(
      '/api/sets/:setCode',
      { config: { access: publicAccess }, schema: { tags, params: setParams, response: answers({ 200: setAnswer }, 404) } },
      async (request) => {
        const production = await productionBySetCode(deps, request.params.setCode);
        return { set: { name: production.name, setCode: production.set_code } };
      },
    );

    app.post(
      '/api/sets/:setCode/stops',
      {
        config: {
          access: publicAccess,
          anonymousAct: true,
          // Per source, in memory only: the address is never written anywhere.
          rateLimit: { max: 10, timeWindow: '1 minute' },
        },
        schema: { tags, params: setParams, body: publicRaiseBody, response: answers({ 201: stopRaised }, 404) },
      },
      (request, reply) =>
        execute(request, reply, deps, 201, async (d) => {
          const production = await productionBySetCode(d, request.params.setCode);
          // An act with no caller: nothing about who pressed it is kept anywhere.
          return run(d, raiseStop, { productionId: production.id, caller: null, input: { ...request.body, anonymous: true } });
        }),
    );
  };
