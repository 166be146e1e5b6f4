// The production's live events (API.md, "Live events"): an SSE stream whose
// `event:` line is the type below and whose `data:` line is the rest of the
// object as JSON. The stream only wakes readers; the database is the truth.
import { z } from 'zod';
import { SEVERITIES } from '../domain/concerns/escalation.js';
import { armoryHold, firearm } from './armory.js';
import { id, instant, isoDate, productionParams, role } from './common.js';
import { deviceId, stop } from './stops.js';

/** A live event's sequence number on its production. */
const sequence = z.coerce.number().int().min(0).max(2 ** 31 - 1);

export const liveParams = productionParams;

export const liveQuery = z.object({
  /** this device's id: the 1st AD sees which connected devices have acknowledged a stop */
  deviceId,
  /** resume after this event on the first connect (EventSource cannot send Last-Event-ID then) */
  lastEventId: sequence.optional(),
});

export const liveHeaders = z
  .object({
    /** resume after this event: everything after it is sent first */
    'last-event-id': sequence.optional(),
  })
  .passthrough();

/** An alert for the people whose roles `notify` names: it asks for attention, it blocks nothing. */
function alert<R extends z.ZodType<string>, F extends z.ZodRawShape>(rule: R, fields: F) {
  return z.object({ type: z.literal('alert'), rule, message: z.string(), notify: z.array(role), ...fields });
}

export const liveEvent = z
  .discriminatedUnion('type', [
    /** sent once on a connect that does not resume: the sequence to resume after */
    z.object({ type: z.literal('ready'), seq: z.number().int().min(0) }),
    z.object({ type: z.literal('stop.raised'), stop }),
    z.object({ type: z.literal('stop.lifted'), stop }),
    z.object({ type: z.literal('stop.acked'), stopId: id, deviceId: z.string(), userId: id, at: instant }),
    /** a firearm changed hands or was inspected: its new state, holder and status */
    z.object({ type: z.literal('firearm.status'), firearm }),
    z.object({
      type: z.literal('armory.hold'),
      /** the hold an incident opened, or null once it is lifted (F11) */
      hold: armoryHold
        .extend({
          /** a second incident of its kind goes straight to the external contacts */
          escalation: z.enum(['production', 'external_contacts']),
        })
        .nullable(),
      /** the incident whose hold was lifted */
      released: id.optional(),
    }),
    // No words and no reporter: these reach the whole production except the people a concern implicates.
    z.object({
      type: z.literal('concern.escalated'),
      concernId: id,
      severity: z.enum(SEVERITIES),
      level: z.number().int().min(0),
      reason: z.enum(['reported', 'climbed']),
      ackDeadline: instant.nullable(),
      /** the members it is routed to now */
      notify: z.array(id),
    }),
    z.object({
      type: z.literal('concern.updated'),
      concernId: id,
      /** it was acknowledged or resolved */
      status: z.enum(['acknowledged', 'resolved']).optional(),
      /** a message was added to its thread: the message's id */
      message: id.optional(),
    }),
    /** S4: a version of a day's call sheet was published: each person's day shows it, and the previous version's links are revoked */
    z.object({ type: z.literal('callSheet.published'), callSheetId: id, shootDayId: id, date: isoDate, version: z.number().int().min(1) }),
    z.discriminatedUnion('rule', [
      /** F2, F3: a roster that leaves the armorer with another duty, or a firearms day without an armorer */
      alert(z.enum(['F2', 'F3']), { shootDayId: id }),
      /** F4: someone tried to enter live or unverified ammunition */
      alert(z.literal('F4'), {}),
      /** F9: a firearm out of storage with no active scene for too long */
      alert(z.literal('F9'), { firearmId: id, holderId: id.nullable() }),
      /** F12: the armorer asked for training or time, or a request was denied */
      alert(z.literal('F12'), { requestId: id }),
      /** a deciding role granted with no safety advisor on the production to confirm it */
      alert(z.literal('ROLES'), {}),
      /** S5: a change of a scene's hazards, location or method made its risk assessment stale */
      alert(z.literal('S5'), { sceneId: id }),
      /** S3: a rest short of the agreement */
      alert(z.literal('S3'), { userId: id, kind: z.enum(['turnaround', 'weekly_hours', 'weekend_rest']) }),
    ]),
  ])
  .meta({ id: 'LiveEvent' });

export type LiveEvent = z.infer<typeof liveEvent>;
export type LiveEventType = LiveEvent['type'];
