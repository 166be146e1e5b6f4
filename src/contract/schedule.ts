// The schedule the safety rules read: scenes and their hazards, shoot days,
// the day's duty roster, safety meetings (F5) and consultations (F10).
import { z } from 'zod';
import { ROLES } from '../domain/roles.js';
import { HAZARDS } from '../domain/schedule/scenes.js';
import { confirmations, id, instant, isoDate, productionParams, receipt, requiredText, role } from './common.js';

export const shootDayParams = productionParams.extend({
  /** the shoot day's id */
  did: id,
});

export const sceneParams = productionParams.extend({
  /** the scene's id */
  sid: id,
});

export const sceneBody = z.object({
  /** the script's scene number, e.g. "42A" */
  number: z.string().trim().min(1, 'is required').max(20),
  /** what happens in the scene */
  description: z.string().trim().min(1, 'is required').max(2000),
  /** what makes the scene dangerous; firearms and blanks bring in the armory rules */
  hazards: z.array(z.enum(HAZARDS)).max(HAZARDS.length).refine((list) => new Set(list).size === list.length, 'lists a hazard twice'),
  /** a shot aims toward a person or the camera (F10 needs a consultation) */
  aimedAtPerson: z.boolean().optional(),
});

export const shootDayBody = z.object({
  /** the calendar day, in the production's time zone */
  date: isoDate,
  /** the scenes shot that day, in order */
  sceneIds: z.array(id).max(200).refine((list) => new Set(list).size === list.length, 'lists a scene twice'),
  /** where the unit shoots */
  location: z.string().trim().min(1).max(300).nullable().optional(),
});

export const dutiesBody = z.object({
  /** the whole roster of the day: who holds which duty (a role, or props) */
  duties: z
    .array(
      z.object({
        /** the member on duty */
        userId: id,
        /** the duty they hold that day */
        duty: z.enum([...ROLES, 'props']),
      }),
    )
    .max(500)
    .refine((list) => new Set(list.map((d) => `${d.userId} ${d.duty}`)).size === list.length, 'lists a duty twice'),
});

export const meetingBody = z.object({
  /** the day the meeting was for */
  shootDayId: id,
  /** the scenes it covered */
  sceneIds: z.array(id).min(1).max(100),
  /** when it was held */
  heldAt: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-12-02T14:00:00Z' }),
  /** everyone who attended */
  attendeeIds: z.array(id).min(1, 'needs the people who attended').max(500),
  /** the action was walked through on the set */
  walkthrough: z.boolean(),
  /** how anyone calls off the action, and what happens then */
  abortPlan: requiredText(4000),
  /** the medic, the route to hospital, who calls */
  emergencyPlan: requiredText(4000),
});

export const consultationBody = z.object({
  /** how the shot is made safe: angles, distances, shields */
  plan: requiredText(4000),
  /** the armorer's and the safety advisor's PINs */
  confirmations: confirmations.refine((list) => list.length >= 2, 'needs the armorer and the safety advisor'),
});

export const scene = z.object({
  id,
  number: z.string(),
  description: z.string(),
  hazards: z.array(z.enum(HAZARDS)),
  /** a shot aims toward a person or the camera (F10) */
  aimedAtPerson: z.boolean(),
});

export const shootDay = z.object({
  id,
  date: isoDate,
  location: z.string().nullable(),
  /** the day's scenes, in order */
  sceneIds: z.array(id),
});

/** A duty held on a day: a role, or props. */
export const duty = z.object({ userId: id, duty: z.enum([...ROLES, 'props']) });

/** F2 and F3: a roster that leaves the armorer with another duty, or a firearms day without an armorer. Alerts, not blocks. */
export const rosterAlert = z.object({
  rule: z.enum(['F2', 'F3']),
  message: z.string(),
  /** the day it is about */
  shootDayId: id,
  /** the roles told about it */
  notify: z.array(role),
});

export const sceneCreated = z.object({ scene, receipt }).describe('Created');

export const shootDayCreated = z.object({ shootDay, receipt }).describe('Created');

export const scheduleAnswer = z.object({ scenes: z.array(scene), shootDays: z.array(shootDay) }).describe('Every scene and shoot day');

export const dutiesSet = z
  .object({
    shootDay: shootDay.extend({ duties: z.array(duty) }),
    /** F2 and F3 alerts the roster raises, also sent live */
    alerts: z.array(rosterAlert),
    receipt,
  })
  .describe('The roster is saved');

export const meetingRecorded = z
  .object({
    meeting: z.object({
      id,
      shootDayId: id,
      sceneIds: z.array(id),
      heldAt: instant,
      attendeeIds: z.array(id),
      walkthrough: z.boolean(),
      abortPlan: z.string(),
      emergencyPlan: z.string(),
      /** who recorded it */
      recordedBy: id,
    }),
    receipt,
  })
  .describe('Recorded; after an incident it is half of lifting the hold (F11)');

export const consultationRecorded = z
  .object({
    consultation: z.object({ id, sceneId: id, plan: z.string(), armorerId: id, advisorId: id }),
    receipt,
  })
  .describe('Recorded (F10)');

export type Scene = z.infer<typeof scene>;
export type ShootDay = z.infer<typeof shootDay>;
