// What every module's schemas share: ids, text fields, the path of a
// production, PIN confirmations, times, and the ledger receipt every recorded
// write answers with (API.md, "Conventions"). Pure: the web app imports these types.
import { z } from 'zod';
import { ROLES } from '../domain/roles.js';

/** An opaque id as the API takes it: never empty, and short enough for every database to hold. */
export const id = z.string().min(1).max(64);

/** Text a person must write (a plan, a description): trimmed, never blank. */
export const requiredText = (max: number) => z.string().trim().min(1, 'is required').max(max);

/** A calendar day, YYYY-MM-DD. */
export const isoDate = z.iso.date('must be a date like 2026-11-22');

/** An instant as the server writes it (ISO 8601; UTC unless the client sent an offset). */
export const instant = z.iso.datetime({ offset: true });

export const role = z.enum(ROLES);

export const productionParams = z.object({
  /** the production's id */
  pid: id,
});

/** A PIN: 4 to 8 digits, typed on the armorer's tablet to confirm "I was shown this" in person. */
export const pin = z.string().regex(/^[0-9]{4,8}$/, 'must be 4 to 8 digits');

/** People confirming in person with their PIN; each person once, so no one's PIN is tried twice in one request. */
export const confirmations = z
  .array(
    z.object({
      /** the person confirming */
      userId: id,
      /** their PIN, checked once every other rule allows the act; never stored or recorded */
      pin,
    }),
  )
  .max(10)
  .refine((list) => new Set(list.map((c) => c.userId)).size === list.length, 'names a person twice');

/** What every recorded write answers with: where its ledger entry stands and the proof that it is in the signed log. */
export const receipt = z
  .object({
    /** the entry's leaf index in the production's log */
    index: z.number().int().min(0),
    /** the signed checkpoint of the log that holds the entry (signed-note text) */
    checkpoint: z.string(),
    /** the size of that log */
    treeSize: z.number().int().min(1),
    /** its RFC 9162 root hash, base64 */
    rootHash: z.string(),
    /** the entry's inclusion proof in it, base64 hashes from the leaf up (RFC 9162 section 2.1.3) */
    inclusionProof: z.array(z.string()),
  })
  .meta({ id: 'Receipt', description: 'The ledger receipt of a recorded write' });

/** One safety rule that refused, with a sentence a person on set can act on. */
export const refusal = z.object({
  /** the rule id from SAFETY_RULES.md (F6, S1), PIN or ROLES */
  rule: z.string(),
  /** what happened and what to do, in English */
  reason: z.string(),
  /** the catalogue key of `reason` (`rules.f6.onlyArmorer`), for saying it in the reader's language */
  key: z.string().optional(),
  /**
   * what fills in the sentence at `key`: dates, counts, codes and labels; a
   * list is catalogue keys, each said in the reader's words, joined as `join` says
   */
  values: z
    .record(z.string(), z.union([z.string(), z.number(), z.object({ list: z.array(z.string()), join: z.enum(['and', 'comma', 'slash']) })]))
    .optional(),
});

export type Role = z.infer<typeof role>;
export type Refusal = z.infer<typeof refusal>;
