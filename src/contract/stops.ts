// Stops of work (S1): anyone raises one, with or without an account; each
// device acknowledges it; only the safety advisor lifts it, with a second
// person's PIN (API.md, "Stops").
import { z } from 'zod';
import { confirmations, id, instant, productionParams, receipt } from './common.js';

/** A device's own id, chosen by the app: acknowledgements and presence are per device. */
export const deviceId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 letters, digits, - or _');

export const stopParams = productionParams.extend({
  /** the stop's id */
  sid: id,
});

export const setParams = z.object({
  /** the set's public code, from its QR code */
  setCode: z.string().regex(/^[A-Za-z0-9]{6,20}$/, 'is not a set code'),
});

export const raiseBody = z.object({
  /** what is wrong, in a few words; optional: stopping comes first */
  reason: z.string().trim().max(500).nullable().optional(),
  /** where on set */
  location: z.string().trim().max(200).nullable().optional(),
  /** a member may stop work without giving their name */
  anonymous: z.boolean().optional(),
  /** when STOP was pressed, if the phone had to queue it while the set's Wi-Fi was out (kept when within the last day) */
  pressedAt: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-12-02T14:00:00Z' }).optional(),
  /** the member's device that pressed it: it saw the stop, so it counts as acknowledged (never stored for an anonymous stop) */
  deviceId: deviceId.optional(),
});

/** The set's public code: always without a name, so there is nothing to choose, and no device is kept. */
export const publicRaiseBody = raiseBody.omit({ anonymous: true, deviceId: true });

export const ackBody = z.object({
  /** the device showing the stop; only its own holder acknowledges for it */
  deviceId,
});

export const liftBody = z.object({
  /** how the problem was resolved, written for the record */
  resolution: z.string().trim().min(1, 'is required: write how the problem was resolved').max(4000),
  /** the safety advisor's own PIN and a second person's of another role */
  confirmations: confirmations.refine((list) => list.length >= 1, 'needs the PIN confirmations'),
});

/** A stop of work as the server presents it. */
export const stop = z
  .object({
    id,
    status: z.enum(['active', 'lifted']),
    reason: z.string().nullable(),
    location: z.string().nullable(),
    raisedAt: instant,
    /** null when raised without a name, or with the set's public code */
    raisedBy: z.object({ userId: id, name: z.string() }).nullable(),
    liftedAt: instant.nullable(),
    /** the safety advisor who lifted it */
    liftedBy: id.nullable(),
    /** the second person who confirmed the lift */
    secondedBy: id.nullable(),
    resolution: z.string().nullable(),
  })
  .meta({ id: 'Stop' });

export const stopRaised = z.object({ stop, receipt }).describe('Work is stopped; every device is told at once');

export const stopLifted = z.object({ stop, receipt }).describe('Lifted');

export const stopsAnswer = z.object({ stops: z.array(stop) }).describe('Active stops, then recently lifted ones');

export const stopDetail = z
  .object({
    stop,
    /** every device that acknowledged it, and whose it is */
    acks: z.array(z.object({ deviceId: z.string(), userId: id, name: z.string().nullable(), at: instant })),
    /** connected devices that have not acknowledged it yet */
    unacknowledged: z.array(z.string()),
    /** the same devices, with whose they are */
    unacknowledgedDevices: z.array(z.object({ deviceId: z.string(), userId: id, name: z.string().nullable() })),
  })
  .describe('The stop and who has seen it');

export const setAnswer = z
  .object({
    set: z.object({
      /** the production's name, for the public page */
      name: z.string(),
      setCode: z.string(),
    }),
  })
  .describe('The set this code belongs to');

export type Stop = z.infer<typeof stop>;
export type StopDetail = z.infer<typeof stopDetail>;
export type RaiseStopBody = z.input<typeof raiseBody>;
export type PublicRaiseStopBody = z.input<typeof publicRaiseBody>;
export type LiftStopBody = z.input<typeof liftBody>;
