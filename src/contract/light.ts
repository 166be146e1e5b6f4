// The light at a location (API.md, "Locations and light"): the day's sun
// events and path, and the sun positions a DP names, with their windows on
// the day asked for and on the shoot days at the location.
import { z } from 'zod';
import { id, instant, isoDate, receipt, requiredText } from './common.js';
import { localTime, locationParams } from './schedule.js';

export const lightQuery = z.object({
  /** the local calendar date at the location, YYYY-MM-DD; today there when left out */
  date: isoDate.refine((date) => date >= '1900-01-01' && date <= '2199-12-31', 'must be a date from 1900 to 2199').optional(),
});

export const lightTargetParams = locationParams.extend({
  /** the light target's id */
  tid: id,
});

const azimuth = z.number().min(0, 'must be 0 to 360 degrees from true north').max(360, 'must be 0 to 360 degrees from true north');
const altitude = z.number().min(-90, 'must be -90 to 90 degrees').max(90, 'must be -90 to 90 degrees');

export const lightTargetBody = z
  .object({
    /** what the DP calls the light: "low sun east-south-east behind the herd" */
    name: requiredText(200),
    /** the azimuth range, degrees from true north clockwise; from > to wraps through north (350 to 20) */
    azimuthFrom: azimuth,
    azimuthTo: azimuth,
    /** the sun's altitude range as seen, degrees above the horizon (negative below) */
    altitudeFrom: altitude,
    altitudeTo: altitude,
    /** minutes from the crew call to the window's start: the suggested call; 90 when left out */
    leadMinutes: z.number().int().min(0).max(720).nullable().optional(),
    /** the shot, the lens, what the light is for */
    notes: z.string().trim().min(1).max(2000).nullable().optional(),
  })
  .refine((body) => body.altitudeFrom <= body.altitudeTo, {
    path: ['altitudeFrom'],
    message: 'must not be above altitudeTo',
    // Checked beside the other fields' errors, so one answer names every bad field.
    when: ({ value }) => {
      const body = (typeof value === 'object' && value !== null ? value : {}) as { altitudeFrom?: unknown; altitudeTo?: unknown };
      return altitude.safeParse(body.altitudeFrom).success && altitude.safeParse(body.altitudeTo).success;
    },
  });

export const lightTarget = z.object({
  id,
  locationId: id,
  name: z.string(),
  azimuthFrom: z.number(),
  azimuthTo: z.number(),
  altitudeFrom: z.number(),
  altitudeTo: z.number(),
  /** null: the default lead time */
  leadMinutes: z.number().int().nullable(),
  notes: z.string().nullable(),
  createdBy: id,
  createdAt: instant,
});

/** A part of the day between two instants; both null when it does not happen. */
const period = z.object({ start: instant.nullable(), end: instant.nullable() });
const window = z.object({ start: instant, end: instant });
const morningAndEvening = z.object({ morning: period, evening: period });

/** A target's windows on one day, and the call that has the unit ready as the first opens. */
const targetDay = z.object({
  id,
  name: z.string(),
  azimuthFrom: z.number(),
  azimuthTo: z.number(),
  altitudeFrom: z.number(),
  altitudeTo: z.number(),
  notes: z.string().nullable(),
  windows: z.array(window),
  leadMinutes: z.number().int(),
  /** local HH:MM: the first window's start less the lead time, down to the quarter hour; null without a window */
  suggestedCall: localTime.nullable(),
});

const pathPoint = z.object({
  at: instant,
  /** apparent altitude of the sun's centre, degrees */
  altitude: z.number(),
  /** degrees from true north, clockwise */
  azimuth: z.number(),
  /** metres of shadow per metre of height on level ground; null while the sun is down */
  shadowPerMetre: z.number().nullable(),
});

const shootDayRef = z.object({ id, date: isoDate });

export const dayLightAnswer = z
  .object({
    location: z.object({ id, name: z.string() }),
    date: isoDate,
    /** the location's IANA zone: read every time in it */
    timezone: z.string(),
    latitude: z.number(),
    longitude: z.number(),
    /** why sunrise or sunset is null: the sun stays up (day) or down (night) */
    polar: z.enum(['day', 'night']).nullable(),
    sunrise: instant.nullable(),
    sunset: instant.nullable(),
    civilDawn: instant.nullable(),
    civilDusk: instant.nullable(),
    /** the sun's highest point of the day */
    solarNoon: instant,
    /** the sun centre's altitude then, degrees */
    noonAltitude: z.number(),
    /** degrees from true north */
    sunriseAzimuth: z.number().nullable(),
    sunsetAzimuth: z.number().nullable(),
    goldenHour: morningAndEvening,
    blueHour: morningAndEvening,
    targets: z.array(targetDay),
    /** the sun every 10 minutes from local midnight to the next */
    path: z.array(pathPoint),
    /** what is unusual about the day, in words */
    remarks: z.array(z.string()),
    /** how the times are defined, in words */
    assumptions: z.array(z.string()),
    /** the shoot days at this location, for choosing a date */
    shootDays: z.array(shootDayRef),
  })
  .describe('The day’s light at the location');

export const lightTargetCreated = z.object({ target: lightTarget, receipt }).describe('Named');
export const lightTargetArchived = z.object({ target: lightTarget.extend({ archivedAt: instant }), receipt }).describe('Taken off the location; kept on record');

export const lightTargetsAnswer = z
  .object({
    targets: z.array(lightTarget),
    /** each shoot day at the location from today on, with every target's windows that day */
    shootDays: z.array(
      shootDayRef.extend({
        sunrise: instant.nullable(),
        sunset: instant.nullable(),
        targets: z.array(z.object({ id, windows: z.array(window), suggestedCall: localTime.nullable() })),
      }),
    ),
  })
  .describe('The location’s light targets and their windows on its shoot days');

export type LightTargetBody = z.infer<typeof lightTargetBody>;
export type DayLightAnswer = z.infer<typeof dayLightAnswer>;
export type LightTargetsAnswer = z.infer<typeof lightTargetsAnswer>;
export type LightTargetView = z.infer<typeof lightTarget>;
