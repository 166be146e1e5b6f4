import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { productionParams } from '../../contract/common.js';
import { sceneBody, sceneCreated, scheduleAnswer, shootDayBody, shootDayCreated } from '../../contract/schedule.js';
import type { ServiceDeps } from '../../services/context.js';
import { createScene, createShootDay, schedule } from '../../services/schedule/days.js';
import { run } from '../../services/command.js';
import { execute } from '../idempotency.js';
import { act } from '../act.js';
import { answers } from '../responses.js';
import { member } from '../types.js';

export const scheduleRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['schedule'];
    const write = member('schedule.write');

    app.post(
      '/api/productions/:pid/scenes',
      // 409: the scene number is taken.
      { config: { access: write }, schema: { tags, params: productionParams, body: sceneBody, response: answers({ 201: sceneCreated }, 409) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, createScene, act(request, request.body))),
    );

    app.post(
      '/api/productions/:pid/shoot-days',
      // 409: there is a shoot day on that date already.
      { config: { access: write }, schema: { tags, params: productionParams, body: shootDayBody, response: answers({ 201: shootDayCreated }, 409) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, createShootDay, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/schedule',
      { config: { access: member('schedule.read') }, schema: { tags, params: productionParams, response: answers({ 200: scheduleAnswer }) } },
      async (request) => schedule(deps, request.params.pid),
    );
  };
