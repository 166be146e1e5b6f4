import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CATEGORIES, DEADLINE_MINUTES, SEVERITIES } from '../../domain/concerns/escalation.js';
import { ROLES } from '../../domain/roles.js';
import type { ServiceDeps } from '../../services/context.js';
import {
  acknowledgeConcern,
  followUp,
  followUpMessage,
  getConcern,
  getEscalation,
  listConcerns,
  messageConcern,
  reportConcern,
  reportConcernBySetCode,
  resolveConcern,
  setEscalation,
  type Viewer,
} from '../../services/concerns.js';
import { execute } from '../idempotency.js';
import { member, publicAccess } from '../types.js';
import { productionParams } from './productions.js';
import { setParams } from './stops.js';

const id = z.string().min(1).max(64);

export const reportBody = z.object({
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  /** what is wrong, in the reporter's words */
  description: z.string().trim().min(1, 'is required: say what is wrong').max(8000),
  /** the reporter's name is not stored at all */
  anonymous: z.boolean().optional(),
  /** people who must never see nor be routed this concern */
  implicatedUserIds: z.array(id).max(20).optional(),
  sceneId: id.nullable().optional(),
  location: z.string().trim().max(200).nullable().optional(),
});

const text = z.string().trim().min(1, 'is required').max(8000);
const followUpCredentials = z.object({
  key: z.string().trim().min(1, 'is required').max(40),
  passphrase: z.string().trim().min(1, 'is required').max(80),
});

const minutes = z.number().min(DEADLINE_MINUTES.min).max(DEADLINE_MINUTES.max);
export const escalationBody = z.object({
  levels: z
    .array(
      z.object({
        roles: z.array(z.enum(ROLES)).max(ROLES.length),
        emails: z.array(z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254))).max(20),
        deadlines: z.object({ critical: minutes, high: minutes, medium: minutes, low: minutes }),
      }),
    )
    .min(2, 'needs at least two levels')
    .max(6),
});

const concernParams = productionParams.extend({ cid: id });

function viewer(request: FastifyRequest): Viewer {
  return { user: request.user!, roles: request.membership!.roles };
}

export const concernRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['concerns'];

    app.post(
      '/api/productions/:pid/concerns',
      { config: { access: member('concerns.report') }, schema: { tags, params: productionParams, body: reportBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => reportConcern(d, request.params.pid, request.user!, request.body)),
    );

    app.get(
      '/api/productions/:pid/concerns',
      { config: { access: member('concerns.read') }, schema: { tags, params: productionParams } },
      async (request) => listConcerns(deps, request.params.pid, viewer(request)),
    );

    app.get(
      '/api/productions/:pid/concerns/:cid',
      { config: { access: member('concerns.read') }, schema: { tags, params: concernParams } },
      async (request) => getConcern(deps, request.params.pid, request.params.cid, viewer(request)),
    );

    app.post(
      '/api/productions/:pid/concerns/:cid/ack',
      {
        config: { access: member('concerns.handle') },
        // An optional first word to the reporter, sent with the acknowledgement.
        schema: { tags, params: concernParams, body: z.object({ note: text.optional() }) },
      },
      (request, reply) =>
        execute(request, reply, deps, 200, (d) => acknowledgeConcern(d, request.params.pid, request.params.cid, viewer(request), request.body.note)),
    );

    app.post(
      '/api/productions/:pid/concerns/:cid/messages',
      { config: { access: member('concerns.handle') }, schema: { tags, params: concernParams, body: z.object({ text }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => messageConcern(d, request.params.pid, request.params.cid, viewer(request), request.body.text)),
    );

    app.post(
      '/api/productions/:pid/concerns/:cid/resolve',
      {
        config: { access: member('concerns.handle') },
        schema: { tags, params: concernParams, body: z.object({ resolution: z.string().trim().min(1, 'is required: write how it was resolved').max(8000) }) },
      },
      (request, reply) =>
        execute(request, reply, deps, 200, (d) => resolveConcern(d, request.params.pid, request.params.cid, viewer(request), request.body.resolution)),
    );

    app.get(
      '/api/productions/:pid/escalation',
      { config: { access: member('escalation.read') }, schema: { tags, params: productionParams } },
      async (request) => getEscalation(deps, request.params.pid),
    );

    app.put(
      '/api/productions/:pid/escalation',
      { config: { access: member('escalation.configure') }, schema: { tags, params: productionParams, body: escalationBody } },
      async (request) => setEscalation(deps, request.params.pid, viewer(request), request.body.levels),
    );

    // No account: the set's public code, then the follow-up key. Limited per source in memory only.
    const anonymous = { access: publicAccess, anonymousAct: true, rateLimit: { max: 10, timeWindow: '1 minute' } };

    app.post(
      '/api/sets/:setCode/concerns',
      { config: anonymous, schema: { tags, params: setParams, body: reportBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => reportConcernBySetCode(d, request.params.setCode, request.body)),
    );

    app.post(
      '/api/follow-up',
      { config: { ...anonymous, rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { tags, body: followUpCredentials } },
      async (request) => followUp(deps, request.body.key, request.body.passphrase),
    );

    app.post(
      '/api/follow-up/messages',
      { config: anonymous, schema: { tags, body: followUpCredentials.extend({ text }) } },
      (request, reply) =>
        execute(request, reply, deps, 201, async (d) => {
          const { message, receipt } = await followUpMessage(d, request.body.key, request.body.passphrase, request.body.text);
          return { message, receipt };
        }),
    );
  };
