// Concerns (S2): reported by anyone, named or not; handled up an escalation
// ladder that climbs on its own; an anonymous reporter follows up with a key
// and passphrase (API.md, "Concerns").
import { z } from 'zod';
import { CATEGORIES, DEADLINE_MINUTES, SEVERITIES } from '../domain/concerns/escalation.js';
import { ROLES } from '../domain/roles.js';
import { id, instant, productionParams, receipt, role } from './common.js';

export const concernParams = productionParams.extend({
  /** the concern's id */
  cid: id,
});

const category = z.enum(CATEGORIES);
const severity = z.enum(SEVERITIES);
const status = z.enum(['open', 'acknowledged', 'resolved']);

/** Words written to or by the reporter. */
const message = z.string().trim().min(1, 'is required').max(8000);

export const reportBody = z.object({
  /** what kind of danger or harm */
  category,
  /** how soon it must be acknowledged: critical climbs after 15 minutes by default */
  severity,
  /** what is wrong, in the reporter's words */
  description: z.string().trim().min(1, 'is required: say what is wrong').max(8000),
  /** the reporter's name is not stored at all */
  anonymous: z.boolean().optional(),
  /** people who must never see nor be routed this concern */
  implicatedUserIds: z.array(id).max(20).optional(),
  /** the scene it is about */
  sceneId: id.nullable().optional(),
  /** where on set */
  location: z.string().trim().max(200).nullable().optional(),
  /** when it was written on the phone, if the phone had to queue it while the set's Wi-Fi was out; never in the future */
  reportedAt: z.iso.datetime({ offset: true, message: 'must be a date and time like 2026-12-02T14:00:00Z' }).optional(),
});

export const ackConcernBody = z.object({
  /** an optional first word to the reporter, sent with the acknowledgement */
  note: message.optional(),
});

export const messageBody = z.object({
  /** the message */
  text: message,
});

export const resolveBody = z.object({
  /** how it was resolved, for the reporter and the record */
  resolution: z.string().trim().min(1, 'is required: write how it was resolved').max(8000),
});

export const followUpCredentials = z.object({
  /** the key the reporter was given, e.g. ABCD-EFGH-JKMN */
  key: z.string().trim().min(1, 'is required').max(40),
  /** the passphrase given with it */
  passphrase: z.string().trim().min(1, 'is required').max(80),
});

export const followUpMessageBody = followUpCredentials.extend({
  /** the reporter's message to the handlers */
  text: message,
});

const minutes = z.number().min(DEADLINE_MINUTES.min).max(DEADLINE_MINUTES.max);

export const escalationBody = z.object({
  /** the ladder, bottom rung first; the last is where a concern ends up if nobody acknowledges it */
  levels: z
    .array(
      z.object({
        /** members holding any of these roles handle a concern at this rung */
        roles: z.array(z.enum(ROLES)).max(ROLES.length),
        /** people without an account (union rep, studio safety), reached by email */
        emails: z.array(z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254))).max(20),
        /** minutes to acknowledge at this rung, per severity */
        deadlines: z.object({ critical: minutes, high: minutes, medium: minutes, low: minutes }),
      }),
    )
    .min(2, 'needs at least two levels')
    .max(6),
});

/** A person a concern names: its reporter, its handlers, the people it implicates. */
export const concernPerson = z.object({ userId: id, name: z.string().nullable() });

/** A concern as a handler, or its named reporter, sees it. */
export const concern = z
  .object({
    id,
    category,
    severity,
    description: z.string(),
    sceneId: id.nullable(),
    location: z.string().nullable(),
    /** a member, the set's public code, or an incident (F11) */
    source: z.enum(['member', 'public', 'automatic']),
    anonymous: z.boolean(),
    reporter: concernPerson.nullable(),
    implicated: z.array(concernPerson),
    status,
    /** 0-based rung of the escalation ladder it is on */
    level: z.number().int().min(0),
    /** rungs on its ladder */
    levels: z.number().int().min(1),
    /** who handles it at its current level */
    levelRoles: z.array(role),
    /** null at the top of the ladder: there is nowhere left to climb */
    ackDeadline: instant.nullable(),
    /** when the server heard of it */
    createdAt: instant,
    /** when it was written, which may be before the server heard of it */
    reportedAt: instant,
    acknowledgedBy: concernPerson.nullable(),
    acknowledgedAt: instant.nullable(),
    resolvedBy: concernPerson.nullable(),
    resolvedAt: instant.nullable(),
    resolution: z.string().nullable(),
    /** the viewer reported it under their name */
    mine: z.boolean(),
    /** the viewer handles it at its current level and it waits for that */
    canAcknowledge: z.boolean(),
  })
  .meta({ id: 'Concern' });

export const concernMessage = z.object({
  id,
  from: z.enum(['reporter', 'handler']),
  /** the handler who wrote it; null for the reporter's side */
  author: concernPerson.nullable(),
  text: z.string(),
  at: instant,
});

/** An escalation email and where it stands; `outbox` means written to the data directory's outbox folder, with no SMTP server configured. */
export const concernEmail = z.object({
  id,
  recipients: z.array(z.string()),
  subject: z.string(),
  status: z.enum(['pending', 'sent', 'outbox', 'failed']),
  attempts: z.number().int().min(0),
  sentAt: instant.nullable(),
  /** why the last attempt failed */
  error: z.string().nullable(),
  createdAt: instant,
});

/** The anonymous reporter's way back in: the key finds the concern, the passphrase proves it is theirs. */
export const followUp = z.object({ key: z.string(), passphrase: z.string() });

export const concernReported = z
  .object({
    concern: z.object({ id, status, level: z.number().int().min(0), severity, category, ackDeadline: instant.nullable() }),
    /** only for an anonymous report: shown once, never again */
    followUp: followUp.optional(),
    receipt,
  })
  .describe('Reported; routed to the first rung of the ladder');

export const setConcernReported = concernReported.required({ followUp: true }).describe('Reported without a name; the key and passphrase are shown once');

export const concernsAnswer = z.object({ concerns: z.array(concern) }).describe('The concerns the caller handles or reported, open ones first by deadline');

export const concernThread = z
  .object({
    concern,
    messages: z.array(concernMessage),
    /** only handlers see them */
    notifications: z.array(concernEmail),
  })
  .describe('The concern and its thread');

export const concernAcknowledged = z
  .object({
    concern,
    /** absent when it was already acknowledged: nothing new was recorded */
    receipt: receipt.optional(),
  })
  .describe('Acknowledged: it climbs no further');

export const concernResolved = z.object({ concern, receipt }).describe('Resolved');

export const messageSent = z
  .object({
    message: z.object({ id, from: z.enum(['reporter', 'handler']), text: z.string(), at: instant }),
    receipt,
  })
  .describe('Sent');

export const followedConcern = z
  .object({
    concern: z.object({
      id,
      /** the production's name */
      production: z.string().nullable(),
      category,
      severity,
      description: z.string(),
      status,
      level: z.number().int().min(0),
      levels: z.number().int().min(1),
      ackDeadline: instant.nullable(),
      createdAt: instant,
      resolution: z.string().nullable(),
      messages: z.array(
        z.object({
          id,
          from: z.enum(['reporter', 'handler']),
          /** the handler's name; nothing else about them */
          author: z.string().nullable(),
          text: z.string(),
          at: instant,
        }),
      ),
    }),
  })
  .describe('What the reporter may see of their concern');

/** One rung of the escalation ladder; deadlines are minutes to acknowledge, per severity. */
export const escalationLevel = z.object({
  roles: z.array(role),
  emails: z.array(z.string()),
  deadlines: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
});

export const escalation = z.object({
  /** the ladder in force */
  levels: z.array(escalationLevel),
  status: z.enum(['active', 'proposed']),
  /** a change one of the safety advisor and the producer asked for, waiting for the other */
  proposed: z
    .object({
      levels: z.array(escalationLevel),
      proposedBy: id,
      waitingFor: z.enum(['producer', 'safety_advisor', 'safety_advisor or producer']),
    })
    .nullable(),
});

export const escalationAnswer = z.object({ escalation }).describe('The escalation ladder');

export const escalationSet = z.object({ escalation, receipt }).describe('Proposed, or in force once the other of the safety advisor and the producer puts the same ladder');

export type Severity = z.infer<typeof severity>;
export type ConcernCategory = z.infer<typeof category>;
export type ConcernStatus = z.infer<typeof status>;
export type Concern = z.infer<typeof concern>;
export type ConcernMessage = z.infer<typeof concernMessage>;
export type ConcernEmail = z.infer<typeof concernEmail>;
export type ConcernThread = z.infer<typeof concernThread>;
export type ReportedConcern = z.infer<typeof concernReported>;
export type FollowUpCredentials = z.infer<typeof followUp>;
export type FollowedConcern = z.infer<typeof followedConcern>['concern'];
export type EscalationLevel = z.infer<typeof escalationLevel>;
export type Escalation = z.infer<typeof escalation>;
export type NewConcern = z.input<typeof reportBody>;
