import type { FastifyRequest } from 'fastify';
import type { Caller, MemberAct } from '../services/command.js';

/** The caller of a production route: authorization has already found them a member with these roles. */
export function callerOf(request: FastifyRequest): Caller {
  return { user: request.user!, roles: request.membership!.roles };
}

/** A command's act for a production route. */
export function act<I>(request: FastifyRequest, input: I): MemberAct<I> {
  return { productionId: request.membership!.productionId, caller: callerOf(request), input };
}
