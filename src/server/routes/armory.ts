import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pin } from '../../domain/identity/credentials.js';
import { AMMUNITION_KINDS, FIREARM_KINDS } from '../../domain/armory/model.js';
import { ROLES } from '../../domain/roles.js';
import type { ServiceDeps } from '../../services/context.js';
import {
  addFirearm,
  addLot,
  armoryBoard,
  correctiveAction,
  decideRequest,
  listRequests,
  makeRequest,
  firearmEvent,
  firearmHistory,
  recordConsultation,
  recordMeeting,
  reportLiveRound,
  setDuties,
  wrapDay,
} from '../../services/armory.js';
import { execute } from '../idempotency.js';
import { member } from '../types.js';
import { productionParams } from './productions.js';

const id = z.string().min(1).max(64);
const confirmations = z.array(z.object({ userId: id, pin })).max(10);
const rounds = z.array(z.object({ lotId: id, count: z.number().int().min(0).max(1000) })).max(20);
/** the firearm version the device last saw: a stale one is a 409, never a second state */
const version = z.number().int().min(1).optional();
const text = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const firearmBody = z.object({
  serial: text(100),
  make: text(100),
  model: text(100),
  kind: z.enum(FIREARM_KINDS),
});

export const lotBody = z.object({
  lot: text(100),
  /** `live` is named so that its refusal is recorded (F4) */
  kind: z.enum([...AMMUNITION_KINDS, 'live']),
  caliber: text(50),
  quantity: z.number().int().min(1).max(100_000),
  load: z.string().trim().max(100).nullable().optional(),
  /** how each dummy round was checked to be inert (F4) */
  verification: z.object({ method: text(500) }).optional(),
});

export const firearmEventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('check_out'), shootDayId: id, version }),
  z.object({ type: z.literal('inspect'), load: z.enum(['empty', 'dummy', 'blank']), rounds, barrelClear: z.boolean(), version }),
  z.object({ type: z.literal('hand_off'), toUserId: id, shootDayId: id, sceneId: id, confirmations, version }),
  z.object({ type: z.literal('return'), fromUserId: id, confirmations, version }),
  z.object({ type: z.literal('discharge'), intended: z.boolean(), rounds, sceneId: id.optional(), note: z.string().trim().max(2000).optional(), version }),
  z.object({ type: z.literal('misfire'), note: z.string().trim().max(2000).optional(), sceneId: id.optional(), version }),
  z.object({ type: z.literal('check_in'), version }),
]);

export const liveRoundBody = z.object({
  /** what was found and how it was recognised as live */
  description: text(2000),
  location: z.string().trim().max(200).optional(),
  /** the firearm it was in or near, when there is one */
  firearmId: id.optional(),
});

export const dutiesBody = z.object({
  duties: z
    .array(z.object({ userId: id, duty: z.enum([...ROLES, 'props']) }))
    .max(500)
    .refine((list) => new Set(list.map((d) => `${d.userId} ${d.duty}`)).size === list.length, 'lists a duty twice'),
});

export const meetingBody = z.object({
  shootDayId: id,
  sceneIds: z.array(id).min(1).max(100),
  heldAt: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-12-02T14:00:00Z' }),
  attendeeIds: z.array(id).min(1, 'needs the people who attended').max(500),
  walkthrough: z.boolean(),
  abortPlan: text(4000),
  emergencyPlan: text(4000),
});

export const consultationBody = z.object({ plan: text(4000), confirmations: confirmations.min(2, 'needs the armorer and the safety advisor') });
export const correctiveBody = z.object({ action: text(4000), confirmations: confirmations.min(1) });

const firearmParams = productionParams.extend({ fid: id });

export const requestBody = z.object({
  /** more training, or more time to do the job safely */
  kind: z.enum(['training', 'time']),
  description: text(4000),
});

export const decisionBody = z.object({
  decision: z.enum(['granted', 'denied']),
  /** required to deny (F12); sent to the safety advisor */
  reason: z.string().trim().max(4000).nullable().optional(),
});

export const armoryRoutes =
  (deps: ServiceDeps): FastifyPluginAsync =>
  async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['armory'];

    app.post(
      '/api/productions/:pid/firearms',
      { config: { access: member('armory.inventory') }, schema: { tags, params: productionParams, body: firearmBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => addFirearm(d, request.user!, request.params.pid, request.body)),
    );

    // F4: anyone who finds a live round on set says so here, and firearm work stops.
    app.post(
      '/api/productions/:pid/armory/live-rounds',
      { config: { access: member('armory.report') }, schema: { tags, params: productionParams, body: liveRoundBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => reportLiveRound(d, request.user!, request.params.pid, request.body)),
    );

    app.post(
      '/api/productions/:pid/ammunition',
      { config: { access: member('armory.inventory') }, schema: { tags, params: productionParams, body: lotBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => addLot(d, request.user!, request.params.pid, request.body)),
    );

    app.post(
      '/api/productions/:pid/firearms/:fid/events',
      { config: { access: member('armory.custody') }, schema: { tags, params: firearmParams, body: firearmEventBody } },
      (request, reply) =>
        execute(request, reply, deps, 201, (d) => firearmEvent(d, request.user!, request.params.pid, request.params.fid, request.body)),
    );

    app.get(
      '/api/productions/:pid/firearms/:fid',
      { config: { access: member('armory.read') }, schema: { tags, params: firearmParams } },
      async (request) => firearmHistory(deps, request.params.pid, request.params.fid),
    );

    app.get(
      '/api/productions/:pid/armory',
      { config: { access: member('armory.read') }, schema: { tags, params: productionParams } },
      async (request) => armoryBoard(deps, request.params.pid),
    );

    app.post(
      '/api/productions/:pid/armory/wrap',
      { config: { access: member('armory.wrap') }, schema: { tags, params: productionParams, body: z.object({ shootDayId: id }) } },
      (request, reply) =>
        execute(request, reply, deps, (value: { ok: boolean }) => (value.ok ? 200 : 409), (d) => wrapDay(d, request.user!, request.params.pid, request.body.shootDayId)),
    );

    app.post(
      '/api/productions/:pid/incidents/:iid/corrective-action',
      { config: { access: member('incidents.correct') }, schema: { tags, params: productionParams.extend({ iid: id }), body: correctiveBody } },
      (request, reply) =>
        execute(request, reply, deps, 201, (d) => correctiveAction(d, request.user!, request.params.pid, request.params.iid, request.body)),
    );

    app.put(
      '/api/productions/:pid/shoot-days/:did/duties',
      { config: { access: member('schedule.write') }, schema: { tags: ['schedule'], params: productionParams.extend({ did: id }), body: dutiesBody } },
      async (request) => setDuties(deps, request.user!, request.params.pid, request.params.did, request.body.duties),
    );

    app.post(
      '/api/productions/:pid/safety-meetings',
      { config: { access: member('meetings.record') }, schema: { tags: ['schedule'], params: productionParams, body: meetingBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => recordMeeting(d, request.user!, request.params.pid, request.body)),
    );

    app.post(
      '/api/productions/:pid/scenes/:sid/consultations',
      { config: { access: member('consultations.record') }, schema: { tags: ['schedule'], params: productionParams.extend({ sid: id }), body: consultationBody } },
      (request, reply) =>
        execute(request, reply, deps, 201, (d) => recordConsultation(d, request.user!, request.params.pid, request.params.sid, request.body)),
    );

    app.post(
      '/api/productions/:pid/armorer-requests',
      { config: { access: member('requests.make') }, schema: { tags, params: productionParams, body: requestBody } },
      (request, reply) => execute(request, reply, deps, 201, (d) => makeRequest(d, request.user!, request.params.pid, request.body)),
    );

    app.get(
      '/api/productions/:pid/armorer-requests',
      { config: { access: member('requests.read') }, schema: { tags, params: productionParams } },
      async (request) => listRequests(deps, request.params.pid),
    );

    app.post(
      '/api/productions/:pid/armorer-requests/:rid/decision',
      { config: { access: member('requests.decide') }, schema: { tags, params: productionParams.extend({ rid: id }), body: decisionBody } },
      (request, reply) =>
        execute(request, reply, deps, 200, (d) => decideRequest(d, request.user!, request.params.pid, request.params.rid, request.body)),
    );
  };
