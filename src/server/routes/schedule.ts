import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HAZARDS } from '../../domain/schedule.js';
import type { ServiceDeps } from '../../services/context.js';
import { createScene, createShootDay, schedule } from '../../services/schedule.js';
import { execute } from '../idempotency.js';
import { member } from '../types.js';
import { productionParams } from './productions.js';

export const sceneBody = z.object({
  /** the script's scene number, e.g. "42A" */
  number: z.string().trim().min(1, 'is required').max(20),
  description: z.string().trim().min(1, 'is required').max(2000),
  /** what makes the scene dangerous; firearms and blanks bring in the armory rules */
  hazards: z.array(z.enum(HAZARDS)).max(HAZARDS.length).refine((list) => new Set(list).size === list.length, 'lists a hazard twice'),
  /** a shot aims toward a person or the camera (F10 needs a consultation) */
  aimedAtPerson: z.boolean().optional(),
});

export const shootDayBody = z.object({
  /** the calendar day, in the production's time zone */
  date: z.iso.date('must be a date like 2026-11-22'),
  sceneIds: z.array(z.string().min(1).max(64)).max(200).refine((list) => new Set(list).size === list.length, 'lists a scene twice'),
  location: z.string().trim().min(1).max(300).nullable().optional(),
});

export const scheduleRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['schedule'];
    const write = member('schedule.write');

    app.post(
      '/api/productions/:pid/scenes',
      { config: { access: write }, schema: { tags, params: productionParams, body: sceneBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => createScene(d, request.user!, request.params.pid, request.body)),
    );

    app.post(
      '/api/productions/:pid/shoot-days',
      { config: { access: write }, schema: { tags, params: productionParams, body: shootDayBody } },
      (request, reply) =>
        execute(request, reply, deps, 201, (d) => createShootDay(d, request.user!, request.params.pid, request.body)),
    );

    app.get(
      '/api/productions/:pid/schedule',
      { config: { access: member('schedule.read') }, schema: { tags, params: productionParams } },
      async (request) => schedule(deps, request.params.pid),
    );
  };
