import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { email, password, personName, pin } from '../../domain/identity/credentials.js';
import { ROLES } from '../../domain/roles.js';
import type { ServiceDeps } from '../../services/context.js';
import {
  acceptInvitation,
  addMember,
  createProduction,
  getProduction,
  listMembers,
  previewInvitation,
  recordTraining,
  updateMember,
} from '../../services/productions.js';
import { execute } from '../idempotency.js';
import { member, publicAccess, signedIn } from '../types.js';
import { GUESSING_LIMIT } from './identity.js';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const role = z.enum(ROLES);
const roles = z
  .array(role)
  .min(1, 'needs at least one role')
  .max(ROLES.length)
  .refine((list) => new Set(list).size === list.length, 'lists a role twice');
const department = z.string().trim().min(1).max(80).nullable();
const isoDate = z.iso.date('must be a date like 2026-11-22');

export const productionParams = z.object({ pid: z.string().min(1).max(64) });
export const memberParams = productionParams.extend({ userId: z.string().min(1).max(64) });

export const createProductionBody = z.object({
  /** the production's working title */
  name: z.string().trim().min(1, 'is required').max(200),
  /** IANA time zone of the shoot, e.g. America/Denver: call times and sun timing use it */
  timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as America/Denver'),
});

export const addMemberBody = z.object({
  email,
  name: personName,
  roles,
  department: department.optional(),
});

export const updateMemberBody = z
  .object({ roles: roles.optional(), department: department.optional() })
  .refine((body) => body.roles !== undefined || body.department !== undefined, 'give roles or department');

export const acceptBody = z.object({ name: personName, password, pin });

export const trainingBody = z.object({
  /** the member whose training this is */
  userId: z.string().min(1).max(64),
  course: z.literal('firearms_safety'),
  /** the day the course was completed; not in the future */
  completedOn: isoDate.refine((day) => day <= new Date().toISOString().slice(0, 10), 'cannot be in the future'),
});

export const productionRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['productions'];

    app.post(
      '/api/productions',
      { config: { access: signedIn }, schema: { tags, body: createProductionBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => createProduction(d, request.user!, request.body)),
    );

    app.get(
      '/api/productions/:pid',
      { config: { access: member('production.read') }, schema: { tags, params: productionParams } },
      async (request) => getProduction(deps, request.params.pid),
    );

    app.post(
      '/api/productions/:pid/members',
      { config: { access: member('members.invite') }, schema: { tags, params: productionParams, body: addMemberBody } },
      (request, reply) =>
        execute(request, reply, deps, 201, (d) => addMember(d, request.user!, request.params.pid, request.body)),
    );

    app.get(
      '/api/productions/:pid/members',
      { config: { access: member('members.list') }, schema: { tags, params: productionParams } },
      async (request) => listMembers(deps, request.params.pid),
    );

    app.patch(
      '/api/productions/:pid/members/:userId',
      { config: { access: member('members.update') }, schema: { tags, params: memberParams, body: updateMemberBody } },
      async (request) => updateMember(deps, request.user!, request.params.pid, request.params.userId, request.body),
    );

    const invitationParams = z.object({ code: z.string().min(1).max(200) });

    app.get(
      '/api/invitations/:code',
      { config: { access: publicAccess, rateLimit: GUESSING_LIMIT }, schema: { tags, params: invitationParams } },
      async (request) => previewInvitation(deps, request.params.code),
    );

    app.post(
      '/api/invitations/:code/accept',
      {
        config: { access: publicAccess, issuesSession: true, rateLimit: GUESSING_LIMIT },
        schema: { tags, params: invitationParams, body: acceptBody },
      },
      (request, reply) => execute(request, reply, deps, 201, (d) => acceptInvitation(d, request.params.code, request.body)),
    );

    app.post(
      '/api/productions/:pid/trainings',
      { config: { access: member('trainings.record') }, schema: { tags, params: productionParams, body: trainingBody } },
      (request, reply) =>
        execute(request, reply, deps, 201, (d) => recordTraining(d, request.user!, request.params.pid, request.body)),
    );
  };
