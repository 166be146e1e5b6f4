// The armory (API.md, "Armory"): the inventory, custody events along the
// state machine stored -> with_armorer -> with_performer -> with_armorer ->
// stored, live rounds found, incidents and their hold (F11), wrap (F9), and
// the armorer's requests for training or time (F12).
import { z } from 'zod';
import { AMMUNITION_KINDS, FIREARM_KINDS } from '../domain/armory/model.js';
import { confirmations, id, instant, productionParams, receipt, refusal, requiredText } from './common.js';

export const firearmParams = productionParams.extend({
  /** the firearm's id */
  fid: id,
});

export const incidentParams = productionParams.extend({
  /** the incident's id */
  iid: id,
});

export const requestParams = productionParams.extend({
  /** the armorer's request's id */
  rid: id,
});

const load = z.enum(['empty', 'dummy', 'blank']);

/** Rounds of each lot, as loaded, fired or counted. */
const rounds = z
  .array(
    z.object({
      /** the ammunition lot */
      lotId: id,
      /** how many of its rounds */
      count: z.number().int().min(0).max(1000),
    }),
  )
  .max(20);

/** the firearm version the device last saw: a stale one is a 409, never a second state */
const version = z.number().int().min(1).optional();

const note = z.string().trim().max(2000).optional();

export const firearmBody = z.object({
  /** the serial number stamped on the frame */
  serial: requiredText(100),
  /** e.g. Colt */
  make: requiredText(100),
  /** e.g. Single Action Army */
  model: requiredText(100),
  /** what kind of prop firearm it is */
  kind: z.enum(FIREARM_KINDS),
});

export const lotBody = z.object({
  /** the lot's label on the box */
  lot: requiredText(100),
  /** `live` is named so that its refusal is recorded (F4) */
  kind: z.enum([...AMMUNITION_KINDS, 'live']),
  /** e.g. .45 Colt */
  caliber: requiredText(50),
  /** rounds in the lot */
  quantity: z.number().int().min(1).max(100_000),
  /** a blank's load, e.g. quarter */
  load: z.string().trim().max(100).nullable().optional(),
  /** how each dummy round was checked to be inert (F4) */
  verification: z.object({ method: requiredText(500) }).optional(),
});

/** One custody step; `type` names it, and the body carries what that step needs. */
export const firearmEventBody = z.discriminatedUnion('type', [
  z.object({
    /** storage -> the armorer, for a day with the armorer rostered (F1) */
    type: z.literal('check_out'),
    /** the day it is worked */
    shootDayId: id,
    version,
  }),
  z.object({
    /** what is in the firearm now: hot or cold follows from it (F8) */
    type: z.literal('inspect'),
    /** empty, dummies or blanks */
    load,
    /** the rounds in it, by lot */
    rounds,
    /** the barrel was checked clear */
    barrelClear: z.boolean(),
    version,
  }),
  z.object({
    /** the armorer -> a performer, shown to them and the 1st AD (F2, F5, F6, F7, F10, F11, F12, S1) */
    type: z.literal('hand_off'),
    /** the performer receiving it */
    toUserId: id,
    /** the day it is worked */
    shootDayId: id,
    /** the scene it is for */
    sceneId: id,
    /** the performer's and the 1st AD's PINs */
    confirmations,
    version,
  }),
  z.object({
    /** the performer -> the armorer; it must be inspected again */
    type: z.literal('return'),
    /** the performer giving it back */
    fromUserId: id,
    /** the performer's PIN */
    confirmations,
    version,
  }),
  z.object({
    /** rounds fired; unintended opens the F11 incident, holds the armory and stops work */
    type: z.literal('discharge'),
    /** it was meant to fire */
    intended: z.boolean(),
    /** the rounds fired, by lot */
    rounds,
    /** the scene it happened in */
    sceneId: id.optional(),
    /** what happened, in a few words */
    note,
    version,
  }),
  z.object({
    /** a round that did not go off may still: held as after a discharge (F11) */
    type: z.literal('misfire'),
    /** what happened, in a few words */
    note,
    /** the scene it happened in */
    sceneId: id.optional(),
    version,
  }),
  z.object({
    /** the armorer -> storage, inspected and empty */
    type: z.literal('check_in'),
    version,
  }),
]);

export const liveRoundBody = z.object({
  /** what was found and how it was recognised as live */
  description: requiredText(2000),
  /** where on set */
  location: z.string().trim().max(200).optional(),
  /** the firearm it was in or near, when there is one */
  firearmId: id.optional(),
});

export const wrapBody = z.object({
  /** the day that wraps */
  shootDayId: id,
});

export const correctiveBody = z.object({
  /** what changes so that it does not happen again */
  action: requiredText(4000),
  /** the safety advisor's own PIN */
  confirmations: confirmations.refine((list) => list.length >= 1, "needs the safety advisor's PIN"),
});

export const requestBody = z.object({
  /** more training, or more time to do the job safely */
  kind: z.enum(['training', 'time']),
  /** what is needed and why */
  description: requiredText(4000),
});

export const decisionBody = z.object({
  /** the producer's or UPM's answer */
  decision: z.enum(['granted', 'denied']),
  /** required to deny (F12); sent to the safety advisor */
  reason: z.string().trim().max(4000).nullable().optional(),
});

export const roundCount = z.object({ lotId: id, count: z.number().int().min(0) });

export const inspection = z.object({
  at: instant,
  /** the armorer who inspected */
  byUserId: id,
  load,
  rounds: z.array(roundCount),
  barrelClear: z.boolean(),
});

/** A firearm as every answer shows it; `status` comes from the last inspection (F8), never from anyone's word. */
export const firearm = z
  .object({
    id,
    serial: z.string(),
    make: z.string(),
    model: z.string(),
    kind: z.enum(FIREARM_KINDS),
    state: z.enum(['stored', 'with_armorer', 'with_performer']),
    /** hot: blanks loaded */
    status: z.enum(['cold', 'hot']),
    /** who holds it; null in storage */
    holderId: id.nullable(),
    /** the day it was last checked out for */
    shootDayId: id.nullable(),
    /** the scene it is out for */
    sceneId: id.nullable(),
    lastInspection: inspection.nullable(),
    /** the rounds in it now */
    loaded: z.array(roundCount),
    lastCustodyChangeAt: instant,
    /** sent back with every custody event: a stale one is a 409, never a second state */
    version: z.number().int().min(1),
  })
  .meta({ id: 'Firearm' });

export const lot = z
  .object({
    id,
    lot: z.string(),
    kind: z.enum(AMMUNITION_KINDS),
    caliber: z.string(),
    quantity: z.number().int(),
    load: z.string().nullable(),
    /** how the dummies were checked inert, and by whom (F4) */
    verification: z.object({ method: z.string(), byUserId: id }).nullable(),
    /** rounds fired since the lot came in */
    fired: z.number().int(),
    /** rounds loaded in firearms now */
    inFirearms: z.number().int(),
    /** rounds left in the box: the quantity, less what was fired and what is loaded */
    inBox: z.number().int(),
  })
  .meta({ id: 'AmmunitionLot' });

/** The production's firearm hold after an incident (F11). */
export const armoryHold = z.object({
  incidentId: id,
  since: instant,
  kind: z.enum(['unintended_discharge', 'misfire', 'live_round']),
  /** the firearm it happened with, if any */
  firearmId: id.nullable(),
  /** F11: the safety advisor's corrective action, once recorded */
  correctiveAction: z.object({ action: z.string(), by: id, at: instant }).nullable(),
  /** F11: whether a safety meeting has been recorded since the incident (the second half of the lift) */
  meetingSince: z.boolean(),
});

export const custodyStep = z.enum(['check_out', 'inspect', 'hand_off', 'return', 'discharge', 'misfire', 'check_in']);

export const firearmEvent = z.object({
  id,
  type: custodyStep,
  /** who did it */
  actorId: id,
  at: instant,
  /** the step's ids and choices, as its ledger entry records them */
  data: z.record(z.string(), z.unknown()),
  /** its entry in the production's log */
  ledgerIndex: z.number().int().min(0),
});

export const incident = z.object({
  id,
  kind: z.enum(['unintended_discharge', 'misfire', 'live_round']),
  firearmId: id.nullable(),
  openedAt: instant,
  correctiveAction: z.string().nullable(),
  /** set once the corrective action and a new safety meeting lift the hold */
  closedAt: instant.nullable(),
});

export const armorerRequest = z.object({
  id,
  kind: z.enum(['training', 'time']),
  description: z.string(),
  requestedBy: id,
  requestedAt: instant,
  status: z.enum(['open', 'granted', 'denied']),
  decidedBy: id.nullable(),
  decidedAt: instant.nullable(),
  /** why it was denied */
  reason: z.string().nullable(),
});

export const firearmAdded = z.object({ firearm, receipt }).describe('In the inventory, stored and cold');

export const lotAdded = z.object({ lot, receipt }).describe('In the inventory');

export const firearmStepped = z.object({ event: firearmEvent, firearm, receipt }).describe('Recorded; the firearm as it is now');

export const firearmHistory = z.object({ firearm, history: z.array(firearmEvent) }).describe('The firearm and every custody event');

export const armoryBoard = z
  .object({
    firearms: z.array(firearm),
    lots: z.array(lot),
    /** F9: firearms out of storage with no active scene for too long */
    alerts: z.array(z.object({ rule: z.literal('F9'), firearmId: id, message: z.string() })),
    hold: armoryHold.nullable(),
  })
  .describe('The armory board');

export const incidentAnswer = z.object({ incident, receipt }).describe('Recorded');

export const wrapped = z.object({ ok: z.literal(true), receipt }).describe('The day wraps: every firearm stored, every round accounted for (F9)');

export const wrapRefused = z
  .object({
    type: z.literal('about:blank'),
    status: z.literal(409),
    title: z.string(),
    /** every violation in one sentence */
    detail: z.string(),
    ok: z.literal(false),
    /** what keeps the day from wrapping */
    violations: z.array(refusal),
    /** the receipt of the `wrap.refused` entry */
    receipt,
  })
  .describe('The day cannot wrap yet (F9): a problem document listing the violations');

export const requestAnswer = z.object({ request: armorerRequest, receipt }).describe('Recorded');

export const requestsAnswer = z.object({ requests: z.array(armorerRequest) }).describe("The armorer's requests");

export type Load = z.infer<typeof load>;
export type RoundCount = z.infer<typeof roundCount>;
export type Firearm = z.infer<typeof firearm>;
export type AmmunitionLot = z.infer<typeof lot>;
export type ArmoryBoard = z.infer<typeof armoryBoard>;
export type FirearmEvent = z.infer<typeof firearmEvent>;
export type WrapRefusal = z.infer<typeof wrapRefused>;
export type FirearmEventBody = z.input<typeof firearmEventBody>;
export type NewFirearm = z.input<typeof firearmBody>;
export type NewLot = z.input<typeof lotBody>;
