import type { Action } from '../domain/roles.js';
import type { UserRow } from '../store/schema.js';
import type { LiveHub } from './live.js';
import type { Jobs } from './jobs.js';
import type { PushSender } from '../services/notify/push.js';

/** Who may call a route. Every route declares one; the server refuses to start otherwise. */
export type Access =
  | { kind: 'public' }
  | { kind: 'user' }
  /** a member of the production named by the `:pid` parameter, allowed to do `action` */
  | { kind: 'production'; action: Action };

export const publicAccess: Access = { kind: 'public' };
export const signedIn: Access = { kind: 'user' };
export const member = (action: Action): Access => ({ kind: 'production', action });

declare module 'fastify' {
  interface FastifyInstance {
    liveHub: LiveHub;
    jobs: Jobs;
    /** null where push is not set up */
    push: PushSender | null;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** the route answers with a session token: replays sign the person in again instead of storing the token */
    issuesSession?: boolean;
    /** an act with no author (the set's public code, the follow-up key): its idempotency record names nobody */
    anonymousAct?: boolean;
    /** a write other than POST that takes an Idempotency-Key too: an edit queued on a phone offline is sent again until it lands */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    user: UserRow | null;
    /** hash of the session token in use, for logout */
    sessionId: string | null;
    /** how the caller authenticated; cookie writes must pass the Origin check */
    authVia: 'bearer' | 'cookie' | null;
    membership: { productionId: string; roles: string[] } | null;
    idempotency: { scope: string; key: string; requestHash: string } | null;
  }
}
