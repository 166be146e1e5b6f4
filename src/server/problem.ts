import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ProblemError, type FieldError, type Problem } from '../services/problem.js';
import { ContractBreach } from './responses.js';

/** Sends an RFC 9457 problem document. */
export function sendProblem(reply: FastifyReply, problem: Problem) {
  const { retryAfter, ...body } = problem;
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: 'about:blank', ...body });
}

function fieldPath(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const prefix = context === 'body' || context === undefined ? '' : `${context}.`;
  return `${prefix}${path}` || (context ?? 'body');
}

/** Maps every error to a problem document; only bugs and broken infrastructure become 500s. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ProblemError) return sendProblem(reply, error.problem);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors: FieldError[] = error.validation.map((issue) => ({
      path: fieldPath(error.validationContext, issue.instancePath),
      message: issue.message ?? 'is invalid',
    }));
    return sendProblem(reply, {
      status: 400,
      title: 'Invalid request',
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  if (databaseUnreachable(error)) {
    request.log.warn({ code: (error as { code?: unknown }).code }, 'database unreachable');
    return sendProblem(reply, {
      status: 503,
      title: 'Database unavailable',
      detail: 'The database could not be reached, so this may not have been recorded. Send it again with the same Idempotency-Key; it will be recorded once.',
      retryAfter: 2,
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own 400s are about the body as a whole (not JSON, empty): name it, as every 400 names what was wrong.
    const errors = status === 400 ? [{ path: 'body', message: error.message }] : undefined;
    return sendProblem(reply, { status, title: clientTitle(status), detail: error.message, ...(errors ? { errors } : {}) });
  }
  request.log.error({ err: error }, 'request failed');
  // Only under test: the failing test reads which field broke the contract.
  if (error instanceof ContractBreach) return sendProblem(reply, { status: 500, title: 'Answer outside the contract', detail: error.message });
  return sendProblem(reply, { status: 500, title: 'Internal error', detail: 'Something went wrong on the server; the request was not completed.' });
}

/** PostgreSQL connection failures (SQLSTATE class 08, admin or crash shutdown, starting up) and their socket errors; SQLite busy past its timeout. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03', 'SQLITE_BUSY']);

function databaseUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNREACHABLE.has(code) || code.startsWith('08'))) return true;
  // node-postgres reports a socket that closed under a query with a plain Error.
  const message = (error as { message?: unknown } | null)?.message;
  return (
    typeof message === 'string' &&
    (/^Connection terminated( unexpectedly| due to connection timeout)?$/.test(message) || message === 'Client has encountered a connection error and is not queryable')
  );
}

function clientTitle(status: number): string {
  switch (status) {
    case 400:
      return 'Invalid request';
    case 404:
      return 'Not found';
    case 413:
      return 'Request too large';
    case 415:
      return 'Unsupported media type';
    default:
      return 'Request refused';
  }
}
