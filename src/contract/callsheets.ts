// Call sheets (API.md, "Call sheets (S4)"): a shoot day's versions, drafts
// and published, the sections a published version freezes, its recipients
// and their personal links, and what a recipient sees and acknowledges.
import { z } from 'zod';
import { HAZARDS } from '../domain/schedule/scenes.js';
import { id, instant, isoDate, productionParams, receipt } from './common.js';
import { locale } from './identity.js';
import { hospital, INT_EXT, localTime, TIMES_OF_DAY } from './schedule.js';

export const callSheetParams = productionParams.extend({
  /** the call sheet version's id */
  cid: id,
});

export const recipientParams = callSheetParams.extend({
  /** the recipient's user id */
  userId: id,
});

export const tokenParams = z.object({
  /** the recipient's personal token, the last segment of their link */
  token: z.string().min(1).max(200),
});

const walkieChannel = z.object({
  /** the channel as the radios label it: "1", "Ch 2" */
  channel: z.string().trim().min(1, 'is required').max(20),
  /** who is on it: "Production", "Grip & electric" */
  use: z.string().trim().min(1, 'is required').max(100),
});

const draftFields = {
  /** words for everyone on the sheet: weather cover, a road closure */
  notes: z.string().trim().min(1).max(4000).nullable().optional(),
  /** the radio channels and who is on each */
  walkieChannels: z
    .array(walkieChannel)
    .max(30)
    .refine((list) => new Set(list.map((w) => w.channel)).size === list.length, 'lists a channel twice')
    .optional(),
  /** the medic on set; the one rostered as medic when left out */
  medicId: id.nullable().optional(),
};

export const draftBody = z.object(draftFields);

export const draftPatchBody = z.object(draftFields).refine((body) => Object.keys(body).length > 0, 'change at least one field');

export const publishBody = z.object({
  /** who gets a personal link; everyone on the day's roster and times when left out */
  recipientIds: z
    .array(id)
    .max(2000)
    .refine((list) => new Set(list).size === list.length, 'lists a person twice')
    .optional(),
});

export const recipientsQuery = z.object({
  /** `true`: only the people who have not acknowledged the safety section yet */
  pending: z.enum(['true', 'false']).optional(),
});

export const pdfQuery = z.object({
  /** the paper size; Letter in the Americas' zones, A4 elsewhere, when left out */
  paper: z.enum(['a4', 'letter']).optional(),
  /** the language it is printed in; the reader's own choice, else English, when left out */
  lang: locale.optional(),
});

export const confirmBody = z.object({
  /** true: the recipient read the safety section and acknowledges it (a ledger entry naming them and the version's content hash) */
  safetyAck: z.boolean(),
});

const revision = z.object({
  /** 1 for the original, 2 for the first revision */
  version: z.number().int().min(1),
  /** 0 for the original */
  number: z.number().int().min(0),
  /** the colour of its pages: white, blue, pink, yellow, green, goldenrod, buff, salmon, cherry, then double white ... */
  colour: z.string(),
});

const period = z.object({ start: instant.nullable(), end: instant.nullable() });

/** The day's light at a location, as the sheet prints it (API.md, "Locations and light"), without the sun's path. */
const sheetLight = z.object({
  timezone: z.string(),
  polar: z.enum(['day', 'night']).nullable(),
  sunrise: instant.nullable(),
  sunset: instant.nullable(),
  civilDawn: instant.nullable(),
  civilDusk: instant.nullable(),
  solarNoon: instant,
  sunriseAzimuth: z.number().nullable(),
  sunsetAzimuth: z.number().nullable(),
  goldenHour: z.object({ morning: period, evening: period }),
  blueHour: z.object({ morning: period, evening: period }),
  remarks: z.array(z.string()),
  /** the DP's light targets at the location and when the sun stands in each */
  targets: z.array(z.object({ id, name: z.string(), windows: z.array(z.object({ start: instant, end: instant })), suggestedCall: localTime.nullable() })),
});

const sceneLine = z.object({
  number: z.string(),
  intExt: z.enum(INT_EXT).nullable(),
  timeOfDay: z.enum(TIMES_OF_DAY).nullable(),
  description: z.string(),
  eighths: z.number().int().nullable(),
  cast: z.array(z.object({ userId: id, name: z.string() })),
  hazards: z.array(z.enum(HAZARDS)),
  /** the scene's location, by name */
  location: z.string().nullable(),
});

const severityCounts = z.object({ critical: z.number().int().min(0), high: z.number().int().min(0), medium: z.number().int().min(0), low: z.number().int().min(0) });

/** What a version says (API.md, "A call sheet's sections"); a published version keeps it exactly as it was published. */
export const sections = z
  .object({
    production: z.object({ name: z.string(), timezone: z.string() }),
    day: z.object({ date: isoDate, number: z.number().int().min(1), of: z.number().int().min(1) }),
    revision,
    calls: z.object({
      /** on the production's wall clock */
      general: localTime.nullable(),
      shooting: localTime.nullable(),
      people: z.array(
        z.object({
          userId: id,
          name: z.string(),
          /** the member's department, or one read from their duty and roles when they have none */
          department: z.string(),
          /** the person's call: their own time record, else the general call */
          call: instant.nullable(),
          /** the same on the production's wall clock */
          callLocal: localTime.nullable(),
          ownCall: z.boolean(),
          duties: z.array(z.string()),
        }),
      ),
    }),
    locations: z.array(
      z.object({
        id,
        name: z.string(),
        address: z.string().nullable(),
        mapUrl: z.string(),
        parking: z.string().nullable(),
        notes: z.string().nullable(),
        hospital: hospital.nullable(),
        light: sheetLight,
      }),
    ),
    scenes: z.array(sceneLine),
    /** the next shoot day's scenes */
    advance: z.array(sceneLine),
    advanceDay: z.object({ date: isoDate, number: z.number().int().min(1) }).nullable(),
    walkieChannels: z.array(z.object({ channel: z.string(), use: z.string() })),
    medic: z.object({ userId: id, name: z.string(), phone: z.string().nullable() }).nullable(),
    notes: z.string().nullable(),
    safety: z.object({
      /** each scene's hazards with the controls of its risk assessment (S5) */
      hazards: z.array(
        z.object({
          sceneNumber: z.string(),
          hazards: z.array(z.enum(HAZARDS)),
          assessment: z.enum(['current', 'stale', 'missing']),
          controls: z.array(z.object({ hazard: z.enum(HAZARDS), control: z.string() })),
        }),
      ),
      /** F5 meetings and F10 consultations the day's scenes need, and when each was recorded */
      meetings: z.array(z.object({ rule: z.enum(['F5', 'F10']), sceneNumber: z.string(), what: z.string(), recordedAt: instant.nullable() })),
      armorerOnDuty: z.object({ userId: id, name: z.string() }).nullable(),
      /** F1/F3: firearm scenes and no armorer rostered */
      armorerMissing: z.boolean(),
      /** S2: how many concerns are unresolved, by severity; never a word of them */
      openConcerns: severityCounts,
      holds: z.array(z.object({ incidentId: id, kind: z.string(), since: instant })),
      stops: z.array(z.object({ id, raisedAt: instant, location: z.string().nullable() })),
      staleRiskAssessments: z.array(z.object({ sceneNumber: z.string(), staleBecause: z.string() })),
      /** scenes with hazards and no risk assessment */
      missingRiskAssessments: z.array(z.string()),
      /** the ledger checkpoint current when the version was made: paper pins the log */
      ledger: z.object({
        treeSize: z.number().int().min(0),
        /** base64 */
        rootHash: z.string(),
        /** the signing key's hash, as `setbook verify` prints it first */
        keyHash: z.string(),
        /** the signed note */
        checkpoint: z.string(),
        /** `<size>:<root>`, what `setbook verify --checkpoint` takes */
        pin: z.string(),
        /** the command that checks an export against it */
        verify: z.string(),
      }),
      /** the set's public stop page, the QR code's target */
      stopUrl: z.string(),
    }),
  })
  .meta({ id: 'CallSheetSections', description: "A call sheet's sections" });

const callSheetFields = {
  id,
  shootDayId: id,
  version: z.number().int().min(1),
  status: z.enum(['draft', 'published']),
  revision,
  createdAt: instant,
  createdBy: id,
  notes: z.string().nullable(),
  walkieChannels: z.array(z.object({ channel: z.string(), use: z.string() })),
  medicId: id.nullable(),
  publishedAt: instant.nullable(),
  publishedBy: id.nullable(),
  /** SHA-256 (hex) of the RFC 8785 JSON of the published sections; null for a draft */
  contentHash: z.string().nullable(),
  /** a newer published version of the day replaced this one; its links are revoked */
  superseded: z.boolean(),
};

/** A version without its sections, as lists and answers to writes show it. */
export const callSheetSummary = z.object(callSheetFields).meta({ id: 'CallSheetSummary', description: 'A call sheet version' });

/** A version with its sections: frozen once published, a preview of what publishing would freeze while a draft. */
export const callSheet = z.object({ ...callSheetFields, sections }).meta({ id: 'CallSheet', description: 'A call sheet version and its sections' });

export const draftCreated = z.object({ callSheet: callSheetSummary, receipt }).describe('A new draft');
export const draftUpdated = z.object({ callSheet: callSheetSummary, receipt }).describe('The draft, changed');
export const callSheetAnswer = z.object({ callSheet }).describe('The version and its sections');
export const callSheetsAnswer = z.object({ callSheets: z.array(callSheetSummary) }).describe("The day's versions, newest first");

export const published = z
  .object({
    callSheet: callSheetSummary,
    /** how many personal links were made and emailed */
    recipients: z.number().int().min(0),
    receipt,
  })
  .describe('Published: it never changes; the previous version’s links are revoked');

export const recipient = z.object({
  userId: id,
  name: z.string(),
  /** the person's call on the sheet */
  call: instant.nullable(),
  /** the personal link: no sign-in needed to read it; revoked by the next version */
  link: z.string(),
  /** when the last email with the link went out (SMTP accepted it, or it was written to the outbox folder) */
  sentAt: instant.nullable(),
  /** where that email stands: waiting, sent, in the outbox folder, or failed and to be tried again */
  emailStatus: z.enum(['pending', 'sent', 'outbox', 'failed']).nullable(),
  openedAt: instant.nullable(),
  confirmedAt: instant.nullable(),
  safetyAckAt: instant.nullable(),
  revoked: z.boolean(),
});

export const recipientsAnswer = z.object({ recipients: z.array(recipient) }).describe('Who has the sheet and where each stands');

export const resent = z.object({ recipient, receipt }).describe('A new email with the same link is on its way');

/** The published version as one recipient sees it: their own call picked out. */
export const recipientView = z
  .object({
    callSheet,
    you: z.object({
      userId: id,
      name: z.string(),
      call: instant.nullable(),
      callLocal: localTime.nullable(),
      department: z.string().nullable(),
      openedAt: instant,
      confirmedAt: instant.nullable(),
      safetyAckAt: instant.nullable(),
    }),
  })
  .describe('The published sheet, with the recipient’s own call');

export const confirmed = z
  .object({
    confirmedAt: instant,
    safetyAckAt: instant.nullable(),
    /** the acknowledgement's ledger entry (or the confirmation's, before a safety acknowledgement) */
    receipt,
  })
  .describe('Confirmed; a second confirmation answers the same times and records nothing more');

export type CallSheetSummary = z.infer<typeof callSheetSummary>;
export type CallSheet = z.infer<typeof callSheet>;
export type Recipient = z.infer<typeof recipient>;
export type RecipientView = z.infer<typeof recipientView>;
