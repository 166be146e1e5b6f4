// Department notebooks and the handoff (API.md, "Department notebooks and
// handoff"): notebooks per department, typed entries with every version kept,
// attachments, full-text search, camera reports for post, and the package a
// successor receives.
import { z } from 'zod';
import { ENTRY_KINDS, fieldProblems, KIND_FIELDS, VISIBILITIES } from '../domain/notebooks/entries.js';
import { HEAD_GONE } from '../domain/notebooks/access.js';
import { confirmations, id, instant, isoDate, productionParams, receipt, requiredText } from './common.js';

export const notebookParams = productionParams.extend({
  /** the notebook's id */
  nid: id,
});

export const entryParams = notebookParams.extend({
  /** the entry's id */
  eid: id,
});

export const attachmentParams = entryParams.extend({
  /** the attachment's id */
  aid: id,
});

const uniqueIds = (max: number) =>
  z
    .array(id)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'lists an id twice');

const words = (max: number) => z.string().trim().min(1, 'is required').max(max);
const wordList = (max: number, items: number) => z.array(words(max)).max(items);
const amount = z.number().min(0).max(1_000_000_000);
/** A whole number checked without cutting the check short, so a 400 still names every other bad field. */
const whole = (min: number, max: number) => z.number().multipleOf(1, 'must be a whole number').min(min).max(max);

/** Every field an entry may keep, each with one meaning whatever the kind; KIND_FIELDS says which kind keeps which. */
const FIELD_TYPES = {
  // equipment
  /** the lens or camera maker ("Cooke") */
  make: words(200),
  /** the series ("S4/i", "Anamorphic/i") */
  series: words(200),
  /** the set's focal lengths, mm */
  focalLengths: z.array(z.number().gt(0).max(5000)).max(60),
  /** the widest T-stops, in the order of the focal lengths or one for the set */
  tStops: z.array(z.number().min(0.5).max(64)).max(60),
  /** PL, LPL, EF... */
  mount: words(60),
  serials: wordList(100, 60),
  /** how it behaves: breathing, flare, a sticky focus ring */
  quirks: wordList(300, 30),
  /** where it came from and when: rental, owned, borrowed */
  provenance: words(2000),
  /** the dealer's vendor entry in this notebook (also an order's dealer, on a to-do) */
  vendorEntryId: id,
  // vendor and person
  /** a vendor's or a person's name */
  name: words(200),
  /** phone, email, address: however they are reached */
  contact: words(500),
  /** what a vendor carries */
  carries: wordList(200, 40),
  /** terms of rental: deposit, insurance, week rates */
  terms: words(4000),
  /** a person's job ("1st AC", "gaffer") */
  role: words(100),
  dayRate: amount,
  weekRate: amount,
  /** the rate for their own kit */
  kitRate: amount,
  /** ISO 4217 */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a currency code like USD'),
  /** who recommended them */
  recommendedBy: words(200),
  /** what the recommender said */
  recommendation: words(4000),
  /** when they are free */
  availability: words(1000),
  // looks and light
  /** the production's scenes it is for */
  sceneIds: uniqueIds(100),
  /** the production's location */
  locationId: id,
  /** a light target at that location */
  targetId: id,
  // camera reports
  /** the report of this setup's first take: every field not given is copied from it */
  setupId: id,
  /** the camera roll or card ("A012") */
  roll: words(40),
  /** the scene as slated ("42A") */
  scene: words(40),
  take: whole(1, 9999),
  /** the camera letter on a multi-camera day */
  camera: z.string().regex(/^[A-Z]$/, 'must be one capital letter, A to Z'),
  /** the slate as written, when it is more than the scene */
  slate: words(40),
  /** a circled (printed) take */
  circled: z.boolean(),
  /** when the take was shot, as the phone saw it (a report written offline keeps its time) */
  shotAt: instant,
  /** the lens by name or serial */
  lens: words(200),
  /** mm */
  focalLength: z.number().gt(0).max(5000),
  tStop: z.number().min(0.5).max(64),
  filters: wordList(60, 12),
  /** the shutter as the camera shows it: an angle ("172.8") or a time ("1/50") */
  shutter: words(20),
  /** frames per second */
  frameRate: z.number().gt(0).max(10_000),
  iso: whole(1, 409_600),
  /** kelvin */
  whiteBalance: whole(1000, 20_000),
  /** the lens's height above the ground, cm */
  heightCm: z.number().min(-10_000).max(100_000),
  /** degrees, up positive */
  tiltDeg: z.number().min(-90).max(90),
  /** the focus distance, metres */
  focusM: z.number().min(0).max(100_000),
  // to-dos
  done: z.boolean(),
} satisfies Record<string, z.ZodType>;

type FieldName = keyof typeof FIELD_TYPES;
const fieldNames = Object.keys(FIELD_TYPES) as FieldName[];
// Every field a kind names has a type here, and every type is some kind's field.
for (const kind of ENTRY_KINDS) for (const key of [...KIND_FIELDS[kind].required, ...KIND_FIELDS[kind].optional]) if (!(key in FIELD_TYPES)) throw new Error(`no type for ${kind}.${key}`);

/** A tag: one word, no spaces or commas ("lenses", "scene-42"). */
const tag = z.string().regex(/^[^\s,]{1,40}$/, 'must be one word of at most 40 characters, without spaces or commas');

const entryCommon = {
  /** a line people recognise it by */
  title: requiredText(300),
  /** the notes, as long as they need to be */
  body: z.string().trim().max(20_000).nullable().optional(),
  tags: z.array(tag).max(20).optional(),
  /** other entries of this notebook it points at */
  links: uniqueIds(50).optional(),
  /** `head`: the head alone reads it; only the head chooses (a person's entry is the head's unless the head says otherwise) */
  visibility: z.enum(VISIBILITIES).optional(),
};

export const entryBody = z
  .object({
    kind: z.enum(ENTRY_KINDS),
    ...entryCommon,
    /** when it was written, if the phone had to keep it while the set's Wi-Fi was out; never in the future */
    writtenAt: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-12-02T14:00:00Z' }).optional(),
    /** the kind's fields (a take with a `setupId` may leave out what its setup says) */
    fields: z.object(Object.fromEntries(fieldNames.map((name) => [name, FIELD_TYPES[name].optional()])) as { [K in FieldName]: z.ZodOptional<(typeof FIELD_TYPES)[K]> }).strict().optional(),
  })
  // Checked even when other fields are wrong, so a 400 names every one.
  .superRefine(
    (body, ctx) => {
      if (typeof body !== 'object' || body === null || !ENTRY_KINDS.includes(body.kind)) return;
      const fields = (typeof body.fields === 'object' && body.fields !== null ? body.fields : {}) as Record<string, unknown>;
      const inherits = body.kind === 'camera_report' && typeof fields.setupId === 'string';
      for (const problem of fieldProblems(body.kind, fields)) {
        const key = problem.path.slice('fields.'.length);
        // A take's roll and scene may come from its setup.
        if (inherits && problem.message === 'is required' && (key === 'roll' || key === 'scene')) continue;
        // A name no kind keeps is already refused by the fields object itself.
        if (key in FIELD_TYPES) ctx.addIssue({ code: 'custom', path: ['fields', key], message: problem.message });
      }
    },
    { when: () => true },
  );

export const entryPatch = z.object({
  ...entryCommon,
  title: entryCommon.title.optional(),
  /** fields to change; null takes one away (RFC 7396, one level) */
  fields: z.object(Object.fromEntries(fieldNames.map((name) => [name, FIELD_TYPES[name].nullable().optional()])) as { [K in FieldName]: z.ZodOptional<z.ZodNullable<(typeof FIELD_TYPES)[K]>> }).strict().optional(),
  /** the version this edit was made on: a newer one on the server is a 409 */
  version: z.number().int().min(1).max(1_000_000),
});

export const removeQuery = z.object({
  /** the version being removed: a newer one on the server is a 409 */
  version: z.coerce.number().int('must be a whole number').min(1).max(1_000_000),
});

export const entriesQuery = z.object({
  /** words to look for in titles, bodies and fields; the last one may be the start of a word */
  q: z.string().max(100).regex(/^[\s\S]{0,100}$/).optional(),
  kind: z.enum(ENTRY_KINDS).optional(),
  tag: tag.optional(),
  /** at most this many, best first (most recent first without `q`) */
  limit: z.coerce.number().int('must be a whole number').min(1).max(200).default(50),
});

export const createNotebookBody = z.object({
  /** the department, as the production names it ("Camera") */
  department: requiredText(80),
  /** the department's head, who owns the notebook */
  headId: id,
});

export const membersBody = z.object({
  /** people the head lets in besides the department's members; replaces the list */
  userIds: uniqueIds(200),
});

export const handoffBody = z.object({
  /** the successor, who becomes head */
  toUserId: id,
  /** a word to the successor, kept with the handoff and never in the ledger */
  note: z.string().trim().max(4000).nullable().optional(),
  /** when the producer hands it on: why the head cannot (not needed once the head has left the production) */
  reason: z.enum(HEAD_GONE).optional(),
  /** the producer's handoff: a second person's PIN */
  confirmations: confirmations.optional(),
});

export const packageQuery = z.object({
  /** json (the default), pdf to read, or zip (JSON and attachments) to keep */
  format: z.enum(['json', 'pdf', 'zip']).default('json'),
});

// ---------------------------------------------------------------- answers

export const attachment = z
  .object({
    id,
    entryId: id,
    contentType: z.string(),
    bytes: z.number().int().min(0),
    /** hex SHA-256 of the bytes */
    sha256: z.string(),
    filename: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    /** a thumbnail can be fetched */
    thumbnail: z.boolean(),
    /** from EXIF: an instant when the camera wrote its offset */
    takenAt: instant.nullable(),
    /** from EXIF: the camera's wall clock, YYYY-MM-DDTHH:MM:SS */
    takenAtLocal: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    addedBy: id,
    addedAt: instant,
  })
  .meta({ id: 'NotebookAttachment' });

export const entry = z
  .object({
    id,
    notebookId: id,
    kind: z.enum(ENTRY_KINDS),
    version: z.number().int().min(1),
    title: z.string(),
    body: z.string().nullable(),
    fields: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    /** linked entries the caller may read */
    links: z.array(id),
    visibility: z.enum(VISIBILITIES),
    createdBy: id,
    /** when the server heard of it */
    createdAt: instant,
    /** when it was written, which may be before the server heard of it */
    writtenAt: instant,
    updatedBy: id,
    updatedAt: instant,
    /** set once removed: the entry is a tombstone with its history */
    removedAt: instant.nullable(),
    attachments: z.array(attachment),
  })
  .meta({ id: 'NotebookEntry' });

export const version = z
  .object({
    version: z.number().int().min(1),
    kind: z.enum(ENTRY_KINDS),
    title: z.string(),
    body: z.string().nullable(),
    fields: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
    links: z.array(id),
    visibility: z.enum(VISIBILITIES),
    /** the tombstone that removed the entry */
    removed: z.boolean(),
    authorId: id,
    at: instant,
    /** hex SHA-256 of the version's canonical JSON */
    contentHash: z.string(),
  })
  .meta({ id: 'NotebookVersion' });

export const notebook = z
  .object({
    id,
    department: z.string(),
    headId: id,
    createdAt: instant,
    /** the caller's place in it */
    standing: z.enum(['head', 'member']),
    /** people the head let in besides the department */
    members: z.array(id),
    /** entries the caller may read */
    entries: z.number().int().min(0),
  })
  .meta({ id: 'Notebook' });

export const notebookCreated = z.object({ notebook: notebook.omit({ standing: true, members: true, entries: true }), receipt }).describe('The notebook, owned by its head');

export const notebooksAnswer = z
  .object({
    notebooks: z.array(notebook),
    /** for the producer and the UPM: the notebooks they cannot open, as the ledger names them (to hand one on) */
    elsewhere: z.array(z.object({ id, department: z.string(), headId: id })),
  })
  .describe('The notebooks the caller may open');

export const membersAnswer = z.object({ notebook, receipt }).describe('Who the head lets in');

export const entryAnswer = z.object({ entry }).describe('The entry as it stands');
export const entriesAnswer = z.object({ entries: z.array(entry) }).describe('Entries, best match first when searching');
export const historyAnswer = z.object({ versions: z.array(version) }).describe('Every version, oldest first; the tombstone last when removed');
export const attachmentAnswer = z.object({ attachment }).describe('The attachment, kept under its SHA-256');

export const handoff = z
  .object({
    id,
    notebookId: id,
    fromUserId: id,
    toUserId: id,
    byUserId: id,
    /** who confirmed with a PIN when the producer handed it on */
    secondedBy: id.nullable(),
    reason: z.enum([...HEAD_GONE, 'removed']).nullable(),
    at: instant,
    /** hex SHA-256 of the notebook's content (content.json in the zip) at that moment */
    contentHash: z.string(),
    entries: z.number().int().min(0),
    versions: z.number().int().min(0),
    attachments: z.number().int().min(0),
  })
  .meta({ id: 'NotebookHandoff' });

export const handoffAnswer = z.object({ handoff, receipt }).describe('The successor heads the notebook; the former head has no access');

const sunWindow = z.object({ start: instant, end: instant });

export const startHere = z.object({
  notebookId: id,
  department: z.string(),
  head: z.object({ userId: id, name: z.string() }),
  preparedAt: instant,
  /** hex SHA-256 of the notebook's content as prepared (content.json in the zip) */
  contentHash: z.string(),
  entries: z.number().int().min(0),
  versions: z.number().int().min(0),
  attachments: z.number().int().min(0),
  /** every time it changed hands, with the former head's word to the successor */
  handoffs: z.array(
    z.object({ at: instant, fromUserId: id, fromName: z.string(), toUserId: id, toName: z.string(), contentHash: z.string(), note: z.string().nullable() }),
  ),
});

export const packageAnswer = z
  .object({
    startHere,
    /** the shoot days from today on, with their scenes and locations */
    upcoming: z.array(
      z.object({
        shootDayId: id,
        date: isoDate,
        scenes: z.array(z.object({ id, number: z.string(), description: z.string() })),
        locations: z.array(z.object({ id, name: z.string() })),
      }),
    ),
    /** looks, those for upcoming scenes first */
    looks: z.array(z.object({ entry, sceneNumbers: z.array(z.string()), upcoming: z.boolean() })),
    /** light plans with their location's targets and the windows on the upcoming days there */
    light: z.array(
      z.object({
        entry,
        location: z.object({ id, name: z.string() }).nullable(),
        days: z.array(
          z.object({
            date: isoDate,
            sunrise: instant.nullable(),
            sunset: instant.nullable(),
            targets: z.array(z.object({ id, name: z.string(), windows: z.array(sunWindow) })),
          }),
        ),
      }),
    ),
    /** equipment and where it came from */
    equipment: z.array(z.object({ entry, vendor: z.object({ entryId: id, name: z.string() }).nullable() })),
    /** dealers with their open orders (to-dos not done that name them) */
    vendors: z.array(z.object({ entry, openOrders: z.array(entry) })),
    /** the people, their rates and who recommended them */
    people: z.array(entry),
    /** entries tagged `question`, or whose title asks one */
    openQuestions: z.array(entry),
    /** to-dos not done */
    todos: z.array(entry),
  })
  .describe('The start-here package for a successor');

export const csvAnswer = { description: 'Camera reports, one take a row, in the VES camera report interchange layout (CRIF)', content: { 'text/csv': { schema: z.string() } } };

export type NotebookEntry = z.infer<typeof entry>;
export type NotebookAttachment = z.infer<typeof attachment>;
export type NotebookVersion = z.infer<typeof version>;
export type Notebook = z.infer<typeof notebook>;
export type EntryBody = z.infer<typeof entryBody>;
export type EntryPatch = z.infer<typeof entryPatch>;
export type HandoffBody = z.infer<typeof handoffBody>;
export type NotebookPackage = z.infer<typeof packageAnswer>;
