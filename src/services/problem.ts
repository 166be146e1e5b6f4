import type { RefusalValues } from '../domain/refusal.js';

/** A field that failed validation, named by its JSON path (`roles.1`, `email`). */
export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details, as the API returns them. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  /** the safety rule behind a 422 refusal (F6, S1, PIN) */
  rule?: string;
  errors?: FieldError[];
  /** seconds, for 429 and lockouts */
  retryAfter?: number;
}

/**
 * Thrown by a service when the caller cannot have what they asked (not found,
 * not allowed, conflict). It aborts the transaction: nothing is half-written.
 */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export const notFound = (what = 'Not found') => new ProblemError({ status: 404, title: what });
export const forbidden = (detail: string) => new ProblemError({ status: 403, title: 'Not allowed', detail });
export const conflict = (detail: string) => new ProblemError({ status: 409, title: 'Conflict', detail });
export const invalid = (errors: FieldError[]) =>
  new ProblemError({ status: 400, title: 'Invalid request', detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });

/** One refusal as the API sends it: `reason` in English, `key` and `values` for the reader's own language. */
export interface RefusalWords {
  rule: string;
  reason: string;
  key?: string;
  values?: RefusalValues;
}

/**
 * A use case's answer when a safety rule refused: recorded in the ledger and
 * committed, then sent as a 422 problem naming every rule that refused.
 */
export interface Refused {
  refused: RefusalWords[];
  receipt: unknown;
}

export function isRefused(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && Array.isArray((value as { refused?: unknown }).refused);
}

export function refusedProblem(value: Refused) {
  const [first] = value.refused;
  return {
    type: 'about:blank',
    title: 'Refused by a safety rule',
    status: 422,
    detail: value.refused.map((r) => `${r.rule}: ${r.reason}`).join(' '),
    rule: first?.rule,
    refusals: value.refused,
    receipt: value.receipt,
  };
}
