// Every error the API answers is an RFC 9457 problem document
// (application/problem+json); a safety refusal (422) also names every rule
// that refused and carries the receipt of its ledger entry.
import { z } from 'zod';
import { receipt, refusal } from './common.js';

/** A field that failed validation, named by its path (`roles.1`, `query.from`). */
export const fieldError = z.object({
  /** the field, dot-separated from the body (`query.` or `params.` outside it) */
  path: z.string(),
  /** what is wrong, worded to follow the field's name ("must be 4 to 8 digits") */
  message: z.string(),
});

export const problem = z
  .object({
    /** always `about:blank`: the status and title say what kind of problem it is */
    type: z.string(),
    /** a short summary, the same for every problem of its kind */
    title: z.string(),
    /** the HTTP status, repeated */
    status: z.number().int(),
    /** what happened this time, in words a person can act on */
    detail: z.string().optional(),
    /** the safety rule behind the refusal (F6, S1, PIN), or IDEMPOTENCY for a reused key */
    rule: z.string().optional(),
    /** on a 400, every invalid field */
    errors: z.array(fieldError).optional(),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document' });

/** A 422: refused by a safety rule (recorded, with its receipt), or an Idempotency-Key reused for another request. */
export const refusalProblem = problem
  .extend({
    /** every rule that refused, not only the first */
    refusals: z.array(refusal).optional(),
    /** the receipt of the `<command>.refused` ledger entry that recorded the attempt */
    receipt: receipt.optional(),
  })
  .meta({ id: 'RefusalProblem', description: 'An RFC 9457 problem document naming every safety rule that refused' });

export type RefusalProblem = z.infer<typeof refusalProblem>;
