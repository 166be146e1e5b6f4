import { translator } from '../i18n/catalogue.js';

/**
 * A safety rule's answer: allowed, or refused with the rule's id and a
 * sentence a person on set can act on. Refusals are values, never exceptions:
 * the use case records them in the ledger and commits.
 */
export type Decision = { allowed: true } | Refusal;

/**
 * A list inside a refusal's sentence (the duties the armorer also holds, the
 * parts a safety meeting lacks): catalogue keys, each said in the reader's
 * words, joined the way the reader's language joins them.
 */
export interface RefusalList {
  list: readonly string[];
  join: 'and' | 'comma' | 'slash';
}

/** What fills a refusal's sentence: data (dates, counts, codes, labels), never English words. */
export type RefusalValues = Readonly<Record<string, string | number | RefusalList>>;

export interface Refusal {
  allowed: false;
  /** the rule id from SAFETY_RULES.md (F6, S1) or PIN */
  rule: string;
  /** what happened and what to do, in the set's words: the English the ledger records */
  reason: string;
  /** the catalogue key of `reason`, so a reader sees it in their own language */
  key: string;
  /** what fills in the sentence at `key` */
  values?: RefusalValues;
}

/** Anything that looks up a catalogue key: i18next's `t` for one language. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A refusal's sentence in the language of `t`. Lists are said item by item in
 * that language first, so no English word slips into a Spanish sentence.
 */
export function refusalText(t: Translate, refusal: { key: string; values?: RefusalValues | undefined }): string {
  const values = Object.fromEntries(
    Object.entries(refusal.values ?? {}).map(([name, value]) => [name, typeof value === 'object' ? value.list.map((key) => t(key)).join(t(`rules.join.${value.join}`)) : value]),
  );
  return t(refusal.key, values);
}

export const allow: Decision = { allowed: true };

/**
 * A refusal of `rule`, worded by the catalogue at `key`. Its `reason` is the
 * English text, so the ledger and the API keep one language whoever asked.
 */
export function refuse(rule: string, key: string, values?: RefusalValues): Refusal {
  const reason = refusalText(translator('en') as unknown as Translate, { key, values });
  return values ? { allowed: false, rule, reason, key, values } : { allowed: false, rule, reason, key };
}

/** Every refusal among the decisions: a use case reports all the rules that refuse, not just the first. */
export function refusals(decisions: readonly Decision[]): Refusal[] {
  return decisions.filter((decision): decision is Refusal => !decision.allowed);
}
