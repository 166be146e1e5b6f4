import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.js';
import { acknowledgeStop, getStop, liftStop, listStops, raiseStop, raiseStopBySetCode } from '../../services/stops.js';
import { reader } from '../../services/context.js';
import { notFound } from '../../services/problem.js';
import { pin } from '../../domain/identity/credentials.js';
import { execute } from '../idempotency.js';
import { member, publicAccess } from '../types.js';
import { presenceWindowMs, type LiveHub } from '../live.js';
import { productionParams } from './productions.js';

export const deviceId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 letters, digits, - or _');

export const raiseBody = z.object({
  /** what is wrong, in a few words; optional: stopping comes first */
  reason: z.string().trim().max(500).nullable().optional(),
  /** where on set */
  location: z.string().trim().max(200).nullable().optional(),
  /** a member may stop work without giving their name */
  anonymous: z.boolean().optional(),
});

export const publicRaiseBody = raiseBody.omit({ anonymous: true });

export const liftBody = z.object({
  /** how the problem was resolved, written for the record */
  resolution: z.string().trim().min(1, 'is required: write how the problem was resolved').max(4000),
  /** the safety advisor's own PIN and a second person's of another role */
  confirmations: z.array(z.object({ userId: z.string().min(1).max(64), pin })).min(1, 'needs the PIN confirmations').max(10),
});

const stopParams = productionParams.extend({ sid: z.string().min(1).max(64) });
export const setParams = z.object({ setCode: z.string().regex(/^[A-Za-z0-9]{6,20}$/, 'is not a set code') });

export const stopRoutes =
  (deps: ServiceDeps, hub: LiveHub): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['stops'];

    app.post(
      '/api/productions/:pid/stops',
      { config: { access: member('stops.raise') }, schema: { tags, params: productionParams, body: raiseBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => raiseStop(d, request.params.pid, request.user!, request.body)),
    );

    app.get(
      '/api/productions/:pid/stops',
      { config: { access: member('stops.read') }, schema: { tags, params: productionParams } },
      async (request) => listStops(deps, request.params.pid),
    );

    app.get(
      '/api/productions/:pid/stops/:sid',
      { config: { access: member('stops.read') }, schema: { tags, params: stopParams } },
      async (request) => getStop(deps, request.params.pid, request.params.sid, presenceWindowMs(hub.heartbeatMs)),
    );

    app.post(
      '/api/productions/:pid/stops/:sid/ack',
      { config: { access: member('stops.ack') }, schema: { tags, params: stopParams, body: z.object({ deviceId }) } },
      (request, reply) =>
        execute(request, reply, deps, 204, async (d) => {
          await acknowledgeStop(d, request.params.pid, request.user!, request.params.sid, request.body.deviceId);
          return {};
        }),
    );

    app.post(
      '/api/productions/:pid/stops/:sid/lift',
      { config: { access: member('stops.lift') }, schema: { tags, params: stopParams, body: liftBody } },
      (request, reply) =>
        execute(request, reply, deps, 200, (d) => liftStop(d, request.params.pid, request.user!, request.params.sid, request.body)),
    );

    // The set's public code (its QR code): no account, nothing stored about who used it.
    app.get(
      '/api/sets/:setCode',
      { config: { access: publicAccess }, schema: { tags, params: setParams } },
      async (request) => {
        const production = await reader(deps).productions.bySetCode(request.params.setCode.toUpperCase());
        if (!production) throw notFound('No set has this code');
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
        schema: { tags, params: setParams, body: publicRaiseBody },
      },
      (request, reply) =>
        execute(request, reply, deps, 201, async (d) => {
          const { stop, receipt } = await raiseStopBySetCode(d, request.params.setCode, request.body);
          return { stop, receipt };
        }),
    );
  };
