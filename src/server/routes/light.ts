import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dayLightAnswer, lightQuery, lightTargetArchived, lightTargetBody, lightTargetCreated, lightTargetParams, lightTargetsAnswer } from '../../contract/light.js';
import { locationParams } from '../../contract/schedule.js';
import type { ServiceDeps } from '../../services/context.js';
import { archiveLightTarget, locationLight, locationTargets, nameLightTarget } from '../../services/light/targets.js';
import { run } from '../../services/command.js';
import { execute } from '../idempotency.js';
import { act } from '../act.js';
import { answers } from '../responses.js';
import { member } from '../types.js';

export const lightRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['light'];

    app.get(
      '/api/productions/:pid/locations/:lid/light',
      { config: { access: member('light.read') }, schema: { tags, params: locationParams, querystring: lightQuery, response: answers({ 200: dayLightAnswer }) } },
      async (request) => locationLight(deps, request.params.pid, request.params.lid, request.query.date),
    );

    app.get(
      '/api/productions/:pid/locations/:lid/light-targets',
      { config: { access: member('light.read') }, schema: { tags, params: locationParams, response: answers({ 200: lightTargetsAnswer }) } },
      async (request) => locationTargets(deps, request.params.pid, request.params.lid),
    );

    app.post(
      '/api/productions/:pid/locations/:lid/light-targets',
      { config: { access: member('light.target') }, schema: { tags, params: locationParams, body: lightTargetBody, response: answers({ 201: lightTargetCreated }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, nameLightTarget, act(request, { locationId: request.params.lid, ...request.body }))),
    );

    app.delete(
      '/api/productions/:pid/locations/:lid/light-targets/:tid',
      // 422: neither the one who named it, the head of camera, the 1st AD nor the producer (ROLES).
      { config: { access: member('light.archive') }, schema: { tags, params: lightTargetParams, response: answers({ 200: lightTargetArchived }, 422) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, archiveLightTarget, act(request, { locationId: request.params.lid, targetId: request.params.tid }))),
    );
  };
