// Productions and their people: creating a production, inviting and changing
// members, accepting an invitation, training on file (API.md, "Productions and people").
import { z } from 'zod';
import { ROLES } from '../domain/roles.js';
import { id, instant, isoDate, pin, productionParams, receipt, role } from './common.js';
import { email, locale, password, personName, user } from './identity.js';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const roles = z
  .array(role)
  .min(1, 'needs at least one role')
  .max(ROLES.length)
  .refine((list) => new Set(list).size === list.length, 'lists a role twice');
const department = z.string().trim().min(1).max(80).nullable();

export const memberParams = productionParams.extend({
  /** the member's user id */
  userId: id,
});

export const invitationParams = z.object({
  /** the code from the invitation link */
  code: z.string().min(1).max(200),
});

export const createProductionBody = z.object({
  /** the production's working title */
  name: z.string().trim().min(1, 'is required').max(200),
  /** IANA time zone of the shoot, e.g. America/Denver: call times and sun timing use it */
  timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as America/Denver'),
});

export const addMemberBody = z.object({
  /** where the invitation goes; an existing account with it is added as it is */
  email,
  /** the person's name until they choose their own on accepting */
  name: personName,
  /** what they do on this production; a deciding role waits for the second of producer and safety advisor */
  roles,
  /** their department, e.g. Camera */
  department: department.optional(),
  /** the language their emails take until they choose one; kept only for someone new to Setbook */
  locale: locale.optional(),
});

export const updateMemberBody = z
  .object({
    /** the member's roles from now on */
    roles: roles.optional(),
    /** their department; null clears it */
    department: department.optional(),
  })
  .refine((body) => body.roles !== undefined || body.department !== undefined, 'give roles or department');

export const acceptBody = z.object({
  /** the name the person goes by on set */
  name: personName,
  /** the password they choose */
  password,
  /** the PIN they will type to confirm in person */
  pin,
});

export const trainingBody = z.object({
  /** the member whose training this is */
  userId: id,
  /** the course: firearms safety is what F12 asks for */
  course: z.literal('firearms_safety'),
  /** the day the course was completed; not in the future */
  completedOn: isoDate.refine((day) => day <= new Date().toISOString().slice(0, 10), 'cannot be in the future'),
});

export const production = z.object({
  id,
  name: z.string(),
  /** IANA time zone of the shoot */
  timezone: z.string(),
  /** the set's public code (its QR code): stops and concerns without an account */
  setCode: z.string(),
});

/** Who must confirm a change of a deciding role: the other of the producer and the safety advisor. */
const waitingFor = z.enum(['producer', 'safety_advisor', 'safety_advisor or producer']);

/** A change of a member's deciding roles, waiting for its second confirmation. */
export const roleProposal = z.object({
  /** the roles asked for */
  roles: z.array(role),
  /** who asked */
  proposedBy: id,
  waitingFor,
});

export const member = z.object({
  userId: id,
  name: z.string(),
  email: z.string(),
  roles: z.array(role),
  department: z.string().nullable(),
  /** invited until the person accepts and chooses a password */
  status: z.enum(['active', 'invited']),
});

export const invitation = z.object({
  /** the code for the invitation link; shown once, only its hash is kept */
  code: z.string(),
  expiresAt: instant,
});

export const productionAnswer = z.object({ production }).describe('The production');

export const productionCreated = z.object({ production, receipt }).describe('Created; the creator is its producer');

export const memberAdded = z
  .object({
    /** the roles that started at once (a deciding role waits in `proposal`) */
    member: z.object({ userId: id, roles: z.array(role), department: z.string().nullable() }),
    /** null when the email already has an account */
    invitation: invitation.nullable(),
    /** the deciding roles waiting for their second confirmation, with their own receipt */
    proposal: roleProposal.extend({ receipt }).nullable(),
    receipt,
  })
  .describe('Added');

export const membersAnswer = z
  .object({
    members: z.array(
      member.extend({
        /** how the production reaches the person on set */
        phone: z.string().nullable(),
        /** whom to call if they are hurt: shown to them, and to the producer, UPM, 1st AD, safety advisor and medic */
        emergencyContact: z.string().nullable(),
        /** a change of deciding roles waiting for its second confirmation */
        proposal: roleProposal.nullable(),
      }),
    ),
  })
  .describe('The crew');

export const contactBody = z
  .object({
    /** a phone number the production can reach the person on; null clears it */
    phone: z.string().trim().min(1, 'is required; null clears it').max(40).nullable().optional(),
    /** a name and a number to call if the person is hurt; null clears it */
    emergencyContact: z.string().trim().min(1, 'is required; null clears it').max(200).nullable().optional(),
  })
  .refine((body) => body.phone !== undefined || body.emergencyContact !== undefined, 'give phone or emergencyContact');

export const contactSet = z
  .object({ contact: z.object({ userId: id, phone: z.string().nullable(), emergencyContact: z.string().nullable() }), receipt })
  .describe('Saved; the ledger records that it changed, never the numbers');

export const memberRemoved = z.object({ removed: z.object({ userId: id }), receipt }).describe('Removed: no more access, the history stays');

export const trainingsAnswer = z
  .object({
    trainings: z.array(z.object({ id, userId: id, name: z.string(), course: z.literal('firearms_safety'), completedOn: isoDate, recordedBy: id })),
  })
  .describe('Training on file, newest first');

export const invitationResent = z.object({ invitation, receipt }).describe('A new invitation link; the earlier ones stop working');

export const memberUpdated = z.object({ member, proposal: z.null(), receipt }).describe('Changed');

export const memberProposed = z
  .object({
    /** the member as they stand until the change is confirmed */
    member,
    proposal: roleProposal.extend({ receipt }),
    receipt,
  })
  .describe('A change of a deciding role, waiting for the second of the producer and the safety advisor');

export const invitationPreview = z
  .object({
    invitation: z.object({
      productionId: id,
      productionName: z.string(),
      /** the name the inviter gave */
      name: z.string(),
      email: z.string(),
      roles: z.array(role),
      expiresAt: instant,
    }),
  })
  .describe('What the invitation offers');

export const invitationAccepted = z
  .object({
    user,
    /** the session's bearer token (also set as an HttpOnly cookie) */
    token: z.string(),
    /** the production the invitation was for */
    productionId: id,
  })
  .describe('Accepted and signed in');

export const trainingRecorded = z
  .object({
    training: z.object({ id, userId: id, course: z.literal('firearms_safety'), completedOn: isoDate, recordedBy: id }),
    receipt,
  })
  .describe('On file');

export type Production = z.infer<typeof production>;
export type Member = z.infer<typeof member>;
export type Invitation = z.infer<typeof invitation>;
export type InvitationPreview = z.infer<typeof invitationPreview>['invitation'];
