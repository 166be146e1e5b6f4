// The production's tamper-evident log (API.md, "Ledger"): its signed head,
// entries, proofs and export, and the union of every entry type this version
// writes. Readers meet logs older and newer than themselves, so `ledgerEntry`
// also takes any well-formed entry of a type it does not know.
import { z } from 'zod';
import { AMMUNITION_KINDS, FIREARM_KINDS } from '../domain/armory/model.js';
import { SEVERITIES } from '../domain/concerns/escalation.js';
import { HAZARDS } from '../domain/schedule/scenes.js';
import { HEAD_GONE } from '../domain/notebooks/access.js';
import { id, instant, isoDate, refusal, role } from './common.js';
import { duty, INT_EXT, restAgreement, TIMES_OF_DAY } from './schedule.js';

/** A tree size or leaf index in a query. */
const count = z.coerce.number().int('must be a whole number').min(0, 'must not be negative').max(2 ** 31 - 1);

/** An entry type (`firearm.hand_off`), or `*.` and the end of one (`*.refused`: every refusal, whatever its module). */
const TYPE_LIST = /^(\*\.)?[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*(,(\*\.)?[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*)*$/;

export const entriesQuery = z.object({
  /** the first index, inclusive */
  from: count.default(0),
  /** the end, exclusive; the log's size when left out */
  to: count.optional(),
  /** keeps only entries of these types, comma-separated; `*.refused` keeps every type that ends in `.refused` */
  type: z.string().max(4000).regex(TYPE_LIST, 'must be entry types separated by commas, such as stop.raised,*.refused').optional(),
  /** keeps only entries that name this user id, as the actor or anywhere in their data */
  person: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a user id').optional(),
  /** keeps only entries recorded on this date in the production's time zone */
  day: isoDate.optional(),
  /** `asc` (the default): oldest first; `desc`: newest first */
  order: z.enum(['asc', 'desc']).default('asc'),
  /** at most this many entries, the first ones in `order`; 0 answers only `matched` */
  limit: count.optional(),
});

export const inclusionQuery = z.object({
  /** the entry's index */
  index: count,
  /** the size of the tree the proof is for */
  treeSize: count,
});

export const consistencyQuery = z.object({
  /** the older tree size */
  from: count,
  /** the newer tree size */
  to: count,
});

export const checkpointAnswer = z
  .object({
    treeSize: z.number().int().min(0),
    /** base64 */
    rootHash: z.string(),
    /** the signed note text */
    checkpoint: z.string(),
    /** the note verifier key `<name>+<hash>+<base64 key>` */
    publicKey: z.string(),
    /** the key hash call sheets print, so paper can be compared with `setbook verify` */
    keyHash: z.string(),
  })
  .describe('The log as its server signs it now');

export const inclusionAnswer = z
  .object({ index: z.number().int().min(0), treeSize: z.number().int().min(1), proof: z.array(z.string()) })
  .describe('RFC 9162 inclusion proof, base64 hashes');

export const consistencyAnswer = z
  .object({ from: z.number().int().min(1), to: z.number().int().min(1), proof: z.array(z.string()) })
  .describe('RFC 9162 consistency proof, base64 hashes');

// ---------------------------------------------------------------- entries
// An entry's data is written out here, never borrowed from an API answer's
// schema: an answer may gain fields, an entry stays as it was hashed.

/** Who acted: a member, or nobody on the record (a stop by the set's code, an anonymous reporter). */
const byMember = z.object({ userId: id });
const byNobody = z.object({ anonymous: z.literal(true) });

const ids = z.array(id);
const rounds = z.array(z.object({ lotId: id, count: z.number().int().min(0) }));
const load = z.enum(['empty', 'dummy', 'blank']);
/** A salted SHA-256 of words every member must not read (S2): the ledger keeps the commitment, the concern the words. */
const commitment = z.string();
/** A lot's rounds on a day, as wrap counts them (F9). */
const lotTotals = z.array(z.object({ lotId: id, issued: z.number().int(), fired: z.number().int(), returned: z.number().int() }));

/** One entry type: its data, who it names as actor, and whether it refers to earlier entries. */
function entry<T extends string, D extends z.ZodRawShape, A extends z.ZodType>(type: T, data: D, actor: A) {
  return z.object({
    type: z.literal(type),
    productionId: id,
    at: instant,
    actor,
    data: z.object(data),
    /** indices of earlier entries this one answers (a lift names its stop) */
    refs: z.array(z.number().int().min(0)),
  });
}

/**
 * A refused command, recorded: its ids, who confirmed in person when PINs
 * were asked (never a PIN), and every rule that refused.
 */
function refused<T extends string, D extends z.ZodRawShape, A extends z.ZodType>(command: T, data: D, actor: A, pins = false) {
  return entry(`${command}.refused` as `${T}.refused`, { ...data, ...(pins ? { confirmedBy: ids.optional() } : {}), refusals: z.array(refusal) }, actor);
}

/** What each custody step records: ids and choices, who confirmed (never a PIN), and the day the firearm is working. */
const steps = {
  checkOut: { shootDayId: id, firearmId: id },
  inspect: { shootDayId: id.nullable(), firearmId: id, load, rounds, barrelClear: z.boolean() },
  /** `loaded`: the rounds in the firearm as it changed hands (entries from before it was recorded lack it) */
  handOff: { shootDayId: id, firearmId: id, toUserId: id, sceneId: id, confirmations: ids, loaded: rounds.optional() },
  takeBack: { shootDayId: id.nullable(), firearmId: id, fromUserId: id, confirmations: ids, loaded: rounds.optional() },
  discharge: { shootDayId: id.nullable(), firearmId: id, intended: z.boolean(), rounds, sceneId: id.optional(), note: z.string().optional() },
  misfire: { shootDayId: id.nullable(), firearmId: id, sceneId: id.optional(), note: z.string().optional() },
  checkIn: { shootDayId: id.nullable(), firearmId: id },
};

/** A scene, a shoot day and a location as their entries record them. */
const sceneData = {
  id,
  number: z.string(),
  description: z.string(),
  hazards: z.array(z.enum(HAZARDS)),
  aimedAtPerson: z.boolean(),
  intExt: z.enum(INT_EXT).nullable(),
  timeOfDay: z.enum(TIMES_OF_DAY).nullable(),
  locationId: id.nullable(),
  eighths: z.number().int().nullable(),
  castIds: ids,
};
const dayData = {
  id,
  date: isoDate,
  location: z.string().nullable(),
  sceneIds: ids,
  generalCall: z.string().nullable(),
  shootingCall: z.string().nullable(),
  notes: z.string().nullable(),
  locationIds: ids,
  wrappedAt: instant.nullable(),
};
const locationData = {
  name: z.string(),
  address: z.string().nullable(),
  latitude: z.number(),
  longitude: z.number(),
  elevationM: z.number().nullable(),
  timezone: z.string(),
  hospital: z.object({ name: z.string(), address: z.string(), phone: z.string().optional(), driveMinutes: z.number().optional() }).nullable(),
  parking: z.string().nullable(),
  notes: z.string().nullable(),
};

/** A recipient's confirmation of a published version: who, and the content hash of what they read. */
const sheetReceipt = { callSheetId: id, shootDayId: id, version: z.number().int().min(1), contentHash: z.string(), userId: id };

const ladderLevel = z.object({
  roles: z.array(role),
  emails: z.array(z.string()),
  deadlines: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
});

/** Every entry type this version appends, as it appends it. */
export const recordedEntry = z
  .discriminatedUnion('type', [
    entry('production.created', { name: z.string(), timezone: z.string() }, byMember),
    entry(
      'member.added',
      { userId: id, name: z.string(), roles: z.array(role), department: z.string().nullable(), unconfirmed: z.literal(true).optional() },
      byMember,
    ),
    entry(
      'member.rolesProposed',
      { userId: id, roles: z.array(role), previousRoles: z.array(role), waitingFor: z.enum(['producer', 'safety_advisor', 'safety_advisor or producer']) },
      byMember,
    ),
    entry(
      'member.updated',
      {
        userId: id,
        roles: z.array(role),
        previousRoles: z.array(role),
        department: z.string().nullable(),
        proposedBy: id.optional(),
        confirmedBy: id.optional(),
        unconfirmed: z.literal(true).optional(),
      },
      byMember,
    ),
    refused('member.add', { email: z.string(), roles: z.array(role) }, byMember),
    refused('member.update', { userId: id, roles: z.array(role) }, byMember),
    entry('invitation.accepted', { userId: id, name: z.string() }, byMember),
    entry('invitation.resent', { userId: id, expiresAt: instant }, byMember),
    // Never the numbers: every member reads the ledger.
    entry('member.contactChanged', { userId: id, changed: z.array(z.enum(['phone', 'emergency_contact'])) }, byMember),
    refused('member.contact', { userId: id }, byMember),
    entry('member.removed', { userId: id, previousRoles: z.array(role) }, byMember),
    refused('member.remove', { userId: id }, byMember),
    entry('pin.set', { userId: id }, byMember),
    entry('training.recorded', { trainingId: id, userId: id, course: z.literal('firearms_safety'), completedOn: isoDate }, byMember),

    entry('scene.created', sceneData, byMember),
    entry('scene.updated', { sceneId: id, changed: z.array(z.string()), scene: z.object(sceneData), staleBecause: z.array(z.string()) }, byMember),
    entry('riskAssessment.recorded', { assessmentId: id, sceneId: id, hazards: z.array(z.enum(HAZARDS)), controls: z.array(z.object({ hazard: z.enum(HAZARDS), control: z.string() })), notes: z.string().nullable() }, byMember),
    entry('shootDay.created', dayData, byMember),
    entry('shootDay.updated', { shootDayId: id, changed: z.array(z.string()), shootDay: z.object(dayData) }, byMember),
    entry('location.created', { locationId: id, ...locationData }, byMember),
    entry('location.updated', { locationId: id, changed: z.array(z.string()), ...locationData }, byMember),
    entry(
      'lightTarget.created',
      {
        targetId: id,
        locationId: id,
        name: z.string(),
        azimuthFrom: z.number(),
        azimuthTo: z.number(),
        altitudeFrom: z.number(),
        altitudeTo: z.number(),
        leadMinutes: z.number().int().nullable(),
        notes: z.string().nullable(),
      },
      byMember,
    ),
    entry('lightTarget.archived', { targetId: id, locationId: id, name: z.string() }, byMember),
    refused('lightTarget.archive', { targetId: id, locationId: id, name: z.string() }, byMember),
    entry(
      'times.set',
      {
        shootDayId: id,
        times: z.array(z.object({ userId: id, call: instant, wrap: instant })),
        alerts: z.array(z.object({ userId: id, kind: z.enum(['turnaround', 'weekly_hours', 'weekend_rest']) })),
      },
      byMember,
    ),
    entry('restAgreement.proposed', { agreement: restAgreement, roles: z.array(role) }, byMember),
    entry('restAgreement.changed', { agreement: restAgreement, proposedBy: id, confirmedBy: id }, byMember),
    entry('duties.set', { shootDayId: id, duties: z.array(duty), alerts: z.array(z.enum(['F2', 'F3'])) }, byMember),
    entry(
      'safetyMeeting.recorded',
      {
        meetingId: id,
        shootDayId: id,
        sceneIds: ids,
        heldAt: instant,
        attendeeIds: ids,
        walkthrough: z.boolean(),
        abortPlan: z.string(),
        emergencyPlan: z.string(),
      },
      byMember,
    ),
    entry('consultation.recorded', { consultationId: id, sceneId: id, plan: z.string(), armorerId: id, advisorId: id }, byMember),
    refused('consultation.record', { sceneId: id }, byMember, true),

    entry('firearm.added', { firearmId: id, serial: z.string(), make: z.string(), model: z.string(), kind: z.enum(FIREARM_KINDS) }, byMember),
    entry(
      'ammunition.added',
      {
        lotId: id,
        lot: z.string(),
        kind: z.enum(AMMUNITION_KINDS),
        caliber: z.string(),
        quantity: z.number().int(),
        load: z.string().nullable(),
        verification: z.object({ method: z.string(), byUserId: id }).nullable(),
      },
      byMember,
    ),
    refused('ammunition.add', { lot: z.string(), kind: z.enum([...AMMUNITION_KINDS, 'live']), caliber: z.string(), quantity: z.number().int() }, byMember),
    entry('firearm.check_out', steps.checkOut, byMember),
    refused('firearm.check_out', steps.checkOut, byMember),
    entry('firearm.inspect', steps.inspect, byMember),
    refused('firearm.inspect', steps.inspect, byMember),
    entry('firearm.hand_off', steps.handOff, byMember),
    refused('firearm.hand_off', steps.handOff, byMember, true),
    entry('firearm.return', steps.takeBack, byMember),
    refused('firearm.return', steps.takeBack, byMember, true),
    entry('firearm.discharge', steps.discharge, byMember),
    refused('firearm.discharge', steps.discharge, byMember),
    entry('firearm.misfire', steps.misfire, byMember),
    refused('firearm.misfire', steps.misfire, byMember),
    entry('firearm.check_in', steps.checkIn, byMember),
    refused('firearm.check_in', steps.checkIn, byMember),
    entry('wrap.done', { shootDayId: id, lots: lotTotals, violations: z.array(refusal).length(0) }, byMember),
    entry('wrap.refused', { shootDayId: id, lots: lotTotals, violations: z.array(refusal).min(1) }, byMember),
    entry(
      'alert.raised',
      { rule: z.literal('F9'), firearmId: id, holderId: id.nullable(), message: z.string(), notify: z.array(role) },
      z.null(),
    ),
    entry(
      'incident.opened',
      {
        incidentId: id,
        kind: z.enum(['unintended_discharge', 'misfire', 'live_round']),
        firearmId: id.nullable(),
        /** a second incident of its kind goes straight to the external contacts */
        escalation: z.enum(['production', 'external_contacts']),
        notify: z.array(z.union([role, z.literal('external_contacts')])),
      },
      byMember,
    ),
    entry('incident.correctiveAction', { incidentId: id, action: z.string() }, byMember),
    refused('incident.correctiveAction', { incidentId: id }, byMember, true),
    entry('incident.closed', { incidentId: id, meetingId: id }, byMember),
    entry('armorerRequest.made', { requestId: id, kind: z.enum(['training', 'time']), description: z.string() }, byMember),
    entry('armorerRequest.decided', { requestId: id, decision: z.enum(['granted', 'denied']), reason: z.string().nullable() }, byMember),
    refused('armorerRequest.decide', { requestId: id, decision: z.enum(['granted', 'denied']) }, byMember),

    entry('stop.raised', { stopId: id, reason: z.string().nullable(), location: z.string().nullable(), pressedAt: instant.optional() }, z.union([byMember, byNobody])),
    entry('stop.acknowledged', { stopId: id, deviceId: z.string() }, byMember),
    refused('stop.acknowledge', { stopId: id, deviceId: z.string() }, byMember),
    entry('stop.lifted', { stopId: id, resolution: z.string(), secondedBy: id }, byMember),
    refused('stop.lift', { stopId: id }, byMember, true),

    // S2: a concern's entries never name its reporter, and keep commitments to its words, not the words.
    entry(
      'concern.reported',
      {
        concernId: id,
        source: z.enum(['member', 'public', 'automatic']),
        severity: z.enum(SEVERITIES),
        level: z.number().int().min(0),
        ackDeadline: instant.nullable(),
        commitment,
        /** when it was written on a phone that had to queue it, when that differs from the entry's time */
        reportedAt: instant.optional(),
      },
      z.null(),
    ),
    entry(
      'concern.escalated',
      {
        concernId: id,
        fromLevel: z.number().int().min(0),
        toLevel: z.number().int().min(0),
        missedDeadline: instant,
        ackDeadline: instant.nullable(),
        roles: z.array(role),
        /** how many people outside Setbook were emailed, never who */
        externalContacts: z.number().int().min(0),
      },
      z.null(),
    ),
    entry('concern.acknowledged', { concernId: id, level: z.number().int().min(0) }, byMember),
    refused('concern.acknowledge', { concernId: id, level: z.number().int().min(0) }, byMember.nullable()),
    entry('concern.message', { concernId: id, messageId: id, from: z.enum(['reporter', 'handler']), commitment }, byMember.nullable()),
    entry('concern.resolved', { concernId: id, level: z.number().int().min(0), commitment }, byMember),
    refused('concern.resolve', { concernId: id }, byMember.nullable()),
    entry('escalation.proposed', { levels: z.array(ladderLevel), roles: z.array(role) }, byMember),
    entry('escalation.changed', { levels: z.array(ladderLevel), proposedBy: id, confirmedBy: id }, byMember),

    // S4: a call sheet's versions. The acknowledgement names the recipient and the content hash of the version they read.
    entry('callSheet.drafted', { callSheetId: id, shootDayId: id, version: z.number().int().min(1) }, byMember),
    entry(
      'callSheet.updated',
      { callSheetId: id, changed: z.array(z.string()), notes: z.string().nullable(), walkieChannels: z.array(z.object({ channel: z.string(), use: z.string() })), medicId: id.nullable() },
      byMember,
    ),
    entry(
      'callSheet.published',
      {
        callSheetId: id,
        shootDayId: id,
        date: isoDate,
        version: z.number().int().min(1),
        colour: z.string(),
        /** SHA-256 hex of the RFC 8785 JSON of the sections */
        contentHash: z.string(),
        /** the checkpoint the sheet prints */
        checkpoint: z.object({ treeSize: z.number().int().min(0), rootHash: z.string() }),
        recipients: ids,
      },
      byMember,
    ),
    entry('callSheet.resent', { callSheetId: id, userId: id }, byMember),
    entry('callSheet.confirmed', sheetReceipt, byMember),
    entry('callSheet.acknowledged', sheetReceipt, byMember),
    // A notebook's entries never reach the ledger: only that it was opened, who the head let in, and that it changed hands, sealed by its content hash.
    entry('notebook.created', { notebookId: id, department: z.string(), headId: id }, byMember),
    refused('notebook.create', { department: z.string(), headId: id }, byMember),
    entry('notebook.membersSet', { notebookId: id, department: z.string(), userIds: ids }, byMember),
    entry(
      'notebook.handedOff',
      {
        notebookId: id,
        department: z.string(),
        handoffId: id,
        fromUserId: id,
        toUserId: id,
        /** hex SHA-256 of the notebook's content at that moment: every entry with every version, every attachment's hash */
        contentHash: z.string(),
        entries: z.number().int().min(0),
        versions: z.number().int().min(0),
        attachments: z.number().int().min(0),
        /** why the producer, not the head, handed it on */
        reason: z.enum([...HEAD_GONE, 'removed']).nullable(),
        /** the second person who confirmed the producer's handoff with their PIN */
        secondedBy: id.nullable(),
      },
      byMember,
    ),
    refused('notebook.handOff', { notebookId: id, toUserId: id }, byMember, true),

  ])
  .meta({ id: 'LedgerEntry', description: 'An entry of a type this version writes' });

/** An entry of a type this version does not write (an older `armory.refused`, a newer module's): read as plain JSON. */
const otherEntry = z.object({
  type: z.string().min(1),
  productionId: z.string(),
  at: z.string(),
  actor: z.record(z.string(), z.unknown()).nullable(),
  data: z.record(z.string(), z.unknown()),
  refs: z.array(z.number().int().min(0)),
});

/** An entry as a reader meets it in a log that may be older or newer than this version. */
export const ledgerEntry = z.union([recordedEntry, otherEntry]);

export const ledgerRecord = z.object({
  index: z.number().int().min(0),
  /** base64 */
  leafHash: z.string(),
  /** exactly the object whose RFC 8785 bytes were hashed */
  entry: ledgerEntry,
});

export const entriesAnswer = z
  .object({
    from: z.number().int().min(0),
    to: z.number().int().min(0),
    treeSize: z.number().int().min(0),
    /** how many entries in [from, to) pass the filters (`type`, `person`, `day`), however many `limit` lets through */
    matched: z.number().int().min(0),
    entries: z.array(ledgerRecord),
  })
  .describe('Entries [from, to), as stored, in the order asked for');

export const peopleAnswer = z
  .object({
    people: z.array(
      z.object({
        userId: id,
        name: z.string(),
        /** false for someone removed from the production: the log still names them */
        member: z.boolean(),
      }),
    ),
  })
  .describe('Everyone the log can name: members and former members, by name');

/** The export bundle, one JSON object per line: a header, signed checkpoints by ascending size, then every entry in index order. */
export const bundleLine = z
  .union([
    z.object({
      /** setbook-ledger/1 */
      format: z.string(),
      productionId: id,
      /** the checkpoint origin line */
      origin: z.string(),
      /** the note verifier key that signed the checkpoints */
      verifierKey: z.string(),
    }),
    z.object({ checkpoint: z.string() }),
    ledgerRecord,
  ])
  .describe('NDJSON: a header line, checkpoint lines, entry lines; `setbook verify <file>` checks it offline');

export type LedgerRecord = z.infer<typeof ledgerRecord>;
export type LedgerHead = z.infer<typeof checkpointAnswer>;
export type LedgerPerson = z.infer<typeof peopleAnswer>['people'][number];
