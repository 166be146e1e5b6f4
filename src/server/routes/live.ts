import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { liveEvent, liveHeaders, liveParams, liveQuery } from '../../contract/live.js';
import type { ServiceDeps } from '../../services/context.js';
import { reader } from '../../services/context.js';
import { answers } from '../responses.js';
import { member } from '../types.js';
import type { LiveHub, Subscriber } from '../live.js';

/** The stream as OpenAPI can say it: each event's `data:` is one of these objects without its `type`, which is the `event:` line. */
const stream = {
  description:
    'Server-sent events, each `id: <seq>`, `event: <type>`, `data: <JSON>`; a `: heartbeat` comment every 15 s. ' +
    'The schema is the union of the events, each with its `type`.',
  content: { 'text/event-stream': { schema: liveEvent } },
};

/**
 * GET /api/productions/:pid/live: the production's live events as SSE. Resumes
 * after `Last-Event-ID` (or `lastEventId` for the first connect, which
 * EventSource cannot give a header); without either, starts at the present.
 */
export const liveRoutes =
  (deps: ServiceDeps, hub: LiveHub): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/productions/:pid/live',
      {
        config: { access: member('live.read') },
        schema: { tags: ['live'], params: liveParams, querystring: liveQuery, headers: liveHeaders, response: answers({ 200: stream }) },
      },
      async (request, reply) => {
        const { pid } = request.params;
        const resumeFrom = request.headers['last-event-id'] ?? request.query.lastEventId;
        const start = resumeFrom ?? (await reader(deps).live.head(pid));
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-content-type-options': 'nosniff',
        });
        res.write(`retry: 2000\n\n`);
        if (resumeFrom === undefined) res.write(`event: ready\ndata: ${JSON.stringify({ seq: start })}\n\n`);
        const subscriber: Subscriber = {
          userId: request.user!.id,
          deviceId: request.query.deviceId,
          lastSeq: start,
          catchingUp: true,
          write: (text) => {
            if (!res.writableEnded && !res.destroyed) res.write(text);
          },
        };
        let closed = false;
        res.once('close', () => {
          closed = true;
          void hub.unsubscribe(pid, subscriber).catch(() => undefined);
        });
        await hub.subscribe(pid, subscriber);
        // The device may have gone while its backlog was replayed: never keep a ghost that looks connected.
        if (closed) await hub.unsubscribe(pid, subscriber);
      },
    );
  };
