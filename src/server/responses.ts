import type { FastifyInstance, FastifySerializerCompiler, RouteOptions } from 'fastify';
import { z } from 'zod';
import { nonconformity } from '../contract/conform.js';
import { problem, refusalProblem } from '../contract/problem.js';
import { ACCESS } from '../domain/roles.js';

/** What a route answers with one status: a JSON schema, or a schema per media type. */
type Answer = z.ZodType | { description: string; content: Record<string, { schema: z.ZodType }> };

const PROBLEM = 'application/problem+json';

/** The problem statuses, and what each means on any route. */
const MEANING = {
  400: 'Invalid request: `errors` names every field refused',
  401: 'Not signed in',
  403: 'Signed in, but not allowed',
  404: 'Not found, or not visible to the caller',
  409: 'In conflict with how things stand now: look again before acting',
  410: 'Gone: replaced by a newer version, and no longer served',
  413: 'The body is too large',
  415: 'The body is not JSON',
  422: 'Refused by a safety rule and recorded (`refusals`, `receipt`), or an Idempotency-Key reused for another request',
  429: 'Too many attempts: `Retry-After` says when to try again',
  503: 'The database could not be reached: send it again with the same Idempotency-Key',
} as const;

type ProblemStatus = keyof typeof MEANING;

/** A problem document answer (RFC 9457); a 422 also lists the refusals and the receipt of the recorded attempt. */
function problemAnswer(status: ProblemStatus, description: string = MEANING[status]): Answer {
  return { description, content: { [PROBLEM]: { schema: status === 422 ? refusalProblem : problem } } };
}

/**
 * A route's `schema.response`: what its handler answers on success and the
 * problems its own rules give. The answers every route shares (a malformed
 * request, the access check, the database out of reach) are added by
 * `registerResponses` from the route's method and access.
 *
 * Typed loosely on purpose: commands answer `object`, so no type can tie a
 * command's result to its schema; the serializer holds the shape instead,
 * strictly under test.
 */
export function answers(success: Record<number, Answer>, ...problems: ProblemStatus[]): unknown {
  return { ...success, ...Object.fromEntries(problems.map((status) => [status, problemAnswer(status)])) };
}

/** A 204: the act is done and there is nothing to say. */
export const noContent = (description: string) => z.undefined().describe(description);

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The problems the server's own layers may answer on this route, before or around its handler. */
function sharedProblems(route: RouteOptions): Array<[ProblemStatus, string?]> {
  const methods = [route.method].flat();
  const writes = methods.some((method) => UNSAFE.has(method));
  const access = route.config?.access;
  const shared: Array<[ProblemStatus, string?]> = [[400], [503]];
  if (writes) shared.push([413], [415]);
  if (methods.includes('POST') || route.config?.idempotent) shared.push([422, 'An Idempotency-Key reused for another request']);
  if (access?.kind === 'user' || access?.kind === 'production') shared.push([401]);
  if (access?.kind === 'production') shared.push([404]);
  // A cookie-signed write from elsewhere is refused (CSRF); a role the action does not allow is too.
  const restricted = access?.kind === 'production' && ACCESS[access.action] !== 'member';
  if ((access?.kind === 'user' || access?.kind === 'production') && (writes || restricted)) shared.push([403]);
  if (route.config?.rateLimit) shared.push([429]);
  return shared;
}

/** An answer that is not what its route declares; only ever thrown while testing. */
export class ContractBreach extends Error {}

/** A 204 carries no body (RFC 9110 section 15.3.5), whatever the handler returned. */
const NO_BODY = new Set(['204']);

/**
 * Serializes every answer as JSON. Under test (NODE_ENV=test) each answer
 * must be exactly what its schema declares, a key the schema does not
 * declare included, or the request fails with the difference named; in
 * production nothing is checked or dropped on the way out.
 */
function serializerCompiler(strict: boolean): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url, httpStatus }) => {
    if (NO_BODY.has(String(httpStatus))) return () => '';
    if (!strict) return (data) => JSON.stringify(data);
    return (data) => {
      const found = nonconformity(schema, data);
      if (found) throw new ContractBreach(`${method} ${url} ${httpStatus}: ${found}`);
      return JSON.stringify(data);
    };
  };
}

/** Whether the route declares `status`, exactly or by its class (4xx). */
function declares(response: unknown, status: number): boolean {
  if (typeof response !== 'object' || response === null) return false;
  return String(status) in response || `${String(status)[0]}xx` in response;
}

/**
 * The contract on the way out: JSON serialization, the answers every route
 * shares added to each route's own, and under test a route that answers a
 * status it does not declare fails the request.
 */
export function registerResponses(app: FastifyInstance, strict = process.env.NODE_ENV === 'test'): void {
  app.setSerializerCompiler(serializerCompiler(strict));
  app.addHook('onRoute', (route) => {
    const own = route.schema?.response as Record<string, unknown> | undefined;
    if (!own) return;
    const shared = Object.fromEntries(sharedProblems(route).map(([status, description]) => [status, problemAnswer(status, description)]));
    route.schema = { ...route.schema, response: { ...shared, ...own } };
  });
  if (!strict) return;
  app.addHook('preSerialization', async (request, reply, payload) => {
    const response = request.routeOptions.schema?.response;
    if (response && reply.statusCode < 500 && !declares(response, reply.statusCode)) {
      throw new ContractBreach(`${request.method} ${request.routeOptions.url} answered ${reply.statusCode}, which it does not declare`);
    }
    return payload;
  });
}
