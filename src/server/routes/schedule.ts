import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { productionParams } from '../../contract/common.js';
import {
  locationBody,
  locationCreated,
  locationParams,
  locationPatchBody,
  locationsAnswer,
  locationUpdated,
  restAgreement,
  restAgreementAnswer,
  restAgreementSet,
  riskAssessed,
  riskAssessmentBody,
  sceneAnswer,
  sceneBody,
  sceneCreated,
  sceneParams,
  scenePatchBody,
  sceneUpdated,
  scheduleAnswer,
  shootDayBody,
  shootDayCreated,
  shootDayParams,
  shootDayPatchBody,
  shootDayUpdated,
  timesAnswer,
  timesBody,
  timesSet,
  todayAnswer,
  todayQuery,
} from '../../contract/schedule.js';
import type { ServiceDeps } from '../../services/context.js';
import { createShootDay, schedule, today, updateShootDay } from '../../services/schedule/days.js';
import { assessScene, createScene, getScene, updateScene } from '../../services/schedule/scenes.js';
import { createLocation, listLocations, updateLocation } from '../../services/schedule/locations.js';
import { dayTimes, getRestAgreement, setRestAgreement, setTimes } from '../../services/schedule/hours.js';
import { run } from '../../services/command.js';
import { execute } from '../idempotency.js';
import { act, callerOf } from '../act.js';
import { answers } from '../responses.js';
import { member } from '../types.js';

export const scheduleRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['schedule'];
    const write = member('schedule.write');
    const read = member('schedule.read');

    app.post(
      '/api/productions/:pid/scenes',
      // 404: a location or performer that is not the production's; 409: the scene number is taken.
      { config: { access: write }, schema: { tags, params: productionParams, body: sceneBody, response: answers({ 201: sceneCreated }, 404, 409) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, createScene, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/scenes/:sid',
      { config: { access: read }, schema: { tags, params: sceneParams, response: answers({ 200: sceneAnswer }) } },
      async (request) => getScene(deps, request.params.pid, request.params.sid),
    );

    app.patch(
      '/api/productions/:pid/scenes/:sid',
      // 409: the new scene number is taken.
      { config: { access: write }, schema: { tags, params: sceneParams, body: scenePatchBody, response: answers({ 200: sceneUpdated }, 409) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, updateScene, act(request, { sceneId: request.params.sid, ...request.body }))),
    );

    app.post(
      '/api/productions/:pid/scenes/:sid/risk-assessments',
      { config: { access: member('risk.assess') }, schema: { tags, params: sceneParams, body: riskAssessmentBody, response: answers({ 201: riskAssessed }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, assessScene, act(request, { sceneId: request.params.sid, ...request.body }))),
    );

    app.post(
      '/api/productions/:pid/shoot-days',
      // 404: a scene or location that is not the production's; 409: there is a shoot day on that date already.
      { config: { access: write }, schema: { tags, params: productionParams, body: shootDayBody, response: answers({ 201: shootDayCreated }, 404, 409) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, createShootDay, act(request, request.body))),
    );

    app.patch(
      '/api/productions/:pid/shoot-days/:did',
      // 409: there is a shoot day on the new date already.
      { config: { access: write }, schema: { tags, params: shootDayParams, body: shootDayPatchBody, response: answers({ 200: shootDayUpdated }, 409) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, updateShootDay, act(request, { shootDayId: request.params.did, ...request.body }))),
    );

    app.get(
      '/api/productions/:pid/shoot-days/:did/times',
      { config: { access: member('hours.read') }, schema: { tags, params: shootDayParams, response: answers({ 200: timesAnswer }) } },
      async (request) => dayTimes(deps, request.params.pid, request.params.did),
    );

    app.put(
      '/api/productions/:pid/shoot-days/:did/times',
      { config: { access: member('hours.record') }, schema: { tags, params: shootDayParams, body: timesBody, response: answers({ 200: timesSet }) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, setTimes, act(request, { shootDayId: request.params.did, times: request.body.times }))),
    );

    app.get(
      '/api/productions/:pid/rest-agreement',
      { config: { access: member('settings.read') }, schema: { tags, params: productionParams, response: answers({ 200: restAgreementAnswer }) } },
      async (request) => getRestAgreement(deps, request.params.pid),
    );

    app.put(
      '/api/productions/:pid/rest-agreement',
      { config: { access: member('settings.configure') }, schema: { tags, params: productionParams, body: restAgreement, response: answers({ 200: restAgreementSet }) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, setRestAgreement, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/schedule',
      { config: { access: read }, schema: { tags, params: productionParams, response: answers({ 200: scheduleAnswer }) } },
      async (request) => schedule(deps, request.params.pid),
    );

    app.get(
      '/api/productions/:pid/today',
      { config: { access: member('today.read') }, schema: { tags, params: productionParams, querystring: todayQuery, response: answers({ 200: todayAnswer }) } },
      async (request) => today(deps, request.params.pid, callerOf(request), request.query.date),
    );

    app.post(
      '/api/productions/:pid/locations',
      { config: { access: write }, schema: { tags, params: productionParams, body: locationBody, response: answers({ 201: locationCreated }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, createLocation, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/locations',
      { config: { access: read }, schema: { tags, params: productionParams, response: answers({ 200: locationsAnswer }) } },
      async (request) => listLocations(deps, request.params.pid),
    );

    app.patch(
      '/api/productions/:pid/locations/:lid',
      { config: { access: write }, schema: { tags, params: locationParams, body: locationPatchBody, response: answers({ 200: locationUpdated }) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, updateLocation, act(request, { locationId: request.params.lid, ...request.body }))),
    );
  };
