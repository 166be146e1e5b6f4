// The schedule: locations, scenes and their hazards and risk assessments
// (S5), shoot days with their calls, the day's duty roster, hours (S3),
// safety meetings (F5), consultations (F10), and each person's day.
import { z } from 'zod';
import { ROLES } from '../domain/roles.js';
import { HAZARDS } from '../domain/schedule/scenes.js';
import { confirmations, id, instant, isoDate, productionParams, receipt, requiredText, role } from './common.js';

/** A time on the wall clock, HH:MM (24 h), in the production's or the location's zone. */
export const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 06:30');

const hazardList = z.array(z.enum(HAZARDS)).max(HAZARDS.length).refine((list) => new Set(list).size === list.length, 'lists a hazard twice');
const uniqueIds = (max: number, what: string) =>
  z
    .array(id)
    .max(max)
    .refine((list) => new Set(list).size === list.length, `lists ${what} twice`);

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as America/Denver. */
export const timeZone = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as America/Denver');

export const INT_EXT = ['INT', 'EXT', 'INT/EXT'] as const;
export const TIMES_OF_DAY = ['day', 'night', 'dawn', 'dusk'] as const;

export const locationParams = productionParams.extend({
  /** the location's id */
  lid: id,
});

export const hospital = z.object({
  /** the nearest emergency department */
  name: requiredText(200),
  address: requiredText(500),
  phone: z.string().trim().min(1).max(40).optional(),
  /** minutes by road from the set */
  driveMinutes: z.number().int().min(0).max(600).optional(),
});

const locationFields = {
  /** what the crew calls the place */
  name: requiredText(200),
  /** the street address, for the call sheet and the map */
  address: z.string().trim().min(1).max(500).nullable().optional(),
  /** degrees north */
  latitude: z.number().min(-90).max(90),
  /** degrees east */
  longitude: z.number().min(-180).max(180),
  /** metres above sea level */
  elevationM: z.number().min(-500).max(9000).nullable().optional(),
  /** the location's IANA zone; the production's when left out */
  timezone: timeZone.optional(),
  /** the nearest hospital */
  hospital: hospital.nullable().optional(),
  /** where the unit parks and base camp sits */
  parking: z.string().trim().min(1).max(1000).nullable().optional(),
  notes: z.string().trim().min(1).max(4000).nullable().optional(),
};

export const locationBody = z.object(locationFields);

export const locationPatchBody = z
  .object({ ...locationFields, name: locationFields.name.optional(), latitude: locationFields.latitude.optional(), longitude: locationFields.longitude.optional() })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');

export const location = z.object({
  id,
  name: z.string(),
  address: z.string().nullable(),
  latitude: z.number(),
  longitude: z.number(),
  elevationM: z.number().nullable(),
  timezone: z.string(),
  hospital: hospital.nullable(),
  parking: z.string().nullable(),
  notes: z.string().nullable(),
  /** a map of the spot (OpenStreetMap) */
  mapUrl: z.string(),
});

export const locationCreated = z.object({ location, receipt }).describe('Created');
export const locationUpdated = z.object({ location, receipt }).describe('Changed');
export const locationsAnswer = z.object({ locations: z.array(location) }).describe('Every location');

export const shootDayParams = productionParams.extend({
  /** the shoot day's id */
  did: id,
});

export const sceneParams = productionParams.extend({
  /** the scene's id */
  sid: id,
});

const sceneFields = {
  /** the script's scene number, e.g. "42A" */
  number: z.string().trim().min(1, 'is required').max(20),
  /** what happens in the scene */
  description: z.string().trim().min(1, 'is required').max(2000),
  /** what makes the scene dangerous; firearms and blanks bring in the armory rules */
  hazards: hazardList,
  /** a shot aims toward a person or the camera (F10 needs a consultation) */
  aimedAtPerson: z.boolean().optional(),
  /** INT, EXT or INT/EXT */
  intExt: z.enum(INT_EXT).nullable().optional(),
  /** day, night, dawn or dusk */
  timeOfDay: z.enum(TIMES_OF_DAY).nullable().optional(),
  /** where it is shot */
  locationId: id.nullable().optional(),
  /** its length in eighths of a page (a page is 8) */
  eighths: z.number().int().min(1).max(800).nullable().optional(),
  /** the performers in it */
  castIds: uniqueIds(100, 'a performer').optional(),
};

export const sceneBody = z.object(sceneFields);

/** Any fields of a scene; a change of its hazards, location or method makes its risk assessment stale (S5). */
export const scenePatchBody = z
  .object({ ...sceneFields, number: sceneFields.number.optional(), description: sceneFields.description.optional(), hazards: hazardList.optional() })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');

const dayFields = {
  /** the calendar day, in the production's time zone */
  date: isoDate,
  /** the scenes shot that day, in order */
  sceneIds: uniqueIds(200, 'a scene'),
  /** where the unit shoots, in words */
  location: z.string().trim().min(1).max(300).nullable().optional(),
  /** the day's locations, in the order the unit moves */
  locationIds: uniqueIds(20, 'a location').optional(),
  /** when the crew is called, on the wall clock */
  generalCall: localTime.nullable().optional(),
  /** when the camera first rolls */
  shootingCall: localTime.nullable().optional(),
  notes: z.string().trim().min(1).max(4000).nullable().optional(),
};

export const shootDayBody = z.object(dayFields);

export const shootDayPatchBody = z
  .object({ ...dayFields, date: isoDate.optional(), sceneIds: dayFields.sceneIds.optional() })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');

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
  intExt: z.enum(INT_EXT).nullable(),
  timeOfDay: z.enum(TIMES_OF_DAY).nullable(),
  locationId: id.nullable(),
  eighths: z.number().int().nullable(),
  castIds: z.array(id),
});

/** Where a scene's risk assessment stands (S5): none yet, current, or stale and why. */
export const assessmentStatus = z.object({
  status: z.enum(['missing', 'current', 'stale']),
  staleBecause: z.string().optional(),
  /** the assessment in force, when there is one */
  id: id.optional(),
});

export const shootDay = z.object({
  id,
  date: isoDate,
  location: z.string().nullable(),
  /** the day's scenes, in order */
  sceneIds: z.array(id),
  generalCall: localTime.nullable(),
  shootingCall: localTime.nullable(),
  notes: z.string().nullable(),
  locationIds: z.array(id),
  /** when the armorer wrapped the day (F9); null while it is open */
  wrappedAt: instant.nullable(),
});

export const riskAssessmentBody = z.object({
  /** the hazards assessed (the scene's own, as the assessor finds them) */
  hazards: hazardList,
  /** how each hazard is controlled */
  controls: z
    .array(z.object({ hazard: z.enum(HAZARDS), control: requiredText(2000) }))
    .min(1, 'needs a control for each hazard')
    .max(50),
  notes: z.string().trim().min(1).max(4000).optional(),
});

export const riskAssessment = z.object({
  id,
  sceneId: id,
  status: z.enum(['current', 'stale', 'replaced']),
  staleBecause: z.string().nullable(),
  hazards: z.array(z.enum(HAZARDS)),
  controls: z.array(z.object({ hazard: z.enum(HAZARDS), control: z.string() })),
  notes: z.string().nullable(),
  assessedBy: id,
  assessedAt: instant,
});

export const riskAssessed = z.object({ riskAssessment, receipt }).describe('Recorded; the scene is current again (S5)');

export const sceneUpdated = z
  .object({
    scene,
    riskAssessment: assessmentStatus,
    receipt,
  })
  .describe('Changed; a change of hazards, location or method makes its assessment stale (S5)');

/** F10: the armorer's and the safety advisor's consultation on a scene that aims at a person, the latest on record. */
export const consultationOnRecord = z.object({ plan: z.string(), armorerId: id, advisorId: id, at: instant });

export const sceneAnswer = z
  .object({ scene, riskAssessment: assessmentStatus, assessment: riskAssessment.nullable(), consultation: consultationOnRecord.nullable() })
  .describe('The scene, its assessment and its F10 consultation');

export const shootDayUpdated = z.object({ shootDay, receipt }).describe('Changed');

/** A person's call and wrap on a day: instants. */
export const timesBody = z.object({
  times: z
    .array(
      z
        .object({
          userId: id,
          call: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-12-02T13:00:00Z' }),
          wrap: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-12-03T01:30:00Z' }),
        })
        .refine((t) => Date.parse(t.wrap) > Date.parse(t.call), { message: 'the wrap must come after the call', path: ['wrap'] }),
    )
    .max(500)
    .refine((list) => new Set(list.map((t) => t.userId)).size === list.length, 'lists a person twice'),
});

/** S3: a rest period, a week or a weekend rest short of the agreement. A warning, not a block. */
export const restAlert = z.object({
  rule: z.literal('S3'),
  userId: id,
  kind: z.enum(['turnaround', 'weekly_hours', 'weekend_rest']),
  /** the day it is about */
  date: isoDate,
  detail: z.string(),
});

export const timesSet = z
  .object({
    times: z.array(z.object({ userId: id, call: instant, wrap: instant })),
    alerts: z.array(restAlert),
    receipt,
  })
  .describe('Saved, with the S3 warnings they raise');

export const timesAnswer = z
  .object({ times: z.array(z.object({ userId: id, name: z.string(), call: instant, wrap: instant })) })
  .describe("The day's calls and wraps");

export const restAgreement = z.object({
  turnaroundHours: z.object({ crew: z.number().min(8).max(24), performer: z.number().min(8).max(24) }),
  weeklyHours: z.number().min(40).max(84),
  weekendRestHours: z.object({ afterFiveDays: z.number().min(24).max(72), afterSixDays: z.number().min(24).max(72) }),
});

export const restAgreementAnswer = z
  .object({
    agreement: restAgreement,
    status: z.enum(['active', 'proposed']),
    proposed: z.object({ agreement: restAgreement, proposedBy: id, waitingFor: z.enum(['producer', 'safety_advisor', 'safety_advisor or producer']) }).nullable(),
  })
  .describe('The rest agreement in force, and one waiting for its second confirmation');

export const restAgreementSet = restAgreementAnswer.extend({ receipt }).describe('Proposed, or put in force by the second of the safety advisor and the producer');

export const todayQuery = z.object({
  /** the day, YYYY-MM-DD in the production's zone; today when left out */
  date: isoDate.optional(),
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

export const scheduleAnswer = z
  .object({
    scenes: z.array(scene.extend({ riskAssessment: assessmentStatus, consultation: consultationOnRecord.nullable() })),
    shootDays: z.array(shootDay.extend({ duties: z.array(duty) })),
    locations: z.array(location),
  })
  .describe('Every scene with its assessment, every shoot day with its roster, every location');

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

const person = z.object({ userId: id, name: z.string() });

/** The day's latest published call sheet on the caller's day. */
const todayCallSheet = z.object({
  id,
  version: z.number().int().min(1),
  /** the colour of the revision's pages: white, blue, pink ... */
  colour: z.string(),
  publishedAt: instant,
  /** the caller's personal link and where they stand; null when the sheet was not sent to them */
  you: z
    .object({ link: z.string(), openedAt: instant.nullable(), confirmedAt: instant.nullable(), safetyAckAt: instant.nullable() })
    .nullable(),
  /** for the 1st AD and the UPM (null for others): who has not acknowledged its safety section, until the general call */
  pending: z.array(person).nullable(),
  /** for the 1st AD and the UPM (null for others): who had not acknowledged it by the general call (S4) */
  unacknowledged: z.array(person).nullable(),
});

/** A person's day (API.md "today"): the shoot day, their call, its scenes and hazards, meetings, the armorer, open stops and holds. */
export const todayAnswer = z
  .object({
    date: isoDate,
    timezone: z.string(),
    shootDay: shootDay.nullable(),
    /** the person's own call (their time record, else the general call), as an instant */
    myCall: instant.nullable(),
    /** whether `myCall` is the person's own time record (true) or the day's general call (false) */
    myCallIsOwn: z.boolean(),
    /** what the person is rostered as that day */
    myDuties: z.array(z.enum([...ROLES, 'props'])),
    scenes: z.array(scene.extend({ riskAssessment: assessmentStatus })),
    /** every hazard of the day's scenes */
    hazards: z.array(z.enum(HAZARDS)),
    locations: z.array(location),
    meetings: z.array(
      z.object({ id, sceneIds: z.array(id), heldAt: instant, walkthrough: z.boolean(), attendeeIds: z.array(id), abortPlan: z.string(), emergencyPlan: z.string(), recordedBy: id }),
    ),
    /** F1/F3: the armorer rostered that day, if any */
    armorerOnDuty: z.object({ userId: id, name: z.string() }).nullable(),
    openStops: z.array(z.object({ id, reason: z.string().nullable(), location: z.string().nullable(), raisedAt: instant })),
    holds: z.array(z.object({ incidentId: id, kind: z.string(), since: instant })),
    /** the day's latest published call sheet, null until one is published */
    callSheet: todayCallSheet.nullable(),
    /** the next shoot day, for the advance */
    next: z.object({ id, date: isoDate }).nullable(),
  })
  .describe("The caller's day");

export type Scene = z.infer<typeof scene>;
export type ShootDay = z.infer<typeof shootDay>;
export type Location = z.infer<typeof location>;
