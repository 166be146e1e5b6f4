import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { productionParams } from '../../contract/common.js';
import {
  acceptBody,
  addMemberBody,
  contactBody,
  contactSet,
  createProductionBody,
  invitationAccepted,
  invitationParams,
  invitationPreview,
  invitationResent,
  memberAdded,
  memberParams,
  memberProposed,
  memberRemoved,
  membersAnswer,
  memberUpdated,
  productionAnswer,
  productionCreated,
  trainingBody,
  trainingRecorded,
  trainingsAnswer,
  updateMemberBody,
} from '../../contract/productions.js';
import type { ServiceDeps } from '../../services/context.js';
import {
  acceptInvitation,
  addMember,
  createProduction,
  getProduction,
  listMembers,
  listTrainings,
  previewInvitation,
  recordTraining,
  removeMember,
  resendInvitation,
  setContact,
  updateMember,
} from '../../services/productions.js';
import { run } from '../../services/command.js';
import { newId } from '../../services/secrets.js';
import { execute } from '../idempotency.js';
import { act, callerOf } from '../act.js';
import { answers } from '../responses.js';
import { member, publicAccess, signedIn } from '../types.js';
import { GUESSING_LIMIT } from './identity.js';

export const productionRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['productions'];

    app.post(
      '/api/productions',
      { config: { access: signedIn }, schema: { tags, body: createProductionBody, response: answers({ 201: productionCreated }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, createProduction, { productionId: newId(), caller: { user: request.user!, roles: [] }, input: request.body })),
    );

    app.get(
      '/api/productions/:pid',
      { config: { access: member('production.read') }, schema: { tags, params: productionParams, response: answers({ 200: productionAnswer }) } },
      async (request) => getProduction(deps, request.params.pid),
    );

    app.post(
      '/api/productions/:pid/members',
      {
        config: { access: member('members.invite') },
        // 409: already on the production; 422: a deciding role the caller may not grant (ROLES).
        schema: { tags, params: productionParams, body: addMemberBody, response: answers({ 201: memberAdded }, 409, 422) },
      },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, addMember, act(request, request.body))),
    );

    app.get(
      '/api/productions/:pid/members',
      { config: { access: member('members.list') }, schema: { tags, params: productionParams, response: answers({ 200: membersAnswer }) } },
      async (request) => listMembers(deps, request.params.pid, callerOf(request)),
    );

    app.patch(
      '/api/productions/:pid/members/:userId',
      {
        config: { access: member('members.update') },
        // 409: it would leave the production without a producer; 422: a role change the caller may not make (ROLES).
        schema: { tags, params: memberParams, body: updateMemberBody, response: answers({ 200: memberUpdated, 202: memberProposed }, 409, 422) },
      },
      (request, reply) =>
        // A change of a deciding role that waits for its second confirmation is accepted, not done: 202.
        execute(request, reply, deps, (value: object) => ('proposal' in value && value.proposal ? 202 : 200), (d) =>
          run(d, updateMember, act(request, { userId: request.params.userId, ...request.body })),
        ),
    );

    app.put(
      '/api/productions/:pid/members/:userId/contact',
      // 422: someone else's details, and the caller is not the producer, UPM or 1st AD (ROLES).
      { config: { access: member('members.contact') }, schema: { tags, params: memberParams, body: contactBody, response: answers({ 200: contactSet }, 422) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, setContact, act(request, { userId: request.params.userId, ...request.body }))),
    );

    app.delete(
      '/api/productions/:pid/members/:userId',
      // 422: the last producer, or someone holding a deciding role (ROLES).
      { config: { access: member('members.remove') }, schema: { tags, params: memberParams, response: answers({ 200: memberRemoved }, 422) } },
      (request, reply) => execute(request, reply, deps, 200, (d) => run(d, removeMember, act(request, { userId: request.params.userId }))),
    );

    app.post(
      '/api/productions/:pid/members/:userId/invitation',
      // 409: the person has joined already.
      { config: { access: member('members.invite') }, schema: { tags, params: memberParams, response: answers({ 201: invitationResent }, 409) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, resendInvitation, act(request, { userId: request.params.userId }))),
    );

    app.get(
      '/api/productions/:pid/trainings',
      { config: { access: member('trainings.read') }, schema: { tags, params: productionParams, response: answers({ 200: trainingsAnswer }) } },
      async (request) => listTrainings(deps, request.params.pid),
    );

    app.get(
      '/api/invitations/:code',
      { config: { access: publicAccess, rateLimit: GUESSING_LIMIT }, schema: { tags, params: invitationParams, response: answers({ 200: invitationPreview }, 404) } },
      async (request) => previewInvitation(deps, request.params.code),
    );

    app.post(
      '/api/invitations/:code/accept',
      {
        config: { access: publicAccess, issuesSession: true, rateLimit: GUESSING_LIMIT },
        // 404: no such invitation, or it expired; 409: it was accepted already.
        schema: { tags, params: invitationParams, body: acceptBody, response: answers({ 201: invitationAccepted }, 404, 409) },
      },
      (request, reply) => execute(request, reply, deps, 201, (d) => acceptInvitation(d, request.params.code, request.body)),
    );

    app.post(
      '/api/productions/:pid/trainings',
      { config: { access: member('trainings.record') }, schema: { tags, params: productionParams, body: trainingBody, response: answers({ 201: trainingRecorded }) } },
      (request, reply) => execute(request, reply, deps, 201, (d) => run(d, recordTraining, act(request, request.body))),
    );
  };
