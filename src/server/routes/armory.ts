import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  armoryBoard as boardAnswer,
  correctiveBody,
  decisionBody,
  firearmAdded,
  firearmBody,
  firearmEventBody,
  firearmHistory as historyAnswer,
  firearmParams,
  firearmStepped,
  incidentAnswer,
  incidentParams,
  liveRoundBody,
  lotAdded,
  lotBody,
  requestAnswer,
  requestBody,
  requestParams,
  requestsAnswer,
  wrapBody,
  wrapped,
  wrapRefused,
} from '../../contract/armory.js';
import { productionParams } from '../../contract/common.js';
import { consultationBody, consultationRecorded, dutiesBody, dutiesSet, meetingBody, meetingRecorded, sceneParams, shootDayParams } from '../../contract/schedule.js';
import type { ServiceDeps } from '../../services/context.js';
import { addFirearm, addLot, armoryBoard, firearmHistory } from '../../services/armory/inventory.js';
import { CUSTODY, wrapDay } from '../../services/armory/custody.js';
import { correctiveAction, reportLiveRound } from '../../services/armory/incidents.js';
import { decideRequest, listRequests, makeRequest } from '../../services/armory/requests.js';
import { setDuties } from '../../services/schedule/roster.js';
import { recordConsultation, recordMeeting } from '../../services/schedule/meetings.js';
import { run, type Command } from '../../services/command.js';
import { execute } from '../idempotency.js';
import { act } from '../act.js';
import { answers } from '../responses.js';
import { member } from '../types.js';

export const armoryRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['armory'];

    app.post(
      '/api/productions/:pid/firearms',
      // 409: the serial is in the inventory already.
      { config: { access: member('armory.inventory') }, schema: { tags, params: productionParams, body: firearmBody, response: answers({ 201: firearmAdded }, 409) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, addFirearm, act(request, request.body))),
    );

    // F4: anyone who finds a live round on set says so here, and firearm work stops.
    app.post(
      '/api/productions/:pid/armory/live-rounds',
      { config: { access: member('armory.report') }, schema: { tags, params: productionParams, body: liveRoundBody, response: answers({ 201: incidentAnswer }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, reportLiveRound, act(request, request.body))),
    );

    app.post(
      '/api/productions/:pid/ammunition',
      // 409: the lot is in the inventory already; 422: live or unverified dummy rounds (F4).
      { config: { access: member('armory.inventory') }, schema: { tags, params: productionParams, body: lotBody, response: answers({ 201: lotAdded }, 409, 422) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, addLot, act(request, request.body))),
    );

    app.post(
      '/api/productions/:pid/firearms/:fid/events',
      {
        config: { access: member('armory.custody') },
        // 409: the firearm changed meanwhile (a stale `version`); 422: every custody rule that refused.
        schema: { tags, params: firearmParams, body: firearmEventBody, response: answers({ 201: firearmStepped }, 409, 422) },
      },
      (request, reply) =>
        execute(request, reply, deps, 201, (d) => {
          const { type, ...input } = request.body;
          // One command per custody step; the body's type names it.
          return run(d, CUSTODY[type] as Command<typeof input & { firearmId: string }, unknown, object>, act(request, { ...input, firearmId: request.params.fid }));
        }),
    );

    app.get(
      '/api/productions/:pid/firearms/:fid',
      { config: { access: member('armory.read') }, schema: { tags, params: firearmParams, response: answers({ 200: historyAnswer }) } },
      async (request) => firearmHistory(deps, request.params.pid, request.params.fid),
    );

    app.get(
      '/api/productions/:pid/armory',
      { config: { access: member('armory.read') }, schema: { tags, params: productionParams, response: answers({ 200: boardAnswer }) } },
      async (request) => armoryBoard(deps, request.params.pid),
    );

    app.post(
      '/api/productions/:pid/armory/wrap',
      // F9: a day that cannot wrap is a 409 listing what is missing (API.md), recorded like every refusal.
      { config: { access: member('armory.wrap') }, schema: { tags, params: productionParams, body: wrapBody, response: answers({ 200: wrapped, 409: { description: wrapRefused.description ?? '', content: { 'application/problem+json': { schema: wrapRefused } } } }) } },
      (request, reply) =>
        execute(request, reply, deps, (value: { ok: boolean }) => (value.ok ? 200 : 409), (d) => run(d, wrapDay, act(request, request.body)) as Promise<{ ok: boolean }>),
    );

    app.post(
      '/api/productions/:pid/incidents/:iid/corrective-action',
      {
        config: { access: member('incidents.correct') },
        // 409: the incident is closed; 422: the safety advisor's own PIN did not confirm it (F11).
        schema: { tags, params: incidentParams, body: correctiveBody, response: answers({ 201: incidentAnswer }, 409, 422) },
      },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, correctiveAction, act(request, { incidentId: request.params.iid, ...request.body }))),
    );

    app.put(
      '/api/productions/:pid/shoot-days/:did/duties',
      { config: { access: member('schedule.write') }, schema: { tags: ['schedule'], params: shootDayParams, body: dutiesBody, response: answers({ 200: dutiesSet }) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, setDuties, act(request, { shootDayId: request.params.did, duties: request.body.duties }))),
    );

    app.post(
      '/api/productions/:pid/safety-meetings',
      { config: { access: member('meetings.record') }, schema: { tags: ['schedule'], params: productionParams, body: meetingBody, response: answers({ 201: meetingRecorded }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, recordMeeting, act(request, request.body))),
    );

    app.post(
      '/api/productions/:pid/scenes/:sid/consultations',
      {
        config: { access: member('consultations.record') },
        // 422: the PINs are not an armorer's and a safety advisor's (F10).
        schema: { tags: ['schedule'], params: sceneParams, body: consultationBody, response: answers({ 201: consultationRecorded }, 422) },
      },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, recordConsultation, act(request, { sceneId: request.params.sid, ...request.body }))),
    );

    app.post(
      '/api/productions/:pid/armorer-requests',
      { config: { access: member('requests.make') }, schema: { tags, params: productionParams, body: requestBody, response: answers({ 201: requestAnswer }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, makeRequest, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/armorer-requests',
      { config: { access: member('requests.read') }, schema: { tags, params: productionParams, response: answers({ 200: requestsAnswer }) } },
      async (request) => listRequests(deps, request.params.pid),
    );

    app.post(
      '/api/productions/:pid/armorer-requests/:rid/decision',
      {
        config: { access: member('requests.decide') },
        // 409: answered already; 422: a denial without a reason (F12).
        schema: { tags, params: requestParams, body: decisionBody, response: answers({ 200: requestAnswer }, 409, 422) },
      },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, decideRequest, act(request, { requestId: request.params.rid, ...request.body }))),
    );
  };
