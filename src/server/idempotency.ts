import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalize } from '../ledger/canonical.js';
import { isUniqueViolation } from '../store/index.js';
import { reader, writer, type ServiceDeps, type Tx } from '../services/context.js';
import { startSession } from '../services/identity.js';
import { isRefused, ProblemError, refusedProblem } from '../services/problem.js';
import { sendProblem } from './problem.js';
import { SESSION_COOKIE } from './auth.js';

/**
 * Secrets never reach the stored request hash (an unsalted hash of a PIN is a
 * PIN). A follow-up passphrase stays in it: 118 random bits hash safely, and a
 * replay must not answer someone holding only the key.
 */
const SECRET_FIELDS = new Set(['password', 'pin', 'setupToken']);

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_FIELDS.has(key))
      .map(([key, inner]) => [key, withoutSecrets(inner)]),
  );
}

function requestHash(request: FastifyRequest): string {
  const shape = {
    method: request.method,
    route: request.routeOptions.url,
    // A route without a params schema has a null-prototype params object, which canonical JSON refuses.
    params: { ...(request.params as object) },
    body: withoutSecrets(request.body ?? null),
    // A write that says what it acts on in its query (an entry removed at a version) is another request with another query.
    ...(Object.keys(request.query as object).length > 0 ? { query: { ...(request.query as object) } } : {}),
  };
  return crypto.createHash('sha256').update(canonicalize(shape)).digest('hex');
}

const MAX_KEY_LENGTH = 200;

/**
 * Secrets an answer shows once (an anonymous reporter's follow-up passphrase)
 * are kept in the stored answer only sealed with the Idempotency-Key, which
 * the store holds only as a hash: the database alone cannot open them, and the
 * client retrying with its key gets them back.
 */
const SEALED_FIELDS = new Set(['passphrase']);
const SEAL_PREFIX = 'sealed:v1:';

function sealKey(idempotencyKey: string): Buffer {
  return crypto.createHmac('sha256', 'setbook idempotency seal').update(idempotencyKey).digest();
}

function sealSecrets(value: unknown, idempotencyKey: string): unknown {
  if (Array.isArray(value)) return value.map((v) => sealSecrets(v, idempotencyKey));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (!SEALED_FIELDS.has(key) || typeof inner !== 'string') return [key, sealSecrets(inner, idempotencyKey)];
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', sealKey(idempotencyKey), iv);
      const sealed = Buffer.concat([cipher.update(inner, 'utf8'), cipher.final()]);
      return [key, SEAL_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')];
    }),
  );
}

function unsealSecrets(value: unknown, idempotencyKey: string): unknown {
  if (Array.isArray(value)) return value.map((v) => unsealSecrets(v, idempotencyKey));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (!SEALED_FIELDS.has(key) || typeof inner !== 'string' || !inner.startsWith(SEAL_PREFIX)) return [key, unsealSecrets(inner, idempotencyKey)];
      const raw = Buffer.from(inner.slice(SEAL_PREFIX.length), 'base64');
      const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey(idempotencyKey), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return [key, Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')];
    }),
  );
}

/**
 * API.md: every POST accepts `Idempotency-Key`, and so do the other writes a
 * route marks `idempotent`. The same key with the same body answers the first
 * response again and changes nothing; with another body, 422.
 * The record is written in the use case's own transaction (see `execute`).
 */
export function registerIdempotency(app: FastifyInstance, deps: ServiceDeps) {
  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' && !request.routeOptions.config.idempotent) return;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ProblemError({
        status: 400,
        title: 'Invalid request',
        detail: `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`,
        errors: [{ path: 'headers.idempotency-key', message: `must be 1 to ${MAX_KEY_LENGTH} characters` }],
      });
    }
    // An anonymous act must not be tied to its author through its idempotency record either.
    const anonymous = request.routeOptions.config.anonymousAct === true || (request.body as { anonymous?: unknown } | undefined)?.anonymous === true;
    const scope = anonymous ? 'anonymous' : (request.user?.id ?? 'anonymous');
    const hash = requestHash(request);
    const stored = await reader(deps).idempotency.find(scope, key);
    if (stored) return replay(request, reply, deps, stored, hash);
    request.idempotency = { scope, key, requestHash: hash };
  });
}

async function replay(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ServiceDeps,
  stored: { requestHash: string; status: number; body: string },
  hash: string,
) {
  if (stored.requestHash !== hash) {
    return sendProblem(reply, {
      status: 422,
      title: 'Idempotency key reused',
      detail: 'This Idempotency-Key was already used for a different request.',
      rule: 'IDEMPOTENCY',
    });
  }
  const body = unsealSecrets(JSON.parse(stored.body), request.headers['idempotency-key'] as string) as Record<string, unknown>;
  if (request.routeOptions.config.issuesSession) {
    // The first answer's token is not stored; a replay proves the password again and gets a fresh session.
    const userId = (body.user as { id: string }).id;
    const user = await reader(deps).users.byId(userId);
    const password = (request.body as { password?: string }).password ?? '';
    if (!user || !(await deps.hasher.verify(password, user.password_hash))) {
      return sendProblem(reply, {
        status: 422,
        title: 'Idempotency key reused',
        detail: 'This Idempotency-Key was already used for a different request.',
        rule: 'IDEMPOTENCY',
      });
    }
    const token = await startSession(writer(deps), user.id, deps.clock());
    setSessionCookie(request, reply, token);
    body.token = token;
  }
  if (stored.status >= 400) reply.type('application/problem+json; charset=utf-8');
  return reply.code(stored.status).header('idempotent-replay', 'true').send(body);
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: 30 * 86_400,
  });
}

class DuplicateRequest extends Error {}

/**
 * Runs a use case for a route: the idempotency record joins its transaction,
 * a concurrent duplicate of the same key answers the winner's response, and
 * a returned session token becomes the HttpOnly cookie.
 */
export async function execute<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ServiceDeps,
  successStatus: number | ((value: T) => number),
  run: (deps: ServiceDeps) => Promise<T>,
): Promise<T | FastifyReply> {
  const statusOf = (value: T) => (typeof successStatus === 'number' ? successStatus : successStatus(value));
  const idempotency = request.idempotency;
  const requestDeps: ServiceDeps = idempotency
    ? {
        ...deps,
        beforeCommit: async (tx: Tx, value: unknown) => {
          const answer = () => {
            const { token: _token, ...rest } = (value ?? {}) as { token?: string };
            return isRefused(value) ? { status: 422, body: JSON.stringify(refusedProblem(value)) } : { status: statusOf(value as T), body: JSON.stringify(sealSecrets(rest, idempotency.key)) };
          };
          try {
            // The key is claimed first, in the use case's own transaction, so a twin that raced it acts not at all.
            await tx.repos.idempotency.insert(idempotency.scope, idempotency.key, { requestHash: idempotency.requestHash, status: 0, body: '' }, deps.clock().toISOString());
          } catch (error) {
            if (isUniqueViolation(error)) throw new DuplicateRequest();
            throw error;
          }
          // The answer kept for replays, once its receipt is complete.
          tx.whenRecorded(() => tx.repos.idempotency.setAnswer(idempotency.scope, idempotency.key, answer()));
        },
      }
    : deps;
  try {
    const value = await run(requestDeps);
    if (isRefused(value)) return reply.code(422).type('application/problem+json; charset=utf-8').send(refusedProblem(value));
    const token = (value as { token?: unknown }).token;
    if (typeof token === 'string') setSessionCookie(request, reply, token);
    const status = statusOf(value);
    reply.code(status);
    // A refusal a use case returns (rather than throws) is a problem document too.
    if (status >= 400) reply.type('application/problem+json; charset=utf-8');
    return value;
  } catch (error) {
    // A twin with the same key may have committed first, so this attempt failed on its effect: answer as the twin did.
    if (!idempotency) throw error;
    const stored = await reader(deps).idempotency.find(idempotency.scope, idempotency.key);
    if (!stored) throw error;
    return replay(request, reply, deps, stored, idempotency.requestHash);
  }
}
