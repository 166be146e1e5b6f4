// A safety refusal in the reader's language. The rules and the server word
// every refusal in English for the ledger, and name the catalogue sentence it
// came from; the app says that sentence in the language shown now.
import { refusalText, type RefusalValues, type Translate } from '../domain/refusal.js';
import { i18n, t } from './i18n.js';

export interface SaidRefusal {
  reason: string;
  key?: string | undefined;
  values?: RefusalValues | undefined;
}

/** The refusal's sentence in the language shown now; its English reason when it names no sentence this app knows. */
export function refusalWords(refusal: SaidRefusal): string {
  if (!refusal.key || !i18n.exists(refusal.key, { count: 1 })) return refusal.reason;
  return refusalText(t as unknown as Translate, { key: refusal.key, values: refusal.values });
}
