import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { productionParams } from '../../contract/common.js';
import {
  ackConcernBody,
  concernAcknowledged,
  concernParams,
  concernReported,
  concernResolved,
  concernsAnswer,
  concernThread,
  escalationAnswer,
  escalationBody,
  escalationSet,
  followedConcern,
  followUpCredentials,
  followUpMessageBody,
  messageBody,
  messageSent,
  reportBody,
  resolveBody,
  setConcernReported,
} from '../../contract/concerns.js';
import { setParams } from '../../contract/stops.js';
import type { ServiceDeps } from '../../services/context.js';
import { getEscalation, setEscalation } from '../../services/concerns/ladder.js';
import { reportConcern } from '../../services/concerns/report.js';
import { acknowledgeConcern, byFollowUp, followUp, followUpMessage, getConcern, listConcerns, messageConcern, resolveConcern } from '../../services/concerns/handle.js';
import { productionBySetCode } from '../../services/stops.js';
import { run } from '../../services/command.js';
import { reader } from '../../services/context.js';
import { execute } from '../idempotency.js';
import { act, callerOf } from '../act.js';
import { answers } from '../responses.js';
import { member, publicAccess } from '../types.js';

export const concernRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['concerns'];

    app.post(
      '/api/productions/:pid/concerns',
      { config: { access: member('concerns.report') }, schema: { tags, params: productionParams, body: reportBody, response: answers({ 201: concernReported }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, reportConcern, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/concerns',
      { config: { access: member('concerns.read') }, schema: { tags, params: productionParams, response: answers({ 200: concernsAnswer }) } },
      async (request) => listConcerns(deps, request.params.pid, callerOf(request)),
    );

    app.get(
      '/api/productions/:pid/concerns/:cid',
      { config: { access: member('concerns.read') }, schema: { tags, params: concernParams, response: answers({ 200: concernThread }) } },
      async (request) => getConcern(deps, request.params.pid, request.params.cid, callerOf(request)),
    );

    app.post(
      '/api/productions/:pid/concerns/:cid/ack',
      {
        config: { access: member('concerns.handle') },
        // 409: resolved already; 422: the caller does not handle it at its current level (S2).
        schema: { tags, params: concernParams, body: ackConcernBody, response: answers({ 200: concernAcknowledged }, 409, 422) },
      },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, acknowledgeConcern, act(request, { concernId: request.params.cid, note: request.body.note }))),
    );

    app.post(
      '/api/productions/:pid/concerns/:cid/messages',
      { config: { access: member('concerns.handle') }, schema: { tags, params: concernParams, body: messageBody, response: answers({ 201: messageSent }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, messageConcern, act(request, { concernId: request.params.cid, text: request.body.text }))),
    );

    app.post(
      '/api/productions/:pid/concerns/:cid/resolve',
      {
        config: { access: member('concerns.handle') },
        // 409: resolved already; 422: its reporter cannot resolve it (S2).
        schema: { tags, params: concernParams, body: resolveBody, response: answers({ 200: concernResolved }, 409, 422) },
      },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, resolveConcern, act(request, { concernId: request.params.cid, resolution: request.body.resolution }))),
    );

    app.get(
      '/api/productions/:pid/escalation',
      { config: { access: member('escalation.read') }, schema: { tags, params: productionParams, response: answers({ 200: escalationAnswer }) } },
      async (request) => getEscalation(deps, request.params.pid),
    );

    app.put(
      '/api/productions/:pid/escalation',
      { config: { access: member('escalation.configure') }, schema: { tags, params: productionParams, body: escalationBody, response: answers({ 200: escalationSet }) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, setEscalation, act(request, request.body))),
    );

    const anonymous = { access: publicAccess, anonymousAct: true, rateLimit: { max: 10, timeWindow: '1 minute' } };

    app.post(
      '/api/sets/:setCode/concerns',
      { config: anonymous, schema: { tags, params: setParams, body: reportBody, response: answers({ 201: setConcernReported }, 404) } },
      (request, reply) =>
        execute(request, reply, deps, 201, async (d) => {
          const production = await productionBySetCode(d, request.params.setCode);
          // Always anonymous: an act with no caller.
          return run(d, reportConcern, { productionId: production.id, caller: null, input: { ...request.body, anonymous: true } });
        }),
    );

    app.post(
      '/api/follow-up',
      // 404 for a wrong key and a wrong passphrase alike.
      { config: { ...anonymous, rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { tags, body: followUpCredentials, response: answers({ 200: followedConcern }, 404) } },
      async (request) => followUp(deps, request.body.key, request.body.passphrase),
    );

    app.post(
      '/api/follow-up/messages',
      { config: anonymous, schema: { tags, body: followUpMessageBody, response: answers({ 201: messageSent }, 404) } },
      (request, reply) =>
        execute(request, reply, deps, 201, async (d) => {
          const row = await byFollowUp(reader(d), request.body.key, request.body.passphrase);
          return run(d, followUpMessage, { productionId: row.production_id, caller: null, input: { row, text: request.body.text } });
        }),
    );
  };
